// Transaction control for a session: autocommit statements, the implicit
// block of a multi-statement query string, explicit BEGIN blocks with
// PostgreSQL's aborted state (25P02 until ROLLBACK), savepoints as
// subtransactions, and transactional DDL through a private catalog copy.
import SQLParser

/// A savepoint: its subtransaction and what to restore on ROLLBACK TO.
struct Savepoint {
    var name: String
    var xid: TransactionID
    /// Index in `TransactionState.subtransactions` of `xid`.
    var firstSubtransaction: Int
    var catalog: Catalog?
    var settings: Settings
}

/// The session's current transaction.
struct TransactionState {
    var xid: TransactionID
    /// Opened by BEGIN (or turned into a block by BEGIN in an implicit
    /// block); false for an autocommit statement.
    var isBlock: Bool
    var failed = false
    /// The catalog as this transaction changed it; nil until its first DDL.
    var catalog: Catalog?
    var savepoints: [Savepoint] = []
    /// Every subtransaction opened, in order.
    var subtransactions: [TransactionID] = []
    /// The innermost running subtransaction, or `xid`.
    var currentXid: TransactionID
    var timestamp: Int64
    /// Settings before the transaction, restored if it aborts.
    var settingsAtStart: Settings
}

extension Session {
    /// The catalog this session's statements see.
    package var catalog: Catalog {
        transaction?.catalog ?? engine.catalog
    }

    /// Applies a DDL change to the session's view of the catalog.
    package func updateCatalog(_ change: (inout Catalog) throws -> Void) rethrows {
        var copy = catalog
        try change(&copy)
        if transaction != nil {
            transaction?.catalog = copy
        } else {
            engine.catalog = copy
        }
    }

    /// Runs one statement of a query string with its transaction handling.
    func runTopLevel(
        _ statement: Statement, text: String, implicitBlock: Bool, isLast: Bool,
        supplying rows: SuppliedRows? = nil
    ) throws -> QueryResult {
        engine.lockStatements()
        defer { engine.unlockStatements() }
        statementStart = engine.clock.now()
        if transaction == nil { try beginTransaction(isBlock: false) }
        if let tx = transaction, tx.failed, !Session.isAllowedWhenFailed(statement) {
            throw SQLError(
                SQLState.inFailedSQLTransaction,
                "current transaction is aborted, commands ignored until end of transaction block")
        }
        let result: QueryResult
        do {
            let executor = Executor(session: self, text: text)
            executor.suppliedRows = rows
            result = printingRegclass(try executor.execute(statement))
        } catch {
            failStatement()
            throw error
        }
        if let tx = transaction, !tx.isBlock, !implicitBlock || isLast {
            commitTransaction()
        }
        return result
    }

    private static func isAllowedWhenFailed(_ statement: Statement) -> Bool {
        guard case .transaction(let t) = statement else { return false }
        switch t {
        case .commit, .rollback, .rollbackTo: return true
        default: return false
        }
    }

    /// After an error: an autocommit statement or implicit block aborts,
    /// a transaction block enters the failed state. As in PostgreSQL, the
    /// failed (sub)transaction aborts at once, so that the rows it wrote
    /// or locked no longer hold up other sessions until ROLLBACK.
    private func failStatement() {
        guard let tx = transaction else { return }
        guard tx.isBlock else {
            abortTransaction()
            return
        }
        transaction?.failed = true
        if let savepoint = tx.savepoints.last {
            let subtransactions = tx.subtransactions[savepoint.firstSubtransaction...]
            engine.log.abortSubtransactions(Array(subtransactions))
        } else if engine.log.isRunning(tx.xid) {
            engine.log.abort(tx.xid)
            engine.lockWaits.ended(tx.xid)
            runTransactionEndCallbacks(committed: false)
        }
        engine.transactionEnded()
    }

    /// A syntax error in a transaction block fails the block, as an error
    /// in any statement does.
    func failTransactionBlock() {
        if transaction?.isBlock == true { transaction?.failed = true }
    }

    func beginTransaction(isBlock: Bool) throws {
        let xid = try engine.log.begin()
        engine.lockWaits.began(xid, pid: backendID, root: distributedRoot)
        transaction = TransactionState(
            xid: xid, isBlock: isBlock, currentXid: xid, timestamp: engine.clock.now(),
            settingsAtStart: settings)
    }

    func commitTransaction() {
        guard let tx = transaction else { return }
        engine.log.commit(tx.xid)
        engine.lockWaits.ended(tx.xid)
        engine.transactionEnded()
        if let catalog = tx.catalog { engine.catalog = catalog }
        settings.clearLocal()
        transaction = nil
        runTransactionEndCallbacks(committed: true)
    }

    func abortTransaction() {
        guard let tx = transaction else { return }
        engine.log.abort(tx.xid)
        engine.lockWaits.ended(tx.xid)
        engine.transactionEnded()
        settings = tx.settingsAtStart
        transaction = nil
        runTransactionEndCallbacks(committed: false)
    }

    private func runTransactionEndCallbacks(committed: Bool) {
        guard !transactionEndCallbacks.isEmpty else { return }
        let callbacks = transactionEndCallbacks
        transactionEndCallbacks = []
        for callback in callbacks { callback(committed) }
    }

