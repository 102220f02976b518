// The abstract syntax tree produced by `Parser` and consumed by the engine.
//
// It follows PostgreSQL's raw parse tree (gram.y's output) rather than an
// analysed tree: names are unresolved, types are names, and every node that
// an error can point at carries `location`, a 0-based offset in Unicode
// scalars into the statement text (PostgreSQL reports it 1-based).

/// A possibly qualified name, as written: `public.http_request` is
/// `["public", "http_request"]`. Parts are already case-folded or unquoted.
public struct QualifiedName: Hashable, Sendable {
    public var parts: [String]
    public var location: Int

    public init(_ parts: [String], location: Int = -1) {
        self.parts = parts
        self.location = location
    }

    /// The last part: the object's own name.
    public var name: String { parts.last ?? "" }
    /// The schema part when the name is qualified.
    public var schema: String? { parts.count > 1 ? parts[parts.count - 2] : nil }
}

/// A type as written: `varchar(20)`, `timestamptz`, `int[]`, `hll(11, 5)`.
/// `names` holds the folded name; `pg_catalog` qualification is kept.
public struct TypeName: Hashable, Sendable {
    public var names: [String]
    public var modifiers: [Expr]
    /// Number of `[]` suffixes (PostgreSQL ignores the bounds).
    public var arrayDimensions: Int
    /// `SETOF type` in a function's RETURNS clause.
    public var isSetOf: Bool
    public var location: Int

    public init(
        _ names: [String], modifiers: [Expr] = [], arrayDimensions: Int = 0,
        isSetOf: Bool = false, location: Int = -1
    ) {
        self.names = names
        self.modifiers = modifiers
        self.arrayDimensions = arrayDimensions
        self.isSetOf = isSetOf
        self.location = location
    }
}

// MARK: - Expressions

/// An expression node and where it starts in the statement.
public struct Expr: Hashable, Sendable {
    public var kind: ExprKind
    public var location: Int

    public init(_ kind: ExprKind, location: Int = -1) {
        self.kind = kind
        self.location = location
    }
}

/// Literal constants as the lexer saw them; the engine types them the way
/// PostgreSQL does (an integer literal is int4 if it fits, else int8, else
/// numeric; a string literal is of unknown type until context decides).
public enum Literal: Hashable, Sendable {
    /// Digits only, e.g. `42`.
    case integer(String)
    /// Has a point or exponent, e.g. `1.5`, `1e3`.
    case numeric(String)
    case string(String)
    /// `B'0101'` or `X'1F'`, with the prefix letter kept.
    case bitString(String)
    case boolean(Bool)
    case null
}

/// What an expression is. Leaves (constants, column references, `*`,
/// parameters, DEFAULT) are stored inline and every case with a nested
/// expression in a box, so a VALUES row of constants costs no boxes.
public enum ExprKind: Hashable, Sendable {
    case literal(Literal)
    /// `a`, `t.a`, `s.t.a`; `t.*` is a column reference whose last part is
    /// `"*"`.
    case columnRef([String])
    /// A bare `*` in a select list or `count(*)`.
    case star
    /// `$1` (1-based).
    case parameter(Int)
    /// `DEFAULT` in INSERT's VALUES or UPDATE's SET.
    case defaultValue
    /// Binary operator, including schema-qualified `OPERATOR(pg_catalog.+)`
    /// spelled as its bare symbol. Keyword operators are separate cases.
    indirect case binary(op: String, Expr, Expr)
    /// Prefix operator: `-x`, `+x`, `~x`, `@x`, `|/x`.
    indirect case unary(op: String, Expr)
    indirect case and(Expr, Expr)
    indirect case or(Expr, Expr)
    indirect case not(Expr)
    /// `x::t`, `CAST(x AS t)`, and typed literals `interval '1 day'`.
    indirect case cast(Expr, TypeName, CastSyntax)
    indirect case function(FunctionCall)
    indirect case caseWhen(CaseExpr)
    /// `x [NOT] BETWEEN [SYMMETRIC] a AND b`.
    indirect case between(Expr, low: Expr, high: Expr, negated: Bool, symmetric: Bool)
    /// `x [NOT] IN (a, b, c)`.
    indirect case inList(Expr, [Expr], negated: Bool)
    /// `x [NOT] IN (SELECT ...)`.
    indirect case inSubquery(Expr, SelectStatement, negated: Bool)
    /// `x op ANY|SOME|ALL (subquery)`.
    indirect case quantifiedSubquery(op: String, Expr, Quantifier, SelectStatement)
    /// `x op ANY|SOME|ALL (array expression)`.
    indirect case quantifiedArray(op: String, Expr, Quantifier, Expr)
    indirect case exists(SelectStatement)
    /// A scalar subquery `(SELECT ...)`.
    indirect case subquery(SelectStatement)
    /// `ARRAY(SELECT ...)`.
    indirect case arraySubquery(SelectStatement)
    /// `x IS [NOT] NULL`, also `x ISNULL` / `x NOTNULL`.
    indirect case isNull(Expr, negated: Bool)
    /// `x IS [NOT] TRUE|FALSE|UNKNOWN`.
    indirect case isBoolean(Expr, BooleanTest, negated: Bool)
    indirect case isDistinctFrom(Expr, Expr, negated: Bool)
    /// `x [NOT] LIKE|ILIKE p [ESCAPE e]`, and `SIMILAR TO`.
    indirect case like(Expr, pattern: Expr, escape: Expr?, kind: LikeKind, negated: Bool)
    /// `ARRAY[...]` or a nested `[...]` inside it.
    indirect case array([Expr])
    /// `ROW(a, b)` or `(a, b)`; `explicitRow` records which.
    indirect case row([Expr], explicitRow: Bool)
    /// `x[i]`, `x[i:j]`, `x[:j]`.
    indirect case subscripted(Expr, [Subscript])
    /// `(x).field`, `(x).*`.
    indirect case fieldSelect(Expr, String)
    /// `x COLLATE "C"`.
    indirect case collate(Expr, QualifiedName)
    /// `x AT TIME ZONE z`.
    indirect case atTimeZone(Expr, Expr)
    /// Parenthesised, kept so the deparser can reproduce the source.
    indirect case paren(Expr)
}

