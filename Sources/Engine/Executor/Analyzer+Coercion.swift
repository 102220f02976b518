// Type coercion during analysis, as parse_coerce.c does it: untyped
// literals take the type their context asks for through the type's input
// function (at compile time), other values go through pg_cast's casts, and
// `commonType` picks one type for CASE, COALESCE, ARRAY[] and UNION.
import SQLParser

/// A compiled sub-expression with what analysis knows about it.
struct Operand {
    var type: PGType
    var evaluate: (Row, ExecContext) throws -> Value
    /// The value, when known at compile time.
    var constant: Value?
    /// The text of an untyped string literal (type `unknown`).
    var literalText: String?
    /// Where the expression starts, for errors about its value.
    var location = -1
    /// The slot of the current level's row when the operand is a plain
    /// column reference, for operators that read it directly.
    var columnSlot: Int?
    /// The column-wise form, when the expression has one.
    var vector: VectorForm?

    init(
        type: PGType, constant: Value? = nil, literalText: String? = nil,
        evaluate: @escaping (Row, ExecContext) throws -> Value
    ) {
        self.type = type
        self.constant = constant
        self.literalText = literalText
        self.evaluate = evaluate
    }

    var compiled: CompiledExpr {
        CompiledExpr(type: type, vector: argumentVector, evaluate: evaluate)
    }

    /// The column-wise form of the operand as an argument: its constant
    /// or its own form.
    var argumentVector: VectorForm? {
        if let constant { return .constant(constant) }
        return vector
    }

    static func constant(_ value: Value, type: PGType) -> Operand {
        Operand(type: type, constant: value) { _, _ in value }
    }

    static func unknownLiteral(_ text: String) -> Operand {
        let value = Value.text(text)
        return Operand(type: .unknown, constant: value, literalText: text) { _, _ in value }
    }

    static var unknownNull: Operand {
        Operand(type: .unknown, constant: .null) { _, _ in .null }
    }

    /// True for a NULL or string literal still waiting for a type.
    var isUnknown: Bool { type == .unknown }
}

/// Evaluation context for constant folding: folding only ever runs
/// immutable code, which reads none of this.
private final class FoldingContext: EvaluationContext {
    var transactionTimestamp: Int64 { 0 }
    var statementTimestamp: Int64 { 0 }
    func clockTimestamp() -> Int64 { 0 }
    func random() -> Double { 0 }
    func setSeed(_ seed: Double) {}
    func sleep(seconds: Double) throws {}
    func setting(_ name: String) -> String? { nil }
    func emitNotice(_ notice: SQLError) {}
}

/// The context constant folding (and other compile-time evaluation) runs in.
let foldingContext = ExecContext(evaluation: FoldingContext())

/// The rank of a coercion context: a cast allowed in a weaker context is
/// allowed in every stronger one.
private func rank(_ context: CoercionContext) -> Int {
    switch context {
    case .implicit: return 0
    case .assignment: return 1
    case .explicit: return 2
    }
}

extension Analyzer {
    /// Evaluates `operand` now when every input is constant.
    func fold(_ operand: Operand, inputs: [Operand]) throws -> Operand {
        guard foldsConstants, inputs.allSatisfy({ $0.constant != nil }) else { return operand }
        let value = try operand.evaluate([], foldingContext)
        return .constant(value, type: operand.type)
    }

    /// True when a value of type `from` can become `to` in `context`.
    func canCoerce(_ from: PGType, to: PGType, context: CoercionContext) -> Bool {
        if from == .unknown || from.oid == to.oid { return true }
        if to == .any || to == .anyElement { return true }
        if to.oid == PGType.record.oid, from.isRecord { return true }
        guard let allowed = castContext(from: from.withoutModifier, to: to.withoutModifier) else {
            return false
        }
        return rank(allowed) <= rank(context)
    }

