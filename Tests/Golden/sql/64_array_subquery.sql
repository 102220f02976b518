-- ARRAY(subquery): one column of every row, correlated or not, {} for no rows
CREATE TABLE t (a int, b text, c numeric);
INSERT INTO t VALUES (2, 'x', 1.5), (1, 'y', NULL), (3, NULL, 2);
SELECT ARRAY(SELECT a FROM t ORDER BY a), ARRAY(SELECT b FROM t ORDER BY a), ARRAY(SELECT a FROM t WHERE false), ARRAY(SELECT 'q');
SELECT a, ARRAY(SELECT x.a FROM t x WHERE x.a > t.a ORDER BY 1) AS greater FROM t ORDER BY 1;
SELECT array_length(ARRAY(SELECT c FROM t), 1), ARRAY(SELECT c * 2 FROM t ORDER BY c NULLS FIRST);
SELECT cardinality(ARRAY(SELECT generate_series(1, 5)));
SELECT ARRAY(SELECT a, b FROM t);
SELECT ARRAY(SELECT nosuch FROM t);
