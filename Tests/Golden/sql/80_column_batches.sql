-- Aggregates without GROUP BY over a plain scan read a batch of rows at a
-- time: NULLs, deleted and updated rows, rows of a transaction still open
-- or rolled back, empty tables, partitions, and hll over text.
CREATE EXTENSION hll;
CREATE TABLE t (a int, b bigint, u text, ts timestamptz, d date, s smallint, f float8);
INSERT INTO t
SELECT i, i * 10, CASE WHEN i % 7 = 0 THEN NULL ELSE 'u' || (i % 1500)::text END,
       '2024-01-01'::timestamptz + i * interval '1 min', '2024-01-01'::date + i % 400,
       (i % 300)::smallint, i / 8.0
FROM generate_series(1, 10000) i;
INSERT INTO t VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT count(*), count(u), count(a), sum(a), sum(b), sum(s), min(a), max(ts), min(d),
       max(u), sum(f), avg(s) FROM t;
SELECT hll_cardinality(hll_add_agg(hll_hash_text(u))),
       hll_cardinality(hll_add_agg(hll_hash_text(u, 3))),
       hll_cardinality(hll_add_agg(hll_hash_integer(a))),
       hll_cardinality(hll_add_agg(hll_hash_bigint(b))) FROM t;
SELECT hll_add_agg(hll_hash_text(upper(u)))::text = hll_add_agg(hll_hash_text(upper(u)))::text,
       count(upper(u)), sum(length(u)), count(a + 1), sum(a % 3) FROM t;
SELECT string_agg(u, ',') IS NULL, array_length(array_agg(a), 1), bool_and(a > 0),
       count(DISTINCT u), count(u) FILTER (WHERE a > 5000) FROM t;
UPDATE t SET u = 'changed' WHERE a % 1000 = 0;
DELETE FROM t WHERE a < 5000;
SELECT count(*), count(u), sum(a), hll_cardinality(hll_add_agg(hll_hash_text(u))) FROM t;
BEGIN;
INSERT INTO t (a, u) VALUES (1, 'zzz');
SELECT count(*), count(u), hll_cardinality(hll_add_agg(hll_hash_text(u))) FROM t;
SAVEPOINT s;
DELETE FROM t WHERE a > 9000;
SELECT count(*), count(u), sum(a) FROM t;
ROLLBACK TO SAVEPOINT s;
SELECT count(*), count(u), sum(a) FROM t;
ROLLBACK;
SELECT count(*), count(u), sum(a), hll_cardinality(hll_add_agg(hll_hash_text(u))) FROM t;
SELECT count(*), hll_cardinality(hll_add_agg(hll_hash_text(u))) FROM t WHERE a > 9000;
CREATE TABLE small (u text);
INSERT INTO small VALUES ('a'), (NULL), ('b');
SELECT hll_cardinality(hll_add_agg(hll_hash_text(u, -1))) FROM small;
SELECT count(*), count(u), sum(length(u)), hll_add_agg(hll_hash_text(u)) FROM small WHERE false;
CREATE TABLE e (u text, n int);
SELECT count(*), count(u), sum(n), max(u), hll_add_agg(hll_hash_text(u)) FROM e;
CREATE TABLE p (k int, v text) PARTITION BY RANGE (k);
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (100);
CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (100) TO (200);
INSERT INTO p SELECT i, 'v' || (i % 50)::text FROM generate_series(0, 199) i;
SELECT count(*), sum(k), hll_cardinality(hll_add_agg(hll_hash_text(v))) FROM p;
SELECT count(*), sum(k) FROM p1;
SELECT sum(a) / 0 FROM t;
