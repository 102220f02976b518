// Sequences: the catalog's definition (pg_class relkind 'S' and
// pg_sequence's row: type, start, increment, bounds, cache, cycle, the
// column that owns it) and the state nextval advances, which lives beside
// the catalog because it is not transactional: a rolled-back nextval
// still uses its value up, as in PostgreSQL.
import Foundation

/// One sequence's definition.
package struct SequenceDefinition {
    package var oid: RelationID
    package var schema: String
    package var name: String
    /// int2, int4 or int8.
    package var type: PGType
    package var start: Int64
    package var increment: Int64
    package var minValue: Int64
    package var maxValue: Int64
    package var cache: Int64
    package var cycle: Bool
    /// The column a serial or `OWNED BY` ties the sequence to.
    package var ownedBy: (table: RelationID, column: String)?
}

/// Where a sequence stands: pg_sequence_data's last_value and is_called.
package struct SequenceState {
    package var lastValue: Int64
    package var isCalled: Bool
    /// Values nextval may hand out before it would write WAL again
    /// (SELECT's log_cnt): 32 after a logged fetch, one less per call.
    package var logCount: Int64
}

/// The node's sequence states, shared by its sessions.
package final class SequenceStates {
    private var states: [RelationID: SequenceState] = [:]
    private let lock = NSLock()

    /// The state of `oid`, or a fresh one at `start`.
    package func state(_ oid: RelationID, start: Int64) -> SequenceState {
        lock.lock()
        defer { lock.unlock() }
        return states[oid] ?? SequenceState(lastValue: start, isCalled: false, logCount: 0)
    }

    package func set(_ oid: RelationID, _ state: SequenceState) {
        lock.lock()
        states[oid] = state
        lock.unlock()
    }

    /// Applies `change` to the state of `oid` under the lock.
    package func update<T>(
        _ oid: RelationID, start: Int64, _ change: (inout SequenceState) throws -> T
    ) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        var state = states[oid] ?? SequenceState(lastValue: start, isCalled: false, logCount: 0)
        let result = try change(&state)
        states[oid] = state
        return result
    }
}

extension Catalog {
    /// The sequence with `oid`.
    package func sequence(_ oid: RelationID) -> SequenceDefinition? {
        sequences[oid]
    }

    /// Adds a sequence and records its name among the schema's relations.
    package mutating func addSequence(_ sequence: SequenceDefinition) {
        sequences[sequence.oid] = sequence
        relationNames[sequence.schema, default: [:]][sequence.name] = sequence.oid
        bumpVersion()
    }

    package mutating func removeSequence(_ oid: RelationID) {
        guard let sequence = sequences[oid] else { return }
        relationNames[sequence.schema]?[sequence.name] = nil
        forgetComments(of: oid)
        sequences[oid] = nil
        bumpVersion()
    }
}