public enum CastSyntax: Hashable, Sendable {
    /// `x::t`
    case doubleColon
    /// `CAST(x AS t)`
    case castFunction
    /// `t 'literal'`, e.g. `interval '5 minutes'`, `timestamptz '...'`.
    case typedLiteral
}

public enum Quantifier: Hashable, Sendable {
    case any, all
}

public enum BooleanTest: Hashable, Sendable {
    case isTrue, isFalse, isUnknown
}

public enum LikeKind: Hashable, Sendable {
    case like, ilike, similarTo
}

/// One `[...]` step: `lower` is nil for `[:j]`; `isSlice` distinguishes `[i]`
/// from `[i:j]`.
public struct Subscript: Hashable, Sendable {
    public var lower: Expr?
    public var upper: Expr?
    public var isSlice: Bool

    public init(lower: Expr?, upper: Expr?, isSlice: Bool) {
        self.lower = lower
        self.upper = upper
        self.isSlice = isSlice
    }
}

/// A function call with everything PostgreSQL allows around it: named
/// arguments (`p_analyze := false`, `=>`), `DISTINCT`, `*`, ordered
/// aggregates, `FILTER`, `OVER`, and `VARIADIC`.
public struct FunctionCall: Hashable, Sendable {
    public var name: QualifiedName
    public var arguments: [FunctionArgument]
    public var isDistinct: Bool
    /// `count(*)`.
    public var isStar: Bool
    public var orderBy: [SortItem]
    /// `WITHIN GROUP (ORDER BY ...)`.
    public var withinGroup: [SortItem]
    public var filter: Expr?
    public var over: WindowSpec?
    public var hasVariadic: Bool
    /// Written in the SQL-standard form (`POSITION(a IN b)`, `TRIM(..
    /// FROM x)`, `SUBSTRING(x FROM n)`, `OVERLAY(..)`), which ruleutils
    /// prints back in that form (COERCE_SQL_SYNTAX).
    public var isSQLSyntax = false

    public init(
        name: QualifiedName, arguments: [FunctionArgument] = [],
        isDistinct: Bool = false, isStar: Bool = false,
        orderBy: [SortItem] = [], withinGroup: [SortItem] = [],
        filter: Expr? = nil, over: WindowSpec? = nil, hasVariadic: Bool = false
    ) {
        self.name = name
        self.arguments = arguments
        self.isDistinct = isDistinct
        self.isStar = isStar
        self.orderBy = orderBy
        self.withinGroup = withinGroup
        self.filter = filter
        self.over = over
        self.hasVariadic = hasVariadic
    }
}

public struct FunctionArgument: Hashable, Sendable {
    /// Set for `name := value` and `name => value`.
    public var name: String?
    public var value: Expr
    /// Where the name starts (-1 for a positional argument).
    public var nameLocation: Int

    public init(name: String? = nil, value: Expr, nameLocation: Int = -1) {
        self.name = name
        self.value = value
        self.nameLocation = nameLocation
    }
}

/// `CASE [operand] WHEN .. THEN .. [ELSE ..] END`.
public struct CaseExpr: Hashable, Sendable {
    public var operand: Expr?
    public var branches: [CaseBranch]
    public var elseResult: Expr?

    public init(operand: Expr?, branches: [CaseBranch], elseResult: Expr?) {
        self.operand = operand
        self.branches = branches
        self.elseResult = elseResult
    }
}

public struct CaseBranch: Hashable, Sendable {
    public var condition: Expr
    public var result: Expr

    public init(condition: Expr, result: Expr) {
        self.condition = condition
        self.result = result
    }
}

/// `OVER (PARTITION BY .. ORDER BY .. frame)` or `OVER name`.
public struct WindowSpec: Hashable, Sendable {
    public var name: String?
    public var partitionBy: [Expr]
    public var orderBy: [SortItem]
    public var frame: WindowFrame?

    public init(
        name: String? = nil, partitionBy: [Expr] = [], orderBy: [SortItem] = [],
        frame: WindowFrame? = nil
    ) {
        self.name = name
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
    }
}

public struct WindowFrame: Hashable, Sendable {
    public enum Mode: String, Hashable, Sendable { case rows, range, groups }
    public enum Bound: Hashable, Sendable {
        case unboundedPreceding, preceding(Expr), currentRow, following(Expr)
        case unboundedFollowing
    }
    public enum Exclusion: String, Hashable, Sendable {
        case noOthers = "NO OTHERS", currentRow = "CURRENT ROW", group = "GROUP"
        case ties = "TIES"
    }
    public var mode: Mode
    public var start: Bound
    /// nil when written without `BETWEEN`.
    public var end: Bound?
    public var exclusion: Exclusion?

    public init(mode: Mode, start: Bound, end: Bound?, exclusion: Exclusion? = nil) {
        self.mode = mode
        self.start = start
        self.end = end
        self.exclusion = exclusion
    }
}

