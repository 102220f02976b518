-- AT TIME ZONE with IANA zone names (any case), UTC, POSIX offsets and
-- intervals, in both directions, across daylight-saving changes
SELECT '2026-12-03 10:00+00'::timestamptz AT TIME ZONE 'Europe/Berlin' AS berlin,
       '2026-07-03 10:00+00'::timestamptz AT TIME ZONE 'Europe/Berlin' AS berlin_summer,
       '2026-12-03 10:00+00'::timestamptz AT TIME ZONE 'america/new_york' AS new_york,
       '2026-12-03 10:00+00'::timestamptz AT TIME ZONE 'Asia/Kolkata' AS kolkata;
SELECT '2026-12-03 10:00'::timestamp AT TIME ZONE 'Europe/Berlin' AS from_berlin,
       '2026-07-03 10:00'::timestamp AT TIME ZONE 'America/Los_Angeles' AS from_la;
SELECT '2026-12-03 10:00+00'::timestamptz AT TIME ZONE 'UTC', '2026-12-03 10:00'::timestamp AT TIME ZONE 'utc',
       '2026-12-03 10:00+00'::timestamptz AT TIME ZONE 'GMT';
SELECT '2026-12-03 10:00+00'::timestamptz AT TIME ZONE '+05' AS posix_plus, '2026-12-03 10:00+00'::timestamptz AT TIME ZONE '-03:30' AS posix_minus;
SELECT '2026-12-03 10:00+00'::timestamptz AT TIME ZONE INTERVAL '-08:00' AS interval_zone, '2026-12-03 10:00'::timestamp AT TIME ZONE INTERVAL '02:00' AS from_interval;
SELECT timezone('Europe/London', '2026-03-29 00:30+00'::timestamptz), timezone('Europe/London', '2026-03-29 01:30+00'::timestamptz);
SELECT date_trunc('hour', ts AT TIME ZONE 'America/New_York') AS local_hour, count(*)
FROM (VALUES ('2026-12-03 04:10+00'::timestamptz), ('2026-12-03 04:50+00'), ('2026-12-03 05:05+00')) v(ts)
GROUP BY 1 ORDER BY 1;
SELECT NULL::timestamptz AT TIME ZONE 'Europe/Berlin', '2026-12-03 10:00+00'::timestamptz AT TIME ZONE NULL;
SELECT '2026-12-03 10:00+00'::timestamptz AT TIME ZONE 'Mars/Olympus';
SELECT '2026-12-03 10:00+00'::timestamptz AT TIME ZONE INTERVAL '1 day';
