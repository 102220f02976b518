// Sessions and transactions: autocommit, BEGIN/COMMIT/ROLLBACK with the
// aborted state, savepoints, transactional DDL, visibility between two
// sessions, settings. Notice and error texts were measured on
// PostgreSQL 15.18.
import Engine
import Testing

@Suite("Session")
struct SessionTests {
    /// Events of running `sql` on `session`, rendered briefly.
    private func events(_ session: Session, _ sql: String) -> [String] {
        var out: [String] = []
        session.run(sql) { event in
            switch event {
            case .notice(let n): out.append("\(n.severity.rawValue): \(n.message)")
            case .result(let r): out.append(r.commandTag)
            case .error(let e): out.append("ERROR: \(e.message)")
            }
        }
        return out
    }

    @Test func abortedTransactionIgnoresCommands() throws {
        let db = try Database()
        let s = db.defaultSession
        #expect(events(s, "begin") == ["BEGIN"])
        #expect(s.transactionStatus == .inTransaction)
        #expect(events(s, "select 1/0") == ["ERROR: division by zero"])
        #expect(s.transactionStatus == .failed)
        #expect(
            events(s, "select 1") == [
                "ERROR: current transaction is aborted, commands ignored until end of transaction block"
            ])
        #expect(events(s, "commit") == ["ROLLBACK"])
        #expect(s.transactionStatus == .idle)
    }

    @Test func transactionWarnings() throws {
        let s = try Database().defaultSession
        #expect(
            events(s, "begin; begin") == [
                "BEGIN", "WARNING: there is already a transaction in progress", "BEGIN",
            ])
        #expect(
            events(s, "commit; commit") == [
                "COMMIT", "WARNING: there is no transaction in progress", "COMMIT",
            ])
    }

    @Test func rollbackUndoesRowsAndDDL() throws {
        let db = try Database()
        try db.execute("create table t (a int)")
        try db.execute("begin")
        try db.execute("insert into t values (1)")
        try db.execute("create table u (a int)")
        #expect(try db.execute("select count(*) from t").int(0, 0) == 1)
        try db.execute("rollback")
        #expect(try db.execute("select count(*) from t").int(0, 0) == 0)
        #expect(EngineTestSupport.failure(db, "select * from u")?.sqlState == "42P01")
    }

    @Test func savepointsRollBackPartially() throws {
        let db = try Database()
        try db.execute("create table t (a int)")
        try db.execute("begin; insert into t values (1); savepoint s1; insert into t values (2)")
        try db.execute("rollback to savepoint s1")
        try db.execute("insert into t values (3); commit")
        let rows = EngineTestSupport.table(try db.execute("select a from t order by a"))
        #expect(rows == [["1"], ["3"]])
    }

    @Test func failedStatementLeavesNothingBehind() throws {
        let db = try Database()
        try db.execute("create table t (a int primary key)")
        #expect(
            EngineTestSupport.failure(db, "insert into t values (1), (2), (1)")?.sqlState == "23505"
        )
        #expect(try db.execute("select count(*) from t").int(0, 0) == 0)
    }

    @Test func multiStatementStringIsOneTransaction() throws {
        let db = try Database()
        try db.execute("create table t (a int)")
        #expect(EngineTestSupport.failure(db, "insert into t values (1); select 1/0") != nil)
        #expect(try db.execute("select count(*) from t").int(0, 0) == 0)
    }

    @Test func uncommittedRowsAreInvisibleToOtherSessions() throws {
        let db = try Database()
        let a = db.connect()
        let b = db.connect()
        try a.execute("create table t (a int)")
        try a.execute("begin; insert into t values (1)")
        #expect(try b.execute("select count(*) from t").int(0, 0) == 0)
        #expect(try a.execute("select count(*) from t").int(0, 0) == 1)
        try a.execute("commit")
        #expect(try b.execute("select count(*) from t").int(0, 0) == 1)
        try b.execute("begin; delete from t")
        #expect(try a.execute("select count(*) from t").int(0, 0) == 1)
        try b.execute("rollback")
        #expect(try a.execute("select count(*) from t").int(0, 0) == 1)
    }

    @Test func settingsShowAndReset() throws {
        let s = try Database().defaultSession
        let tz = try s.execute("show timezone")
        #expect(tz.columns?.first?.name == "TimeZone")
        #expect(tz.text(row: 0, column: 0) == "UTC")
        try s.execute("set work_mem = 8192")
        #expect(try s.execute("show work_mem").text(row: 0, column: 0) == "8MB")
        try s.execute("set statement_timeout = '1.5s'")
        #expect(try s.execute("show statement_timeout").text(row: 0, column: 0) == "1500ms")
        try s.execute("reset work_mem")
        #expect(try s.execute("show work_mem").text(row: 0, column: 0) == "4MB")
        #expect(
            events(s, "show nosuch") == ["ERROR: unrecognized configuration parameter \"nosuch\""])
        #expect(
            events(s, "set client_min_messages = foo") == [
                "ERROR: invalid value for parameter \"client_min_messages\": \"foo\""
            ])
        #expect(
            events(s, "create table t (a int); create table if not exists t (a int)")
                == [
                    "CREATE TABLE", "NOTICE: relation \"t\" already exists, skipping",
                    "CREATE TABLE",
                ])
    }

    @Test func timeZoneAndDateStyleValues() throws {
        let s = try Database().defaultSession
        try s.execute("set timezone = 'utc'")
        #expect(try s.execute("show timezone").text(row: 0, column: 0) == "UTC")
        try s.execute("set time zone 'Etc/UTC'")
        #expect(try s.execute("show timezone").text(row: 0, column: 0) == "Etc/UTC")
        try s.execute("set time zone 0")
        #expect(try s.execute("show timezone").text(row: 0, column: 0) == "<+00>-00")
        #expect(
            events(s, "set timezone = 'Not/AZone'") == [
                "ERROR: invalid value for parameter \"TimeZone\": \"Not/AZone\""
            ])
        #expect(
            events(s, "set timezone = 'Z'") == [
                "ERROR: invalid value for parameter \"TimeZone\": \"Z\""
            ])
        let offset = EngineTestSupport.failure(
            try Database(), "set time zone interval '1 day'")
        #expect(offset?.detail == "Cannot specify days in time zone interval.")
        try s.execute("set datestyle = dmy")
        #expect(try s.execute("show datestyle").text(row: 0, column: 0) == "ISO, DMY")
        try s.execute("set datestyle = 'ymd'")
        #expect(try s.execute("show datestyle").text(row: 0, column: 0) == "ISO, YMD")
        let conflict = EngineTestSupport.failure(try Database(), "set datestyle = 'ISO, SQL'")
        #expect(conflict?.detail == "Conflicting \"datestyle\" specifications.")
        let unknown = EngineTestSupport.failure(try Database(), "set datestyle = 'ISO, xx'")
        #expect(unknown?.detail == "Unrecognized key word: \"xx\".")
        #expect(try s.execute("show lc_collate").text(row: 0, column: 0) == "C.UTF-8")
    }

    @Test func startupParametersAreResetValues() throws {
        let s = try Database().defaultSession
        try s.setStartupParameter("application_name", "psql")
        #expect(try s.execute("show application_name").text(row: 0, column: 0) == "psql")
        try s.execute("set application_name = 'golden'")
        try s.execute("reset application_name")
        #expect(try s.execute("show application_name").text(row: 0, column: 0) == "psql")
        #expect(throws: SQLError.self) { try s.setStartupParameter("nosuch", "1") }
    }

    @Test func inlineCodeNeedsAHandler() throws {
        let s = try Database().defaultSession
        #expect(
            events(s, "do language sql $$select 1$$") == [
                "ERROR: language \"sql\" does not support inline code execution"
            ])
        #expect(
            events(s, "drop function if exists f(int, text)") == [
                "NOTICE: function f(pg_catalog.int4,text) does not exist, skipping",
                "DROP FUNCTION",
            ])
    }
}