/// One ORDER BY item.
public struct SortItem: Hashable, Sendable {
    public enum Direction: Hashable, Sendable { case ascending, descending }
    public enum Nulls: Hashable, Sendable { case first, last }
    public var expr: Expr
    /// nil when not written (ascending).
    public var direction: Direction?
    /// `USING op`.
    public var usingOperator: String?
    /// nil when not written: NULLS LAST for ASC, NULLS FIRST for DESC.
    public var nulls: Nulls?

    public init(
        expr: Expr, direction: Direction? = nil, usingOperator: String? = nil,
        nulls: Nulls? = nil
    ) {
        self.expr = expr
        self.direction = direction
        self.usingOperator = usingOperator
        self.nulls = nulls
    }
}

// MARK: - SELECT

/// A full query: `WITH`, a body (plain SELECT, set operation or VALUES),
/// then ORDER BY / LIMIT / OFFSET / FOR UPDATE that apply to the whole body.
public struct SelectStatement: Hashable, Sendable {
    public var with: WithClause?
    public var body: SelectBody
    public var orderBy: [SortItem]
    public var limit: Expr?
    /// `FETCH FIRST n ROWS WITH TIES`.
    public var limitWithTies: Bool
    public var offset: Expr?
    public var locking: [LockingClause]
    public var location: Int

    public init(
        with: WithClause? = nil, body: SelectBody, orderBy: [SortItem] = [],
        limit: Expr? = nil, limitWithTies: Bool = false, offset: Expr? = nil,
        locking: [LockingClause] = [], location: Int = -1
    ) {
        self.with = with
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.limitWithTies = limitWithTies
        self.offset = offset
        self.locking = locking
        self.location = location
    }
}

public indirect enum SelectBody: Hashable, Sendable {
    case select(SimpleSelect)
    /// `VALUES (..), (..)`.
    case values([[Expr]])
    case setOperation(SetOperator, all: Bool, SelectStatement, SelectStatement)
}

public enum SetOperator: String, Hashable, Sendable {
    case union = "UNION", intersect = "INTERSECT", except = "EXCEPT"
}

public struct SimpleSelect: Hashable, Sendable {
    public enum Distinct: Hashable, Sendable {
        case none
        case all
        case on([Expr])
    }
    public var distinct: Distinct
    public var targets: [ResultTarget]
    /// `SELECT .. INTO target` (PL/pgSQL's SELECT INTO, or CREATE TABLE AS).
    public var into: [Expr]?
    public var intoStrict: Bool
    public var from: [TableRef]
    public var whereClause: Expr?
    public var groupBy: [GroupingElement]
    public var groupByDistinct: Bool
    public var having: Expr?
    public var namedWindows: [NamedWindow]

    public init(
        distinct: Distinct = .none, targets: [ResultTarget] = [], into: [Expr]? = nil,
        intoStrict: Bool = false, from: [TableRef] = [], whereClause: Expr? = nil,
        groupBy: [GroupingElement] = [], groupByDistinct: Bool = false,
        having: Expr? = nil, namedWindows: [NamedWindow] = []
    ) {
        self.distinct = distinct
        self.targets = targets
        self.into = into
        self.intoStrict = intoStrict
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.groupByDistinct = groupByDistinct
        self.having = having
        self.namedWindows = namedWindows
    }
}

public struct NamedWindow: Hashable, Sendable {
    public var name: String
    public var spec: WindowSpec

    public init(name: String, spec: WindowSpec) {
        self.name = name
        self.spec = spec
    }
}

/// One select-list entry: `expr [AS alias]`.
public struct ResultTarget: Hashable, Sendable {
    public var expr: Expr
    public var alias: String?

    public init(expr: Expr, alias: String? = nil) {
        self.expr = expr
        self.alias = alias
    }
}

public indirect enum GroupingElement: Hashable, Sendable {
    case expr(Expr)
    /// `()`.
    case empty
    case rollup([[Expr]])
    case cube([[Expr]])
    case groupingSets([GroupingElement])
}

public struct LockingClause: Hashable, Sendable {
    public enum Strength: String, Hashable, Sendable {
        case update = "UPDATE", noKeyUpdate = "NO KEY UPDATE", share = "SHARE"
        case keyShare = "KEY SHARE"
    }
    public enum Wait: Hashable, Sendable { case wait, noWait, skipLocked }
    public var strength: Strength
    public var tables: [QualifiedName]
    public var wait: Wait

    public init(strength: Strength, tables: [QualifiedName] = [], wait: Wait = .wait) {
        self.strength = strength
        self.tables = tables
        self.wait = wait
    }
}

public struct WithClause: Hashable, Sendable {
    public var isRecursive: Bool
    public var queries: [CommonTableExpr]

    public init(isRecursive: Bool, queries: [CommonTableExpr]) {
        self.isRecursive = isRecursive
        self.queries = queries
    }
}

public struct CommonTableExpr: Hashable, Sendable {
    public enum Materialized: Hashable, Sendable { case `default`, materialized, notMaterialized }
    public var name: String
    public var columnNames: [String]
    public var materialized: Materialized
    /// SELECT, or INSERT/UPDATE/DELETE with RETURNING.
    public var statement: Statement
    public var location: Int

    public init(
        name: String, columnNames: [String] = [], materialized: Materialized = .default,
        statement: Statement, location: Int = -1
    ) {
        self.name = name
        self.columnNames = columnNames
        self.materialized = materialized
        self.statement = statement
        self.location = location
    }
}

