// citus_tables and citus_shards, the views Citus' extension script
// defines over pg_dist_* and citus_shard_sizes(). Expected columns and
// rows come from Fixtures/citus-reference/15_reference_rebalance.out (the
// countries reference table: one placement per node, 32768 bytes each,
// 96 kB in all) and 10_metadata.out (the views' column lists).
import Engine
import Foundation
import Testing

@testable import ShardRouter

@Suite struct CitusViewsTests {
    static let countries = """
        CREATE TABLE countries (code text PRIMARY KEY, name text);
        INSERT INTO countries VALUES ('CN', 'China'), ('IN', 'India'), ('US', 'USA'),
            ('ID', 'Indonesia');
        SET client_min_messages TO warning;
        SELECT create_reference_table('countries');
        SELECT truncate_local_data_after_distributing_table($$public.countries$$);
        """

    /// The column names of the reference's result for `query`.
    static func referenceHeader(_ file: String, after query: String) throws -> [String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/citus-reference/\(file)")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        guard let start = lines.firstIndex(where: { $0 == query }) else { return [] }
        return lines[start + 1].split(separator: "|").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }

    @Test func viewsHaveCitusColumns() throws {
        let cluster = try Cluster()
        for view in ["citus_tables", "citus_shards"] {
            let result = try cluster.coordinator.execute("SELECT * FROM \(view)")
            let expected = try Self.referenceHeader(
                "10_metadata.out", after: "SELECT * FROM \(view);")
            #expect(!expected.isEmpty)
            #expect(result.columns?.map(\.name) == expected)
            #expect(result.rows.isEmpty)
        }
    }

    @Test func referenceTableShardsMatchTheReference() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(Self.countries)
        let shards = try db.execute(
            """
            SELECT table_name, citus_table_type, nodename, nodeport, shard_size
            FROM citus_shards WHERE table_name = 'countries'::regclass
            """)
        let reference = try ClusterTests.referenceRows(
            "15_reference_rebalance.out",
            after: "SELECT * FROM citus_shards WHERE table_name = 'countries'::regclass;")
        #expect(reference.count == 3)
        let kept = [0, 3, 5, 6, 7]
        #expect(ClusterTests.texts(shards) == reference.map { row in kept.map { row[$0] } })
        let tables = try db.execute(
            """
            SELECT citus_table_type, distribution_column, table_size, shard_count,
                table_owner, access_method FROM citus_tables
            """)
        let row = ["reference", "<none>", "96 kB", "1", "postgres", "heap"]
        #expect(ClusterTests.texts(tables) == [row])
    }

    /// citus_tables lists by name; ORDER BY 1 sorts regclass by OID, as
    /// the last query of 15_reference_rebalance.out shows.
    @Test func orderByRegclassFollowsCreation() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE zeta (id int);
            CREATE TABLE alpha (id int);
            SELECT create_distributed_table('zeta', 'id');
            SELECT create_distributed_table('alpha', 'id');
            """)
        let byName = try db.execute("SELECT table_name, distribution_column FROM citus_tables")
        #expect(ClusterTests.texts(byName) == [["alpha", "id"], ["zeta", "id"]])
        let byOID = try db.execute("SELECT table_name FROM citus_tables ORDER BY 1")
        #expect(ClusterTests.texts(byOID) == [["zeta"], ["alpha"]])
        let count = try db.execute("SELECT count(*) FROM citus_shards WHERE nodeport = 9701")
        #expect(count.int(0, 0) == 32)
    }

    /// A view over a distributed table reads its shards like the same
    /// subquery would.
    @Test func viewOverDistributedTable() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE ev (site_id int, n int);
            SELECT create_distributed_table('ev', 'site_id');
            INSERT INTO ev SELECT g % 7, g FROM generate_series(1, 200) g;
            CREATE VIEW big AS SELECT site_id, n FROM ev WHERE n > 100;
            """)
        let viaView = try db.execute(
            "SELECT site_id, count(*) FROM big GROUP BY 1 ORDER BY 1")
        let viaSubquery = try db.execute(
            """
            SELECT site_id, count(*) FROM (SELECT site_id, n FROM ev WHERE n > 100) big
            GROUP BY 1 ORDER BY 1
            """)
        #expect(viaView.rows.count == 7)
        #expect(ClusterTests.texts(viaView) == ClusterTests.texts(viaSubquery))
        let pinned = try db.execute("SELECT count(*) FROM big WHERE site_id = 3")
        #expect(pinned.int(0, 0) == 15)
    }
}

@Suite struct DistributedViewWriteTests {
    /// INSERT through a view over a distributed table is rewritten into an
    /// INSERT into the table before the distribution layer plans it, so it
    /// routes to the shards as the same INSERT on the table would.
    @Test func insertThroughAViewRoutesToShards() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE ev (site_id int, n int DEFAULT 7);
            SELECT create_distributed_table('ev', 'site_id', shard_count => 4);
            CREATE VIEW ev_v (site, num) AS SELECT site_id, n FROM ev;
            INSERT INTO ev_v (site) VALUES (1), (2), (3);
            DO $$ BEGIN FOR i IN 4..6 LOOP INSERT INTO ev_v VALUES (i, 100 + i); END LOOP; END $$;
            """)
        let rows = try db.execute("SELECT site_id, n FROM ev ORDER BY 1")
        #expect(
            ClusterTests.texts(rows) == [
                ["1", "7"], ["2", "7"], ["3", "7"], ["4", "104"], ["5", "105"], ["6", "106"],
            ])
        let shards = try db.execute(
            "SELECT count(DISTINCT get_shard_id_for_distribution_column('ev', site_id)) FROM ev")
        #expect(shards.int(0, 0) ?? 0 > 1)
    }
}
