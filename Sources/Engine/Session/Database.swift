// The embedding API's entry point: one simulated PostgreSQL 15 node with
// its `citus` database, and the sessions (connections) opened on it.

/// A simulated node. `try Database().execute("SELECT 1")` runs SQL on a
/// default session; `connect()` opens more sessions that see each other's
/// committed changes only, as separate connections do.
public final class Database {
    package let engine: Engine
    /// The session `execute` uses.
    public let defaultSession: Session

    /// A node with an empty database.
    public convenience init() throws {
        self.init(engine: Engine())
    }

    /// A node running on `engine`, which a caller may have equipped with
    /// extensions and hooks.
    package init(engine: Engine) {
        self.engine = engine
        defaultSession = Session(engine: engine, user: "postgres", database: "citus")
    }

    /// Opens a new session as `user` on `database`.
    public func connect(user: String = "postgres", database: String = "citus") -> Session {
        Session(engine: engine, user: user, database: database)
    }

    /// Runs `sql` on the default session; returns the last statement's
    /// result and throws the first error.
    @discardableResult
    public func execute(_ sql: String) throws -> QueryResult {
        try defaultSession.execute(sql)
    }
}
