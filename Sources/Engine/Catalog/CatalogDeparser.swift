// Column defaults and CHECK constraints printed the way PostgreSQL's
// pg_get_expr and pg_get_constraintdef print them (ruleutils.c, pretty
// mode): the expression the catalog keeps as written is first typed as
// parse analysis would type it (literals take their context's type,
// operators and functions pick their overloads, implicit casts appear),
// then printed from that typed tree (CatalogDeparser+Printing.swift).
// What the typing does not cover falls back to SQLParser's `deparse`.
import SQLParser

/// One node of an analysed expression: just what ruleutils.c needs to
/// print it.
indirect enum AnalysedNode {
    /// A constant: its output text (nil for NULL) and type (`unknown` for
    /// a string literal no context typed).
    case constant(String?, PGType)
    case column(String, PGType)
    /// An operator; `left` is nil for a prefix operator.
    case op(String, left: AnalysedNode?, right: AnalysedNode, type: PGType)
    case call(String, [AnalysedNode], type: PGType)
    /// A call written in SQL-standard syntax, printed back in it: `trim`
    /// (btrim/ltrim/rtrim), `position`, `substring` or `overlay`.
    case sqlSyntax(String, [AnalysedNode], type: PGType)
    /// CURRENT_TIMESTAMP and the other SQLValueFunctions.
    case valueFunction(String, type: PGType)
    /// COALESCE, GREATEST, LEAST and NULLIF.
    case keywordCall(String, [AnalysedNode], type: PGType)
    /// A type conversion: a cast function (`isFunction`) or a relabelling
    /// or I/O conversion; `implicit` ones print only when asked.
    case cast(AnalysedNode, PGType, implicit: Bool, isFunction: Bool)
    case and([AnalysedNode])
    case or([AnalysedNode])
    case not(AnalysedNode)
    case nullTest(AnalysedNode, negated: Bool)
    /// `x IS [NOT] TRUE|FALSE|UNKNOWN`, with the words after `x`.
    case booleanTest(AnalysedNode, String)
    case distinct(AnalysedNode, AnalysedNode)
    /// `x op ANY|ALL (array)`.
    case arrayOp(String, AnalysedNode, AnalysedNode, any: Bool)
    case array([AnalysedNode], type: PGType)
    case caseWhen(
        operand: AnalysedNode?, [(AnalysedNode, AnalysedNode)], AnalysedNode, type: PGType)
    case extract(String, AnalysedNode)
    case atTimeZone(AnalysedNode, zone: AnalysedNode, type: PGType)
    /// A column of a range table entry, printed `refname.column`
    /// (get_variable; views always qualify).
    case variable(DeparseEntry, String, PGType)
    /// An aggregate or window function call (ViewDeparser).
    case aggregate(AnalysedAggregate)
    /// A subquery in an expression (ViewDeparser).
    case sublink(AnalysedSublink)
    /// `x[i]`, `x[i:j]`: each step's bounds (nil where left out) and
    /// whether it is a slice.
    case subscripted(AnalysedNode, [(AnalysedNode?, AnalysedNode?, Bool)], type: PGType)

    /// The node's result type.
    var type: PGType {
        switch self {
        case .constant(_, let t), .column(_, let t), .cast(_, let t, _, _): return t
        case .op(_, _, _, let t), .call(_, _, let t), .valueFunction(_, let t): return t
        case .sqlSyntax(_, _, let t), .subscripted(_, _, let t): return t
        case .keywordCall(_, _, let t), .array(_, let t), .caseWhen(_, _, _, let t): return t
        case .atTimeZone(_, _, let t), .variable(_, _, let t): return t
        case .aggregate(let a): return a.type
        case .sublink(let s): return s.type
        case .and, .or, .not, .nullTest, .booleanTest, .distinct, .arrayOp: return .bool
        case .extract: return .numeric
        }
    }

    /// True for a NULL constant, also under casts (a NULL default is not
    /// stored).
    var isNullConstant: Bool {
        switch self {
        case .constant(let text, _): return text == nil
        case .cast(let inner, _, _, _): return inner.isNullConstant
        default: return false
        }
    }
}

