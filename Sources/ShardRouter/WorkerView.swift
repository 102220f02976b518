// What a client connected to a worker sees. Citus hides the worker's
// shard tables from pg_class, and so from psql's `\d`, unless the
// session's application_name starts with one of
// `citus.show_shards_for_app_name_prefixes` ('*' shows them to everyone);
// the shell tables stay visible. A relation is a shard when its name is a
// known shard's: `http_request_1min_102392` is one when shard 102392
// belongs to `http_request_1min` in the same schema.
import Engine
import SQLParser

extension CitusLibrary {
    /// True when `session` should not see `table`: it is a known shard and
    /// the session's application is not one shards are shown to.
    func hidesFromCatalog(_ table: TableDefinition, session: Session) -> Bool {
        isKnownShard(table) && hidesShards(from: session)
    }

    /// True when `table` is the shard table of a Citus table this node's
    /// metadata records. On the coordinator nothing counts as a shard
    /// until the coordinator itself is in pg_dist_node.
    func isKnownShard(_ table: TableDefinition) -> Bool {
        if localGroupID == 0, !metadata.nodes.contains(where: { $0.groupID == 0 }) {
            return false
        }
        guard let underscore = table.name.lastIndex(of: "_"),
            let shardID = Int64(table.name[table.name.index(after: underscore)...]),
            shardID > 0
        else { return false }
        for record in metadata.tables.values {
            guard let shard = record.shards.first(where: { $0.shardID == shardID }) else {
                continue
            }
            return record.schema == table.schema && record.shardName(shard) == table.name
        }
        return false
    }

    /// Whether shards are hidden from `session`: unless
    /// citus.override_table_visibility is off, they are, when no prefix of
    /// citus.show_shards_for_app_name_prefixes (a comma-separated list)
    /// starts the session's application_name. A list that does not parse
    /// hides them.
    func hidesShards(from session: Session) -> Bool {
        if let override = session.setting("citus.override_table_visibility"),
            ["off", "false", "no", "0"].contains(override.lowercased())
        {
            return false
        }
        let text = session.setting("citus.show_shards_for_app_name_prefixes") ?? ""
        guard let prefixes = Self.settingList(text) else { return true }
        let application = session.setting("application_name") ?? ""
        return !prefixes.contains { $0 == "*" || application.hasPrefix($0) }
    }

    /// The items of a list-valued setting (`a, "b c"`): separated by
    /// commas, surrounding spaces dropped, double quotes around an item
    /// removed (`""` inside stands for one quote). Nil for an empty item.
    static func settingList(_ text: String) -> [String]? {
        var items: [String] = []
        var rest = Substring(text).drop { $0 == " " || $0 == "\t" }
        if rest.isEmpty { return [] }
        while true {
            var item = ""
            if rest.first == "\"" {
                rest.removeFirst()
                while true {
                    guard let character = rest.popFirst() else { return nil }
                    if character == "\"" {
                        guard rest.first == "\"" else { break }
                        rest.removeFirst()
                    }
                    item.append(character)
                }
            } else {
                while let character = rest.first, character != "," {
                    item.append(character)
                    rest.removeFirst()
                }
                while item.last == " " || item.last == "\t" { item.removeLast() }
                if item.isEmpty { return nil }
            }
            items.append(item)
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let separator = rest.popFirst() else { return items }
            guard separator == "," else { return nil }
            rest = rest.drop { $0 == " " || $0 == "\t" }
        }
    }

    /// The application_name prefix of Citus' own connections between
    /// nodes (`citus_internal gpid=10000001001`).
    static let internalApplicationPrefix = "citus_internal gpid="

    /// True for a session another node opened for Citus' own work.
    func isCitusInternal(_ session: Session) -> Bool {
        session.setting("application_name")?.hasPrefix(Self.internalApplicationPrefix) == true
    }

    /// Refuses, on a worker, a client's statement on a Citus table's shell
    /// table, which holds none of the table's rows; Citus' own commands
    /// (metadata sync, shard DDL) pass.
    func refuseOnWorker(_ statement: Statement, context: StatementContext) throws {
        guard !metadata.tables.isEmpty, !isCitusInternal(context.session) else { return }
        let query: Bool
        var names: [QualifiedName]
        switch statement {
        case .select(let select):
            (query, names) = (true, TableRewriter.tables(in: select))
        case .insert(let insert):
            (query, names) = (true, [insert.table])
            if case .select(let select) = insert.source {
                names += TableRewriter.tables(in: select)
            }
        case .update(let update):
            (query, names) = (true, [update.table])
        case .delete(let delete):
            (query, names) = (true, [delete.table])
        case .createTable(let create):
            (query, names) = (false, create.partitionOf.map { [$0] } ?? [])
        case .alterTable(let alter):
            (query, names) = (false, [alter.name])
        case .truncate(let truncate):
            (query, names) = (false, truncate.tables)
        case .drop(let drop) where drop.kind == .table:
            (query, names) = (false, drop.names)
        default:
            return
        }
        guard names.contains(where: { citusTable($0, context) != nil }) else { return }
        // TODO(#3): plan statements on the worker as Citus does, routing
        // queries to the shards over the worker's own connections.
        if query {
            throw SQLError.notSupported(
                "querying distributed tables from a worker is not supported yet")
        }
        throw SQLError.notSupported("DDL on distributed tables from a worker is not supported yet")
    }
}
