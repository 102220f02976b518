// Connections as sessions: a CancelRequest stops the statement another
// connection runs, max_connections refuses one client too many with
// PostgreSQL's error, several connections work on the cluster at once,
// and random or truncated messages end only the connection that sent
// them.

import Foundation
import Testing

@testable import citus_sim

@Suite("Wire sessions")
struct WireSessionTests {
    private func connect(_ harness: WireHarness) throws -> (WireClient, [BackendMessage]) {
        let client = try WireClient(port: harness.port)
        client.startup()
        return (client, client.untilReady())
    }

    /// The BackendKeyData of a startup.
    private func key(_ messages: [BackendMessage]) -> [UInt8] {
        messages.first { $0.type == "K" }?.body ?? []
    }

    @Test func cancelRequestStopsStatement() throws {
        let harness = try WireHarness()
        let (client, startup) = try connect(harness)
        let started = Date()
        client.send("Q", WireClient.cString("select pg_sleep(30)"))
        Thread.sleep(forTimeInterval: 0.2)
        // A wrong key is ignored, the right one cancels.
        let wrong = try WireClient(port: harness.port)
        var body = WireClient.int32(80_877_102) + Array(key(startup).prefix(4))
        wrong.send(WireClient.int32(16) + body + WireClient.int32(12345))
        #expect(wrong.receive() == nil)
        let canceller = try WireClient(port: harness.port)
        body = WireClient.int32(80_877_102) + key(startup)
        canceller.send(WireClient.int32(16) + body)
        #expect(canceller.receive() == nil)
        let messages = client.untilReady()
        let error = try #require(messages.first { $0.type == "E" })
        #expect(error.fields["C"] == "57014")
        #expect(error.fields["M"] == "canceling statement due to user request")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(client.query("select 1").last?.body == [UInt8(ascii: "I")])
    }

    @Test func maxConnections() throws {
        let harness = try WireHarness { $0.maxConnections = 2 }
        let (first, _) = try connect(harness)
        let (second, _) = try connect(harness)
        let (third, refused) = try connect(harness)
        #expect(refused.first?.fields["S"] == "FATAL")
        #expect(refused.first?.fields["C"] == "53300")
        #expect(refused.first?.fields["M"] == "sorry, too many clients already")
        #expect(third.receive() == nil)
        #expect(second.query("select 2").last?.type == "Z")
        first.send("X", [])
        var admitted: [BackendMessage] = []
        for _ in 0..<50 where admitted.last?.type != "Z" {
            Thread.sleep(forTimeInterval: 0.02)
            admitted = try connect(harness).1
        }
        #expect(admitted.last?.type == "Z")
    }

    /// Eight connections insert at once; every row arrives.
    @Test func concurrentSessions() throws {
        let harness = try WireHarness()
        let (setup, _) = try connect(harness)
        _ = setup.query("create table hits (id int, n int)")
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            guard let (client, _) = try? connect(harness) else { return }
            for n in 0..<25 {
                _ = client.query("insert into hits values (\(worker), \(n))")
            }
        }
        let count = setup.query("select count(*) from hits").first { $0.type == "D" }
        #expect(count?.body == [0, 1, 0, 0, 0, 3] + Array("200".utf8))
    }

    /// Random and truncated messages get an error or a closed connection;
    /// the server and its other connections carry on.
    @Test func protocolFuzz() throws {
        let harness = try WireHarness { $0.maxMessageSize = 4096 }
        let (bystander, _) = try connect(harness)
        var generator = SystemRandomNumberGenerator()
        let types: [UInt8] = Array("QPBDESCHXdcfpZ".utf8) + [0, 1, 255]
        for round in 0..<150 {
            let client = try WireClient(port: harness.port)
            if round % 5 == 0 {
                // A random startup packet.
                let length = Int.random(in: 0..<64, using: &generator)
                let junk = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                client.send(WireClient.int32(Int32(length + 4)) + junk)
            } else {
                client.startup()
                _ = client.untilReady()
                var body = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
                if round % 3 == 0 { body = Array("x\0".utf8) + body }
                let type = types.randomElement(using: &generator) ?? 0
                var length = Int32(body.count + 4)
                if round % 4 == 0 { length += Int32.random(in: -8...8, using: &generator) }
                client.send([type] + WireClient.int32(length) + body)

                client.send("S", [])
            }
            // Whatever comes back ends with ReadyForQuery, an error or
            // the close, once the server knows no more bytes will come.
            client.finishSending()
            _ = client.untilReady()
        }
        #expect(bystander.query("select 42").first { $0.type == "D" } != nil)
    }
}

extension WireSessionTests {
    /// idle_in_transaction_session_timeout inside a transaction block and
    /// idle_session_timeout outside one end the connection with
    /// PostgreSQL's FATAL errors (texts and SQLSTATEs measured on 15.18);
    /// a connection that keeps talking, or has neither set, stays.
    @Test func idleTimeouts() throws {
        let harness = try WireHarness()
        let cases: [(setting: String, begin: Bool, sqlState: String, message: String)] = [
            (
                "idle_in_transaction_session_timeout", true, "25P03",
                "terminating connection due to idle-in-transaction timeout"
            ),
            (
                "idle_session_timeout", false, "57P05",
                "terminating connection due to idle-session timeout"
            ),
        ]
        for test in cases {
            let (client, _) = try connect(harness)
            if test.begin { #expect(client.query("begin").last?.body == [UInt8(ascii: "T")]) }
            #expect(client.query("set \(test.setting) = '1500ms'").last?.type == "Z")
            // The other timeout, shorter than each wait below, does not apply.
            let other = test.begin ? "idle_session_timeout" : "idle_in_transaction_session_timeout"
            #expect(client.query("set \(other) = '300ms'").last?.type == "Z")
            for _ in 0..<2 {
                Thread.sleep(forTimeInterval: 0.6)
                #expect(client.query("select 1").last?.type == "Z")
            }
            Thread.sleep(forTimeInterval: 2.5)
            let error = try #require(client.receive())
            #expect(error.type == "E")
            #expect(error.fields["S"] == "FATAL")
            #expect(error.fields["C"] == test.sqlState)
            #expect(error.fields["M"] == test.message)
            #expect(client.receive() == nil)
        }
        let (idle, _) = try connect(harness)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(idle.query("select 1").last?.type == "Z")
    }
}
