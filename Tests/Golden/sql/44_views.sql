-- Views: CREATE [OR REPLACE] VIEW with and without a column list, views
-- in FROM (aliased, joined, nested, in subqueries and WITH queries),
-- OR REPLACE's column rules, DROP VIEW and the dependency errors of DROP
-- TABLE and DROP VIEW, and writes refused by non-updatable views.
CREATE TABLE t (a int, b text, c numeric(10,2));
INSERT INTO t VALUES (1, 'x', 1.5), (2, 'y', 2.25), (3, 'z', NULL);
CREATE VIEW v AS SELECT a, b FROM t WHERE a > 1;
CREATE VIEW v2 (x, y) AS SELECT a, b FROM t;
CREATE VIEW v3 AS SELECT a, count(*) FROM t GROUP BY a;
CREATE VIEW vc AS SELECT a, c, c * 2 AS twice, b || '!' AS loud FROM t;
SELECT * FROM v ORDER BY a;
SELECT * FROM v2 ORDER BY 1;
SELECT x FROM v2 WHERE y = 'z';
SELECT * FROM v3 ORDER BY a;
SELECT * FROM vc ORDER BY a;
SELECT v.a, w.y FROM v JOIN v2 w ON v.a = w.x ORDER BY 1;
SELECT * FROM v2 LEFT JOIN v ON v.a = v2.x ORDER BY x;
SELECT * FROM (SELECT * FROM v) s;
SELECT * FROM t WHERE a IN (SELECT a FROM v) ORDER BY 1;
SELECT a, (SELECT count(*) FROM v WHERE v.a <= t.a) AS n FROM t ORDER BY a;
SELECT EXISTS (SELECT 1 FROM v WHERE b = 'y');
SELECT * FROM v AS q(c1) ORDER BY 1;
SELECT q.b FROM v q ORDER BY 1;
SELECT * FROM v AS q(c1, c2, c3);
WITH v AS (SELECT 42 AS a) SELECT * FROM v;
WITH w AS (SELECT * FROM v) SELECT count(*) FROM w;
SELECT count(*), sum(a) FROM v;
SELECT b FROM v UNION ALL SELECT y FROM v2 ORDER BY 1;
SELECT nope FROM v;
SELECT v.c FROM v;
CREATE VIEW vv AS SELECT * FROM v WHERE a < 3;
SELECT * FROM vv;
CREATE VIEW v AS SELECT 1;
CREATE OR REPLACE VIEW v AS SELECT a AS c, b FROM t;
CREATE OR REPLACE VIEW v AS SELECT a FROM t;
CREATE OR REPLACE VIEW v AS SELECT b, a FROM t;
CREATE OR REPLACE VIEW v AS SELECT a::bigint, b FROM t;
CREATE OR REPLACE VIEW v AS SELECT a, b, a + 1 AS c FROM t;
SELECT * FROM v ORDER BY a;
SELECT * FROM vv ORDER BY a;
CREATE OR REPLACE VIEW t AS SELECT 1;
CREATE OR REPLACE VIEW fresh AS SELECT 'lit' AS word, 2.5 AS num;
SELECT word, num, pg_typeof(word) FROM fresh;
CREATE TABLE v (a int);
CREATE VIEW t AS SELECT 1;
CREATE VIEW bad AS SELECT nope FROM t;
CREATE VIEW bad AS SELECT 1 FROM missing;
CREATE VIEW dup AS SELECT a, a FROM t;
CREATE VIEW v4 (p, q, r) AS SELECT a, b FROM t;
CREATE VIEW c2 AS SELECT 1, 'a';
CREATE VIEW nosuch.v AS SELECT 1;
DROP TABLE v;
DROP VIEW t;
DROP VIEW nope;
DROP VIEW IF EXISTS nope;
DROP VIEW IF EXISTS nosuch.nope;
INSERT INTO v3 VALUES (1, 2);
UPDATE v3 SET a = 1;
DELETE FROM v3;
CREATE VIEW vd AS SELECT DISTINCT b FROM t;
CREATE VIEW vj AS SELECT t.a FROM t, t AS u;
CREATE VIEW vl AS SELECT a FROM t LIMIT 2;
CREATE VIEW vu AS SELECT a FROM t UNION SELECT 1;
CREATE VIEW vagg AS SELECT sum(a) FROM t;
INSERT INTO vd VALUES ('q');
INSERT INTO vj VALUES (1);
UPDATE vl SET a = 1;
DELETE FROM vu;
INSERT INTO vagg VALUES (1);
DELETE FROM vagg;
TRUNCATE v;
DROP TABLE t;
DROP VIEW v;
BEGIN;
DROP VIEW v CASCADE;
SELECT * FROM vv;
ROLLBACK;
SELECT count(*) FROM vv;
DROP VIEW vv, v;
SELECT * FROM v;
DROP TABLE t CASCADE;
SELECT * FROM v2;
DROP VIEW fresh;
CREATE TABLE base (id int, grp int, val int);
INSERT INTO base SELECT g, g % 3, g * 10 FROM generate_series(1, 9) g;
CREATE VIEW per_grp AS SELECT grp, sum(val) AS total FROM base GROUP BY grp;
CREATE VIEW top_grp AS SELECT grp FROM per_grp ORDER BY total DESC LIMIT 1;
SELECT * FROM top_grp;
SELECT b.id FROM base b JOIN top_grp USING (grp) ORDER BY 1;
DROP VIEW per_grp;
DROP VIEW per_grp CASCADE;
DROP TABLE base;
-- psql's describe commands on views
CREATE TABLE d (a int NOT NULL, b varchar(10) DEFAULT 'x');
CREATE VIEW dv AS SELECT a, b FROM d;
CREATE VIEW dw (x) AS SELECT a + 1 FROM d;
\d
\dv
\dt
\d dv
\d dw
\dv dw*
\dv nope
DROP TABLE d CASCADE;
\dv