/// `AS alias (col1, col2)`.
public struct Alias: Hashable, Sendable {
    public var name: String
    public var columnNames: [String]

    public init(name: String, columnNames: [String] = []) {
        self.name = name
        self.columnNames = columnNames
    }
}

public indirect enum TableRef: Hashable, Sendable {
    /// `[ONLY] name [alias]`.
    case table(QualifiedName, alias: Alias?, only: Bool)
    /// `[LATERAL] (SELECT ...) alias`.
    case subquery(SelectStatement, alias: Alias?, lateral: Bool)
    /// `[LATERAL] f(...) [WITH ORDINALITY] alias`, incl. `ROWS FROM`.
    case function(FunctionCall, alias: Alias?, lateral: Bool, withOrdinality: Bool, location: Int)
    case join(JoinExpr)
}

public struct JoinExpr: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case inner = "JOIN", left = "LEFT JOIN", right = "RIGHT JOIN", full = "FULL JOIN"
        case cross = "CROSS JOIN"
    }
    public enum Condition: Hashable, Sendable {
        case none
        case on(Expr)
        case using([String])
        case natural
    }
    public var kind: Kind
    public var left: TableRef
    public var right: TableRef
    public var condition: Condition
    /// `(a JOIN b) AS j`.
    public var alias: Alias?

    public init(
        kind: Kind, left: TableRef, right: TableRef, condition: Condition, alias: Alias? = nil
    ) {
        self.kind = kind
        self.left = left
        self.right = right
        self.condition = condition
        self.alias = alias
    }
}

// MARK: - DML

public struct InsertStatement: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        case values([[Expr]])
        case select(SelectStatement)
        case defaultValues
    }
    public var with: WithClause?
    public var table: QualifiedName
    public var alias: String?
    public var columns: [String]
    public var source: Source
    public var onConflict: OnConflict?
    public var returning: [ResultTarget]
    /// `OVERRIDING SYSTEM VALUE` (true) or `OVERRIDING USER VALUE` (false).
    public var overridingSystem: Bool?

    public init(
        with: WithClause? = nil, table: QualifiedName, alias: String? = nil,
        columns: [String] = [], source: Source, onConflict: OnConflict? = nil,
        returning: [ResultTarget] = []
    ) {
        self.with = with
        self.table = table
        self.alias = alias
        self.columns = columns
        self.source = source
        self.onConflict = onConflict
        self.returning = returning
    }
}

public struct OnConflict: Hashable, Sendable {
    public enum Target: Hashable, Sendable {
        case none
        /// `(col, ...) [WHERE pred]`; elements may be expressions.
        case columns([Expr], whereClause: Expr?)
        case constraint(String)
    }
    public enum Action: Hashable, Sendable {
        case nothing
        case update([SetClause], whereClause: Expr?)
    }
    public var target: Target
    public var action: Action
    public var location: Int

    public init(target: Target, action: Action, location: Int = -1) {
        self.target = target
        self.action = action
        self.location = location
    }
}

/// `col = expr`, `col[1] = expr`, `(a, b) = (x, y)` is split into one
/// clause per column with `multiAssign` marking the group.
public struct SetClause: Hashable, Sendable {
    public var column: String
    public var subscripts: [Subscript]
    public var value: Expr
    public var location: Int
    /// For clauses split from one `(a, b) = (x, y)`: the index in the SET
    /// list of the group's first clause; nil for a plain `col = expr`.
    public var multiAssign: Int?

    public init(
        column: String, subscripts: [Subscript] = [], value: Expr, location: Int = -1,
        multiAssign: Int? = nil
    ) {
        self.column = column
        self.subscripts = subscripts
        self.value = value
        self.location = location
        self.multiAssign = multiAssign
    }
}

public struct UpdateStatement: Hashable, Sendable {
    public var with: WithClause?
    public var table: QualifiedName
    public var only: Bool
    public var alias: String?
    public var set: [SetClause]
    public var from: [TableRef]
    public var whereClause: Expr?
    public var returning: [ResultTarget]

    public init(
        with: WithClause? = nil, table: QualifiedName, only: Bool = false, alias: String? = nil,
        set: [SetClause], from: [TableRef] = [], whereClause: Expr? = nil,
        returning: [ResultTarget] = []
    ) {
        self.with = with
        self.table = table
        self.only = only
        self.alias = alias
        self.set = set
        self.from = from
        self.whereClause = whereClause
        self.returning = returning
    }
}

public struct DeleteStatement: Hashable, Sendable {
    public var with: WithClause?
    public var table: QualifiedName
    public var only: Bool
    public var alias: String?
    public var using: [TableRef]
    public var whereClause: Expr?
    public var returning: [ResultTarget]

    public init(
        with: WithClause? = nil, table: QualifiedName, only: Bool = false, alias: String? = nil,
        using: [TableRef] = [], whereClause: Expr? = nil, returning: [ResultTarget] = []
    ) {
        self.with = with
        self.table = table
        self.only = only
        self.alias = alias
        self.using = using
        self.whereClause = whereClause
        self.returning = returning
    }
}

// MARK: - DDL

public struct ColumnDef: Hashable, Sendable {
    public var name: String
    public var type: TypeName
    public var constraints: [ColumnConstraint]
    public var location: Int

    public init(
        name: String, type: TypeName, constraints: [ColumnConstraint] = [], location: Int = -1
    ) {
        self.name = name
        self.type = type
        self.constraints = constraints
        self.location = location
    }
}

