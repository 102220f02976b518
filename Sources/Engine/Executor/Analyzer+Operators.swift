// Operators and the boolean connectives. Operator overloads are chosen as
// parse_oper.c chooses them (see `OverloadResolver`), then bound into one
// closure per call site.
import SQLParser

extension Analyzer {
    /// Resolves `symbol` for operands of the given types; nil when no
    /// operator exists. Throws when several fit equally well.
    func resolveOperator(
        _ symbol: String, left: Operand?, right: Operand, location: Int
    ) throws -> BuiltinOperator? {
        if let exact = exactBuiltinOperator(symbol, left: left?.type, right: right.type) {
            return exact
        }
        let candidates = builtinOperators(named: symbol).filter {
            ($0.left == nil) == (left == nil)
        }
        var argumentTypes: [PGType] = []
        if let left { argumentTypes.append(left.type) }
        argumentTypes.append(right.type)
        let signatures = candidates.map { op -> [PGType] in
            op.left.map { [$0, op.right] } ?? [op.right]
        }
        let chosen = try OverloadResolver(analyser: self).resolve(
            signatures, arguments: argumentTypes, isOperator: true)
        switch chosen.count {
        case 0:
            return nil
        case 1:
            return candidates[chosen[0]]
        default:
            throw SQLError(
                SQLState.ambiguousFunction,
                "operator is not unique: \(operatorDescription(symbol, left: left?.type, right: right.type))",
                hint:
                    "Could not choose a best candidate operator. You might need to add explicit type casts.",
                position: location + 1)
        }
    }

    private func operatorDescription(_ symbol: String, left: PGType?, right: PGType) -> String {
        if let left { return "\(formatType(left)) \(symbol) \(formatType(right))" }
        return "\(symbol) \(formatType(right))"
    }

    private func noOperator(_ symbol: String, left: PGType?, right: PGType, location: Int)
        -> SQLError
    {
        SQLError(
            SQLState.undefinedFunction,
            "operator does not exist: \(operatorDescription(symbol, left: left, right: right))",
            hint:
                "No operator matches the given name and argument types. You might need to add explicit type casts.",
            position: location + 1)
    }

    /// Binds a resolved operator to its operands: coerces them to the
    /// operator's input types, applies strictness and folds constants.
    func applyOperator(
        _ symbol: String, _ left: Operand?, _ right: Operand, location: Int
    ) throws -> Operand {
        if let left, let compared = try enumComparison(symbol, left, right, location: location) {
            return compared
        }
        guard let op = try resolveOperator(symbol, left: left, right: right, location: location)
        else {
            throw noOperator(symbol, left: left?.type, right: right.type, location: location)
        }
        let declared = op.left.map { [$0, op.right] } ?? [op.right]
        let actual = left.map { [$0.type, right.type] } ?? [right.type]
        let element = polymorphicElement(declared: declared, actual: actual)
        let rightArg = try coerce(
            right, to: instantiate(op.right, element: element), context: .implicit,
            location: location)
        let implementation = op.implementation
        let resultType = instantiate(op.returnType, element: element)
        guard let left, let leftType = op.left else {
            let r = rightArg.evaluate
            let result = Operand(type: resultType) { row, ctx in
                let value = try r(row, ctx)
                if case .null = value { return .null }
                return try implementation(.null, value)
            }
            return try fold(result, inputs: [rightArg])
        }
        let leftArg = try coerce(
            left, to: instantiate(leftType, element: element), context: .implicit,
            location: location)
        let l = leftArg.evaluate
        let r = rightArg.evaluate
        if let test = IntegerComparison(symbol, op), leftArg.type.oid == leftType.oid,
            rightArg.type.oid == op.right.oid
        {
            // `column op constant`: read the row and compare in one step.
            if let slot = leftArg.columnSlot, let constant = rightArg.constant,
                let y = constant.integerPayload
            {
                let result = Operand(type: resultType) { row, _ in
                    let a = row[slot]
                    if case .null = a { return .null }
                    guard let x = a.integerPayload else { return try implementation(a, constant) }
                    return .bool(test.holds(x, y))
                }
                return try fold(result, inputs: [leftArg, rightArg])
            }
            let result = Operand(type: resultType) { row, ctx in
                let a = try l(row, ctx)
                if case .null = a { return .null }
                let b = try r(row, ctx)
                if case .null = b { return .null }
                guard let x = a.integerPayload, let y = b.integerPayload else {
                    return try implementation(a, b)
                }
                return .bool(test.holds(x, y))
            }
            return try fold(result, inputs: [leftArg, rightArg])
        }
        let result = Operand(type: resultType) { row, ctx in
            let a = try l(row, ctx)
            if case .null = a { return .null }
            let b = try r(row, ctx)
            if case .null = b { return .null }
            return try implementation(a, b)
        }
        return try fold(result, inputs: [leftArg, rightArg])
    }

