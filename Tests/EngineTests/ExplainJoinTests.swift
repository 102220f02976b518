// EXPLAIN of joins on a single node. The plans were printed by
// PostgreSQL 15 for the same never-analysed tables (the golden
// 48_explain_joins holds many more); the shapes the planner does not model
// must raise 0A000 rather than print a plan PostgreSQL would not choose.
import Engine
import Testing

@Suite("EXPLAIN of joins")
struct ExplainJoinTests {
    /// A node with the tables the cases read.
    private func database() throws -> Database {
        let db = try Database()
        _ = try db.execute(
            """
            CREATE TABLE orders (id int, customer_id int, amount int, note text);
            CREATE TABLE customers (id int, name text, country text);
            CREATE TABLE tags (k int, label text);
            CREATE TABLE wide (k int, a text, b text, c text, d text, e text, f text, g text);
            CREATE TABLE keyed (id int PRIMARY KEY, v int);
            CREATE TABLE big (id bigint, x int);
            """)
        return db
    }

    private func plan(_ db: Database, _ sql: String) throws -> [String] {
        let result = try db.execute(sql)
        return result.rows.indices.map { result.text(row: $0, column: 0) ?? "" }
    }

    /// The hash join's costs: the inner's total plus 0.0125 a row at
    /// startup, half a bucket (a tenth of the inner, its column's distinct
    /// count being the default 200) compared per outer row. PostgreSQL 15
    /// printed these lines.
    @Test func hashJoinCostsFollowPostgreSQL() throws {
        let db = try database()
        #expect(
            try plan(db, "EXPLAIN SELECT * FROM wide w JOIN tags t ON w.k = t.k") == [
                "Hash Join  (cost=16.98..111.75 rows=1968 width=264)",
                "  Hash Cond: (t.k = w.k)",
                "  ->  Seq Scan on tags t  (cost=0.00..22.70 rows=1270 width=36)",
                "  ->  Hash  (cost=13.10..13.10 rows=310 width=228)",
                "        ->  Seq Scan on wide w  (cost=0.00..13.10 rows=310 width=228)",
            ])
    }

    /// A constant equated to a join column filters both scans and leaves
    /// no join clause: a Nested Loop over a Materialize. PostgreSQL 15
    /// printed these lines.
    @Test func sharedConstantFiltersBothScans() throws {
        let db = try database()
        let sql =
            "EXPLAIN (COSTS OFF) SELECT * FROM orders o JOIN customers c "
            + "ON o.customer_id = c.id WHERE c.id = 2"
        #expect(
            try plan(db, sql) == [
                "Nested Loop",
                "  ->  Seq Scan on orders o",
                "        Filter: (customer_id = 2)",
                "  ->  Materialize",
                "        ->  Seq Scan on customers c",
                "              Filter: (id = 2)",
            ])
    }

    /// The planner does not model these shapes (PostgreSQL 15 plans them
    /// with paths it does not weigh): an outer join's index paths,
    /// incremental and descending sorts over a merge join's order, range
    /// conditions on the key (index range scans), a three-column
    /// equivalence class, three tables,
    /// USING, subqueries in FROM, cross-type equalities, outer join
    /// reduction and join conditions of other forms.
    @Test(arguments: [
        "SELECT * FROM orders o LEFT JOIN keyed k ON o.id = k.id",
        "SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id "
            + "ORDER BY o.customer_id, o.amount",
        "SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id ORDER BY c.id DESC",
        "SELECT * FROM orders o JOIN keyed k ON o.id = k.id WHERE k.id > 3",
        "SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id AND o.amount = c.id",
        "SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id JOIN tags t ON t.k = c.id",
        "SELECT * FROM orders o JOIN customers c USING (id)",
        "SELECT * FROM orders o JOIN (SELECT * FROM tags) t ON t.k = o.id",
        "SELECT * FROM orders o JOIN big b ON o.id = b.id",
        "SELECT * FROM orders o LEFT JOIN customers c ON o.customer_id = c.id WHERE c.id > 1",
        "SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id + 1",
        "SELECT * FROM tags t CROSS JOIN big b, customers c",
    ])
    func unmodelledShapesRaiseFeatureNotSupported(query: String) throws {
        let db = try database()
        _ = try db.execute("INSERT INTO big SELECT g, g FROM generate_series(1, 5000) g")
        for prefix in ["EXPLAIN ", "EXPLAIN (COSTS OFF) "] {
            #expect(throws: SQLError.self) { try db.execute(prefix + query) }
            do {
                _ = try db.execute(prefix + query)
            } catch let error as SQLError {
                #expect(error.sqlState == "0A000")
            }
        }
    }

    @Test(arguments: [
        "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY OFF) SELECT * FROM orders o, customers c",
        // Over jit_above_cost PostgreSQL adds its JIT lines.
        "EXPLAIN SELECT * FROM big b1 CROSS JOIN big b2",
    ])
    func unmodelledOptionsRaiseFeatureNotSupported(query: String) throws {
        let db = try database()
        _ = try db.execute("INSERT INTO big SELECT g, g FROM generate_series(1, 5000) g")
        do {
            _ = try db.execute(query)
            Issue.record("no error for \(query)")
        } catch let error as SQLError {
            #expect(error.sqlState == "0A000")
        }
    }

    /// A join over a unique key: PostgreSQL 15 hashes the keyed table and
    /// costs the join as a semi-join (each outer row matches at most once,
    /// the share of outer rows with a match the join's selectivity).
    @Test func uniqueInnerSideCostsAsASemiJoin() throws {
        let db = try database()
        #expect(
            try plan(db, "EXPLAIN SELECT * FROM orders o JOIN keyed k ON o.id = k.id") == [
                "Hash Join  (cost=60.85..85.12 rows=1130 width=52)",
                "  Hash Cond: (o.id = k.id)",
                "  ->  Seq Scan on orders o  (cost=0.00..21.30 rows=1130 width=44)",
                "  ->  Hash  (cost=32.60..32.60 rows=2260 width=8)",
                "        ->  Seq Scan on keyed k  (cost=0.00..32.60 rows=2260 width=8)",
            ])
    }

    /// A filtered outer side scans the (empty) key per row; PostgreSQL 15
    /// printed these lines.
    @Test func parameterisedIndexScanUnderNestedLoop() throws {
        let db = try database()
        let sql =
            "EXPLAIN SELECT * FROM keyed k JOIN orders o ON o.id = k.id WHERE o.amount = 5"
        #expect(
            try plan(db, sql) == [
                "Nested Loop  (cost=0.15..49.16 rows=6 width=52)",
                "  ->  Seq Scan on orders o  (cost=0.00..24.12 rows=6 width=44)",
                "        Filter: (amount = 5)",
                "  ->  Index Scan using keyed_pkey on keyed k  (cost=0.15..4.17 rows=1 width=8)",
                "        Index Cond: (id = o.id)",
            ])
    }

    /// PostgreSQL's analysis errors come first, with their position.
    @Test func queryErrorsComeFirst() throws {
        let db = try database()
        do {
            _ = try db.execute(
                "EXPLAIN SELECT id FROM orders o JOIN customers c ON o.customer_id = c.id")
            Issue.record("no error")
        } catch let error as SQLError {
            #expect(error.sqlState == "42702")
            #expect(error.message == "column reference \"id\" is ambiguous")
        }
    }
}
