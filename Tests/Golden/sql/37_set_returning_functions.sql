-- Set-returning functions in FROM: generate_series over integers, numerics and
-- timestamps, unnest, WITH ORDINALITY, column aliases, LATERAL use, and
-- scalar functions in FROM.
SELECT * FROM generate_series(1, 5);
SELECT * FROM generate_series(1, 10, 3) AS g;
SELECT g FROM generate_series(5, 1, -2) g;
SELECT x, ord FROM generate_series(10, 12) WITH ORDINALITY AS t(x, ord);
SELECT * FROM generate_series(1, 3) WITH ORDINALITY;
SELECT * FROM generate_series(1::bigint, 3::bigint);
SELECT * FROM generate_series(0.5, 2.0, 0.5);
SELECT * FROM generate_series('2026-12-03 00:00'::timestamptz, '2026-12-03 02:00', '30 minutes');
SELECT * FROM generate_series('2026-01-31'::timestamp, '2026-05-01', '1 month');
SELECT * FROM generate_series(1, 3, 0);
SELECT * FROM unnest(ARRAY[3, 1, 2]) u;
SELECT * FROM unnest('{a,b}'::text[]) WITH ORDINALITY AS x(letter, n);
SELECT s, s * s FROM generate_series(1, 4) s WHERE s % 2 = 0;
SELECT count(*), sum(s) FROM generate_series(1, 1000) s;
CREATE TABLE t (a int, n int); INSERT INTO t VALUES (1, 2), (2, 3);
SELECT a, g FROM t, generate_series(1, t.n) g ORDER BY a, g;
SELECT * FROM generate_series(1, NULL);
SELECT * FROM generate_series('a', 'b');
SELECT * FROM generate_series(1, 2) AS g(a, b);
SELECT * FROM generate_series(2147483646, 2147483647);
SELECT * FROM nosuchfn(1);
SELECT * FROM upper('abc'); SELECT * FROM nullif(1, 1) AS n; SELECT u.* FROM lower('X') WITH ORDINALITY u;
