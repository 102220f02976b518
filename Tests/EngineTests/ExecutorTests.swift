// End-to-end statements through the embedding API: DDL, DML, constraint
// errors with their DETAIL lines, ON CONFLICT, partition routing and
// pruning, joins, grouping and ordering. Expected values were measured on
// PostgreSQL 15.18 with the same statements.
import Engine
import Testing

/// Helpers shared by the executor and session suites.
enum EngineTestSupport {
    /// Every row of `result` as text (nil for NULL).
    static func table(_ result: QueryResult) -> [[String?]] {
        let width = result.columns?.count ?? 0
        return (0..<result.rows.count).map { r in
            (0..<width).map { result.text(row: r, column: $0) }
        }
    }

    /// The error `sql` raises on `db`, nil when it succeeds.
    static func failure(_ db: Database, _ sql: String) -> SQLError? {
        do {
            try db.execute(sql)
            return nil
        } catch let error as SQLError {
            return error
        } catch {
            return SQLError("XX000", "\(error)")
        }
    }
}

@Suite("Executor")
struct ExecutorTests {
    private func database(_ setup: String) throws -> Database {
        let db = try Database()
        try db.execute(setup)
        return db
    }

    @Test func insertSelectRoundTrip() throws {
        let db = try database("create table t (a int primary key, b text, c int default 7)")
        #expect(
            try db.execute("insert into t values (1, 'one'), (2, 'two')").commandTag == "INSERT 0 2"
        )
        let result = try db.execute("select * from t order by a")
        #expect(result.columns?.map(\.name) == ["a", "b", "c"])
        #expect(EngineTestSupport.table(result) == [["1", "one", "7"], ["2", "two", "7"]])
        #expect(result.int(1, 0) == 2)
        #expect(result.commandTag == "SELECT 2")
    }

    // insert into t values (1, 'dup') / (null, 'dup') on PostgreSQL 15.
    @Test func constraintViolationsCarryDetail() throws {
        let db = try database(
            "create table t (a int primary key, b text, c int default 7); insert into t values (1, 'one')"
        )
        let dup = EngineTestSupport.failure(db, "insert into t values (1, 'dup')")
        #expect(dup?.sqlState == "23505")
        #expect(dup?.message == "duplicate key value violates unique constraint \"t_pkey\"")
        #expect(dup?.detail == "Key (a)=(1) already exists.")
        let null = EngineTestSupport.failure(db, "insert into t values (null, 'dup')")
        #expect(
            null?.message
                == "null value in column \"a\" of relation \"t\" violates not-null constraint")
        #expect(null?.detail == "Failing row contains (null, dup, 7).")
    }

    // create table t (a int check (a > 0), b int unique, c text,
    //   check (a < b), check (b > 0), primary key (a)); then the inserts.
    @Test func checkConstraintNamesAndOrder() throws {
        let db = try database(
            "create table t (a int check (a > 0), b int unique, c text, check (a < b), check (b > 0), primary key (a))"
        )
        let e1 = EngineTestSupport.failure(db, "insert into t values (1, 1, 'x')")
        #expect(e1?.message == "new row for relation \"t\" violates check constraint \"t_check\"")
        #expect(e1?.detail == "Failing row contains (1, 1, x).")
        let e2 = EngineTestSupport.failure(db, "insert into t values (-1, 5, 'x')")
        #expect(e2?.message == "new row for relation \"t\" violates check constraint \"t_a_check\"")
        let e3 = EngineTestSupport.failure(db, "create table t_pkey (a int)")
        #expect(e3?.message == "relation \"t_pkey\" already exists")
        let db2 = try database(
            "create table cc (a int, b int, constraint foo check (a > 0), check (a > 1), check (a > 2))"
        )
        let e4 = EngineTestSupport.failure(db2, "insert into cc values (0, 0)")
        #expect(
            e4?.message == "new row for relation \"cc\" violates check constraint \"cc_a_check\"")
    }

    @Test func unknownNamesReportPositions() throws {
        let db = try database("create table t (a int)")
        let e1 = EngineTestSupport.failure(db, "select nosuch from t")
        #expect(e1?.sqlState == "42703")
        #expect(e1?.position == 8)
        let e2 = EngineTestSupport.failure(db, "select * from nosuch")
        #expect(e2?.message == "relation \"nosuch\" does not exist")
        #expect(e2?.position == 15)
        let e3 = EngineTestSupport.failure(db, "insert into t (zz) values (1)")
        #expect(e3?.message == "column \"zz\" of relation \"t\" does not exist")
        #expect(e3?.position == 16)
        let e4 = EngineTestSupport.failure(db, "insert into t values (1, 2)")
        #expect(e4?.message == "INSERT has more expressions than target columns")
        #expect(e4?.position == 26)
    }

    // Lab 5's rollup shape, reduced: ON CONFLICT DO UPDATE with excluded.
    @Test func onConflictDoUpdate() throws {
        let db = try database(
            "create table oc (a int primary key, b int, c text); insert into oc values (1, 1, 'x')")
        let r = try db.execute(
            "insert into oc as o values (1, 5, 'z') on conflict (a) do update set b = o.b + excluded.b returning *"
        )
        #expect(EngineTestSupport.table(r) == [["1", "6", "x"]])
        #expect(r.commandTag == "INSERT 0 1")
        let skipped = try db.execute("insert into oc values (1, 9, 'q') on conflict do nothing")
        #expect(skipped.commandTag == "INSERT 0 0")
        let twice = EngineTestSupport.failure(
            db,
            "insert into oc values (2, 1, 'x'), (2, 2, 'y') on conflict (a) do update set b = excluded.b"
        )
        #expect(twice?.sqlState == "21000")
        #expect(twice?.message == "ON CONFLICT DO UPDATE command cannot affect row a second time")
        let noIndex = EngineTestSupport.failure(
            db, "insert into oc values (3, 1, 'x') on conflict (b) do nothing")
        #expect(
            noIndex?.message
                == "there is no unique or exclusion constraint matching the ON CONFLICT specification"
        )
        #expect(try db.execute("select count(*) from oc").int(0, 0) == 1)
    }

    @Test func partitionRoutingAndErrors() throws {
        let db = try database(
            """
            create table p (a int, ts timestamptz) partition by range (ts);
            create table p1 partition of p for values from ('2020-01-01') to ('2020-01-02');
            create table p2 partition of p for values from ('2020-01-02') to ('2020-01-03')
            """)
        try db.execute("insert into p values (1, '2020-01-01 10:00'), (2, '2020-01-02 10:00')")
        #expect(try db.execute("select a from p1").int(0, 0) == 1)
        #expect(try db.execute("select a from p2").int(0, 0) == 2)
        let none = EngineTestSupport.failure(db, "insert into p values (3, '2021-01-01 10:00')")
        #expect(none?.message == "no partition of relation \"p\" found for row")
        #expect(
            none?.detail
                == "Partition key of the failing row contains (ts) = (2021-01-01 10:00:00+00).")
        let overlap = EngineTestSupport.failure(
            db,
            "create table p3 partition of p for values from ('2020-01-01 12:00') to ('2020-01-04')")
        #expect(overlap?.message == "partition \"p3\" would overlap partition \"p1\"")
        #expect(overlap?.position == 49)
        let pk = EngineTestSupport.failure(
            db, "create table q (a int, ts timestamptz, primary key (a)) partition by range (ts)")
        #expect(
            pk?.message
                == "unique constraint on partitioned table must include all partitioning columns")
        #expect(
            pk?.detail
                == "PRIMARY KEY constraint on table \"q\" lacks column \"ts\" which is part of the partition key."
        )
        try db.execute("drop table p1")
        #expect(try db.execute("select count(*) from p").int(0, 0) == 1)
    }

    @Test func defaultPartitionAndPruning() throws {
        let db = try database(
            """
            create table p (a int, ts timestamptz) partition by range (ts);
            create table p1 partition of p for values from ('2020-01-01') to ('2020-01-02');
            create table pd partition of p default;
            insert into p values (1, '2020-01-01 01:00'), (2, '2021-01-01 01:00')
            """)
        #expect(try db.execute("select a from pd").int(0, 0) == 2)
        let moved = EngineTestSupport.failure(
            db, "create table p4 partition of p for values from ('2021-01-01') to ('2021-01-02')")
        #expect(
            moved?.message
                == "updated partition constraint for default partition \"pd\" would be violated by some row"
        )
        let pruned = try db.execute(
            "select a from p where ts >= '2020-01-01' and ts < '2020-01-02'")
        #expect(EngineTestSupport.table(pruned) == [["1"]])
        let update = try db.execute("update p set ts = '2020-01-01 05:00' where a = 2")
        #expect(update.commandTag == "UPDATE 1")
        #expect(try db.execute("select count(*) from p1").int(0, 0) == 2)
    }

    // The j1/j2 queries, measured on PostgreSQL 15.
    @Test func joinsGroupingAndOrdering() throws {
        let db = try database(
            """
            create table j1 (id int, v text); create table j2 (id int, w text);
            insert into j1 values (1,'a'),(2,'b'),(3,null); insert into j2 values (2,'x'),(3,'y'),(4,'z')
            """)
        let inner = try db.execute("select j1.id, v, w from j1 join j2 on j1.id = j2.id order by 1")
        #expect(EngineTestSupport.table(inner) == [["2", "b", "x"], ["3", nil, "y"]])
        let using = try db.execute("select * from j1 left join j2 using (id) order by id")
        #expect(
            EngineTestSupport.table(using) == [
                ["1", "a", nil], ["2", "b", "x"], ["3", nil, "y"],
            ])
        let full = try db.execute(
            "select * from j1 full join j2 on j1.id = j2.id order by j1.id nulls first, j2.id")
        #expect(EngineTestSupport.table(full).first == [nil, nil, "4", "z"])
        let nulls = try db.execute("select v from j1 order by v nulls first")
        #expect(EngineTestSupport.table(nulls) == [[nil], ["a"], ["b"]])
        let on = try db.execute(
            "select distinct on (id > 1) id, v from j1 order by id > 1, id desc")
        #expect(EngineTestSupport.table(on) == [["1", "a"], ["3", nil]])
        let union = try db.execute("select id from j1 union select id from j2 order by 1")
        #expect(EngineTestSupport.table(union) == [["1"], ["2"], ["3"], ["4"]])
        let scalar = try db.execute(
            "select id, (select w from j2 where j2.id = j1.id) from j1 order by id")
        #expect(EngineTestSupport.table(scalar) == [["1", nil], ["2", "x"], ["3", "y"]])
        let grouped = try db.execute(
            "select v, count(*) from j1 group by 1 order by 2 desc, 1 nulls last")
        #expect(EngineTestSupport.table(grouped) == [["a", "1"], ["b", "1"], [nil, "1"]])
        let bad = EngineTestSupport.failure(db, "select v from j1 group by id")
        #expect(
            bad?.message
                == "column \"j1.v\" must appear in the GROUP BY clause or be used in an aggregate function"
        )
        let ordinal = EngineTestSupport.failure(db, "select id from j1 order by 5")
        #expect(ordinal?.message == "ORDER BY position 5 is not in select list")
        #expect(ordinal?.position == 28)
    }

    @Test func alterTableAddColumnFillsDefault() throws {
        let db = try database("create table tr (a int); insert into tr values (1), (2)")
        try db.execute("alter table tr add column b int default 5")
        #expect(
            EngineTestSupport.table(try db.execute("select a, b from tr order by a")) == [
                ["1", "5"], ["2", "5"],
            ])
        let dup = EngineTestSupport.failure(db, "alter table tr add column b int")
        #expect(dup?.message == "column \"b\" of relation \"tr\" already exists")
        try db.execute("alter table tr drop column a")
        #expect(try db.execute("select * from tr").columns?.map(\.name) == ["b"])
        #expect(try db.execute("truncate tr").commandTag == "TRUNCATE TABLE")
        #expect(try db.execute("select count(*) from tr").int(0, 0) == 0)
    }

    @Test func alterTableAddColumnConstraints() throws {
        let db = try database("create table ac (a int); insert into ac values (1), (2)")
        try db.execute("alter table ac add column b int check (b > 0) unique")
        let bad = EngineTestSupport.failure(db, "insert into ac values (3, 0)")
        #expect(bad?.message == "new row for relation \"ac\" violates check constraint \"ac_b_check\"")
        #expect(bad?.detail == "Failing row contains (3, 0).")
        try db.execute("insert into ac values (3, 5)")
        let dup = EngineTestSupport.failure(db, "insert into ac values (4, 5)")
        #expect(dup?.message == "duplicate key value violates unique constraint \"ac_b_key\"")
        let filled = EngineTestSupport.failure(
            db, "alter table ac add column c int check (c > 0) default 0")
        #expect(filled?.message == "check constraint \"ac_c_check\" of relation \"ac\" is violated by some row")
        let pk = EngineTestSupport.failure(db, "alter table ac add column d int primary key")
        #expect(pk?.message == "column \"d\" of relation \"ac\" contains null values")
        // A CHECK reading two columns is named after the table only.
        try db.execute("alter table ac add column f int check (f > a)")
        let two = EngineTestSupport.failure(db, "insert into ac values (9, 1, 1)")
        #expect(two?.message == "new row for relation \"ac\" violates check constraint \"ac_check\"")
        #expect(try db.execute("select * from ac").columns?.map(\.name) == ["a", "b", "f"])
    }

    @Test func partitionBoundErrorPositions() throws {
        let db = try database(
            """
            create table r (a int, b int) partition by range (a, b);
            create table r1 partition of r for values from (1, 1) to (3, 3);
            create table l (a text) partition by list (a);
            create table l1 partition of l for values in ('x', 'y')
            """)
        // Positions measured on PostgreSQL 15: the datum that overlaps or
        // makes the range empty, or the FROM / IN keyword.
        let inside = "create table r2 partition of r for values from (1, 2) to (1, 3)"
        #expect(EngineTestSupport.failure(db, inside)?.position == 49)
        let reaching = "create table r3 partition of r for values from (0, 2) to (1, 3)"
        let overlap = EngineTestSupport.failure(db, reaching)
        #expect(overlap?.message == "partition \"r3\" would overlap partition \"r1\"")
        #expect(overlap?.position == 62)
        let empty = EngineTestSupport.failure(
            db, "create table r4 partition of r for values from (5, 5) to (5, 3)")
        #expect(empty?.position == 52)
        let list = EngineTestSupport.failure(
            db, "create table l2 partition of l for values in ('a', 'b', 'y')")
        #expect(list?.message == "partition \"l2\" would overlap partition \"l1\"")
        #expect(list?.position == 57)
        let kind = EngineTestSupport.failure(
            db, "create table l3 partition of l for values from (1) to (2)")
        #expect(kind?.message == "invalid bound specification for a list partition")
        #expect(kind?.position == 43)
        let after = EngineTestSupport.failure(
            db, "create table r5 partition of r for values from (minvalue, 1) to (9, 9)")
        #expect(after?.message == "every bound following MINVALUE must also be MINVALUE")
        #expect(after?.position == 59)
        let missing = EngineTestSupport.failure(
            db, "create table x partition of nope for values in (1)")
        #expect(missing?.message == "relation \"nope\" does not exist")
        #expect(missing?.position == nil)
    }

    @Test func hashPartitionModuli() throws {
        let db = try database(
            """
            create table h (a int) partition by hash (a);
            create table h1 partition of h for values with (modulus 4, remainder 1)
            """)
        let factor = EngineTestSupport.failure(
            db, "create table h2 partition of h for values with (modulus 3, remainder 1)")
        #expect(
            factor?.detail
                == "The new modulus 3 is not a factor of 4, the modulus of existing partition \"h1\"."
        )
        try db.execute("create table h3 partition of h for values with (modulus 8, remainder 6)")
        let overlap = EngineTestSupport.failure(
            db, "create table h4 partition of h for values with (modulus 2, remainder 0)")
        #expect(overlap?.message == "partition \"h4\" would overlap partition \"h3\"")
        #expect(overlap?.position == 43)
        try db.execute("create table h5 partition of h for values with (modulus 4, remainder 3)")
    }

    @Test func utilityStatementsReportNoPosition() throws {
        let db = try Database()
        let truncate = EngineTestSupport.failure(db, "truncate no_such_table")
        #expect(truncate?.message == "relation \"no_such_table\" does not exist")
        #expect(truncate?.position == nil)
        let schema = EngineTestSupport.failure(db, "truncate nosch.t")
        #expect(schema?.message == "schema \"nosch\" does not exist")
        let select = EngineTestSupport.failure(db, "select * from nosch.t")
        #expect(select?.message == "relation \"nosch.t\" does not exist")
        #expect(select?.position == 15)
        let pk = EngineTestSupport.failure(
            db, "create table q (id int primary key, t int) partition by range (t)")
        #expect(pk?.position == nil)
    }

    @Test func sqlFunctionBodiesAreChecked() throws {
        let db = try Database()
        let sql = "create function f2() returns int language sql as $$ select nope $$"
        let missing = EngineTestSupport.failure(db, sql)
        #expect(missing?.message == "column \"nope\" does not exist")
        #expect(missing?.position == 60)
        // The body is analysed, not run: 1/0 fails only when called.
        try db.execute("create function f3() returns int language sql as 'select 1/0'")
        #expect(EngineTestSupport.failure(db, "select f3()")?.message == "division by zero")
        try db.execute("create function f1(a int, b int) returns int language sql as 'select a'")
        let renamed = EngineTestSupport.failure(
            db, "create or replace function f1(x int, b int) returns int language sql as 'select 1'")
        #expect(renamed?.message == "cannot change name of input parameter \"a\"")
        #expect(renamed?.hint == "Use DROP FUNCTION f1(integer,integer) first.")
        let type = EngineTestSupport.failure(
            db, "create function f4(nosuchtype) returns int language sql as 'select 1'")
        #expect(type?.message == "type nosuchtype does not exist")
        #expect(type?.position == nil)
    }

    // select setseed(0.5); select random(); on PostgreSQL 15.
    @Test func seededRandomMatchesPostgres() throws {
        let db = try Database()
        try db.execute("select setseed(0.5)")
        #expect(try db.execute("select random()").double(0, 0) == 0.9851677175347999)
        #expect(try db.execute("select random()").double(0, 0) == 0.825301858027981)
    }
}
