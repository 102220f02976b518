-- coalesce, nullif, greatest and least: argument typing and NULL handling.
SELECT coalesce(NULL, 2, 3), coalesce(NULL, NULL, 'c'), coalesce(1), coalesce(NULL::int, NULL) IS NULL AS all_null;
SELECT coalesce(NULL, 1.5, 2), pg_typeof(coalesce(NULL, 1, 2.5)), pg_typeof(coalesce(1::int2, 2::int8));
SELECT coalesce(1, 1 / 0) AS lazy;
SELECT coalesce('a', 1);
SELECT coalesce(1, 'a');
SELECT coalesce(NULL, '2024-01-05'::date, '2024-02-01'), coalesce(NULL::timestamptz, '10-10-1901');
SELECT nullif(1, 1) IS NULL AS eq, nullif(1, 2), nullif('a', 'b'), nullif(NULL, 1) IS NULL AS null_first;
SELECT nullif(10, 0), 100 / nullif(0, 0) IS NULL AS safe_div, pg_typeof(nullif(1, 1.0));
SELECT nullif(1, 'a');
SELECT greatest(1, 5, 3), least(1, 5, 3), greatest('apple', 'banana'), least('b', 'B', 'a');
SELECT greatest(1, NULL, 3), least(NULL, 2), greatest(NULL::int, NULL) IS NULL AS all_null;
SELECT greatest(1, 2.5), pg_typeof(greatest(1, 2.5)), least(1::int8, 2::int2), pg_typeof(least(1::int8, 2::int2));
SELECT greatest('2024-01-05'::date, '2024-01-06'::date), least('2024-01-05 10:00+00'::timestamptz, '10-10-1901');
SELECT greatest(interval '1 hour', interval '59 minutes'), least(true, false);
SELECT greatest(1, 'a');
SELECT coalesce(x, 0) + 1, greatest(x, 10), nullif(x, 5) FROM (VALUES (NULL::int), (5), (20)) v(x);
SELECT CASE WHEN x IS NULL THEN 'none' ELSE x::text END FROM (VALUES (NULL::int), (7)) v(x);
