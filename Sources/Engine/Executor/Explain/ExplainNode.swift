// EXPLAIN's plan tree and its text format, as PostgreSQL's explain.c
// prints it: one line per node (`->  ` before a child), the node's
// details indented under it, and the cost, row and width estimates or
// the actual row counts in parentheses after the node's name.
import Foundation
import SQLParser

/// EXPLAIN's output formats.
package enum ExplainFormat: String, Sendable {
    case text, json, yaml, xml
}

/// EXPLAIN's options (ANALYZE, VERBOSE, COSTS, TIMING, SUMMARY, FORMAT).
package struct ExplainOptions: Sendable {
    package var analyze = false
    package var verbose = false
    package var costs = true
    package var format = ExplainFormat.text

    /// Reads the option list; anything but the text format and the options
    /// the simulation models raises 0A000 or PostgreSQL's own error.
    package init(_ list: [ExplainOption]) throws {
        var timing: Bool?
        for option in list {
            let name = option.name.lowercased()
            let value = option.value?.lowercased()
            switch name {
            case "analyze": analyze = try Self.boolean(name, value)
            case "verbose": verbose = try Self.boolean(name, value)
            case "costs": costs = try Self.boolean(name, value)
            case "timing": timing = try Self.boolean(name, value)
            case "summary":
                // TODO(#3): the Planning/Execution Time lines of SUMMARY ON.
                if try Self.boolean(name, value) {
                    throw SQLError.notSupported("EXPLAIN (SUMMARY ON) is not supported yet")
                }
            case "format":
                // Compared as written: an identifier arrives folded, a
                // string literal ('JSON') does not.
                guard let chosen = ExplainFormat(rawValue: option.value ?? "") else {
                    throw SQLError(
                        SQLState.invalidParameterValue,
                        "unrecognized value for EXPLAIN option \"\(name)\": \"\(option.value ?? "")\"",
                        position: option.location >= 0 ? option.location + 1 : nil)
                }
                format = chosen
            case "buffers", "wal", "settings":
                if try Self.boolean(name, value) {
                    throw SQLError.notSupported(
                        "EXPLAIN (\(name.uppercased())) is not supported yet")
                }
            default:
                throw SQLError(
                    SQLState.syntaxError, "unrecognized EXPLAIN option \"\(option.name)\"")
            }
        }
        if timing == true && !analyze {
            throw SQLError(
                SQLState.invalidParameterValue, "EXPLAIN option TIMING requires ANALYZE")
        }
        if analyze && timing != false {
            // TODO(#3): per-node timings are clock readings, which the
            // simulation does not model; TIMING OFF prints what PostgreSQL does.
            throw SQLError.notSupported("EXPLAIN ANALYZE is only supported with TIMING OFF")
        }
        if analyze && !list.contains(where: { $0.name.lowercased() == "summary" }) {
            throw SQLError.notSupported("EXPLAIN ANALYZE is only supported with SUMMARY OFF")
        }
    }

    private static func boolean(_ name: String, _ value: String?) throws -> Bool {
        switch value {
        case nil, "true", "on", "1", "yes": return true
        case "false", "off", "0", "no": return false
        default:
            // define.c's defGetBoolean names the option as written, folded.
            throw SQLError(SQLState.syntaxError, "\(name) requires a Boolean value")
        }
    }
}

/// One node of a plan as EXPLAIN shows it.
package struct ExplainNode: Sendable {
    /// "Seq Scan on items i", "Aggregate", "Custom Scan (Citus Adaptive)".
    package var title: String
    /// Lines printed under the node: "Output: ...", "Filter: ...".
    package var details: [String] = []
    package var children: [ExplainNode] = []
    /// Lines of a plan printed elsewhere (a worker's), nested as a child.
    package var verbatim: [String]?
    /// False for lines that are not plan nodes (Citus' "Task").
    package var isPlanNode = true
    package var startupCost = 0.0
    package var totalCost = 0.0
    package var rows = 0.0
    package var width = 0
    package var actualRows: Int?
    /// The join input a scan reads (its position in FROM), for the join
    /// planner's VERBOSE Output lines.
    var joinInput: Int?
    /// Set on a join whose inner side matches each outer row at most once.
    var innerUnique = false

    package init(_ title: String, details: [String] = [], children: [ExplainNode] = []) {
        self.title = title
        self.details = details
        self.children = children
    }

    /// A child holding another plan's text lines.
    package static func verbatim(_ lines: [String]) -> ExplainNode {
        var node = ExplainNode("")
        node.verbatim = lines
        return node
    }

    /// The plan's text lines, as the rows of EXPLAIN's QUERY PLAN column.
    package func lines(_ options: ExplainOptions) -> [String] {
        var out: [String] = []
        render(depth: 0, options, into: &out)
        return out
    }

    private func render(depth: Int, _ options: ExplainOptions, into out: inout [String]) {
        let headerIndent = depth == 0 ? "" : String(repeating: " ", count: 6 * (depth - 1) + 2)
        let arrow = depth == 0 ? "" : "->  "
        if let verbatim {
            for (i, line) in verbatim.enumerated() {
                out.append(headerIndent + (i == 0 ? arrow : "    ") + line)
            }
            return
        }
        var header = headerIndent + arrow + title
        if isPlanNode && options.costs {
            header += String(
                format: "  (cost=%.2f..%.2f rows=%.0f width=%d)", startupCost, totalCost,
                rows.rounded(), width)
        }
        if isPlanNode, options.analyze, let actualRows {
            header += " (actual rows=\(actualRows) loops=1)"
        }
        out.append(header)
        let detailIndent = String(repeating: " ", count: 6 * depth + 2)
        for line in details { out.append(detailIndent + line) }
        for child in children { child.render(depth: depth + 1, options, into: &out) }
    }
}