    /// This analyser with constant folding switched off.
    var unfolding: Analyzer {
        var copy = self
        copy.foldsConstants = false
        return copy
    }

    func analyseBinary(_ symbol: String, _ left: Expr, _ right: Expr, location: Int) throws
        -> Operand
    {
        let op = symbol == "!=" ? "<>" : symbol
        if let l = rowFields(left), let r = rowFields(right),
            ["=", "<>", "<", "<=", ">", ">="].contains(op)
        {
            return try analyseRowComparison(op, l, r, location: location)
        }
        let leftOperand = try analyse(left)
        let rightOperand = try analyse(right)
        if leftOperand.type.isRecord, rightOperand.type.isRecord,
            ["=", "<>", "<", "<=", ">", ">="].contains(op)
        {
            return recordComparison(op, leftOperand, rightOperand)
        }
        return try applyOperator(op, leftOperand, rightOperand, location: location)
    }

    private func rowFields(_ e: Expr) -> [Expr]? {
        switch e.kind {
        case .row(let fields, _): return fields
        case .paren(let inner): return rowFields(inner)
        default: return nil
        }
    }

    /// `(a, b) op (c, d)`: `=` and `<>` compare every field; the ordering
    /// operators compare lexicographically, as make_row_comparison_op.
    private func analyseRowComparison(_ op: String, _ left: [Expr], _ right: [Expr], location: Int)
        throws -> Operand
    {
        guard left.count == right.count else {
            throw SQLError(
                SQLState.syntaxError, "unequal number of entries in row expressions",
                position: location + 1)
        }
        let equal = try zip(left, right).map {
            try applyOperator("=", try analyse($0), try analyse($1), location: location)
        }
        let strict =
            op == "=" || op == "<>"
            ? []
            : try zip(left, right).map { l, r in
                try applyOperator(
                    String(op.prefix(1)), try analyse(l), try analyse(r), location: location)
            }
        let equalEval = equal.map(\.evaluate)
        let strictEval = strict.map(\.evaluate)
        let last =
            op == "=" || op == "<>"
            ? []
            : [
                try applyOperator(
                    op, try analyse(left[left.count - 1]), try analyse(right[right.count - 1]),
                    location: location
                ).evaluate
            ]
        let result = Operand(type: .bool) { row, ctx in
            switch op {
            case "=", "<>":
                var sawNull = false
                for compare in equalEval {
                    switch try compare(row, ctx) {
                    case .bool(false): return .bool(op == "<>")
                    case .null: sawNull = true
                    default: break
                    }
                }
                return sawNull ? .null : .bool(op == "=")
            default:
                for index in 0..<(equalEval.count - 1) {
                    let eq = try equalEval[index](row, ctx)
                    if case .bool(true) = eq { continue }
                    if case .null = eq { return .null }
                    return try strictEval[index](row, ctx)
                }
                return try last[0](row, ctx)
            }
        }
        return try fold(result, inputs: equal + strict)
    }

    func analyseUnary(_ symbol: String, _ operand: Expr, location: Int) throws -> Operand {
        if symbol == "-", case .literal(let literal) = operand.kind {
            switch literal {
            case .integer(let digits):
                return try analyseNegativeInteger(digits, location: location)
            case .numeric(let text):
                return .constant(try parseValue("-" + text, as: .numeric), type: .numeric)
            default:
                break
            }
        }
        return try applyOperator(symbol, nil, try analyse(operand), location: location)
    }

    /// `-2147483648` is an int4 literal, as the grammar folds the sign into
    /// the constant before typing it.
    private func analyseNegativeInteger(_ digits: String, location: Int) throws -> Operand {
        let text = "-" + digits
        if let v = Int32(text) { return .constant(.int4(v), type: .int4) }
        if let v = Int64(text) { return .constant(.int8(v), type: .int8) }
        return .constant(try parseValue(text, as: .numeric), type: .numeric)
    }

    // MARK: - Boolean connectives

    func analyseAnd(_ left: Expr, _ right: Expr) throws -> Operand {
        try analyseConnective(left, right, keyword: "AND", dominant: false)
    }

    func analyseOr(_ left: Expr, _ right: Expr) throws -> Operand {
        try analyseConnective(left, right, keyword: "OR", dominant: true)
    }

