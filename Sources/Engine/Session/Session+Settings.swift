// Parameters a client sends when it connects (the startup packet's
// options, such as psql's application_name): they become the session's
// reset values, which RESET and RESET ALL return to.

extension Session {
    /// Sets `name` as a connection option does; throws PostgreSQL's error
    /// for an unknown parameter or an invalid value.
    public func setStartupParameter(_ name: String, _ value: String) throws {
        try settings.setStartup(name, value)
    }
}

extension Session {
    /// The parameters PostgreSQL 15 marks GUC_REPORT, with their current
    /// values, in the order a server reports them at startup (sorted by
    /// name, ignoring case): a wire server sends them as ParameterStatus
    /// after authentication and again whenever one changes.
    public var reportedParameters: [(name: String, value: String)] {
        Session.reportedParameterNames.map { name in
            switch name {
            case "in_hot_standby": return (name, "off")
            case "session_authorization": return (name, user)
            default: return (name, settings.value(name) ?? "")
            }
        }
    }

    /// Measured on PostgreSQL 15.18: the ParameterStatus messages after
    /// AuthenticationOk.
    private static let reportedParameterNames: [String] = [
        "application_name", "client_encoding", "DateStyle", "default_transaction_read_only",
        "in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser",
        "server_encoding", "server_version", "session_authorization",
        "standard_conforming_strings", "TimeZone",
    ]
}
