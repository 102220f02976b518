// The functions Citus' metadata views read: shard_name,
// column_to_column_name and citus_shard_sizes (every placement's
// pg_total_relation_size, asked of the worker holding it), and the
// relation facts citus_tables reads from pg_class.
import Engine

extension CitusLibrary {
    /// shard_name(regclass, bigint): the shard table's name, qualified
    /// when the table is outside public.
    func shardNameFunction(_ call: NativeCall) throws -> Value {
        guard case .int4(let oid) = call.arguments[0], case .int8(let shardID) = call.arguments[1],
            let table = call.session.catalog.table(oid)
        else { return .null }
        let name = ruleQuoteIdentifier(DistributedTableRecord.shardName(table.name, shardID))
        guard table.schema != "public" else { return .text(name) }
        return .text(ruleQuoteIdentifier(table.schema) + "." + name)
    }

    /// column_to_column_name(regclass, text): the name of the column a
    /// pg_dist_partition.partkey (`{VAR ... :varattno N ...}`) names.
    func columnToColumnName(_ call: NativeCall) throws -> Value {
        guard case .int4(let oid) = call.arguments[0], let key = textArgument(call.arguments[1]),
            let table = call.session.catalog.table(oid)
        else { return .null }
        let words = key.split(separator: " ")
        guard let at = words.firstIndex(of: ":varattno"), at + 1 < words.count,
            let attribute = Int(words[at + 1]), attribute >= 1,
            attribute <= table.columns.count
        else {
            throw SQLError("XX000", "not a valid column")
        }
        return .text(table.columns[attribute - 1].name)
    }

    /// citus_shard_sizes(): (shard_id, size) for every placement, the
    /// size its worker reports for the shard with pg_total_relation_size;
    /// one query per worker.
    func shardSizes(_ call: NativeCall) throws -> [Row] {
        var byPort: [Int: [(id: Int64, name: String)]] = [:]
        for record in metadata.tables.values.sorted(by: { $0.relation < $1.relation }) {
            for shard in record.shards {
                let name =
                    ruleQuoteIdentifier(record.schema) + "."
                    + ruleQuoteIdentifier(record.shardName(shard))
                for placement in shard.placements {
                    guard let node = metadata.node(group: placement.groupID) else { continue }
                    byPort[node.port, default: []].append((shard.shardID, name))
                }
            }
        }
        var rows: [Row] = []
        for port in byPort.keys.sorted() {
            rows += try workerShardSizes(byPort[port] ?? [], port: port, session: call.session)
        }
        return rows
    }

    /// The sizes of `shards` on the node at `port`.
    private func workerShardSizes(
        _ shards: [(id: Int64, name: String)], port: Int, session: Session
    ) throws -> [Row] {
        guard !shards.isEmpty else { return [] }
        let items = shards.map { "(\($0.id), pg_total_relation_size(\(quoteLiteral($0.name))))" }
        let query = "SELECT * FROM (VALUES \(items.joined(separator: ", "))) AS v(id, size)"
        // The coordinator's own placements (reference tables) are measured
        // in the calling session: a connection to itself would wait for
        // the statement that is running.
        let result =
            port == self.port
            ? try session.executeInternal(query, local: true)
            : try connection(for: session, port: port).execute(query)
        return result.rows.indices.compactMap { row -> Row? in
            guard let id = result.int(row, 0), let size = result.int(row, 1) else { return nil }
            return [.int4(Int32(truncatingIfNeeded: id)), .int8(Int64(size))]
        }
    }

    /// citus_internal.relation_access_method(regclass): pg_class.relam's
    /// name, NULL for a partitioned table, which stores nothing.
    // TODO(#6): read pg_class (relam, relowner) once it exists; the
    // engine's tables are heap tables owned by the bootstrap superuser.
    func relationAccessMethod(_ call: NativeCall) throws -> Value {
        guard case .int4(let oid) = call.arguments[0], let table = call.session.catalog.table(oid)
        else { return .null }
        return table.isPartitioned ? .null : .text("heap")
    }
}
