-- Ordered-set aggregates: percentile_cont over float8 and interval,
-- percentile_disc over any sortable type, scalar and array fractions,
-- mode(), per group, with FILTER, HAVING and ORDER BY, direct arguments
-- from grouped columns, and PostgreSQL's errors
CREATE TABLE m (g int, name text, x float8, span interval, at timestamptz, n numeric);
INSERT INTO m VALUES
  (1, 'ann', 1.5, '1 day', '2024-01-01', 10.5),
  (1, 'bob', 2.5, '2 days', '2024-01-02', 3),
  (2, 'ann', 10, '3 hours', '2024-01-03', 7.25),
  (2, 'ann', NULL, NULL, NULL, NULL),
  (3, 'cid', 7, '1 hour', '2024-02-01', 1),
  (3, 'bob', 7, '90 minutes', '2024-02-02', 1),
  (3, 'dan', 4, '1 mon', '2024-03-01', 2);
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_cont(0) WITHIN GROUP (ORDER BY x), percentile_cont(1) WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_cont(0.3333) WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x DESC) FROM m;
SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY g) FROM m;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY n) FROM m;
SELECT percentile_cont(0.1) WITHIN GROUP (ORDER BY span), percentile_cont(0.9) WITHIN GROUP (ORDER BY span) FROM m;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY name) FROM m;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY at) FROM m;
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n) FROM m;
SELECT percentile_disc(0) WITHIN GROUP (ORDER BY x), percentile_disc(1) WITHIN GROUP (ORDER BY x) FROM m;
SELECT pg_typeof(percentile_disc(0.5) WITHIN GROUP (ORDER BY g::int2)), pg_typeof(percentile_cont(0.5) WITHIN GROUP (ORDER BY g)) FROM m;
SELECT percentile_cont(ARRAY[0, 0.25, 0.5, 0.75, 1]) WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_disc(ARRAY[0, 0.3, NULL, 1]) WITHIN GROUP (ORDER BY g) FROM m;
SELECT percentile_cont(ARRAY[0.5]) WITHIN GROUP (ORDER BY span) FROM m;
SELECT percentile_disc('{}'::float8[]) WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_disc('[0:1]={0.2,0.8}'::float8[]) WITHIN GROUP (ORDER BY name) FROM m;
SELECT mode() WITHIN GROUP (ORDER BY name) FROM m;
SELECT mode() WITHIN GROUP (ORDER BY name DESC) FROM m;
SELECT mode() WITHIN GROUP (ORDER BY x) FROM m;
SELECT mode() WITHIN GROUP (ORDER BY v) FROM (VALUES (3), (1), (3), (1), (2)) t(v);
SELECT mode() WITHIN GROUP (ORDER BY v DESC) FROM (VALUES (3), (1), (3), (1), (2)) t(v);
SELECT g, mode() WITHIN GROUP (ORDER BY name), percentile_cont(0.5) WITHIN GROUP (ORDER BY x), count(*) FROM m GROUP BY g ORDER BY g;
SELECT g, percentile_cont(g / 10.0) WITHIN GROUP (ORDER BY x) FROM m GROUP BY g ORDER BY g;
SELECT name, percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FROM m GROUP BY name HAVING percentile_disc(0.5) WITHIN GROUP (ORDER BY x) > 2 ORDER BY 1;
SELECT g FROM m GROUP BY g ORDER BY percentile_cont(0.5) WITHIN GROUP (ORDER BY x) DESC NULLS LAST;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FILTER (WHERE g > 1) FROM m;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM m WHERE false;
SELECT mode() WITHIN GROUP (ORDER BY name) FROM m WHERE false;
SELECT percentile_cont(ARRAY[0.5, 2]) WITHIN GROUP (ORDER BY x) FROM m WHERE false;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM m WHERE x IS NULL;
SELECT percentile_cont(NULL) WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_cont('0.5') WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY 1) FROM m;
SELECT DISTINCT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM m;
SELECT g, percentile_cont(0.5) WITHIN GROUP (ORDER BY x), sum(x), rank() OVER (ORDER BY percentile_cont(0.5) WITHIN GROUP (ORDER BY x)) FROM m GROUP BY g ORDER BY g;
SELECT g, percentile_disc(0.5) WITHIN GROUP (ORDER BY name) FROM m GROUP BY ROLLUP (g) ORDER BY g;
SELECT (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY m2.x) FROM m m2 WHERE m2.g = m.g) FROM m GROUP BY g ORDER BY g;
-- errors
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_cont(-0.1) WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_disc(1.0000001) WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY x) FROM m WHERE false;
SELECT percentile_cont(ARRAY[0.5, 2]) WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_cont('NaN') WITHIN GROUP (ORDER BY x) FROM m;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY name) FROM m;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY at) FROM m;
SELECT percentile_cont(0.5) FROM m;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x, g) FROM m;
SELECT mode(name) FROM m;
SELECT mode() WITHIN GROUP (ORDER BY name) OVER () FROM m;
SELECT percentile_cont(0.5) OVER () FROM m;
SELECT percentile_cont(g) WITHIN GROUP (ORDER BY x) FROM m;
SELECT g, percentile_cont(x) WITHIN GROUP (ORDER BY x) FROM m GROUP BY g;
SELECT percentile_cont(avg(x)) WITHIN GROUP (ORDER BY x) FROM m;
SELECT sum(x) WITHIN GROUP (ORDER BY x) FROM m;
SELECT count(*) WITHIN GROUP (ORDER BY g) FROM m;
SELECT upper('a') WITHIN GROUP (ORDER BY 1);
SELECT percentile_cont(DISTINCT 0.5) WITHIN GROUP (ORDER BY x) FROM m;
SELECT sum(x ORDER BY x) WITHIN GROUP (ORDER BY x) FROM m;
SELECT g FROM m WHERE percentile_cont(0.5) WITHIN GROUP (ORDER BY x) > 1;
SELECT percentile_cont(0.5) WITHIN GROUP (x) FROM m;
