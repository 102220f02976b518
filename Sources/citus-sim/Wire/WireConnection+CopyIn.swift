// COPY FROM STDIN over the wire: when the engine is about to read the
// client's data the server sends CopyInResponse, then hands the engine
// one line at a time out of the CopyData messages, until CopyDone. A
// CopyFail fails the COPY with the client's message; whatever the client
// still sends after the engine stopped reading (data after `\.`) is read
// and dropped up to CopyDone before the COPY's result goes out.

import Engine

/// The state of one COPY FROM STDIN on the wire.
final class CopyInStream {
    /// CopyInResponse went out.
    var started = false
    /// CopyDone or CopyFail arrived (or the connection is gone).
    var finished = false
    /// The connection is unusable: the client left, or sent a message
    /// that has no place in COPY.
    var lost = false
    /// Bytes received but not yet handed out as a line.
    var pending: [UInt8] = []
    /// Where the next line starts in `pending`.
    var start = 0
}

extension WireConnection {
    /// Prepares `session` to read COPY data from this connection.
    func beginCopyIn(_ session: Session) -> CopyInStream {
        let copy = CopyInStream()
        session.copyInStarted = { [unowned self] columns in
            copy.started = true
            out.message(UInt8(ascii: "G")) { m in
                m.int8(0)
                m.int16(Int16(truncatingIfNeeded: columns))
                for _ in 0..<columns { m.int16(0) }
            }
            flush()
        }
        session.copyInReader = { [unowned self, unowned session] in
            nextCopyLine(copy, session)
        }
        return copy
    }

    /// Detaches the COPY hooks after a query.
    func endCopyIn(_ session: Session) {
        session.copyInStarted = nil
        session.copyInReader = nil
        session.copyInFailure = nil
    }

    /// Reads and drops the client's COPY messages up to CopyDone or
    /// CopyFail, once the engine stopped reading.
    func finishCopyIn(_ copy: CopyInStream) {
        guard copy.started else { return }
        while !copy.finished { _ = receiveCopyMessage(copy, session: nil) }
        copy.started = false
        copy.pending.removeAll()
        copy.start = 0
    }

    /// The next line of COPY data without its newline; nil at the end.
    private func nextCopyLine(_ copy: CopyInStream, _ session: Session) -> String? {
        guard copy.started else { return nil }
        while true {
            if let newline = copy.pending[copy.start...].firstIndex(of: 10) {
                let line = String(decoding: copy.pending[copy.start..<newline], as: UTF8.self)
                copy.start = newline + 1
                if copy.start > 65536 {
                    copy.pending.removeSubrange(..<copy.start)
                    copy.start = 0
                }
                return line
            }
            if copy.finished {
                guard copy.start < copy.pending.count else { return nil }
                let line = String(decoding: copy.pending[copy.start...], as: UTF8.self)
                copy.start = copy.pending.count
                return line
            }
            _ = receiveCopyMessage(copy, session: session)
        }
    }

    /// Reads one message of the COPY sub-protocol into `copy`.
    private func receiveCopyMessage(_ copy: CopyInStream, session: Session?) -> Bool {
        let message: (type: UInt8, body: [UInt8])?
        do {
            message = try readMessage()
        } catch {
            message = nil
        }
        guard let (type, body) = message else {
            copy.finished = true
            copy.lost = true
            return false
        }
        switch type {
        case UInt8(ascii: "d"):
            copy.pending.append(contentsOf: body)
        case UInt8(ascii: "c"):
            copy.finished = true
        case UInt8(ascii: "f"):
            copy.finished = true
            copy.pending.removeAll()
            copy.start = 0
            var reader = MessageReader(body)
            session?.copyInFailure = (try? reader.cString()) ?? ""
        case UInt8(ascii: "H"), UInt8(ascii: "S"):
            // Flush and Sync mean nothing during COPY.
            break
        default:
            let hex = String(type, radix: 16, uppercase: true)
            let code = hex.count == 1 ? "0" + hex : hex
            sendError(
                SQLError(
                    "08P01", "unexpected message type 0x\(code) during COPY from stdin",
                    severity: .fatal))
            flush()
            copy.finished = true
            copy.lost = true
        }
        return true
    }
}
