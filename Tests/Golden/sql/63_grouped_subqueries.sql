-- Correlated subqueries in grouped queries: outer references to GROUP BY
-- columns from the select list, HAVING and ORDER BY, nested levels, and
-- PostgreSQL's errors for ungrouped outer columns
CREATE TABLE e (kind text, amount int);
INSERT INTO e VALUES ('a', 1), ('a', 2), ('b', 3);
SELECT kind, (SELECT count(*) FROM e e2 WHERE e2.kind = e.kind) AS n FROM e GROUP BY kind ORDER BY 1;
SELECT kind, sum(amount), (SELECT max(e2.amount) FROM e e2 WHERE e2.kind <> e.kind) FROM e GROUP BY kind ORDER BY 1;
SELECT kind FROM e GROUP BY kind HAVING (SELECT count(*) FROM e e2 WHERE e2.kind = e.kind) > 1;
SELECT kind FROM e GROUP BY kind ORDER BY (SELECT sum(e2.amount) FROM e e2 WHERE e2.kind = e.kind) DESC;
SELECT kind, (SELECT (SELECT e.kind || '!')) FROM e GROUP BY kind ORDER BY 1;
SELECT kind, EXISTS (SELECT 1 FROM e e2 WHERE e2.kind = e.kind AND e2.amount > 2) FROM e GROUP BY kind ORDER BY 1;
SELECT kind, kind IN (SELECT e2.kind FROM e e2 WHERE e2.amount = 1) FROM e GROUP BY kind ORDER BY 1;
SELECT e.kind, (SELECT count(*) FROM e e2 WHERE e2.kind = e.kind) FROM e GROUP BY 1 ORDER BY 1;
SELECT kind, (SELECT count(*) FROM e e2 WHERE e2.kind = e.kind), row_number() OVER (ORDER BY kind) FROM e GROUP BY kind;
SELECT amount, (SELECT e2.kind FROM e e2 WHERE e2.amount = e.amount) FROM e GROUP BY amount ORDER BY 1;
SELECT kind, (SELECT count(*) FROM e e2 WHERE e2.amount = e.amount) FROM e GROUP BY kind;
SELECT kind, (SELECT (SELECT e.amount)) FROM e GROUP BY kind;
SELECT kind FROM e GROUP BY kind HAVING (SELECT e.amount) > 1;
SELECT kind FROM e GROUP BY kind ORDER BY (SELECT e.amount);
SELECT count(*), (SELECT e.kind) FROM e;
SELECT count(*), e FROM e;
SELECT kind, (SELECT e) FROM e GROUP BY kind;
SELECT (SELECT e), row_number() OVER () FROM e ORDER BY 1;
SELECT kind, (SELECT y FROM (VALUES (e.kind)) v(y)) FROM e GROUP BY kind ORDER BY 1;
SELECT kind, (VALUES (e.amount)) FROM e GROUP BY kind;
SELECT kind, (SELECT count(*) FROM e x WHERE x.kind = e.kind GROUP BY x.kind HAVING count(*) > (SELECT count(*) FROM e y WHERE y.kind <> e.kind)) FROM e GROUP BY kind ORDER BY 1;
SELECT kind, (SELECT max(e2.amount) FROM e e2 GROUP BY e2.kind HAVING e2.kind = e.kind) FROM e GROUP BY kind ORDER BY 1;
SELECT upper(kind), (SELECT upper(e.kind)) FROM e GROUP BY upper(kind);
DROP TABLE e;