/// Types the expressions of one table's catalog entries and prints them as
/// PostgreSQL's catalog functions do.
struct CatalogDeparser {
    /// The columns an expression may name.
    let columns: [(name: String, type: PGType)]
    /// Resolves operators, overloads and common types.
    let analyser: Analyzer
    /// Where user-defined types are found.
    private let catalog: Catalog
    private let searchPath: [String]
    /// Types what the deparser does not cover by itself (the view
    /// deparser's column references, aggregates and subqueries); nil
    /// leaves `e` to the deparser.
    var hook: ((Expr) throws -> AnalysedNode?)?

    /// A deparser for expressions over `columns`, finding user functions in
    /// `catalog` through `searchPath`.
    init(columns: [(name: String, type: PGType)], catalog: Catalog, searchPath: [String]) {
        self.columns = columns
        self.catalog = catalog
        self.searchPath = searchPath
        let environment = DeparseEnvironment(catalog: catalog, searchPath: searchPath)
        analyser = Analyzer(environment: environment, scope: nil)
    }

    /// pg_get_expr of a column default stored for a column of `type`; nil
    /// when PostgreSQL would store no default (a NULL constant).
    func defaultText(_ e: Expr, columnType: PGType) -> String? {
        guard let node = try? coerce(analyse(e), to: columnType, explicit: false) else {
            return deparse(e)
        }
        if node.isNullConstant { return nil }
        return RuleUtilsPrinter.print(node)
    }

    /// pg_get_constraintdef of a CHECK constraint: `CHECK (expr)`.
    func checkText(_ e: Expr, pretty: Bool = true) -> String {
        guard let node = try? analyse(e) else { return "CHECK (" + deparse(e) + ")" }
        return "CHECK (" + RuleUtilsPrinter.print(node, pretty: pretty) + ")"
    }

    /// A default argument value of a function, typed to the parameter.
    func argumentDefaultText(_ e: Expr, type: PGType) -> String {
        guard let node = try? coerce(analyse(e), to: type, explicit: false) else {
            return deparse(e)
        }
        return RuleUtilsPrinter.print(node)
    }

    // MARK: - Typing

    /// The typed tree of `e`; throws for what the typing does not cover.
    func analyse(_ e: Expr) throws -> AnalysedNode {
        if let hook, let node = try hook(e) { return node }
        switch e.kind {
        case .literal(let literal):
            return try constant(literal)
        case .columnRef(let parts):
            guard let name = parts.last, let column = columns.first(where: { $0.name == name })
            else { throw unsupported }
            return .column(column.name, column.type)
        case .paren(let inner):
            return try analyse(inner)
        case .binary(let op, let l, let r):
            return try binary(op == "!=" ? "<>" : op, try analyse(l), try analyse(r))
        case .unary(let op, let operand):
            if op == "-", let negated = negatedLiteral(operand) { return try constant(negated) }
            return try prefix(op, try analyse(operand))
        case .and:
            return .and(try flatten(e, and: true).map { try boolean(analyse($0)) })
        case .or:
            return .or(try flatten(e, and: false).map { try boolean(analyse($0)) })
        case .not(let inner):
            return .not(try boolean(analyse(inner)))
        case .cast(let inner, let typeName, _):
            let target = try castType(typeName)
            return try coerce(analyse(inner), to: target, explicit: true)
        case .function(let call):
            return try function(call)
        case .caseWhen(let c):
            return try caseExpression(c)
        case .between(let x, let low, let high, let negated, let symmetric):
            return try between(x, low, high, negated: negated, symmetric: symmetric)
        case .inList(let x, let list, let negated):
            return try inList(x, list, negated: negated)
        case .quantifiedArray(let op, let x, let quantifier, let array):
            return try arrayComparison(
                op, try analyse(x), try analyse(array), any: quantifier == .any)
        case .isNull(let inner, let negated):
            return .nullTest(try analyse(inner), negated: negated)
        case .isBoolean(let inner, let test, let negated):
            let words: String
            switch test {
            case .isTrue: words = negated ? "IS NOT TRUE" : "IS TRUE"
            case .isFalse: words = negated ? "IS NOT FALSE" : "IS FALSE"
            case .isUnknown: words = negated ? "IS NOT UNKNOWN" : "IS UNKNOWN"
            }
            return .booleanTest(try boolean(analyse(inner)), words)
        case .isDistinctFrom(let l, let r, let negated):
            guard case .op(_, let left?, let right, _) = try binary("=", analyse(l), analyse(r))
            else { throw unsupported }
            let node = AnalysedNode.distinct(left, right)
            return negated ? .not(node) : node
        case .like(let x, let pattern, nil, let kind, let negated):
            let symbol: String
            switch kind {
            case .like: symbol = negated ? "!~~" : "~~"
            case .ilike: symbol = negated ? "!~~*" : "~~*"
            case .similarTo: throw unsupported
            }
            return try binary(symbol, try analyse(x), try analyse(pattern))
        case .array(let elements):
            return try array(elements.map(analyse))
        case .subscripted(let base, let steps):
            return try subscripts(analyse(base), steps)
        case .atTimeZone(let x, let zone):
            let value = try analyse(x)
            let result: PGType
            switch value.type.oid {
            case PGType.timestamptz.oid: result = .timestamp
            case PGType.timestamp.oid: result = .timestamptz
            default: throw unsupported
            }
            let zoneNode = try coerce(analyse(zone), to: .text, explicit: false)
            return .atTimeZone(value, zone: zoneNode, type: result)
        default:
            throw unsupported
        }
    }

