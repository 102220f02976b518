// The columns a query would return, found by planning it without running
// it: what a wire server's Describe of a prepared statement reports
// (PostgreSQL's RowDescription before any Bind).
import SQLParser

extension Session {
    /// The output columns of `sql` when it holds one SELECT (VALUES,
    /// TABLE); nil for any other statement. Raises the errors parse
    /// analysis and planning raise. `$n` parameters must have been
    /// replaced by values of their types.
    // TODO(#7): INSERT, UPDATE and DELETE with RETURNING.
    public func describeColumns(_ sql: String) throws -> [ColumnDescription]? {
        var parser = Parser(sql)
        let statements: [ParsedStatement]
        do {
            statements = try parser.parseStatements()
        } catch let error as ParseError {
            throw sqlError(from: error)
        }
        guard statements.count == 1, case .select(let query) = statements[0].statement else {
            return nil
        }
        engine.statementLock.lock()
        defer { engine.statementLock.unlock() }
        return try Executor(session: self, text: sql).describeLocally(query)
    }
}
