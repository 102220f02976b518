// The tree of a PL/pgSQL function body or DO block, as pl_gram.y builds it.
//
// Every embedded expression or SQL statement is kept both as text and as a
// parsed `Statement`: PostgreSQL evaluates a PL/pgSQL expression `e` as the
// query `SELECT e`, so `minute from latest_rollup` in an initialiser is the
// query `SELECT minute from latest_rollup`.

/// An expression inside PL/pgSQL, parsed as the query `SELECT <text>`.
public struct PLExpr: Hashable, Sendable {
    public var text: String
    public var query: SelectStatement
    /// Offset of `text` in the body.
    public var location: Int

    public init(text: String, query: SelectStatement, location: Int) {
        self.text = text
        self.query = query
        self.location = location
    }
}

/// `name [CONSTANT] type [NOT NULL] [{:= | = | DEFAULT} expr];`, or
/// `name ALIAS FOR $1;`.
public struct PLDeclaration: Hashable, Sendable {
    public var name: String
    public var type: TypeName
    public var isConstant: Bool
    public var isNotNull: Bool
    public var initialValue: PLExpr?
    /// `ALIAS FOR $n` or `ALIAS FOR name`.
    public var aliasFor: String?
    public var location: Int

    public init(
        name: String, type: TypeName, isConstant: Bool = false, isNotNull: Bool = false,
        initialValue: PLExpr? = nil, aliasFor: String? = nil, location: Int = -1
    ) {
        self.name = name
        self.type = type
        self.isConstant = isConstant
        self.isNotNull = isNotNull
        self.initialValue = initialValue
        self.aliasFor = aliasFor
        self.location = location
    }
}

/// `[<<label>>] [DECLARE ...] BEGIN ... [EXCEPTION WHEN ... THEN ...] END`.
public struct PLBlock: Hashable, Sendable {
    public var label: String?
    public var declarations: [PLDeclaration]
    public var body: [PLStatement]
    public var handlers: [PLExceptionHandler]

    public init(
        label: String? = nil, declarations: [PLDeclaration] = [], body: [PLStatement] = [],
        handlers: [PLExceptionHandler] = []
    ) {
        self.label = label
        self.declarations = declarations
        self.body = body
        self.handlers = handlers
    }
}

/// `WHEN cond [OR cond ...] THEN statements`. Conditions are condition
/// names (`division_by_zero`, `others`) or `SQLSTATE 'xxxxx'`.
public struct PLExceptionHandler: Hashable, Sendable {
    public var conditions: [String]
    public var body: [PLStatement]

    public init(conditions: [String], body: [PLStatement]) {
        self.conditions = conditions
        self.body = body
    }
}

public struct PLElsif: Hashable, Sendable {
    public var condition: PLExpr
    public var body: [PLStatement]

    public init(condition: PLExpr, body: [PLStatement]) {
        self.condition = condition
        self.body = body
    }
}

public struct PLCaseWhen: Hashable, Sendable {
    /// For a searched CASE, the condition; for a simple CASE, the list of
    /// values (`WHEN 1, 2 THEN`) as one expression text.
    public var expr: PLExpr
    public var body: [PLStatement]

    public init(expr: PLExpr, body: [PLStatement]) {
        self.expr = expr
        self.body = body
    }
}

/// `RAISE level 'format', args USING option = expr`.
public struct PLRaise: Hashable, Sendable {
    public enum Level: String, Hashable, Sendable {
        case debug = "DEBUG", log = "LOG", info = "INFO", notice = "NOTICE"
        case warning = "WARNING", exception = "EXCEPTION"
    }
    public var level: Level
    /// nil for a bare `RAISE;` (re-raise) or a condition-name form.
    public var format: String?
    /// `RAISE division_by_zero` / `RAISE SQLSTATE '22012'`.
    public var condition: String?
    public var arguments: [PLExpr]
    /// `USING MESSAGE = .., DETAIL = .., HINT = .., ERRCODE = ..`.
    public var options: [PLRaiseOption]

