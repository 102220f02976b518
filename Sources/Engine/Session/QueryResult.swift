// What a statement returns to the embedding program, the CLI and (later)
// the wire server: PostgreSQL's CommandComplete tag, RowDescription and
// DataRows, plus typed accessors for Swift callers.

/// The name and type of one result column (RowDescription's fields).
public struct ColumnDescription: Hashable, Sendable {
    public var name: String
    public var type: PGType

    /// A column called `name` of `type`.
    public init(name: String, type: PGType) {
        self.name = name
        self.type = type
    }
}

/// The outcome of one statement.
public struct QueryResult: Sendable {
    /// PostgreSQL's command tag: `SELECT 3`, `INSERT 0 1`, `CREATE TABLE`.
    public var commandTag: String
    /// Result columns; nil for commands that return no rows.
    public var columns: [ColumnDescription]?
    public var rows: [[Value]]
    /// COPY TO STDOUT's data, in the COPY format asked for.
    public var copyData: String?
    /// How many columns COPY TO STDOUT wrote (CopyOutResponse's count).
    public var copyColumnCount = 0
    /// The session's TimeZone when the statement ended, which timestamptz
    /// values print in.
    package var timeZone: ZoneRules = .utc

    /// A result with the given tag, columns and rows.
    public init(commandTag: String, columns: [ColumnDescription]? = nil, rows: [[Value]] = []) {
        self.commandTag = commandTag
        self.columns = columns
        self.rows = rows
    }

    /// The value at `row`, `column`, nil when out of range.
    public func value(_ row: Int, _ column: Int) -> Value? {
        guard row >= 0, row < rows.count, column >= 0, column < rows[row].count else { return nil }
        return rows[row][column]
    }

    /// The value as PostgreSQL's output function prints it; nil for NULL.
    public func text(row: Int, column: Int) -> String? {
        guard let v = value(row, column), !v.isNull, let columns, column < columns.count else {
            return nil
        }
        let type = columns[column].type
        return printing { formatValue(v, type: type) }
    }

    /// Runs `body`, which prints this result's values, in the time zone
    /// they print in.
    package func printing<T>(_ body: () throws -> T) rethrows -> T {
        try SessionTimeZone.$source.withValue(SessionTimeZone { timeZone }, operation: body)
    }

    /// An integer column's value; nil for NULL or a non-integer.
    public func int(_ row: Int, _ column: Int) -> Int? {
        switch value(row, column) {
        case .int2(let x): return Int(x)
        case .int4(let x): return Int(x)
        case .int8(let x): return Int(x)
        default: return nil
        }
    }

    /// A floating-point or numeric column's value as a Double.
    public func double(_ row: Int, _ column: Int) -> Double? {
        switch value(row, column) {
        case .float4(let x): return Double(x)
        case .float8(let x): return x
        case .int2, .int4, .int8: return int(row, column).map(Double.init)
        case .numeric: return text(row: row, column: column).flatMap(Double.init)
        default: return nil
        }
    }

    /// A boolean column's value.
    public func bool(_ row: Int, _ column: Int) -> Bool? {
        if case .bool(let b) = value(row, column) { return b }
        return nil
    }

    /// The value as text (any type, through its output function).
    public func string(_ row: Int, _ column: Int) -> String? {
        text(row: row, column: column)
    }
}

/// What `Session.run` reports as a query string executes.
public enum SessionEvent: Sendable {
    case notice(SQLError)
    case result(QueryResult)
    case error(SQLError)
}

/// The transaction state ReadyForQuery reports: `I`, `T` or `E`.
public enum TransactionStatus: Sendable {
    case idle, inTransaction, failed
}