    /// A cast's target: a built-in type, else an enum or composite type
    /// the search path finds.
    private func castType(_ name: TypeName) throws -> PGType {
        do {
            return try resolveTypeName(name)
        } catch let error as SQLError where error.sqlState == SQLState.undefinedObject {
            guard name.modifiers.isEmpty, name.arrayDimensions == 0, let last = name.names.last
            else { throw unsupported }
            let schemas = name.names.count == 2 ? [name.names[0]] : searchPath
            for schema in schemas {
                if let enumType = catalog.enumTypes[schema]?[last] {
                    return EnumTypes.type(for: enumType)
                }
                if let composite = catalog.compositeTypes[schema]?[last] { return composite.type }
            }
            throw unsupported
        }
    }

    /// The error that sends an expression to the fallback deparser.
    var unsupported: SQLError {
        SQLError.notSupported("expression is not covered by the catalog deparser")
    }

    private func constant(_ literal: Literal) throws -> AnalysedNode {
        switch literal {
        case .integer(let digits):
            if let v = Int32(digits) { return .constant(String(v), .int4) }
            if let v = Int64(digits) { return .constant(String(v), .int8) }
            return .constant(
                formatValue(try parseValue(digits, as: .numeric), type: .numeric), .numeric)
        case .numeric(let text):
            return .constant(
                formatValue(try parseValue(text, as: .numeric), type: .numeric), .numeric)
        case .string(let text):
            return .constant(text, .unknown)
        case .boolean(let b):
            return .constant(b ? "t" : "f", .bool)
        case .null:
            return .constant(nil, .unknown)
        case .bitString:
            throw unsupported
        }
    }

    /// gram.y's doNegate: `-` before a (parenthesised) numeric literal
    /// makes a negative constant.
    private func negatedLiteral(_ e: Expr) -> Literal? {
        var inner = e
        while case .paren(let x) = inner.kind { inner = x }
        func flip(_ text: String) -> String {
            text.hasPrefix("-") ? String(text.dropFirst()) : "-" + text
        }
        switch inner.kind {
        case .literal(.integer(let digits)): return .integer(flip(digits))
        case .literal(.numeric(let text)): return .numeric(flip(text))
        default: return nil
        }
    }

