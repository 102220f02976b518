// Compact per-column arrays that hold a heap's values: fixed-width types
// as plain machine words and text in one byte arena, so that a stored row
// costs about what PostgreSQL's heap tuple costs instead of one boxed
// `Value` per column. A value of an unexpected shape (which the analyser
// should never produce) goes to a side table rather than being lost.

extension Array {
    /// Appends with 25% growth instead of doubling, so a large column
    /// wastes at most a quarter of its capacity.
    @inline(__always)
    mutating func appendCompactly(_ element: Element) {
        if count == capacity { reserveCapacity(Swift.max(16, count + count / 4)) }
        append(element)
    }

    /// Appends a run of elements with the same growth policy.
    @inline(__always)
    mutating func appendCompactly<S: Collection>(contentsOf elements: S)
    where S.Element == Element {
        let needed = count + elements.count
        if needed > capacity { reserveCapacity(Swift.max(needed, count + count / 4)) }
        append(contentsOf: elements)
    }
}

/// One physical column's values, indexed by row version.
protocol ColumnVector: AnyObject {
    func append(_ value: Value)
    func value(at index: Int) -> Value
    /// Replaces `buffer`'s contents with the values at `range` (a scan
    /// reads a batch at a time instead of one call per value).
    func copyValues(_ range: Range<Int>, into buffer: inout [Value])
    /// The values of versions `rows`, for a column-wise scan.
    func batch(_ rows: ContiguousArray<RowID>) -> BatchValues
    func removeAll()
    var estimatedBytes: Int { get }
}

extension ColumnVector {
    func batch(_ rows: ContiguousArray<RowID>) -> BatchValues {
        var values = ContiguousArray<Value>()
        values.reserveCapacity(rows.count)
        for id in rows { values.append(value(at: id)) }
        return .values(values)
    }

    func copyValues(_ range: Range<Int>, into buffer: inout [Value]) {
        buffer.removeAll(keepingCapacity: true)
        for i in range { buffer.append(value(at: i)) }
    }
}

/// Makes `buffer` hold `count` values from `make`, overwriting the
/// values already there (a scan refills one buffer batch after batch)
/// rather than emptying it first.
@inline(__always)
private func fill(_ buffer: inout [Value], count: Int, _ make: (Int) -> Value) {
    if buffer.count > count { buffer.removeLast(buffer.count - count) }
    let reused = buffer.count
    for k in 0..<reused { buffer[k] = make(k) }
    for k in reused..<count { buffer.append(make(k)) }
}

/// Builds the vector that suits values of `type`.
func makeColumnVector(for type: PGType) -> ColumnVector {
    switch type.oid {
    case PGType.int4.oid: return Int32Vector(kind: .int4)
    case PGType.date.oid: return Int32Vector(kind: .date)
    case PGType.int8.oid: return Int64Vector(kind: .int8)
    case PGType.timestamp.oid: return Int64Vector(kind: .timestamp)
    case PGType.timestamptz.oid: return Int64Vector(kind: .timestamptz)
    case PGType.float8.oid: return Float64Vector()
    case PGType.text.oid, PGType.varchar.oid, PGType.bpchar.oid: return TextVector()
    default: return GenericVector()
    }
}

/// A growable bit set marking NULL entries.
struct NullBitmap {
    private var words: [UInt64] = []

    mutating func insert(_ index: Int) {
        let word = index >> 6
        if word >= words.count {
            words.appendCompactly(contentsOf: repeatElement(0, count: word - words.count + 1))
        }
        words[word] |= 1 << UInt64(index & 63)
    }

    @inline(__always)
    func contains(_ index: Int) -> Bool {
        let word = index >> 6
        return word < words.count && words[word] & (1 << UInt64(index & 63)) != 0
    }

    mutating func removeAll() { words.removeAll() }

    /// True when no entry is NULL.
    var isEmpty: Bool { words.isEmpty }

    var estimatedBytes: Int { words.capacity * 8 }
}

/// The integers at `rows` of `data`, with NULLs from `nulls`.
private func integerBatch<T: FixedWidthInteger>(
    _ data: [T], _ nulls: NullBitmap, _ rows: ContiguousArray<RowID>, kind: IntegerBatchKind
) -> BatchValues {
    var xs = ContiguousArray<Int64>(repeating: 0, count: rows.count)
    var flags: ContiguousArray<Bool>?
    data.withUnsafeBufferPointer { data in
        xs.withUnsafeMutableBufferPointer { xs in
            for (k, id) in rows.enumerated() { xs[k] = Int64(data[id]) }
        }
    }
    if !nulls.isEmpty {
        var marks = ContiguousArray<Bool>(repeating: false, count: rows.count)
        for (k, id) in rows.enumerated() where nulls.contains(id) { marks[k] = true }
        flags = marks
    }
    return .integers(xs, nulls: flags, kind: kind)
}

