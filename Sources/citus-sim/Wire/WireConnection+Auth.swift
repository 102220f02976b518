// Authentication after the startup packet, as pg_hba.conf's methods run
// it: trust when the server has no password; otherwise cleartext
// (AuthenticationCleartextPassword), md5 (AuthenticationMD5Password with
// a salt) or SCRAM-SHA-256 (RFC 5802 and 7677, without channel binding:
// AuthenticationSASL, SASLContinue with the server's nonce, salt and
// iterations, SASLFinal with the server's signature). Every role shares
// the one password, so a failure never tells whether the role exists.

import Engine
import Foundation

/// The SCRAM verifier of the server's password (what pg_authid keeps).
struct ScramVerifier {
    var salt: [UInt8]
    var iterations: Int
    var storedKey: [UInt8]
    var serverKey: [UInt8]

    /// The verifier of `password` with a fresh salt.
    init(password: String, iterations: Int = 4096) {
        salt = (0..<16).map { _ in UInt8.random(in: 0...255) }
        self.iterations = iterations
        // TODO(#7): SASLprep of the password (PostgreSQL normalises
        // non-ASCII passwords first).
        let salted = SHA256.pbkdf2(
            password: Array(password.utf8), salt: salt, iterations: iterations, length: 32)
        storedKey = SHA256.hash(SHA256.hmac(key: salted, Array("Client Key".utf8)))
        serverKey = SHA256.hmac(key: salted, Array("Server Key".utf8))
    }
}

extension WireConnection {
    /// Authenticates `user`; false when the connection must end (an error
    /// was sent, or the client left, as psql does to ask for a password).
    func authenticate(user: String) -> Bool {
        guard let password = server.options.password else { return true }
        let accepted: Bool?
        switch server.options.authMethod {
        case .password:
            out.message(UInt8(ascii: "R")) { $0.int32(3) }
            flush()
            accepted = passwordResponse().map { answer in
                var reader = MessageReader(answer)
                return (try? reader.cString()) == password
            }
        case .md5:
            let salt = (0..<4).map { _ in UInt8.random(in: 0...255) }
            out.message(UInt8(ascii: "R")) {
                $0.int32(5)
                $0.append(salt)
            }
            flush()
            let inner = MD5.hex(Array((password + user).utf8))
            let expected = "md5" + MD5.hex(Array(inner.utf8) + salt)
            accepted = passwordResponse().map { answer in
                var reader = MessageReader(answer)
                return (try? reader.cString()) == expected
            }
        case .scram:
            accepted = scram()
        }
        guard let accepted else { return false }
        guard accepted else {
            sendError(fatal("28P01", "password authentication failed for user \"\(user)\""))
            flush()
            return false
        }
        return true
    }

    /// The body of the client's PasswordMessage; nil (after a FATAL error
    /// for anything else) when none came.
    private func passwordResponse() -> [UInt8]? {
        guard let message = try? readMessage() else { return nil }
        guard message.type == UInt8(ascii: "p") else {
            sendError(
                fatal("08P01", "expected password response, got message type \(message.type)"))
            flush()
            return nil
        }
        return message.body
    }

    /// The SCRAM-SHA-256 exchange; nil when it broke off.
    private func scram() -> Bool? {
        guard let verifier = server.scramVerifier else { return false }
        out.message(UInt8(ascii: "R")) {
            $0.int32(10)
            $0.cString("SCRAM-SHA-256")
            $0.int8(0)
        }
        flush()
        guard let initial = passwordResponse() else { return nil }
        var reader = MessageReader(initial)
        guard let mechanism = try? reader.cString(), mechanism == "SCRAM-SHA-256" else {
            return malformed("client selected an invalid SASL authentication mechanism")
        }
        guard let length = try? reader.int32(), length >= 0,
            let data = try? reader.bytes(Int(length))
        else { return malformed("malformed SCRAM message") }
        let clientFirst = String(decoding: data, as: UTF8.self)

        // gs2-header ("n,," without channel binding), then the bare part.
        let parts = clientFirst.split(
            separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "n" || parts[0] == "y",
            let nonce = Self.attribute("r", in: String(parts[2]))
        else { return malformed("malformed SCRAM message") }
        let header = "\(parts[0]),\(parts[1]),"
        let bare = String(parts[2])
        let serverNonce =
            nonce
            + Data((0..<18).map { _ in UInt8.random(in: 0...255) })
            .base64EncodedString()
        let serverFirst =
            "r=\(serverNonce),s=\(Data(verifier.salt).base64EncodedString()),"
            + "i=\(verifier.iterations)"
        out.message(UInt8(ascii: "R")) {
            $0.int32(11)
            $0.append(serverFirst.utf8)
        }
        flush()

        guard let final = passwordResponse() else { return nil }
        let clientFinal = String(decoding: final, as: UTF8.self)
        guard let proofRange = clientFinal.range(of: ",p="),
            Self.attribute("c", in: clientFinal) == Data(header.utf8).base64EncodedString(),
            Self.attribute("r", in: clientFinal) == serverNonce,
            let proof = Data(base64Encoded: String(clientFinal[proofRange.upperBound...])),
            proof.count == 32
        else { return malformed("malformed SCRAM message") }
        let withoutProof = String(clientFinal[..<proofRange.lowerBound])
        let authMessage = Array("\(bare),\(serverFirst),\(withoutProof)".utf8)
        let signature = SHA256.hmac(key: verifier.storedKey, authMessage)
        let clientKey = zip(proof, signature).map { $0 ^ $1 }
        guard SHA256.hash(clientKey) == verifier.storedKey else { return false }
        let serverSignature = SHA256.hmac(key: verifier.serverKey, authMessage)
        out.message(UInt8(ascii: "R")) {
            $0.int32(12)
            $0.append("v=\(Data(serverSignature).base64EncodedString())".utf8)
        }
        return true
    }

    /// The value of attribute `name` (`r=...`) in a SCRAM message.
    private static func attribute(_ name: Character, in message: String) -> String? {
        for item in message.split(separator: ",") where item.first == name {
            let value = item.dropFirst()
            guard value.first == "=" else { return nil }
            return String(value.dropFirst())
        }
        return nil
    }

    /// A FATAL protocol violation during SCRAM.
    private func malformed(_ message: String) -> Bool? {
        sendError(fatal("08P01", message))
        flush()
        return nil
    }
}
