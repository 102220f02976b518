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

/// The extended protocol message by message, as PostgreSQL 15.18
/// answered the same messages.
@Suite("Wire extended protocol")
struct WireExtendedTests {
    private func parse(_ name: String, _ sql: String, _ types: [Int32] = []) -> [UInt8] {
        WireClient.cString(name) + WireClient.cString(sql) + WireClient.int16(Int16(types.count))
            + types.flatMap(WireClient.int32)
    }

    private func bind(_ portal: String, _ statement: String, _ values: [[UInt8]?] = [])
        -> [UInt8]
    {
        var body = WireClient.cString(portal) + WireClient.cString(statement) + [0, 0]
        body += WireClient.int16(Int16(values.count))
        for value in values {
            body += value.map { WireClient.int32(Int32($0.count)) + $0 } ?? WireClient.int32(-1)
        }
        return body + [0, 0]
    }

    private func connect(_ harness: WireHarness) throws -> WireClient {
        let client = try WireClient(port: harness.port)
        client.startup()
        _ = client.untilReady()
        return client
    }

    /// Execute with a row limit suspends the portal; the last Execute's
    /// tag counts its own rows, and one more finds none.
    @Test func rowLimits() throws {
        let harness = try WireHarness()
        let client = try connect(harness)
        client.send("P", parse("", "select * from generate_series(1, 3) g"))
        client.send("B", bind("", ""))
        client.send("D", [UInt8(ascii: "P"), 0])
        for _ in 0..<3 { client.send("E", [0] + WireClient.int32(2)) }
        client.send("S", [])
        let messages = client.untilReady()
        #expect(messages.map(\.type) == ["1", "2", "T", "D", "D", "s", "D", "C", "C", "Z"])
        #expect(messages.filter { $0.type == "C" }.map(\.strings) == [["SELECT 1"], ["SELECT 0"]])
    }

    /// After an error the messages up to Sync are skipped; PostgreSQL's
    /// texts for a missing statement, a duplicate name, a wrong parameter
    /// count and several commands.
    @Test func errorsUntilSync() throws {
        let harness = try WireHarness()
        let client = try connect(harness)
        client.send("P", parse("", "selec 1"))
        client.send("B", bind("", ""))
        client.send("E", [0, 0, 0, 0, 0])
        client.send("S", [])
        let syntax = client.untilReady()
        #expect(syntax.map(\.type) == ["E", "Z"])
        #expect(syntax[0].fields["P"] == "1")
        let cases: [([UInt8], Character, String)] = [
            (
                parse("", "select 1; select 2"), "P",
                "cannot insert multiple commands into a prepared statement"
            ),
            (bind("", "nosuch"), "B", "prepared statement \"nosuch\" does not exist"),
        ]
        for (body, type, message) in cases {
            client.send(type, body)
            client.send("S", [])
            #expect(client.untilReady().first?.fields["M"] == message)
        }
        client.send("P", parse("s1", "select $1::int + $2 as x, $3 as y"))
        client.send("P", parse("s1", "select 1"))
        client.send("S", [])
        let duplicate = client.untilReady()
        #expect(duplicate.map(\.type) == ["1", "E", "Z"])
        #expect(duplicate[1].fields["C"] == "42P05")
        client.send("B", bind("", "s1"))
        client.send("S", [])
        #expect(
            client.untilReady().first?.fields["M"]
                == "bind message supplies 0 parameters, but prepared statement \"s1\" requires 3")
    }

    /// Binary parameters and results: int4 in, int4 out, and an error's
    /// position mapped back to the text the client sent.
    @Test func binaryValuesAndPositions() throws {
        let harness = try WireHarness()
        let client = try connect(harness)
        client.send("P", parse("", "select $1 + $2 as x", [23, 23]))
        var body = WireClient.cString("") + WireClient.cString("") + WireClient.int16(1)
        body += WireClient.int16(1) + WireClient.int16(2)
        body +=
            WireClient.int32(4) + WireClient.int32(5) + WireClient.int32(4) + WireClient.int32(6)
        body += WireClient.int16(1) + WireClient.int16(1)
        client.send("B", body)
        client.send("E", [0, 0, 0, 0, 0])
        client.send("S", [])
        let sum = client.untilReady()
        #expect(sum.first { $0.type == "D" }?.body == [0, 1, 0, 0, 0, 4, 0, 0, 0, 11])
        client.send("P", parse("", "select $1::text || nosuch", []))
        client.send("B", bind("", "", [Array("a long value".utf8)]))
        client.send("E", [0, 0, 0, 0, 0])
        client.send("S", [])
        let missing = client.untilReady().first { $0.type == "E" }
        #expect(missing?.fields["M"] == "column \"nosuch\" does not exist")
        #expect(missing?.fields["P"] == "20")
    }
}
