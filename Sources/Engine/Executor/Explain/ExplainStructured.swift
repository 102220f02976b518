// EXPLAIN (FORMAT JSON | YAML | XML): the plan tree as explain.c writes
// its structured formats. A node's text form already holds everything the
// structured forms say, in the same order: the title names the node type,
// its target and join type, and each detail line is one property. This
// file reads those back into properties, adds what only the structured
// formats print (Parallel Aware, Async Capable, Inner Unique, an
// aggregate's strategy, a scan's direction, zero counts under ANALYZE),
// and lays them out as explain.c does for each format. A title or detail
// it does not know raises 0A000 rather than print a guess.
import SQLParser

/// A value in EXPLAIN's structured output.
indirect enum ExplainValue {
    case text(String)
    /// A number printed as is ("0.00", "753").
    case number(String)
    case bool(Bool)
    /// A list of strings, printed on one line.
    case list([String])
    case object([(String, ExplainValue)])
    /// A group of objects, one per line.
    case group([ExplainValue])
}

extension ExplainNode {
    /// The plan in a structured format (JSON, YAML or XML): one text value.
    package func structured(_ options: ExplainOptions) throws -> String {
        var top: [(String, ExplainValue)] = [("Plan", try planObject(options, parent: nil))]
        if options.analyze { top.append(("Triggers", .group([]))) }
        var out = ""
        switch options.format {
        case .json, .text:
            out = "[\n  "
            ExplainValue.object(top).write(level: 1, into: &out)
            out += "\n]"
        case .yaml:
            out = "- "
            ExplainValue.writeYAML(top, level: 1, inlineFirst: true, into: &out)
        case .xml:
            out = "<explain xmlns=\"http://www.postgresql.org/2009/explain\">\n  <Query>\n"
            ExplainValue.writeXML(top, level: 2, into: &out)
            out += "  </Query>\n</explain>"
        }
        return out
    }

    private func planObject(_ options: ExplainOptions, parent: String?) throws -> ExplainValue {
        guard isPlanNode, verbatim == nil else { throw Self.unsupported }
        let header = try ExplainTitle(title)
        var fields = [("Node Type", ExplainValue.text(header.nodeType))]
        fields += header.leading
        if let parent { fields.append(("Parent Relationship", .text(parent))) }
        fields.append(("Parallel Aware", .bool(false)))
        fields.append(("Async Capable", .bool(false)))
        fields += header.target
        if options.costs {
            fields.append(("Startup Cost", .number(String(format: "%.2f", startupCost))))
            fields.append(("Total Cost", .number(String(format: "%.2f", totalCost))))
            fields.append(("Plan Rows", .number(String(format: "%.0f", rows.rounded()))))
            fields.append(("Plan Width", .number(String(width))))
        }
        if options.analyze {
            // The structured formats print statistics the text form of this
            // simulation leaves out for these nodes (memory, batches).
            guard let actualRows, !header.printsRunStatistics else { throw Self.unsupported }
            fields.append(("Actual Rows", .number(String(actualRows))))
            fields.append(("Actual Loops", .number("1")))
        }
        var details = self.details.filter { $0 != "Inner Unique: true" }
        if let output = details.first, output.hasPrefix("Output: ") {
            fields.append(try Self.property(output))
            details.removeFirst()
        }
        if header.isJoin { fields.append(("Inner Unique", .bool(innerUnique))) }
        if options.analyze {
            details = Self.withZeroCounts(details, isIndexScan: header.isIndexScan)
        }
        for line in details { fields.append(try Self.property(line)) }
        if header.childrenAreMembers && !details.contains(where: { $0.hasPrefix("Subplans") }) {
            fields.append(("Subplans Removed", .number("0")))
        }
        if !children.isEmpty {
            let relationships = children.indices.map { i -> String in
                if header.childrenAreMembers { return "Member" }
                if header.nodeType == "Subquery Scan" { return "Subquery" }
                return i == 0 ? "Outer" : "Inner"
            }
            guard header.childrenAreMembers || children.count <= 2 else { throw Self.unsupported }
            var plans: [ExplainValue] = []
            for (child, relationship) in zip(children, relationships) {
                plans.append(try child.planObject(options, parent: relationship))
            }
            fields.append(("Plans", .group(plans)))
        }
        return .object(fields)
    }

