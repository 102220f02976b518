// Prints an analysed expression as ruleutils.c's get_rule_expr does in
// pretty mode: parentheses only where isSimpleNode says a sub-expression
// needs them, constants with a `::type` label unless their type is
// implied (get_const_expr), implicit casts shown only inside operators
// and calls, and CASE laid out on indented lines. Without pretty mode
// every operator, boolean, test and cast argument is parenthesised
// instead (`(price >= (0)::numeric)`), as pg_get_constraintdef(oid) and
// pg_get_indexdef(oid) print.

/// One expression being printed, with the indentation CASE uses.
struct RuleUtilsPrinter {
    var out = ""
    var indentLevel = 0
    var pretty = true
    /// The column past which a select list wraps (pg_get_viewdef's
    /// `wrap`); 0 puts every item on its own line, negative never wraps.
    var wrapColumn = 0

    /// `node` as pg_get_expr(..., pretty) prints it.
    static func print(_ node: AnalysedNode, pretty: Bool = true) -> String {
        var printer = RuleUtilsPrinter()
        printer.pretty = pretty
        printer.expression(node, showImplicit: false)
        return printer.out
    }

    /// An opening parenthesis outside pretty mode.
    mutating func open() { if !pretty { out += "(" } }

    /// A closing parenthesis outside pretty mode.
    mutating func close() { if !pretty { out += ")" } }

    /// The text of a constant as get_const_expr writes it; `showType` is
    /// -1 to never add a label, 0 to add it where the type is not implied,
    /// 1 to always add it.
    static func constantText(_ text: String?, _ type: PGType, showType: Int) -> String {
        guard let text else {
            return showType >= 0 ? "NULL::" + ruleTypeName(type) : "NULL"
        }
        var out: String
        var needLabel: Bool
        switch type.oid {
        case PGType.int4.oid:
            needLabel = text.hasPrefix("-")
            out = needLabel ? "'" + text + "'" : text
        case PGType.numeric.oid:
            let looksFloat =
                (text.first?.isASCIIDigit ?? false)
                && text.contains { $0 == "." || $0 == "e" || $0 == "E" }
            needLabel = !looksFloat || type.typmod >= 0
            out = looksFloat ? text : "'" + text + "'"
        case PGType.bool.oid:
            needLabel = false
            out = text == "t" ? "true" : "false"
        case PGType.unknown.oid:
            needLabel = false
            out = quote(text)
        default:
            needLabel = true
            out = quote(text)
        }
        if showType < 0 { return out }
        if needLabel || showType > 0 { out += "::" + ruleTypeName(type) }
        return out
    }

    /// format_type_with_typemod: a type with its modifier; bpchar without
    /// one stays `bpchar` (`character` would mean char(1)).
    static func ruleTypeName(_ type: PGType) -> String {
        if type.oid == PGType(oid: 1042).oid && type.typmod < 0 { return "bpchar" }
        return formatType(type)
    }

    /// A string literal with its quotes doubled (standard_conforming_strings).
    private static func quote(_ text: String) -> String {
        "'" + text.replacingAll("'", with: "''") + "'"
    }

