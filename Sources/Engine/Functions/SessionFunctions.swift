// Functions over the node's sessions and its clock: PostgreSQL's signal
// functions (pg_cancel_backend, pg_terminate_backend) and the simulator's
// own `citus_sim` functions, which read and move the clock and start
// background sessions. `citus_sim` is no schema of the catalog: its
// functions are found only by their qualified names, so a database looks
// no different for having them.

/// The session a built-in runs in; every evaluation context that can
/// reach these functions is one.
private func session(_ ctx: EvaluationContext) throws -> Session {
    guard let session = ctx as? Session else {
        throw SQLError.notSupported("this function is not available in this context")
    }
    return session
}

/// Signals backend `pid` as pg_cancel_backend and pg_terminate_backend
/// do: a pid that is no session's gets PostgreSQL's warning and false.
private func signal(
    _ ctx: EvaluationContext, _ pid: Value, _ action: (Session) -> Void
) throws -> Value {
    guard case .int4(let pid) = pid else { return .null }
    let caller = try session(ctx)
    guard let target = caller.engine.sessions.session(pid: pid) else {
        ctx.emitNotice(
            SQLError(
                SQLState.warning, "PID \(pid) is not a PostgreSQL backend process",
                severity: .warning))
        return .bool(false)
    }
    action(target)
    return .bool(true)
}

/// The virtual clock of the caller's node, or PostgreSQL-style 55000 on
/// a real clock.
private func virtualClock(_ ctx: EvaluationContext) throws -> VirtualClock {
    guard let clock = try session(ctx).engine.clock as? VirtualClock else {
        throw SQLError(
            SQLState.objectNotInPrerequisiteState, "the clock is real",
            hint: "Start citus-sim with --clock virtual to move the clock.")
    }
    return clock
}

let sessionFunctions: [BuiltinFunction] = {
    var fns: [BuiltinFunction] = []
    fns.append(
        BuiltinFunction(
            "pg_cancel_backend", [.int4], returns: .bool, volatility: .volatile
        ) { ctx, args, _ in
            try signal(ctx, args[0]) { $0.cancel() }
        })
    fns.append(
        BuiltinFunction(
            "pg_terminate_backend", [.int4, .int8], returns: .bool, optionalArguments: 1,
            argumentNames: ["pid", "timeout"], volatility: .volatile
        ) { ctx, args, _ in
            try signal(ctx, args[0]) { $0.terminate() }
        })
    fns.append(
        BuiltinFunction("pg_blocking_pids", [.int4], returns: .int4Array, volatility: .volatile) {
            ctx, args, _ in
            guard case .int4(let pid) = args[0] else { return .null }
            let pids = try session(ctx).blockingPIDs(of: pid).map { Value.int4($0) }
            return .array(ArrayValue(elementType: .int4, elements: pids))
        })
    fns.append(
        BuiltinFunction("pg_backend_pid", [], returns: .int4, volatility: .stable) {
            ctx, _, _ in
            .int4(try session(ctx).backendID)
        })
    fns.append(
        BuiltinFunction("inet_server_port", [], returns: .int4, volatility: .stable) {
            ctx, _, _ in
            .int4(try session(ctx).engine.serverPort)
        })
    fns.append(
        BuiltinFunction("citus_sim.now", [], returns: .timestamptz, volatility: .volatile) {
            ctx, _, _ in
            .timestamptz(ctx.clockTimestamp())
        })
    fns.append(
        BuiltinFunction(
            "citus_sim.clock_is_virtual", [], returns: .bool, volatility: .stable
        ) { ctx, _, _ in
            .bool(try session(ctx).engine.clock.isVirtual)
        })
    // Moving the clock is sleeping on it: the caller's statement waits
    // while the background work due on the way runs.
    fns.append(
        BuiltinFunction(
            "citus_sim.advance", [.interval], returns: .timestamptz, volatility: .volatile
        ) { ctx, args, _ in
            guard case .interval(let span) = args[0] else { return .null }
            let clock = try virtualClock(ctx)
            let end = try DateTime.add(clock.now(), span)
            try advance(ctx, clock, to: end)
            return .timestamptz(clock.now())
        })
    fns.append(
        BuiltinFunction(
            "citus_sim.advance_to", [.timestamptz], returns: .timestamptz, volatility: .volatile
        ) { ctx, args, _ in
            guard case .timestamptz(let end) = args[0] else { return .null }
            let clock = try virtualClock(ctx)
            try advance(ctx, clock, to: end)
            return .timestamptz(clock.now())
        })
    fns.append(
        BuiltinFunction(
            "citus_sim.start_background", [.text], returns: .int4, volatility: .volatile
        ) { ctx, args, _ in
            guard let query = argString(args[0]) else { return .null }
            let caller = try session(ctx)
            let job = try caller.engine.startBackground(
                query, user: caller.user, database: caller.database)
            return .int4(job.session.backendID)
        })
    return fns
}()

/// Moves `clock` to `end` from inside a statement: the statement lock is
/// let go meanwhile, as pg_sleep lets it go.
private func advance(_ ctx: EvaluationContext, _ clock: VirtualClock, to end: Int64) throws {
    let now = clock.now()
    guard end >= now else {
        throw SQLError(
            SQLState.invalidParameterValue, "the clock cannot move backwards")
    }
    try session(ctx).sleep(until: end)
}
