// citus_relation_size, citus_table_size and citus_total_relation_size: the
// sum over a Citus table's shards of what the worker holding each shard
// reports (pg_relation_size, pg_table_size, pg_total_relation_size), one
// query per worker. A reference table counts one placement, a partitioned
// table the shards of its partitions. The error texts are those of Citus'
// regression test multi_size_queries (not in the reference outputs).
import Engine

/// The worker-side function a citus size function sums.
enum ShardSizeFunction: String {
    case relation = "pg_relation_size"
    case table = "pg_table_size"
    case total = "pg_total_relation_size"
}

extension CitusLibrary {
    /// citus_relation_size(rel), citus_table_size(rel) and
    /// citus_total_relation_size(rel [, fail_on_error]).
    func citusSize(_ call: NativeCall, _ function: ShardSizeFunction) throws -> Value {
        guard case .int4(let oid) = call.arguments[0] else { return .null }
        var failOnError = true
        if call.arguments.count > 1, case .bool(let flag) = call.arguments[1] {
            failOnError = flag
        }
        let catalog = call.session.catalog
        guard let table = catalog.table(oid) else {
            guard failOnError else { return .null }
            throw SQLError("XX000", "could not compute table size: relation does not exist")
        }
        guard metadata.tables[oid] != nil else {
            guard failOnError else { return .null }
            throw SQLError(
                "XX000",
                "cannot calculate the size because relation '\(table.name)' is not distributed")
        }
        let shards = measuredShards(oid, catalog: catalog)
        return .int8(try sumOfShardSizes(shards, function, session: call.session))
    }

    /// The shards whose sizes make up `oid`'s: its own and its
    /// partitions', each with the node port to ask (a worker's placement
    /// when the shard has one).
    private func measuredShards(_ oid: RelationID, catalog: Catalog)
        -> [(name: String, port: Int)]
    {
        var result: [(name: String, port: Int)] = []
        guard let record = metadata.tables[oid] else { return result }
        for shard in record.shards {
            let placement =
                shard.placements.first { $0.groupID != 0 } ?? shard.placements[0]
            guard let node = metadata.node(group: placement.groupID) else { continue }
            let name =
                ruleQuoteIdentifier(record.schema) + "."
                + ruleQuoteIdentifier(record.shardName(shard))
            result.append((name, node.port))
        }
        for partition in catalog.table(oid)?.partitions ?? [] {
            result += measuredShards(partition, catalog: catalog)
        }
        return result
    }

    /// Asks each node for the sizes of its shards in one query and adds
    /// them up.
    private func sumOfShardSizes(
        _ shards: [(name: String, port: Int)], _ function: ShardSizeFunction,
        session: Session
    ) throws -> Int64 {
        var total: Int64 = 0
        let byPort = Dictionary(grouping: shards, by: \.port)
        for port in byPort.keys.sorted() {
            let rows = (byPort[port] ?? []).map {
                "(\(function.rawValue)(\(quoteLiteral($0.name))))"
            }
            let query =
                "SELECT sum(s)::bigint FROM (VALUES \(rows.joined(separator: ", "))) AS v(s)"
            let remote = try connection(for: session, port: port)
            let result = try remote.execute(query)
            total += Int64(result.text(row: 0, column: 0) ?? "0") ?? 0
        }
        return total
    }
}
