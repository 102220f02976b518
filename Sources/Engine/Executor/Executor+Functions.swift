// User-defined routines: CREATE [OR REPLACE] FUNCTION / PROCEDURE (stored
// as UserFunctionDefinition, bodies validated by their language), DROP
// FUNCTION by signature, calls of LANGUAGE sql functions (the body's
// statements run with the arguments as $n and by name; the last
// statement's first row is the result), PL/pgSQL calls through the
// ProceduralLanguage handler, DO blocks and CALL.
import SQLParser

/// A SQL function's arguments as `$n` and by parameter name.
private final class FunctionArguments: ParameterScope {
    let function: UserFunctionDefinition
    let values: [Value]
    /// Indexes of the IN parameters (those that receive arguments).
    let inputs: [Int]

    init(function: UserFunctionDefinition, values: [Value]) {
        self.function = function
        self.values = values
        inputs = function.parameters.indices.filter { function.parameters[$0].mode != .out }
    }

    func resolveVariable(_ parts: [String]) -> (slot: Int, type: PGType)? {
        guard let name = parts.last else { return nil }
        if parts.count == 2 && parts[0] != function.name { return nil }
        if parts.count > 2 { return nil }
        for (slot, index) in inputs.enumerated() where function.parameters[index].name == name {
            return (slot, function.parameterTypes[index])
        }
        return nil
    }

    func resolvePositional(_ number: Int) -> (slot: Int, type: PGType)? {
        guard number >= 1, number <= inputs.count else { return nil }
        return (number - 1, function.parameterTypes[inputs[number - 1]])
    }

    func value(ofSlot slot: Int) -> Value {
        slot >= 0 && slot < values.count ? values[slot] : .null
    }
}

extension Executor {
    /// `f(integer, text)`, as PostgreSQL's errors name a function.
    func functionSignature(_ f: UserFunctionDefinition) -> String {
        let types = zip(f.parameters, f.parameterTypes).filter { $0.0.mode != .out }.map {
            formatType($0.1)
        }
        return "\(f.name)(\(types.joined(separator: ", ")))"
    }

    /// `f(integer,integer)`, as the HINTs of CREATE OR REPLACE name the
    /// function to drop (format_procedure, no space after the commas).
    private func dropSignature(_ f: UserFunctionDefinition) -> String {
        let types = zip(f.parameters, f.parameterTypes).filter { $0.0.mode != .out }.map {
            formatType($0.1)
        }
        return "\(f.name)(\(types.joined(separator: ",")))"
    }