    /// AND (`dominant` false) and OR (true): the dominant value decides the
    /// result whatever the other side is, NULL otherwise wins over the
    /// other value, and a constant dominant left side leaves the right side
    /// analysed but unfolded, as PostgreSQL's planner skips it.
    private func analyseConnective(
        _ left: Expr, _ right: Expr, keyword: String, dominant: Bool
    ) throws -> Operand {
        let what = "argument of \(keyword)"
        let l = try requireBoolean(try analyse(left), what: what, location: left.location)
        let decided = foldsConstants && l.constant == .bool(dominant)
        let rightAnalyser = decided ? unfolding : self
        let r = try requireBoolean(
            try rightAnalyser.analyse(right), what: what, location: right.location)
        if decided { return .constant(.bool(dominant), type: .bool) }
        let le = l.evaluate
        let re = r.evaluate
        let result = Operand(type: .bool) { row, ctx in
            let a = try le(row, ctx)
            if case .bool(let x) = a, x == dominant { return a }
            let b = try re(row, ctx)
            if case .bool(let y) = b, y == dominant { return b }
            if case .null = a { return .null }
            return b
        }
        return try fold(result, inputs: [l, r])
    }

    func analyseNot(_ inner: Expr) throws -> Operand {
        let operand = try requireBoolean(
            try analyse(inner), what: "argument of NOT", location: inner.location)
        let e = operand.evaluate
        let result = Operand(type: .bool) { row, ctx in
            switch try e(row, ctx) {
            case .bool(let b): return .bool(!b)
            default: return .null
            }
        }
        return try fold(result, inputs: [operand])
    }

    // MARK: - Predicates

    func analyseIsNull(_ inner: Expr, negated: Bool) throws -> Operand {
        let operand = try analyse(inner)
        let e = operand.evaluate
        if operand.type.isRecord {
            // A composite IS NULL when every field is, IS NOT NULL when
            // none is.
            return Operand(type: .bool) { row, ctx in
                guard case .record(let fields) = try e(row, ctx) else { return .bool(!negated) }
                let nulls = fields.filter(\.isNull).count
                return .bool(negated ? nulls == 0 : nulls == fields.count)
            }
        }
        let result = Operand(type: .bool) { row, ctx in
            let isNull = try e(row, ctx).isNull
            return .bool(isNull != negated)
        }
        return try fold(result, inputs: [operand])
    }

    func analyseBooleanTest(_ inner: Expr, _ test: BooleanTest, negated: Bool) throws -> Operand {
        let what: String
        switch test {
        case .isTrue: what = negated ? "argument of IS NOT TRUE" : "argument of IS TRUE"
        case .isFalse: what = negated ? "argument of IS NOT FALSE" : "argument of IS FALSE"
        case .isUnknown: what = negated ? "argument of IS NOT UNKNOWN" : "argument of IS UNKNOWN"
        }
        let operand = try requireBoolean(try analyse(inner), what: what, location: inner.location)
        let e = operand.evaluate
        let result = Operand(type: .bool) { row, ctx in
            let value = try e(row, ctx)
            let matches: Bool
            switch (test, value) {
            case (.isTrue, .bool(true)), (.isFalse, .bool(false)), (.isUnknown, .null):
                matches = true
            default: matches = false
            }
            return .bool(matches != negated)
        }
        return try fold(result, inputs: [operand])
    }

    func analyseDistinctFrom(_ left: Expr, _ right: Expr, negated: Bool, location: Int) throws
        -> Operand
    {
        let l = try analyse(left)
        let r = try analyse(right)
        guard let op = try resolveOperator("=", left: l, right: r, location: location),
            let leftType = op.left
        else {
            throw noOperator("=", left: l.type, right: r.type, location: location)
        }
        let la = try coerce(l, to: leftType, context: .implicit, location: left.location).evaluate
        let ra = try coerce(r, to: op.right, context: .implicit, location: right.location).evaluate
        let equals = op.implementation
        let result = Operand(type: .bool) { row, ctx in
            let a = try la(row, ctx)
            let b = try ra(row, ctx)
            let distinct: Bool
            switch (a.isNull, b.isNull) {
            case (true, true): distinct = false
            case (true, false), (false, true): distinct = true
            default: distinct = try equals(a, b) != .bool(true)
            }
            return .bool(distinct != negated)
        }
        return try fold(result, inputs: [l, r])
    }

