// Output column names for unaliased select-list entries, as
// FigureColname in parse_target.c chooses them.
import SQLParser

/// Internal names of SQL-standard type keywords, which the grammar
/// rewrites before a cast's name is used as a column name
/// (`x::integer` is named `int4`).
private let internalTypeNames: [String: String] = [
    "int": "int4", "integer": "int4", "smallint": "int2", "bigint": "int8",
    "real": "float4", "float": "float8", "double precision": "float8",
    "decimal": "numeric", "boolean": "bool", "character varying": "varchar",
    "character": "bpchar", "char": "bpchar", "dec": "numeric",
    "timestamp with time zone": "timestamptz", "timestamp without time zone": "timestamp",
    "time without time zone": "time", "time with time zone": "timetz",
]

extension Analyzer {
    /// The name PostgreSQL gives an unaliased select-list entry:
    /// `count(*)` is `count`, `x::int` is `int4`, `t.a` is `a`, a CASE is
    /// `case`, anything else `?column?`.
    package static func outputName(for e: Expr) -> String {
        figureName(e)?.name ?? "?column?"
    }

    /// A candidate name and its strength: 2 for names taken from the
    /// source (columns, functions), 1 for fallbacks (type names, `case`),
    /// which an enclosing cast or CASE may replace.
    private static func figureName(_ e: Expr) -> (name: String, strength: Int)? {
        switch e.kind {
        case .columnRef(let parts):
            // The last name, ignoring a trailing `*` (`t.*` is `t`).
            guard let last = parts.last(where: { $0 != "*" }) else { return nil }
            return (last, 2)
        case .function(let call):
            return (call.name.name, 2)
        case .cast(let inner, let type, _):
            if let found = figureName(inner), found.strength > 1 { return found }
            guard let last = type.names.last else { return nil }
            return (internalTypeNames[last] ?? last, 1)
        case .caseWhen(let c):
            if let found = c.elseResult.flatMap(figureName), found.strength > 1 { return found }
            return ("case", 1)
        case .array, .arraySubquery:
            return ("array", 2)
        case .row:
            return ("row", 2)
        case .exists:
            return ("exists", 2)
        case .subquery(let query):
            if case .select(let simple) = query.body, let first = simple.targets.first {
                if let alias = first.alias { return (alias, 2) }
                return figureName(first.expr)
            }
            return nil
        case .subscripted(let base, _):
            return figureName(base)
        case .fieldSelect(_, let field):
            return field == "*" ? nil : (field, 2)
        case .paren(let inner), .collate(let inner, _):
            return figureName(inner)
        case .atTimeZone:
            return ("timezone", 2)
        default:
            return nil
        }
    }
}
