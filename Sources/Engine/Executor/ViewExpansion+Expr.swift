// The expression half of the view expander: subqueries inside
// expressions (scalar, IN, EXISTS, ANY/ALL, ARRAY) are queries whose views
// are expanded too. In `.bind` mode every location is moved out of range
// (see `ViewExpander.storedLocation`).
import SQLParser

extension ViewExpander {
    /// `e` with the views of its subqueries expanded.
    mutating func expr(_ e: Expr) throws -> Expr {
        let location = mode == .bind ? Self.storedLocation(e.location) : e.location
        return Expr(try kind(e.kind), location: location)
    }

    mutating func function(_ f: FunctionCall) throws -> FunctionCall {
        var f = f
        for index in f.arguments.indices {
            f.arguments[index].value = try expr(f.arguments[index].value)
        }
        for index in f.orderBy.indices { f.orderBy[index].expr = try expr(f.orderBy[index].expr) }
        for index in f.withinGroup.indices {
            f.withinGroup[index].expr = try expr(f.withinGroup[index].expr)
        }
        f.filter = try f.filter.map { try expr($0) }
        return f
    }

    private mutating func kind(_ k: ExprKind) throws -> ExprKind {
        switch k {
        case .literal, .columnRef, .star, .parameter, .defaultValue:
            return k
        case .inSubquery(let x, let q, let negated):
            return .inSubquery(try expr(x), try query(q), negated: negated)
        case .quantifiedSubquery(let op, let x, let quantifier, let q):
            return .quantifiedSubquery(op: op, try expr(x), quantifier, try query(q))
        case .exists(let q): return .exists(try query(q))
        case .subquery(let q): return .subquery(try query(q))
        case .arraySubquery(let q): return .arraySubquery(try query(q))
        default:
            return try operatorKind(k)
        }
    }

    /// The cases whose children are plain expressions.
    private mutating func operatorKind(_ k: ExprKind) throws -> ExprKind {
        switch k {
        case .binary(let op, let a, let b): return .binary(op: op, try expr(a), try expr(b))
        case .unary(let op, let a): return .unary(op: op, try expr(a))
        case .and(let a, let b): return .and(try expr(a), try expr(b))
        case .or(let a, let b): return .or(try expr(a), try expr(b))
        case .not(let a): return .not(try expr(a))
        case .cast(let a, let type, let syntax): return .cast(try expr(a), type, syntax)
        case .function(let f): return .function(try function(f))
        case .caseWhen(let c): return .caseWhen(try caseExpr(c))
        case .between(let x, let low, let high, let negated, let symmetric):
            return .between(
                try expr(x), low: try expr(low), high: try expr(high), negated: negated,
                symmetric: symmetric)
        case .inList(let x, let list, let negated):
            return .inList(try expr(x), try list.map { try expr($0) }, negated: negated)
        case .quantifiedArray(let op, let x, let quantifier, let array):
            return .quantifiedArray(op: op, try expr(x), quantifier, try expr(array))
        case .isNull(let x, let negated): return .isNull(try expr(x), negated: negated)
        case .isBoolean(let x, let test, let negated):
            return .isBoolean(try expr(x), test, negated: negated)
        case .isDistinctFrom(let a, let b, let negated):
            return .isDistinctFrom(try expr(a), try expr(b), negated: negated)
        case .like(let x, let pattern, let escape, let likeKind, let negated):
            return .like(
                try expr(x), pattern: try expr(pattern), escape: try escape.map { try expr($0) },
                kind: likeKind, negated: negated)
        case .array(let elements): return .array(try elements.map { try expr($0) })
        case .row(let elements, let explicit):
            return .row(try elements.map { try expr($0) }, explicitRow: explicit)
        case .subscripted(let x, let subscripts):
            return .subscripted(try expr(x), try subscripts.map { try subscriptBounds($0) })
        case .fieldSelect(let x, let field): return .fieldSelect(try expr(x), field)
        case .collate(let x, let collation): return .collate(try expr(x), collation)
        case .atTimeZone(let x, let zone): return .atTimeZone(try expr(x), try expr(zone))
        case .paren(let x): return .paren(try expr(x))
        default: return k
        }
    }

    private mutating func caseExpr(_ c: CaseExpr) throws -> CaseExpr {
        var c = c
        c.operand = try c.operand.map { try expr($0) }
        for index in c.branches.indices {
            c.branches[index].condition = try expr(c.branches[index].condition)
            c.branches[index].result = try expr(c.branches[index].result)
        }
        c.elseResult = try c.elseResult.map { try expr($0) }
        return c
    }

    private mutating func subscriptBounds(_ s: Subscript) throws -> Subscript {
        Subscript(
            lower: try s.lower.map { try expr($0) }, upper: try s.upper.map { try expr($0) },
            isSlice: s.isSlice)
    }
}