    func analyseBetween(
        _ value: Expr, _ low: Expr, _ high: Expr, negated: Bool, symmetric: Bool, location: Int
    ) throws -> Operand {
        let v = try analyse(value)
        let lo = try analyse(low)
        let hi = try analyse(high)
        let ge = try applyOperator(">=", v, lo, location: location)
        let le = try applyOperator("<=", v, hi, location: location)
        let forward = conjunction(ge, le)
        var test = forward
        if symmetric {
            let ge2 = try applyOperator(">=", v, hi, location: location)
            let le2 = try applyOperator("<=", v, lo, location: location)
            test = disjunction(forward, conjunction(ge2, le2))
        }
        guard negated else { return try fold(test, inputs: [v, lo, hi]) }
        let inner = test.evaluate
        let result = Operand(type: .bool) { row, ctx in
            switch try inner(row, ctx) {
            case .bool(let b): return .bool(!b)
            default: return .null
            }
        }
        return try fold(result, inputs: [v, lo, hi])
    }

    private func conjunction(_ l: Operand, _ r: Operand) -> Operand {
        let le = l.evaluate
        let re = r.evaluate
        return Operand(type: .bool) { row, ctx in
            let a = try le(row, ctx)
            if case .bool(false) = a { return a }
            let b = try re(row, ctx)
            if case .bool(false) = b { return b }
            if case .null = a { return .null }
            return b
        }
    }

    private func disjunction(_ l: Operand, _ r: Operand) -> Operand {
        let le = l.evaluate
        let re = r.evaluate
        return Operand(type: .bool) { row, ctx in
            let a = try le(row, ctx)
            if case .bool(true) = a { return a }
            let b = try re(row, ctx)
            if case .bool(true) = b { return b }
            if case .null = a { return .null }
            return b
        }
    }

    /// `x IN (a, b)`: true if any comparison is true, NULL if none is but
    /// one is NULL, else false.
    func analyseInList(_ value: Expr, _ list: [Expr], negated: Bool, location: Int) throws
        -> Operand
    {
        let v = try analyse(value)
        let items = try list.map { try analyse($0) }
        let comparisons = try items.map { item in
            try applyOperator("=", v, item, location: location).evaluate
        }
        let result = Operand(type: .bool) { row, ctx in
            var sawNull = false
            for compare in comparisons {
                switch try compare(row, ctx) {
                case .bool(true): return .bool(!negated)
                case .null: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .bool(negated)
        }
        return try fold(result, inputs: [v] + items)
    }

    func analyseLike(
        _ value: Expr, _ pattern: Expr, _ escape: Expr?, _ kind: LikeKind, negated: Bool,
        location: Int
    ) throws -> Operand {
        let symbol: String
        switch kind {
        case .like: symbol = negated ? "!~~" : "~~"
        case .ilike: symbol = negated ? "!~~*" : "~~*"
        case .similarTo:
            throw SQLError.notSupported("SIMILAR TO is not supported yet", position: location + 1)
        }
        var patternExpr = pattern
        if let escape {
            let call = FunctionCall(
                name: QualifiedName(["like_escape"]),
                arguments: [FunctionArgument(value: pattern), FunctionArgument(value: escape)])
            patternExpr = Expr(.function(call), location: pattern.location)
        }
        return try applyOperator(
            symbol, try analyse(value), try analyse(patternExpr), location: location)
    }
}

/// A built-in comparison of two values of one integer-like type (int2,
/// int4, int8, date, timestamp, timestamptz), which order as their
/// integers do, evaluated without the operator's general implementation.
private enum IntegerComparison {
    case equal, notEqual, less, lessEqual, greater, greaterEqual

    /// The comparison `op` performs, nil unless it is one of the six
    /// comparisons between two identical integer-like types.
    init?(_ symbol: String, _ op: BuiltinOperator) {
        let integerTypes: [Int32] = [
            PGType.int2.oid, PGType.int4.oid, PGType.int8.oid, PGType.date.oid,
            PGType.timestamp.oid, PGType.timestamptz.oid,
        ]
        guard let left = op.left, left.oid == op.right.oid, integerTypes.contains(left.oid),
            op.returnType.oid == PGType.bool.oid
        else { return nil }
        switch symbol {
        case "=": self = .equal
        case "<>": self = .notEqual
        case "<": self = .less
        case "<=": self = .lessEqual
        case ">": self = .greater
        case ">=": self = .greaterEqual
        default: return nil
        }
    }

    @inline(__always)
    func holds(_ x: Int64, _ y: Int64) -> Bool {
        switch self {
        case .equal: return x == y
        case .notEqual: return x != y
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        case .greaterEqual: return x >= y
        }
    }
}

extension Value {
    /// The integer inside an int2, int4, int8, date, timestamp or
    /// timestamptz value.
    @inline(__always)
    fileprivate var integerPayload: Int64? {
        switch self {
        case .int2(let v): return Int64(v)
        case .int4(let v): return Int64(v)
        case .int8(let v), .timestamp(let v), .timestamptz(let v): return v
        case .date(let v): return Int64(v)
        default: return nil
        }
    }
}
