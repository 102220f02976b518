// `\d NAME`: psql's describeTableDetails and describeOneTableDetails
// (describe.c) for tables, partitioned tables, partitions and indexes:
// the column table under `Table "schema.name"`, then the footers
// (partition of, partition key, indexes, check constraints, number of
// partitions) in psql's order.

import Engine

extension PsqlShell {
    /// Describes every relation `pattern` matches, in schema and name
    /// order; fails when none does.
    func describeTableDetails(_ pattern: DescribePattern, session: Session) throws
        -> SlashResult
    {
        let relations = try session.describeRelations().filter {
            pattern.matches(schema: $0.schema, name: $0.name, isVisible: $0.isVisible)
        }
        .sorted { PsqlShell.describeOrder(($0.schema, $0.name), ($1.schema, $1.name)) }
        if relations.isEmpty {
            if !quiet { logError("Did not find any relation named \"\(pattern.text)\".") }
            return .error
        }
        for relation in relations {
            switch relation.kind {
            case .table, .partitionedTable:
                guard
                    let table = try session.describeTable(
                        schema: relation.schema, name: relation.name)
                else { continue }
                printDescribeTable(tableDetails(table), allowExpanded: false)
            case .index, .partitionedIndex:
                guard
                    let index = try session.describeIndex(
                        schema: relation.schema, name: relation.name)
                else { continue }
                printDescribeTable(indexDetails(index), allowExpanded: false)
            case .view:
                guard
                    let columns = try session.describeView(
                        schema: relation.schema, name: relation.name)
                else { continue }
                let title = "View \"\(relation.schema).\(relation.name)\""
                printDescribeTable(columnTable(columns, title: title), allowExpanded: false)
            }
        }
        return .skip
    }

    /// The `Number of partitions` footer of a partitioned relation.
    private static func partitionsFooter(_ count: Int) -> String {
        count > 0
            ? "Number of partitions: \(count) (Use \\d+ to list them.)"
            : "Number of partitions: 0"
    }

    /// The Column/Type/Collation/Nullable/Default table of a relation.
    private func columnTable(_ columns: [ColumnSummary], title: String) -> TableContent {
        let headers = ["Column", "Type", "Collation", "Nullable", "Default"]
        let rows = columns.map {
            [$0.name, $0.type, "", $0.notNull ? "not null" : "", $0.defaultText ?? ""]
        }
        return TableContent(
            headers: headers, alignments: headers.map { _ in .left }, rows: rows, footers: [],
            title: title)
    }

    /// A table's columns and footers.
    private func tableDetails(_ table: TableDescription) -> TableContent {
        let kind = table.isPartitioned ? "Partitioned table" : "Table"
        var content = columnTable(
            table.columns, title: "\(kind) \"\(table.schema).\(table.name)\"")
        var footers: [String] = []
        if let parent = table.partitionOf, let bound = table.partitionBound {
            footers.append("Partition of: \(parent) \(bound)")
        }
        if let key = table.partitionKey { footers.append("Partition key: \(key)") }
        if !table.indexes.isEmpty {
            footers.append("Indexes:")
            for index in table.indexes {
                var line = "    \"\(index.name)\""
                if index.isPrimary {
                    line += " PRIMARY KEY,"
                } else if index.isUnique {
                    line += index.isConstraint ? " UNIQUE CONSTRAINT," : " UNIQUE,"
                }
                var definition = Substring(index.definition)
                if let using = definition.range(of: " USING ") {
                    definition = definition[using.upperBound...]
                }
                footers.append(line + " " + definition)
            }
        }
        if !table.checks.isEmpty {
            footers.append("Check constraints:")
            for check in table.checks {
                footers.append("    \"\(check.name)\" \(check.definition)")
            }
        }
        if !table.foreignKeys.isEmpty {
            footers.append("Foreign-key constraints:")
            for key in table.foreignKeys {
                footers.append("    \"\(key.name)\" \(key.definition)")
            }
        }
        if !table.referencedBy.isEmpty {
            footers.append("Referenced by:")
            for key in table.referencedBy {
                footers.append(
                    "    TABLE \"\(key.table)\" CONSTRAINT \"\(key.name)\" \(key.definition)")
            }
        }
        if table.isPartitioned { footers.append(PsqlShell.partitionsFooter(table.partitionCount)) }
        content.footers = footers
        return content
    }

    /// An index's key columns and the line naming its kind and table.
    private func indexDetails(_ index: IndexSummary) -> TableContent {
        let kind = index.isPartitioned ? "Partitioned index" : "Index"
        let headers = ["Column", "Type", "Key?", "Definition"]
        let rows = index.columns.enumerated().map { i, column in
            [column.name, column.type, i < index.keyColumnCount ? "yes" : "no", column.definition]
        }
        var footers: [String] = []
        if let parent = index.parentIndex { footers.append("Partition of: \(parent) ") }
        var line = ""
        if index.isPrimary {
            line = "primary key, "
        } else if index.isUnique {
            line = "unique" + (index.nullsNotDistinct ? " nulls not distinct" : "") + ", "
        }
        line += "btree, for table \"\(index.tableSchema).\(index.tableName)\""
        if let predicate = index.predicate { line += ", predicate (\(predicate))" }
        footers.append(line)
        if index.isPartitioned { footers.append(PsqlShell.partitionsFooter(index.partitionCount)) }
        return TableContent(
            headers: headers, alignments: headers.map { _ in .left }, rows: rows,
            footers: footers, title: "\(kind) \"\(index.schema).\(index.name)\"")
    }
}
