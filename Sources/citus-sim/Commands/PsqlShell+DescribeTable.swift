// `\d NAME`: psql's describeTableDetails and describeOneTableDetails
// (describe.c) for tables, partitioned tables, partitions and indexes:
// the column table under `Table "schema.name"`, then the footers
// (partition of, partition key, indexes, check constraints, number of
// partitions) in psql's order.

import Engine

extension PsqlShell {
    /// Describes every relation `pattern` matches, in schema and name
    /// order; fails when none does. `verbose` is `\d+`.
    func describeTableDetails(_ pattern: DescribePattern, session: Session, verbose: Bool = false)
        throws -> SlashResult
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
                        schema: relation.schema, name: relation.name, verbose: verbose)
                else { continue }
                printDescribeTable(tableDetails(table, verbose: verbose), allowExpanded: false)
            case .index, .partitionedIndex:
                guard
                    let index = try session.describeIndex(
                        schema: relation.schema, name: relation.name)
                else { continue }
                printDescribeTable(indexDetails(index, verbose: verbose), allowExpanded: false)
            case .view:
                guard
                    let columns = try session.describeView(
                        schema: relation.schema, name: relation.name)
                else { continue }
                let title = "View \"\(relation.schema).\(relation.name)\""
                var content = columnTable(columns, title: title, verbose: verbose, isView: true)
                if verbose {
                    guard let definition = viewDefinition(relation.schema, relation.name) else {
                        return .error
                    }
                    content.footers = ["View definition:", definition]
                }
                printDescribeTable(content, allowExpanded: false)
            case .sequence:
                guard describeSequence(schema: relation.schema, name: relation.name) else {
                    return .error
                }
            }
        }
        return .skip
    }

    /// A sequence as describeOneTableDetails shows it: psql's queries of
    /// pg_sequence and of the column owning it (pg_depend).
    private func describeSequence(schema: String, name: String) -> Bool {
        let qualified =
            "'"
            + (quoteIdentifier(schema) + "." + quoteIdentifier(name))
            .replacingOccurrences(of: "'", with: "''") + "'::pg_catalog.regclass"
        let settings = """
            SELECT pg_catalog.format_type(seqtypid, NULL) AS "Type",
                   seqstart AS "Start",
                   seqmin AS "Minimum",
                   seqmax AS "Maximum",
                   seqincrement AS "Increment",
                   CASE WHEN seqcycle THEN 'yes' ELSE 'no' END AS "Cycles?",
                   seqcache AS "Cache"
            FROM pg_catalog.pg_sequence
            WHERE seqrelid = \(qualified);
            """
        let owner = """
            SELECT pg_catalog.quote_ident(nspname) || '.' ||
               pg_catalog.quote_ident(relname) || '.' ||
               pg_catalog.quote_ident(attname),
               d.deptype
            FROM pg_catalog.pg_class c
            INNER JOIN pg_catalog.pg_depend d ON c.oid=d.refobjid
            INNER JOIN pg_catalog.pg_namespace n ON n.oid=c.relnamespace
            INNER JOIN pg_catalog.pg_attribute a ON (
             a.attrelid=c.oid AND
             a.attnum=d.refobjsubid)
            WHERE d.classid='pg_catalog.pg_class'::pg_catalog.regclass
             AND d.refclassid='pg_catalog.pg_class'::pg_catalog.regclass
             AND d.objid=\(qualified)
             AND d.deptype IN ('a', 'i')
            """
        guard let result = describeQuery(settings), let owners = describeQuery(owner) else {
            return false
        }
        var content = TableContent(result: result, options: printOptions)
        content.title = "Sequence \"\(schema).\(name)\""
        content.footers = owners.rows.compactMap { row -> String? in
            guard case .some(let column) = row.first ?? nil else { return nil }
            let identity = row.count > 1 && row[1] == "i"
            return (identity ? "Sequence for identity column: " : "Owned by: ") + column
        }
        printDescribeTable(content, allowExpanded: false)
        return true
    }

    /// The `View definition:` footer's text: psql's query of
    /// pg_get_viewdef(oid, true); nil once the query failed (reported).
    private func viewDefinition(_ schema: String, _ name: String) -> String? {
        let qualified =
            "'"
            + (quoteIdentifier(schema) + "." + quoteIdentifier(name))
            .replacingOccurrences(of: "'", with: "''") + "'::pg_catalog.regclass"
        let sql = "SELECT pg_catalog.pg_get_viewdef(\(qualified)::pg_catalog.oid, true);"
        guard let result = describeQuery(sql),
            case .some(.some(let text)) = result.rows.first?.first
        else { return nil }
        return text
    }

    /// The `Number of partitions` footer of a partitioned relation.
    private static func partitionsFooter(_ count: Int) -> String {
        count > 0
            ? "Number of partitions: \(count) (Use \\d+ to list them.)"
            : "Number of partitions: 0"
    }

    /// The Column/Type/Collation/Nullable/Default table of a relation;
    /// `verbose` adds Storage, Compression, Stats target and Description.
    /// A view's `\\d+` has no Compression and Stats target columns.
    private func columnTable(
        _ columns: [ColumnSummary], title: String, verbose: Bool = false, isView: Bool = false
    ) -> TableContent {
        var headers = ["Column", "Type", "Collation", "Nullable", "Default"]
        if verbose {
            headers += isView ? ["Storage"] : ["Storage", "Compression", "Stats target"]
            headers.append("Description")
        }
        let rows = columns.map { c -> [String] in
            var row = [c.name, c.type, "", c.notNull ? "not null" : "", c.defaultText ?? ""]
            if verbose {
                row += (isView ? [c.storage] : [c.storage, "", ""]) + [c.description ?? ""]
            }
            return row
        }
        return TableContent(
            headers: headers, alignments: headers.map { _ in .left }, rows: rows, footers: [],
            title: title)
    }

    /// A table's columns and footers.
    private func tableDetails(_ table: TableDescription, verbose: Bool) -> TableContent {
        let kind = table.isPartitioned ? "Partitioned table" : "Table"
        var content = columnTable(
            table.columns, title: "\(kind) \"\(table.schema).\(table.name)\"", verbose: verbose)
        var footers: [String] = []
        if let parent = table.partitionOf, let bound = table.partitionBound {
            footers.append("Partition of: \(parent) \(bound)")
            if let constraint = table.partitionConstraint {
                footers.append("Partition constraint: \(constraint)")
            }
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
        if verbose && !table.partitions.isEmpty {
            for (i, line) in table.partitions.enumerated() {
                let prefix = i == 0 ? "Partitions: " : String(repeating: " ", count: 12)
                footers.append(prefix + line + (i < table.partitions.count - 1 ? "," : ""))
            }
        } else if table.isPartitioned {
            footers.append(PsqlShell.partitionsFooter(table.partitionCount))
        }
        if verbose && !table.isPartitioned { footers.append("Access method: heap") }
        content.footers = footers
        return content
    }

    /// An index's key columns and the line naming its kind and table.
    private func indexDetails(_ index: IndexSummary, verbose: Bool) -> TableContent {
        let kind = index.isPartitioned ? "Partitioned index" : "Index"
        var headers = ["Column", "Type", "Key?", "Definition"]
        if verbose { headers += ["Storage", "Stats target"] }
        let rows = index.columns.enumerated().map { i, column -> [String] in
            var row = [
                column.name, column.type, i < index.keyColumnCount ? "yes" : "no",
                column.definition,
            ]
            if verbose {
                row += [i < index.storage.count ? index.storage[i] : "", ""]
            }
            return row
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