    /// The operands of a chain of ANDs (or ORs), as the grammar's
    /// makeAndExpr flattens a left-nested chain.
    private func flatten(_ e: Expr, and: Bool) -> [Expr] {
        var inner = e
        while case .paren(let x) = inner.kind { inner = x }
        switch inner.kind {
        case .and(let l, let r) where and: return flatten(l, and: and) + [r]
        case .or(let l, let r) where !and: return flatten(l, and: and) + [r]
        default: return [e]
        }
    }

    func boolean(_ node: AnalysedNode) throws -> AnalysedNode {
        try coerce(node, to: .bool, explicit: false)
    }

    /// A placeholder operand of `type` for the analyser's resolution.
    private func operand(_ type: PGType) -> Operand {
        Operand(type: type) { _, _ in .null }
    }

    /// A binary operator with both sides coerced to the chosen overload.
    func binary(_ symbol: String, _ left: AnalysedNode, _ right: AnalysedNode) throws
        -> AnalysedNode
    {
        guard
            let op = try analyser.resolveOperator(
                symbol, left: operand(left.type), right: operand(right.type), location: -1),
            let leftType = op.left
        else { throw unsupported }
        let element = polymorphicElement(
            declared: [leftType, op.right], actual: [left.type, right.type])
        let l = try coerce(left, to: instantiate(leftType, element: element), explicit: false)
        let r = try coerce(right, to: instantiate(op.right, element: element), explicit: false)
        return .op(symbol, left: l, right: r, type: instantiate(op.returnType, element: element))
    }

    private func prefix(_ symbol: String, _ value: AnalysedNode) throws -> AnalysedNode {
        guard
            let op = try analyser.resolveOperator(
                symbol, left: nil, right: operand(value.type), location: -1)
        else { throw unsupported }
        let element = polymorphicElement(declared: [op.right], actual: [value.type])
        let v = try coerce(value, to: instantiate(op.right, element: element), explicit: false)
        return .op(symbol, left: nil, right: v, type: instantiate(op.returnType, element: element))
    }

    /// `node` converted to `target` as coerce_type does: literals become
    /// constants of the type, other values get a cast node.
    func coerce(_ node: AnalysedNode, to target: PGType, explicit: Bool) throws -> AnalysedNode {
        if node.type == target { return node }
        if target == .any { return node }
        if case .constant(let text, let type) = node, type == .unknown {
            var resolved = target
            if target.isPolymorphic { resolved = .text }
            let base = resolved.oid == PGType.interval.oid ? resolved : resolved.withoutModifier
            guard let text else {
                return .constant(nil, base)
            }
            let value = try parseValue(text, as: base)
            let constant = AnalysedNode.constant(formatValue(value, type: base), base)
            if base == resolved { return constant }
            return .cast(constant, resolved, implicit: !explicit, isFunction: true)
        }
        if target.isPolymorphic { return node }
        if node.type.oid == target.oid {
            if target.typmod < 0 { return node }
            return .cast(node, target, implicit: !explicit, isFunction: true)
        }
        let context: CoercionContext = explicit ? .explicit : .assignment
        guard analyser.canCoerce(node.type, to: target, context: context) else {
            throw unsupported
        }
        let isFunction = !(node.type.isStringType || target.isStringType)
        return .cast(node, target, implicit: !explicit, isFunction: isFunction)
    }

    private func between(
        _ x: Expr, _ low: Expr, _ high: Expr, negated: Bool, symmetric: Bool
    ) throws -> AnalysedNode {
        let value = try analyse(x)
        func range(_ a: Expr, _ b: Expr) throws -> AnalysedNode {
            if negated {
                return .or([
                    try binary("<", value, analyse(a)), try binary(">", value, analyse(b)),
                ])
            }
            return .and([
                try binary(">=", value, analyse(a)), try binary("<=", value, analyse(b)),
            ])
        }
        guard symmetric else { return try range(low, high) }
        let both = [try range(low, high), try range(high, low)]
        return negated ? .and(both) : .or(both)
    }

