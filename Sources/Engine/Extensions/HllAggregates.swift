// hll_add_agg and hll_union_agg. Both return NULL over no rows; the first
// row of hll_add_agg creates an EMPTY sketch (with the parameters given
// to the aggregate, else the defaults) even when its hash is NULL, while
// hll_union_agg skips NULL sketches.

/// hll_add_agg's state: the sketch, created by the first row. A scan that
/// reads a batch at a time hands it a batch of hash values.
private final class HllAddState: BatchAggregateState {
    var sketch: HllMultiset?
    /// The calling session's defaults, read when the aggregate binds.
    private var defaults = HllParameters.builtinDefaults

    func bind(_ context: EvaluationContext) {
        defaults = HllDefaults.current(context)
    }

    func add(value: Value) throws {
        // The sketch exists after the first row: hash values go straight in.
        if sketch != nil {
            if case .int8(let e) = value { try sketch?.add(e) }
            return
        }
        try add([value])
    }

    func add(_ args: [Value]) throws {
        if sketch == nil {
            let d = defaults
            let given = args.dropFirst().map { argInt64($0) }
            func at(_ i: Int, _ fallback: Int64) -> Int64 {
                i < given.count ? (given[i] ?? fallback) : fallback
            }
            let p = try HllParameters.checked(
                at(0, Int64(d.log2m)), at(1, Int64(d.regwidth)), at(2, d.expthresh),
                at(3, Int64(d.sparseon)))
            sketch = HllMultiset(empty: p)
        }
        if case .int8(let e)? = args.first { try sketch?.add(e) }
    }

    func add(batch values: BatchValues) throws {
        var first = 0
        if sketch == nil {
            guard values.count > 0 else { return }
            try add([values.value(at: 0)])
            first = 1
        }
        guard case .integers(let hashes, let nulls, .int8) = values, var set = sketch else {
            for i in first..<values.count { try add(value: values.value(at: i)) }
            return
        }
        // The sketch is taken out while it grows, so it is not copied.
        sketch = nil
        defer { sketch = set }
        for i in first..<hashes.count where nulls?[i] != true { try set.add(hashes[i]) }
    }

    func merge(_ other: AggregateState) throws {
        guard let o = (other as? HllAddState)?.sketch else { return }
        guard var mine = sketch else {
            sketch = o
            return
        }
        try mine.checkCompatible(o)
        try mine.formUnion(o)
        sketch = mine
    }

    func finish() throws -> Value {
        guard let sketch else { return .null }
        return .bytea(sketch.bytes)
    }
}

/// hll_union_agg's state: the union of the non-NULL sketches so far.
private final class HllUnionState: AggregateState {
    var sketch: HllMultiset?

    func add(value: Value) throws {
        guard !value.isNull else { return }
        try fold(try hllArgument(value))
    }

    private func fold(_ other: HllMultiset) throws {
        guard var mine = sketch else {
            sketch = other
            return
        }
        try mine.checkCompatible(other)
        try mine.formUnion(other)
        sketch = mine
    }

    func merge(_ other: AggregateState) throws {
        if let o = (other as? HllUnionState)?.sketch { try fold(o) }
    }

    func finish() throws -> Value {
        guard let sketch else { return .null }
        return .bytea(sketch.bytes)
    }
}

/// The hll aggregates, in the engine's built-in catalog.
let hllAggregates: [BuiltinAggregate] = {
    let parameterTypes: [PGType] = [.int4, .int4, .int8, .int4]
    var aggs: [BuiltinAggregate] = (0...4).map { n in
        BuiltinAggregate(
            "hll_add_agg", [.hllHashval] + parameterTypes.prefix(n), returns: .hll
        ) { _ in HllAddState() }
    }
    aggs.append(BuiltinAggregate("hll_union_agg", [.hll], returns: .hll) { _ in HllUnionState() })
    return aggs.map { a in
        var a = a
        a.extensionName = "hll"
        return a
    }
}()
