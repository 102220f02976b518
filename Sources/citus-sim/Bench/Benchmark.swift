// `citus-sim bench`: the lab's workload run through the public embedding
// API, in a release build, for scripts/bench.sh to print beside
// PostgreSQL's figures measured in the same run.
import Engine
import Foundation
import ShardRouter

/// The lab's http_request workload: single-row INSERTs, a bulk load and
/// the Lab 4 dashboard query.
struct Benchmark {
    var insertCount = 100_000
    var rowCount = 1_000_000
    var repetitions = 5
    /// Where to write the loaded rows as CSV, for PostgreSQL to COPY.
    var csvPath: String?

    /// The dashboard query as ../shared/bench runs it (no time filter).
    static let dashboard =
        "SELECT site_id, date_trunc('minute', ingest_time) as minute, COUNT(1) AS request_count, SUM(CASE WHEN (status_code between 200 and 299) THEN 1 ELSE 0 END) as success_count, SUM(CASE WHEN (status_code between 200 and 299) THEN 0 ELSE 1 END) as error_count, SUM(response_time_msec) / COUNT(1) AS average_response_time_msec FROM http_request GROUP BY site_id, minute ORDER BY minute ASC LIMIT 15"

    /// Issue 5's budget: hll_add_agg over the loaded rows' hashed URLs.
    static let hllQuery =
        "SELECT hll_cardinality(hll_add_agg(hll_hash_text(url))) FROM http_request"

    /// Issue 6's budget: the raw rows joined with 32 sites, grouped by site.
    static let sitesSetup =
        "CREATE TABLE sites (site_id int PRIMARY KEY, name text); INSERT INTO sites SELECT i, 'site ' || i FROM generate_series(0, 31) i"
    static let joinQuery =
        "SELECT s.name, count(*) AS requests, avg(r.response_time_msec) AS average_response_time FROM http_request r JOIN sites s ON s.site_id = r.site_id GROUP BY s.name"

    /// Issue 6's other budget: point lookups through a bigint primary key
    /// among as many rows as the dashboard reads.
    static let lookupSetup =
        "CREATE TABLE lookup (id bigint PRIMARY KEY, site_id int, url text)"
    static func lookupQuery(_ key: Int) -> String {
        "SELECT site_id, url FROM lookup WHERE id = \(key)"
    }
    static let lookupCount = 20_000

    static let schema = """
        CREATE TABLE http_request (
          site_id INT,
          ingest_time TIMESTAMPTZ DEFAULT now(),
          url TEXT,
          request_country TEXT,
          ip_address TEXT,
          status_code INT,
          response_time_msec INT
        )
        """