/// int4 and date values.
final class Int32Vector: ColumnVector {
    enum Kind { case int4, date }
    private let kind: Kind
    private var data: [Int32] = []
    private var nulls = NullBitmap()
    private var odd: [Int: Value] = [:]

    init(kind: Kind) { self.kind = kind }

    func append(_ value: Value) {
        switch (value, kind) {
        case (.int4(let x), .int4), (.date(let x), .date): data.appendCompactly(x)
        case (.null, _):
            nulls.insert(data.count)
            data.appendCompactly(0)
        default:
            odd[data.count] = value
            data.appendCompactly(0)
        }
    }

    @inline(__always)
    func value(at index: Int) -> Value {
        guard index >= 0 && index < data.count else { return .null }
        if nulls.contains(index) { return .null }
        if !odd.isEmpty, let v = odd[index] { return v }
        return kind == .int4 ? .int4(data[index]) : .date(data[index])
    }

    func copyValues(_ range: Range<Int>, into buffer: inout [Value]) {
        let (data, nulls, odd) = (self.data, self.nulls, self.odd)
        guard range.lowerBound >= 0, range.upperBound <= data.count, nulls.isEmpty, odd.isEmpty
        else {
            buffer.removeAll(keepingCapacity: true)
            for i in range { buffer.append(value(at: i)) }
            return
        }
        let isInt4 = kind == .int4
        fill(&buffer, count: range.count) { k in
            isInt4 ? .int4(data[range.lowerBound + k]) : .date(data[range.lowerBound + k])
        }
    }

    func batch(_ rows: ContiguousArray<RowID>) -> BatchValues {
        guard odd.isEmpty, rows.last.map({ $0 < data.count }) ?? true else {
            return .values(ContiguousArray(rows.map { value(at: $0) }))
        }
        return integerBatch(data, nulls, rows, kind: kind == .int4 ? .int4 : .date)
    }

    func removeAll() {
        data.removeAll()
        nulls.removeAll()
        odd.removeAll()
    }

    var estimatedBytes: Int { data.capacity * 4 + nulls.estimatedBytes }
}

/// int8, timestamp and timestamptz values.
final class Int64Vector: ColumnVector {
    enum Kind { case int8, timestamp, timestamptz }
    private let kind: Kind
    private var data: [Int64] = []
    private var nulls = NullBitmap()
    private var odd: [Int: Value] = [:]

    init(kind: Kind) { self.kind = kind }

    func append(_ value: Value) {
        switch (value, kind) {
        case (.int8(let x), .int8), (.timestamp(let x), .timestamp),
            (.timestamptz(let x), .timestamptz):
            data.appendCompactly(x)
        case (.null, _):
            nulls.insert(data.count)
            data.appendCompactly(0)
        default:
            odd[data.count] = value
            data.appendCompactly(0)
        }
    }

    @inline(__always)
    func value(at index: Int) -> Value {
        guard index >= 0 && index < data.count else { return .null }
        if nulls.contains(index) { return .null }
        if !odd.isEmpty, let v = odd[index] { return v }
        switch kind {
        case .int8: return .int8(data[index])
        case .timestamp: return .timestamp(data[index])
        case .timestamptz: return .timestamptz(data[index])
        }
    }

    func copyValues(_ range: Range<Int>, into buffer: inout [Value]) {
        let (data, nulls, odd) = (self.data, self.nulls, self.odd)
        guard range.lowerBound >= 0, range.upperBound <= data.count, nulls.isEmpty, odd.isEmpty
        else {
            buffer.removeAll(keepingCapacity: true)
            for i in range { buffer.append(value(at: i)) }
            return
        }
        let start = range.lowerBound
        switch kind {
        case .int8: fill(&buffer, count: range.count) { .int8(data[start + $0]) }
        case .timestamp: fill(&buffer, count: range.count) { .timestamp(data[start + $0]) }
        case .timestamptz: fill(&buffer, count: range.count) { .timestamptz(data[start + $0]) }
        }
    }

