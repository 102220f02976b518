// The expressions of a view's query that the catalog deparser does not
// type by itself: column references (resolved through the query's
// levels), aggregate and window function calls (their overload chosen
// among pg_aggregate's and the window functions'), and subqueries
// (EXISTS, IN, ANY/ALL, scalar and ARRAY sublinks).
import SQLParser

extension ViewDeparser {
    /// The result types of the built-in window functions that are not
    /// aggregates; nil stands for the first argument's type.
    private static let windowFunctionTypes: [String: PGType?] = [
        "row_number": .int8, "rank": .int8, "dense_rank": .int8, "ntile": .int4,
        "percent_rank": .float8, "cume_dist": .float8, "lag": nil, "lead": nil,
        "first_value": nil, "last_value": nil, "nth_value": nil,
    ]

    /// `e` typed in the innermost scope.
    func typed(_ e: Expr) throws -> AnalysedNode {
        var deparser = base
        deparser.hook = { [unowned self] e in try self.special(e) }
        return try deparser.analyse(e)
    }

    /// The typing of what CatalogDeparser leaves to the view deparser;
    /// nil for the rest.
    private func special(_ e: Expr) throws -> AnalysedNode? {
        switch e.kind {
        case .columnRef(let parts):
            return try column(parts)
        case .star, .parameter, .row, .fieldSelect, .collate, .defaultValue:
            throw viewDeparseUnsupported("this expression")
        case .function(let call) where call.name.parts == ["grouping"] && call.over == nil:
            // GROUPING(keys): the bit mask of the keys a row's set leaves out.
            let keys = try call.arguments.map { try typed($0.value) }
            return .call("GROUPING", keys, type: .int4)
        case .function(let call):
            if call.over != nil || Analyzer.isAggregateName(call.name) {
                return try aggregate(call)
            }
            if call.name.parts.count == 1,
                ViewDeparser.windowFunctionTypes[call.name.name] != nil
            {
                throw viewDeparseUnsupported("window functions without OVER")
            }
            return nil
        case .exists(let q):
            return .sublink(
                AnalysedSublink(kind: .exists, test: nil, query: try subquery(q), type: .bool))
        case .subquery(let q):
            let query = try subquery(q)
            guard query.columns.count == 1 else {
                throw viewDeparseUnsupported("subqueries returning several columns")
            }
            return .sublink(
                AnalysedSublink(
                    kind: .expression, test: nil, query: query, type: query.columns[0].type))
        case .arraySubquery(let q):
            let query = try subquery(q)
            guard query.columns.count == 1, let type = query.columns[0].type.arrayType else {
                throw viewDeparseUnsupported("this ARRAY subquery")
            }
            return .sublink(AnalysedSublink(kind: .array, test: nil, query: query, type: type))
        case .inSubquery(let x, let q, let negated):
            let node = try quantified("=", x, q, any: true)
            return negated ? .not(node) : node
        case .quantifiedSubquery(let op, let x, let quantifier, let q):
            return try quantified(op, x, q, any: quantifier == .any)
        default:
            return nil
        }
    }

    /// A subquery in an expression, a level of its own whose output
    /// names do not show.
    private func subquery(_ q: SelectStatement) throws -> AnalysedQuery {
        guard let scope = scopes.last else { throw viewDeparseUnsupported("this subquery") }
        return try query(q, naming: childLevel(of: scope.naming), resultNames: nil, visible: false)
    }

    /// `x op ANY|ALL (subquery)`; `= ANY` prints as IN.
    private func quantified(_ op: String, _ x: Expr, _ q: SelectStatement, any: Bool) throws
        -> AnalysedNode
    {
        let left = try typed(x)
        let query = try subquery(q)
        guard query.columns.count == 1 else {
            throw viewDeparseUnsupported("row comparisons with subqueries")
        }
        let placeholder = AnalysedNode.constant("", query.columns[0].type)
        guard case .op(_, let test?, let right, _) = try base.binary(op, left, placeholder),
            right.type == query.columns[0].type
        else { throw viewDeparseUnsupported("this comparison with a subquery") }
        let kind: AnalysedSublink.Kind = any ? .any(op) : .all(op)
        return .sublink(AnalysedSublink(kind: kind, test: test, query: query, type: .bool))
    }

    // MARK: - Aggregates and window functions

