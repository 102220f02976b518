// CREATE TABLE .. (LIKE source [INCLUDING | EXCLUDING option ...])
// (transformTableLikeClause): the source's columns with their types and
// NOT NULL; INCLUDING DEFAULTS copies the defaults, CONSTRAINTS the CHECK
// constraints (with their names), INDEXES the primary and unique keys
// (named for the new table), ALL every one of them. COMMENTS, STORAGE,
// COMPRESSION, GENERATED, IDENTITY and STATISTICS copy properties this
// engine's tables do not carry, so they change nothing.
import SQLParser

/// What one LIKE clause copies.
struct LikeOptions {
    var defaults = false
    var constraints = false
    var indexes = false

    /// The options of `LIKE .. INCLUDING X EXCLUDING Y`, applied in order
    /// as PostgreSQL applies them.
    init(_ options: [String]) throws {
        for option in options {
            let parts = option.split(separator: " ")
            guard parts.count == 2 else { continue }
            let on = parts[0] == "INCLUDING"
            switch parts[1] {
            case "DEFAULTS": defaults = on
            case "CONSTRAINTS": constraints = on
            case "INDEXES": indexes = on
            case "ALL": (defaults, constraints, indexes) = (on, on, on)
            case "COMMENTS", "STORAGE", "COMPRESSION", "GENERATED", "IDENTITY", "STATISTICS":
                continue
            default:
                throw SQLError(
                    SQLState.syntaxError,
                    "syntax error at or near \"\(parts[1].lowercased())\"")
            }
        }
    }
}

extension Executor {
    /// The columns a LIKE clause contributes.
    func likeColumns(_ source: QualifiedName, options: [String]) throws -> [ColumnDefinition] {
        let table = try resolveTable(source)
        let copy = try LikeOptions(options)
        return table.liveColumns.map { index in
            var column = table.columns[index]
            if !copy.defaults { column.defaultExpr = nil }
            return column
        }
    }

    /// The CHECK constraints and keys a LIKE clause contributes.
    func likeConstraints(_ source: QualifiedName, options: [String]) throws
        -> (checks: [PendingCheck], keys: [PendingKey])
    {
        let table = try resolveTable(source, positioned: false)
        let copy = try LikeOptions(options)
        var checks: [PendingCheck] = []
        var keys: [PendingKey] = []
        for constraint in table.constraints {
            switch constraint.kind {
            case .check(let e) where copy.constraints:
                checks.append(PendingCheck(name: constraint.name, expr: e, column: nil))
            case .primaryKey(let cols) where copy.indexes:
                keys.append(
                    PendingKey(
                        name: nil, columns: cols.map { table.columns[$0].name }, isPrimary: true,
                        nullsNotDistinct: false, location: -1))
            case .unique(let cols, let nnd) where copy.indexes:
                keys.append(
                    PendingKey(
                        name: nil, columns: cols.map { table.columns[$0].name },
                        isPrimary: false, nullsNotDistinct: nnd, location: -1))
            default:
                continue
            }
        }
        return (checks, keys)
    }
}
