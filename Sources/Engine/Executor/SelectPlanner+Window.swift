// Planning window calls: the calls of the select list and ORDER BY,
// their OVER clauses resolved against the WINDOW clause, the functions
// resolved (row_number .. nth_value, or any aggregate), their arguments
// compiled over the rows the window sees (grouped rows when the level
// groups), and the scope in which the select list reads each call's value
// from the slot the WindowNode appends.
import SQLParser

/// The windowing step of a query level.
struct WindowingPlan {
    var calls: [WindowCallPlan]
    var scope: WindowedScope
}

/// The names seen above a WindowNode: the input's, plus one slot per
/// window call, after the input row's slots.
final class WindowedScope: ColumnScope {
    let input: ColumnScope
    private let calls: [String: ResolvedColumn]

    init(input: ColumnScope, calls: [String: ResolvedColumn]) {
        self.input = input
        self.calls = calls
    }

    var parent: ColumnScope? { input.parent }
    var isGrouped: Bool { input.isGrouped }

    func precomputed(_ expr: Expr) -> ResolvedColumn? {
        calls[exprKey(expr)] ?? input.precomputed(expr)
    }

    func orderedSetInput(_ call: Expr) -> (ResolvedColumn, OrderedSetCall)? {
        input.orderedSetInput(call)
    }

    func resolveColumn(_ parts: [String], location: Int) throws -> ResolvedColumn? {
        try input.resolveColumn(parts, location: location)
    }

    func resolveFromSubquery(_ parts: [String], location: Int) throws -> ResolvedColumn? {
        try input.resolveFromSubquery(parts, location: location)
    }

    func wholeRow(_ qualifier: [String], location: Int) throws -> (type: PGType, slots: [Int])? {
        try input.wholeRow(qualifier, location: location)
    }

    func expandStar(table: [String]?, location: Int) throws -> [(
        name: String, column: ResolvedColumn
    )] {
        try input.expandStar(table: table, location: location)
    }

    func columnCandidates() -> [(table: String, column: String)] {
        input.columnCandidates()
    }
}

extension Analyzer {
    /// Window calls in `e` at this query level, outermost first.
    static func windowCalls(in e: Expr) -> [Expr] {
        var found: [Expr] = []
        ExprWalker.visit(e) { node in
            if case .function(let call) = node.kind, call.over != nil {
                found.append(node)
                return false
            }
            return true
        }
        return found
    }
}

extension Executor {
    /// The window calls of `select` and `query`'s ORDER BY over rows seen
    /// through `scope` (whose row is `width` values wide), or nil when
    /// there are none.
    func planWindows(
        _ select: SimpleSelect, query: SelectStatement, scope: ColumnScope, width: Int
    ) throws -> WindowingPlan? {
        var calls: [Expr] = []
        var seen: Set<String> = []
        for e in select.targets.map(\.expr) + query.orderBy.map(\.expr) {
            for call in Analyzer.windowCalls(in: e) where seen.insert(exprKey(call)).inserted {
                calls.append(call)
            }
        }
        guard !calls.isEmpty else { return nil }
        var plans: [WindowCallPlan] = []
        var slots: [String: ResolvedColumn] = [:]
        for call in calls {
            guard case .function(let function) = call.kind, let over = function.over else {
                continue
            }
            let spec = try resolveWindow(over, select.namedWindows, location: call.location)
            let plan = try planWindowCall(function, spec, scope: scope, location: call.location)
            slots[exprKey(call)] = ResolvedColumn(slot: width + plans.count, type: plan.resultType)
            plans.append(plan)
        }
        return WindowingPlan(calls: plans, scope: WindowedScope(input: scope, calls: slots))
    }

