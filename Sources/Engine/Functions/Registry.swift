// The catalog of built-in functions and operators, the engine's pg_proc and
// pg_operator. The analyser picks an overload with PostgreSQL's resolution
// rules (exact match, then implicit coercions, then preferred types), then
// calls `implementation` once per row with already-evaluated arguments.

/// What a built-in needs from the running statement: the transaction's
/// timestamp for now(), the clock, the session's random generator and
/// settings, and a channel for notices.
package protocol EvaluationContext: AnyObject {
    /// Start of the current transaction, microseconds since 2000-01-01 UTC.
    var transactionTimestamp: Int64 { get }
    /// Start of the current statement.
    var statementTimestamp: Int64 { get }
    /// The clock now (real or virtual).
    func clockTimestamp() -> Int64
    /// The session's random() stream, in [0, 1).
    func random() -> Double
    func setSeed(_ seed: Double)
    /// Sleeps (or advances a virtual clock); throws on cancel.
    func sleep(seconds: Double) throws
    /// A setting's current value as SHOW prints it, or nil if unknown.
    func setting(_ name: String) -> String?
    func emitNotice(_ notice: SQLError)
    /// Changes a setting, as set_config(name, value, is_local) does.
    func setSetting(_ name: String, _ value: String, isLocal: Bool) throws
    /// The connected database, for current_database().
    var currentDatabase: String { get }
    /// The session's user, for current_user and session_user.
    var currentUser: String { get }
    /// The on-disk sizes of relation `oid` as PostgreSQL would have them,
    /// nil when no relation has that OID (pg_relation_size and friends).
    func relationSizes(_ oid: Int32) -> RelationSizes?
    /// Loads shared library `name` into the session, as the first call of
    /// one of its functions does: the parameters it defines appear.
    func loadLibrary(_ name: String)
}

extension EvaluationContext {
    /// Sessions that cannot change settings reject set_config.
    package func setSetting(_ name: String, _ value: String, isLocal: Bool) throws {
        throw SQLError.notSupported("set_config is not supported in this context")
    }

    /// The database psql connects to by default.
    package var currentDatabase: String { setting("citus_sim.database") ?? "citus" }

    /// The user psql connects as by default.
    package var currentUser: String { setting("session_authorization") ?? "postgres" }

    /// Contexts without a catalog know no relations.
    package func relationSizes(_ oid: Int32) -> RelationSizes? { nil }

    /// Contexts without a session load nothing.
    package func loadLibrary(_ name: String) {}
}

/// How often a function's result may change, as pg_proc.provolatile.
package enum Volatility: Sendable {
    case immutable, stable, volatile
}

/// One overload of a built-in scalar function.
package struct BuiltinFunction: @unchecked Sendable {
    package var name: String
    package var argumentTypes: [PGType]
    /// When set, any number of trailing arguments of this type follow.
    package var variadic: PGType?
    /// Number of trailing arguments that may be omitted (have defaults).
    package var optionalArguments: Int
    /// Argument names, for calls with `name => value`.
    package var argumentNames: [String]
    /// The values of the last `defaults.count` parameters when omitted;
    /// empty when the implementation takes shorter argument lists.
    package var defaults: [Value] = []
    package var returnType: PGType
    /// Strict functions return NULL for any NULL argument without being
    /// called.
    package var isStrict: Bool
    package var volatility: Volatility
    /// Receives the arguments and their resolved types (needed by
    /// polymorphic functions such as array subscripting or concat).
    package var implementation: (EvaluationContext, [Value], [PGType]) throws -> Value
    /// A column-wise implementation for scans that read a batch at a time.
    package var batchImplementation: BatchImplementation?
    /// The extension whose CREATE EXTENSION makes the function visible
    /// (nil for PostgreSQL's own).
    package var extensionName: String?

    package init(
        _ name: String, _ argumentTypes: [PGType], returns returnType: PGType,
        variadic: PGType? = nil, optionalArguments: Int = 0, argumentNames: [String] = [],
        strict: Bool = true, volatility: Volatility = .immutable,
        _ implementation: @escaping (EvaluationContext, [Value], [PGType]) throws -> Value
    ) {
        self.name = name
        self.argumentTypes = argumentTypes
        self.variadic = variadic
        self.optionalArguments = optionalArguments
        self.argumentNames = argumentNames
        self.returnType = returnType
        self.isStrict = strict
        self.volatility = volatility
        self.implementation = implementation
    }
}

/// One overload of a built-in operator. `left` is nil for prefix operators,
/// whose implementation receives `.null` and then the operand. Operators
/// are strict: the analyser yields NULL for a NULL operand without calling
/// them. Polymorphic operand types (anyarray, anyelement, anyrange,
/// anynonarray) match as for functions.
package struct BuiltinOperator: @unchecked Sendable {
    package var symbol: String
    package var left: PGType?
    package var right: PGType
    package var returnType: PGType
    package var implementation: (Value, Value) throws -> Value

    package init(
        _ symbol: String, _ left: PGType?, _ right: PGType, returns returnType: PGType,
        _ implementation: @escaping (Value, Value) throws -> Value
    ) {
        self.symbol = symbol
        self.left = left
        self.right = right
        self.returnType = returnType
        self.implementation = implementation
    }
}
