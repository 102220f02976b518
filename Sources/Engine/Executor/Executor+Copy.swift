// COPY (PostgreSQL's copy.c, copyfrom.c and copyto.c): COPY FROM reads
// records from the client (Session.copyInReader, fed by psql's lines up
// to `\.`) or a file, turns each field into its column's type, fills the
// columns left out with their defaults and inserts the rows; COPY TO runs
// the table's or query's SELECT through the planner hook and writes the
// rows in the format asked for. A distributed table's COPY FROM is the
// distribution layer's: it reads the rows with `readCopyRows` and routes
// them to the shards.
import Foundation
import SQLParser

extension Executor {
    /// COPY on a table of this node, or COPY (query) TO.
    func executeCopy(_ copy: CopyStatement) throws -> QueryResult {
        if copy.isFrom {
            let (table, rows) = try readCopyRows(copy)
            guard !rows.isEmpty else { return QueryResult(commandTag: "COPY 0") }
            let columns = table.liveColumns
            let insert = InsertStatement(
                table: QualifiedName([table.schema, table.name]),
                columns: columns.map { table.columns[$0].name }, source: .values([]))
            suppliedRows = SuppliedRows(rows: rows, types: columns.map { table.columns[$0].type })
            defer { suppliedRows = nil }
            // TODO(#6): the CONTEXT line naming the row that broke a
            // constraint.
            let result = try executeInsert(insert)
            let count = result.commandTag.split(separator: " ").last.map(String.init) ?? "0"
            return QueryResult(commandTag: "COPY \(count)")
        }
        return try writeCopy(copy)
    }

    /// COPY FROM's table and its rows, every live column filled (the
    /// columns COPY leaves out with their defaults), read from the client
    /// or the file, with PostgreSQL's errors and CONTEXT lines.
    package func readCopyRows(_ copy: CopyStatement) throws -> (TableDefinition, [Row]) {
        guard case .table(let name, let names) = copy.source else {
            throw SQLError(SQLState.syntaxError, "COPY (query) FROM is not valid")
        }
        let table = try copyTable(name, isFrom: true)
        let options = try CopyOptions(copy.options, isFrom: true)
        let targets = try copyColumns(names, of: table)
        if copy.whereClause != nil {
            // TODO(#6): COPY FROM .. WHERE.
            throw SQLError.notSupported("COPY FROM with WHERE is not supported yet")
        }
        let named = Set(targets.map { table.columns[$0].name })
        let forced = [("FORCE_NOT_NULL", options.forceNotNull), ("FORCE_NULL", options.forceNull)]
        for (option, list) in forced {
            for column in list where !named.contains(column) {
                throw SQLError(
                    SQLState.invalidColumnReference,
                    "\(option) column \"\(column)\" not referenced by COPY")
            }
        }
        if case .client = copy.endpoint { session.copyInStarted?(targets.count) }
        var reader = try copyReader(copy.endpoint, options)
        defer { reader.drain() }
        let defaults = try compileDefaults(table)
        let context = makeContext()
        let live = table.liveColumns
        var rows: [Row] = []
        if options.header, let header = try reader.next(table: table.name) {
            if options.headerMatch {
                try matchHeader(header, targets.map { table.columns[$0].name }, table.name)
            }
        }
        let forceNotNull = Set(options.forceNotNull)
        let forceNull = Set(options.forceNull)
        while let record = try reader.next(table: table.name) {
            let where_ = "COPY \(table.name), line \(record.line)"
            let quotedRaw = "\"\(record.raw)\""
            guard record.fields.count <= targets.count || targets.isEmpty else {
                throw SQLError(
                    SQLState.badCopyFileFormat, "extra data after last expected column",
                    context: "\(where_): \(quotedRaw)")
            }
            guard record.fields.count >= targets.count else {
                let missing = table.columns[targets[record.fields.count]].name
                throw SQLError(
                    SQLState.badCopyFileFormat, "missing data for column \"\(missing)\"",
                    context: "\(where_): \(quotedRaw)")
            }
            var row = Row(repeating: .null, count: table.columns.count)
            for column in live where !targets.contains(column) {
                if let expr = defaults[column] { row[column] = try expr.evaluate([], context) }
            }
            for (slot, column) in targets.enumerated() {
                let definition = table.columns[column]
                var field = record.fields[slot]
                if field == nil, forceNotNull.contains(definition.name) { field = "" }
                if field == options.null, forceNull.contains(definition.name) { field = nil }
                guard let text = field else { continue }
                do {
                    row[column] = try parseValue(
                        text, as: definition.type, context: context.evaluation)
                } catch var error as SQLError {
                    error.context = "\(where_), column \(definition.name): \"\(text)\""
                    throw error
                }
            }
            rows.append(live.map { row[$0] })
        }
        if case .client = copy.endpoint, let failure = session.copyInFailure {
            session.copyInFailure = nil
            throw SQLError(
                SQLState.queryCanceled, "COPY from stdin failed: \(failure)",
                context: "COPY \(table.name), line \(reader.lineNumber + 1)")
        }
        return (table, rows)
    }

