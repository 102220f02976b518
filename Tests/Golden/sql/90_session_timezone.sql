-- The session TimeZone (issue 6): SET TIME ZONE / SET TimeZone with tz
-- database names, numeric offsets, intervals and POSIX strings, their errors,
-- LOCAL/DEFAULT/RESET and SET LOCAL; timestamptz read and printed in the
-- session zone (DST gaps and overlaps, local mean time offsets with seconds),
-- casts, date_trunc, extract, to_char, interval arithmetic and generate_series
-- across DST, age, make_timestamptz, current_date. Recorded from PostgreSQL 15.
SHOW TimeZone;
SELECT '2026-07-01 12:00'::timestamptz AS utc_default;
SET TIME ZONE 'America/New_York';
SHOW TimeZone;
SELECT '2026-07-01 12:00'::timestamptz, '2026-01-15 12:00'::timestamptz, '2026-07-01 12:00+00'::timestamptz;
SELECT '2026-03-08 02:30'::timestamptz AS gap, '2026-11-01 01:30'::timestamptz AS overlap;
SELECT '1850-01-01 12:00'::timestamptz AS lmt, '2040-07-01 12:00'::timestamptz AS future;
SELECT '2026-07-01 12:00 Europe/Berlin'::timestamptz AS named_in_input;
SELECT '2026-07-01 16:00+00'::timestamptz::timestamp AS to_ts, '2026-07-01 02:00+00'::timestamptz::date AS to_date,
       '2026-07-01 16:30+00'::timestamptz::time AS to_time;
SELECT '2026-07-01 12:00'::timestamp::timestamptz AS from_ts, '2026-07-01'::date::timestamptz AS from_date;
SELECT date_trunc('day', '2026-11-01 12:00-05'::timestamptz) AS trunc_day_dst,
       date_trunc('month', '2026-11-15 12:00'::timestamptz) AS trunc_month,
       date_trunc('hour', '2026-11-01 01:30-05'::timestamptz) AS trunc_hour_overlap,
       date_trunc('minute', '1850-01-01 12:00:30'::timestamptz) AS trunc_minute_lmt;
SELECT date_trunc('day', '2026-07-01 02:00+00'::timestamptz, 'Asia/Tokyo') AS trunc3,
       date_trunc('day', '2026-07-01 02:00+00'::timestamptz, 'UTC') AS trunc3_utc;
SELECT extract(timezone FROM '2026-07-01 12:00'::timestamptz) AS tz,
       extract(timezone_hour FROM '2026-01-01 12:00'::timestamptz) AS tzh,
       extract(timezone_minute FROM '2026-01-01 12:00'::timestamptz) AS tzm,
       extract(epoch FROM '2026-07-01 12:00'::timestamptz) AS epoch,
       extract(hour FROM '2026-07-01 12:00+00'::timestamptz) AS hour,
       date_part('day', '2026-07-01 02:00+00'::timestamptz) AS day;
SELECT to_char('2026-07-01 12:00'::timestamptz, 'YYYY-MM-DD HH24:MI TZ tz OF TZH:TZM') AS summer,
       to_char('2026-01-01 12:00'::timestamptz, 'HH24:MI TZ OF') AS winter,
       to_char('1850-01-01 12:00'::timestamptz, 'HH24:MI:SS TZ OF') AS lmt;
SELECT '2026-03-07 12:00'::timestamptz + interval '1 day' AS plus_day,
       '2026-03-07 12:00'::timestamptz + interval '24 hours' AS plus_24h,
       '2026-02-08 12:00'::timestamptz + interval '1 month' AS plus_month,
       '2026-11-01 12:00'::timestamptz - interval '1 day' AS minus_day;
SELECT * FROM generate_series('2026-03-07 00:00'::timestamptz, '2026-03-10 00:00', '1 day');
SELECT * FROM generate_series('2026-11-01 00:00'::timestamptz, '2026-11-01 03:00', '1 hour');
SELECT age('2026-07-01 00:00'::timestamptz, '2026-03-01 00:00'::timestamptz) AS age,
       '2026-03-09 00:00'::timestamptz - '2026-03-08 00:00'::timestamptz AS diff,
       justify_hours('2026-03-09 00:00'::timestamptz - '2026-03-07 00:00'::timestamptz) AS justified;
SELECT make_timestamptz(2026, 7, 1, 12, 30, 45.5) AS made,
       make_timestamptz(2026, 7, 1, 12, 30, 0, 'Asia/Kolkata') AS made_kolkata,
       make_timestamptz(2026, 7, 1, 12, 30, 0, '+05:30') AS made_offset,
       make_timestamp(2026, 7, 1, 12, 30, 0) AS made_ts;
SELECT now()::date = current_date AS today_matches, current_date = (now() AT TIME ZONE 'America/New_York')::date AS local_date;
SELECT '2026-07-01'::date < '2026-07-01 03:00+00'::timestamptz AS date_vs_tstz,
       '2026-07-01 00:00'::timestamp = '2026-07-01 04:00+00'::timestamptz AS ts_vs_tstz;