    /// `OVER name` and `OVER (name ORDER BY ..)` through the WINDOW clause.
    private func resolveWindow(_ spec: WindowSpec, _ named: [NamedWindow], location: Int) throws
        -> WindowSpec
    {
        guard let name = spec.name else { return spec }
        guard let base = named.first(where: { $0.name == name }) else {
            throw SQLError(
                SQLState.undefinedObject, "window \"\(name)\" does not exist",
                position: windowNamePosition(name, after: location) ?? location + 1)
        }
        var resolved = try resolveWindow(base.spec, named, location: location)
        let paren = textPosition(of: "over", after: location).flatMap {
            textPosition(of: "(", after: $0)
        }
        if !spec.partitionBy.isEmpty {
            throw SQLError(
                SQLState.windowingError,
                "cannot override PARTITION BY clause of window \"\(name)\"",
                position: paren ?? location + 1)
        }
        if !spec.orderBy.isEmpty {
            if !resolved.orderBy.isEmpty {
                throw SQLError(
                    SQLState.windowingError,
                    "cannot override ORDER BY clause of window \"\(name)\"",
                    position: paren ?? location + 1)
            }
            resolved.orderBy = spec.orderBy
        }
        if spec.frame != nil { resolved.frame = spec.frame }
        return resolved
    }

    /// Where `OVER name` names the window, in the statement's text after
    /// the call at `location` (PostgreSQL points at the name).
    private func windowNamePosition(_ name: String, after location: Int) -> Int? {
        guard let over = textPosition(of: "over", after: location) else { return nil }
        return textPosition(of: name.lowercased(), after: over + 3)
    }

    /// The 1-based position of `needle` (lower case) in the statement's
    /// text at or after offset `location`: where PostgreSQL points for the
    /// parts of a window clause the syntax tree keeps no location for.
    func textPosition(of needle: String, after location: Int) -> Int? {
        let utf8 = Array(text.utf8)
        guard location >= 0, location < utf8.count else { return nil }
        let tail = String(decoding: utf8[location...], as: UTF8.self).lowercased()
        guard let found = tail.range(of: needle) else { return nil }
        return location + tail.utf8.distance(from: tail.startIndex, to: found.lowerBound) + 1
    }

    private func planWindowCall(
        _ function: FunctionCall, _ spec: WindowSpec, scope: ColumnScope, location: Int
    ) throws -> WindowCallPlan {
        var analyser = analyzer(scope)
        analyser.clause = "window functions"
        let partition = try spec.partitionBy.map { try analyser.compile($0) }
        let order = try spec.orderBy.map { item in
            (key: try analyser.compile(item.expr), item: item)
        }
        let frame = try windowFrame(
            spec.frame, analyser, hasOrder: !spec.orderBy.isEmpty, location: location)
        let (kind, type) = try windowFunction(function, analyser, location: location)
        return WindowCallPlan(
            kind: kind, partitionBy: partition, orderBy: order, frame: frame, resultType: type)
    }

    private func windowFrame(
        _ frame: WindowFrame?, _ analyser: Analyzer, hasOrder: Bool, location: Int
    ) throws -> WindowFrameSpec {
        guard let frame else {
            return hasOrder
                ? .standard
                : WindowFrameSpec(
                    isRows: false, start: .unboundedPreceding, end: .unboundedFollowing)
        }
        if frame.mode == .groups || frame.exclusion.map({ $0 != .noOthers }) == true {
            // TODO(#6): GROUPS frames and EXCLUDE.
            throw SQLError.notSupported("GROUPS frames and EXCLUDE are not supported yet")
        }
        func bound(_ b: WindowFrame.Bound) throws -> WindowBound {
            switch b {
            case .unboundedPreceding: return .unboundedPreceding
            case .unboundedFollowing: return .unboundedFollowing
            case .currentRow: return .currentRow
            case .preceding(let e), .following(let e):
                guard frame.mode == .rows else {
                    // TODO(#6): RANGE with offsets.
                    throw SQLError.notSupported(
                        "RANGE with offset PRECEDING/FOLLOWING is not supported yet")
                }
                let offset = try analyser.compile(e, as: .int8, what: "ROWS")
                if case .preceding = b { return .preceding(offset) }
                return .following(offset)
            }
        }
        if case .unboundedFollowing = frame.start {
            throw SQLError(
                SQLState.windowingError, "frame start cannot be UNBOUNDED FOLLOWING",
                position: textPosition(of: "unbounded following", after: location))
        }
        if case .unboundedPreceding? = frame.end {
            let and = textPosition(of: "and unbounded preceding", after: location)
            throw SQLError(
                SQLState.windowingError, "frame end cannot be UNBOUNDED PRECEDING",
                position: and.map { $0 + 4 })
        }
        return WindowFrameSpec(
            isRows: frame.mode == .rows, start: try bound(frame.start),
            end: try frame.end.map(bound) ?? .currentRow)
    }