    /// An aggregate or window function call with its overload resolved.
    private func aggregate(_ call: FunctionCall) throws -> AnalysedNode {
        guard call.withinGroup.isEmpty, !call.hasVariadic,
            call.arguments.allSatisfy({ $0.name == nil }),
            call.name.parts.count == 1 || call.name.schema == "pg_catalog"
        else { throw viewDeparseUnsupported("this aggregate call") }
        let name = call.name.name
        var arguments = try call.arguments.map { try typed($0.value) }
        let type: PGType
        if let windowType = ViewDeparser.windowFunctionTypes[name] {
            guard call.over != nil, !call.isDistinct, call.orderBy.isEmpty else {
                throw viewDeparseUnsupported("this window function call")
            }
            (arguments, type) = try windowArguments(name, arguments, windowType)
        } else {
            (arguments, type) = try aggregateArguments(name, arguments, isStar: call.isStar)
        }
        var result = AnalysedAggregate(
            name: ruleQuoteIdentifier(name), arguments: arguments, isStar: call.isStar,
            isDistinct: call.isDistinct, type: type)
        result.orderBy = try call.orderBy.map { item in
            AnalysedSortItem(
                node: try typed(item.expr), columnNumber: nil, suffix: try sortSuffix(item))
        }
        result.filter = try call.filter.map { try base.boolean(typed($0)) }
        if let over = call.over {
            if let windowName = over.name {
                guard over.partitionBy.isEmpty, over.orderBy.isEmpty, over.frame == nil else {
                    throw viewDeparseUnsupported("windows that refine a named window")
                }
                result.windowName = windowName
            } else {
                result.window = try windowSpec(over)
            }
        }
        return .aggregate(result)
    }

    /// A built-in aggregate's arguments coerced to its chosen overload.
    private func aggregateArguments(_ name: String, _ nodes: [AnalysedNode], isStar: Bool) throws
        -> ([AnalysedNode], PGType)
    {
        let overloads = builtinAggregates(named: name).filter { $0.orderedSet == nil }
        let signatures = overloads.map(\.argumentTypes)
        let chosen = try OverloadResolver(analyser: base.analyser).resolve(
            signatures, arguments: isStar ? [] : nodes.map(\.type), isOperator: false)
        guard chosen.count == 1, let index = chosen.first else {
            throw viewDeparseUnsupported("this aggregate call")
        }
        let declared = signatures[index]
        let element = polymorphicElement(declared: declared, actual: nodes.map(\.type))
        let coerced = try zip(nodes, declared).map { node, type in
            try base.coerce(node, to: instantiate(type, element: element), explicit: false)
        }
        return (coerced, instantiate(overloads[index].returnType, element: element))
    }

    /// A window function's arguments: lag/lead's offset is an integer and
    /// their default takes the value's type.
    private func windowArguments(_ name: String, _ nodes: [AnalysedNode], _ type: PGType?)
        throws -> ([AnalysedNode], PGType)
    {
        var nodes = nodes
        switch name {
        case "ntile", "nth_value", "lag", "lead":
            let position = name == "ntile" ? 0 : 1
            if nodes.count > position {
                nodes[position] = try base.coerce(nodes[position], to: .int4, explicit: false)
            }
        default:
            break
        }
        if name == "lag" || name == "lead", nodes.count == 3 {
            nodes[2] = try base.coerce(nodes[2], to: nodes[0].type, explicit: false)
        }
        if let type { return (nodes, type) }
        guard let first = nodes.first else { throw viewDeparseUnsupported("this window function") }
        return (nodes, first.type == .unknown ? .text : first.type.withoutModifier)
    }

    /// A window's PARTITION BY, ORDER BY and frame.
    func windowSpec(_ spec: WindowSpec) throws -> AnalysedWindowSpec {
        guard spec.name == nil else {
            throw viewDeparseUnsupported("windows that refine a named window")
        }
        let partition = try spec.partitionBy.map { try typed($0) }
        let order = try spec.orderBy.map { item in
            AnalysedSortItem(
                node: try typed(item.expr), columnNumber: nil, suffix: try sortSuffix(item))
        }
        var frame: [(words: String, offset: AnalysedNode?)] = []
        if let f = spec.frame {
            guard f.mode != .range || !f.hasOffset else {
                throw viewDeparseUnsupported("RANGE frames with offsets")
            }
            frame.append((f.mode.rawValue.uppercased() + (f.end == nil ? " " : " BETWEEN "), nil))
            frame += try bound(f.start)
            if let end = f.end {
                frame.append(("AND ", nil))
                frame += try bound(end)
            }
            if let exclusion = f.exclusion {
                frame.append(("EXCLUDE " + exclusion.rawValue + " ", nil))
            }
        }
        return AnalysedWindowSpec(partitionBy: partition, orderBy: order, frame: frame)
    }

    /// One frame bound as words, an offset coerced to bigint for ROWS and
    /// GROUPS.
    private func bound(_ b: WindowFrame.Bound) throws -> [(words: String, offset: AnalysedNode?)] {
        switch b {
        case .unboundedPreceding: return [("UNBOUNDED PRECEDING ", nil)]
        case .unboundedFollowing: return [("UNBOUNDED FOLLOWING ", nil)]
        case .currentRow: return [("CURRENT ROW ", nil)]
        case .preceding(let e):
            return [
                ("", try base.coerce(typed(e), to: .int8, explicit: false)), (" PRECEDING ", nil),
            ]
        case .following(let e):
            return [
                ("", try base.coerce(typed(e), to: .int8, explicit: false)), (" FOLLOWING ", nil),
            ]
        }
    }
}

extension WindowFrame {
    /// True when a bound has an offset (`n PRECEDING` / `n FOLLOWING`).
    fileprivate var hasOffset: Bool {
        func offset(_ b: Bound?) -> Bool {
            switch b {
            case .preceding?, .following?: return true
            default: return false
            }
        }
        return offset(start) || offset(end)
    }
}
