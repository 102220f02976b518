-- Tuple routing: rows go to the matching partition or fail with PostgreSQL's error.
CREATE TABLE pr_req (site_id int, ingest_time timestamptz, status_code int) PARTITION BY RANGE (ingest_time);
CREATE TABLE pr_req_p2024_01_05 PARTITION OF pr_req FOR VALUES FROM ('2024-01-05+00') TO ('2024-01-06+00');
INSERT INTO pr_req VALUES (1, '2024-01-05 10:00+00', 200);
INSERT INTO pr_req VALUES (2, '2024-01-06 10:00+00', 200);
INSERT INTO pr_req VALUES (3, NULL, 200);
INSERT INTO pr_req VALUES (4, '2024-01-05 11:00+00', 200), (5, '2024-01-07+00', 404);
SELECT * FROM pr_req ORDER BY site_id;
-- inserting into a partition directly checks its bound
INSERT INTO pr_req_p2024_01_05 VALUES (6, '2024-01-05 12:00+00', 200);
INSERT INTO pr_req_p2024_01_05 VALUES (7, '2024-01-08 12:00+00', 200);
-- moving a row between partitions with UPDATE
CREATE TABLE pr_req_p2024_01_06 PARTITION OF pr_req FOR VALUES FROM ('2024-01-06+00') TO ('2024-01-07+00');
UPDATE pr_req SET ingest_time = ingest_time + interval '1 day' WHERE site_id = 6;
SELECT site_id, ingest_time FROM pr_req_p2024_01_06;
UPDATE pr_req SET ingest_time = '2030-01-01+00' WHERE site_id = 1;
SELECT site_id FROM pr_req ORDER BY site_id;
-- multi-level key: range over two columns
CREATE TABLE pr_two (a int, b int) PARTITION BY RANGE (a, b);
CREATE TABLE pr_two_1 PARTITION OF pr_two FOR VALUES FROM (1, 0) TO (1, 10);
CREATE TABLE pr_two_2 PARTITION OF pr_two FOR VALUES FROM (1, 10) TO (2, 0);
INSERT INTO pr_two VALUES (1, 5), (1, 10), (1, 999);
SELECT * FROM pr_two_2 ORDER BY b;
INSERT INTO pr_two VALUES (2, 0);
-- list partition with no match
CREATE TABLE pr_list (code int, note text) PARTITION BY LIST (code);
CREATE TABLE pr_list_ok PARTITION OF pr_list FOR VALUES IN (200, 201, 204);
INSERT INTO pr_list VALUES (200, 'ok'), (204, 'no content');
INSERT INTO pr_list VALUES (404, 'missing');
INSERT INTO pr_list VALUES (NULL, 'null');
SELECT * FROM pr_list ORDER BY code;
-- a partitioned table without partitions
CREATE TABLE pr_empty (a int) PARTITION BY LIST (a);
INSERT INTO pr_empty VALUES (1);
SELECT count(*) FROM pr_empty;
-- a unique key on a partitioned table must include the partition key
CREATE TABLE pr_pk (id int PRIMARY KEY, t timestamptz) PARTITION BY RANGE (t);
CREATE TABLE pr_pk (id int, t timestamptz, PRIMARY KEY (id, t)) PARTITION BY RANGE (t);
CREATE TABLE pr_pk_2024 PARTITION OF pr_pk FOR VALUES FROM ('2024-01-01+00') TO ('2025-01-01+00');
INSERT INTO pr_pk VALUES (1, '2024-05-01+00');
INSERT INTO pr_pk VALUES (1, '2024-05-01+00');
INSERT INTO pr_pk VALUES (1, '2024-05-02+00');
INSERT INTO pr_pk VALUES (1, '2024-05-01+00') ON CONFLICT DO NOTHING;
INSERT INTO pr_pk VALUES (1, '2024-05-01+00') ON CONFLICT (id, t) DO UPDATE SET id = excluded.id + 100;
SELECT * FROM pr_pk ORDER BY id, t;
DROP TABLE pr_req, pr_two, pr_list, pr_empty, pr_pk;
