// CREATE EXTENSION after citus reaches every worker, as Citus propagates
// it: the coordinator creates the extension, then sends each worker
// `CREATE EXTENSION IF NOT EXISTS name WITH SCHEMA  schema;` between
// commands that turn DDL propagation off and on again (Citus' deparse
// writes two spaces after SCHEMA). Extensions created before citus stay
// on the coordinator, as the lab's pg_cron and pg_partman do.
import Engine
import SQLParser

extension CitusLibrary {
    /// Creates the extension here and on the workers; nil when citus is
    /// not installed or the statement creates citus itself.
    func propagateCreateExtension(_ create: CreateExtensionStatement, context: StatementContext)
        throws -> QueryResult?
    {
        guard create.name != "citus", context.catalog.extensions["citus"] != nil else {
            return nil
        }
        let existed = context.catalog.extensions[create.name] != nil
        let result = try context.executeLocally(.createExtension(create))
        guard !existed, let schema = context.session.catalog.extensions[create.name]?.schema
        else { return result }
        var command = "CREATE EXTENSION IF NOT EXISTS " + quoteIdentifier(create.name) + " WITH"
        if let version = create.version { command += " VERSION " + quoteIdentifier(version) }
        if create.cascade { command += " CASCADE" }
        command += " SCHEMA  " + quoteIdentifier(schema) + ";"
        try sendToWorkers(command, session: context.session)
        return result
    }

    /// Sends `command` to every worker between the commands that turn
    /// Citus' DDL propagation off and on there, as Citus sends the DDL of
    /// objects it propagates, logging each under citus.log_remote_commands.
    func sendToWorkers(_ command: String, session: Session) throws {
        for worker in metadata.nodes where worker.groupID != 0 {
            for sql in [
                "SET citus.enable_ddl_propagation TO 'off'", command,
                "SET citus.enable_ddl_propagation TO 'on'",
            ] {
                if logsRemoteCommands(session) {
                    logRemoteCommand(sql, port: worker.port, session: session)
                }
                _ = try run(sql, onGroup: worker.groupID, for: session)
            }
        }
    }
}