SELECT to_json('2026-07-01 12:00'::timestamptz) AS json, to_json('1850-01-01 12:00'::timestamptz) AS json_lmt;
-- Abbreviations of timezone_abbreviations: fixed offsets, and MSK in its zone.
SELECT '2026-07-01 12:00 EST'::timestamptz AS est_in_july, '2026-01-01 12:00 EDT'::timestamptz AS edt,
       '2026-07-01 12:00 CEST'::timestamptz AS cest, '2010-07-01 12:00 MSK'::timestamptz AS msk;
SELECT '2026-07-01 12:00'::timestamp AT TIME ZONE 'EST' AS at_est,
       '2026-07-01 12:00+00'::timestamptz AT TIME ZONE 'PST' AS at_pst;
SELECT * FROM pg_timezone_names
 WHERE name IN ('Asia/Kolkata', 'UTC', 'Factory', 'posix/Asia/Tokyo', 'Etc/GMT+10') ORDER BY name;
SELECT * FROM pg_timezone_abbrevs WHERE abbrev IN ('EST', 'EDT', 'CEST', 'IST', 'Z', 'MSK') ORDER BY abbrev;
SELECT count(*) > 1000 AS many_zones FROM pg_timezone_names;
SELECT '2026-07-01 12:00+00'::timestamptz AT TIME ZONE 'Asia/Kolkata' AS at_zone,
       '2026-07-01 12:00'::timestamp AT TIME ZONE 'Europe/Berlin' AS at_zone_ts;
SET TIME ZONE 'Asia/Kolkata';
SELECT '2026-07-01 12:00'::timestamptz, extract(timezone FROM now()) AS tz, to_char('2026-07-01 12:00'::timestamptz, 'TZ OF');
SET TIME ZONE 'Australia/Sydney';
SELECT '2026-01-01 12:00'::timestamptz, '2026-07-01 12:00'::timestamptz, '2026-04-05 02:30'::timestamptz AS overlap, '2026-10-04 02:30'::timestamptz AS gap;
SET TIME ZONE 'Europe/Amsterdam';
SELECT '1920-01-01 12:00'::timestamptz, to_char('1920-01-01 12:00'::timestamptz, 'TZ OF'), extract(timezone FROM '1920-01-01 12:00'::timestamptz);
SET TIME ZONE -7;
SHOW TimeZone;
SELECT '2026-07-01 12:00'::timestamptz, to_char('2026-07-01 12:00'::timestamptz, 'TZ OF');
SET TIME ZONE 5.5;
SHOW TimeZone;
SELECT '2026-07-01 12:00'::timestamptz;
SET TIME ZONE 0.01;
SHOW TimeZone;
SELECT '2026-07-01 12:00'::timestamptz;
SET TIME ZONE '+05';
SHOW TimeZone;
SET TIME ZONE 'UTC+3';
SHOW TimeZone;
SELECT '2026-07-01 12:00'::timestamptz;
SET TIME ZONE 'EST5EDT';
SELECT '2026-07-01 12:00'::timestamptz, '2026-01-01 12:00'::timestamptz;
SET TIME ZONE '<+0330>-3:30';
SHOW TimeZone;
SELECT '2026-07-01 12:00'::timestamptz;
SET TIME ZONE 'foo3bar,M3.2.0,M11.1.0';
SHOW TimeZone;
SELECT '2026-07-01 12:00'::timestamptz, '2026-01-01 12:00'::timestamptz, to_char('2026-07-01 12:00'::timestamptz, 'TZ');
SET TIME ZONE INTERVAL '+05:30';
SHOW TimeZone;
SET TIME ZONE INTERVAL '-08:30:15' HOUR TO MINUTE;
SHOW TimeZone;
SET TIME ZONE INTERVAL '5' HOUR;
SHOW TimeZone;
SET TIME ZONE INTERVAL '5' DAY;
SET TIME ZONE 'Foo/Bar';
SET TIME ZONE 'america/../europe/berlin';
SET TIME ZONE 'ABC';
SET TIME ZONE '';
SET TIME ZONE 1000;
SET TIME ZONE 'UTC+3:30:15';
SET TIME ZONE INTERVAL '1 day';
SHOW TimeZone;
SET TIME ZONE 'utc';
SHOW TimeZone;
SET TIME ZONE 'zulu';
SHOW TimeZone;
SET TimeZone TO 'europe/berlin';
SHOW TimeZone;
SET TIME ZONE LOCAL;
SHOW TimeZone;
SET TimeZone = 'Asia/Tokyo';
SET TIME ZONE DEFAULT;
SHOW TimeZone;
SET TimeZone = 'Asia/Tokyo';
RESET TimeZone;
SHOW TimeZone;
BEGIN;
SET LOCAL TIME ZONE 'Asia/Tokyo';
SHOW TimeZone;
SELECT '2026-07-01 12:00'::timestamptz;
COMMIT;
SHOW TimeZone;
SELECT set_config('TimeZone', 'America/Chicago', false);
SELECT current_setting('TimeZone'), '2026-07-01 12:00'::timestamptz;
RESET TimeZone;
SELECT '2026-07-01 12:00'::timestamptz AS back_in_utc;
