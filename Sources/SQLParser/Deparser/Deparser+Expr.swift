// Expressions back to SQL text. Parentheses written in the source are
// `.paren` nodes and come back as written; where a tree built by hand
// would otherwise re-parse differently, the deparser adds parentheses or
// spells the operator as OPERATOR(pg_catalog.op), whose precedence fits.

/// SQL text for `expr` that parses back to an equal tree (locations aside).
public func deparse(_ expr: Expr) -> String {
    ExprDeparser.render(expr).text
}

/// Renders expressions with their binding strength, so parents know when
/// a child needs parentheses.
enum ExprDeparser {
    /// Rendered text, the precedence of its outermost operator, and whether
    /// it ends in an open operand (`a = b`, unlike `a IS NULL`).
    struct Rendered {
        var text: String
        var level: Precedence
        var openRight: Bool
    }

    /// Precedence above every operator: constants, names, calls.
    static let primary = Precedence.typecast

    static func closed(_ text: String) -> Rendered {
        Rendered(text: text, level: .typecast, openRight: false)
    }

    /// `child` as an operand that must bind at least as tightly as
    /// `minimum`; with `strict`, equal strength needs parentheses unless
    /// the child is closed on the right (nonassociative left operands).
    static func operand(
        _ child: Expr, minimum: Precedence, strict: Bool = false
    ) -> String {
        let rendered = render(child)
        if fits(rendered, minimum: minimum, strict: strict) { return rendered.text }
        return "(" + rendered.text + ")"
    }

    static func fits(_ rendered: Rendered, minimum: Precedence, strict: Bool) -> Bool {
        if rendered.level > minimum { return true }
        if rendered.level < minimum { return false }
        return !strict || !rendered.openRight
    }