    func executeCreateFunction(_ create: CreateFunctionStatement) throws -> QueryResult {
        let schema = try schemaFor(create.name)
        let language = create.language.lowercased()
        guard language == "sql" || language == "c" || session.engine.languages[language] != nil
        else {
            throw SQLError(
                SQLState.undefinedObject, "language \"\(create.language)\" does not exist")
        }
        // interpret_function_parameter_list names a missing argument type
        // without quotes or position; the result type has no position.
        let types = try create.parameters.map { p -> PGType in
            do {
                return try resolveType(p.type)
            } catch var error as SQLError where error.sqlState == SQLState.undefinedObject {
                error.message = "type \(p.type.names.joined(separator: ".")) does not exist"
                error.position = nil
                throw error
            }
        }
        func resultType(_ t: TypeName) throws -> PGType {
            do {
                return try resolveType(t)
            } catch var error as SQLError {
                error.position = nil
                throw error
            }
        }
        var returnType = PGType.void
        var returnsSet = false
        var resultColumns: [(name: String, type: PGType)] = []
        let outs = zip(create.parameters, types).filter { $0.0.mode == .out || $0.0.mode == .inOut }
        switch create.returns {
        case .type(let t):
            returnType = try resultType(t)
            returnsSet = t.isSetOf
            if returnType == .record, outs.count > 1 {
                resultColumns = outs.map { (name: $0.0.name ?? "", type: $0.1) }
            }
        case .table(let columns):
            returnsSet = true
            returnType = .record
            resultColumns = try columns.map {
                (name: $0.name ?? "", type: try resolveType($0.type))
            }
        case .none:
            if create.isProcedure {
                returnType = .void
            } else if outs.count == 1, let only = outs.first {
                returnType = only.1
            } else if outs.count > 1 {
                returnType = .record
                resultColumns = outs.map { (name: $0.0.name ?? "", type: $0.1) }
            } else {
                throw SQLError(
                    SQLState.invalidFunctionDefinition, "function result type must be specified")
            }
        }
        let options = create.options.map { $0.uppercased() }
        let volatility: Volatility =
            options.contains("IMMUTABLE")
            ? .immutable : options.contains("STABLE") ? .stable : .volatile
        let strict = options.contains("STRICT") || options.contains("RETURNS NULL ON NULL INPUT")
        var definition = UserFunctionDefinition(
            schema: schema, name: create.name.name, parameters: create.parameters,
            parameterTypes: types,
            returnType: returnType, returnsSet: returnsSet, resultColumns: resultColumns,
            language: language, body: create.body, isStrict: strict, volatility: volatility,
            isProcedure: create.isProcedure)
        if language == "c" {
            let symbol = create.linkSymbol ?? create.name.name
            definition.library = try nativeLibraryName(file: create.body, symbol: symbol)
            definition.body = symbol
        }
        let key = "\(schema).\(create.name.name)"
        let signature = inputTypes(definition)
        let existing = catalog.functions[key]?.firstIndex { inputTypes($0) == signature }
        if let existing, let old = catalog.functions[key]?[existing] {
            let kind = create.isProcedure ? "procedure" : "function"
            guard create.orReplace else {
                throw SQLError(
                    SQLState.duplicateFunction,
                    "\(kind) \"\(create.name.name)\" already exists with same argument types")
            }
            let hint = "Use DROP \(kind.uppercased()) \(dropSignature(old)) first."
            if old.returnType != returnType || old.returnsSet != returnsSet {
                throw SQLError(
                    SQLState.invalidFunctionDefinition,
                    "cannot change return type of existing function", hint: hint)
            }
            let oldInputs = old.parameters.filter { $0.mode != .out }
            let newInputs = create.parameters.filter { $0.mode != .out }
            for (was, now) in zip(oldInputs, newInputs) {
                if let name = was.name, !name.isEmpty, now.name != name {
                    throw SQLError(
                        SQLState.invalidFunctionDefinition,
                        "cannot change name of input parameter \"\(name)\"", hint: hint)
                }
            }
        }
        try validateBody(definition, bodyLocation: create.bodyLocation)
        session.updateCatalog { catalog in
            if let existing {
                catalog.functions[key]?[existing] = definition
            } else {
                catalog.functions[key, default: []].append(definition)
            }
            catalog.bumpVersion()
        }
        return QueryResult(commandTag: create.isProcedure ? "CREATE PROCEDURE" : "CREATE FUNCTION")
    }

    func inputTypes(_ f: UserFunctionDefinition) -> [PGType] {
        zip(f.parameters, f.parameterTypes).filter { $0.0.mode != .out }.map {
            $0.1.withoutModifier
        }
    }

    /// check_function_bodies: a SQL body must parse, and its queries must
    /// analyse (names and types resolve) with the parameters in scope.
    /// Errors point into the CREATE statement. Only analysis errors
    /// (class 42) count: the body is not run, so a division by zero that
    /// constant folding meets waits for the call, as in PostgreSQL.
    private func validateBody(_ f: UserFunctionDefinition, bodyLocation: Int) throws {
        if f.language == "sql" {
            var parser = Parser(f.body)
            let statements: [ParsedStatement]
            do {
                statements = try parser.parseStatements()
            } catch let error as ParseError {
                var e = session.sqlError(from: error)
                if bodyLocation >= 0, error.position >= 0 {
                    e.position = bodyLocation + error.position + 1
                }
                throw e
            }
            guard session.settings.value("check_function_bodies") != "off" else { return }
            let scope = FunctionArguments(function: f, values: [])
            for parsed in statements {
                guard case .select(let query) = parsed.statement else { continue }
                let executor = Executor(session: session, text: f.body, parameters: scope)
                do {
                    _ = try executor.planQuery(query, outer: nil)
                } catch var error as SQLError where error.sqlState.hasPrefix("42") {
                    if let p = error.position {
                        error.position = bodyLocation >= 0 ? bodyLocation + p : nil
                    }
                    throw error
                } catch is SQLError {
                    continue
                }
            }
            return
        }
        try session.engine.languages[f.language]?.validate(f, bodyLocation: bodyLocation)
    }

