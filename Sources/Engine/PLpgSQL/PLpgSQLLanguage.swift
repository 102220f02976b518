// The PL/pgSQL call handler, as pl_handler.c and pl_comp.c are to
// PostgreSQL: CREATE FUNCTION validates the body, each function body is
// compiled once and cached, and calls and DO blocks run in a PLExecution.
// Compile errors are reported as PostgreSQL does: against the whole
// statement when they have a position, else with the context line
// `compilation of PL/pgSQL function "f" near line N`.
import Foundation
import SQLParser

/// The `plpgsql` language.
final class PLpgSQLLanguage: ProceduralLanguage {
    private let lock = NSLock()
    /// Compiled functions by signature and body.
    private var compiled: [String: PLFunction] = [:]
    /// Calls running now, per session, outermost first.
    private static var running: [ObjectIdentifier: [PLExecution]] = [:]
    private static let runningLock = NSLock()

    init() {}

    func validate(_ function: UserFunctionDefinition, bodyLocation: Int) throws {
        _ = try compile(function, bodyLocation: bodyLocation)
    }

    func call(
        _ function: UserFunctionDefinition, arguments: [Value], spi: SPIConnection
    ) throws -> Value {
        if function.returnsSet {
            throw SQLError.notSupported("set-returning PL/pgSQL functions are not supported")
        }
        let key = cacheKey(function)
        lock.lock()
        let cached = compiled[key]
        lock.unlock()
        let plFunction = try cached ?? compile(function, bodyLocation: -1)
        if cached == nil {
            lock.lock()
            compiled[key] = plFunction
            lock.unlock()
        }
        let execution = PLExecution(function: plFunction, spi: spi, atomic: !function.isProcedure)
        for (index, variable) in plFunction.body.variables.enumerated() {
            guard let position = variable.parameterIndex, position < arguments.count else {
                continue
            }
            execution.values[index] = arguments[position]
        }
        return try run(execution) { try finish(execution, function) }
    }

    func runInline(body: String, bodyLocation: Int, spi: SPIConnection, atomic: Bool) throws {
        let parsed = try parse(
            body, options: PLpgSQLParser.Options(), bodyLocation: bodyLocation)
        let types = try datumTypes(parsed, parameterTypes: [], bodyLocation: bodyLocation)
        let plFunction = PLFunction(
            body: parsed, signature: "inline_code_block", datumTypes: types, returnType: .void)
        let execution = PLExecution(function: plFunction, spi: spi, atomic: atomic)
        _ = try run(execution) { try execution.runBlock(plFunction.body.block) }
    }

    // MARK: - Running

    /// Runs `body` with `execution` as its function's current call and on
    /// its session's call stack; unwraps the framed errors at the end.
    private func run<T>(_ execution: PLExecution, _ body: () throws -> T) throws -> T {
        let function = execution.function
        let previous = function.current
        function.current = execution
        let session = ObjectIdentifier(execution.spi.evaluation)
        PLpgSQLLanguage.runningLock.lock()
        PLpgSQLLanguage.running[session, default: []].append(execution)
        PLpgSQLLanguage.runningLock.unlock()
        defer {
            function.current = previous
            PLpgSQLLanguage.runningLock.lock()
            PLpgSQLLanguage.running[session]?.removeLast()
            if PLpgSQLLanguage.running[session]?.isEmpty == true {
                PLpgSQLLanguage.running[session] = nil
            }
            PLpgSQLLanguage.runningLock.unlock()
        }
        do {
            return try body()
        } catch let framed as PLFrameError {
            throw framed.error
        }
    }

    /// The calls that led to `execution`, innermost first.
    static func callers(of execution: PLExecution) -> [PLExecution] {
        runningLock.lock()
        defer { runningLock.unlock() }
        let stack = running[ObjectIdentifier(execution.spi.evaluation)] ?? []
        guard let index = stack.lastIndex(where: { $0 === execution }) else { return [] }
        return stack[..<index].reversed()
    }

