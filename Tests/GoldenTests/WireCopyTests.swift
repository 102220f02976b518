// COPY's sub-protocol over the wire, message by message as PostgreSQL
// 15.18 answered the same exchanges (measured with a raw client):
// CopyInResponse, data split across CopyData messages, data after `\.`,
// CopyFail, a bad row, COPY TO STDOUT with one CopyData per row.

import Foundation
import Testing

@Suite("Wire COPY")
struct WireCopyTests {
    private func connect(_ harness: WireHarness) throws -> WireClient {
        let client = try WireClient(port: harness.port)
        client.startup()
        _ = client.untilReady()
        _ = client.query("create table ct (a int, b text)")
        return client
    }

    @Test func copyInAcrossMessages() throws {
        let harness = try WireHarness()
        let client = try connect(harness)
        client.send("Q", WireClient.cString("copy ct from stdin"))
        let response = try #require(client.receive())
        #expect(response.type == "G" && response.body == [0, 0, 2, 0, 0, 0, 0])
        client.send("d", Array("1\tx\n2\t".utf8))
        client.send("d", Array("y\n".utf8))
        client.send("d", Array("\\.\n".utf8))
        client.send("c", [])
        let done = client.untilReady()
        #expect(done.map(\.type) == ["C", "Z"])
        #expect(done.first?.strings == ["COPY 2"])
    }

    @Test func copyFailRollsBack() throws {
        let harness = try WireHarness()
        let client = try connect(harness)
        client.send("Q", WireClient.cString("copy ct from stdin"))
        #expect(client.receive()?.type == "G")
        client.send("d", Array("3\tz\n".utf8))
        client.send("f", WireClient.cString("client gave up"))
        let failed = client.untilReady()
        let error = try #require(failed.first { $0.type == "E" })
        #expect(error.fields["C"] == "57014")
        #expect(error.fields["M"] == "COPY from stdin failed: client gave up")
        #expect(error.fields["W"] == "COPY ct, line 2")
        let count = client.query("select count(*) from ct")
        #expect(count.first { $0.type == "D" }?.body == [0, 1, 0, 0, 0, 1, UInt8(ascii: "0")])
    }

    @Test func badRowThenNextQuery() throws {
        let harness = try WireHarness()
        let client = try connect(harness)
        client.send("Q", WireClient.cString("copy ct from stdin"))
        #expect(client.receive()?.type == "G")
        client.send("d", Array("x\tz\n4\tw\n".utf8))
        client.send("c", [])
        let failed = client.untilReady()
        let error = try #require(failed.first { $0.type == "E" })
        #expect(error.fields["W"] == "COPY ct, line 1, column a: \"x\"")
        #expect(client.query("select 1").last?.type == "Z")
    }

    @Test func copyOut() throws {
        let harness = try WireHarness()
        let client = try connect(harness)
        _ = client.query("insert into ct values (1, 'x'), (2, 'y')")
        let messages = client.query("copy (select a from ct) to stdout with csv header")
        #expect(messages.map(\.type) == ["H", "d", "d", "d", "c", "C", "Z"])
        #expect(messages[0].body == [0, 0, 1, 0, 0])
        #expect(
            messages[1...3].map { String(decoding: $0.body, as: UTF8.self) } == [
                "a\n", "1\n", "2\n",
            ])
    }
}