    /// The table COPY names, with PostgreSQL's refusals of other relations.
    private func copyTable(_ name: QualifiedName, isFrom: Bool) throws -> TableDefinition {
        if let view = try lookupView(name) {
            throw SQLError(
                SQLState.wrongObjectType,
                isFrom
                    ? "cannot copy to view \"\(view.name)\""
                    : "cannot copy from view \"\(view.name)\"",
                hint: isFrom
                    ? "To enable copying to a view, provide an INSTEAD OF INSERT trigger."
                    : "Try the COPY (SELECT ...) TO variant.")
        }
        let table = try resolveTable(name, positioned: false)
        if !isFrom, table.isPartitioned {
            throw SQLError(
                SQLState.wrongObjectType, "cannot copy from partitioned table \"\(table.name)\"",
                hint: "Try the COPY (SELECT ...) TO variant.")
        }
        return table
    }

    /// The physical columns COPY's column list names (every live column
    /// when it names none).
    private func copyColumns(_ names: [String], of table: TableDefinition) throws -> [Int] {
        guard !names.isEmpty else { return table.liveColumns }
        var columns: [Int] = []
        for name in names {
            guard let column = table.columnIndex(name) else {
                throw SQLError(
                    SQLState.undefinedColumn,
                    "column \"\(name)\" of relation \"\(table.name)\" does not exist")
            }
            if columns.contains(column) {
                throw SQLError(
                    SQLState.duplicateColumn, "column \"\(name)\" specified more than once")
            }
            columns.append(column)
        }
        return columns
    }

    /// HEADER MATCH: the header's names must be the columns', in order.
    private func matchHeader(_ header: CopyRecord, _ names: [String], _ table: String) throws {
        let context = "COPY \(table), line \(header.line): \"\(header.raw)\""
        guard header.fields.count == names.count else {
            throw SQLError(
                SQLState.badCopyFileFormat,
                "wrong number of fields in header line: got \(header.fields.count), expected "
                    + "\(names.count)", context: context)
        }
        for (i, name) in names.enumerated() where header.fields[i] != name {
            let got = header.fields[i] ?? "null"
            throw SQLError(
                SQLState.badCopyFileFormat,
                "column name mismatch in header line field \(i + 1): got \"\(got)\", expected "
                    + "\"\(name)\"", context: context)
        }
    }

    /// A reader over the client's lines or the file's.
    private func copyReader(_ endpoint: CopyStatement.Endpoint, _ options: CopyOptions) throws
        -> CopyReader
    {
        switch endpoint {
        case .client:
            let reader = session.copyInReader ?? { nil }
            return CopyReader(options: options, nextLine: reader)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path),
                let text = String(data: data, encoding: .utf8)
            else {
                throw SQLError(
                    "58P01",
                    "could not open file \"\(path)\" for reading: No such file or directory",
                    hint: "COPY FROM instructs the PostgreSQL server process to read a file. "
                        + "You may want a client-side facility such as psql's \\copy.")
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last == "" { lines.removeLast() }
            var index = 0
            return CopyReader(options: options) {
                guard index < lines.count else { return nil }
                defer { index += 1 }
                return String(lines[index])
            }
        case .program:
            // TODO(#6): COPY .. PROGRAM.
            throw SQLError.notSupported("COPY with PROGRAM is not supported yet")
        }
    }

    // MARK: - COPY TO

    /// COPY TO: the rows of the table's columns or of the query, in the
    /// format asked for, to the client or a file.
    private func writeCopy(_ copy: CopyStatement) throws -> QueryResult {
        let options = try CopyOptions(copy.options, isFrom: false)
        let query: SelectStatement
        switch copy.source {
        case .table(let name, let names):
            let table = try copyTable(name, isFrom: false)
            let columns = try copyColumns(names, of: table)
            query = SelectStatement(
                body: .select(
                    SimpleSelect(
                        targets: columns.map {
                            ResultTarget(expr: Expr(.columnRef([table.columns[$0].name])))
                        },
                        from: [
                            .table(
                                QualifiedName([table.schema, table.name]), alias: nil,
                                only: true)
                        ])))
        case .query(let select):
            query = select
        }
        // The rows come through the planner hook, which reads distributed
        // tables' shards.
        let result = try execute(.select(query))
        let columns = result.columns ?? []
        for name in options.forceQuote where !columns.contains(where: { $0.name == name }) {
            throw SQLError(
                SQLState.invalidColumnReference,
                "FORCE_QUOTE column \"\(name)\" not referenced by COPY")
        }
        let writer = CopyWriter(options: options)
        var text = options.header ? writer.header(columns.map(\.name)) : ""
        let forceQuote = columns.map { options.forceQuote.contains($0.name) }
        for row in result.rows {
            let values = zip(row, columns).map { value, column -> String? in
                value.isNull ? nil : formatValue(value, type: column.type)
            }
            text += writer.line(values, forceQuote: forceQuote)
        }
        switch copy.endpoint {
        case .client:
            var copied = QueryResult(commandTag: "COPY \(result.rows.count)")
            copied.copyData = text
            copied.copyColumnCount = columns.count
            return copied
        case .file(let path):
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw SQLError(
                    "58P01",
                    "could not open file \"\(path)\" for writing: No such file or directory",
                    hint: "COPY TO instructs the PostgreSQL server process to write a file. "
                        + "You may want a client-side facility such as psql's \\copy.")
            }
            return QueryResult(commandTag: "COPY \(result.rows.count)")
        case .program:
            throw SQLError.notSupported("COPY with PROGRAM is not supported yet")
        }
    }
}
