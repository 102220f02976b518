// The tree of a PL/pgSQL function body or DO block, as pl_gram.y builds it.
//
// Every embedded expression or SQL statement is kept both as text and as a
// parsed `Statement`: PostgreSQL evaluates a PL/pgSQL expression `e` as the
// query `SELECT e`, so `minute from latest_rollup` in an initialiser is the
// query `SELECT minute from latest_rollup`. Names are resolved the way
// pl_comp.c does it: every variable is a numbered datum, and every
// expression records the namespace scope it was written in, so the engine
// can resolve the names a query uses while it plans it.

/// An expression inside PL/pgSQL, parsed as the query `SELECT <text>`.
public struct PLExpr: Hashable, Sendable {
    /// The expression as written (trailing whitespace trimmed).
    public var text: String
    /// `SELECT <text>`, parsed.
    public var query: SelectStatement
    /// Offset of `text` in the body.
    public var location: Int
    /// Index of the expression in the function, unique per body, so an
    /// interpreter can cache one prepared form per expression.
    public var id: Int
    /// The namespace scope (`PLFunctionBody.scopes`) names resolve in.
    public var scope: Int
    /// The text PostgreSQL quotes in QUERY and CONTEXT lines: the whole
    /// `x := expr` of an assignment, otherwise `text`.
    public var sourceText: String
    /// Where `text` starts inside `sourceText`.
    public var sourceOffset: Int
    /// How many items of `scope` itself the expression sees: a DECLARE
    /// initialiser sees only the variables declared before it.
    public var visibleItems: Int

    /// Creates an expression; `sourceText` defaults to `text`.
    public init(
        text: String, query: SelectStatement, location: Int, id: Int = 0, scope: Int = 0,
        sourceText: String? = nil, sourceOffset: Int = 0, visibleItems: Int = .max
    ) {
        self.text = text
        self.query = query
        self.location = location
        self.id = id
        self.scope = scope
        self.sourceText = sourceText ?? text
        self.sourceOffset = sourceOffset
        self.visibleItems = visibleItems
    }
}

/// What kind of datum a variable is, as PLpgSQL_datum_type distinguishes.
public enum PLVariableKind: Hashable, Sendable {
    /// A scalar (or array, or named composite) variable with a fixed type.
    case scalar
    /// A `record` variable, whose shape is that of the last row assigned.
    case record
}

/// One datum of a function: a parameter, a declared variable, a loop
/// variable, FOUND, or the SQLSTATE/SQLERRM of a handler.
public struct PLVariable: Hashable, Sendable {
    public var name: String
    public var kind: PLVariableKind
    /// The declared type; nil for `record` and for positional parameters,
    /// whose type comes from the function's signature.
    public var type: TypeName?
    public var isConstant: Bool
    public var isNotNull: Bool
    /// For a function parameter, its 0-based position.
    public var parameterIndex: Int?
    /// Offset of the declaration in the body (-1 for implicit variables).
    public var location: Int

    /// Creates a datum.
    public init(
        name: String, kind: PLVariableKind = .scalar, type: TypeName? = nil,
        isConstant: Bool = false, isNotNull: Bool = false, parameterIndex: Int? = nil,
        location: Int = -1
    ) {
        self.name = name
        self.kind = kind
        self.type = type
        self.isConstant = isConstant
        self.isNotNull = isNotNull
        self.parameterIndex = parameterIndex
        self.location = location
    }
}

/// One level of the namespace (pl_funcs.c's ns chain): a block, a loop or
/// an exception handler, with its label and the names it declares.
public struct PLScope: Hashable, Sendable {
    /// Whether a label belongs to a block or a loop (EXIT and CONTINUE
    /// treat them differently).
    public enum LabelKind: Hashable, Sendable { case block, loop, other }
    public var parent: Int?
    public var label: String?
    public var labelKind: LabelKind
    /// Names in declaration order; later entries shadow earlier ones.
    public var items: [PLScopeItem]

