// Types without btree operators: json has neither equality nor ordering,
// so GROUP BY, DISTINCT and ORDER BY over it fail as in PostgreSQL.

extension Executor {
    /// GROUP BY and DISTINCT need `=` for the key's type.
    func requireEquality(_ type: PGType, location: Int?) throws {
        guard type.oid == PGType.json.oid else { return }
        throw SQLError(
            SQLState.undefinedFunction,
            "could not identify an equality operator for type \(formatType(type))",
            position: location.flatMap { $0 >= 0 ? $0 + 1 : nil })
    }

    /// ORDER BY needs `<` for the key's type.
    func requireOrdering(_ type: PGType, location: Int) throws {
        guard type.oid == PGType.json.oid else { return }
        throw SQLError(
            SQLState.undefinedFunction,
            "could not identify an ordering operator for type \(formatType(type))",
            hint: "Use an explicit ordering operator or modify the query.",
            position: location >= 0 ? location + 1 : nil)
    }
}