    /// Calls a user function with evaluated arguments.
    func invokeFunction(_ f: UserFunctionDefinition, arguments: [Value]) throws -> Value {
        if f.isStrict && arguments.contains(where: \.isNull) { return .null }
        session.routineDepth += 1
        defer { session.routineDepth -= 1 }
        if session.routineDepth > 200 {
            throw SQLError(
                SQLState.statementTooComplex, "stack depth limit exceeded",
                hint:
                    "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate."
            )
        }
        if f.language == "sql" { return try runSQLFunction(f, arguments: arguments) }
        if f.language == "c" {
            if let name = f.library { session.loadLibrary(name) }
            let library = f.library.flatMap { session.engine.libraries[$0] }
            if f.returnsSet, library?.setFunction(f.body) != nil {
                // TODO(#6): set-returning C functions outside FROM.
                throw SQLError.notSupported(
                    "set-returning function \(f.name) is only supported in FROM yet")
            }
            guard let library, let native = library.function(f.body) else {
                throw SQLError(
                    SQLState.undefinedFunction,
                    "could not find function \"\(f.body)\" in file \"\(f.library ?? "")\"")
            }
            return try native(NativeCall(session: session, function: f, arguments: arguments))
        }
        guard let language = session.engine.languages[f.language] else {
            throw SQLError(SQLState.undefinedObject, "language \"\(f.language)\" does not exist")
        }
        return try language.call(
            f, arguments: arguments, spi: SessionSPI(session: session, atomic: true))
    }

    private func runSQLFunction(_ f: UserFunctionDefinition, arguments: [Value]) throws -> Value {
        var parser = Parser(f.body)
        let statements = try parser.parseStatements()
        let scope = FunctionArguments(function: f, values: arguments)
        var last: QueryResult?
        for parsed in statements {
            let executor = Executor(session: session, text: f.body, parameters: scope)
            last = try executor.execute(parsed.statement)
        }
        if f.returnType == .void { return .void }
        guard let result = last, let columns = result.columns, let first = result.rows.first,
            let value = first.first
        else {
            return .null
        }
        let type = columns[0].type
        if type == f.returnType || value.isNull { return value }
        return try castValue(value, from: type, to: f.returnType)
    }

    func executeDo(body: String, language: String, bodyLocation: Int) throws -> QueryResult {
        guard let handler = session.engine.languages[language] else {
            if ["sql", "c", "internal"].contains(language) {
                throw SQLError.notSupported(
                    "language \"\(language)\" does not support inline code execution")
            }
            throw SQLError(SQLState.undefinedObject, "language \"\(language)\" does not exist")
        }
        let atomic = session.transaction?.isBlock == true || session.routineDepth > 0
        session.routineDepth += 1
        defer { session.routineDepth -= 1 }
        try handler.runInline(
            body: body, bodyLocation: bodyLocation,
            spi: SessionSPI(session: session, atomic: atomic),
            atomic: atomic)
        return QueryResult(commandTag: "DO")
    }

