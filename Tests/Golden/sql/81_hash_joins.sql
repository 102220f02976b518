-- Joins on equalities between the two sides run as hash joins: keys of
-- mixed integer widths, text beside varchar, NULL keys, duplicate keys,
-- residual conditions, outer joins, USING and NATURAL, casts, and an
-- ON condition that reads the enclosing query. Lookups by a key of
-- another integer width or of text against varchar use the index.
CREATE TABLE a (x int, y text, v varchar(10));
CREATE TABLE b (x bigint, z text, w varchar(10));
INSERT INTO a VALUES (1, 'a', 'p'), (2, 'b', 'q'), (NULL, 'n', NULL), (3, 'c', 'r'), (3, 'c2', 'p');
INSERT INTO b VALUES (1, 'one', 'p'), (1, 'uno', 'q'), (3, 'three', 'r'), (4, 'four', 'p'), (NULL, 'nn', NULL);
SELECT * FROM a JOIN b ON a.x = b.x ORDER BY a.y, b.z;
SELECT * FROM a JOIN b ON b.x = a.x AND a.v = b.w ORDER BY a.y, b.z;
SELECT * FROM a JOIN b ON (a.x = b.x) AND (b.z <> 'uno') ORDER BY a.y, b.z;
SELECT * FROM a LEFT JOIN b ON b.x = a.x AND b.z <> 'uno' ORDER BY a.y, b.z;
SELECT * FROM a RIGHT JOIN b ON a.x = b.x AND a.y = 'a' ORDER BY b.z, a.y;
SELECT * FROM a FULL JOIN b ON a.x = b.x ORDER BY a.y, b.z;
SELECT * FROM a FULL JOIN b ON a.v = b.w AND a.x < b.x ORDER BY a.y, b.z;
SELECT a.y, b.z FROM a JOIN b ON a.y = b.w ORDER BY 1, 2;
SELECT a.y, b.z FROM a JOIN b ON a.v = b.w ORDER BY 1, 2;
SELECT a.y, b.z FROM a JOIN b ON a.x::bigint = b.x ORDER BY 1, 2;
SELECT a.y, b.z FROM a JOIN b ON a.x = b.x OR a.y = 'n' ORDER BY 1, 2;
SELECT a.y, b.z FROM a JOIN b ON a.x = b.x + 0 ORDER BY 1, 2;
SELECT a.y, (SELECT count(*) FROM b JOIN a a2 ON a2.x = b.x AND a2.y = a.y) FROM a ORDER BY 1;
CREATE TABLE c (x int, k text);
INSERT INTO c VALUES (1, 'k1'), (3, 'k3'), (3, 'k3b');
SELECT * FROM a JOIN b USING (x) ORDER BY y, z;
SELECT * FROM a LEFT JOIN c USING (x) ORDER BY y, k;
SELECT * FROM a NATURAL JOIN c ORDER BY y, k;
SELECT a.y, b.z, c.k FROM a JOIN b ON a.x = b.x JOIN c ON c.x = b.x ORDER BY 1, 2, 3;
SELECT a.y, b.z, c.k FROM a JOIN (b JOIN c ON c.x = b.x) ON a.x = c.x ORDER BY 1, 2, 3;
SELECT count(*), sum(b.x) FROM a JOIN b ON a.x = b.x;
SELECT a.x, count(*) FROM a JOIN b ON a.x = b.x GROUP BY a.x ORDER BY a.x;
SELECT a.y, b.z FROM a, b WHERE a.x = b.x ORDER BY 1, 2;
SELECT a.y, b.z, c.k FROM a, b, c WHERE b.x = a.x AND c.x = b.x AND c.k <> 'k3b' ORDER BY 1, 2, 3;
SELECT a.y, b.z FROM a, b WHERE a.x = b.x OR b.z = 'four' ORDER BY 1, 2;
SELECT count(*) FROM a, b WHERE a.x = b.x AND a.v = b.w;
SELECT a.y FROM a WHERE EXISTS (SELECT 1 FROM b, c WHERE b.x = c.x AND c.x = a.x) ORDER BY 1;
SELECT a.y, s.n FROM a, generate_series(1, 3) s(n) WHERE s.n = a.x ORDER BY 1, 2;
SELECT a.y, b.z FROM a, b WHERE a.x = b.x AND a.y = b.z;
CREATE TABLE d (t timestamptz, n int);
CREATE TABLE e (t timestamptz, m int);
INSERT INTO d VALUES ('2024-01-01 00:00+00', 1), ('2024-01-02 00:00+00', 2);
INSERT INTO e VALUES ('2024-01-01 01:00+01', 10), ('2024-01-02 00:00+00', 20);
SELECT n, m FROM d JOIN e ON d.t = e.t ORDER BY n, m;
SELECT * FROM a JOIN b ON a.x = b.q;
SELECT * FROM a JOIN b ON a.y = b.x;
CREATE TABLE kv (id bigint PRIMARY KEY, v text, c varchar(10) UNIQUE);
INSERT INTO kv SELECT i, 'v' || i, 'c' || i FROM generate_series(1, 1000) i;
SELECT * FROM kv WHERE id = 500;
SELECT * FROM kv WHERE id = 500::smallint;
SELECT * FROM kv WHERE id = 5000000000;
SELECT * FROM kv WHERE c = 'c77';
SELECT * FROM kv WHERE c = 'c77'::text;
SELECT * FROM kv WHERE id = 7 AND v = 'v8';
CREATE TABLE pk (k bigint, v int) PARTITION BY RANGE (k);
CREATE TABLE pk1 PARTITION OF pk FOR VALUES FROM (0) TO (100);
CREATE TABLE pk2 PARTITION OF pk FOR VALUES FROM (100) TO (200);
INSERT INTO pk SELECT i, i FROM generate_series(0, 199) i;
SELECT count(*), sum(v) FROM pk WHERE k >= 150;
SELECT count(*), sum(v) FROM pk WHERE k < 10::smallint;