    /// Coerces `operand` to `target`, nil when no coercion exists in
    /// `context`. Literals are converted at compile time, so their input
    /// errors point at the literal.
    func coerceIfPossible(
        _ operand: Operand, to target: PGType, context: CoercionContext, location: Int
    ) throws -> Operand? {
        if operand.type == target { return operand }
        // A composite passed as `record` keeps its shape.
        if target == .record, operand.type.isRecord { return operand }
        if target.recordDescriptor?.typeName != nil, operand.type.oid == PGType.record.oid {
            return try coerceRecord(operand, to: target, context: context, location: location)
        }
        if operand.isUnknown {
            return try coerceLiteral(operand, to: target, context: context, location: location)
        }
        if operand.type.oid == target.oid {
            if target.typmod < 0 {
                var relabelled = operand
                relabelled.type = target
                return relabelled
            }
            return try castOperand(operand, to: target, context: context, location: location)
        }
        guard canCoerce(operand.type, to: target, context: context) else { return nil }
        return try castOperand(operand, to: target, context: context, location: location)
    }

    /// Like `coerceIfPossible`, raising `cannot cast type x to y` when no
    /// cast exists.
    func coerce(_ operand: Operand, to target: PGType, context: CoercionContext, location: Int)
        throws -> Operand
    {
        if let result = try coerceIfPossible(
            operand, to: target, context: context, location: location)
        {
            return result
        }
        throw SQLError(
            SQLState.cannotCoerce,
            "cannot cast type \(formatType(operand.type)) to \(formatType(target))",
            position: location >= 0 ? location + 1 : nil)
    }

    private func coerceLiteral(
        _ operand: Operand, to target: PGType, context: CoercionContext, location: Int
    ) throws -> Operand {
        guard let text = operand.literalText else {
            return .constant(.null, type: target)
        }
        if target == .any || target == .anyElement || target.isPolymorphic {
            return .constant(.text(text), type: .text)
        }
        let base: Value
        if target.oid == PGType.timestamptz.oid, let t = Analyzer.quickTimestamptz(text) {
            base = .timestamptz(t)
        } else if Analyzer.readsCatalog(target), let executor = environment as? Executor {
            base = try withPosition(operand.location >= 0 ? operand.location : location) {
                try executor.session.catalogTypeInput(
                    text, type: target, catalog: executor.catalog) ?? .null
            }
        } else {
            base = try withPosition(operand.location >= 0 ? operand.location : location) {
                guard let zone = (environment as? Executor)?.session.literalTimeZone else {
                    return try parseValue(text, as: target.withoutModifier, context: inputContext)
                }
                return try SessionTimeZone.$source.withValue(SessionTimeZone { zone }) {
                    try parseValue(text, as: target.withoutModifier, context: inputContext)
                }
            }
        }
        if target.typmod < 0 { return .constant(base, type: target) }
        // The length coercion is a separate step that PostgreSQL runs at
        // execution, so its errors (value too long) carry no position.
        let literal = Operand.constant(base, type: target.withoutModifier)
        return try castOperand(literal, to: target, context: context, location: -1)
    }

    /// True for the reg* types whose input reads the catalog.
    static func readsCatalog(_ type: PGType) -> Bool {
        type.oid == PGType.regclass.oid || type.oid == PGType.regnamespace.oid
            || type.oid == PGType.regtype.oid
    }

    /// regclass to a string type: regclassout's name, as the catalog of
    /// the statement has it, not the OID's digits.
    private func regclassToText(
        _ inner: @escaping (Row, ExecContext) throws -> Value, to target: PGType,
        context: CoercionContext, executor: Executor
    ) -> Operand {
        let session = executor.session
        let catalog = executor.catalog
        return Operand(type: target) { row, ctx in
            guard case .int4(let oid) = try inner(row, ctx) else { return .null }
            let name = Value.text(session.regclassText(oid, catalog: catalog))
            return try castValue(name, from: .text, to: target, context: context)
        }
    }

    /// The session whose settings (DateStyle) literal input reads, when
    /// compiling for one.
    var inputContext: EvaluationContext? {
        (environment as? Executor)?.session
    }

