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
