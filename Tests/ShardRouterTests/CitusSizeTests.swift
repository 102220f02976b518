import Engine
import Testing

// citus_*_size over shards on the workers. Expected sizes of empty shards
// come from Fixtures/citus-reference/03c_after_lab3_state.out (table_size
// of citus_tables: 512 kB for http_request_1min's 32 shards, 256 kB for a
// partition's, 0 bytes for the partitioned parent) and 15_reference_
// rebalance.out (32768 bytes per placement of countries); the error texts
// from Citus' regression test multi_size_queries.
@testable import ShardRouter

@Suite struct CitusSizeTests {
    static func value(_ db: Database, _ sql: String) throws -> String? {
        try db.execute(sql).text(row: 0, column: 0)
    }

    @Test func emptyShardsMatchTheReferenceCluster() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE http_request (site_id int, ingest_time timestamptz, url text)
                PARTITION BY RANGE (ingest_time);
            CREATE TABLE http_request_p1 PARTITION OF http_request
                FOR VALUES FROM ('2026-12-01') TO ('2026-12-02');
            CREATE TABLE http_request_1min (site_id int, ingest_time timestamptz,
                request_country text, PRIMARY KEY (site_id, ingest_time, request_country));
            SELECT create_distributed_table('http_request', 'site_id');
            SELECT create_distributed_table('http_request_1min', 'site_id');
            """)
        let total = "SELECT pg_size_pretty(citus_total_relation_size"
        #expect(try Self.value(db, "\(total)('http_request_1min'))") == "512 kB")
        #expect(try Self.value(db, "\(total)('http_request_p1'))") == "256 kB")
        #expect(try Self.value(db, "SELECT citus_relation_size('http_request_1min')") == "0")
        try db.execute("INSERT INTO http_request VALUES (1, '2026-12-01 10:00', 'x')")
        #expect(try Self.value(db, "SELECT citus_relation_size('http_request')") == "8192")
    }

    @Test func referenceTablesCountOnePlacement() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE countries (code text PRIMARY KEY, name text);
            INSERT INTO countries VALUES ('CN', 'China'), ('IN', 'India');
            SELECT create_reference_table('countries');
            """)
        #expect(try Self.value(db, "SELECT citus_total_relation_size('countries')") == "32768")
    }

    @Test func localTablesAndUnknownOIDsAreErrors() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute("CREATE TABLE loc (a int)")
        #expect(throws: SQLError.self) { try db.execute("SELECT citus_table_size('loc')") }
        #expect(throws: SQLError.self) { try db.execute("SELECT citus_relation_size(1)") }
        let quiet = "SELECT citus_total_relation_size('loc', false) IS NULL"
        #expect(try Self.value(db, quiet) == "t")
    }
}