public struct ColumnConstraint: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case notNull
        case null
        case defaultValue(Expr)
        case check(Expr, noInherit: Bool)
        case primaryKey
        case unique(nullsNotDistinct: Bool)
        case references(ForeignKeyReference)
        /// `GENERATED ALWAYS AS (expr) STORED`.
        case generated(Expr)
        /// `GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY`.
        case identity(always: Bool, options: [SequenceOption])
    }
    /// `CONSTRAINT name` prefix.
    public var name: String?
    public var kind: Kind
    public var location: Int

    public init(name: String? = nil, kind: Kind, location: Int = -1) {
        self.name = name
        self.kind = kind
        self.location = location
    }
}

public struct ForeignKeyReference: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable {
        case noAction = "NO ACTION", restrict = "RESTRICT", cascade = "CASCADE"
        case setNull = "SET NULL", setDefault = "SET DEFAULT"
    }
    public var table: QualifiedName
    public var columns: [String]
    public var onDelete: Action
    public var onUpdate: Action

    public init(
        table: QualifiedName, columns: [String] = [], onDelete: Action = .noAction,
        onUpdate: Action = .noAction
    ) {
        self.table = table
        self.columns = columns
        self.onDelete = onDelete
        self.onUpdate = onUpdate
    }
}

public struct TableConstraint: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case check(Expr, noInherit: Bool)
        case primaryKey([String])
        case unique([String], nullsNotDistinct: Bool)
        case foreignKey(columns: [String], ForeignKeyReference)
    }
    public var name: String?
    public var kind: Kind
    public var location: Int

    public init(name: String? = nil, kind: Kind, location: Int = -1) {
        self.name = name
        self.kind = kind
        self.location = location
    }
}

public enum TableElement: Hashable, Sendable {
    case column(ColumnDef)
    case constraint(TableConstraint)
    /// `LIKE other [INCLUDING ...]`.
    case like(QualifiedName, options: [String])
}

/// `PARTITION BY RANGE (col, (expr))`.
public struct PartitionSpec: Hashable, Sendable {
    public enum Strategy: String, Hashable, Sendable {
        case range = "RANGE", list = "LIST", hash = "HASH"
    }
    public var strategy: Strategy
    /// Each key is a column (`columnRef`) or an expression.
    public var keys: [Expr]
    public var location: Int

    public init(strategy: Strategy, keys: [Expr], location: Int = -1) {
        self.strategy = strategy
        self.keys = keys
        self.location = location
    }
}

/// `FOR VALUES ...` or `DEFAULT`. In range bounds `MINVALUE` and
/// `MAXVALUE` appear as column references named `minvalue`/`maxvalue`, as
/// in PostgreSQL's grammar.
public enum PartitionBound: Hashable, Sendable {
    case range(from: [Expr], to: [Expr])
    case list([Expr])
    case hash(modulus: Int, remainder: Int)
    case `default`
}

public struct CreateTableStatement: Hashable, Sendable {
    public var name: QualifiedName
    public var ifNotExists: Bool
    public var isTemporary: Bool
    public var isUnlogged: Bool
    public var elements: [TableElement]
    public var partitionBy: PartitionSpec?
    /// `PARTITION OF parent FOR VALUES ...`.
    public var partitionOf: QualifiedName?
    public var partitionBound: PartitionBound?
    public var inherits: [QualifiedName]
    /// `CREATE TABLE .. AS SELECT` (with `WITH [NO] DATA`).
    public var asSelect: SelectStatement?
    public var withData: Bool
    /// `USING method` (e.g. columnar).
    public var accessMethod: String?

    public init(
        name: QualifiedName, ifNotExists: Bool = false, isTemporary: Bool = false,
        isUnlogged: Bool = false, elements: [TableElement] = [],
        partitionBy: PartitionSpec? = nil, partitionOf: QualifiedName? = nil,
        partitionBound: PartitionBound? = nil, inherits: [QualifiedName] = [],
        asSelect: SelectStatement? = nil, withData: Bool = true, accessMethod: String? = nil
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.isTemporary = isTemporary
        self.isUnlogged = isUnlogged
        self.elements = elements
        self.partitionBy = partitionBy
        self.partitionOf = partitionOf
        self.partitionBound = partitionBound
        self.inherits = inherits
        self.asSelect = asSelect
        self.withData = withData
        self.accessMethod = accessMethod
    }
}

public enum ObjectKind: String, Hashable, Sendable {
    case table = "TABLE", schema = "SCHEMA", function = "FUNCTION", procedure = "PROCEDURE"
    case `extension` = "EXTENSION", view = "VIEW", index = "INDEX", sequence = "SEQUENCE"
    case type = "TYPE", materializedView = "MATERIALIZED VIEW"
}

/// `DROP kind [IF EXISTS] names [CASCADE | RESTRICT]`. For functions each
/// name may carry an argument type list.
public struct DropStatement: Hashable, Sendable {
    public var kind: ObjectKind
    public var names: [QualifiedName]
    /// Parallel to `names` for DROP FUNCTION: nil when no list was written.
    public var functionArguments: [[FunctionParameter]?]
    public var ifExists: Bool
    public var cascade: Bool
    public var concurrently: Bool

    public init(
        kind: ObjectKind, names: [QualifiedName], functionArguments: [[FunctionParameter]?] = [],
        ifExists: Bool = false, cascade: Bool = false, concurrently: Bool = false
    ) {
        self.kind = kind
        self.names = names
        self.functionArguments = functionArguments
        self.ifExists = ifExists
        self.cascade = cascade
        self.concurrently = concurrently
    }
}

