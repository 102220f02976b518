// The sequence functions: nextval, currval, setval and lastval, with
// PostgreSQL's errors. nextval's values are used up whatever becomes of
// the transaction; currval and lastval remember, per session, the last
// value nextval gave it.

/// The session and sequence a sequence function is called with.
private func sequenceCall(_ ctx: EvaluationContext, _ value: Value) throws
    -> (Session, SequenceDefinition)?
{
    guard let session = ctx as? Session else {
        throw SQLError.notSupported("sequence functions are not available in this context")
    }
    guard case .int4(let oid) = value else { return nil }
    guard let sequence = session.catalog.sequence(oid) else {
        let name = session.catalog.table(oid)?.name ?? session.catalog.view(oid)?.name
        throw SQLError(
            SQLState.wrongObjectType, "\"\(name ?? String(oid))\" is not a sequence")
    }
    return (session, sequence)
}

/// The next value of `sequence`, as nextval_internal computes it.
func nextSequenceValue(_ sequence: SequenceDefinition, _ session: Session) throws -> Int64 {
    let value = try session.engine.sequenceStates.update(sequence.oid, start: sequence.start) {
        state -> Int64 in
        var next = state.lastValue
        if state.isCalled {
            let (sum, overflow) = state.lastValue.addingReportingOverflow(sequence.increment)
            if sequence.increment > 0, overflow || sum > sequence.maxValue {
                guard sequence.cycle else {
                    throw SQLError(
                        "2200H",
                        "nextval: reached maximum value of sequence \"\(sequence.name)\" "
                            + "(\(sequence.maxValue))")
                }
                next = sequence.minValue
            } else if sequence.increment < 0, overflow || sum < sequence.minValue {
                guard sequence.cycle else {
                    throw SQLError(
                        "2200H",
                        "nextval: reached minimum value of sequence \"\(sequence.name)\" "
                            + "(\(sequence.minValue))")
                }
                next = sequence.maxValue
            } else {
                next = sum
            }
        }
        state.lastValue = next
        state.isCalled = true
        // A fetch logs 32 values ahead; each call then uses one of them.
        state.logCount = state.logCount == 0 ? 32 : state.logCount - 1
        return next
    }
    session.sequenceValues[sequence.oid] = value
    session.lastSequence = sequence.oid
    return value
}

let sequenceFunctions: [BuiltinFunction] = {
    var fns: [BuiltinFunction] = []
    fns.append(
        BuiltinFunction("nextval", [.regclass], returns: .int8, volatility: .volatile) {
            ctx, args, _ in
            guard let (session, sequence) = try sequenceCall(ctx, args[0]) else { return .null }
            return .int8(try nextSequenceValue(sequence, session))
        })
    fns.append(
        BuiltinFunction("currval", [.regclass], returns: .int8, volatility: .volatile) {
            ctx, args, _ in
            guard let (session, sequence) = try sequenceCall(ctx, args[0]) else { return .null }
            guard let value = session.sequenceValues[sequence.oid] else {
                throw SQLError(
                    SQLState.objectNotInPrerequisiteState,
                    "currval of sequence \"\(sequence.name)\" is not yet defined in this session")
            }
            return .int8(value)
        })
    fns.append(
        BuiltinFunction("lastval", [], returns: .int8, volatility: .volatile) { ctx, _, _ in
            guard let session = ctx as? Session, let oid = session.lastSequence,
                session.catalog.sequence(oid) != nil, let value = session.sequenceValues[oid]
            else {
                throw SQLError(
                    SQLState.objectNotInPrerequisiteState,
                    "lastval is not yet defined in this session")
            }
            return .int8(value)
        })
    fns.append(
        BuiltinFunction(
            "setval", [.regclass, .int8, .bool], returns: .int8, optionalArguments: 1,
            volatility: .volatile
        ) { ctx, args, _ in
            guard let (session, sequence) = try sequenceCall(ctx, args[0]),
                case .int8(let value) = args[1]
            else { return .null }
            var called = true
            if args.count > 2 {
                guard case .bool(let flag) = args[2] else { return .null }
                called = flag
            }
            guard value >= sequence.minValue, value <= sequence.maxValue else {
                throw SQLError(
                    SQLState.numericValueOutOfRange,
                    "setval: value \(value) is out of bounds for sequence \"\(sequence.name)\" "
                        + "(\(sequence.minValue)..\(sequence.maxValue))")
            }
            session.engine.sequenceStates.set(
                sequence.oid, SequenceState(lastValue: value, isCalled: called, logCount: 0))
            if called {
                session.sequenceValues[sequence.oid] = value
                session.lastSequence = sequence.oid
            }
            return .int8(value)
        })
    return fns
}()
