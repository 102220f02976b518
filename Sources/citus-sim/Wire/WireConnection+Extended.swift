// The extended query protocol: Parse checks a statement and keeps it
// (named, or the unnamed one), Bind gives it parameter values as a
// portal, Describe reports parameter types and result columns, Execute
// runs the portal and sends up to a row limit (PortalSuspended when rows
// remain), Close forgets either, Sync ends the batch with ReadyForQuery
// and Flush sends what is buffered. After an error the messages up to
// Sync are skipped, as PostgreSQL skips them.
//
// A portal runs as its statement's text with each `$n` replaced by the
// bound value as a literal, cast to the parameter's type when the client
// or Parse named one: `select $1::int + $2` bound to 5 and 6 (int4) runs
// `select ('5'::integer)::int + ('6'::integer)`. Error positions are
// mapped back to the text the client sent.

import Engine
import SQLParser

/// A statement Parse kept.
struct WireStatement {
    /// The text as the client sent it.
    var text: String
    /// Each parameter's type OID; 0 where neither Parse nor the text's
    /// own casts named one.
    var parameterTypes: [Int32]
    /// Each `$n` in the text: its scalar offset, length and number.
    var placeholders: [(offset: Int, length: Int, number: Int)]
    /// True for a text without a statement.
    var isEmpty: Bool
}

/// A portal Bind made: the statement with its values, run on first
/// Describe or Execute.
final class WirePortal {
    let statement: WireStatement
    /// The text to run, values in place of the parameters.
    let sql: String
    /// Where each value went: offset in `sql`, its length, and the
    /// placeholder's offset and length in the statement's text.
    let shifts: [(at: Int, length: Int, original: Int, originalLength: Int)]
    /// Result column formats as Bind gave them.
    let resultFormats: [Int16]
    /// The statement's result once it ran.
    var result: QueryResult?
    /// Rows already sent by Execute.
    var sent = 0

    init(
        statement: WireStatement, sql: String,
        shifts: [(at: Int, length: Int, original: Int, originalLength: Int)],
        resultFormats: [Int16]
    ) {
        self.statement = statement
        self.sql = sql
        self.shifts = shifts
        self.resultFormats = resultFormats
    }

    /// A 1-based position in `sql` as a position in the statement's text.
    func originalPosition(_ position: Int) -> Int {
        let offset = position - 1
        var delta = 0
        for shift in shifts {
            if offset < shift.at { break }
            if offset < shift.at + shift.length { return shift.original + 1 }
            delta = shift.at + shift.length - (shift.original + shift.originalLength)
        }
        return offset - delta + 1
    }
}

/// The session's prepared statements and portals on the wire.
struct ExtendedState {
    var statements: [String: WireStatement] = [:]
    var portals: [String: WirePortal] = [:]
    /// An error happened: messages are skipped until Sync.
    var skipping = false
}

extension WireConnection {
    /// Handles a message of the extended protocol; false to end.
    func extendedMessage(_ type: UInt8, _ body: [UInt8], _ session: Session) throws -> Bool {
        switch type {
        case UInt8(ascii: "S"):
            extended.skipping = false
            // Portals end with the transaction that made them.
            if session.transactionStatus == .idle { extended.portals.removeAll() }
            reportParameters(session)
            sendReady(session)
            return true
        case UInt8(ascii: "H"):
            flush()
            return true
        case UInt8(ascii: "P"), UInt8(ascii: "B"), UInt8(ascii: "D"), UInt8(ascii: "E"),
            UInt8(ascii: "C"):
            if extended.skipping { return true }
        default:
            throw ProtocolViolation(message: "invalid frontend message type \(type)")
        }
        do {
            switch type {
            case UInt8(ascii: "P"): try parse(body)
            case UInt8(ascii: "B"): try bind(body)
            case UInt8(ascii: "D"): try describe(body, session)
            case UInt8(ascii: "E"): try execute(body, session)
            default: try close(body)
            }
        } catch let error as SQLError {
            sendError(error)
            extended.skipping = true
            if error.severity == .fatal || error.severity == .panic { return false }
        }
        return true
    }

    // MARK: - Parse

    private func parse(_ body: [UInt8]) throws {
        var reader = MessageReader(body)
        let name = try reader.cString()
        let text = try reader.cString()
        let count = Int(try reader.int16())
        var types: [Int32] = []
        for _ in 0..<max(count, 0) { types.append(try reader.int32()) }
        try reader.finish()
        if !name.isEmpty, extended.statements[name] != nil {
            throw SQLError("42P05", "prepared statement \"\(name)\" already exists")
        }
        var parser = Parser(text)
        let statements: [ParsedStatement]
        do {
            statements = try parser.parseStatements()
        } catch let error as ParseError {
            throw Self.sqlError(error)
        }
        guard statements.count <= 1 else {
            throw SQLError("42601", "cannot insert multiple commands into a prepared statement")
        }
        for oid in types where oid != 0 && TypeCatalog.info(oid) == nil {
            throw SQLError("42704", "type with OID \(oid) does not exist")
        }
        let placeholders = try Self.placeholders(in: text)
        let used = placeholders.map(\.number).max() ?? 0
        while types.count < used { types.append(0) }
        extended.statements[name] = WireStatement(
            text: text, parameterTypes: types, placeholders: placeholders,
            isEmpty: statements.isEmpty)
        out.message(UInt8(ascii: "1"))
    }

