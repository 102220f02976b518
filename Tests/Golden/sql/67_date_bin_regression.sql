-- date_bin and the two-variable statistics aggregates (corr, covar_*,
-- regr_*)
SELECT date_bin('15 minutes', timestamp '2026-12-03 10:07:12', timestamp '2000-01-01') AS quarter,
       date_bin('1 day 2 hours', timestamp '2026-12-03 10:07', timestamp '2026-11-01 03:00') AS odd_stride,
       date_bin('5 minutes', timestamptz '2026-12-03 10:07:12+00', timestamptz '2000-01-01 00:02+00') AS with_tz;
SELECT date_bin('1 hour', timestamp '1999-12-31 22:30', timestamp '2000-01-01') AS before_origin;
SELECT date_bin('1 month', timestamp '2026-12-03', timestamp '2000-01-01');
SELECT date_bin('0 minutes', timestamp '2026-12-03', timestamp '2000-01-01');
SELECT date_bin('-5 minutes', timestamp '2026-12-03', timestamp '2000-01-01');
SELECT date_bin('10 minutes', ts, timestamp '2000-01-01') AS bin, count(*)
FROM (VALUES (timestamp '2026-12-03 10:01'), ('2026-12-03 10:09'), ('2026-12-03 10:11')) v(ts)
GROUP BY 1 ORDER BY 1;
CREATE TABLE pts (x float8, y float8);
INSERT INTO pts VALUES (1, 2), (2, 4.1), (3, 5.9), (4, 8.2), (5, 9.8), (NULL, 1), (6, NULL);
SELECT corr(y, x), covar_pop(y, x), covar_samp(y, x), regr_count(y, x) FROM pts;
SELECT regr_slope(y, x), regr_intercept(y, x), regr_r2(y, x), regr_avgx(y, x), regr_avgy(y, x) FROM pts;
SELECT regr_sxx(y, x), regr_syy(y, x), regr_sxy(y, x) FROM pts;
SELECT corr(y, x), regr_count(y, x), covar_samp(y, x) FROM pts WHERE x = 1;
SELECT corr(y, x), regr_count(y, x) FROM pts WHERE false;
SELECT corr(a, b) FROM (VALUES (1, 1), (2, 2), (3, 3)) v(a, b);
SELECT regr_r2(y, 1) FROM pts;