    func executeCall(_ call: FunctionCall) throws -> QueryResult {
        let candidates = userFunctions(named: call.name).filter(\.isProcedure)
        let analyser = analyzer(nil)
        let compiled = try call.arguments.map { try analyser.compile($0.value) }
        guard let procedure = candidates.first(where: { inputTypes($0).count == compiled.count })
        else {
            let types = compiled.map { formatType($0.type) }.joined(separator: ", ")
            throw SQLError(
                SQLState.undefinedFunction,
                "procedure \(call.name.parts.joined(separator: "."))(\(types)) does not exist",
                hint:
                    "No procedure matches the given name and argument types. You might need to add explicit type casts.",
                position: call.name.location >= 0 ? call.name.location + 1 : nil)
        }
        let ctx = makeContext()
        let targets = inputTypes(procedure)
        let values = try zip(compiled, targets).map { c, target -> Value in
            let v = try c.evaluate([], ctx)
            return v.isNull || c.type == target ? v : try castValue(v, from: c.type, to: target)
        }
        if procedure.language == "sql" {
            _ = try invokeFunction(procedure, arguments: values)
            return QueryResult(commandTag: "CALL")
        }
        guard let language = session.engine.languages[procedure.language] else {
            throw SQLError(
                SQLState.undefinedObject, "language \"\(procedure.language)\" does not exist")
        }
        let atomic = session.transaction?.isBlock == true || session.routineDepth > 0
        session.routineDepth += 1
        defer { session.routineDepth -= 1 }
        _ = try language.call(
            procedure, arguments: values, spi: SessionSPI(session: session, atomic: atomic))
        return QueryResult(commandTag: "CALL")
    }

    /// PL/pgSQL's simple expressions: `SELECT expr` with nothing else,
    /// compiled once; nil for anything that needs the full executor.
    func prepareSimpleExpression(_ query: SelectStatement) throws -> CompiledExpr? {
        guard query.with == nil, query.orderBy.isEmpty, query.limit == nil, query.offset == nil,
            case .select(let s) = query.body, s.from.isEmpty, s.whereClause == nil,
            s.groupBy.isEmpty, s.having == nil, s.into == nil, s.targets.count == 1,
            case .none = s.distinct, let target = s.targets.first
        else { return nil }
        if case .star = target.expr.kind { return nil }
        if Analyzer.containsAggregate(target.expr) { return nil }
        return try analyzer(nil).compile(target.expr)
    }

    /// A table-free SELECT (`SELECT pg_sleep(random())`, PERFORM's query)
    /// compiled to its one row's expressions, when it reads only built-in
    /// functions and the statement's parameters: no FROM, subquery, user
    /// function, aggregate, window, set-returning call or clause beyond
    /// the select list. Nil when it is not such a query or compiling it
    /// fails (the full planner then raises the error as it would).
    func prepareSimpleSelect(_ query: SelectStatement) -> SimpleSelectPlan? {
        guard query.with == nil, query.orderBy.isEmpty, query.limit == nil, query.offset == nil,
            query.locking.isEmpty, case .select(let s) = query.body, s.from.isEmpty,
            s.whereClause == nil, s.groupBy.isEmpty, s.having == nil, s.into == nil,
            s.namedWindows.isEmpty, case .none = s.distinct, !s.targets.isEmpty
        else { return nil }
        let hits = environmentHits
        var columns: [(name: String, type: PGType)] = []
        var exprs: [CompiledExpr] = []
        for target in s.targets {
            if case .star = target.expr.kind { return nil }
            guard Self.isPlainExpression(target.expr),
                let compiled = try? analyzer(nil).compile(target.expr),
                compiled.type != .unknown
            else { return nil }
            columns.append((target.alias ?? Analyzer.outputName(for: target.expr), compiled.type))
            exprs.append(compiled)
        }
        guard environmentHits == hits else { return nil }
        return SimpleSelectPlan(columns: columns, exprs: exprs)
    }

    /// True when `e` has no subquery, aggregate or window call, nor `*`.
    private static func isPlainExpression(_ e: Expr) -> Bool {
        var plain = true
        ExprWalker.visit(e) { node in
            switch node.kind {
            case .subquery, .exists, .arraySubquery, .inSubquery, .quantifiedSubquery, .star:
                plain = false
            case .function(let call) where call.over != nil || Analyzer.isAggregateName(call.name):
                plain = false
            default: break
            }
            return plain
        }
        return plain
    }

