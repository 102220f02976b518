// postgresql-topn 2.7.0's C functions: topn_add, topn_union and the
// set-returning topn, over jsonb objects of item frequencies. The
// aggregates are in TopnAggregates.swift.

/// The topn shared library.
final class TopnLibrary: NativeLibrary {
    /// The library name MODULE_PATHNAME stands for.
    static let name = "topn"

    func function(_ symbol: String) -> NativeFunction? {
        switch symbol {
        case "topn_add": return { try topnAdd($0) }
        case "topn_union": return { try topnUnion($0) }
        default: return nil
        }
    }

    func setFunction(_ symbol: String) -> NativeSetFunction? {
        symbol == "topn" ? { try topnRows($0) } : nil
    }

    /// topn.number_of_counters, defined as the library loads.
    let settings: [SettingDefinition] = [
        SettingDefinition(
            name: "topn.number_of_counters", kind: .integer(range: 1...Int(Int32.max), unit: nil),
            defaultValue: "1000")
    ]
}

/// topn.number_of_counters as the caller sees it (a value SET before the
/// library loaded is a placeholder that need not be a number).
func topnCounters(_ setting: String?) -> Int {
    guard let s = setting, let n = Int(s), n >= 1 else { return 1000 }
    return n
}

/// The (key, frequency) pairs of a topn jsonb, in jsonb key order;
/// values that are not numbers are skipped, numbers cut to integers.
func topnPairs(_ value: Value) throws -> [([UInt8], Int64)] {
    guard case .text(let text) = value else { return [] }
    guard case .object(let pairs) = try JSONText.parse(text) else { return [] }
    var out: [([UInt8], Int64)] = []
    for (key, node) in pairs {
        let bytes = Array(key.utf8)
        if bytes.count > 256 {
            throw SQLError(
                SQLState.dataException,
                "this jsonb object includes a key which is longer than allowed topn "
                    + "key size (256 bytes)")
        }
        guard case .number(let n) = node else { continue }
        out.append((bytes, leadingInteger(Numeric(parsing: n)?.text ?? n)))
    }
    return out
}

/// The number of pairs of a jsonb object.
private func topnObjectSize(_ value: Value) throws -> Int {
    guard case .text(let text) = value,
        case .object(let pairs) = try JSONText.parse(text)
    else { return 0 }
    return Set(pairs.map(\.0)).count
}

/// What C's atol reads from `s`: an optional sign and digits,
/// saturating at the int64 limits.
private func leadingInteger(_ s: String) -> Int64 {
    var chars = Substring(s)
    let negative = chars.first == "-"
    if negative || chars.first == "+" { chars = chars.dropFirst() }
    var v: Int64 = 0
    for c in chars {
        guard let d = c.wholeNumberValue, c.isASCII else { break }
        let (m, o1) = v.multipliedReportingOverflow(by: 10)
        let (r, o2) = m.addingReportingOverflow(Int64(d))
        if o1 || o2 { return negative ? Int64.min : Int64.max }
        v = r
    }
    return negative ? -v : v
}

extension TopnCounterTable {
    /// MergeJsonbIntoTopnAggState: the jsonb's counters added one by one.
    mutating func add(jsonb: Value) throws {
        for (key, frequency) in try topnPairs(jsonb) {
            add(key, frequency)
            pruneForUnion()
        }
    }

    /// The table as jsonb (jsonb_out's normalised text).
    func jsonb() throws -> Value {
        var out = "{"
        for (i, item) in entries.enumerated() {
            if i > 0 { out += ", " }
            out += topnQuoted(item.key) + ": " + String(item.frequency)
        }
        return .text(try JSONText.normalize(out + "}"))
    }
}

/// A key as a JSON string literal.
private func topnQuoted(_ key: [UInt8]) -> String {
    var out = "\""
    for c in String(decoding: key, as: UTF8.self).unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where c.value < 0x20:
            let hex = String(c.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(c)
        }
    }
    return out + "\""
}

/// The bytes text_to_cstring_buffer keeps of an item: at most 255,
/// cut at a character boundary.
func topnItemBytes(_ s: String) -> [UInt8] {
    var bytes: [UInt8] = []
    for c in s.unicodeScalars {
        let utf8 = Array(String(c).utf8)
        if bytes.count + utf8.count > 255 { break }
        bytes += utf8
    }
    return bytes
}

/// topn_add(jsonb, text): the item counted once more, pruned to N.
private func topnAdd(_ call: NativeCall) throws -> Value {
    let j = call.arguments.first ?? .null
    let item = call.arguments.count > 1 ? call.arguments[1] : .null
    if j.isNull && item.isNull { return .text("{}") }
    guard case .text(let s) = item else { return j }
    let n = topnCounters(call.session.setting("topn.number_of_counters"))
    var table = TopnCounterTable(counters: n)
    try table.add(jsonb: j)
    if table.add(topnItemBytes(s), 1) { table.prune(limit: n, keep: n) }
    return try table.jsonb()
}

/// topn_union(jsonb, jsonb), strict: both merged, pruned to N.
private func topnUnion(_ call: NativeCall) throws -> Value {
    let n = topnCounters(call.session.setting("topn.number_of_counters"))
    var table = TopnCounterTable(counters: n)
    for j in call.arguments { try table.add(jsonb: j) }
    table.prune(limit: n, keep: n)
    return try table.jsonb()
}

/// topn(jsonb, n): the first n counters by frequency, descending.
private func topnRows(_ call: NativeCall) throws -> [Row] {
    guard call.arguments.count == 2, !call.arguments[0].isNull else { return [] }
    var pairs = try topnPairs(call.arguments[0])
    // The extension sizes its array by the object's pairs and leaves the
    // slots of non-numeric values zeroed: an empty item, frequency 0.
    let size = try topnObjectSize(call.arguments[0])
    guard size > 0 else { return [] }
    pairs += Array(repeating: ([], 0), count: max(0, size - pairs.count))
    guard case .int4(let wanted) = call.arguments[1] else { return [] }
    let n = topnCounters(call.session.setting("topn.number_of_counters"))
    if Int(wanted) > n {
        throw SQLError(
            SQLState.internalError,
            "desired number of counters is higher than the topn.number_of_counters variable")
    }
    pgQsort(&pairs) { a, b in a.1 == b.1 ? 0 : (a.1 > b.1 ? -1 : 1) }
    return pairs.prefix(max(0, Int(wanted))).map {
        [.text(String(decoding: $0.0, as: UTF8.self)), .int8($0.1)]
    }
}
