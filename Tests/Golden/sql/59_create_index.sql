-- CREATE INDEX and DROP INDEX: default names, errors, unique indexes over
-- existing and new rows, ON CONFLICT on a unique index, indexes on
-- partitioned tables, psql's \d and \di, and the plans EXPLAIN chooses.

CREATE TABLE items (id int, name text, qty int, price numeric);
INSERT INTO items VALUES (1, 'apple', 3, 1.5), (2, 'pear', 3, 2.0), (2, 'plum', 7, 0.5);

-- Default names: table_column_idx, numbered on a clash.
CREATE INDEX ON items (name);
CREATE INDEX ON items (name);
CREATE INDEX ON items (qty, price);
CREATE INDEX items_by_qty ON items (qty DESC NULLS LAST) INCLUDE (price);
CREATE INDEX ON items (lower(name));
CREATE INDEX ON items ((qty * 2)) WHERE qty > 0;
CREATE INDEX CONCURRENTLY items_price_c ON items (price);
CREATE INDEX ON items USING btree (id ASC NULLS FIRST);
\d items
\di

-- Errors.
CREATE INDEX items_by_qty ON items (qty);
CREATE INDEX IF NOT EXISTS items_by_qty ON items (qty);
CREATE INDEX ON items (nosuch);
CREATE INDEX ON items (id) INCLUDE (nosuch);
CREATE INDEX ON nosuch (id);
CREATE INDEX items_name_idx ON items (id);
BEGIN;
CREATE INDEX CONCURRENTLY ON items (id);
ROLLBACK;

-- A unique index is checked against the rows already there, then on
-- every write.
CREATE UNIQUE INDEX ON items (id);
\d items
DELETE FROM items WHERE name = 'plum';
CREATE UNIQUE INDEX ON items (id);
INSERT INTO items VALUES (1, 'fig', 1, 1.0);
INSERT INTO items VALUES (3, 'fig', 1, 1.0), (3, 'kiwi', 1, 1.0);
UPDATE items SET id = 2 WHERE id = 1;
INSERT INTO items VALUES (NULL, 'fig', 1, 1.0), (NULL, 'kiwi', 1, 1.0);
INSERT INTO items VALUES (1, 'apricot', 4, 3.0) ON CONFLICT (id) DO NOTHING;
INSERT INTO items VALUES (1, 'apricot', 4, 3.0)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name;
INSERT INTO items VALUES (1, 'x', 1, 1) ON CONFLICT (name) DO NOTHING;
SELECT * FROM items ORDER BY id, name;
CREATE UNIQUE INDEX items_name_qty ON items (name, qty);
INSERT INTO items VALUES (9, 'apricot', 3, 1.0);
INSERT INTO items VALUES (9, 'apricot', 4, 1.0);
\d items_name_qty
\d items_by_qty
\d items_expr_idx

-- Lookups through an index.
SELECT id, name FROM items WHERE id = 2;
SELECT id, name FROM items WHERE name = 'fig' ORDER BY id;
SELECT id, name FROM items WHERE qty = 1 AND price = 1.0 ORDER BY id;

-- DROP INDEX.
DROP INDEX items_name_idx1, nosuch;
DROP INDEX IF EXISTS nosuch, items_name_idx1;
DROP INDEX items;
DROP INDEX items_name_idx CASCADE;
DROP INDEX items_id_idx;
INSERT INTO items VALUES (1, 'fig', 1, 1.0);
\d items

-- A dropped column takes its indexes with it.
ALTER TABLE items DROP COLUMN price;
\d items

-- Indexes on a partitioned table are created on every partition, and on
-- the partitions made later.
CREATE TABLE events (day date, kind text, n int) PARTITION BY RANGE (day);
CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE events_2 PARTITION OF events FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
INSERT INTO events VALUES ('2024-01-05', 'a', 1), ('2024-02-05', 'a', 2);
CREATE INDEX ON events (kind);
CREATE INDEX events_n ON events (n);
CREATE UNIQUE INDEX ON events (kind);
CREATE UNIQUE INDEX ON events (day, kind);
CREATE TABLE events_3 PARTITION OF events FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
INSERT INTO events VALUES ('2024-01-05', 'a', 3);
INSERT INTO events VALUES ('2024-03-05', 'b', 3), ('2024-03-05', 'b', 4);
\d events
\d events_1
\d events_3
\d events_kind_idx
\d events_1_kind_idx
\di
DROP INDEX events_1_kind_idx;
DROP INDEX events_kind_idx;
CREATE INDEX CONCURRENTLY ON events (n);
\di

-- EXPLAIN of lookups through an index.
CREATE TABLE lookup (k int, v text, w int);
CREATE INDEX lookup_v ON lookup (v);
CREATE UNIQUE INDEX lookup_k ON lookup (k);
EXPLAIN (COSTS OFF) SELECT * FROM lookup WHERE k = 5;
EXPLAIN SELECT * FROM lookup WHERE k = 5;
EXPLAIN (COSTS OFF) SELECT k FROM lookup WHERE k = 5;
EXPLAIN (COSTS OFF) SELECT * FROM lookup WHERE v = 'x';
EXPLAIN SELECT * FROM lookup WHERE v = 'x';
EXPLAIN (COSTS OFF) SELECT * FROM lookup WHERE v = 'x' AND w = 1;
EXPLAIN (COSTS OFF) SELECT * FROM lookup WHERE w = 1;
EXPLAIN (COSTS OFF) INSERT INTO lookup VALUES (1, 'a', 1) ON CONFLICT (k) DO NOTHING;
EXPLAIN SELECT * FROM lookup WHERE v = 'x' AND w = 1;
EXPLAIN SELECT * FROM lookup WHERE v = 'x' AND k = 5;
CREATE TABLE keyed (a int UNIQUE, b int, c int);
CREATE INDEX keyed_b_c ON keyed (b, c);
EXPLAIN (COSTS OFF) SELECT * FROM keyed WHERE a = 1;
EXPLAIN SELECT * FROM keyed WHERE b = 1;
EXPLAIN SELECT * FROM keyed WHERE b = 1 AND c = 2;
INSERT INTO lookup SELECT g, 'v' || g % 10, g FROM generate_series(1, 1000) g;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM lookup WHERE k = 5;
SELECT * FROM lookup WHERE k = 5;
SELECT count(*) FROM lookup WHERE v = 'v3';
