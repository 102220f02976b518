// `citus-sim lab`: its SQL is the lab's own, word for word, and a run on
// the virtual clock is the same every time and ends with the rollup
// window's comparison.
import Foundation
import Testing

@testable import citus_sim

@Suite struct LabTests {
    static let labDirectory = CitusReferenceTests.fixtures.appendingPathComponent("lab")

    @Test func everyBlockIsTheLabsOwnText() throws {
        let blocks: [(String, String)] = [
            ("lab3", LabText.lab3), ("lab4", LabText.loadGenerator), ("lab4", LabText.count),
            ("lab4", LabText.rawDashboard), ("lab5", LabText.rollup), ("lab5", LabText.schedule),
            ("lab5", LabText.rollupDashboard), ("lab5", LabText.expiry),
            ("lab5", LabText.dropPartition), ("lab6", LabText.addHll),
            ("lab6", LabText.rollupHll), ("lab6", LabText.runRollup),
            ("lab6", LabText.hllDashboard), ("lab6", LabText.distinctOverTime),
            ("lab6", LabText.addTopn), ("lab6", LabText.rollupTopn),
            ("lab6", LabText.topnDashboard), ("lab6", LabText.topUrls),
        ]
        for (file, block) in blocks {
            let lab = try String(
                contentsOf: Self.labDirectory.appendingPathComponent(file + ".sql"),
                encoding: .utf8)
            #expect(lab.contains(block), "\(file): \(block.prefix(60))")
        }
    }

    /// The lab's output on the default virtual clock and seed.
    static func runLab() -> String {
        var output: [UInt8] = []
        let console = Console { _, bytes in output.append(contentsOf: bytes) }
        let lab = try? LabCommand(arguments: [])
        _ = lab?.run(console: console, input: StreamLineSource(bytes: []))
        console.flush()
        return String(decoding: output, as: UTF8.self)
    }

    @Test func theSameSeedPrintsTheSameLab() throws {
        let first = Self.runLab()
        let second = Self.runLab()
        #expect(first == second)
        // The lab's own mistake, as real Citus prints it.
        #expect(
            first.contains(
                "psql:step7.sql:4: ERROR:  table \"http_request_pyyyy_mm_dd\" does not exist"))
        // Rows of finished minutes: raw, rolled up by the lab's window, and
        // rolled up again with [last, curr).
        let counts = Self.singleValues(in: first, after: "SELECT count(*) AS raw_rows")
            + Self.singleValues(in: first, after: "SELECT coalesce(sum(request_count), 0)")
        #expect(counts.count == 3)
        if counts.count == 3 {
            #expect(counts[0] > 4000)
            #expect(counts[1] < counts[0] / 2)
            #expect(counts[2] == counts[0])
        }
    }

    /// The one-value results printed after each echoed statement that
    /// starts with `statement`.
    static func singleValues(in text: String, after statement: String) -> [Int] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var values: [Int] = []
        for (index, line) in lines.enumerated() where line.hasPrefix(statement) {
            // Statement (two lines), header, rule, value.
            let valueLine = index + 4
            if valueLine < lines.count,
                let n = Int(lines[valueLine].trimmingCharacters(in: .whitespaces))
            {
                values.append(n)
            }
        }
        return values
    }
}