    /// Creates a scope.
    public init(
        parent: Int?, label: String?, labelKind: LabelKind, items: [PLScopeItem] = []
    ) {
        self.parent = parent
        self.label = label
        self.labelKind = labelKind
        self.items = items
    }
}

/// A name visible in a scope and the datum it denotes.
public struct PLScopeItem: Hashable, Sendable {
    public var name: String
    public var datum: Int

    /// Creates an item.
    public init(name: String, datum: Int) {
        self.name = name
        self.datum = datum
    }
}

/// What a (possibly qualified) name resolves to.
public struct PLResolvedName: Hashable, Sendable {
    /// The datum named.
    public var datum: Int
    /// How many leading name parts the datum consumed (`blk.v` uses 2).
    public var partsUsed: Int
}

/// A variable, record field or array element being assigned.
public struct PLTarget: Hashable, Sendable {
    public var datum: Int
    /// `rec.field` targets name the field.
    public var field: String?
    /// `arr[i]` targets list the subscripts.
    public var subscripts: [PLExpr]
    /// Offset of the target's first token in the body.
    public var location: Int

    /// Creates a target.
    public init(datum: Int, field: String? = nil, subscripts: [PLExpr] = [], location: Int = -1) {
        self.datum = datum
        self.field = field
        self.subscripts = subscripts
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
    /// The datum this declaration creates (for an alias, the aliased one).
    public var datum: Int
    /// The body line of the declaration, for `line N during statement
    /// block local variable initialization`.
    public var line: Int

    /// Creates a declaration.
    public init(
        name: String, type: TypeName, isConstant: Bool = false, isNotNull: Bool = false,
        initialValue: PLExpr? = nil, aliasFor: String? = nil, location: Int = -1,
        datum: Int = 0, line: Int = 1
    ) {
        self.name = name
        self.type = type
        self.isConstant = isConstant
        self.isNotNull = isNotNull
        self.initialValue = initialValue
        self.aliasFor = aliasFor
        self.location = location
        self.datum = datum
        self.line = line
    }
}

/// `[<<label>>] [DECLARE ...] BEGIN ... [EXCEPTION WHEN ... THEN ...] END`.
public struct PLBlock: Hashable, Sendable {
    public var label: String?
    public var declarations: [PLDeclaration]
    public var body: [PLStatement]
    public var handlers: [PLExceptionHandler]
    /// The scope holding the block's declarations.
    public var scope: Int

    /// Creates a block.
    public init(
        label: String? = nil, declarations: [PLDeclaration] = [], body: [PLStatement] = [],
        handlers: [PLExceptionHandler] = [], scope: Int = 0
    ) {
        self.label = label
        self.declarations = declarations
        self.body = body
        self.handlers = handlers
        self.scope = scope
    }
}

/// One condition of an exception handler.
public enum PLCondition: Hashable, Sendable {
    /// `OTHERS`: every error except query_canceled and assert_failure.
    case others
    /// A SQLSTATE; one ending in `000` matches its whole class.
    case sqlState(String)
}

/// `WHEN cond [OR cond ...] THEN statements`. Conditions are condition
/// names (`division_by_zero`, `others`) or `SQLSTATE 'xxxxx'`.
public struct PLExceptionHandler: Hashable, Sendable {
    public var conditions: [PLCondition]
    public var body: [PLStatement]
    /// The datums of the handler's SQLSTATE and SQLERRM variables.
    public var sqlStateDatum: Int
    public var sqlErrmDatum: Int

    /// Creates a handler.
    public init(
        conditions: [PLCondition], body: [PLStatement], sqlStateDatum: Int = 0,
        sqlErrmDatum: Int = 0
    ) {
        self.conditions = conditions
        self.body = body
        self.sqlStateDatum = sqlStateDatum
        self.sqlErrmDatum = sqlErrmDatum
    }
}

/// `ELSIF condition THEN body`.
public struct PLElsif: Hashable, Sendable {
    public var condition: PLExpr
    public var body: [PLStatement]
    /// The body line of the ELSIF keyword.
    public var line: Int