    /// `x IN (list)` as transformAExprIn turns it into `x = ANY (ARRAY[..])`
    /// (constants only; lists naming columns are not covered).
    private func inList(_ x: Expr, _ list: [Expr], negated: Bool) throws -> AnalysedNode {
        let value = try analyse(x)
        let items = try list.map(analyse)
        let symbol = negated ? "<>" : "="
        if items.count == 1 { return try binary(symbol, value, items[0]) }
        for item in items where item.mentionsColumn { throw unsupported }
        let common = try commonType(
            [value.type] + items.map(\.type), locations: [], construct: "IN"
        ).withoutModifier
        let elements = try items.map { try coerce($0, to: common, explicit: false) }
        guard let arrayType = common.arrayType else { throw unsupported }
        return try arrayComparison(
            symbol, value, .array(elements, type: arrayType), any: !negated)
    }

    /// `x op ANY|ALL (array)` with the operator chosen for the element type.
    private func arrayComparison(
        _ symbol: String, _ value: AnalysedNode, _ array: AnalysedNode, any: Bool
    ) throws -> AnalysedNode {
        var arrayNode = array
        if array.type == .unknown {
            guard let arrayType = value.type.arrayType else { throw unsupported }
            arrayNode = try coerce(array, to: arrayType, explicit: false)
        }
        guard let element = arrayNode.type.elementType,
            case .op(_, let left?, let right, _) = try binary(
                symbol, value, .constant("", element))
        else { throw unsupported }
        if let wanted = right.type.arrayType, wanted.oid != arrayNode.type.oid {
            arrayNode = .cast(arrayNode, wanted, implicit: true, isFunction: false)
        }
        return .arrayOp(symbol, left, arrayNode, any: any)
    }

    /// An array subscript: the bounds as integers, the element type for
    /// an index and the array type for a slice.
    private func subscripts(_ base: AnalysedNode, _ steps: [Subscript]) throws -> AnalysedNode {
        guard let element = base.type.elementType else { throw unsupported }
        var bounds: [(AnalysedNode?, AnalysedNode?, Bool)] = []
        for step in steps {
            let lower = try step.lower.map { try coerce(analyse($0), to: .int4, explicit: false) }
            let upper = try step.upper.map { try coerce(analyse($0), to: .int4, explicit: false) }
            bounds.append((lower, upper, step.isSlice))
        }
        let isSlice = steps.contains { $0.isSlice }
        return .subscripted(base, bounds, type: isSlice ? base.type.withoutModifier : element)
    }

    private func array(_ elements: [AnalysedNode]) throws -> AnalysedNode {
        guard !elements.isEmpty else { throw unsupported }
        let common = try commonType(elements.map(\.type), locations: [], construct: "ARRAY")
            .withoutModifier
        guard let arrayType = common.arrayType else { throw unsupported }
        return .array(
            try elements.map { try coerce($0, to: common, explicit: false) }, type: arrayType)
    }

    private func caseExpression(_ c: CaseExpr) throws -> AnalysedNode {
        let subject = try c.operand.map(analyse)
        var conditions: [AnalysedNode] = []
        for branch in c.branches {
            let when = try analyse(branch.condition)
            if let subject {
                guard case .op(_, _, let right, _) = try binary("=", subject, when) else {
                    throw unsupported
                }
                conditions.append(right)
            } else {
                conditions.append(try boolean(when))
            }
        }
        let results = try c.branches.map { try analyse($0.result) }
        let elseNode = try c.elseResult.map(analyse) ?? .constant(nil, .unknown)
        let all = results + [elseNode]
        let common = try commonType(all.map(\.type), locations: [], construct: "CASE")
            .withoutModifier
        let coerced = try all.map { try coerce($0, to: common, explicit: false) }
        guard let last = coerced.last else { throw unsupported }
        return .caseWhen(
            operand: subject, Array(zip(conditions, coerced.dropLast())), last, type: common)
    }
}