    public init(
        level: Level, format: String? = nil, condition: String? = nil,
        arguments: [PLExpr] = [], options: [PLRaiseOption] = []
    ) {
        self.level = level
        self.format = format
        self.condition = condition
        self.arguments = arguments
        self.options = options
    }
}

public struct PLRaiseOption: Hashable, Sendable {
    public var name: String
    public var value: PLExpr

    public init(name: String, value: PLExpr) {
        self.name = name
        self.value = value
    }
}

/// One PL/pgSQL statement with its line in the body (for the CONTEXT line
/// `PL/pgSQL function f() line 5 at RAISE`).
public struct PLStatement: Hashable, Sendable {
    public var kind: PLStatementKind
    /// 1-based line within the body, counted as PostgreSQL counts it.
    public var line: Int

    public init(_ kind: PLStatementKind, line: Int) {
        self.kind = kind
        self.line = line
    }
}

public indirect enum PLStatementKind: Hashable, Sendable {
    case block(PLBlock)
    /// `target := expr;` (target may be `a`, `r.field`, `arr[i]`).
    case assign(target: String, value: PLExpr)
    case ifThen(condition: PLExpr, then: [PLStatement], elsifs: [PLElsif], otherwise: [PLStatement]?)
    /// `CASE [expr] WHEN ... END CASE`.
    case caseStatement(operand: PLExpr?, whens: [PLCaseWhen], otherwise: [PLStatement]?)
    case loop(label: String?, body: [PLStatement])
    case whileLoop(label: String?, condition: PLExpr, body: [PLStatement])
    /// `FOR i IN [REVERSE] a..b [BY s] LOOP`.
    case forInteger(
        label: String?, variable: String, reverse: Bool, low: PLExpr, high: PLExpr,
        step: PLExpr?, body: [PLStatement])
    /// `FOR target IN query LOOP`; `EXECUTE` form keeps `dynamic`.
    case forQuery(label: String?, targets: [String], query: PLQuery, body: [PLStatement])
    /// `FOREACH x IN ARRAY expr LOOP`.
    case forEach(label: String?, variable: String, array: PLExpr, body: [PLStatement])
    case exit(label: String?, when: PLExpr?)
    case `continue`(label: String?, when: PLExpr?)
    case `return`(PLExpr?)
    case returnNext(PLExpr?)
    case returnQuery(PLQuery)
    /// `PERFORM expr-or-query`: runs `SELECT ...` and discards the rows.
    case perform(PLExpr)
    /// Any SQL statement, with `INTO [STRICT] targets` removed from it.
    case sql(text: String, statement: Statement, into: [String], strict: Bool)
    /// `EXECUTE expr [INTO [STRICT] t] [USING args]`.
    case execute(command: PLExpr, into: [String], strict: Bool, using: [PLExpr])
    case raise(PLRaise)
    /// `ASSERT cond [, message]`.
    case assert(PLExpr, message: PLExpr?)
    /// `GET [CURRENT] DIAGNOSTICS var = ROW_COUNT, ...`.
    case getDiagnostics(stacked: Bool, items: [PLDiagnosticsItem])
    case commit(chain: Bool)
    case rollback(chain: Bool)
    case null
}

public struct PLDiagnosticsItem: Hashable, Sendable {
    public var target: String
    public var item: String

    public init(target: String, item: String) {
        self.target = target
        self.item = item
    }
}

/// The query of a `FOR .. IN` loop or `RETURN QUERY`.
public enum PLQuery: Hashable, Sendable {
    case `static`(text: String, statement: Statement)
    case dynamic(command: PLExpr, using: [PLExpr])
}

/// A whole function body or DO block.
public struct PLFunctionBody: Hashable, Sendable {
    public var block: PLBlock

    public init(block: PLBlock) {
        self.block = block
    }
}
