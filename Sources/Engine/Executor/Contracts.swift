// The seams between the engine's parts, written down first so that each
// part can be built against the others: the expression compiler (Analyzer),
// the relational executor, and procedural languages (PL/pgSQL).
import SQLParser

/// The values of one row as an expression sees them: every column of every
/// FROM item of the current query level, laid out in scope order.
package typealias Row = [Value]

/// Runtime state shared by the compiled expressions of one statement.
package final class ExecContext {
    package let evaluation: EvaluationContext
    /// Rows of enclosing query levels, innermost last, for correlated
    /// subqueries (`outerRows[outerRows.count - depth]`).
    package var outerRows: [Row] = []
    /// Whether the session's TimeZone is UTC, read at the statement's first
    /// use rather than on every row by the date/time shortcuts.
    package lazy var zoneIsUTC: Bool = SessionTimeZone.current.isUTC

    package init(evaluation: EvaluationContext) {
        self.evaluation = evaluation
    }
}

/// An expression compiled once per statement into a closure, with its
/// result type. Evaluating it walks no syntax tree.
///
/// A constant (a literal already converted to its column's type, a NULL
/// filler) keeps its value instead of a closure: building one allocates
/// nothing and freeing it releases no closure context, which matters for
/// the many single-row INSERTs whose every value is a literal.
package struct CompiledExpr {
    package var type: PGType
    /// The value of a constant expression; nil when `body` computes it.
    package let constant: Value?
    /// The compiled closure; nil for a constant.
    private let body: ((Row, ExecContext) throws -> Value)?
    /// The column-wise form, when the expression has one.
    package var vector: VectorForm?

    package init(
        type: PGType, vector: VectorForm? = nil,
        evaluate: @escaping (Row, ExecContext) throws -> Value
    ) {
        self.type = type
        self.constant = nil
        self.body = evaluate
        self.vector = vector
    }

    /// An expression that always yields `value`.
    package init(type: PGType, constant value: Value) {
        self.type = type
        self.constant = value
        self.body = nil
    }

    /// The expression as a closure. For a constant this builds one, so hot
    /// loops call `value(_:_:)` instead.
    package var evaluate: (Row, ExecContext) throws -> Value {
        if let body { return body }
        let value = constant ?? .null
        return { _, _ in value }
    }

    /// Evaluates the expression over `row`.
    @inline(__always)
    package func value(_ row: Row, _ ctx: ExecContext) throws -> Value {
        if let body { return try body(row, ctx) }
        return constant ?? .null
    }
}

/// A column found by name: its slot in `Row` and type. `depth` is 0 for the
/// current query level, 1 for the enclosing one, and so on.
package struct ResolvedColumn {
    package var slot: Int
    package var type: PGType
    package var depth: Int

    package init(slot: Int, type: PGType, depth: Int = 0) {
        self.slot = slot
        self.type = type
        self.depth = depth
    }
}

/// The names an expression can see at one query level; the executor builds
/// one per level from the FROM clause, and the analyser walks `parent` for
/// outer references.
package protocol ColumnScope: AnyObject {
    /// The column `parts` names (`a`, `t.a`, `s.t.a`), nil if no FROM item
    /// of this level has it. Throws 42702 for an ambiguous name and 42P01
    /// for an unknown table qualifier.
    func resolveColumn(_ parts: [String], location: Int) throws -> ResolvedColumn?
    /// The column `parts` names for a subquery nested in this level, as
    /// `resolveColumn` does; after grouping, a GROUP BY key's slot in the
    /// grouped row, and 42803 for any other column of the level.
    func resolveFromSubquery(_ parts: [String], location: Int) throws -> ResolvedColumn?
    /// All columns of `table` (or of every FROM item when nil) for `*` and
    /// `t.*`, in order, with their names.
    func expandStar(table: [String]?, location: Int) throws -> [(
        name: String, column: ResolvedColumn
    )]
    /// After grouping: the slot of an expression that is a GROUP BY key or
    /// an aggregate call computed by the executor, so the analyser uses it
    /// instead of compiling `expr` itself. Nil before grouping.
    func precomputed(_ expr: Expr) -> ResolvedColumn?
    /// After grouping: the slot holding an ordered-set call's sorted
    /// inputs, and how to finish the call; nil elsewhere.
    func orderedSetInput(_ call: Expr) -> (ResolvedColumn, OrderedSetCall)?
    /// True when this level groups rows, so a bare column that is not a
    /// GROUP BY key is an error (42803).
    var isGrouped: Bool { get }
    var parent: ColumnScope? { get }
    /// Every column this level shows, with its FROM item's name, for the
    /// "Perhaps you meant" hint of a misspelt column.
    func columnCandidates() -> [(table: String, column: String)]
    /// The whole row of the FROM item `qualifier` names (`t` or `t.*` as
    /// a value): its row type and the slots of its columns; nil when no
    /// item of this level has that name.
    func wholeRow(_ qualifier: [String], location: Int) throws -> (type: PGType, slots: [Int])?
}