    private func castOperand(
        _ operand: Operand, to target: PGType, context: CoercionContext, location: Int
    ) throws -> Operand {
        let source = operand.type
        let inner = operand.evaluate
        if source.oid == PGType.regclass.oid, TypeCatalog.info(target.oid)?.category == "S",
            let executor = environment as? Executor
        {
            return regclassToText(inner, to: target, context: context, executor: executor)
        }
        if Analyzer.readsCatalog(target), source.isStringType,
            let executor = environment as? Executor
        {
            let session = executor.session
            let catalog = executor.catalog
            return Operand(type: target) { row, ctx in
                guard case .text(let text) = try inner(row, ctx) else { return .null }
                return try session.catalogTypeInput(text, type: target, catalog: catalog) ?? .null
            }
        }
        if source.oid == PGType.regnamespace.oid, TypeCatalog.info(target.oid)?.category == "S",
            let executor = environment as? Executor
        {
            let catalog = executor.catalog
            return Operand(type: target) { row, ctx in
                guard case .int4(let oid) = try inner(row, ctx) else { return .null }
                let name = catalog.schemaOIDs.first { $0.value == oid }?.key
                let text = Value.text(name.map(ruleQuoteIdentifier) ?? String(oid))
                return try castValue(text, from: .text, to: target, context: context)
            }
        }
        let cast = Operand(type: target) { row, ctx in
            let value = try inner(row, ctx)
            if case .null = value { return .null }
            return try castValue(value, from: source, to: target, context: context)
        }
        if operand.constant != nil {
            return try fold(cast, inputs: [operand])
        }
        return cast
    }

    /// Runs `body`, giving errors without a position the position of
    /// `location`.
    func withPosition<T>(_ location: Int, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as SQLError {
            if error.position == nil, location >= 0 { error.position = location + 1 }
            throw error
        }
    }

    /// Requires a boolean operand (`argument of WHERE must be type
    /// boolean, not type integer`).
    func requireBoolean(_ operand: Operand, what: String, location: Int) throws -> Operand {
        if operand.type.oid == PGType.bool.oid { return operand }
        if operand.isUnknown {
            return try coerce(operand, to: .bool, context: .implicit, location: location)
        }
        if let coerced = try coerceIfPossible(
            operand, to: .bool, context: .implicit, location: location)
        {
            return coerced
        }
        throw SQLError(
            SQLState.datatypeMismatch,
            "\(what) must be type boolean, not type \(formatType(operand.type))",
            position: location >= 0 ? location + 1 : nil)
    }

    /// Coerces every operand to one common type, for CASE, COALESCE,
    /// ARRAY[], VALUES and set operations.
    func unify(_ operands: [Operand], locations: [Int], construct: String) throws -> (
        PGType, [Operand]
    ) {
        let target = try commonType(
            operands.map(\.type), locations: locations, construct: construct)
        let coerced = try zip(operands, locations).map { operand, location in
            try coerce(operand, to: target, context: .implicit, location: location)
        }
        return (target, coerced)
    }
}

/// PostgreSQL's select_common_type: the first known type wins unless a
/// later one of the same category is preferred, or is reachable from it by
/// an implicit cast but not back. All-unknown inputs resolve to text.
///
/// Example: `CASE WHEN c THEN 1 ELSE 2.5 END` sees int4 then numeric; int4
/// casts implicitly to numeric but not back, so the result is numeric.
package func commonType(_ types: [PGType], locations: [Int], construct: String) throws -> PGType {
    guard let firstIndex = types.firstIndex(where: { $0 != .unknown }) else { return .text }
    var candidate = types[firstIndex]
    if types.allSatisfy({ $0 == candidate || $0 == .unknown }) { return candidate }
    candidate = candidate.withoutModifier
    for (index, type) in types.enumerated() where index > firstIndex && type != .unknown {
        let next = type.withoutModifier
        if next == candidate { continue }
        if next.category != candidate.category {
            let location = index < locations.count ? locations[index] : -1
            throw SQLError(
                SQLState.datatypeMismatch,
                "\(construct) types \(formatType(candidate)) and \(formatType(next)) cannot be matched",
                position: location >= 0 ? location + 1 : nil)
        }
        let forward = castContext(from: candidate, to: next) == .implicit
        let backward = castContext(from: next, to: candidate) == .implicit
        if !candidate.isPreferred && forward && !backward {
            candidate = next
        }
    }
    return candidate
}
