// EXPLAIN ANALYZE of statements on Citus tables, as Citus runs it: every
// task runs on its node under EXPLAIN ANALYZE (a write's tasks really
// write, in the statement's transaction), the custom scan counts the rows
// and the tuple bytes that came back, and the task shown is the slowest
// one (citus.explain_analyze_sort_method = 'execution-time', Citus'
// default) or the first ('taskId'). Derived from Citus' multi_explain.c:
// "Tuple data received" lines appear only for a result with columns, in
// pg_size_pretty's units.
import Dispatch
import Engine
import SQLParser

/// One task's run under EXPLAIN ANALYZE.
struct AnalyzedTask {
    /// The worker's plan with actual rows.
    var lines: [String]
    var seconds: Double
    /// The rows and tuple bytes the task returned.
    var rows: Int
    var bytes: Int
}

extension CitusLibrary {
    /// Runs every task of `capture` under EXPLAIN ANALYZE.
    func analyzeTasks(
        _ capture: DistributedExplainCapture, _ options: ExplainOptions, _ session: Session
    ) throws -> [AnalyzedTask] {
        var analyzed: [AnalyzedTask] = []
        for (index, task) in capture.tasks.enumerated() {
            guard let node = metadata.node(group: task.groupID) else {
                throw SQLError(SQLState.internalError, "no node in group \(task.groupID)")
            }
            let worker =
                node.port == port ? session : try connection(for: session, port: node.port)
            var rows = 0
            var bytes = 0
            if !capture.isWrite {
                let result = try Self.remote(node.port) { try worker.execute(task.sql) }
                rows = result.rows.count
                bytes = TupleData.bytes(of: result.rows, columns: result.columns ?? [])
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let lines = try workerPlan(task.sql, options, node.port, worker, session)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if capture.isWrite {
                let shard = capture.writtenShards[index]
                noteWrite(of: shard, by: session)
                // The other placements of the shard take the write too.
                for placement in shard.placements where placement.groupID != task.groupID {
                    _ = try run(task.sql, onGroup: placement.groupID, for: session)
                }
            }
            analyzed.append(AnalyzedTask(lines: lines, seconds: seconds, rows: rows, bytes: bytes))
        }
        return analyzed
    }

    /// The worker's EXPLAIN of a task's query, with the statement's
    /// options (ANALYZE runs it).
    func workerPlan(
        _ sql: String, _ options: ExplainOptions, _ port: Int, _ worker: Session,
        _ session: Session
    ) throws -> [String] {
        let analyze = options.analyze ? "ANALYZE, TIMING OFF, SUMMARY OFF, " : ""
        let verbose = options.verbose ? "VERBOSE, " : ""
        let explain = "EXPLAIN (\(analyze)\(verbose)COSTS \(options.costs ? "ON" : "OFF")) " + sql
        let result: QueryResult
        if port == self.port {
            result = try session.executeInternal(explain, local: true)
        } else {
            result = try Self.remote(port) { try worker.execute(explain) }
        }
        return result.rows.map { row -> String in
            if case .text(let line) = row.first ?? .null { return line }
            return ""
        }
    }

    /// The actual rows of the coordinator's merge over the custom scan:
    /// an Aggregate returns one row, a Limit the statement's rows (and
    /// stops reading its input there). Sorts and hash tables, whose
    /// memory ANALYZE reports, are not modelled.
    func annotateMerge(_ node: inout ExplainNode, query: SelectStatement, resultRows: Int)
        throws
    {
        switch node.title {
        case "Custom Scan (Citus Adaptive)":
            return
        case "Aggregate":
            node.actualRows = 1
        case "Limit":
            node.actualRows = resultRows
            if node.children.first?.title == "Custom Scan (Citus Adaptive)" {
                // The Limit stops reading once it has its rows.
                let offset = constantOffset(query)
                let read = min(node.children[0].actualRows ?? 0, resultRows + offset)
                node.children[0].actualRows = read
            }
        default:
            // TODO(#6): the memory lines of Sort and HashAggregate.
            throw SQLError.notSupported(
                "EXPLAIN ANALYZE of a plan with \(node.title) is not supported yet")
        }
        for i in node.children.indices {
            try annotateMerge(&node.children[i], query: query, resultRows: resultRows)
        }
    }

    private func constantOffset(_ query: SelectStatement) -> Int {
        guard let offset = query.offset, case .literal(.integer(let text)) = offset.kind else {
            return 0
        }
        return Int(text) ?? 0
    }

    /// True for a write with RETURNING.
    static func returns(_ statement: Statement) -> Bool {
        switch statement {
        case .insert(let insert): return !insert.returning.isEmpty
        case .update(let update): return !update.returning.isEmpty
        case .delete(let delete): return !delete.returning.isEmpty
        default: return false
        }
    }
}
