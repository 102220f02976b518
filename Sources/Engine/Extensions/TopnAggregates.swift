// topn_add_agg(text) and topn_union_agg(jsonb): a counter table per group,
// pruned to half above 3N counters, packed to N at the end. Both give
// `{}` over no rows or only NULLs. They are seen once CREATE EXTENSION
// topn has run.

/// The running table of one topn aggregate call.
private final class TopnAggregateState: AggregateState {
    private let unions: Bool
    private var table: TopnCounterTable?
    private var counters = 1000

    init(unions: Bool) { self.unions = unions }

    func bind(_ context: EvaluationContext) {
        context.loadLibrary(TopnLibrary.name)
        counters = topnCounters(context.setting("topn.number_of_counters"))
    }

    func add(_ args: [Value]) throws { try add(value: args.first ?? .null) }

    func add(value: Value) throws {
        var t = table ?? TopnCounterTable(counters: counters)
        defer { table = t }
        if unions {
            guard !value.isNull else { return }
            var other = TopnCounterTable(counters: counters)
            try other.add(jsonb: value)
            t.merge(other)
        } else if case .text(let s) = value {
            if t.add(topnItemBytes(s), 1) { t.pruneForUnion() }
        }
    }

    func merge(_ other: AggregateState) throws {
        guard let o = (other as? TopnAggregateState)?.table else { return }
        var t = table ?? TopnCounterTable(counters: counters)
        t.merge(o)
        table = t
    }

    func finish() throws -> Value {
        guard var t = table else { return .text("{}") }
        t.prune(limit: t.counters, keep: t.counters)
        return try t.jsonb()
    }
}

/// The topn aggregates, in the engine's built-in catalog.
let topnAggregates: [BuiltinAggregate] = [
    BuiltinAggregate("topn_add_agg", [.text], returns: .jsonb) { _ in
        TopnAggregateState(unions: false)
    },
    BuiltinAggregate("topn_union_agg", [.jsonb], returns: .jsonb) { _ in
        TopnAggregateState(unions: true)
    },
].map { a in
    var a = a
    a.extensionName = "topn"
    return a
}
