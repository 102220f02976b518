// Function calls (gram.y's func_application and func_expr): arguments with
// names and VARIADIC, DISTINCT and ORDER BY inside aggregates, WITHIN
// GROUP, FILTER and OVER with window frames.

extension Parser {
    /// `name(args) [WITHIN GROUP (...)] [FILTER (...)] [OVER ...]`, with the
    /// cursor at the opening parenthesis. Without `suffixes` (gram.y's
    /// func_expr_windowless, in FROM and CALL) the call ends at its `)`.
    mutating func parseFunctionCall(
        name: QualifiedName, suffixes: Bool = true
    ) throws -> FunctionCall {
        var call = FunctionCall(name: name)
        try expectSymbol("(")
        if current.isSymbol("*") {
            advance()
            call.isStar = true
        } else if !current.isSymbol(")") {
            if accept(.distinct) {
                call.isDistinct = true
            } else {
                _ = accept(.all)
            }
            repeat {
                if accept(.variadic) {
                    call.hasVariadic = true
                    call.arguments.append(try parseFunctionArgument())
                    break
                }
                call.arguments.append(try parseFunctionArgument())
            } while acceptSymbol(",")
            if current.isKeyword(.order) {
                advance()
                try expect(.by)
                call.orderBy = try parseSortList()
            }
        }
        try expectSymbol(")")
        if suffixes { try parseFunctionSuffixes(&call) }
        return call
    }

    /// One argument: `expr`, `name := expr` or `name => expr`.
    private mutating func parseFunctionArgument() throws -> FunctionArgument {
        let next = peek()
        if isTypeFunctionName(current), next.kind == .colonEquals || next.kind == .equalsGreater {
            let name = text(current)
            let at = current.location
            advance()
            advance()
            return FunctionArgument(name: name, value: try parseExpr(), nameLocation: at)
        }
        return FunctionArgument(value: try parseExpr())
    }

    /// WITHIN GROUP, FILTER and OVER after a call's argument list.
    mutating func parseFunctionSuffixes(_ call: inout FunctionCall) throws {
        if current.isKeyword(.within) {
            let at = current.location
            advance()
            try expect(.group)
            try expectSymbol("(")
            try expect(.order, .by)
            call.withinGroup = try parseSortList()
            try expectSymbol(")")
            // The grammar's checks on func_application WITHIN GROUP.
            if !call.orderBy.isEmpty {
                throw ParseError.syntax(
                    "cannot use multiple ORDER BY clauses with WITHIN GROUP", at: at)
            }
            if call.isDistinct {
                throw ParseError.syntax("cannot use DISTINCT with WITHIN GROUP", at: at)
            }
        }
        if accept(.filter) {
            try expectSymbol("(")
            try expect(.where)
            call.filter = try parseExpr()
            try expectSymbol(")")
        }
        if accept(.over) {
            if current.isSymbol("(") {
                call.over = try parseWindowSpecification()
            } else {
                call.over = WindowSpec(name: try parseColId())
            }
        }
    }

    // MARK: - Windows

    /// `( [name] [PARTITION BY ..] [ORDER BY ..] [frame] )`.
    mutating func parseWindowSpecification() throws -> WindowSpec {
        try expectSymbol("(")
        var spec = WindowSpec()
        let reserved = ["partition", "order", "rows", "range", "groups"]
        if isColId(current), !(current.keyword != nil && reserved.contains(text(current))) {
            spec.name = text(current)
            advance()
        }
        if accept(.partition) {
            try expect(.by)
            spec.partitionBy = try parseExprList()
        }
        if accept(.order) {
            try expect(.by)
            spec.orderBy = try parseSortList()
        }
        if current.keyword != nil, let mode = WindowFrame.Mode(rawValue: text(current)) {
            advance()
            spec.frame = try parseFrame(mode: mode)
        }
        try expectSymbol(")")
        return spec
    }

    /// `frame_extent [EXCLUDE ...]` after ROWS, RANGE or GROUPS.
    private mutating func parseFrame(mode: WindowFrame.Mode) throws -> WindowFrame {
        var frame: WindowFrame
        if accept(.between) {
            let start = try parseFrameBound()
            try expect(.and)
            frame = WindowFrame(mode: mode, start: start, end: try parseFrameBound())
        } else {
            frame = WindowFrame(mode: mode, start: try parseFrameBound(), end: nil)
        }
        if accept(.exclude) {
            if accept(.current) {
                try expect(.row)
                frame.exclusion = .currentRow
            } else if accept(.group) {
                frame.exclusion = .group
            } else if accept(.ties) {
                frame.exclusion = .ties
            } else {
                try expect(.no, .others)
                frame.exclusion = .noOthers
            }
        }
        return frame
    }

    /// `UNBOUNDED PRECEDING`, `CURRENT ROW`, `expr FOLLOWING`, ...
    private mutating func parseFrameBound() throws -> WindowFrame.Bound {
        if current.isKeyword(.unbounded) {
            advance()
            if accept(.preceding) { return .unboundedPreceding }
            try expect(.following)
            return .unboundedFollowing
        }
        if current.isKeyword(.current) && peek().isKeyword(.row) {
            advance()
            advance()
            return .currentRow
        }
        let offset = try parseExpr()
        if accept(.preceding) { return .preceding(offset) }
        try expect(.following)
        return .following(offset)
    }

    // MARK: - Sort lists

    /// `expr [ASC | DESC | USING op] [NULLS FIRST | LAST], ...`.
    mutating func parseSortList() throws -> [SortItem] {
        var items: [SortItem] = []
        repeat {
            var item = SortItem(expr: try parseExpr())
            if accept(.asc) {
                item.direction = .ascending
            } else if accept(.desc) {
                item.direction = .descending
            } else if accept(.using) {
                if current.isKeyword(.operator) {
                    item.usingOperator = try parseOperatorSyntax()
                } else {
                    guard current.kind == .op else { throw syntaxError() }
                    item.usingOperator = text(current)
                    advance()
                }
            }
            if current.isKeyword(.nulls) && (peek().isKeyword(.first) || peek().isKeyword(.last)) {
                advance()
                if accept(.first) {
                    item.nulls = .first
                } else {
                    try expect(.last)
                    item.nulls = .last
                }
            }
            items.append(item)
        } while acceptSymbol(",")
        return items
    }
}
