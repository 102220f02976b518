// The extended query protocol: Parse, Bind, Describe, Execute, Close,
// Sync and Flush over named and unnamed statements and portals.

import Engine

/// The session's prepared statements and portals on the wire.
struct ExtendedState {
}

extension WireConnection {
    /// Handles a message of the extended protocol; false to end.
    func extendedMessage(_ type: UInt8, _ body: [UInt8], _ session: Session) throws -> Bool {
        throw ProtocolViolation(message: "invalid frontend message type \(type)")
    }
}
