// A location-free rendering of an expression, used to recognise the same
// expression written twice (a GROUP BY key repeated in the select list,
// an ORDER BY item that is a select-list entry), as PostgreSQL's equal()
// on parse trees does.
import SQLParser

/// Canonical text of `e` without source locations.
func exprKey(_ e: Expr) -> String {
    var out = ""
    appendKey(e, to: &out)
    return out
}

private func appendKey(_ e: Expr, to out: inout String) {
    func sub(_ x: Expr) { appendKey(x, to: &out) }
    func list(_ xs: [Expr]) {
        out += "["
        for x in xs {
            sub(x)
            out += ","
        }
        out += "]"
    }
    switch e.kind {
    case .paren(let inner):
        sub(inner)
    case .literal(let l):
        out += "lit(\(l))"
    case .columnRef(let parts):
        out += "col(\(parts.joined(separator: ".")))"
    case .star:
        out += "*"
    case .parameter(let n):
        out += "$\(n)"
    case .defaultValue:
        out += "default"
    case .binary(let op, let a, let b):
        out += "op(\(op) "
        sub(a)
        out += " "
        sub(b)
        out += ")"
    case .unary(let op, let a):
        out += "pre(\(op) "
        sub(a)
        out += ")"
    case .and(let a, let b):
        out += "and("
        list([a, b])
        out += ")"
    case .or(let a, let b):
        out += "or("
        list([a, b])
        out += ")"
    case .not(let a):
        out += "not("
        sub(a)
        out += ")"
    case .cast(let a, let t, _):
        out += "cast("
        sub(a)
        out += " \(t.names.joined(separator: ".")) \(t.arrayDimensions) "
        list(t.modifiers)
        out += ")"
    case .function(let call):
        out += "fn(\(call.name.parts.joined(separator: ".")) d\(call.isDistinct) s\(call.isStar) "
        for a in call.arguments {
            out += a.name ?? ""
            out += "="
            sub(a.value)
            out += ","
        }
        for item in call.orderBy { sortKey(item, &out) }
        if let f = call.filter {
            out += " filter "
            sub(f)
        }
        if call.over != nil { out += " over\(e.location)" }
        out += ")"
    case .caseWhen(let c):
        out += "case("
        if let o = c.operand { sub(o) }
        for b in c.branches {
            out += " when "
            sub(b.condition)
            out += " then "
            sub(b.result)
        }
        if let x = c.elseResult {
            out += " else "
            sub(x)
        }
        out += ")"
    case .between(let v, let lo, let hi, let negated, let symmetric):
        out += "between(\(negated) \(symmetric) "
        list([v, lo, hi])
        out += ")"
    case .inList(let v, let items, let negated):
        out += "in(\(negated) "
        sub(v)
        list(items)
        out += ")"
    case .isNull(let a, let negated):
        out += "isnull(\(negated) "
        sub(a)
        out += ")"
    case .isBoolean(let a, let test, let negated):
        out += "is(\(test) \(negated) "
        sub(a)
        out += ")"
    case .isDistinctFrom(let a, let b, let negated):
        out += "distinct(\(negated) "
        list([a, b])
        out += ")"
    case .like(let v, let p, let esc, let kind, let negated):
        out += "like(\(kind) \(negated) "
        list([v, p] + (esc.map { [$0] } ?? []))
        out += ")"
    case .array(let items):
        out += "array"
        list(items)
    case .row(let items, _):
        out += "row"
        list(items)
    case .subscripted(let base, let subs):
        out += "sub("
        sub(base)
        for s in subs {
            out += "["
            if let l = s.lower { sub(l) }
            out += s.isSlice ? ":" : ""
            if let u = s.upper { sub(u) }
            out += "]"
        }
        out += ")"
    case .fieldSelect(let a, let field):
        out += "field(\(field) "
        sub(a)
        out += ")"
    case .collate(let a, let name):
        out += "collate(\(name.parts) "
        sub(a)
        out += ")"
    case .atTimeZone(let a, let z):
        out += "tz("
        list([a, z])
        out += ")"
    default:
        // Subqueries and rarer forms compare with their locations, so two
        // copies of them are only recognised when written at one place.
        out += "\(e)"
    }
}

private func sortKey(_ item: SortItem, _ out: inout String) {
    out += " order "
    appendKey(item.expr, to: &out)
    out += " \(String(describing: item.direction)) \(String(describing: item.nulls))"
}