    mutating func expression(_ node: AnalysedNode, showImplicit: Bool) {
        switch node {
        case .constant(let text, let type):
            out += RuleUtilsPrinter.constantText(text, type, showType: 0)
        case .column(let name, _):
            out += ruleQuoteIdentifier(name)
        case .op(let symbol, let left, let right, _):
            open()
            defer { close() }
            if let left {
                parenthesised(left, parent: node, showImplicit: true, isLeft: true)
                out += " \(symbol) "
            } else {
                out += "\(symbol) "
            }
            parenthesised(right, parent: node, showImplicit: true)
        case .call(let name, let arguments, _), .keywordCall(let name, let arguments, _):
            out += name + "("
            list(arguments)
            out += ")"
        case .valueFunction(let name, _):
            out += name
        case .sqlSyntax(let form, let arguments, _):
            sqlSyntax(form, arguments)
        case .subscripted(let base, let steps, _):
            var plain = false
            if case .variable = base { plain = true }
            if case .column = base { plain = true }
            if !plain { out += "(" }
            expression(base, showImplicit: showImplicit)
            if !plain { out += ")" }
            for (lower, upper, isSlice) in steps {
                out += "["
                if let lower { expression(lower, showImplicit: false) }
                if isSlice { out += ":" }
                if let upper { expression(upper, showImplicit: false) }
                out += "]"
            }
        case .cast(let inner, let type, let implicit, _):
            if implicit && !showImplicit {
                parenthesised(inner, parent: node, showImplicit: false)
                return
            }
            if case .constant(let text, let constType) = inner, constType.oid == type.oid,
                constType.typmod < 0
            {
                out += RuleUtilsPrinter.constantText(text, constType, showType: -1)
            } else {
                open()
                parenthesised(inner, parent: node, showImplicit: false)
                close()
            }
            out += "::" + RuleUtilsPrinter.ruleTypeName(type)
        case .and(let items), .or(let items):
            open()
            defer { close() }
            let word: String
            if case .and = node { word = " AND " } else { word = " OR " }
            for (index, item) in items.enumerated() {
                if index > 0 { out += word }
                parenthesised(item, parent: node, showImplicit: false)
            }
        case .not(let inner):
            open()
            out += "NOT "
            parenthesised(inner, parent: node, showImplicit: false)
            close()
        case .nullTest(let inner, let negated):
            open()
            parenthesised(inner, parent: node, showImplicit: true)
            out += negated ? " IS NOT NULL" : " IS NULL"
            close()
        case .booleanTest(let inner, let words):
            open()
            parenthesised(inner, parent: node, showImplicit: false)
            out += " " + words
            close()
        case .distinct(let left, let right):
            open()
            parenthesised(left, parent: node, showImplicit: true)
            out += " IS DISTINCT FROM "
            parenthesised(right, parent: node, showImplicit: true)
            close()
        case .arrayOp(let symbol, let left, let array, let any):
            open()
            defer { close() }
            parenthesised(left, parent: node, showImplicit: true)
            out += " \(symbol) \(any ? "ANY" : "ALL") ("
            parenthesised(array, parent: node, showImplicit: true)
            out += ")"
        case .array(let elements, _):
            out += "ARRAY["
            list(elements)
            out += "]"
        case .caseWhen(let subject, let branches, let other, _):
            caseExpression(subject, branches, other)
        case .extract(let field, let inner):
            out += "EXTRACT(" + field + " FROM "
            expression(inner, showImplicit: false)
            out += ")"
        case .atTimeZone(let value, let zone, _):
            out += "("
            parenthesised(value, parent: node, showImplicit: false)
            out += " AT TIME ZONE "
            parenthesised(zone, parent: node, showImplicit: false)
            out += ")"
        case .variable(let entry, let column, _):
            out += ruleQuoteIdentifier(entry.refname) + "." + ruleQuoteIdentifier(column)
        case .aggregate(let call):
            aggregate(call)
        case .sublink(let sublink):
            self.sublink(sublink)
        }
    }

    /// get_func_sql_syntax: `TRIM(BOTH x FROM s)`, `POSITION((a) IN (b))`,
    /// `SUBSTRING(s FROM a FOR b)`, `OVERLAY(s PLACING r FROM a FOR b)`.
    private mutating func sqlSyntax(_ form: String, _ arguments: [AnalysedNode]) {
        func argument(_ index: Int) {
            if index < arguments.count { expression(arguments[index], showImplicit: false) }
        }
        switch form {
        case "position":
            out += "POSITION(("
            argument(1)
            out += ") IN ("
            argument(0)
            out += "))"
        case "substring", "overlay":
            out += form.uppercased() + "("
            argument(0)
            var rest = 1
            if form == "overlay" {
                out += " PLACING "
                argument(1)
                rest = 2
            }
            out += " FROM "
            argument(rest)
            if arguments.count > rest + 1 {
                out += " FOR "
                argument(rest + 1)
            }
            out += ")"
        default:
            let side = ["btrim": "BOTH", "ltrim": "LEADING", "rtrim": "TRAILING"][form] ?? "BOTH"
            out += "TRIM(" + side
            if arguments.count == 2 {
                out += " "
                argument(1)
            }
            out += " FROM "
            argument(0)
            out += ")"
        }
    }

