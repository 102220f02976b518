// The state one simulated PostgreSQL node shares between its sessions:
// the committed catalog, the transaction log, the procedural languages,
// the clock, and the lock that lets one statement run at a time.
import Foundation
import SQLParser

/// One node's shared state. Sessions hold it; `Database` creates it.
package final class Engine {
    /// The catalog as committed transactions left it.
    package var catalog = Catalog()
    package let log = TransactionLog()
    package let clock: EngineClock
    /// Procedural languages by name (`plpgsql`).
    package var languages: [String: ProceduralLanguage] = [:]
    /// What CREATE EXTENSION can install, by extension name.
    package var extensionPackages: [String: ExtensionPackage] = [:]
    /// Shared libraries C-language functions load from, by name
    /// (`$libdir/citus` is "citus").
    package var libraries: [String: NativeLibrary] = [:]
    /// Parameters the loaded libraries define (`citus.shard_count`), as
    /// DefineCustomIntVariable adds them to a server that preloads them.
    package var extensionSettings: [String: SettingDefinition] = [:]
    /// Runs before local planning of every statement (top level, SPI and
    /// SQL functions); a non-nil result is the statement's result. The
    /// distribution layer (ShardRouter) installs itself here.
    package var plannerHook: ((Statement, StatementContext) throws -> QueryResult?)?
    /// Told when a session's subtransaction (a savepoint or a PL/pgSQL
    /// EXCEPTION block) begins, is released into its parent or is rolled
    /// back, so that the distribution layer can do the same on the
    /// workers, as Citus does with its remote savepoints.
    package var subtransactionHook: ((Session, SubtransactionEvent) -> Void)?
    /// Decides which relations a session's catalog views leave out: true
    /// hides `table` (and its indexes) from `session`, as Citus hides a
    /// worker's shards from pg_class. psql's describe commands honour it.
    // TODO(#6): pg_class, once it exists, filters through it as well.
    package var hiddenRelationHook: ((TableDefinition, Session) -> Bool)?
    /// One statement at a time across all sessions, released while a
    /// statement sleeps or waits for another transaction (see
    /// StatementLock.swift).
    // TODO(#6): table-level locks, so that DDL waits for the statements
    // reading a table instead of running while they wait for a row.
    let statementLock = NSLock()
    /// Who runs each transaction and whom each waiting one waits for.
    let lockWaits = LockWaits()
    /// Sessions waiting for a transaction or a tuple lock (under the
    /// statement lock).
    var lockWaiters: [ObjectIdentifier: LockWaiter] = [:]
    private var nextBackendID: Int32 = 1000
    private let backendIDLock = NSLock()
    /// Every open session, for pg_stat_activity and the signal functions.
    package let sessions = SessionRegistry()
    /// The TCP port the node listens on, for inet_server_port().
    package var serverPort: Int32 = 5432
    /// `--seed`: when set, every session's random() starts from a seed
    /// derived from it and the session's pid, so runs repeat.
    package var randomSeed: UInt64?
    /// Where each sequence stands (not transactional).
    package let sequenceStates = SequenceStates()
    /// Query strings started in sessions of their own.
    let backgroundJobs = BackgroundJobList()

    /// A node with an empty database, PL/pgSQL installed.
    package init(clock: EngineClock = SystemClock()) {
        self.clock = clock
        languages["plpgsql"] = PLpgSQLLanguage()
        SystemViews.install(into: &catalog)
        SystemTables.install(into: &catalog)
        SystemCatalogs.install(into: &catalog)
        SystemViews.installDefinedViews(into: &catalog)
        libraries[SystemViews.libraryName] = SystemViewLibrary()
        libraries[SystemCatalogs.libraryName] = CatalogRowsLibrary()
        extensionPackages["pg_partman"] = PartmanExtension()
        libraries[PartmanLibrary.name] = PartmanLibrary()
        extensionPackages["pg_cron"] = CronExtension()
        extensionPackages["hll"] = HllExtension()
        extensionPackages["topn"] = TopnExtension()
        libraries[TopnLibrary.name] = TopnLibrary()
        libraries[CronLibrary.name] = CronLibrary()
    }

    /// A fresh backend process id for a new session.
    func allocateBackendID() -> Int32 {
        backendIDLock.lock()
        defer { backendIDLock.unlock() }
        nextBackendID += 1
        return nextBackendID
    }
}

/// What happened to a subtransaction.
package enum SubtransactionEvent {
    case began(TransactionID)
    case released(TransactionID)
    /// A savepoint's subtransaction and every one opened after it.
    case rolledBack([TransactionID])
}