    /// The ANALYZE counts the text format leaves out when they are zero
    /// and the structured formats always print: rows removed by a filter,
    /// a join filter, or an index scan's recheck.
    private static func withZeroCounts(_ details: [String], isIndexScan: Bool) -> [String] {
        let counts = [
            "Filter: ": "Rows Removed by Filter: ",
            "Join Filter: ": "Rows Removed by Join Filter: ",
            "Index Cond: ": isIndexScan ? "Rows Removed by Index Recheck: " : nil,
        ]
        var out: [String] = []
        for (i, line) in details.enumerated() {
            out.append(line)
            for (condition, count) in counts {
                guard let count, line.hasPrefix(condition) else { continue }
                let next = i + 1 < details.count ? details[i + 1] : ""
                if !next.hasPrefix(count) { out.append(count + "0") }
            }
        }
        return out
    }

    /// Detail lines whose value is a list, an integer, or text.
    private static let listProperties: Set<String> = [
        "Output", "Group Key", "Sort Key", "Presorted Key", "Conflict Arbiter Indexes",
    ]
    private static let integerProperties: Set<String> = [
        "Rows Removed by Filter", "Rows Removed by Join Filter", "Rows Removed by Index Recheck",
        "Heap Fetches", "Tuples Inserted", "Conflicting Tuples", "Subplans Removed",
    ]
    private static let textProperties: Set<String> = [
        "Filter", "Index Cond", "Recheck Cond", "Hash Cond", "Merge Cond", "Join Filter",
        "One-Time Filter", "Conflict Resolution", "Function Call", "Cache Key", "Cache Mode",
        "Conflict Filter",
    ]

    private static func property(_ line: String) throws -> (String, ExplainValue) {
        guard let colon = line.range(of: ": ") else { throw unsupported }
        let key = String(line[..<colon.lowerBound])
        let value = String(line[colon.upperBound...])
        if listProperties.contains(key) { return (key, .list(splitList(value))) }
        if integerProperties.contains(key), Int(value) != nil { return (key, .number(value)) }
        if textProperties.contains(key) { return (key, .text(value)) }
        throw unsupported
    }

    /// A text list (`a, f(b, c), 'x, y'`) split at its top-level commas.
    static func splitList(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        var chars = text.makeIterator()
        while let c = chars.next() {
            if let q = quote {
                current.append(c)
                if c == q { quote = nil }
                continue
            }
            switch c {
            case "'", "\"":
                quote = c
            case "(", "[":
                depth += 1
            case ")", "]":
                depth -= 1
            case "," where depth == 0:
                items.append(current)
                current = ""
                // The separator is ", ".
                if let next = chars.next(), next != " " { current.append(next) }
                continue
            default:
                break
            }
            current.append(c)
        }
        items.append(current)
        return items
    }

    static let unsupported = SQLError.notSupported(
        "EXPLAIN in this format is not supported yet for this plan")
}

/// What a node's text title says: its type, the properties printed before
/// Parent Relationship (an aggregate's strategy, a ModifyTable's
/// operation) and the target printed after Async Capable (scan direction,
/// index, relation, schema, alias, join type).
private struct ExplainTitle {
    var nodeType: String
    var leading: [(String, ExplainValue)] = []
    var target: [(String, ExplainValue)] = []
    var isJoin = false
    var childrenAreMembers = false
    var isIndexScan = false
    /// Nodes whose ANALYZE output has statistics of their own.
    var printsRunStatistics = false

    private static let plainNodes: Set<String> = [
        "Sort", "Limit", "Hash", "Materialize", "Result", "Append", "Unique", "WindowAgg",
        "Memoize", "Merge Append", "Incremental Sort", "ProjectSet", "LockRows", "SetOp",
    ]
    private static let joinTypes = ["Left", "Right", "Full", "Semi", "Anti"]