    /// The window function `function` calls and its result type.
    private func windowFunction(_ function: FunctionCall, _ analyser: Analyzer, location: Int)
        throws -> (WindowFunctionKind, PGType)
    {
        let name = function.name.name
        let arguments = function.arguments.map(\.value)
        func argumentCount(_ allowed: ClosedRange<Int>) throws {
            guard allowed.contains(arguments.count), !function.isStar else {
                let types = try arguments.map { try analyser.analyse($0).type }
                throw try analyser.callError(
                    name, types, ambiguous: false, location: function.name.location)
            }
        }
        func value(_ index: Int) throws -> CompiledExpr {
            let operand = try analyser.analyse(arguments[index])
            guard operand.isUnknown else { return try analyser.compile(arguments[index]) }
            return try analyser.compile(arguments[index], as: .text, what: name)
        }
        if function.isDistinct {
            throw SQLError.notSupported(
                "DISTINCT is not implemented for window functions", position: location + 1)
        }
        if !function.orderBy.isEmpty {
            throw SQLError.notSupported(
                "aggregate ORDER BY is not implemented for window functions",
                position: location + 1)
        }
        let hypothetical: Set<String> = ["rank", "dense_rank", "percent_rank", "cume_dist"]
        if hypothetical.contains(name), !arguments.isEmpty {
            // With arguments these name the hypothetical-set aggregates.
            throw SQLError(
                SQLState.wrongObjectType,
                "WITHIN GROUP is required for ordered-set aggregate \(name)",
                position: location + 1)
        }
        switch name {
        case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist":
            try argumentCount(0...0)
            let kinds: [String: WindowFunctionKind] = [
                "row_number": .rowNumber, "rank": .rank, "dense_rank": .denseRank,
                "percent_rank": .percentRank, "cume_dist": .cumeDist,
            ]
            let fraction = name == "percent_rank" || name == "cume_dist"
            let type: PGType = fraction ? .float8 : .int8
            return (kinds[name] ?? .rowNumber, type)
        case "ntile":
            try argumentCount(1...1)
            return (.ntile(try analyser.compile(arguments[0], as: .int4, what: "ntile")), .int4)
        case "lag", "lead":
            try argumentCount(1...3)
            let shifted = try value(0)
            let offset =
                arguments.count > 1
                ? try analyser.compile(arguments[1], as: .int4, what: name) : nil
            let fallback =
                arguments.count > 2
                ? try analyser.compile(arguments[2], as: shifted.type, what: name) : nil
            return (
                .shifted(value: shifted, offset: offset, fallback: fallback, lead: name == "lead"),
                shifted.type.withoutModifier
            )
        case "first_value", "last_value":
            try argumentCount(1...1)
            let v = try value(0)
            // A polymorphic result keeps the type, not its modifier.
            return (name == "first_value" ? .firstValue(v) : .lastValue(v), v.type.withoutModifier)
        case "nth_value":
            try argumentCount(2...2)
            let v = try value(0)
            let position = try analyser.compile(arguments[1], as: .int4, what: name)
            return (.nthValue(v, position), v.type.withoutModifier)
        default:
            guard Analyzer.isAggregateName(function.name) else {
                throw SQLError(
                    SQLState.wrongObjectType,
                    "OVER specified, but \(name) is not a window function nor an aggregate "
                        + "function",
                    position: location + 1)
            }
            var plain = function
            plain.over = nil
            let plan = try analyser.compileAggregate(
                Expr(.function(plain), location: location), windowed: true)
            return (.aggregate(plan), plan.resultType)
        }
    }
}
