// The digests behind the server's password authentication against their
// published test vectors: SHA-256 (FIPS 180-4 examples, RFC 6234),
// HMAC-SHA-256 (RFC 4231), PBKDF2-HMAC-SHA-256 (RFC 7914 section 11) and
// MD5 (RFC 1321).

import Testing

@testable import citus_sim

@Suite("Wire crypto")
struct WireCryptoTests {
    private func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.filter { !$0.isWhitespace })
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(digits[$0...$0 + 1]), radix: 16) ?? 0
        }
    }

    @Test func sha256() {
        #expect(
            hexString(SHA256.hash(""))
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            hexString(SHA256.hash("abc"))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            hexString(SHA256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            hexString(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hmacSHA256() {
        let cases: [([UInt8], String, String)] = [
            (
                [UInt8](repeating: 0x0b, count: 20), "Hi There",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
            ),
            (
                Array("Jefe".utf8), "what do ya want for nothing?",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            ),
            (
                [UInt8](repeating: 0xaa, count: 131),
                "Test Using Larger Than Block-Size Key - Hash Key First",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
            ),
        ]
        for (key, message, digest) in cases {
            #expect(hexString(SHA256.hmac(key: key, Array(message.utf8))) == digest)
        }
    }

    @Test func pbkdf2() {
        let first = SHA256.pbkdf2(
            password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, length: 64)
        #expect(
            first
                == bytes(
                    """
                    55 ac 04 6e 56 e3 08 9f ec 16 91 c2 25 44 b6 05 f9 41 85 21 6d de 04 65
                    e6 8b 9d 57 c2 0d ac bc 49 ca 9c cc f1 79 b6 45 99 16 64 b3 9d 77 ef 31
                    7c 71 b8 45 b1 e3 0b d5 09 11 20 41 d3 a1 97 83
                    """))
        // RFC 7914's second vector (80000 iterations) takes seconds in a
        // debug build; libpq's own SCRAM (4096 iterations) checks the
        // long run end to end in WireAuthTests.
    }

    @Test func md5() {
        #expect(MD5.hex([]) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(MD5.hex(Array("abc".utf8)) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(MD5.hex(Array("message digest".utf8)) == "f96b697d7cb7938d525a2f31aaf161d0")
        let long =
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890"
        #expect(MD5.hex(Array(long.utf8)) == "57edf4a22be3c955ac49da2e2107b67a")
    }
}