    /// BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK TO.
    func executeTransactionStatement(_ statement: TransactionStatement) throws -> QueryResult {
        switch statement {
        case .begin:
            if transaction?.isBlock == true {
                report(
                    SQLError(
                        SQLState.activeSQLTransaction, "there is already a transaction in progress",
                        severity: .warning))
            }
            transaction?.isBlock = true
            return QueryResult(commandTag: "BEGIN")
        case .commit(let chain):
            return try endBlock(commit: true, chain: chain)
        case .rollback(let chain):
            return try endBlock(commit: false, chain: chain)
        case .savepoint(let name):
            try requireBlock("SAVEPOINT")
            try openSavepoint(name)
            return QueryResult(commandTag: "SAVEPOINT")
        case .release(let name):
            try requireBlock("RELEASE SAVEPOINT")
            try releaseSavepoint(name)
            return QueryResult(commandTag: "RELEASE")
        case .rollbackTo(let name):
            try requireBlock("ROLLBACK TO SAVEPOINT")
            try rollbackToSavepoint(name)
            return QueryResult(commandTag: "ROLLBACK")
        }
    }

    private func endBlock(commit: Bool, chain: Bool) throws -> QueryResult {
        guard let tx = transaction, tx.isBlock else {
            if chain {
                throw SQLError(
                    SQLState.noActiveSQLTransaction,
                    "\(commit ? "COMMIT" : "ROLLBACK") AND CHAIN can only be used in transaction blocks"
                )
            }
            report(
                SQLError(
                    SQLState.noActiveSQLTransaction, "there is no transaction in progress",
                    severity: .warning))
            return QueryResult(commandTag: commit ? "COMMIT" : "ROLLBACK")
        }
        let committed = commit && !tx.failed
        if committed { commitTransaction() } else { abortTransaction() }
        if chain { try beginTransaction(isBlock: true) }
        return QueryResult(commandTag: committed ? "COMMIT" : "ROLLBACK")
    }

    private func requireBlock(_ command: String) throws {
        guard transaction?.isBlock == true else {
            throw SQLError(
                SQLState.noActiveSQLTransaction, "\(command) can only be used in transaction blocks"
            )
        }
    }

    /// Opens a subtransaction; returns its xid.
    func beginSubtransaction() throws -> TransactionID {
        guard let tx = transaction else {
            throw SQLError(SQLState.noActiveSQLTransaction, "there is no transaction in progress")
        }
        let sub = try engine.log.beginSubtransaction(of: tx.xid)
        transaction?.subtransactions.append(sub)
        transaction?.currentXid = sub
        engine.subtransactionHook?(self, .began(sub))
        return sub
    }

    /// Commits subtransaction `xid` into its parent.
    private func releaseSubtransaction(_ xid: TransactionID) {
        engine.log.commitSubtransaction(xid)
        engine.subtransactionHook?(self, .released(xid))
    }

    /// Rolls back the subtransactions `xids` (a savepoint's and those
    /// opened after it).
    private func rollBackSubtransactions(_ xids: [TransactionID]) {
        engine.log.abortSubtransactions(xids)
        engine.transactionEnded()
        engine.subtransactionHook?(self, .rolledBack(xids))
    }

    private func openSavepoint(_ name: String) throws {
        guard let tx = transaction else { return }
        let first = tx.subtransactions.count
        let sub = try beginSubtransaction()
        transaction?.savepoints.append(
            Savepoint(
                name: name, xid: sub, firstSubtransaction: first, catalog: tx.catalog,
                settings: settings))
    }

    private func savepointIndex(_ name: String) throws -> Int {
        guard let index = transaction?.savepoints.lastIndex(where: { $0.name == name }) else {
            throw SQLError(
                SQLState.invalidSavepointSpecification, "savepoint \"\(name)\" does not exist")
        }
        return index
    }

    private func releaseSavepoint(_ name: String) throws {
        guard let tx = transaction else { return }
        if tx.failed {
            throw SQLError(
                SQLState.inFailedSQLTransaction,
                "current transaction is aborted, commands ignored until end of transaction block")
        }
        let index = try savepointIndex(name)
        for sp in tx.savepoints[index...] { releaseSubtransaction(sp.xid) }
        transaction?.savepoints.removeSubrange(index...)
        let innermost = transaction?.savepoints.last?.xid ?? tx.xid
        transaction?.currentXid = innermost
    }

    private func rollbackToSavepoint(_ name: String) throws {
        guard let tx = transaction else { return }
        let index = try savepointIndex(name)
        let savepoint = tx.savepoints[index]
        rollBackSubtransactions(Array(tx.subtransactions[savepoint.firstSubtransaction...]))
        transaction?.savepoints.removeSubrange(index...)
        transaction?.catalog = savepoint.catalog
        transaction?.failed = false
        settings = savepoint.settings
        let innermost = transaction?.savepoints.last?.xid ?? tx.xid
        transaction?.currentXid = innermost
        try openSavepoint(name)
    }

    /// Runs `body` in a subtransaction (PL/pgSQL's EXCEPTION block): on
    /// error everything it did is rolled back before the error propagates.
    func runInSubtransaction<T>(_ body: () throws -> T) throws -> T {
        guard let tx = transaction else { return try body() }
        let first = tx.subtransactions.count
        let parentXid = tx.currentXid
        let savedCatalog = tx.catalog
        let savedSettings = settings
        let sub = try beginSubtransaction()
        do {
            let value = try body()
            releaseSubtransaction(sub)
            if transaction?.xid == tx.xid { transaction?.currentXid = parentXid }
            return value
        } catch {
            if let current = transaction, current.xid == tx.xid {
                rollBackSubtransactions(Array(current.subtransactions[first...]))
                transaction?.catalog = savedCatalog
                transaction?.currentXid = parentXid
                settings = savedSettings
            }
            throw error
        }
    }

    /// COMMIT or ROLLBACK issued inside a DO block or procedure: ends the
    /// transaction and starts a new one at once.
    func endTransactionFromRoutine(commit: Bool) throws {
        if commit { commitTransaction() } else { abortTransaction() }
        try beginTransaction(isBlock: false)
    }
}