extension ColumnScope {
    package func orderedSetInput(_ call: Expr) -> (ResolvedColumn, OrderedSetCall)? { nil }

    package func resolveFromSubquery(_ parts: [String], location: Int) throws
        -> ResolvedColumn?
    {
        try resolveColumn(parts, location: location)
    }

    package func wholeRow(_ qualifier: [String], location: Int) throws -> (
        type: PGType, slots: [Int]
    )? { nil }
}

/// A variable of a PL/pgSQL function or a `$n` parameter, which queries
/// inside the function read as parameters.
package protocol ParameterScope: AnyObject {
    /// Resolves `name`, `block.name`, `rec.field` or `fn.param`; nil if the
    /// name is not a variable.
    func resolveVariable(_ parts: [String]) -> (slot: Int, type: PGType)?
    /// Resolves `$n` (1-based).
    func resolvePositional(_ number: Int) -> (slot: Int, type: PGType)?
    /// The variable's current value.
    func value(ofSlot slot: Int) -> Value
}

/// A subquery planned by the executor for the analyser: it runs once per
/// outer row (or once, when uncorrelated) and returns its rows.
package struct SubqueryPlan {
    package var columnTypes: [PGType]
    /// True when the subquery refers to columns of enclosing levels.
    package var isCorrelated: Bool
    /// Runs the subquery; `ExecContext.outerRows` holds the outer rows.
    package var run: (ExecContext) throws -> [Row]

    package init(
        columnTypes: [PGType], isCorrelated: Bool, run: @escaping (ExecContext) throws -> [Row]
    ) {
        self.columnTypes = columnTypes
        self.isCorrelated = isCorrelated
        self.run = run
    }
}

/// A function created with CREATE FUNCTION, as the catalog keeps it.
package struct UserFunctionDefinition {
    package var schema: String
    package var name: String
    package var parameters: [FunctionParameter]
    /// Resolved types of `parameters`, in order.
    package var parameterTypes: [PGType]
    package var returnType: PGType
    package var returnsSet: Bool
    /// `RETURNS TABLE` / OUT columns, when the result is composite.
    package var resultColumns: [(name: String, type: PGType)]
    package var language: String
    package var body: String
    package var isStrict: Bool
    package var volatility: Volatility
    package var isProcedure: Bool
    /// For a C-language function, the shared library `body` (the link
    /// symbol) is found in.
    package var library: String?
    /// pg_proc's OID, given when the catalog records the function.
    package var oid: RelationID = 0

    package init(
        schema: String, name: String, parameters: [FunctionParameter], parameterTypes: [PGType],
        returnType: PGType, returnsSet: Bool = false,
        resultColumns: [(name: String, type: PGType)] = [], language: String, body: String,
        isStrict: Bool = false, volatility: Volatility = .volatile, isProcedure: Bool = false
    ) {
        self.schema = schema
        self.name = name
        self.parameters = parameters
        self.parameterTypes = parameterTypes
        self.returnType = returnType
        self.returnsSet = returnsSet
        self.resultColumns = resultColumns
        self.language = language
        self.body = body
        self.isStrict = isStrict
        self.volatility = volatility
        self.isProcedure = isProcedure
    }
}

/// What the analyser asks of the executor while compiling: subqueries,
/// user-defined functions and (inside PL/pgSQL) variables.
package protocol CompileEnvironment: AnyObject {
    func planSubquery(_ query: SelectStatement, outer: ColumnScope?) throws -> SubqueryPlan
    /// User functions named `name` (schema-qualified or found through the
    /// search path), for overload resolution next to the built-ins.
    func userFunctions(named name: QualifiedName) -> [UserFunctionDefinition]
    func callUserFunction(
        _ function: UserFunctionDefinition, arguments: [Value], context: ExecContext
    ) throws -> Value
    /// The PL/pgSQL variables or `$n` parameters in force, if any.
    var parameters: ParameterScope? { get }
    /// The row type of the table a type name names (`'(1,x)'::t`), nil
    /// when it names none.
    func compositeType(named name: TypeName) -> PGType?
    /// True when extension `name` is installed in the database, so its
    /// built-in functions, aggregates and types are visible.
    func hasExtension(_ name: String) -> Bool
    /// The rows of a set-returning user function for `arguments`.
    func callSetFunction(
        _ function: UserFunctionDefinition, arguments: [Value], context: ExecContext
    ) throws -> [Row]
}