public enum AlterTableCommand: Hashable, Sendable {
    case addColumn(ColumnDef, ifNotExists: Bool)
    case dropColumn(String, ifExists: Bool, cascade: Bool)
    case alterColumnType(String, TypeName, using: Expr?)
    case setDefault(String, Expr?)
    /// `ALTER COLUMN c ADD GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(options)]`.
    case addIdentity(String, always: Bool, options: [SequenceOption])
    /// `ALTER COLUMN c SET GENERATED ..`, `SET option`, `RESTART [WITH n]`
    /// in any number; `always` is nil when the kind is not set.
    case setIdentity(String, always: Bool?, options: [SequenceOption])
    case dropIdentity(String, ifExists: Bool)
    case setNotNull(String)
    case dropNotNull(String)
    case addConstraint(TableConstraint)
    case dropConstraint(String, ifExists: Bool, cascade: Bool)
    case renameColumn(String, to: String)
    case renameTable(to: String)
    case renameConstraint(String, to: String)
    case attachPartition(QualifiedName, PartitionBound)
    case detachPartition(QualifiedName, concurrently: Bool)
    case setSchema(String)
    case ownerTo(String)
}

public struct AlterTableStatement: Hashable, Sendable {
    public var name: QualifiedName
    public var ifExists: Bool
    public var only: Bool
    public var commands: [AlterTableCommand]

    public init(
        name: QualifiedName, ifExists: Bool = false, only: Bool = false,
        commands: [AlterTableCommand]
    ) {
        self.name = name
        self.ifExists = ifExists
        self.only = only
        self.commands = commands
    }
}

public struct FunctionParameter: Hashable, Sendable {
    public enum Mode: String, Hashable, Sendable {
        case `in` = "IN", out = "OUT", inOut = "INOUT", variadic = "VARIADIC"
    }
    public var name: String?
    public var type: TypeName
    public var mode: Mode
    public var defaultValue: Expr?

    public init(name: String? = nil, type: TypeName, mode: Mode = .in, defaultValue: Expr? = nil) {
        self.name = name
        self.type = type
        self.mode = mode
        self.defaultValue = defaultValue
    }
}

public struct CreateFunctionStatement: Hashable, Sendable {
    public enum Returns: Hashable, Sendable {
        case none
        case type(TypeName)
        /// `RETURNS TABLE (a int, b text)`.
        case table([FunctionParameter])
    }
    public var orReplace: Bool
    public var isProcedure: Bool
    public var name: QualifiedName
    public var parameters: [FunctionParameter]
    public var returns: Returns
    public var language: String
    /// The body text between the quotes, exactly as written.
    public var body: String
    /// Where the body's first character is in the statement (for errors
    /// inside the body, which PostgreSQL reports relative to the body).
    public var bodyLocation: Int
    /// Remaining options in source order: `IMMUTABLE`, `STRICT`,
    /// `SECURITY DEFINER`, `PARALLEL SAFE`, `COST 100`, `SET x = y`, ...
    public var options: [String]
    /// `AS 'obj_file', 'link_symbol'` of a C-language function: `body`
    /// holds the object file and this the symbol.
    public var linkSymbol: String?

    public init(
        orReplace: Bool = false, isProcedure: Bool = false, name: QualifiedName,
        parameters: [FunctionParameter] = [], returns: Returns = .none, language: String,
        body: String, bodyLocation: Int = -1, options: [String] = [], linkSymbol: String? = nil
    ) {
        self.linkSymbol = linkSymbol
        self.orReplace = orReplace
        self.isProcedure = isProcedure
        self.name = name
        self.parameters = parameters
        self.returns = returns
        self.language = language
        self.body = body
        self.bodyLocation = bodyLocation
        self.options = options
    }
}

/// `CREATE TYPE name AS (attribute type, ...)`: a composite type.
public struct CreateTypeStatement: Hashable, Sendable {
    public struct Attribute: Hashable, Sendable {
        public var name: String
        public var type: TypeName

        public init(name: String, type: TypeName) {
            self.name = name
            self.type = type
        }
    }

    public var name: QualifiedName
    public var attributes: [Attribute]
    /// `AS ENUM ('a', ...)`: the labels; nil for a composite type.
    public var enumLabels: [String]?

    public init(name: QualifiedName, attributes: [Attribute], enumLabels: [String]? = nil) {
        self.name = name
        self.attributes = attributes
        self.enumLabels = enumLabels
    }
}

/// One key of CREATE INDEX: a column or an expression, with its order.
public struct IndexElement: Hashable, Sendable {
    /// The column name, nil for an expression key.
    public var column: String?
    /// The expression of `(expr)` or a function call, nil for a column.
    public var expr: Expr?
    public var direction: SortItem.Direction?
    public var nulls: SortItem.Nulls?
    /// Where the element starts in the source.
    public var location: Int

    public init(
        column: String? = nil, expr: Expr? = nil, direction: SortItem.Direction? = nil,
        nulls: SortItem.Nulls? = nil, location: Int = -1
    ) {
        self.column = column
        self.expr = expr
        self.direction = direction
        self.nulls = nulls
        self.location = location
    }
}

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY]
/// table [USING method] (elements) [INCLUDE (columns)]
/// [NULLS [NOT] DISTINCT] [WHERE predicate]` (gram.y's IndexStmt).
public struct CreateIndexStatement: Hashable, Sendable {
    /// nil when PostgreSQL chooses the name.
    public var name: String?
    public var table: QualifiedName
    public var isUnique: Bool
    public var concurrently: Bool
    public var ifNotExists: Bool
    /// `ON ONLY`: the partitioned table's index alone.
    public var only: Bool
    /// `USING method`, nil when not written (btree).
    public var method: String?
    public var elements: [IndexElement]
    public var include: [String]
    public var nullsNotDistinct: Bool
    public var whereClause: Expr?

