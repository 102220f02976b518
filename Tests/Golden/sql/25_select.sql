-- SELECT: DISTINCT, WHERE, GROUP BY forms, HAVING, ORDER BY .. NULLS, LIMIT/OFFSET, FROM subqueries.
CREATE TABLE sel_req (site_id int, minute timestamptz, country text, status int, ms int);
INSERT INTO sel_req VALUES
    (1, '2024-01-05 10:00+00', 'USA', 200, 10),
    (1, '2024-01-05 10:00+00', 'India', 404, 20),
    (1, '2024-01-05 10:01+00', 'USA', 200, 30),
    (2, '2024-01-05 10:00+00', 'China', 200, 40),
    (2, '2024-01-05 10:02+00', 'China', 500, 50),
    (3, '2024-01-05 10:02+00', NULL, 200, NULL),
    (3, '2024-01-05 10:03+00', 'USA', 404, 70),
    (4, NULL, 'Indonesia', 200, 80);
SELECT * FROM sel_req WHERE site_id = 1 ORDER BY ms;
SELECT site_id, ms FROM sel_req WHERE ms > 30 AND status = 200 ORDER BY site_id DESC;
SELECT DISTINCT site_id FROM sel_req ORDER BY site_id;
SELECT DISTINCT country, status FROM sel_req ORDER BY country, status;
SELECT count(DISTINCT country), count(country), count(*), count(1) FROM sel_req;
-- GROUP BY by ordinal, alias and expression
SELECT site_id, count(*) FROM sel_req GROUP BY 1 ORDER BY 1;
SELECT site_id AS s, sum(ms) AS total FROM sel_req GROUP BY s ORDER BY total DESC NULLS LAST;
SELECT date_trunc('hour', minute) AS hour, count(*) FROM sel_req GROUP BY date_trunc('hour', minute) ORDER BY hour;
SELECT site_id, date_trunc('minute', minute) AS minute, count(1) AS request_count FROM sel_req GROUP BY site_id, minute ORDER BY minute, site_id;
SELECT status / 100 AS class, count(*) FROM sel_req GROUP BY status / 100 ORDER BY class;
SELECT site_id, country, count(*) FROM sel_req GROUP BY 1, 2 ORDER BY 1, 2;
SELECT site_id, ms FROM sel_req GROUP BY site_id;
SELECT site_id FROM sel_req GROUP BY 3;
SELECT count(*) FROM sel_req GROUP BY nope;
-- HAVING
SELECT site_id, count(*) FROM sel_req GROUP BY site_id HAVING count(*) > 1 ORDER BY site_id;
SELECT site_id, avg(ms) FROM sel_req GROUP BY site_id HAVING avg(ms) > 30 ORDER BY 2;
SELECT count(*) FROM sel_req HAVING count(*) > 100;
SELECT site_id FROM sel_req GROUP BY site_id HAVING ms > 1;
-- aggregates and their result types
SELECT sum(ms), avg(ms), min(ms), max(ms), sum(ms) / count(ms) AS int_div FROM sel_req;
SELECT min(country), max(country), min(minute), max(minute) FROM sel_req;
SELECT sum(ms) FROM sel_req WHERE false;
SELECT count(*) FROM sel_req WHERE false;
SELECT SUM(CASE WHEN (status between 200 and 299) THEN 1 ELSE 0 END) AS success, SUM(CASE WHEN (status between 200 and 299) THEN 0 ELSE 1 END) AS errors FROM sel_req;
SELECT sum(x), pg_typeof(sum(x)) FROM (VALUES (2147483647), (1)) v(x);
SELECT sum(x::int8) FROM (VALUES (9223372036854775807), (1)) v(x);
SELECT count(*) + 1, max(ms) - min(ms) AS spread FROM sel_req;
SELECT sum(country) FROM sel_req;
SELECT max(count(*)) FROM sel_req;
SELECT site_id FROM sel_req WHERE count(*) > 1;
-- ORDER BY with NULLS FIRST/LAST, ordinals, expressions, aliases
SELECT country FROM sel_req ORDER BY country;
SELECT country FROM sel_req ORDER BY country DESC;
SELECT country FROM sel_req ORDER BY country NULLS FIRST;
SELECT country FROM sel_req ORDER BY country DESC NULLS LAST;
SELECT site_id, ms FROM sel_req ORDER BY ms IS NULL, ms % 20, 1, ms DESC;
SELECT site_id * 10 AS ten FROM sel_req ORDER BY ten DESC LIMIT 3;
SELECT site_id FROM sel_req ORDER BY 2;
-- LIMIT / OFFSET
SELECT ms FROM sel_req ORDER BY ms NULLS LAST LIMIT 3;
SELECT ms FROM sel_req ORDER BY ms NULLS LAST LIMIT 3 OFFSET 2;
SELECT ms FROM sel_req ORDER BY ms NULLS LAST OFFSET 6;
SELECT ms FROM sel_req ORDER BY ms LIMIT 0;
SELECT ms FROM sel_req ORDER BY ms LIMIT ALL OFFSET 7;
SELECT ms FROM sel_req LIMIT -1;
SELECT ms FROM sel_req OFFSET -1;
-- subqueries in FROM and scalar subqueries
SELECT s.site_id, s.n FROM (SELECT site_id, count(*) AS n FROM sel_req GROUP BY site_id) s WHERE s.n > 1 ORDER BY s.site_id;
SELECT avg(n) FROM (SELECT site_id, count(*) AS n FROM sel_req GROUP BY site_id) AS per_site;
SELECT * FROM (SELECT site_id, ms FROM sel_req ORDER BY ms DESC NULLS LAST LIMIT 2) top ORDER BY site_id;
SELECT x FROM (SELECT 1 AS x) u ORDER BY x;
SELECT q.n + 1 AS next FROM (SELECT count(*) AS n FROM sel_req WHERE status = 404) AS q;
SELECT * FROM (SELECT site_id FROM sel_req);
SELECT site_id, (SELECT max(ms) FROM sel_req) AS global_max FROM sel_req WHERE site_id = 4;
SELECT site_id FROM sel_req WHERE ms = (SELECT max(ms) FROM sel_req);
SELECT site_id FROM sel_req WHERE site_id IN (SELECT site_id FROM sel_req WHERE status = 500);
SELECT (SELECT site_id FROM sel_req);
-- SELECT without FROM, column aliases, star expansion
SELECT 1 AS a, 'two' AS b, NULL AS c;
SELECT sel_req.* FROM sel_req WHERE site_id = 4;
SELECT r.site_id FROM sel_req r WHERE r.site_id = 4;
SELECT r.site_id FROM sel_req AS r WHERE sel_req.site_id = 4;
SELECT nope FROM sel_req;
SELECT * FROM sel_req WHERE ms;
SELECT * FROM sel_req WHERE 'x';
DROP TABLE sel_req;
