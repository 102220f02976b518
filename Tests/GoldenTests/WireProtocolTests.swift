// Protocol details psql does not print, checked byte by byte against what
// a PostgreSQL 15.18 server sent for the same messages (measured with a
// raw client): the startup sequence, RowDescription's type fields, the
// fields of ErrorResponse, EmptyQueryResponse and ReadyForQuery's status.

import Foundation
import Testing

@Suite("Wire protocol")
struct WireProtocolTests {
    /// Startup: AuthenticationOk, the thirteen ParameterStatus messages in
    /// PostgreSQL's order, BackendKeyData with the session's pid, 'I'.
    @Test func startupSequence() throws {
        let harness = try WireHarness()
        let client = try WireClient(port: harness.port)
        client.startup(["application_name", "psql"])
        let messages = client.untilReady()
        #expect(messages.first?.type == "R" && messages.first?.body == [0, 0, 0, 0])
        let parameters = messages.filter { $0.type == "S" }.map { $0.strings }
        let measured: [[String]] = [
            ["application_name", "psql"], ["client_encoding", "UTF8"],
            ["DateStyle", "ISO, MDY"], ["default_transaction_read_only", "off"],
            ["in_hot_standby", "off"], ["integer_datetimes", "on"],
            ["IntervalStyle", "postgres"], ["is_superuser", "on"],
            ["server_encoding", "UTF8"], ["server_version", "15.18 (Debian 15.18-0+deb12u1)"],
            ["session_authorization", "postgres"], ["standard_conforming_strings", "on"],
            ["TimeZone", "UTC"],
        ]
        #expect(parameters == measured)
        let key = try #require(messages.first { $0.type == "K" })
        #expect(key.body.count == 8)
        let pid = WireClient.integer(key.body, 0, 4)
        #expect(messages.last?.type == "Z" && messages.last?.body == [UInt8(ascii: "I")])
        let backend = client.query("SELECT pg_backend_pid()")
        let row = try #require(backend.first { $0.type == "D" })
        #expect(String(decoding: row.body[6...], as: UTF8.self) == String(pid))
    }

    /// SSLRequest and GSSENCRequest are answered 'N' and the startup goes
    /// on in the clear.
    @Test func encryptionRequestsRefused() throws {
        let harness = try WireHarness()
        let client = try WireClient(port: harness.port)
        client.send(WireClient.int32(8) + WireClient.int32(80_877_103))
        #expect(client.read(1) == [UInt8(ascii: "N")])
        client.send(WireClient.int32(8) + WireClient.int32(80_877_104))
        #expect(client.read(1) == [UInt8(ascii: "N")])
        client.startup()
        #expect(client.untilReady().last?.type == "Z")
    }

    /// RowDescription as PostgreSQL 15 sent it for
    /// `select 1::int2 a, 2::numeric(10,2) b, 'x'::varchar(5) c, '{}'::int4[] e`.
    @Test func rowDescriptionTypes() throws {
        let harness = try WireHarness()
        let client = try WireClient(port: harness.port)
        client.startup()
        _ = client.untilReady()
        let messages = client.query(
            "select 1::int2 a, 2::numeric(10,2) b, 'x'::varchar(5) c, '{}'::int4[] e")
        let description = try #require(messages.first { $0.type == "T" })
        let measured: [UInt8] =
            [0, 4]
            + Array("a".utf8) + [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 21, 0, 2, 255, 255, 255, 255, 0, 0]
            + Array("b".utf8) + [0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 164, 255, 255, 0, 10, 0, 6, 0, 0]
            + Array("c".utf8) + [0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 19, 255, 255, 0, 0, 0, 9, 0, 0]
            + Array("e".utf8) + [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 239, 255, 255, 255, 255, 255, 255]
            + [0, 0]
        #expect(description.body == measured)
        let row = try #require(messages.first { $0.type == "D" })
        let text: [UInt8] =
            [0, 4, 0, 0, 0, 1] + Array("1".utf8) + [0, 0, 0, 4] + Array("2.00".utf8)
            + [0, 0, 0, 1] + Array("x".utf8) + [0, 0, 0, 2] + Array("{}".utf8)
        #expect(row.body == text)
        #expect(messages.first { $0.type == "C" }?.strings == ["SELECT 1"])
    }

    /// ErrorResponse carries severity (S and V), SQLSTATE, message and
    /// position; a notice carries detail and hint.
    @Test func errorAndNoticeFields() throws {
        let harness = try WireHarness()
        let client = try WireClient(port: harness.port)
        client.startup()
        _ = client.untilReady()
        let syntax = client.query("selec 1")
        let error = try #require(syntax.first { $0.type == "E" })
        #expect(error.fields["S"] == "ERROR" && error.fields["V"] == "ERROR")
        #expect(error.fields["C"] == "42601")
        #expect(error.fields["M"] == "syntax error at or near \"selec\"")
        #expect(error.fields["P"] == "1")
        let raised = client.query(
            "do $$begin raise notice 'hi' using detail = 'd', hint = 'h'; end$$")
        let notice = try #require(raised.first { $0.type == "N" })
        #expect(notice.fields["S"] == "NOTICE" && notice.fields["C"] == "00000")
        #expect(notice.fields["M"] == "hi" && notice.fields["D"] == "d")
        #expect(notice.fields["H"] == "h")
        #expect(raised.map(\.type) == ["N", "C", "Z"])
    }

    /// EmptyQueryResponse for a string without statements, and the
    /// transaction status after BEGIN, an error in the block and ROLLBACK.
    @Test func emptyQueryAndTransactionStatus() throws {
        let harness = try WireHarness()
        let client = try WireClient(port: harness.port)
        client.startup()
        _ = client.untilReady()
        #expect(client.query("").map(\.type) == ["I", "Z"])
        #expect(client.query(" ; ").map(\.type) == ["I", "Z"])
        #expect(client.query("begin").last?.body == [UInt8(ascii: "T")])
        #expect(client.query("select 1/0").last?.body == [UInt8(ascii: "E")])
        #expect(client.query("rollback").last?.body == [UInt8(ascii: "I")])
    }

    /// A changed reported setting is sent once, after the statements and
    /// before ReadyForQuery, as PostgreSQL sends it.
    @Test func parameterStatusOnChange() throws {
        let harness = try WireHarness()
        let client = try WireClient(port: harness.port)
        client.startup()
        _ = client.untilReady()
        let messages = client.query("set datestyle = 'iso, dmy'; set application_name = x")
        #expect(messages.map(\.type) == ["C", "C", "S", "S", "Z"])
        let reported = messages.filter { $0.type == "S" }.map(\.strings)
        #expect(reported == [["application_name", "x"], ["DateStyle", "ISO, DMY"]])
    }

    /// A startup packet without a user, and a protocol 2.0 one, get
    /// PostgreSQL's FATAL errors.
    @Test func badStartupPackets() throws {
        let harness = try WireHarness()
        let client = try WireClient(port: harness.port)
        client.send(WireClient.int32(9) + WireClient.int32(196_608) + [0])
        let error = try #require(client.receive())
        #expect(error.fields["S"] == "FATAL" && error.fields["C"] == "28000")
        #expect(error.fields["M"] == "no PostgreSQL user name specified in startup packet")
        let old = try WireClient(port: harness.port)
        old.send(WireClient.int32(9) + WireClient.int32(131_072) + [0])
        let text = "EFATAL:  unsupported frontend protocol 2.0: server supports 3.0 to 3.0\n"
        #expect(old.read(text.utf8.count + 1) == Array(text.utf8) + [0])
    }
}
