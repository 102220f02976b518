// The simple query protocol (Query): the session runs the string and each
// of its events becomes backend messages as it happens: NoticeResponse,
// RowDescription and DataRows with CommandComplete, COPY's sub-protocol,
// ErrorResponse; then the ParameterStatus of changed settings and
// ReadyForQuery.

import Engine

extension WireConnection {
    /// Runs a Query message's string; false when the connection must end
    /// (a FATAL error, or the client gone during COPY).
    func simpleQuery(_ sql: String, _ session: Session) -> Bool {
        var answered = false
        var fatal = false
        let copy = beginCopyIn(session)
        defer { endCopyIn(session) }
        session.run(sql) { event in
            switch event {
            case .notice(let notice):
                sendError(notice, notice: true)
            case .error(let error):
                answered = true
                finishCopyIn(copy)
                sendError(error)
                fatal = fatal || error.severity == .fatal || error.severity == .panic
            case .result(let result):
                answered = true
                finishCopyIn(copy)
                if let columns = result.columns {
                    sendRowDescription(columns, formats: [])
                    sendDataRows(result, rows: result.rows.indices, formats: [])
                }
                sendCommandComplete(result)
            }
            if out.bytes.count > 65536 { flush() }
        }
        if !answered { out.message(UInt8(ascii: "I")) }
        if fatal || copy.lost { return false }
        reportParameters(session)
        sendReady(session)
        return true
    }

    /// RowDescription: each column's name, type OID, typlen, typmod and
    /// format (`formats` as Bind gives them: none for text, one for all).
    func sendRowDescription(_ columns: [ColumnDescription], formats: [Int16]) {
        out.message(UInt8(ascii: "T")) { m in
            m.int16(Int16(truncatingIfNeeded: columns.count))
            for (index, column) in columns.enumerated() {
                m.cString(column.name)
                // TODO(#7): the table OID and column number of a column
                // read straight from a table.
                m.int32(0)
                m.int16(0)
                m.int32(column.type.oid)
                m.int16(TypeCatalog.info(column.type.oid)?.length ?? -1)
                m.int32(column.type.typmod)
                m.int16(Self.format(formats, index))
            }
        }
    }

    /// The format code of column or parameter `index` in a Bind list.
    static func format(_ formats: [Int16], _ index: Int) -> Int16 {
        formats.count == 1 ? formats[0] : index < formats.count ? formats[index] : 0
    }

    /// One DataRow per row in `rows`, each value in its column's format.
    func sendDataRows(_ result: QueryResult, rows: Range<Int>, formats: [Int16]) {
        result.printing { sendDataRows(of: result, rows: rows, formats: formats) }
    }

    private func sendDataRows(of result: QueryResult, rows: Range<Int>, formats: [Int16]) {
        let columns = result.columns ?? []
        for index in rows {
            let row = result.rows[index]
            out.message(UInt8(ascii: "D")) { m in
                m.int16(Int16(truncatingIfNeeded: columns.count))
                for (slot, column) in columns.enumerated() {
                    let value = slot < row.count ? row[slot] : .null
                    guard !value.isNull else {
                        m.int32(-1)
                        continue
                    }
                    let bytes =
                        Self.format(formats, slot) == 1
                        ? WireValues.binary(value, type: column.type)
                        : Array(formatValue(value, type: column.type).utf8)
                    m.int32(Int32(bytes.count))
                    m.append(bytes)
                }
            }
            if out.bytes.count > 65536 { flush() }
        }
    }

    /// CommandComplete, after COPY TO STDOUT's data when the statement
    /// wrote some.
    func sendCommandComplete(_ result: QueryResult) {
        if let data = result.copyData {
            out.message(UInt8(ascii: "H")) { m in
                m.int8(0)
                m.int16(Int16(truncatingIfNeeded: result.copyColumnCount))
                for _ in 0..<result.copyColumnCount { m.int16(0) }
            }
            // One CopyData per line, as PostgreSQL sends a row per message.
            var line: [UInt8] = []
            for byte in data.utf8 {
                line.append(byte)
                guard byte == 10 else { continue }
                out.message(UInt8(ascii: "d")) { $0.append(line) }
                line.removeAll(keepingCapacity: true)
                if out.bytes.count > 65536 { flush() }
            }
            if !line.isEmpty { out.message(UInt8(ascii: "d")) { $0.append(line) } }
            out.message(UInt8(ascii: "c"))
        }
        out.message(UInt8(ascii: "C")) { $0.cString(result.commandTag) }
    }
}