    /// Parses `bench` arguments: `--inserts N --rows N --repeat N --csv F`.
    init(arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw BenchmarkError.usage(flag) }
            switch flag {
            case "--inserts": insertCount = try Self.count(value, flag)
            case "--rows": rowCount = try Self.count(value, flag)
            case "--repeat": repetitions = try Self.count(value, flag)
            case "--csv": csvPath = value
            default: throw BenchmarkError.usage(flag)
            }
        }
    }

    private static func count(_ text: String, _ flag: String) throws -> Int {
        guard let n = Int(text), n > 0 else { throw BenchmarkError.usage(flag) }
        return n
    }

    /// Runs every measurement and prints one `name value unit` line each.
    /// The load runs first, so the memory it reads is not hidden by pages
    /// an earlier measurement freed.
    func run() throws {
        try measureLoadAndDashboard()
        try measureInserts()
        try measureLoop()
        try measureDistributedDashboard()
    }

    /// The dashboard query on a cluster of a coordinator and two workers,
    /// http_request distributed over 32 shards, the same rows loaded
    /// through the coordinator.
    private func measureDistributedDashboard() throws {
        let cluster = try Cluster(workers: 2)
        let db = cluster.coordinator
        try db.execute(Self.schema)
        try db.execute("SELECT create_distributed_table('http_request', 'site_id')")
        let start = DispatchTime.now().uptimeNanoseconds
        try load(into: db)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        report("distributed_load_rate", Double(rowCount) / seconds, "rows/s")
        report("distributed_dashboard_query", try timeDashboard(db), "ms")
    }

    /// Inserts `rowCount` generated rows in multi-row INSERTs.
    private func load(into db: Database) throws {
        var generator = LabRowGenerator(seed: 2, rows: rowCount)
        var loaded = 0
        while loaded < rowCount {
            let batch = min(1000, rowCount - loaded)
            var values: [String] = []
            values.reserveCapacity(batch)
            for _ in 0..<batch {
                let row = generator.next()
                values.append("(\(row.sqlValues))")
            }
            try db.execute("INSERT INTO http_request VALUES " + values.joined(separator: ","))
            loaded += batch
        }
    }

    /// The median time of the dashboard query over `repetitions` runs.
    private func timeDashboard(_ db: Database) throws -> Double {
        try timeQuery(db, Self.dashboard)
    }

    /// The median time of `sql` over `repetitions` runs.
    private func timeQuery(_ db: Database, _ sql: String) throws -> Double {
        var timings: [Double] = []
        for _ in 0..<repetitions {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try db.execute(sql)
            timings.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
        }
        return timings.sorted()[timings.count / 2]
    }

    /// Single-row INSERTs, each with its own literal values, parsed and
    /// executed one by one.
    private func measureInserts() throws {
        let db = try Database()
        try db.execute(Self.schema)
        var generator = LabRowGenerator(seed: 1, rows: insertCount)
        let statements = (0..<insertCount).map { _ in
            "INSERT INTO http_request (site_id, ingest_time, url, request_country, ip_address, status_code, response_time_msec) VALUES (\(generator.next().sqlValues));"
        }
        let start = DispatchTime.now().uptimeNanoseconds
        for statement in statements {
            try db.execute(statement)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        report("insert_single_row_rate", Double(insertCount) / seconds, "rows/s")
    }

    /// The lab's generator as a server-side PL/pgSQL loop, as
    /// scripts/bench.sh runs it on PostgreSQL.
    private func measureLoop() throws {
        let db = try Database()
        try db.execute(Self.schema)
        let start = DispatchTime.now().uptimeNanoseconds
        try db.execute(Self.loop(insertCount))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        report("plpgsql_loop_rate", Double(insertCount) / seconds, "rows/s")
    }

    /// The DO block both sides run for the loop measurement.
    static func loop(_ count: Int) -> String {
        "DO $$ BEGIN FOR i IN 1..\(count) LOOP INSERT INTO http_request (site_id, ingest_time, "
            + "url, request_country, ip_address, status_code, response_time_msec) VALUES "
            + "(trunc(random()*32), clock_timestamp(), concat('http://example.com/', "
            + "md5(random()::text)), ('{China,India,USA,Indonesia}'::text[])[ceil(random()*4)], "
            + "concat(trunc(random()*250 + 2), '.', trunc(random()*250 + 2), '.', "
            + "trunc(random()*250 + 2), '.', trunc(random()*250 + 2)), "
            + "('{200,404}'::int[])[ceil(random()*2)], 5+trunc(random()*150)); END LOOP; END $$;"
    }

    /// Loads `rowCount` rows in multi-row INSERTs, then times the dashboard
    /// query and reads the memory the rows take.
    private func measureLoadAndDashboard() throws {
        let db = try Database()
        try db.execute(Self.schema)
        let rssBefore = residentBytes()
        let start = DispatchTime.now().uptimeNanoseconds
        try load(into: db)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        report("load_rate", Double(rowCount) / seconds, "rows/s")
        report(
            "memory_per_row", Double(residentBytes() - rssBefore) / Double(rowCount), "bytes/row")
        if let csvPath {
            try writeCSV(to: csvPath)
        }
        report("dashboard_query", try timeDashboard(db), "ms")
        try db.execute("CREATE EXTENSION hll")
        report("hll_add_agg_query", try timeQuery(db, Self.hllQuery), "ms")
        let estimate = try db.execute(Self.hllQuery)
        print("hll_add_agg_estimate \(estimate.string(0, 0) ?? "") estimate")
        try db.execute(Self.sitesSetup)
        report("sites_join_query", try timeQuery(db, Self.joinQuery), "ms")
        try measureLookups(db)
    }

    /// Fills `lookup` with `rowCount` rows, then times single-row SELECTs
    /// by primary key through the embedding API, each parsed and planned
    /// like any statement.
    private func measureLookups(_ db: Database) throws {
        try db.execute(Self.lookupSetup)
        try db.execute(
            "INSERT INTO lookup SELECT i, i % 32, 'http://example.com/' || i "
                + "FROM generate_series(1, \(rowCount)) i")
        var key = 7
        let keys = (0..<Self.lookupCount).map { _ -> Int in
            key = (key &* 48271) % 2_147_483_647
            return key % rowCount + 1
        }
        var found = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for k in keys {
            found += try db.execute(Self.lookupQuery(k)).rows.count
        }
        let nanoseconds = Double(DispatchTime.now().uptimeNanoseconds - start)
        guard found == keys.count else { throw BenchmarkError.lookupMissed(found, keys.count) }
        report("point_lookup", nanoseconds / 1000 / Double(keys.count), "us")
    }

    /// Writes the same rows the load inserted (same seed) as CSV.
    private func writeCSV(to path: String) throws {
        var generator = LabRowGenerator(seed: 2, rows: rowCount)
        var csv = ""
        for _ in 0..<rowCount {
            csv.append(generator.next().csvLine)
        }
        try csv.write(toFile: path, atomically: false, encoding: .utf8)
    }

    private func report(_ name: String, _ value: Double, _ unit: String) {
        print("\(name) \(String(format: "%.1f", value)) \(unit)")
    }

    /// The process's resident set size, from /proc/self/statm.
    private func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else {
            return 0
        }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// Bad `bench` arguments.
enum BenchmarkError: Error, CustomStringConvertible {
    case usage(String)
    case lookupMissed(Int, Int)

    var description: String {
        switch self {
        case .lookupMissed(let found, let expected):
            return "point lookups found \(found) rows, expected \(expected)"
        case .usage(let flag):
            return
                "bad bench option near \(flag); usage: citus-sim bench [--inserts N] [--rows N] [--repeat N] [--csv FILE]"
        }
    }
}

/// Rows shaped like the lab's load generator, from a fixed seed.
struct LabRowGenerator {
    /// One http_request row.
    struct Row {
        var siteID: Int
        var ingestTime: String
        var url: String
        var country: String
        var ip: String
        var status: Int
        var responseTime: Int

        var sqlValues: String {
            "\(siteID), '\(ingestTime)', '\(url)', '\(country)', '\(ip)', \(status), \(responseTime)"
        }

        var csvLine: String {
            "\(siteID),\(ingestTime),\(url),\(country),\(ip),\(status),\(responseTime)\n"
        }
    }

    private var state: UInt64
    private var index = 0
    private let rows: Int
    private static let countries = ["China", "India", "USA", "Indonesia"]
    private static let hex = Array("0123456789abcdef")

    init(seed: UInt64, rows: Int) {
        state = seed
        self.rows = rows
    }

    /// SplitMix64.
    private mutating func random() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ n: Int) -> Int { Int(random() % UInt64(n)) }

    /// The next row: ingest times spread over ten minutes from
    /// 2024-01-01 00:00 UTC in row order.
    mutating func next() -> Row {
        let micros = index * 600_000_000 / max(rows, 1)
        index += 1
        let seconds = micros / 1_000_000
        let time = String(
            format: "2024-01-01 00:%02d:%02d.%06d+00", seconds / 60, seconds % 60,
            micros % 1_000_000)
        var url = "http://example.com/"
        for _ in 0..<32 { url.append(Self.hex[below(16)]) }
        let ip = (0..<4).map { _ in String(2 + below(250)) }.joined(separator: ".")
        return Row(
            siteID: below(32), ingestTime: time, url: url, country: Self.countries[below(4)],
            ip: ip,
            status: below(2) == 0 ? 200 : 404, responseTime: 5 + below(150))
    }
}
