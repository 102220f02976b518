// Authentication after the startup packet: trust when the server has no
// password.

extension WireConnection {
    /// Authenticates `user`; false when the connection must end.
    func authenticate(user: String) -> Bool {
        true
    }
}