    init(_ title: String) throws {
        if Self.plainNodes.contains(title) {
            nodeType = title
            childrenAreMembers = title == "Append" || title == "Merge Append"
            printsRunStatistics = ["Sort", "Hash", "Memoize", "Incremental Sort"].contains(title)
            return
        }
        switch title {
        case "Aggregate", "HashAggregate", "GroupAggregate", "MixedAggregate":
            nodeType = "Aggregate"
            let strategy = [
                "Aggregate": "Plain", "HashAggregate": "Hashed", "GroupAggregate": "Sorted",
                "MixedAggregate": "Mixed",
            ][title]!
            leading = [("Strategy", .text(strategy)), ("Partial Mode", .text("Simple"))]
            printsRunStatistics = strategy == "Hashed" || strategy == "Mixed"
            return
        default:
            break
        }
        for kind in ["Hash", "Merge", "Nested Loop"] {
            let name = kind == "Nested Loop" ? "Nested Loop" : kind + " Join"
            let types = ["Inner"] + Self.joinTypes
            for type in types where title == (type == "Inner" ? name : "\(kind) \(type) Join") {
                nodeType = name
                target = [("Join Type", .text(type))]
                isJoin = true
                return
            }
        }
        if let rest = Self.after(title, "Index Scan ") ?? Self.after(title, "Index Only Scan ") {
            nodeType = title.hasPrefix("Index Only") ? "Index Only Scan" : "Index Scan"
            isIndexScan = true
            // Heap Fetches, which this simulation does not count.
            printsRunStatistics = nodeType == "Index Only Scan"
            var words = rest
            var direction = "Forward"
            if let backward = Self.after(words, "Backward ") {
                direction = "Backward"
                words = backward
            }
            guard let using = Self.after(words, "using "),
                let on = using.range(of: " on ")
            else { throw ExplainNode.unsupported }
            target = [
                ("Scan Direction", .text(direction)),
                ("Index Name", .text(try Self.name(String(using[..<on.lowerBound])))),
            ]
            target += try Self.relation(String(using[on.upperBound...]), key: "Relation Name")
            return
        }
        if let index = Self.after(title, "Bitmap Index Scan on ") {
            nodeType = "Bitmap Index Scan"
            target = [("Index Name", .text(try Self.name(index)))]
            return
        }
        let scans: [(prefix: String, type: String, key: String?)] = [
            ("Seq Scan on ", "Seq Scan", "Relation Name"),
            ("Bitmap Heap Scan on ", "Bitmap Heap Scan", "Relation Name"),
            ("Function Scan on ", "Function Scan", "Function Name"),
            ("CTE Scan on ", "CTE Scan", "CTE Name"),
            ("Subquery Scan on ", "Subquery Scan", nil),
            ("Values Scan on ", "Values Scan", nil),
        ]
        for scan in scans {
            guard let rest = Self.after(title, scan.prefix) else { continue }
            nodeType = scan.type
            // Exact and lossy heap blocks.
            printsRunStatistics = nodeType == "Bitmap Heap Scan"
            if let key = scan.key {
                target = try Self.relation(rest, key: key)
            } else {
                target = [("Alias", .text(try Self.name(rest)))]
            }
            return
        }
        for operation in ["Insert", "Update", "Delete"] {
            guard let rest = Self.after(title, operation + " on ") else { continue }
            nodeType = "ModifyTable"
            leading = [("Operation", .text(operation))]
            target = try Self.relation(rest, key: "Relation Name")
            return
        }
        throw ExplainNode.unsupported
    }

    private static func after(_ text: String, _ prefix: String) -> String? {
        text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil
    }

    /// `[schema.]name [alias]` as explain.c prints a scan's target: the
    /// relation (or function) name, its schema under VERBOSE, and the
    /// alias, which is the name itself when the text leaves it out.
    private static func relation(_ text: String, key: String) throws -> [(String, ExplainValue)] {
        let words = try identifiers(text, separator: " ")
        guard words.count == 1 || words.count == 2 else { throw ExplainNode.unsupported }
        let parts = try identifiers(words[0], separator: ".")
        guard parts.count <= 2 else { throw ExplainNode.unsupported }
        let name = try unquote(parts.last!)
        var fields: [(String, ExplainValue)] = [(key, .text(name))]
        if parts.count == 2 { fields.append(("Schema", .text(try unquote(parts[0])))) }
        let alias = words.count == 2 ? try unquote(words[1]) : name
        fields.append(("Alias", .text(alias)))
        return fields
    }

    /// One identifier, unquoted.
    private static func name(_ text: String) throws -> String {
        let words = try identifiers(text, separator: " ")
        guard words.count == 1 else { throw ExplainNode.unsupported }
        return try unquote(words[0])
    }