    /// Creates an ELSIF arm.
    public init(condition: PLExpr, body: [PLStatement], line: Int = 1) {
        self.condition = condition
        self.body = body
        self.line = line
    }
}

/// `WHEN expr THEN body` of a CASE statement.
public struct PLCaseWhen: Hashable, Sendable {
    /// For a searched CASE, the condition; for a simple CASE, the test
    /// `"__Case__Variable_N__" IN (values)` as pl_gram.y rewrites it.
    public var expr: PLExpr
    public var body: [PLStatement]

    /// Creates a WHEN arm.
    public init(expr: PLExpr, body: [PLStatement]) {
        self.expr = expr
        self.body = body
    }
}

/// `RAISE level 'format', args USING option = expr`.
public struct PLRaise: Hashable, Sendable {
    /// The elog level a RAISE names.
    public enum Level: String, Hashable, Sendable {
        case debug = "DEBUG", log = "LOG", info = "INFO", notice = "NOTICE"
        case warning = "WARNING", exception = "EXCEPTION"
    }
    public var level: Level
    /// nil for a bare `RAISE;` (re-raise) or a condition-name form.
    public var format: String?
    /// `RAISE division_by_zero` / `RAISE SQLSTATE '22012'`: the condition
    /// as written (the name, or the five characters).
    public var condition: String?
    /// The SQLSTATE `condition` denotes.
    public var conditionState: String?
    public var arguments: [PLExpr]
    /// `USING MESSAGE = .., DETAIL = .., HINT = .., ERRCODE = ..`.
    public var options: [PLRaiseOption]

    /// Creates a RAISE.
    public init(
        level: Level, format: String? = nil, condition: String? = nil,
        conditionState: String? = nil, arguments: [PLExpr] = [], options: [PLRaiseOption] = []
    ) {
        self.level = level
        self.format = format
        self.condition = condition
        self.conditionState = conditionState
        self.arguments = arguments
        self.options = options
    }

    /// True for a bare `RAISE;`.
    public var isRethrow: Bool {
        format == nil && condition == nil && options.isEmpty
    }
}

/// `name = expr` in RAISE's USING list; `name` is upper case
/// (`MESSAGE`, `DETAIL`, `HINT`, `ERRCODE`, `COLUMN`, ...).
public struct PLRaiseOption: Hashable, Sendable {
    public var name: String
    public var value: PLExpr

    /// Creates an option.
    public init(name: String, value: PLExpr) {
        self.name = name
        self.value = value
    }
}

/// One PL/pgSQL statement with its line in the body (for the CONTEXT line
/// `PL/pgSQL function f() line 5 at RAISE`).
public struct PLStatement: Hashable, Sendable {
    public var kind: PLStatementKind
    /// 1-based line within the body, counted as PostgreSQL counts it:
    /// line 1 is the line the body starts on.
    public var line: Int
    /// Offset of the statement's first token in the body.
    public var location: Int
    /// The namespace scope the statement's SQL resolves names in.
    public var scope: Int

