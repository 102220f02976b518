// Expressions: gram.y's precedence and associativity, the special forms,
// typed literals and type names, and function-call decorations.

import Testing

@testable import SQLParser

@Suite struct ExpressionTests {
    /// The expression with parentheses made explicit by the deparser of a
    /// hand-built tree: `grouped` re-renders each operator node in parens.
    private func grouped(_ text: String) throws -> String {
        render(try Parser.parseExpression(text))
    }

    private func render(_ expr: Expr) -> String {
        switch expr.kind {
        case .binary(let op, let l, let r):
            return "(" + render(l) + " " + op + " " + render(r) + ")"
        case .and(let l, let r): return "(" + render(l) + " AND " + render(r) + ")"
        case .or(let l, let r): return "(" + render(l) + " OR " + render(r) + ")"
        case .not(let x): return "(NOT " + render(x) + ")"
        case .unary(let op, let x): return "(" + op + render(x) + ")"
        case .isNull(let x, let negated):
            return "(" + render(x) + (negated ? " IS NOT NULL)" : " IS NULL)")
        case .cast(let x, let type, _):
            return "(" + render(x) + "::" + type.names.joined(separator: ".") + ")"
        case .atTimeZone(let x, let z): return "(" + render(x) + " AT TIME ZONE " + render(z) + ")"
        case .like(let x, let p, _, _, let negated):
            return "(" + render(x) + (negated ? " NOT LIKE " : " LIKE ") + render(p) + ")"
        case .between(let x, let low, let high, _, _):
            return "(" + render(x) + " BETWEEN " + render(low) + " AND " + render(high) + ")"
        default: return deparse(expr)
        }
    }

    @Test func arithmeticPrecedence() throws {
        #expect(try grouped("1 + 2 * 3 ^ 4") == "(1 + (2 * (3 ^ 4)))")
        #expect(try grouped("2 ^ 3 ^ 2") == "((2 ^ 3) ^ 2)")
        #expect(try grouped("1 - 2 - 3") == "((1 - 2) - 3)")
        #expect(try grouped("- 2 ^ 2") == "(-2 ^ 2)")
        #expect(try grouped("-x::int") == "(-(x::pg_catalog.int4))")
        #expect(try grouped("a || b + c") == "(a || (b + c))")
        #expect(try grouped("a || b = c") == "((a || b) = c)")
    }

    @Test func booleanPrecedence() throws {
        #expect(try grouped("NOT a = b OR c AND d") == "((NOT (a = b)) OR (c AND d))")
        #expect(try grouped("a = b IS NULL") == "((a = b) IS NULL)")
        #expect(try grouped("a IS NULL IS NULL") == "((a IS NULL) IS NULL)")
        #expect(try grouped("a LIKE b = c") == "((a LIKE b) = c)")
        #expect(try grouped("x BETWEEN 1 AND 2 AND y") == "((x BETWEEN 1 AND 2) AND y)")
        #expect(try grouped("x BETWEEN 1 + 1 AND 2 + 2") == "(x BETWEEN (1 + 1) AND (2 + 2))")
        #expect(try grouped("t AT TIME ZONE 'UTC' + i") == "((t AT TIME ZONE 'UTC') + i)")
        #expect(try grouped("t + i AT TIME ZONE 'UTC'") == "(t + (i AT TIME ZONE 'UTC'))")
        #expect(try grouped("a @> b AND c") == "((a @> b) AND c)")
    }