extension AnalysedNode {
    /// The nodes directly below this one (a sublink's query not included).
    var children: [AnalysedNode] {
        switch self {
        case .constant, .column, .valueFunction, .variable: return []
        case .op(_, let l, let r, _): return (l.map { [$0] } ?? []) + [r]
        case .call(_, let args, _), .keywordCall(_, let args, _), .array(let args, _),
            .sqlSyntax(_, let args, _), .and(let args), .or(let args):
            return args
        case .cast(let x, _, _, _), .not(let x), .nullTest(let x, _), .booleanTest(let x, _),
            .extract(_, let x):
            return [x]
        case .distinct(let a, let b), .arrayOp(_, let a, let b, _), .atTimeZone(let a, let b, _):
            return [a, b]
        case .caseWhen(let subject, let branches, let other, _):
            return (subject.map { [$0] } ?? []) + branches.flatMap { [$0.0, $0.1] } + [other]
        case .subscripted(let base, let steps, _):
            return [base] + steps.flatMap { [$0.0, $0.1].compactMap { $0 } }
        case .aggregate(let a):
            let window = (a.window?.partitionBy ?? []) + (a.window?.orderBy.map(\.node) ?? [])
            return a.arguments + a.orderBy.map(\.node) + (a.filter.map { [$0] } ?? []) + window
        case .sublink(let s): return s.test.map { [$0] } ?? []
        }
    }

    /// True when a subquery appears below this node.
    var containsSublink: Bool {
        if case .sublink = self { return true }
        return children.contains { $0.containsSublink }
    }

    /// True when a column of an entry `matches` appears below this node.
    func readsEntry(_ matches: (DeparseEntry) -> Bool) -> Bool {
        if case .variable(let entry, _, _) = self, matches(entry) { return true }
        return children.contains { $0.readsEntry(matches) }
    }

    /// True when a column appears anywhere below this node.
    var mentionsColumn: Bool {
        switch self {
        case .column, .variable, .aggregate, .sublink: return true
        case .constant, .valueFunction: return false
        case .op(_, let l, let r, _): return (l?.mentionsColumn ?? false) || r.mentionsColumn
        case .call(_, let args, _), .keywordCall(_, let args, _), .array(let args, _),
            .sqlSyntax(_, let args, _),
            .and(let args), .or(let args):
            return args.contains { $0.mentionsColumn }
        case .cast(let x, _, _, _), .not(let x), .nullTest(let x, _), .booleanTest(let x, _),
            .extract(_, let x), .subscripted(let x, _, _):
            return x.mentionsColumn
        case .distinct(let a, let b), .arrayOp(_, let a, let b, _), .atTimeZone(let a, let b, _):
            return a.mentionsColumn || b.mentionsColumn
        case .caseWhen(let subject, let branches, let other, _):
            return (subject?.mentionsColumn ?? false) || other.mentionsColumn
                || branches.contains { $0.0.mentionsColumn || $0.1.mentionsColumn }
        }
    }
}

/// What the analyser may ask while the deparser resolves overloads: user
/// functions, and nothing that would run code.
private final class DeparseEnvironment: CompileEnvironment {
    let catalog: Catalog
    let searchPath: [String]

    init(catalog: Catalog, searchPath: [String]) {
        self.catalog = catalog
        self.searchPath = searchPath
    }

    func hasExtension(_ name: String) -> Bool { catalog.extensions[name] != nil }

    func planSubquery(_ query: SelectStatement, outer: ColumnScope?) throws -> SubqueryPlan {
        throw SQLError.notSupported("subqueries are not covered by the catalog deparser")
    }

    func userFunctions(named name: QualifiedName) -> [UserFunctionDefinition] {
        let schemas = name.schema.map { [$0] } ?? searchPath
        for schema in schemas {
            let found = catalog.functions(named: name.name, in: schema)
            if !found.isEmpty { return found }
        }
        return []
    }

    func callUserFunction(
        _ function: UserFunctionDefinition, arguments: [Value], context: ExecContext
    ) throws -> Value {
        throw SQLError.notSupported("the catalog deparser runs no functions")
    }

    var parameters: ParameterScope? { nil }
}