    /// Runs a function's body and casts its result to the return type.
    private func finish(
        _ execution: PLExecution, _ function: UserFunctionDefinition
    ) throws -> Value {
        let plFunction = execution.function
        let control = try execution.runBlock(plFunction.body.block)
        guard case .returned(let value, let type) = control else {
            if plFunction.returnsVoid { return .void }
            throw SQLError(
                SQLState.functionExecutedNoReturnStatement,
                "control reached end of function without RETURN",
                context: "PL/pgSQL function \(plFunction.signature)")
        }
        if plFunction.returnsVoid { return .void }
        do {
            return try execution.cast(value, from: type, to: plFunction.returnType.withoutModifier)
        } catch let error as SQLError {
            throw PLExecution.appending(
                "PL/pgSQL function \(plFunction.signature) while casting return value to function's return type",
                to: error)
        }
    }

    // MARK: - Compiling

    /// The cache key: a body compiles differently for another signature.
    private func cacheKey(_ function: UserFunctionDefinition) -> String {
        let types = function.parameterTypes.map { "\($0.oid).\($0.typmod)" }
        return "\(function.schema).\(function.name)(\(types.joined(separator: ",")))"
            + "\(function.returnType.oid)\u{0}\(function.body)"
    }

    /// Parses and checks a function body, resolving its variables' types.
    private func compile(
        _ function: UserFunctionDefinition, bodyLocation: Int
    ) throws -> PLFunction {
        if function.parameters.contains(where: { $0.mode == .out || $0.mode == .inOut }) {
            throw SQLError.notSupported("PL/pgSQL functions with OUT parameters are not supported")
        }
        let options = PLpgSQLParser.Options(
            functionName: function.name,
            parameters: function.parameters.map { ($0.name, $0.type.names.last == "record") },
            returnsVoid: function.returnType == .void, returnsSet: function.returnsSet,
            isProcedure: function.isProcedure)
        let parsed = try parse(function.body, options: options, bodyLocation: bodyLocation)
        let types = try datumTypes(
            parsed, parameterTypes: function.parameterTypes, bodyLocation: bodyLocation)
        let names = function.parameterTypes.map { formatType($0.withoutModifier) }
        return PLFunction(
            body: parsed, signature: "\(function.name)(\(names.joined(separator: ",")))",
            datumTypes: types, returnType: function.returnType)
    }

    /// Runs the parser, turning its errors into PostgreSQL's reports.
    private func parse(
        _ body: String, options: PLpgSQLParser.Options, bodyLocation: Int
    ) throws -> PLFunctionBody {
        do {
            return try PLpgSQLParser.parse(body, options: options)
        } catch let failure as PLCompileError {
            var error = SQLError(
                failure.sqlState, failure.message, detail: failure.detail, hint: failure.hint,
                context: failure.context)
            if failure.position >= 0 {
                if bodyLocation >= 0 {
                    error.position = bodyLocation + failure.position + 1
                } else {
                    error.internalPosition = failure.position + 1
                    error.internalQuery = body
                }
            } else {
                error = PLExecution.appending(
                    "compilation of PL/pgSQL function \"\(options.functionName)\" near line \(failure.line)",
                    to: error)
            }
            throw error
        }
    }

    /// The type of every datum: parameters from the signature, declared
    /// variables resolved from their type names.
    private func datumTypes(
        _ body: PLFunctionBody, parameterTypes: [PGType], bodyLocation: Int
    ) throws -> [PGType?] {
        try body.variables.map { variable -> PGType? in
            if let position = variable.parameterIndex {
                return position < parameterTypes.count ? parameterTypes[position] : nil
            }
            guard variable.kind == .scalar, let type = variable.type else { return nil }
            do {
                return try resolveTypeName(type)
            } catch var error as SQLError {
                if let position = error.position {
                    error.position = bodyLocation >= 0 ? bodyLocation + position : nil
                }
                throw error
            }
        }
    }
}
