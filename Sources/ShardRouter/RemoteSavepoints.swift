// Savepoints on the workers: a coordinator session's subtransactions (its
// SAVEPOINTs and PL/pgSQL's EXCEPTION blocks) are opened, released and
// rolled back on every worker connection of its transaction too, so that
// ROLLBACK TO SAVEPOINT, or an EXCEPTION block that caught a failed
// multi-shard write, undoes exactly that work on every worker as it does
// on the coordinator. A connection opened inside a subtransaction first
// opens the savepoints already active.
import Engine

extension CitusLibrary {
    /// The savepoint name a worker knows subtransaction `xid` by.
    static func savepointName(_ xid: TransactionID) -> String {
        "citus_savepoint_\(xid)"
    }

    /// Follows `event` of `session`'s subtransactions on its worker
    /// connections.
    func followSubtransaction(_ session: Session, _ event: SubtransactionEvent) {
        let key = ObjectIdentifier(session)
        var active = activeSubtransactions[key] ?? []
        var snapshots = metadataAtSubtransaction[key] ?? []
        let open = openConnections(of: session)
        switch event {
        case .began(let xid):
            active.append(xid)
            snapshots.append(metadata)
            for remote in open {
                _ = try? remote.execute("SAVEPOINT " + Self.savepointName(xid))
            }
        case .released(let xid):
            guard let index = active.firstIndex(of: xid) else { return }
            for remote in open {
                _ = try? remote.execute("RELEASE SAVEPOINT " + Self.savepointName(xid))
            }
            active.removeSubrange(index...)
            snapshots.removeSubrange(min(index, snapshots.count)...)
        case .rolledBack(let xids):
            guard let index = active.firstIndex(where: xids.contains) else { return }
            let name = Self.savepointName(active[index])
            for remote in open {
                _ = try? remote.execute("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)")
            }
            active.removeSubrange(index...)
            if index < snapshots.count {
                restoreMetadata(snapshots[index])
                snapshots.removeSubrange(index...)
            }
        }
        activeSubtransactions[key] = active.isEmpty ? nil : active
        metadataAtSubtransaction[key] = snapshots.isEmpty ? nil : snapshots
        if active.count == 1, case .began = event {
            session.transactionEndCallbacks.append { [weak self] _ in
                self?.activeSubtransactions[key] = nil
                self?.metadataAtSubtransaction[key] = nil
            }
        }
    }

    /// Opens, on a worker connection that has just begun its transaction
    /// block, the savepoints `session` has active.
    func replaySavepoints(of session: Session, on remote: Session) throws {
        for xid in activeSubtransactions[ObjectIdentifier(session)] ?? [] {
            try remote.execute("SAVEPOINT " + Self.savepointName(xid))
        }
    }

    /// `session`'s worker connections inside a transaction block.
    private func openConnections(of session: Session) -> [Session] {
        guard let entry = connections[ObjectIdentifier(session)], entry.owner === session else {
            return []
        }
        return entry.byPort.values.filter { $0.transactionStatus != .idle }
    }
}