    /// A parser error as the ErrorResponse PostgreSQL sends (1-based
    /// position).
    static func sqlError(_ error: ParseError) -> SQLError {
        SQLError(
            error.sqlState, error.message, hint: error.hint,
            position: error.position >= 0 ? error.position + 1 : nil)
    }

    /// The `$n` tokens of `text`, in order.
    private static func placeholders(in text: String) throws
        -> [(offset: Int, length: Int, number: Int)]
    {
        var lexer = Lexer(text)
        var found: [(offset: Int, length: Int, number: Int)] = []
        do {
            while true {
                let token = try lexer.nextToken()
                if token.kind == .end { break }
                guard token.kind == .parameter else { continue }
                let digits = lexer.text(of: token).drop { $0 == "$" }
                guard let number = Int(digits), number >= 1, number <= 65535 else {
                    throw SQLError(
                        "42P02", "there is no parameter $\(digits)", position: token.location + 1)
                }
                found.append((token.location, token.end - token.location, number))
            }
        } catch let error as ParseError {
            throw sqlError(error)
        }
        return found
    }

    // MARK: - Bind

    private func bind(_ body: [UInt8]) throws {
        var reader = MessageReader(body)
        let portalName = try reader.cString()
        let statementName = try reader.cString()
        var formats: [Int16] = []
        for _ in 0..<max(Int(try reader.int16()), 0) { formats.append(try reader.int16()) }
        var values: [[UInt8]?] = []
        for _ in 0..<max(Int(try reader.int16()), 0) {
            let length = try reader.int32()
            values.append(length < 0 ? nil : try reader.bytes(Int(length)))
        }
        var resultFormats: [Int16] = []
        for _ in 0..<max(Int(try reader.int16()), 0) { resultFormats.append(try reader.int16()) }
        try reader.finish()

        guard let statement = extended.statements[statementName] else {
            throw SQLError(
                "26000",
                statementName.isEmpty
                    ? "unnamed prepared statement does not exist"
                    : "prepared statement \"\(statementName)\" does not exist")
        }
        let expected = statement.parameterTypes.count
        guard values.count == expected else {
            throw SQLError(
                "08P01",
                "bind message supplies \(values.count) parameters, but prepared statement \"\(statementName)\" requires \(expected)"
            )
        }
        guard formats.count <= 1 || formats.count == values.count else {
            throw SQLError(
                "08P01",
                "bind message has \(formats.count) parameter formats but \(values.count) parameters"
            )
        }
        if !portalName.isEmpty, extended.portals[portalName] != nil {
            throw SQLError("42P03", "cursor \"\(portalName)\" already exists")
        }
        var literals: [String] = []
        for (index, value) in values.enumerated() {
            literals.append(
                try Self.literal(
                    value, type: statement.parameterTypes[index],
                    binary: Self.format(formats, index) == 1, number: index + 1))
        }
        let (sql, shifts) = Self.substitute(statement, literals)
        extended.portals[portalName] = WirePortal(
            statement: statement, sql: sql, shifts: shifts, resultFormats: resultFormats)
        out.message(UInt8(ascii: "2"))
    }

