// The planner's decisions as Citus reports them at DEBUG2 (`SET
// client_min_messages TO debug2`): a fast-path router query, a router
// plan and the distribution column value it was pruned to, or a query the
// router planner hands to the multi-shard planner. The texts are Citus
// 12.1's (its multi_router_planner_fast_path regression output).
import Engine

extension CitusLibrary {
    func debug2(_ message: String, _ session: Session) {
        var notice = SQLError("00000", message, severity: .debug)
        notice.debugLevel = 2
        session.emitNotice(notice)
    }

    func debug1(_ message: String, _ session: Session) {
        var notice = SQLError("00000", message, severity: .debug)
        notice.debugLevel = 1
        session.emitNotice(notice)
    }

    /// A planning error Citus reports at DEBUG1 before it falls back to
    /// another plan, with its DETAIL and HINT.
    func debug1(_ refusal: InsertSelectRefusal, _ session: Session) {
        var notice = SQLError("00000", refusal.message, severity: .debug)
        notice.debugLevel = 1
        notice.detail = refusal.detail
        notice.hint = refusal.hint
        session.emitNotice(notice)
    }

    /// A router plan: `fastPath` for a single-table query whose WHERE
    /// pins the distribution column, `value` when one value was pinned.
    func reportRouterPlan(
        fastPath: Bool, value: (Value, PGType)?, _ session: Session
    ) {
        guard session.wouldSend(.debug, debugLevel: 2) else { return }
        if fastPath { debug2("Distributed planning for a fast-path router query", session) }
        debug2("Creating router plan", session)
        if let (value, type) = value {
            debug2(
                "query has a single distribution column value: \(formatValue(value, type: type))",
                session)
        }
    }

    func reportMultiShardSelect(_ session: Session) {
        debug2("Router planner cannot handle multi-shard select queries", session)
    }
}
