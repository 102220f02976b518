// Errors and notices, structured as PostgreSQL's ErrorData: a severity, a
// SQLSTATE, the primary message and the optional fields psql prints.

/// A PostgreSQL-style error or notice. The engine throws it for errors and
/// hands it to the session's notice handler for NOTICE, WARNING and
/// friends; the CLI and the wire server render the same fields.
public struct SQLError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable {
        case error = "ERROR", fatal = "FATAL", panic = "PANIC", warning = "WARNING"
        case notice = "NOTICE", debug = "DEBUG", info = "INFO", log = "LOG"
    }
    public var severity: Severity
    /// Five-character SQLSTATE, e.g. `42P01`.
    public var sqlState: String
    public var message: String
    public var detail: String?
    public var hint: String?
    /// 1-based character position in the statement text, as PostgreSQL
    /// reports it; nil when the error points nowhere.
    public var position: Int?
    /// Position inside `internalQuery` (errors in a PL/pgSQL expression).
    public var internalPosition: Int?
    public var internalQuery: String?
    /// CONTEXT lines, innermost first, joined by newlines.
    public var context: String?
    /// DEBUG level 1-5 when severity is debug.
    public var debugLevel: Int?

    public init(
        _ sqlState: String, _ message: String, severity: Severity = .error,
        detail: String? = nil, hint: String? = nil, position: Int? = nil,
        internalPosition: Int? = nil, internalQuery: String? = nil, context: String? = nil
    ) {
        self.severity = severity
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.position = position
        self.internalPosition = internalPosition
        self.internalQuery = internalQuery
        self.context = context
    }

    public var description: String { "\(severity.rawValue):  \(message)" }

    /// A NOTICE carrying `message`.
    public static func notice(_ message: String, detail: String? = nil, hint: String? = nil)
        -> SQLError
    {
        SQLError(
            SQLState.successfulCompletion, message, severity: .notice, detail: detail, hint: hint)
    }

    /// A 0A000 error for a feature the simulator does not have yet.
    public static func notSupported(_ message: String, position: Int? = nil) -> SQLError {
        SQLError(SQLState.featureNotSupported, message, position: position)
    }
}

/// SQLSTATE codes used by the engine, grouped by class as in PostgreSQL's
/// errcodes.txt.
public enum SQLState {
    // Class 00 - successful completion
    public static let successfulCompletion = "00000"
    // Class 01 - warning
    public static let warning = "01000"
    // Class 0A - feature not supported
    public static let featureNotSupported = "0A000"
    // Class 21 - cardinality violation
    public static let cardinalityViolation = "21000"
    // Class 22 - data exception
    public static let dataException = "22000"
    public static let stringDataRightTruncation = "22001"
    public static let numericValueOutOfRange = "22003"
    public static let nullValueNotAllowed = "22004"
    public static let invalidDatetimeFormat = "22007"
    public static let datetimeFieldOverflow = "22008"
    public static let invalidTimeZoneDisplacementValue = "22009"
    public static let arraySubscriptError = "2202E"
    public static let invalidParameterValue = "22023"
    public static let generatedAlways = "428C9"
    public static let divisionByZero = "22012"
    public static let invalidTextRepresentation = "22P02"
    public static let invalidBinaryRepresentation = "22P03"
    public static let characterNotInRepertoire = "22021"
    public static let invalidEscapeSequence = "22025"
    public static let untranslatableCharacter = "22P05"
    public static let intervalFieldOverflow = "22015"
    public static let invalidArgumentForLogarithm = "2201E"
    public static let invalidArgumentForPowerFunction = "2201F"
    public static let invalidRegularExpression = "2201B"
    public static let dataExceptionDatetime = "22008"
    // Class 23 - integrity constraint violation
    public static let notNullViolation = "23502"
    public static let foreignKeyViolation = "23503"
    public static let uniqueViolation = "23505"
    public static let checkViolation = "23514"
    public static let exclusionViolation = "23P01"
    // Class 25 - invalid transaction state
    public static let activeSQLTransaction = "25001"
    public static let noActiveSQLTransaction = "25P01"
    public static let inFailedSQLTransaction = "25P02"
    public static let readOnlySQLTransaction = "25006"
    // Class 2B/2D/2F
    public static let dependentObjectsStillExist = "2BP01"
    public static let invalidTransactionTermination = "2D000"
    public static let sqlRoutineException = "2F000"
    public static let functionExecutedNoReturnStatement = "2F005"
    // Class 34 - invalid cursor name
    public static let invalidCursorName = "34000"
    // Class 3B - savepoint exception
    public static let invalidSavepointSpecification = "3B001"
    // Class 3F - invalid schema name
    public static let invalidSchemaName = "3F000"
    // Class 40 - transaction rollback
    public static let serializationFailure = "40001"
    public static let deadlockDetected = "40P01"
    // Class 42 - syntax error or access rule violation
    public static let syntaxError = "42601"
    public static let insufficientPrivilege = "42501"
    public static let groupingError = "42803"
    public static let windowingError = "42P20"
    public static let invalidRecursion = "42P19"
    public static let invalidForeignKey = "42830"
    public static let invalidName = "42602"
    public static let nameTooLong = "42622"
    public static let datatypeMismatch = "42804"
    public static let indeterminateDatatype = "42P18"
    /// 26000: a prepared statement name that names none.
    public static let invalidSQLStatementName = "26000"
    public static let wrongObjectType = "42809"
    public static let undefinedColumn = "42703"
    public static let undefinedFunction = "42883"
    public static let undefinedTable = "42P01"
    public static let undefinedParameter = "42P02"
    public static let undefinedObject = "42704"
    public static let duplicateColumn = "42701"
    public static let duplicateDatabase = "42P04"
    public static let duplicateFunction = "42723"
    public static let duplicatePreparedStatement = "42P05"
    public static let duplicateSchema = "42P06"
    public static let duplicateTable = "42P07"
    public static let duplicateAlias = "42712"
    public static let duplicateObject = "42710"
    public static let ambiguousColumn = "42702"
    public static let ambiguousFunction = "42725"
    public static let ambiguousParameter = "42P08"
    public static let ambiguousAlias = "42P09"
    public static let invalidColumnReference = "42P10"
    public static let invalidColumnDefinition = "42611"
    public static let invalidTableDefinition = "42P16"
    public static let invalidObjectDefinition = "42P17"
    public static let invalidFunctionDefinition = "42P13"
    public static let cannotCoerce = "42846"
    // Class 44 - with check option violation
    public static let withCheckOptionViolation = "44000"
    // Class 53/54 - resources, limits
    public static let programLimitExceeded = "54000"
    public static let statementTooComplex = "54001"
    public static let tooManyColumns = "54011"
    public static let tooManyArguments = "54023"
    public static let tooManyConnections = "53300"
    // Class 55 - object not in prerequisite state
    public static let objectNotInPrerequisiteState = "55000"
    public static let objectInUse = "55006"
    public static let lockNotAvailable = "55P03"
    // Class 57 - operator intervention
    public static let queryCanceled = "57014"
    public static let adminShutdown = "57P01"
    public static let invalidCatalogName = "3D000"
    // Class P0 - PL/pgSQL error
    public static let plpgsqlError = "P0000"
    public static let raiseException = "P0001"
    public static let noDataFound = "P0002"
    public static let tooManyRows = "P0003"
    public static let assertFailure = "P0004"
    // Class XX - internal error
    public static let internalError = "XX000"
}
