// pg_partman 4.7.2's functions, native: create_parent, run_maintenance,
// show_partitions, show_partition_info, show_partition_name,
// drop_partition_time, check_default and check_name_length. They read
// part_config and change tables with SQL run in the caller's transaction,
// so the distribution layer's hooks see the partitions they create, and
// they take now() from the calling session (its clock).
import SQLParser

/// The pg_partman library of one node.
final class PartmanLibrary: NativeLibrary {
    /// The library name MODULE_PATHNAME stands for.
    static let name = "pg_partman"

    func function(_ symbol: String) -> NativeFunction? {
        switch symbol {
        case "create_parent": return { try PartmanCall($0).createParent() }
        case "run_maintenance": return { try PartmanCall($0).runMaintenance() }
        case "drop_partition_time": return { try PartmanCall($0).dropPartitionTime() }
        case "show_partition_info": return { try .record(PartmanCall($0).partitionInfo()) }
        case "show_partition_name": return { try .record(PartmanCall($0).partitionName()) }
        case "check_name_length": return { try PartmanCall($0).checkNameLength() }
        default: return nil
        }
    }

    func setFunction(_ symbol: String) -> NativeSetFunction? {
        switch symbol {
        case "show_partitions": return { try PartmanCall($0).showPartitions() }
        case "check_default": return { try PartmanCall($0).checkDefault() }
        case "show_partition_info": return { try [PartmanCall($0).partitionInfo()] }
        case "show_partition_name": return { try [PartmanCall($0).partitionName()] }
        default: return nil
        }
    }
}

/// One call of a pg_partman function: the session, the extension's
/// schema (the function's own) and the arguments.
struct PartmanCall {
    let session: Session
    let schema: String
    let function: String
    let arguments: [Value]

    init(_ call: NativeCall) {
        session = call.session
        schema = call.function.schema
        function = call.function.name
        arguments = call.arguments
    }

    /// Argument `index` as text, nil when NULL or absent.
    func text(_ index: Int) -> String? {
        guard index < arguments.count else { return nil }
        switch arguments[index] {
        case .null: return nil
        case .text(let s): return s
        case let other: return formatValue(other, type: naturalType(of: other))
        }
    }

    /// Argument `index` as a boolean, nil when NULL or absent.
    func bool(_ index: Int) -> Bool? {
        guard index < arguments.count, case .bool(let b) = arguments[index] else { return nil }
        return b
    }

    /// Argument `index` as an integer, nil when NULL or absent.
    func int(_ index: Int) -> Int? {
        guard index < arguments.count else { return nil }
        switch arguments[index] {
        case .int2(let x): return Int(x)
        case .int4(let x): return Int(x)
        case .int8(let x): return Int(x)
        default: return nil
        }
    }

    /// `schema.part_config`, quoted.
    var configTable: String { quoteIdentifier(schema) + ".part_config" }

    /// Runs SQL in the caller's transaction, through the planner hooks.
    @discardableResult
    func run(_ sql: String) throws -> QueryResult {
        try session.executeInternal(sql)
    }

    /// The first column of the first row of `sql`'s result, or NULL.
    func value(_ sql: String) throws -> Value {
        let result = try run(sql)
        return result.rows.first?.first ?? .null
    }

    /// The session's now(): the transaction's start on its clock.
    var now: Int64 { session.transactionTimestamp }
}

/// A timestamptz as an SQL literal.
func timestampLiteral(_ t: Int64) -> String {
    "'" + DateTime.formatTimestampTZ(t) + "'::timestamptz"
}

/// The error pg_partman's `RAISE EXCEPTION` raises at `line` of the
/// PL/pgSQL function `signature` (`partman.create_parent(text,...)`).
/// Functions that catch every error re-raise it as 4.7.2 does (the
/// message with its CONTEXT, DETAIL and HINT, from `rethrowLine`).
struct PartmanRaise: Error {
    let message: String
    let line: Int

    /// The SQLError PostgreSQL reports for it.
    func error(signature: String, rethrowLine: Int?) -> SQLError {
        let context = "PL/pgSQL function \(signature) line \(line) at RAISE"
        guard let rethrowLine else {
            return SQLError(SQLState.raiseException, message, context: context)
        }
        let wrapped = message + "\nCONTEXT: " + context + "\nDETAIL: \nHINT: "
        return SQLError(
            SQLState.raiseException, wrapped,
            context: "PL/pgSQL function \(signature) line \(rethrowLine) at RAISE")
    }
}

extension PartmanCall {
    /// Runs `body`, turning its PartmanRaise into the error PostgreSQL
    /// reports from the PL/pgSQL function `signature` (the line numbers
    /// are 4.7.2's: where each RAISE stands in its function body).
    /// A function declared with `SET search_path` to its own schema is
    /// named without the schema (not `qualified`).
    func raising<T>(
        _ signature: String, rethrowLine: Int? = nil, qualified: Bool = true,
        _ body: () throws -> T
    ) throws -> T {
        do {
            return try body()
        } catch let raise as PartmanRaise {
            let name = qualified ? quoteIdentifier(schema) + "." + signature : signature
            throw raise.error(signature: name, rethrowLine: rethrowLine)
        }
    }
}