    func batch(_ rows: ContiguousArray<RowID>) -> BatchValues {
        guard odd.isEmpty, rows.last.map({ $0 < data.count }) ?? true else {
            return .values(ContiguousArray(rows.map { value(at: $0) }))
        }
        let batchKind: IntegerBatchKind
        switch kind {
        case .int8: batchKind = .int8
        case .timestamp: batchKind = .timestamp
        case .timestamptz: batchKind = .timestamptz
        }
        return integerBatch(data, nulls, rows, kind: batchKind)
    }

    func removeAll() {
        data.removeAll()
        nulls.removeAll()
        odd.removeAll()
    }

    var estimatedBytes: Int { data.capacity * 8 + nulls.estimatedBytes }
}

/// float8 values.
final class Float64Vector: ColumnVector {
    private var data: [Double] = []
    private var nulls = NullBitmap()
    private var odd: [Int: Value] = [:]

    func append(_ value: Value) {
        switch value {
        case .float8(let x): data.appendCompactly(x)
        case .null:
            nulls.insert(data.count)
            data.appendCompactly(0)
        default:
            odd[data.count] = value
            data.appendCompactly(0)
        }
    }

    func value(at index: Int) -> Value {
        guard index >= 0 && index < data.count else { return .null }
        if nulls.contains(index) { return .null }
        if !odd.isEmpty, let v = odd[index] { return v }
        return .float8(data[index])
    }

    func removeAll() {
        data.removeAll()
        nulls.removeAll()
        odd.removeAll()
    }

    var estimatedBytes: Int { data.capacity * 8 + nulls.estimatedBytes }
}

/// text, varchar and char values as UTF-8 in one arena; `ends[i]` is
/// where value i stops (it starts where value i-1 stops).
final class TextVector: ColumnVector {
    private var bytes: [UInt8] = []
    private var ends: [UInt32] = []
    private var nulls = NullBitmap()
    private var odd: [Int: Value] = [:]

    func append(_ value: Value) {
        if case .text(var s) = value, bytes.count + s.utf8.count < Int(UInt32.max) {
            s.withUTF8 { bytes.appendCompactly(contentsOf: $0) }
            ends.appendCompactly(UInt32(bytes.count))
            return
        }
        if value.isNull { nulls.insert(ends.count) } else { odd[ends.count] = value }
        ends.appendCompactly(UInt32(bytes.count))
    }

    func value(at index: Int) -> Value {
        guard index >= 0 && index < ends.count else { return .null }
        if nulls.contains(index) { return .null }
        if !odd.isEmpty, let v = odd[index] { return v }
        let start = index == 0 ? 0 : Int(ends[index - 1])
        let end = Int(ends[index])
        return .text(String(decoding: bytes[start..<end], as: UTF8.self))
    }

    func batch(_ rows: ContiguousArray<RowID>) -> BatchValues {
        guard odd.isEmpty, rows.last.map({ $0 < ends.count }) ?? true else {
            return .values(ContiguousArray(rows.map { value(at: $0) }))
        }
        var starts = ContiguousArray<UInt32>(repeating: 0, count: rows.count)
        var stops = ContiguousArray<UInt32>(repeating: 0, count: rows.count)
        ends.withUnsafeBufferPointer { ends in
            for (k, id) in rows.enumerated() {
                starts[k] = id == 0 ? 0 : ends[id - 1]
                stops[k] = ends[id]
            }
        }
        var flags: ContiguousArray<Bool>?
        if !nulls.isEmpty {
            var marks = ContiguousArray<Bool>(repeating: false, count: rows.count)
            for (k, id) in rows.enumerated() where nulls.contains(id) { marks[k] = true }
            flags = marks
        }
        return .text(TextBatch(bytes: bytes, starts: starts, ends: stops, nulls: flags))
    }

    func removeAll() {
        bytes.removeAll()
        ends.removeAll()
        nulls.removeAll()
        odd.removeAll()
    }

    var estimatedBytes: Int { bytes.capacity + ends.capacity * 4 + nulls.estimatedBytes }
}

/// Any other type, as boxed values.
final class GenericVector: ColumnVector {
    private var data: [Value] = []

    func append(_ value: Value) { data.appendCompactly(value) }

    func value(at index: Int) -> Value {
        index >= 0 && index < data.count ? data[index] : .null
    }

    func removeAll() { data.removeAll() }

    var estimatedBytes: Int { data.capacity * MemoryLayout<Value>.stride }
}