    func dropFunctions(_ drop: DropStatement) throws -> QueryResult {
        let kind = drop.kind == .procedure ? "procedure" : "function"
        var victims: [(key: String, index: Int)] = []
        for (i, name) in drop.names.enumerated() {
            if let schema = name.schema, !catalog.schemas.contains(schema) {
                guard drop.ifExists else {
                    throw SQLError(
                        SQLState.invalidSchemaName, "schema \"\(schema)\" does not exist")
                }
                session.report(.notice("schema \"\(schema)\" does not exist, skipping"))
                continue
            }
            let arguments = i < drop.functionArguments.count ? drop.functionArguments[i] : nil
            let schemas = name.schema.map { [$0] } ?? session.searchPathSchemas(catalog)
            var matches: [(key: String, index: Int, function: UserFunctionDefinition)] = []
            let wanted = try arguments.map { list in
                try list.filter { $0.mode != .out }.map {
                    try resolveTypeName($0.type).withoutModifier
                }
            }
            for schema in schemas {
                let key = "\(schema).\(name.name)"
                for (index, f) in (catalog.functions[key] ?? []).enumerated() {
                    if let wanted, inputTypes(f) != wanted { continue }
                    matches.append((key, index, f))
                }
                if !matches.isEmpty { break }
            }
            if matches.count > 1 {
                throw SQLError(
                    SQLState.ambiguousFunction, "\(kind) name \"\(name.name)\" is not unique",
                    hint: "Specify the argument list to select the \(kind) unambiguously.")
            }
            guard let match = matches.first else {
                let written = (arguments ?? []).filter { $0.mode != .out }.map { p in
                    p.type.names.joined(separator: ".")
                        + String(repeating: "[]", count: p.type.arrayDimensions)
                }
                if drop.ifExists {
                    session.report(
                        .notice(
                            "\(kind) \(name.parts.joined(separator: "."))(\(written.joined(separator: ","))) does not exist, skipping"
                        ))
                    continue
                }
                if let wanted {
                    let shown = wanted.map(formatType).joined(separator: ", ")
                    throw SQLError(
                        SQLState.undefinedFunction,
                        "\(kind) \(name.parts.joined(separator: "."))(\(shown)) does not exist")
                }
                throw SQLError(
                    SQLState.undefinedFunction, "could not find a \(kind) named \"\(name.name)\"")
            }
            victims.append((match.key, match.index))
        }
        session.updateCatalog { catalog in
            for victim in victims.sorted(by: { $0.index > $1.index }) {
                if let oid = catalog.functions[victim.key]?[victim.index].oid {
                    catalog.forgetComments(of: oid)
                }
                catalog.functions[victim.key]?.remove(at: victim.index)
                if catalog.functions[victim.key]?.isEmpty == true {
                    catalog.functions[victim.key] = nil
                }
            }
            catalog.bumpVersion()
        }
        return QueryResult(commandTag: drop.kind == .procedure ? "DROP PROCEDURE" : "DROP FUNCTION")
    }
}

extension Executor {
    /// The shared library a C function's `AS 'file'` names, checked as
    /// PostgreSQL's loader checks it: the file must exist and export the
    /// symbol.
    func nativeLibraryName(file: String, symbol: String) throws -> String {
        var name = Substring(file)
        if name.hasPrefix("$libdir/") { name = name.dropFirst("$libdir/".count) }
        if name.hasSuffix(".so") { name = name.dropLast(3) }
        guard let library = session.engine.libraries[String(name)] else {
            throw SQLError("58P01", "could not access file \"\(file)\": No such file or directory")
        }
        guard library.function(symbol) != nil || library.setFunction(symbol) != nil else {
            throw SQLError(
                SQLState.undefinedFunction,
                "could not find function \"\(symbol)\" in file "
                    + "\"/usr/lib/postgresql/15/lib/\(name).so\"")
        }
        return String(name)
    }
}
