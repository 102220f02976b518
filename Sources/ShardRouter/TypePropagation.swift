// CREATE TYPE .. AS (...) and DROP TYPE reach every worker, as Citus
// propagates composite types (its commands/type.c): the coordinator runs
// the statement, then each worker runs it between commands that turn DDL
// propagation off and on again, so a distributed table may have columns of
// the type. Types an extension's script creates are not propagated; the
// workers get them from their own CREATE EXTENSION.
import Engine
import SQLParser

extension CitusLibrary {
    /// Runs a CREATE TYPE or DROP TYPE here and on the workers; nil for
    /// any other statement, or when citus is not installed.
    func propagateTypeStatement(_ statement: Statement, context: StatementContext) throws
        -> QueryResult?
    {
        switch statement {
        case .createType: break
        case .drop(let drop) where drop.kind == .type: break
        default: return nil
        }
        guard context.catalog.extensions["citus"] != nil, !context.isExtensionScript else {
            return nil
        }
        let result = try context.executeLocally(statement)
        // TODO(#3): Citus sends CREATE TYPE wrapped in
        // worker_create_or_replace_object with an ALTER TYPE .. OWNER TO,
        // and creates the types a node lacks when citus_add_node adds it.
        try sendToWorkers(deparse(statement), session: context.session)
        return result
    }
}