    /// `text` split at `separator` outside double quotes.
    private static func identifiers(_ text: String, separator: Character) throws -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        for c in text {
            if c == "\"" { quoted.toggle() }
            if c == separator && !quoted {
                out.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        guard !quoted else { throw ExplainNode.unsupported }
        out.append(current)
        return out
    }

    private static func unquote(_ word: String) throws -> String {
        guard word.hasPrefix("\"") else {
            guard !word.isEmpty else { throw ExplainNode.unsupported }
            return word
        }
        guard word.count >= 2, word.hasSuffix("\"") else { throw ExplainNode.unsupported }
        return String(word.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
    }
}

extension ExplainValue {
    /// Writes the value as explain.c does in JSON: objects and groups one
    /// member per line, indented two spaces a level; lists on one line.
    func write(level: Int, into out: inout String) {
        let indent = String(repeating: " ", count: 2 * level)
        switch self {
        case .text(let s): out += Self.quoted(s)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .list(let items): out += "[" + items.map(Self.quoted).joined(separator: ", ") + "]"
        case .object(let fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                out += (i == 0 ? "\n" : ",\n") + indent + "  " + Self.quoted(key) + ": "
                value.write(level: level + 1, into: &out)
            }
            out += "\n" + indent + "}"
        case .group(let members):
            out += "["
            for (i, member) in members.enumerated() {
                out += (i == 0 ? "\n" : ",\n") + indent + "  "
                member.write(level: level + 1, into: &out)
            }
            out += "\n" + indent + "]"
        }
    }

    /// YAML: `key: value` lines indented two spaces a level, a list's
    /// items and a group's members on lines of their own after `- `, the
    /// first property of a member on the line of its `- `.
    static func writeYAML(
        _ fields: [(String, ExplainValue)], level: Int, inlineFirst: Bool, into out: inout String
    ) {
        let indent = String(repeating: " ", count: 2 * level)
        for (i, (key, value)) in fields.enumerated() {
            if i > 0 || !inlineFirst { out += "\n" + indent }
            out += key + ": "
            switch value {
            case .text(let s): out += quoted(s)
            case .number(let n): out += n
            case .bool(let b): out += b ? "true" : "false"
            case .list(let items):
                for item in items { out += "\n" + indent + "  - " + quoted(item) }
            case .object(let inner):
                writeYAML(inner, level: level + 1, inlineFirst: false, into: &out)
            case .group(let members):
                for case .object(let inner) in members {
                    out += "\n" + indent + "  - "
                    writeYAML(inner, level: level + 2, inlineFirst: true, into: &out)
                }
            }
        }
    }

    /// XML: one element per property (spaces in names become hyphens), a
    /// list's values as Item elements, a group's members as Plan elements.
    static func writeXML(_ fields: [(String, ExplainValue)], level: Int, into out: inout String) {
        let indent = String(repeating: " ", count: 2 * level)
        for (key, value) in fields {
            let tag = key.replacingOccurrences(of: " ", with: "-")
            switch value {
            case .text(let s): out += indent + "<\(tag)>" + escapedXML(s) + "</\(tag)>\n"
            case .number(let n): out += indent + "<\(tag)>" + n + "</\(tag)>\n"
            case .bool(let b): out += indent + "<\(tag)>\(b)</\(tag)>\n"
            case .list(let items):
                out += indent + "<\(tag)>\n"
                for item in items { out += indent + "  <Item>" + escapedXML(item) + "</Item>\n" }
                out += indent + "</\(tag)>\n"
            case .object(let inner):
                out += indent + "<\(tag)>\n"
                writeXML(inner, level: level + 1, into: &out)
                out += indent + "</\(tag)>\n"
            case .group(let members):
                out += indent + "<\(tag)>\n"
                for case .object(let inner) in members {
                    out += indent + "  <Plan>\n"
                    writeXML(inner, level: level + 2, into: &out)
                    out += indent + "  </Plan>\n"
                }
                out += indent + "</\(tag)>\n"
            }
        }
    }

    /// escape_xml: the three characters XML text cannot hold as they are.
    static func escapedXML(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A JSON string literal (escape_json).
    static func quoted(_ s: String) -> String { JSONText.quoted(s) }
}