extension CompileEnvironment {
    package func compositeType(named name: TypeName) -> PGType? { nil }

    package func hasExtension(_ name: String) -> Bool { true }

    /// True when `f` is PostgreSQL's own or its extension is installed.
    package func sees(_ f: BuiltinFunction) -> Bool {
        f.extensionName.map(hasExtension) ?? true
    }

    /// True when `a` is PostgreSQL's own or its extension is installed.
    package func sees(_ a: BuiltinAggregate) -> Bool {
        a.extensionName.map(hasExtension) ?? true
    }

    /// `type` when it is PostgreSQL's own or its extension is installed,
    /// else PostgreSQL's error for an unknown type.
    package func visible(_ type: PGType, _ name: TypeName) throws -> PGType {
        let owner: String? = type == .hll || type.withoutModifier == .hll
            || type == .hllHashval ? "hll" : nil
        guard let owner, !hasExtension(owner) else { return type }
        let written = name.names.joined(separator: ".")
        throw SQLError(
            SQLState.undefinedObject, "type \"\(written)\" does not exist",
            position: name.location >= 0 ? name.location + 1 : nil)
    }

    package func callSetFunction(
        _ function: UserFunctionDefinition, arguments: [Value], context: ExecContext
    ) throws -> [Row] {
        throw SQLError.notSupported(
            "set-returning function \(function.name) is not supported here")
    }
}

/// The result of one statement run through `SPIConnection`.
package struct SPIResult {
    package var columns: [(name: String, type: PGType)]
    package var rows: [Row]
    /// Rows returned or affected (GET DIAGNOSTICS ROW_COUNT, FOUND).
    package var rowsProcessed: Int
    package var commandTag: String

    package init(
        columns: [(name: String, type: PGType)], rows: [Row], rowsProcessed: Int, commandTag: String
    ) {
        self.columns = columns
        self.rows = rows
        self.rowsProcessed = rowsProcessed
        self.commandTag = commandTag
    }
}

/// What a procedural language may do with the session that calls it, as
/// PostgreSQL's SPI offers.
package protocol SPIConnection: AnyObject {
    var evaluation: EvaluationContext { get }
    /// Runs one parsed statement; names not found in the query resolve
    /// through `parameters`.
    func execute(_ statement: Statement, text: String, parameters: ParameterScope?) throws
        -> SPIResult
    /// Runs one parsed statement with the plan `plan` kept from its earlier
    /// executions, planning it (again) first when there is none or when
    /// what it was planned against changed (SPI_execute_plan over the
    /// plan cache).
    func execute(
        _ statement: Statement, text: String, parameters: ParameterScope?, plan: SPIPlan
    ) throws -> SPIResult
    /// Compiles an expression-only query once, for repeated evaluation
    /// (PL/pgSQL's simple expressions: `i + 1`, `x > 5`).
    func prepareExpression(_ query: SelectStatement, parameters: ParameterScope?) throws
        -> CompiledExpr?
    /// COMMIT / ROLLBACK inside a DO block or procedure; throws 2D000
    /// when called inside a function or an explicit transaction block.
    func commit() throws
    func rollback() throws
    /// Runs `body` in a subtransaction (an EXCEPTION block): on a thrown
    /// error every change it made is undone before the error propagates.
    func subtransaction<T>(_ body: () throws -> T) throws -> T
    /// Assignment coercion, as for `x := expr` into a variable of `type`.
    func coerce(_ value: Value, from: PGType, to: PGType) throws -> Value
    /// Resolves a declared type (`timestamptz`, `int[]`, `varchar(20)`).
    func resolveType(_ type: TypeName) throws -> PGType
}

/// A procedural language handler, as `plpgsql_call_handler` is to
/// PostgreSQL.
package protocol ProceduralLanguage: AnyObject {
    /// Checks a body at CREATE FUNCTION time (syntax errors surface there).
    func validate(_ function: UserFunctionDefinition, bodyLocation: Int) throws
    func call(_ function: UserFunctionDefinition, arguments: [Value], spi: SPIConnection) throws
        -> Value
    /// Runs a DO block.
    func runInline(body: String, bodyLocation: Int, spi: SPIConnection, atomic: Bool) throws
}
