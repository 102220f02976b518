// Savepoints reach the workers: ROLLBACK TO SAVEPOINT and a PL/pgSQL
// EXCEPTION block undo a multi-shard write on every worker, and what
// came before the savepoint stays.
import Engine
import Testing

@testable import ShardRouter

@Suite struct RemoteSavepointTests {
    private func cluster() throws -> Cluster {
        let cluster = try Cluster()
        try cluster.coordinator.execute(
            """
            CREATE TABLE t (a int PRIMARY KEY, b int);
            SELECT create_distributed_table('t', 'a');
            INSERT INTO t VALUES (1, 1), (2, 2), (3, 3), (4, 4);
            """)
        return cluster
    }

    private func rows(_ db: Database) throws -> [[Value]] {
        try db.execute("SELECT a, b FROM t ORDER BY a").rows
    }

    @Test func rollbackToSavepointUndoesTheWorkersWork() throws {
        let cluster = try cluster()
        let db = cluster.coordinator
        let session = db.connect()
        try session.execute("BEGIN; INSERT INTO t VALUES (10, 1); SAVEPOINT s1")
        try session.execute("INSERT INTO t VALUES (11, 1), (12, 1), (13, 1), (14, 1)")
        try session.execute("UPDATE t SET b = b + 100")
        #expect(throws: SQLError.self) {
            try session.execute("INSERT INTO t SELECT a + 1, b FROM t WHERE a = 1")
        }
        try session.execute("ROLLBACK TO SAVEPOINT s1; INSERT INTO t VALUES (20, 1); COMMIT")
        #expect(
            try rows(db) == [
                [.int4(1), .int4(1)], [.int4(2), .int4(2)], [.int4(3), .int4(3)],
                [.int4(4), .int4(4)], [.int4(10), .int4(1)], [.int4(20), .int4(1)],
            ])
    }

    @Test func anExceptionBlockUndoesAFailedMultiShardWrite() throws {
        let cluster = try cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            DO $$ BEGIN
              INSERT INTO t VALUES (7, 7);
              BEGIN
                UPDATE t SET b = -1;
                INSERT INTO t VALUES (5, 5), (1, 1);
              EXCEPTION WHEN unique_violation THEN NULL;
              END;
            END $$
            """)
        #expect(
            try rows(db) == [
                [.int4(1), .int4(1)], [.int4(2), .int4(2)], [.int4(3), .int4(3)],
                [.int4(4), .int4(4)], [.int4(7), .int4(7)],
            ])
    }

    @Test func releasedSavepointsKeepTheirWork() throws {
        let cluster = try cluster()
        let db = cluster.coordinator
        let session = db.connect()
        try session.execute(
            """
            BEGIN; SAVEPOINT a; UPDATE t SET b = 0; SAVEPOINT b;
            INSERT INTO t VALUES (8, 8); RELEASE SAVEPOINT a; COMMIT
            """)
        #expect(try db.execute("SELECT count(*), sum(b) FROM t").rows == [[.int8(5), .int8(8)]])
    }

    @Test func rollbackToSavepointUndoesADistribution() throws {
        let cluster = try Cluster()
        let session = cluster.coordinator.connect()
        try session.execute(
            """
            CREATE TABLE u (a int);
            BEGIN; SAVEPOINT s; SELECT create_distributed_table('u', 'a');
            ROLLBACK TO SAVEPOINT s; INSERT INTO u VALUES (1); COMMIT
            """)
        let partitions = try session.execute(
            "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid = 'u'::regclass")
        #expect(partitions.rows == [[.int8(0)]])
        try session.execute("SELECT create_distributed_table('u', 'a')")
        #expect(try session.execute("SELECT count(*) FROM u").rows == [[.int8(1)]])
    }
}