    public init(
        name: String?, table: QualifiedName, isUnique: Bool = false, concurrently: Bool = false,
        ifNotExists: Bool = false, only: Bool = false, method: String? = nil,
        elements: [IndexElement], include: [String] = [], nullsNotDistinct: Bool = false,
        whereClause: Expr? = nil
    ) {
        self.name = name
        self.table = table
        self.isUnique = isUnique
        self.concurrently = concurrently
        self.ifNotExists = ifNotExists
        self.only = only
        self.method = method
        self.elements = elements
        self.include = include
        self.nullsNotDistinct = nullsNotDistinct
        self.whereClause = whereClause
    }
}

public struct CreateExtensionStatement: Hashable, Sendable {
    public var name: String
    public var ifNotExists: Bool
    public var schema: String?
    public var version: String?
    public var cascade: Bool

    public init(
        name: String, ifNotExists: Bool = false, schema: String? = nil, version: String? = nil,
        cascade: Bool = false
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.schema = schema
        self.version = version
        self.cascade = cascade
    }
}

/// One option of CREATE / ALTER SEQUENCE, in the order written.
public enum SequenceOption: Hashable, Sendable {
    /// True for `RESTART [WITH n]`.
    public var isRestart: Bool {
        if case .restart = self { return true }
        return false
    }

    case asType(TypeName)
    case increment(Int64)
    /// nil for `NO MINVALUE` / `NO MAXVALUE`.
    case minValue(Int64?)
    case maxValue(Int64?)
    case start(Int64)
    /// `RESTART [WITH n]`; nil restarts at the start value.
    case restart(Int64?)
    case cache(Int64)
    case cycle(Bool)
    /// `OWNED BY table.column`; nil for `OWNED BY NONE`.
    case ownedBy(QualifiedName?)
}

/// `CREATE [TEMP] SEQUENCE [IF NOT EXISTS] name options`.
public struct CreateSequenceStatement: Hashable, Sendable {
    public var name: QualifiedName
    public var ifNotExists: Bool
    public var isTemporary: Bool
    public var options: [SequenceOption]

    public init(
        name: QualifiedName, ifNotExists: Bool = false, isTemporary: Bool = false,
        options: [SequenceOption] = []
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.isTemporary = isTemporary
        self.options = options
    }
}

/// `ALTER SEQUENCE [IF EXISTS] name options`.
public struct AlterSequenceStatement: Hashable, Sendable {
    public var name: QualifiedName
    public var ifExists: Bool
    public var options: [SequenceOption]

    public init(name: QualifiedName, ifExists: Bool = false, options: [SequenceOption]) {
        self.name = name
        self.ifExists = ifExists
        self.options = options
    }
}

// MARK: - Utility statements

public enum TransactionStatement: Hashable, Sendable {
    /// `BEGIN` / `START TRANSACTION` with modes such as `ISOLATION LEVEL ..`.
    case begin(modes: [String])
    case commit(chain: Bool)
    case rollback(chain: Bool)
    case savepoint(String)
    case release(String)
    case rollbackTo(String)
}

/// `SET [SESSION | LOCAL] name {TO | =} value, ...` and `SET TIME ZONE`.
public struct SetStatement: Hashable, Sendable {
    public enum Value: Hashable, Sendable {
        case `default`
        /// Each item as written: identifiers, strings and numbers.
        case values([Expr])
    }
    public var name: String
    public var value: Value
    public var isLocal: Bool

    public init(name: String, value: Value, isLocal: Bool = false) {
        self.name = name
        self.value = value
        self.isLocal = isLocal
    }
}

public struct ExplainStatement: Hashable, Sendable {
    /// `(ANALYZE, COSTS off)` as name/value pairs; the `ANALYZE VERBOSE`
    /// form maps to the same.
    public var optionList: [ExplainOption]
    public var statement: Statement

    public init(optionList: [ExplainOption], statement: Statement) {
        self.optionList = optionList
        self.statement = statement
    }
}

public struct ExplainOption: Hashable, Sendable {
    public var name: String
    public var value: String?
    /// Offset of the option's name in the query text; -1 when implicit.
    public var location: Int

    public init(name: String, value: String?, location: Int = -1) {
        self.name = name
        self.value = value
        self.location = location
    }
}

/// `CREATE [OR REPLACE] [TEMP] VIEW name [(columns)] AS query`.
public struct CreateViewStatement: Hashable, Sendable {
    public var name: QualifiedName
    /// The column list; empty takes the query's column names.
    public var columnNames: [String]
    public var query: SelectStatement
    public var orReplace: Bool
    public var isTemporary: Bool

    public init(
        name: QualifiedName, columnNames: [String] = [], query: SelectStatement,
        orReplace: Bool = false, isTemporary: Bool = false
    ) {
        self.name = name
        self.columnNames = columnNames
        self.query = query
        self.orReplace = orReplace
        self.isTemporary = isTemporary
    }
}

public struct TruncateStatement: Hashable, Sendable {
    public var tables: [QualifiedName]
    public var restartIdentity: Bool
    public var cascade: Bool

