// Five simulated days of the lab on the virtual clock: the load generator
// in a background session, pg_cron rolling up every ten minutes with the
// window [last, curr), pg_partman's daily maintenance with a retention of
// three days. Afterwards every raw row of a retained day is counted once
// in the rollup, today's partition and four ahead exist, and none that
// the retention drops is left.
import Engine
import Testing

@testable import ShardRouter

@Suite struct LabDaysTests {
    /// 2026-12-03 00:00 UTC.
    static let start: Int64 = 849_571_200_000_000

    @Test func fiveDaysOfLoadRollupAndRetention() throws {
        let cluster = try Cluster(clock: .virtual(start: Self.start), seed: 11)
        defer { cluster.shutdown() }
        let db = cluster.coordinator
        try db.execute(
            """
            SET citus.shard_count = 4;
            CREATE TABLE http_request (
                site_id INT, ingest_time TIMESTAMPTZ DEFAULT now(), url TEXT,
                status_code INT) PARTITION BY RANGE (ingest_time);
            SELECT partman.create_parent('public.http_request', 'ingest_time', 'native', 'daily');
            UPDATE partman.part_config SET infinite_time_partitions = true,
                retention = '3 days', retention_keep_table = false;
            SELECT partman.run_maintenance(p_analyze := false);
            SELECT cron.schedule('@daily', $$SELECT partman.run_maintenance(p_analyze := false)$$);
            CREATE TABLE http_request_1min (
                site_id INT, ingest_time TIMESTAMPTZ, request_count INT,
                PRIMARY KEY (site_id, ingest_time));
            CREATE TABLE latest_rollup (minute timestamptz PRIMARY KEY);
            SELECT create_distributed_table('http_request', 'site_id');
            SELECT create_distributed_table('http_request_1min', 'site_id');
            INSERT INTO latest_rollup VALUES ('10-10-1901');
            CREATE FUNCTION rollup_http_request() RETURNS void AS $$
            DECLARE
            curr_rollup_time timestamptz := date_trunc('minute', now());
            last_rollup_time timestamptz := minute from latest_rollup;
            BEGIN
            INSERT INTO http_request_1min (site_id, ingest_time, request_count)
            SELECT site_id, date_trunc('minute', ingest_time), count(1)
            FROM http_request
            WHERE date_trunc('minute', ingest_time) <@
                tstzrange(last_rollup_time, curr_rollup_time, '[)')
            GROUP BY 1, 2
            ON CONFLICT (site_id, ingest_time) DO UPDATE
                SET request_count = http_request_1min.request_count + excluded.request_count;
            UPDATE latest_rollup SET minute = curr_rollup_time;
            END;
            $$ LANGUAGE plpgsql;
            SELECT cron.schedule('*/10 * * * *', 'SELECT rollup_http_request();');
            """)
        try db.startBackground(
            """
            DO $$ BEGIN LOOP
                INSERT INTO http_request (site_id, ingest_time, url, status_code)
                VALUES (trunc(random()*32), clock_timestamp(), md5(random()::text),
                    ('{200,404}'::int[])[ceil(random()*2)]);
                COMMIT;
                PERFORM pg_sleep(random() * 120);
            END LOOP; END $$
            """)
        try db.execute("SELECT citus_sim.advance('5 days 30 seconds')")

        // Each retained day's raw rows, up to the last rollup, are in the
        // rollup once.
        let days = try db.execute(
            """
            SELECT d.day, d.raw, coalesce(r.rolled, 0) FROM
              (SELECT date_trunc('day', ingest_time) AS day, count(*) AS raw FROM http_request
               WHERE ingest_time < (SELECT minute FROM latest_rollup) GROUP BY 1) d
            LEFT JOIN
              (SELECT date_trunc('day', ingest_time) AS day, sum(request_count) AS rolled
               FROM http_request_1min GROUP BY 1) r ON r.day = d.day
            ORDER BY 1
            """)
        #expect(days.rows.count == 4)
        for row in days.rows {
            #expect(row[1] == row[2], "\(row)")
        }
        let total = try db.execute("SELECT sum(request_count) FROM http_request_1min")
        if case .int8(let rolled) = total.rows.first?.first ?? .null {
            // About one row a minute over five days, the dropped days too.
            #expect(rolled > 5000)
        } else {
            Issue.record("no rollup")
        }
        // Partitions: the oldest the retention keeps at the last maintenance
        // (midnight of 12-08: 12-04 ends at 12-05 00:00, not before the
        // cutoff), today and four ahead.
        let partitions = try db.execute(
            """
            SELECT partition_tablename FROM partman.show_partitions('public.http_request')
            """)
        #expect(
            partitions.rows.map { $0.first ?? .null } == [
                "http_request_p2026_12_04", "http_request_p2026_12_05", "http_request_p2026_12_06",
                "http_request_p2026_12_07", "http_request_p2026_12_08",
                "http_request_p2026_12_09", "http_request_p2026_12_10",
                "http_request_p2026_12_11", "http_request_p2026_12_12",
            ].map(Value.text))
        let failures = try db.execute(
            "SELECT count(*) FROM cron.job_run_details WHERE status <> 'succeeded'")
        #expect(failures.rows == [[.int8(0)]])
    }
}
