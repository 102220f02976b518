-- Relation sizes as PostgreSQL 15's heap, free space map and btrees have
-- them after inserts: empty tables, a primary key, the TOAST table's index,
-- the lab's http_request row shape at 0, 1, 100 and 10000 rows, keys in
-- order and out of order, and partitioned parents.
CREATE TABLE plain (a int);
CREATE TABLE keyed (a int PRIMARY KEY);
CREATE TABLE toasty (a int, b text);
SELECT pg_relation_size('plain'), pg_table_size('plain'), pg_indexes_size('plain'),
       pg_total_relation_size('plain');
SELECT pg_relation_size('keyed'), pg_table_size('keyed'), pg_indexes_size('keyed'),
       pg_total_relation_size('keyed');
SELECT pg_relation_size('toasty'), pg_table_size('toasty'), pg_indexes_size('toasty'),
       pg_total_relation_size('toasty');
INSERT INTO keyed VALUES (1);
SELECT pg_relation_size('keyed'), pg_indexes_size('keyed'), pg_total_relation_size('keyed');
INSERT INTO keyed SELECT g FROM generate_series(2, 10000) g;
SELECT pg_relation_size('keyed'), pg_relation_size('keyed', 'fsm') AS fsm,
       pg_relation_size('keyed', 'vm') AS vm, pg_relation_size('keyed', 'init') AS init,
       pg_indexes_size('keyed'), pg_total_relation_size('keyed');
CREATE TABLE shuffled (a int PRIMARY KEY);
INSERT INTO shuffled SELECT g FROM generate_series(1, 10000) g ORDER BY md5(g::text);
SELECT pg_relation_size('shuffled'), pg_indexes_size('shuffled');
CREATE TABLE http_request (
  site_id INT, ingest_time TIMESTAMPTZ DEFAULT now(), url TEXT, request_country TEXT,
  ip_address TEXT, status_code INT, response_time_msec INT);
SELECT pg_relation_size('http_request'), pg_table_size('http_request'),
       pg_total_relation_size('http_request');
INSERT INTO http_request VALUES
  (1, '2024-12-03 10:00:05+00', 'http://example.com/a', 'China', '10.0.0.1', 200, 12);
SELECT pg_relation_size('http_request'), pg_table_size('http_request'),
       pg_total_relation_size('http_request');
INSERT INTO http_request
SELECT g % 100, '2024-12-03'::timestamptz + g * interval '1 s',
       'http://example.com/' || (g % 37), (ARRAY['China','India','USA','Indonesia'])[g % 4 + 1],
       '10.0.' || (g % 256) || '.' || (g % 7), 200 + (g % 3) * 100, g % 500
FROM generate_series(2, 100) g;
SELECT pg_relation_size('http_request'), pg_relation_size('http_request', 'fsm') AS fsm,
       pg_table_size('http_request'), pg_total_relation_size('http_request');
INSERT INTO http_request
SELECT g % 100, '2024-12-03'::timestamptz + g * interval '1 s',
       'http://example.com/' || (g % 37), (ARRAY['China','India','USA','Indonesia'])[g % 4 + 1],
       '10.0.' || (g % 256) || '.' || (g % 7), CASE WHEN g % 10 = 0 THEN NULL ELSE 200 END,
       g % 500
FROM generate_series(101, 10000) g;
SELECT pg_relation_size('http_request'), pg_table_size('http_request'),
       pg_size_pretty(pg_total_relation_size('http_request'));
-- The rollup table's composite key (int, timestamptz, text).
CREATE TABLE http_request_1min (
  site_id INT, ingest_time TIMESTAMPTZ, request_country TEXT, error_count INT,
  success_count INT, request_count INT, sum_response_time_msec INT,
  PRIMARY KEY (site_id, ingest_time, request_country));
INSERT INTO http_request_1min
SELECT g % 7, '2024-12-03'::timestamptz + (g / 7) * interval '1 min',
       (ARRAY['China','India','USA','Indonesia'])[g % 4 + 1], 1, 2, 3, 4
FROM generate_series(1, 20000) g;
SELECT pg_relation_size('http_request_1min'), pg_table_size('http_request_1min'),
       pg_indexes_size('http_request_1min');
-- Wide text keys inserted out of order, numerics, NULLs.
CREATE TABLE hashes (k text PRIMARY KEY, v numeric, n int);
INSERT INTO hashes SELECT md5(g::text), g * 1.5, NULL FROM generate_series(1, 5000) g;
SELECT pg_relation_size('hashes'), pg_table_size('hashes'), pg_indexes_size('hashes');
-- A partitioned parent has no storage.
CREATE TABLE events (a int, b int) PARTITION BY RANGE (a);
CREATE TABLE events_low PARTITION OF events FOR VALUES FROM (0) TO (100);
INSERT INTO events SELECT g, g FROM generate_series(0, 99) g;
SELECT pg_relation_size('events'), pg_total_relation_size('events'),
       pg_total_relation_size('events_low');
-- Unknown OIDs give NULL; bad fork names are errors.
SELECT pg_relation_size(0), pg_table_size(0), pg_indexes_size(0), pg_total_relation_size(0);
SELECT pg_relation_size(0, 'nope');
SELECT pg_relation_size('plain', 'nope');
SELECT pg_relation_size('no_such_table');
-- pg_size_pretty and pg_size_bytes.
SELECT pg_size_pretty(10239::bigint), pg_size_pretty(10240::bigint),
       pg_size_pretty(-10240::bigint), pg_size_pretty(10485759::bigint),
       pg_size_pretty(20971007::bigint), pg_size_pretty(9223372036854775807);
SELECT pg_size_pretty(1.5::numeric), pg_size_pretty(10239.99::numeric),
       pg_size_pretty(-10240.7::numeric), pg_size_pretty(12345678.9::numeric),
       pg_size_pretty(1e30::numeric);
SELECT pg_size_pretty(1);
SELECT pg_size_bytes(' 1.5kB '), pg_size_bytes('1e3 MB'), pg_size_bytes('-.5 GB'),
       pg_size_bytes('1PB'), pg_size_bytes('10 bytes'), pg_size_bytes('1.5'),
       pg_size_bytes('+2.5e-1kB'), pg_size_bytes('.1 kB'), pg_size_bytes('1 KB');
SELECT pg_size_bytes('1 B');
SELECT pg_size_bytes('1e');
SELECT pg_size_bytes('1 kB x');
SELECT pg_size_bytes('abc');
SELECT pg_size_bytes('');
SELECT pg_size_bytes('9223372036854775807 kB');