    public init(tables: [QualifiedName], restartIdentity: Bool = false, cascade: Bool = false) {
        self.tables = tables
        self.restartIdentity = restartIdentity
        self.cascade = cascade
    }
}

/// One SQL statement.
public indirect enum Statement: Hashable, Sendable {
    case select(SelectStatement)
    case insert(InsertStatement)
    case update(UpdateStatement)
    case delete(DeleteStatement)
    case createTable(CreateTableStatement)
    case createSchema(name: String, ifNotExists: Bool, authorization: String?)
    case createExtension(CreateExtensionStatement)
    case createFunction(CreateFunctionStatement)
    case createView(CreateViewStatement)
    case createSequence(CreateSequenceStatement)
    case alterSequence(AlterSequenceStatement)
    case createType(CreateTypeStatement)
    case createIndex(CreateIndexStatement)
    case alterTable(AlterTableStatement)
    case drop(DropStatement)
    case truncate(TruncateStatement)
    case transaction(TransactionStatement)
    case set(SetStatement)
    case show(String)
    /// `RESET name`; nil is `RESET ALL`.
    case reset(String?)
    /// `DO [LANGUAGE l] $$ body $$`.
    case doBlock(body: String, language: String, bodyLocation: Int)
    /// `CALL proc(args)`.
    case call(FunctionCall)
    case explain(ExplainStatement)
    case copy(CopyStatement)
    /// `PREPARE name [(types)] AS statement`.
    case prepare(PrepareStatement)
    /// `EXECUTE name [(arguments)]`.
    case execute(name: String, arguments: [Expr])
    /// `DEALLOCATE [PREPARE] name`; nil is `DEALLOCATE ALL`.
    case deallocate(String?)
    /// `COMMENT ON object IS 'text' | NULL`.
    case comment(CommentStatement)
}

/// `COMMENT ON kind name IS 'text' | NULL`.
public struct CommentStatement: Hashable, Sendable {
    /// What is commented on.
    public enum Target: Hashable, Sendable {
        /// TABLE, VIEW, INDEX, SEQUENCE, SCHEMA, EXTENSION, TYPE.
        case object(ObjectKind, QualifiedName)
        /// `COLUMN relation.column`: the name's last part is the column.
        case column(QualifiedName)
        /// FUNCTION or PROCEDURE with its argument list, if written.
        case routine(ObjectKind, QualifiedName, [FunctionParameter]?)
        /// `CONSTRAINT name ON table`.
        case constraint(String, on: QualifiedName)
        /// `DATABASE name`.
        case database(String)
    }
    public var target: Target
    /// nil for `IS NULL`, which removes the comment.
    public var text: String?

    public init(target: Target, text: String?) {
        self.target = target
        self.text = text
    }
}

/// `PREPARE name [(types)] AS statement`.
public struct PrepareStatement: Hashable, Sendable {
    public var name: String
    public var parameterTypes: [TypeName]
    public var statement: Statement
    /// Where the prepared statement's text starts and ends in the query
    /// string (Unicode scalar offsets), the text EXECUTE runs again.
    public var statementStart: Int
    public var statementEnd: Int

    public init(
        name: String, parameterTypes: [TypeName], statement: Statement, statementStart: Int,
        statementEnd: Int
    ) {
        self.name = name
        self.parameterTypes = parameterTypes
        self.statement = statement
        self.statementStart = statementStart
        self.statementEnd = statementEnd
    }
}

/// `COPY table [(columns)] FROM|TO ...` or `COPY (query) TO ...`.
public struct CopyStatement: Hashable, Sendable {
    /// What is copied: a table's columns, or a query's rows (TO only).
    public enum Source: Hashable, Sendable {
        case table(QualifiedName, columns: [String])
        case query(SelectStatement)
    }
    /// Where the data comes from or goes to.
    public enum Endpoint: Hashable, Sendable {
        /// STDIN or STDOUT: the client's side of the connection.
        case client
        case file(String)
        case program(String)
    }
    public var source: Source
    public var isFrom: Bool
    public var endpoint: Endpoint
    /// The options, in the generic form the legacy syntax maps to
    /// (`CSV` is `format csv`, `FORCE QUOTE a` is `force_quote (a)`).
    public var options: [CopyOption]
    /// COPY FROM's WHERE clause.
    public var whereClause: Expr?

    public init(
        source: Source, isFrom: Bool, endpoint: Endpoint, options: [CopyOption],
        whereClause: Expr? = nil
    ) {
        self.source = source
        self.isFrom = isFrom
        self.endpoint = endpoint
        self.options = options
        self.whereClause = whereClause
    }
}

/// One COPY option as PostgreSQL's DefElem holds it.
public struct CopyOption: Hashable, Sendable {
    public enum Value: Hashable, Sendable {
        /// A word, string or number, as written.
        case text(String)
        /// `(a, b)`.
        case list([String])
        /// `*`.
        case star
    }
    public var name: String
    public var value: Value?
    /// Where the option starts.
    public var location: Int

    public init(name: String, value: Value?, location: Int) {
        self.name = name
        self.value = value
        self.location = location
    }
}

/// A parsed statement with the span of the source it came from, so a
/// caller can echo or re-send each statement of a multi-statement string.
public struct ParsedStatement: Hashable, Sendable {
    public var statement: Statement
    /// Offsets (in Unicode scalars) of the statement's first character and
    /// one past its last, excluding the terminating semicolon.
    public var start: Int
    public var end: Int

    public init(statement: Statement, start: Int, end: Int) {
        self.statement = statement
        self.start = start
        self.end = end
    }
}