    mutating func list(_ items: [AnalysedNode]) {
        for (index, item) in items.enumerated() {
            if index > 0 { out += ", " }
            expression(item, showImplicit: true)
        }
    }

    /// get_rule_expr_paren: `node` in parentheses unless it is simple
    /// below `parent`.
    private mutating func parenthesised(
        _ node: AnalysedNode, parent: AnalysedNode, showImplicit: Bool, isLeft: Bool = false
    ) {
        let simple = !pretty || RuleUtilsPrinter.isSimple(node, parent: parent, isLeft: isLeft)
        if !simple { out += "(" }
        expression(node, showImplicit: showImplicit)
        if !simple { out += ")" }
    }

    /// appendContextKeyword: a new line indented to the current level
    /// plus `plus` (past 40 columns of nesting, a quarter as much, wrapping at 40).
    mutating func keyword(_ word: String, before: Int, after: Int, plus: Int = 0) {
        indentLevel += before
        while out.last == " " { out.removeLast() }
        var amount = max(indentLevel, 0) + plus
        if indentLevel >= 40 { amount = (40 + (indentLevel - 40) / 4) % 40 + plus }
        out += "\n" + String(repeating: " ", count: amount) + word
        indentLevel = max(indentLevel + after, 0)
    }

    private mutating func caseExpression(
        _ subject: AnalysedNode?, _ branches: [(AnalysedNode, AnalysedNode)],
        _ other: AnalysedNode
    ) {
        keyword("CASE", before: 0, after: 4)
        if let subject {
            out += " "
            expression(subject, showImplicit: true)
        }
        for (condition, result) in branches {
            keyword("WHEN ", before: 0, after: 0)
            expression(condition, showImplicit: false)
            out += " THEN "
            expression(result, showImplicit: true)
        }
        keyword("ELSE ", before: 0, after: 0)
        expression(other, showImplicit: true)
        keyword("END", before: -4, after: 0)
    }

    // MARK: - isSimpleNode

    /// The symbol of a binary operator node, nil for anything else.
    private static func binarySymbol(_ node: AnalysedNode) -> String? {
        if case .op(let symbol, _?, _, _) = node { return symbol }
        return nil
    }

    /// True when `parent` supplies its own parentheses or separators, so
    /// an operator-like child needs none (the common tail of isSimpleNode).
    private static func parentSeparates(_ parent: AnalysedNode) -> Bool {
        switch parent {
        case .call, .and, .or, .not, .array, .keywordCall, .caseWhen, .aggregate: return true
        default: return false
        }
    }

    /// isSimpleNode in pretty mode; `isLeft` tells whether `node` is the
    /// left operand of `parent`.
    static func isSimple(_ node: AnalysedNode, parent: AnalysedNode, isLeft: Bool) -> Bool {
        switch node {
        case .constant, .column, .call, .valueFunction, .keywordCall, .array, .caseWhen,
            .sqlSyntax, .subscripted,
            .extract, .atTimeZone, .variable, .aggregate:
            return true
        case .cast(let inner, _, _, let isFunction):
            return isFunction || isSimple(inner, parent: node, isLeft: false)
        case .op(let symbol, let left, _, _):
            if let parentSymbol = binarySymbol(parent) {
                guard left != nil, let first = symbol.first, let parentFirst = parentSymbol.first
                else { return false }
                let low = "+-".contains(first)
                let high = "*/%".contains(first)
                let parentLow = "+-".contains(parentFirst)
                let parentHigh = "*/%".contains(parentFirst)
                guard low || high, parentLow || parentHigh,
                    symbol.count == 1, parentSymbol.count == 1
                else { return false }
                if high && parentLow { return true }
                if low && parentHigh { return false }
                return isLeft
            }
            return parentSeparates(parent)
        case .nullTest, .booleanTest, .distinct, .sublink:
            return parentSeparates(parent)
        case .and, .or, .not:
            switch parent {
            case .and:
                if case .or = node { return false }
                return true
            case .or:
                return true
            case .not, .cast, .extract, .atTimeZone:
                return false
            default:
                return parentSeparates(parent)
            }
        case .arrayOp:
            return false
        }
    }
}
