// What psql's `\d` shows of an index made by CREATE INDEX: its definition
// as pg_get_indexdef(oid, 0, true) prints it (`CREATE INDEX t_b_idx ON
// public.t USING btree (b DESC) INCLUDE (c) WHERE a > 0`), and each column
// of the index with pg_get_indexdef's text for it.
import SQLParser

extension Session {
    /// The summary of `index` on `table`.
    func indexSummary(
        _ index: IndexDefinition, of table: TableDefinition, catalog: Catalog, path: [String],
        pretty: Bool = true
    ) -> IndexSummary {
        let live = table.liveColumns.map { table.columns[$0] }
        let deparser = CatalogDeparser(
            columns: live.map { ($0.name, $0.type) }, catalog: catalog, searchPath: path)
        var keyTexts: [String] = []
        var columns: [(name: String, type: String, definition: String)] = []
        var storage: [String] = []
        for (key, option) in zip(index.keys, index.options) {
            var text: String
            switch key {
            case .column(let c):
                let column = table.columns[c]
                text = ruleQuoteIdentifier(column.name)
                columns.append((column.name, formatType(column.type), text))
                storage.append(storageName(column.type))
            case .expression(let e):
                let node = try? deparser.analyse(e)
                let printed = node.map { RuleUtilsPrinter.print($0, pretty: pretty) } ?? deparse(e)
                var name = "expr"
                if case .function(let call) = e.kind {
                    text = printed
                    name = call.name.name
                } else {
                    text = "(" + printed + ")"
                }
                columns.append((name, node.map { formatType($0.type) } ?? "", text))
                storage.append(storageName(node?.type ?? .text))
            }
            if option.descending { text += " DESC" }
            if let nullsFirst = option.nullsFirst, nullsFirst != option.descending {
                text += nullsFirst ? " NULLS FIRST" : " NULLS LAST"
            }
            keyTexts.append(text)
        }
        var definition = "CREATE " + (index.isUnique ? "UNIQUE " : "") + "INDEX "
        definition += ruleQuoteIdentifier(index.name) + " ON "
        if table.isPartitioned { definition += "ONLY " }
        definition += ruleQuoteIdentifier(table.schema) + "." + ruleQuoteIdentifier(table.name)
        definition += " USING btree (" + keyTexts.joined(separator: ", ") + ")"
        if !index.include.isEmpty {
            let names = index.include.map { ruleQuoteIdentifier(table.columns[$0].name) }
            definition += " INCLUDE (" + names.joined(separator: ", ") + ")"
            for c in index.include {
                let column = table.columns[c]
                columns.append(
                    (column.name, formatType(column.type), ruleQuoteIdentifier(column.name)))
                storage.append(storageName(column.type))
            }
        }
        if index.nullsNotDistinct { definition += " NULLS NOT DISTINCT" }
        var predicate: String?
        if let e = index.predicate {
            predicate =
                (try? deparser.analyse(e)).map { RuleUtilsPrinter.print($0, pretty: pretty) }
                ?? deparse(e)
            definition += " WHERE " + (predicate ?? "")
        }
        var summary = IndexSummary(
            schema: table.schema, name: index.name, isPrimary: false, isUnique: index.isUnique,
            isConstraint: false, nullsNotDistinct: index.nullsNotDistinct,
            definition: definition, columns: columns, tableSchema: table.schema,
            tableName: table.name, isPartitioned: table.isPartitioned,
            parentIndex: index.parentIndex.map(ruleQuoteIdentifier),
            partitionCount: table.isPartitioned ? table.partitions.count : 0,
            keyColumnCount: index.keys.count, predicate: predicate)
        summary.storage = storage
        return summary
    }
}