    @Test func nonassociativeLevelsRejectChains() {
        #expect(parseError("SELECT 1 = 1 = true")?.position == 13)
        #expect(
            parseError("SELECT 'x' LIKE 'a' LIKE 'b'")?.message
                == "syntax error at or near \"LIKE\"")
        #expect(parseError("SELECT 1 IS DISTINCT FROM 2 IS NULL")?.position == 28)
        #expect(parseError("SELECT 1 < 2 < 3") != nil)
    }

    @Test func negativeConstantsFold() throws {
        #expect(try selectExpr("-2147483648").kind == .literal(.integer("-2147483648")))
        #expect(try selectExpr("-1.5").kind == .literal(.numeric("-1.5")))
        guard case .unary("-", _) = try selectExpr("-x").kind else {
            Issue.record("expected unary minus")
            return
        }
    }

    @Test func castsAndTypedLiterals() throws {
        guard
            case .cast(_, let type, .doubleColon) = try selectExpr("x::character varying(10)[]")
                .kind
        else {
            Issue.record("expected cast")
            return
        }
        #expect(type.names == ["pg_catalog", "varchar"])
        #expect(type.arrayDimensions == 1)
        guard
            case .cast(let literal, let interval, .typedLiteral) = try selectExpr(
                "interval '5 minutes'"
            ).kind
        else {
            Issue.record("expected typed literal")
            return
        }
        #expect(literal.kind == .literal(.string("5 minutes")))
        #expect(interval.names == ["pg_catalog", "interval"])
        guard
            case .cast(_, let generic, .typedLiteral) = try selectExpr("timestamptz '2020-01-01'")
                .kind
        else {
            Issue.record("expected typed literal")
            return
        }
        #expect(generic.names == ["timestamptz"])
        guard
            case .cast(_, let castType, .castFunction) = try selectExpr(
                "CAST(x AS double precision)"
            ).kind
        else {
            Issue.record("expected CAST")
            return
        }
        #expect(castType.names == ["pg_catalog", "float8"])
        guard case .cast(_, let national, .typedLiteral) = try selectExpr("national char 'x'").kind
        else {
            Issue.record("expected typed literal")
            return
        }
        #expect(national.names == ["pg_catalog", "bpchar"])
    }

    /// Type and function keywords not followed by what their syntax needs
    /// are column references, as gram.y's one-token lookahead decides.
    @Test func typeKeywordsAloneAreColumns() throws {
        for word in ["interval", "int", "char", "national", "time", "double", "exists", "coalesce"]
        {
            #expect(try selectExpr(word).kind == .columnRef([word]), "\(word)")
        }
        #expect(try selectExpr("time zone").kind == .columnRef(["time"]))
        #expect(try selectExpr("interval.a").kind == .columnRef(["interval", "a"]))
        guard case .select(let query) = try parseOne("SELECT * FROM f() filter"),
            case .select(let simple) = query.body,
            case .function(_, let alias, _, _, _) = simple.from.first
        else {
            Issue.record("expected a function in FROM")
            return
        }
        #expect(alias?.name == "filter")
    }

    @Test func typeNames() throws {
        let cases: [(String, [String], Int)] = [
            ("int", ["pg_catalog", "int4"], 0), ("integer[]", ["pg_catalog", "int4"], 1),
            ("bigint", ["pg_catalog", "int8"], 0), ("smallint", ["pg_catalog", "int2"], 0),
            ("real", ["pg_catalog", "float4"], 0), ("float(10)", ["pg_catalog", "float4"], 0),
            ("float", ["pg_catalog", "float8"], 0), ("boolean", ["pg_catalog", "bool"], 0),
            ("timestamp with time zone", ["pg_catalog", "timestamptz"], 0),
            ("timestamp(3) without time zone", ["pg_catalog", "timestamp"], 0),
            ("time with time zone", ["pg_catalog", "timetz"], 0),
            ("bit varying(5)", ["pg_catalog", "varbit"], 0), ("char", ["pg_catalog", "bpchar"], 0),
            ("numeric(10, 2)", ["pg_catalog", "numeric"], 0), ("text ARRAY", ["text"], 1),
            ("int[3][]", ["pg_catalog", "int4"], 2), ("public.hll(11, 5)", ["public", "hll"], 0),
            ("double precision", ["pg_catalog", "float8"], 0),
        ]
        for (text, names, dimensions) in cases {
            let type = try Parser.parseTypeName(text)
            #expect(type.names == names, "\(text)")
            #expect(type.arrayDimensions == dimensions, "\(text)")
        }
        #expect(try Parser.parseTypeName("char").modifiers.count == 1)
        #expect(try Parser.parseTypeName("numeric(10, 2)").modifiers.count == 2)
    }

    @Test func arraysRowsAndIndirection() throws {
        guard case .array(let outer) = try selectExpr("ARRAY[[1, 2], [3]]").kind,
            case .array = outer.first?.kind
        else {
            Issue.record("expected nested array")
            return
        }
        guard case .subscripted(_, let steps) = try selectExpr("a[1][2:3][:4]").kind else {
            Issue.record("expected subscripts")
            return
        }
        #expect(steps.map(\.isSlice) == [false, true, true])
        #expect(steps[2].lower == nil)
        #expect(try selectExpr("t.a.b").kind == .columnRef(["t", "a", "b"]))
        #expect(try selectExpr("t.*").kind == .columnRef(["t", "*"]))
        guard case .fieldSelect(_, "f") = try selectExpr("(x).f").kind else {
            Issue.record("expected field selection")
            return
        }
        guard case .row(let items, explicitRow: false) = try selectExpr("(1, 2)").kind else {
            Issue.record("expected row")
            return
        }
        #expect(items.count == 2)
        guard case .row([], explicitRow: true) = try selectExpr("ROW()").kind else {
            Issue.record("expected empty row")
            return
        }
    }

    @Test func predicates() throws {
        guard case .inList(_, let list, negated: true) = try selectExpr("a NOT IN (1, 2)").kind
        else {
            Issue.record("expected NOT IN")
            return
        }
        #expect(list.count == 2)
        guard case .inSubquery(_, _, negated: false) = try selectExpr("a IN (SELECT 1)").kind else {
            Issue.record("expected IN subquery")
            return
        }
        guard
            case .between(_, _, _, negated: true, symmetric: true) =
                try selectExpr("a NOT BETWEEN SYMMETRIC 1 AND 2").kind
        else {
            Issue.record("expected BETWEEN")
            return
        }
        guard
            case .like(_, _, let escape, .ilike, negated: true) =
                try selectExpr("a NOT ILIKE 'x' ESCAPE '!'").kind
        else {
            Issue.record("expected ILIKE")
            return
        }
        #expect(escape != nil)
        guard
            case .quantifiedArray("~~", _, .any, _) = try selectExpr("a LIKE ANY (ARRAY['x'])").kind
        else {
            Issue.record("expected LIKE ANY")
            return
        }
        guard case .quantifiedSubquery("<", _, .all, _) = try selectExpr("a < ALL (SELECT 1)").kind
        else {
            Issue.record("expected < ALL")
            return
        }
        guard
            case .isBoolean(_, .isUnknown, negated: true) = try selectExpr("a IS NOT UNKNOWN").kind
        else {
            Issue.record("expected IS NOT UNKNOWN")
            return
        }
        guard case .isNull(_, negated: true) = try selectExpr("a NOTNULL").kind else {
            Issue.record("expected NOTNULL")
            return
        }
        guard
            case .isDistinctFrom(_, _, negated: true) = try selectExpr("a IS NOT DISTINCT FROM b")
                .kind
        else {
            Issue.record("expected IS NOT DISTINCT FROM")
            return
        }
    }

    @Test func functionCalls() throws {
        guard case .function(let named) = try selectExpr("f(p_analyze := false, b => 2, 3)").kind
        else {
            Issue.record("expected call")
            return
        }
        #expect(named.arguments.map(\.name) == ["p_analyze", "b", nil])
        guard
            case .function(let aggregate) =
                try selectExpr(
                    "string_agg(DISTINCT x, ',' ORDER BY y DESC) FILTER (WHERE x > 0) OVER w"
                ).kind
        else {
            Issue.record("expected aggregate")
            return
        }
        #expect(aggregate.isDistinct && aggregate.orderBy.count == 1 && aggregate.filter != nil)
        #expect(aggregate.over?.name == "w")
        guard case .function(let star) = try selectExpr("count(*)").kind else {
            Issue.record("expected count(*)")
            return
        }
        #expect(star.isStar)
        guard
            case .function(let ordered) =
                try selectExpr("percentile_cont(0.5) WITHIN GROUP (ORDER BY x)").kind
        else {
            Issue.record("expected ordered-set aggregate")
            return
        }
        #expect(ordered.withinGroup.count == 1)
        guard
            case .function(let window) = try selectExpr(
                "sum(x) OVER (PARTITION BY a ORDER BY b "
                    + "ROWS BETWEEN 1 PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE TIES)"
            ).kind, let frame = window.over?.frame
        else {
            Issue.record("expected window frame")
            return
        }
        #expect(frame.mode == .rows && frame.end == .unboundedFollowing && frame.exclusion == .ties)
        guard case .function(let variadic) = try selectExpr("f(1, VARIADIC ARRAY[2])").kind else {
            Issue.record("expected VARIADIC")
            return
        }
        #expect(variadic.hasVariadic)
    }

    @Test func specialFunctionsBecomePlainCalls() throws {
        func call(_ text: String) throws -> (String, [Expr]) {
            guard case .function(let function) = try selectExpr(text).kind else {
                throw ParseError(sqlState: "XX000", message: "not a call: \(text)", position: -1)
            }
            return (function.name.parts.joined(separator: "."), function.arguments.map(\.value))
        }
        let extract = try call("EXTRACT(YEAR FROM x)")
        #expect(extract.0 == "extract" && extract.1.first?.kind == .literal(.string("year")))
        let position = try call("POSITION('b' IN s)")
        #expect(position.0 == "position" && position.1.last?.kind == .literal(.string("b")))
        #expect(try call("SUBSTRING(s FROM 2 FOR 3)").1.count == 3)
        #expect(try call("SUBSTRING(s FOR 3)").1[1].kind == .literal(.integer("1")))
        #expect(try call("TRIM(LEADING 'x' FROM s)").0 == "ltrim")
        #expect(try call("TRIM(TRAILING FROM s)").0 == "rtrim")
        #expect(try call("TRIM(s)").0 == "btrim")
        #expect(try call("OVERLAY(s PLACING 'x' FROM 2)").1.count == 3)
        #expect(try call("COALESCE(a, b, c)").1.count == 3)
        #expect(try call("NULLIF(a, b)").0 == "nullif")
        #expect(try call("GREATEST(1, 2)").0 == "greatest")
        #expect(try call("CURRENT_TIMESTAMP").0 == "current_timestamp")
        #expect(try call("CURRENT_TIMESTAMP(3)").1.count == 1)
        #expect(try call("LOCALTIMESTAMP").0 == "localtimestamp")
        #expect(try call("CURRENT_USER").0 == "current_user")
        #expect(try call("current_schema()").0 == "current_schema")
    }

    @Test func miscellaneousForms() throws {
        guard
            case .caseWhen(let simple) = try selectExpr("CASE a WHEN 1 THEN 'x' ELSE 'y' END").kind
        else {
            Issue.record("expected CASE")
            return
        }
        #expect(simple.operand != nil && simple.branches.count == 1 && simple.elseResult != nil)
        guard case .binary("+", _, _) = try selectExpr("1 OPERATOR(pg_catalog.+) 2").kind else {
            Issue.record("expected OPERATOR()")
            return
        }
        guard case .collate(_, let collation) = try selectExpr("x COLLATE \"C\"").kind else {
            Issue.record("expected COLLATE")
            return
        }
        #expect(collation.parts == ["C"])
        guard case .atTimeZone = try selectExpr("x AT TIME ZONE 'UTC'").kind else {
            Issue.record("expected AT TIME ZONE")
            return
        }
        #expect(try selectExpr("$2").kind == .parameter(2))
        guard case .exists = try selectExpr("EXISTS (SELECT 1)").kind,
            case .arraySubquery = try selectExpr("ARRAY(SELECT 1)").kind,
            case .subquery = try selectExpr("(SELECT 1)").kind
        else {
            Issue.record("expected subquery forms")
            return
        }
        guard case .binary("+", let lhs, _) = try selectExpr("((SELECT 1)) + 1").kind,
            case .paren = lhs.kind
        else {
            Issue.record("expected parenthesised subquery operand")
            return
        }
    }

    @Test func operatorLocationsPointAtTheOperator() throws {
        let expr = try Parser.parseExpression("abc + 1")
        #expect(expr.location == 4)
        guard case .cast = try Parser.parseExpression("x::int").kind else { return }
        #expect(try Parser.parseExpression("x::int").location == 1)
    }
}