    /// Creates a statement.
    public init(_ kind: PLStatementKind, line: Int, location: Int = -1, scope: Int = 0) {
        self.kind = kind
        self.line = line
        self.location = location
        self.scope = scope
    }
}

/// The statements of pl_gram.y's `proc_stmt`.
public indirect enum PLStatementKind: Hashable, Sendable {
    case block(PLBlock)
    /// `target := expr;` (target may be `a`, `r.field`, `arr[i]`).
    case assign(target: PLTarget, value: PLExpr)
    case ifThen(
        condition: PLExpr, then: [PLStatement], elsifs: [PLElsif], otherwise: [PLStatement]?)
    /// `CASE [expr] WHEN ... END CASE`; a simple CASE stores its operand in
    /// the hidden datum `operandDatum`.
    case caseStatement(
        operand: PLExpr?, operandDatum: Int?, whens: [PLCaseWhen], otherwise: [PLStatement]?)
    case loop(label: String?, body: [PLStatement])
    case whileLoop(label: String?, condition: PLExpr, body: [PLStatement])
    /// `FOR i IN [REVERSE] a..b [BY s] LOOP`; `variable` is the loop
    /// variable's datum.
    case forInteger(
        label: String?, variable: Int, reverse: Bool, low: PLExpr, high: PLExpr,
        step: PLExpr?, body: [PLStatement])
    /// `FOR target IN query LOOP`; `EXECUTE` form keeps `dynamic`.
    case forQuery(label: String?, targets: [PLTarget], query: PLQuery, body: [PLStatement])
    /// `FOREACH x [SLICE n] IN ARRAY expr LOOP`.
    case forEach(
        label: String?, targets: [PLTarget], slice: Int, array: PLExpr, body: [PLStatement])
    case exit(label: String?, when: PLExpr?)
    case `continue`(label: String?, when: PLExpr?)
    case `return`(PLExpr?)
    case returnNext(PLExpr?)
    case returnQuery(PLQuery)
    /// `PERFORM expr-or-query`: runs `SELECT ...` and discards the rows.
    /// `text` is the query PostgreSQL runs (`SELECT` + what followed).
    case perform(text: String, statement: Statement)
    /// Any SQL statement, with `INTO [STRICT] targets` blanked out of it.
    case sql(text: String, statement: Statement, into: [PLTarget], strict: Bool)
    /// `CALL proc(...)` or a nested `DO`, run through SPI.
    case call(text: String, statement: Statement, isDo: Bool)
    /// `EXECUTE expr [INTO [STRICT] t] [USING args]`.
    case execute(command: PLExpr, into: [PLTarget], strict: Bool, using: [PLExpr])
    case raise(PLRaise)
    /// `ASSERT cond [, message]`.
    case assert(PLExpr, message: PLExpr?)
    /// `GET [CURRENT | STACKED] DIAGNOSTICS var = ROW_COUNT, ...`.
    case getDiagnostics(stacked: Bool, items: [PLDiagnosticsItem])
    case commit(chain: Bool)
    case rollback(chain: Bool)
    case null
}

/// `target = ITEM` in GET DIAGNOSTICS; `item` is upper case.
public struct PLDiagnosticsItem: Hashable, Sendable {
    public var target: PLTarget
    public var item: String

    /// Creates an item.
    public init(target: PLTarget, item: String) {
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
    /// Every datum, indexed by the numbers statements and scopes use.
    public var variables: [PLVariable]
    /// The namespace tree; scope 0 is the function's own, holding the
    /// parameters and FOUND under the function's name as label.
    public var scopes: [PLScope]
    /// The datum of FOUND.
    public var foundDatum: Int
    /// How many `PLExpr`s the body has (their ids are 0..<count).
    public var expressionCount: Int

    /// Creates a body.
    public init(
        block: PLBlock, variables: [PLVariable] = [], scopes: [PLScope] = [],
        foundDatum: Int = 0, expressionCount: Int = 0
    ) {
        self.block = block
        self.variables = variables
        self.scopes = scopes
        self.foundDatum = foundDatum
        self.expressionCount = expressionCount
    }

    /// Resolves `parts` (`x`, `blk.x`, `rec.field`) from `scope` outwards
    /// as plpgsql_ns_lookup does: at each level an unqualified match wins
    /// unless a second part follows and the match is a scalar, then a
    /// label match qualifies the second part.
    /// `visibleItems` limits the items of `scope` itself that count.
    public func resolve(
        _ parts: [String], in scope: Int, visibleItems: Int = .max
    ) -> PLResolvedName? {
        guard let first = parts.first else { return nil }
        var level: Int? = scope
        while let current = level, current >= 0, current < scopes.count {
            let node = scopes[current]
            let items = current == scope ? node.items.prefix(visibleItems) : node.items[...]
            for item in items.reversed() where item.name == first {
                let isScalar = variables[item.datum].kind == .scalar
                if parts.count == 1 || !isScalar {
                    return PLResolvedName(datum: item.datum, partsUsed: 1)
                }
            }
            if parts.count > 1, node.label == first {
                for item in items.reversed() where item.name == parts[1] {
                    return PLResolvedName(datum: item.datum, partsUsed: 2)
                }
            }
            level = node.parent
        }
        return nil
    }
}
