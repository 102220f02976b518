// Foreign keys on Citus tables. The expected behaviour and texts come from
// Citus' source and regression tests, not from a recorded run:
// src/backend/distributed/commands/foreign_constraint.c
// (ErrorIfUnsupportedForeignConstraintExists, EnsureSupportedFKeyOnDistKey),
// commands/truncate.c (TruncateTaskList's `TRUNCATE TABLE .. CASCADE`,
// EnsureLocalTableCanBeTruncated), commands/alter_table.c
// (EnsureTableNotReferencing / EnsureTableNotReferenced), and the shard
// constraint names and worker errors of
// src/test/regress/expected/multi_foreign_key.out and
// foreign_key_to_reference_table.out (`<name>_<shardid>`, `CONTEXT:  while
// executing command on localhost:port`); Citus' docs ("Distributing
// Coordinator Data": distribute the referenced table first).
import Engine
import Testing

@testable import ShardRouter

@Suite struct ForeignKeyDistributedTests {
    /// The error `sql` raises, or nil.
    private func error(_ db: Database, _ sql: String) -> SQLError? {
        do {
            _ = try db.execute(sql)
            return nil
        } catch let error as SQLError {
            return error
        } catch {
            return nil
        }
    }

    private func setUp() throws -> (Cluster, Database) {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            SET citus.shard_count TO 4;
            SET citus.next_shard_id TO 1350000;
            CREATE TABLE referenced_table(id int UNIQUE, test_column int,
              PRIMARY KEY (id, test_column));
            CREATE TABLE referencing_table(id int, ref_id int,
              FOREIGN KEY (ref_id) REFERENCES referenced_table(id));
            """)
        return (cluster, db)
    }

    @Test func referencedTableMustBeDistributedFirst() throws {
        let (cluster, db) = try setUp()
        defer { cluster.shutdown() }
        let e = error(db, "SELECT create_distributed_table('referencing_table', 'ref_id')")
        #expect(e?.sqlState == "42P16")
        #expect(
            e?.message
                == "referenced table \"referenced_table\" must be a distributed table or a reference table"
        )
        #expect(
            e?.detail
                == "To enforce foreign keys, the referencing and referenced rows need to be stored on the same node."
        )
        #expect(
            e?.hint
                == "You could use SELECT create_reference_table('referenced_table') to replicate the referenced table to all nodes or consider dropping the foreign key"
        )
        #expect(try db.execute("SELECT count(*) FROM pg_dist_partition").string(0, 0) == "0")
    }

    @Test func workersEnforceKeysBetweenColocatedShards() throws {
        let (cluster, db) = try setUp()
        defer { cluster.shutdown() }
        try db.execute("SELECT create_distributed_table('referenced_table', 'id')")
        try db.execute("SELECT create_distributed_table('referencing_table', 'ref_id')")

        // Value 1 hashes to the first shard of each table (1350000, 1350004).
        let insert = error(db, "INSERT INTO referencing_table VALUES (1, 1)")
        #expect(insert?.sqlState == "23503")
        #expect(
            insert?.message
                == "insert or update on table \"referencing_table_1350004\" violates foreign key constraint \"referencing_table_ref_id_fkey_1350004\""
        )
        #expect(
            insert?.detail
                == "Key (ref_id)=(1) is not present in table \"referenced_table_1350000\".")
        #expect(insert?.context == "while executing command on localhost:9701")

        try db.execute("INSERT INTO referenced_table VALUES (1, 1)")
        try db.execute("INSERT INTO referencing_table VALUES (1, 1)")
        let delete = error(db, "DELETE FROM referenced_table WHERE id = 1")
        #expect(
            delete?.message
                == "update or delete on table \"referenced_table_1350000\" violates foreign key constraint \"referencing_table_ref_id_fkey_1350004\" on table \"referencing_table_1350004\""
        )

        // TRUNCATE is refused as PostgreSQL refuses it; CASCADE reaches the
        // referencing table's shards.
        let truncate = error(db, "TRUNCATE referenced_table")
        #expect(
            truncate?.message == "cannot truncate a table referenced in a foreign key constraint")
        try db.execute("TRUNCATE referenced_table CASCADE")
        #expect(try db.execute("SELECT count(*) FROM referencing_table").string(0, 0) == "0")
    }

    @Test func alterTableAddsAndDropsTheShardsKeys() throws {
        let (cluster, db) = try setUp()
        defer { cluster.shutdown() }
        try db.execute(
            """
            SELECT create_distributed_table('referenced_table', 'id');
            SELECT create_distributed_table('referencing_table', 'ref_id');
            ALTER TABLE referencing_table DROP CONSTRAINT referencing_table_ref_id_fkey;
            INSERT INTO referencing_table VALUES (3, 3);
            """)
        // The workers check the rows already there.
        let invalid = error(
            db,
            "ALTER TABLE referencing_table ADD CONSTRAINT fkey FOREIGN KEY (ref_id) "
                + "REFERENCES referenced_table(id) ON DELETE CASCADE")
        #expect(invalid?.sqlState == "23503")
        #expect(invalid?.context?.hasPrefix("while executing command on localhost:") == true)
        try db.execute(
            """
            INSERT INTO referenced_table VALUES (3, 3);
            ALTER TABLE referencing_table ADD CONSTRAINT fkey FOREIGN KEY (ref_id)
              REFERENCES referenced_table(id) ON DELETE CASCADE;
            DELETE FROM referenced_table;
            """)
        #expect(try db.execute("SELECT count(*) FROM referencing_table").string(0, 0) == "0")

        let detail =
            "Foreign keys are supported in two cases, either in between two colocated tables including partition column in the same ordinal in the both tables or from distributed to reference tables"
        let offColumn = error(
            db,
            "ALTER TABLE referencing_table ADD CONSTRAINT f2 FOREIGN KEY (id) "
                + "REFERENCES referenced_table(id)")
        #expect(offColumn?.message == "cannot create foreign key constraint")
        #expect(offColumn?.detail == detail)
        let setNull = error(
            db,
            "ALTER TABLE referencing_table ADD CONSTRAINT f3 FOREIGN KEY (ref_id) "
                + "REFERENCES referenced_table(id) ON DELETE SET NULL")
        #expect(
            setNull?.detail
                == "SET NULL or SET DEFAULT is not supported in ON DELETE operation when distribution key is included in the foreign key constraint"
        )
        let updateCascade = error(
            db,
            "ALTER TABLE referencing_table ADD CONSTRAINT f4 FOREIGN KEY (ref_id) "
                + "REFERENCES referenced_table(id) ON UPDATE CASCADE")
        #expect(
            updateCascade?.detail
                == "SET NULL, SET DEFAULT or CASCADE is not supported in ON UPDATE operation when distribution key included in the foreign constraint."
        )
        // A refused key leaves no trace on the coordinator.
        let keys = try db.execute(
            "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint "
                + "WHERE conrelid = 'referencing_table'::regclass")
        #expect(keys.string(0, 0) == "fkey")
    }

    @Test func nonColocatedTablesAndReferenceTables() throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE a (id int PRIMARY KEY);
            SELECT create_distributed_table('a', 'id');
            CREATE TABLE b (id int, a_id int);
            SELECT create_distributed_table('b', 'a_id', colocate_with => 'none');
            CREATE TABLE ref (k int PRIMARY KEY);
            SELECT create_reference_table('ref');
            CREATE TABLE ref2 (k int PRIMARY KEY);
            SELECT create_reference_table('ref2');
            """)
        let apart = error(db, "ALTER TABLE b ADD FOREIGN KEY (a_id) REFERENCES a(id)")
        #expect(
            apart?.message
                == "cannot create foreign key constraint since relations are not colocated or not referencing a reference table"
        )
        #expect(
            apart?.detail
                == "A distributed table can only have foreign keys if it is referencing another colocated hash distributed table or a reference table"
        )
        let fromReference = error(db, "ALTER TABLE ref ADD FOREIGN KEY (k) REFERENCES a(id)")
        #expect(
            fromReference?.message
                == "cannot create foreign key constraint since foreign keys from reference tables and local tables to distributed tables are not supported"
        )
        #expect(
            fromReference?.detail
                == "Reference tables and local tables can only have foreign keys to reference tables and local tables"
        )
        let fromLocal = error(db, "CREATE TABLE loc (x int REFERENCES a(id))")
        #expect(fromLocal?.message == fromReference?.message)
        #expect(error(db, "SELECT 1 FROM loc")?.sqlState == "42P01")

        // Distributed to reference and reference to reference: every
        // placement of the reference table checks.
        try db.execute(
            """
            ALTER TABLE b ADD CONSTRAINT b_ref FOREIGN KEY (id) REFERENCES ref(k) ON DELETE SET NULL;
            ALTER TABLE ref2 ADD CONSTRAINT ref2_ref FOREIGN KEY (k) REFERENCES ref(k);
            INSERT INTO ref VALUES (1), (2);
            INSERT INTO ref2 VALUES (2);
            INSERT INTO b VALUES (1, 10), (2, 20);
            DELETE FROM ref WHERE k = 1;
            """)
        let rows = try db.execute("SELECT id, a_id FROM b ORDER BY a_id")
        #expect(rows.string(0, 0) == nil)
        #expect(rows.string(1, 0) == "2")
        let refDelete = error(db, "DELETE FROM ref WHERE k = 2")
        #expect(refDelete?.sqlState == "23503")
    }

    @Test func shardMovesKeepTheKeys() throws {
        let (cluster, db) = try setUp()
        defer { cluster.shutdown() }
        try db.execute(
            """
            SELECT create_distributed_table('referenced_table', 'id');
            SELECT create_distributed_table('referencing_table', 'ref_id');
            SELECT citus_move_shard_placement(1350000, 'localhost', 9701, 'localhost', 9702,
              shard_transfer_mode => 'block_writes');
            """)
        let placement = try db.execute(
            "SELECT nodeport FROM pg_dist_placement JOIN pg_dist_node USING (groupid) "
                + "WHERE shardid = 1350004")
        #expect(placement.string(0, 0) == "9702")
        let insert = error(db, "INSERT INTO referencing_table VALUES (1, 1)")
        #expect(insert?.context == "while executing command on localhost:9702")
        #expect(insert?.message.contains("referencing_table_ref_id_fkey_1350004") == true)
    }

    @Test func undistributeRefusesTablesWithKeys() throws {
        let (cluster, db) = try setUp()
        defer { cluster.shutdown() }
        try db.execute(
            """
            SELECT create_distributed_table('referenced_table', 'id');
            SELECT create_distributed_table('referencing_table', 'ref_id');
            """)
        let e = error(db, "SELECT undistribute_table('referenced_table')")
        #expect(
            e?.message
                == "cannot complete operation because table referenced_table is referenced by a foreign key"
        )
        #expect(
            e?.hint
                == "Use cascade option to undistribute all the relations involved in a foreign key relationship with public.referenced_table by executing SELECT undistribute_table($$public.referenced_table$$, cascade_via_foreign_keys=>true)"
        )
        // DROP TABLE .. CASCADE removes the key from the shards as well.
        try db.execute("DROP TABLE referenced_table CASCADE")
        try db.execute("INSERT INTO referencing_table VALUES (1, 1)")
        try db.execute("SELECT undistribute_table('referencing_table')")
        #expect(try db.execute("SELECT count(*) FROM referencing_table").string(0, 0) == "1")
    }
}