    /// A bound value as SQL: a quoted literal (or NULL), cast to the
    /// parameter's type when it has one.
    static func literal(_ value: [UInt8]?, type: Int32, binary: Bool, number: Int) throws
        -> String
    {
        var literal = "NULL"
        if let value {
            let text: String
            if binary {
                guard let decoded = WireValues.text(fromBinary: value, type: type) else {
                    throw SQLError(
                        SQLState.invalidBinaryRepresentation,
                        "incorrect binary data format in bind parameter \(number)")
                }
                text = decoded
            } else {
                text = String(decoding: value, as: UTF8.self)
            }
            literal = "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        }
        guard type != 0 else { return literal }
        return "(" + literal + "::" + formatType(PGType(oid: type)) + ")"
    }

    /// The statement's text with `literals[n - 1]` in place of each `$n`.
    private static func substitute(_ statement: WireStatement, _ literals: [String])
        -> (String, [(at: Int, length: Int, original: Int, originalLength: Int)])
    {
        let scalars = Array(statement.text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var shifts: [(at: Int, length: Int, original: Int, originalLength: Int)] = []
        var copied = 0
        var written = 0
        for placeholder in statement.placeholders {
            let before = scalars[copied..<placeholder.offset]
            out.append(contentsOf: before)
            written += before.count
            let replacement = literals[placeholder.number - 1].unicodeScalars
            shifts.append((written, replacement.count, placeholder.offset, placeholder.length))
            out.append(contentsOf: replacement)
            written += replacement.count
            copied = placeholder.offset + placeholder.length
        }
        out.append(contentsOf: scalars[copied...])
        return (String(out), shifts)
    }

    // MARK: - Describe, Execute, Close

    private func describe(_ body: [UInt8], _ session: Session) throws {
        var reader = MessageReader(body)
        let kind = try reader.int8()
        let name = try reader.cString()
        try reader.finish()
        switch kind {
        case UInt8(ascii: "S"):
            guard let statement = extended.statements[name] else {
                throw SQLError(
                    "26000",
                    name.isEmpty
                        ? "unnamed prepared statement does not exist"
                        : "prepared statement \"\(name)\" does not exist")
            }
            try describeStatement(statement, session)
        case UInt8(ascii: "P"):
            let portal = try self.portal(name)
            try run(portal, session)
            guard let columns = portal.result?.columns else {
                out.message(UInt8(ascii: "n"))
                return
            }
            try Self.checkFormats(columns, portal.resultFormats)
            sendRowDescription(columns, formats: portal.resultFormats)
        default:
            throw ProtocolViolation(message: "invalid DESCRIBE message subtype \(kind)")
        }
    }

    /// ParameterDescription, then RowDescription or NoData.
    private func describeStatement(_ statement: WireStatement, _ session: Session) throws {
        out.message(UInt8(ascii: "t")) { m in
            m.int16(Int16(truncatingIfNeeded: statement.parameterTypes.count))
            // TODO(#7): infer an unspecified parameter's type from its
            // place in the statement, as PostgreSQL's parse analysis does;
            // it is reported as text.
            for type in statement.parameterTypes { m.int32(type == 0 ? 25 : type) }
        }
        let nulls = statement.parameterTypes.enumerated().map { index, type in
            (try? Self.literal(nil, type: type, binary: false, number: index + 1)) ?? "NULL"
        }
        let (probe, _) = Self.substitute(statement, nulls)
        guard !statement.isEmpty, session.transactionStatus != .failed,
            let columns = try session.describeColumns(probe)
        else {
            out.message(UInt8(ascii: "n"))
            return
        }
        sendRowDescription(columns, formats: [])
    }

    /// Fails for a binary result column whose type has no binary form.
    private static func checkFormats(_ columns: [ColumnDescription], _ formats: [Int16]) throws {
        for (index, column) in columns.enumerated()
        where format(formats, index) == 1 && !WireValues.hasBinary(column.type) {
            throw SQLError(
                "42883",
                "no binary output function available for type \(formatType(column.type.withoutModifier))"
            )
        }
    }

    private func portal(_ name: String) throws -> WirePortal {
        guard let portal = extended.portals[name] else {
            throw SQLError("34000", "portal \"\(name)\" does not exist")
        }
        return portal
    }

    /// Runs the portal's statement once, keeping its result.
    private func run(_ portal: WirePortal, _ session: Session) throws {
        guard portal.result == nil, !portal.statement.isEmpty else { return }
        let copy = beginCopyIn(session)
        defer { endCopyIn(session) }
        var result: QueryResult?
        var failure: SQLError?
        session.run(portal.sql) { event in
            switch event {
            case .notice(let notice): sendError(notice, notice: true)
            case .result(let r):
                finishCopyIn(copy)
                result = r
            case .error(let e):
                finishCopyIn(copy)
                failure = e
            }
        }
        if copy.lost { throw ProtocolViolation(message: "connection lost during COPY") }
        if var failure {
            failure.position = failure.position.map(portal.originalPosition)
            throw failure
        }
        portal.result = result ?? QueryResult(commandTag: "")
    }

    private func execute(_ body: [UInt8], _ session: Session) throws {
        var reader = MessageReader(body)
        let name = try reader.cString()
        let limit = Int(try reader.int32())
        try reader.finish()
        let portal = try self.portal(name)
        guard !portal.statement.isEmpty else {
            out.message(UInt8(ascii: "I"))
            return
        }
        try run(portal, session)
        guard let result = portal.result else { return }
        guard let columns = result.columns else {
            sendCommandComplete(result)
            return
        }
        try Self.checkFormats(columns, portal.resultFormats)
        let start = portal.sent
        let end = limit > 0 ? min(result.rows.count, start + limit) : result.rows.count
        sendDataRows(result, rows: start..<end, formats: portal.resultFormats)
        portal.sent = end
        if end < result.rows.count {
            out.message(UInt8(ascii: "s"))
            return
        }
        var done = result
        // A SELECT's tag counts the rows this Execute sent.
        if done.commandTag.hasPrefix("SELECT ") { done.commandTag = "SELECT \(end - start)" }
        sendCommandComplete(done)
    }

    private func close(_ body: [UInt8]) throws {
        var reader = MessageReader(body)
        let kind = try reader.int8()
        let name = try reader.cString()
        try reader.finish()
        switch kind {
        case UInt8(ascii: "S"): extended.statements[name] = nil
        case UInt8(ascii: "P"): extended.portals[name] = nil
        default: throw ProtocolViolation(message: "invalid CLOSE message subtype \(kind)")
        }
        out.message(UInt8(ascii: "3"))
    }
}
