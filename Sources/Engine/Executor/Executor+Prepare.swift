// PREPARE, EXECUTE and DEALLOCATE (PostgreSQL's prepare.c): a session
// keeps named statements with their parameter types, and EXECUTE runs one
// with its arguments. A parameter without a declared type takes the type
// its place in the statement gives it, as an untyped literal would: the
// argument's value goes in as such a literal (`EXECUTE p(5)` runs `name =
// '5'` for `name = $1` on a text column, as PostgreSQL, having inferred
// text for $1, coerces 5 to text). A declared type casts it (`'5'::int4`).
import SQLParser

/// A statement PREPARE named for its session.
package struct PreparedStatement {
    /// The statement's text, with its `$n` parameters.
    var text: String
    /// Each parameter's declared type; nil where none was declared.
    var parameterTypes: [PGType?]
}

extension Executor {
    /// PREPARE: checks the statement as the query it would run and keeps
    /// it under its name.
    func executePrepare(_ prepare: PrepareStatement) throws -> QueryResult {
        guard session.preparedStatements[prepare.name] == nil else {
            throw SQLError(
                SQLState.duplicatePreparedStatement,
                "prepared statement \"\(prepare.name)\" already exists")
        }
        var declared: [PGType?] = []
        for name in prepare.parameterTypes { declared.append(try resolveType(name)) }
        let scalars = Array(text.unicodeScalars)
        let start = max(0, prepare.statementStart - textOffset)
        let end = min(scalars.count, max(start, prepare.statementEnd - textOffset))
        var statementText = String(String.UnicodeScalarView(scalars[start..<end]))
        while statementText.last?.isWhitespace == true { statementText.removeLast() }
        let used = try Self.parameterNumbers(in: statementText)
        let count = max(declared.count, used.max() ?? 0)
        let types = (0..<count).map { $0 < declared.count ? declared[$0] : nil }
        // Planning it with NULLs for the parameters reports what the
        // statement gets wrong now, at the place it gets it wrong.
        if case .select = prepare.statement {
            let (probe, shifts) = try Self.substitute(
                statementText, values: types.map { type in
                    "NULL" + (type.map { "::" + formatType($0) } ?? "")
                })
            do {
                _ = try Executor(session: session, text: probe).describe(probe)
            } catch var error as SQLError {
                error.position = error.position.map { position in
                    var original = position - 1
                    for (at, delta) in shifts where at < position - 1 { original -= delta }
                    return original + start + 1 + textOffset
                }
                throw error
            }
        }
        session.preparedStatements[prepare.name] = PreparedStatement(
            text: statementText, parameterTypes: types)
        return QueryResult(commandTag: "PREPARE")
    }

    /// EXECUTE: the prepared statement run with the arguments' values.
    func executeExecute(name: String, arguments: [Expr]) throws -> QueryResult {
        guard let prepared = session.preparedStatements[name] else {
            throw SQLError(
                SQLState.invalidSQLStatementName, "prepared statement \"\(name)\" does not exist")
        }
        let count = prepared.parameterTypes.count
        guard arguments.count == count else {
            throw SQLError(
                SQLState.syntaxError,
                "wrong number of parameters for prepared statement \"\(name)\"",
                detail: "Expected \(count) parameters but got \(arguments.count).")
        }
        var literals: [String] = []
        for (argument, declared) in zip(arguments, prepared.parameterTypes) {
            let value: Value
            let type: PGType
            if let declared {
                value = try evaluate(argument, assigningTo: declared, column: "$")
                type = declared
            } else {
                (value, type) = try evaluate(argument)
            }
            var literal = value.isNull ? "NULL" : quoteLiteral(formatValue(value, type: type))
            if let declared { literal += "::" + formatType(declared) }
            literals.append(literal)
        }
        let (sql, _) = try Self.substitute(prepared.text, values: literals)
        do {
            return try session.executeInternal(sql)
        } catch var error as SQLError {
            // The text that failed is not the one the client sent.
            error.position = nil
            throw error
        }
    }

    /// DEALLOCATE: forgets one prepared statement, or all of them.
    func executeDeallocate(_ name: String?) throws -> QueryResult {
        guard let name else {
            session.preparedStatements.removeAll()
            return QueryResult(commandTag: "DEALLOCATE ALL")
        }
        guard session.preparedStatements.removeValue(forKey: name) != nil else {
            throw SQLError(
                SQLState.invalidSQLStatementName, "prepared statement \"\(name)\" does not exist")
        }
        return QueryResult(commandTag: "DEALLOCATE")
    }

    /// The output columns of the one query `sql` holds, planned here.
    private func describe(_ sql: String) throws -> [ColumnDescription] {
        var parser = Parser(sql)
        let statements: [ParsedStatement]
        do {
            statements = try parser.parseStatements()
        } catch let error as ParseError {
            throw session.sqlError(from: error)
        }
        guard statements.count == 1, case .select(let query) = statements[0].statement else {
            return []
        }
        return try describeLocally(query)
    }

    /// The numbers of the `$n` parameters `sql` uses.
    private static func parameterNumbers(in sql: String) throws -> [Int] {
        var lexer = Lexer(sql)
        var numbers: [Int] = []
        while true {
            let token = try lexer.nextToken()
            if token.kind == .end { break }
            if token.kind == .parameter, let n = Int(lexer.text(of: token)) { numbers.append(n) }
        }
        return numbers
    }

    /// `sql` with each `$n` replaced by `values[n - 1]`, and where each
    /// replacement changed the length (the scalar offset in the result
    /// and the change), to map positions back.
    private static func substitute(_ sql: String, values: [String]) throws
        -> (String, [(at: Int, delta: Int)])
    {
        var lexer = Lexer(sql)
        let scalars = Array(sql.unicodeScalars)
        var out = String.UnicodeScalarView()
        var shifts: [(at: Int, delta: Int)] = []
        var copied = 0
        while true {
            let token = try lexer.nextToken()
            if token.kind == .end { break }
            guard token.kind == .parameter, let n = Int(lexer.text(of: token)),
                n >= 1, n <= values.count
            else { continue }
            out.append(contentsOf: scalars[copied..<token.location])
            let replacement = values[n - 1]
            let delta = replacement.unicodeScalars.count - (token.end - token.location)
            shifts.append((out.count, delta))
            out.append(contentsOf: replacement.unicodeScalars)
            copied = token.end
        }
        out.append(contentsOf: scalars[copied...])
        return (String(out), shifts)
    }
}