    static func render(_ expr: Expr) -> Rendered {
        switch expr.kind {
        case .literal(let literal):
            return renderLiteral(literal)
        case .columnRef(let parts):
            return closed(
                parts.map { $0 == "*" ? "*" : quoteIdentifier($0) }.joined(separator: "."))
        case .star:
            return closed("*")
        case .parameter(let number):
            return closed("$\(number)")
        case .defaultValue:
            return closed("DEFAULT")
        case .binary(let op, let lhs, let rhs):
            return renderBinary(op, lhs, rhs)
        case .unary(let op, let operand):
            return renderUnary(op, operand)
        case .and(let lhs, let rhs):
            return connective("AND", .and, lhs, rhs)
        case .or(let lhs, let rhs):
            return connective("OR", .or, lhs, rhs)
        case .not(let inner):
            return Rendered(
                text: "NOT " + operand(inner, minimum: .not), level: .not, openRight: true)
        case .cast(let value, let type, let syntax):
            return renderCast(value, type, syntax)
        case .function(let call):
            return closed(deparseFunctionCall(call))
        case .caseWhen(let caseExpr):
            return closed(renderCase(caseExpr))
        case .between(let value, let low, let high, let negated, let symmetric):
            var text = operand(value, minimum: .like, strict: true)
            text += negated ? " NOT BETWEEN " : " BETWEEN "
            if symmetric { text += "SYMMETRIC " }
            text += operand(low, minimum: .comparison.tighter) + " AND "
            text += operand(high, minimum: .like.tighter)
            return Rendered(text: text, level: .like, openRight: true)
        case .inList(let value, let list, let negated):
            let text =
                operand(value, minimum: .like, strict: true)
                + (negated ? " NOT IN (" : " IN (") + list.map(deparse).joined(separator: ", ")
                + ")"
            return Rendered(text: text, level: .like, openRight: false)
        case .inSubquery(let value, let query, let negated):
            let text =
                operand(value, minimum: .like, strict: true)
                + (negated ? " NOT IN (" : " IN (") + deparseSelect(query) + ")"
            return Rendered(text: text, level: .like, openRight: false)
        case .quantifiedSubquery(let op, let lhs, let quantifier, let query):
            return renderQuantified(op, lhs, quantifier, "(" + deparseSelect(query) + ")")
        case .quantifiedArray(let op, let lhs, let quantifier, let array):
            return renderQuantified(op, lhs, quantifier, "(" + deparse(array) + ")")
        case .exists(let query):
            return closed("EXISTS (" + deparseSelect(query) + ")")
        case .subquery(let query):
            return closed("(" + deparseSelect(query) + ")")
        case .arraySubquery(let query):
            return closed("ARRAY(" + deparseSelect(query) + ")")
        case .isNull(let value, let negated):
            let text = operand(value, minimum: .isTest) + (negated ? " IS NOT NULL" : " IS NULL")
            return Rendered(text: text, level: .isTest, openRight: false)
        case .isBoolean(let value, let test, let negated):
            let word: String
            switch test {
            case .isTrue: word = "TRUE"
            case .isFalse: word = "FALSE"
            case .isUnknown: word = "UNKNOWN"
            }
            let text = operand(value, minimum: .isTest) + (negated ? " IS NOT " : " IS ") + word
            return Rendered(text: text, level: .isTest, openRight: false)
        case .isDistinctFrom(let lhs, let rhs, let negated):
            let text =
                operand(lhs, minimum: .isTest, strict: true)
                + (negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ")
                + operand(rhs, minimum: .isTest.tighter)
            return Rendered(text: text, level: .isTest, openRight: true)
        case .like(let value, let pattern, let escape, let kind, let negated):
            let word: String
            switch kind {
            case .like: word = "LIKE"
            case .ilike: word = "ILIKE"
            case .similarTo: word = "SIMILAR TO"
            }
            var text =
                operand(value, minimum: .like, strict: true)
                + (negated ? " NOT " : " ") + word + " "
            text += operand(pattern, minimum: .like.tighter)
            if let escape { text += " ESCAPE " + operand(escape, minimum: .escape.tighter) }
            return Rendered(text: text, level: .like, openRight: true)
        case .array(let elements):
            return closed("ARRAY" + renderArrayBrackets(elements))
        case .row(let items, let explicitRow):
            let list = items.map(deparse).joined(separator: ", ")
            if explicitRow || items.count < 2 { return closed("ROW(" + list + ")") }
            return closed("(" + list + ")")
        case .subscripted(let base, let subscripts):
            return closed(indirectionBase(base) + subscripts.map(renderSubscript).joined())
        case .fieldSelect(let base, let field):
            let name = field == "*" ? "*" : quoteIdentifier(field)
            return closed(fieldBase(base) + "." + name)
        case .collate(let value, let collation):
            let text =
                operand(value, minimum: .collate) + " COLLATE "
                + collation.parts.map(quoteIdentifier).joined(separator: ".")
            return Rendered(text: text, level: .collate, openRight: false)
        case .atTimeZone(let value, let zone):
            let text =
                operand(value, minimum: .atTimeZone) + " AT TIME ZONE "
                + operand(zone, minimum: .atTimeZone.tighter)
            return Rendered(text: text, level: .atTimeZone, openRight: true)
        case .paren(let inner):
            return closed("(" + deparse(inner) + ")")
        }
    }

    static func renderLiteral(_ literal: Literal) -> Rendered {
        switch literal {
        case .integer(let digits), .numeric(let digits):
            if digits.hasPrefix("-") {
                return Rendered(text: digits, level: .unaryMinus, openRight: false)
            }
            return closed(digits)
        case .string(let value):
            return closed(quoteString(value))
        case .bitString(let value):
            let prefix = value.first.map { String($0).uppercased() } ?? "B"
            return closed(prefix + quoteString(String(value.dropFirst())))
        case .boolean(let value):
            return closed(value ? "true" : "false")
        case .null:
            return closed("NULL")
        }
    }

    /// A binary operator; when the bare symbol's precedence cannot hold
    /// the operands as they are, OPERATOR(pg_catalog.op) may.
    static func renderBinary(_ op: String, _ lhs: Expr, _ rhs: Expr) -> Rendered {
        let level = Precedence.ofSymbol(op)
        let left = render(lhs)
        let right = render(rhs)
        let strict = level.isNonAssociative
        if fits(left, minimum: level, strict: strict),
            fits(right, minimum: level.tighter, strict: false)
        {
            return Rendered(
                text: left.text + " " + op + " " + right.text, level: level, openRight: true)
        }
        if level != .userOperator, fits(left, minimum: .userOperator, strict: false),
            fits(right, minimum: .userOperator.tighter, strict: false)
        {
            return Rendered(
                text: left.text + " OPERATOR(pg_catalog." + op + ") " + right.text,
                level: .userOperator, openRight: true)
        }
        let leftText =
            fits(left, minimum: level, strict: strict) ? left.text : "(" + left.text + ")"
        let rightText =
            fits(right, minimum: level.tighter, strict: false)
            ? right.text : "(" + right.text + ")"
        return Rendered(text: leftText + " " + op + " " + rightText, level: level, openRight: true)
    }

    /// A prefix operator, spaced so that `- -1` does not become a comment.
    static func renderUnary(_ op: String, _ value: Expr) -> Rendered {
        let isSign = op == "+" || op == "-"
        let level: Precedence = isSign ? .unaryMinus : .userOperator
        var inner = render(value)
        let minimum = isSign ? Precedence.unaryMinus : Precedence.userOperator.tighter
        if !fits(inner, minimum: minimum, strict: false) {
            inner = closed("(" + inner.text + ")")
        }
        if isSign, case .literal(let literal) = value.kind, isUnsignedNumber(literal) {
            // A sign before a plain number would fold into a negative
            // constant; OPERATOR() keeps it a separate prefix operator.
            return Rendered(
                text: "OPERATOR(pg_catalog." + op + ") " + inner.text, level: .userOperator,
                openRight: true)
        }
        let needsSpace =
            inner.text.unicodeScalars.first.map { Lexer.isOperatorChar($0.value) }
            ?? false
        let spelled =
            isSign || Precedence.ofSymbol(op) == .userOperator
            ? op : "OPERATOR(pg_catalog." + op + ")"
        let text = spelled + (needsSpace || !isSign && spelled == op ? " " : "") + inner.text
        return Rendered(text: text, level: level, openRight: true)
    }

    static func isUnsignedNumber(_ literal: Literal) -> Bool {
        switch literal {
        case .integer(let digits), .numeric(let digits): return !digits.hasPrefix("-")
        default: return false
        }
    }

    static func connective(_ word: String, _ level: Precedence, _ lhs: Expr, _ rhs: Expr)
        -> Rendered
    {
        let text =
            operand(lhs, minimum: level) + " " + word + " " + operand(rhs, minimum: level.tighter)
        return Rendered(text: text, level: level, openRight: true)
    }

    static func renderCast(_ value: Expr, _ type: TypeName, _ syntax: CastSyntax) -> Rendered {
        switch syntax {
        case .doubleColon:
            return Rendered(
                text: operand(value, minimum: .typecast) + "::" + deparseTypeName(type),
                level: .typecast, openRight: false)
        case .castFunction:
            return closed("CAST(" + deparse(value) + " AS " + deparseTypeName(type) + ")")
        case .typedLiteral:
            if case .literal(.string(let text)) = value.kind, type.arrayDimensions == 0 {
                return closed(deparseTypeName(type) + " " + quoteString(text))
            }
            return closed("CAST(" + deparse(value) + " AS " + deparseTypeName(type) + ")")
        }
    }

    static func renderQuantified(
        _ op: String, _ lhs: Expr, _ quantifier: Quantifier, _ source: String
    ) -> Rendered {
        let word = quantifier == .all ? "ALL" : "ANY"
        let spelled: String
        switch op {
        case "~~": spelled = "LIKE"
        case "!~~": spelled = "NOT LIKE"
        case "~~*": spelled = "ILIKE"
        case "!~~*": spelled = "NOT ILIKE"
        default: spelled = op
        }
        let level = spelled == op ? Precedence.ofSymbol(op) : .like
        let text =
            operand(lhs, minimum: level, strict: level.isNonAssociative)
            + " " + spelled + " " + word + " " + source
        return Rendered(text: text, level: level, openRight: false)
    }

    static func renderCase(_ caseExpr: CaseExpr) -> String {
        var text = "CASE"
        if let operand = caseExpr.operand { text += " " + deparse(operand) }
        for branch in caseExpr.branches {
            text += " WHEN " + deparse(branch.condition) + " THEN " + deparse(branch.result)
        }
        if let elseResult = caseExpr.elseResult { text += " ELSE " + deparse(elseResult) }
        return text + " END"
    }

    static func renderArrayBrackets(_ elements: [Expr]) -> String {
        "["
            + elements.map { element -> String in
                if case .array(let inner) = element.kind { return renderArrayBrackets(inner) }
                return deparse(element)
            }.joined(separator: ", ") + "]"
    }

    static func renderSubscript(_ step: Subscript) -> String {
        var text = "["
        if let lower = step.lower { text += deparse(lower) }
        if step.isSlice {
            text += ":"
            if let upper = step.upper { text += deparse(upper) }
        }
        return text + "]"
    }

    /// The base of `x[i]`: names, parameters and parenthesised forms stand
    /// as they are; anything else is parenthesised.
    static func indirectionBase(_ base: Expr) -> String {
        switch base.kind {
        case .columnRef, .parameter, .paren, .subquery, .fieldSelect:
            return deparse(base)
        default:
            return "(" + deparse(base) + ")"
        }
    }

    /// The base of `(x).field`: a plain column would merge into a longer
    /// name, so it is parenthesised too.
    static func fieldBase(_ base: Expr) -> String {
        switch base.kind {
        case .parameter, .paren, .subquery, .subscripted, .fieldSelect:
            return deparse(base)
        default:
            return "(" + deparse(base) + ")"
        }
    }
}
