-- tstzrange: construction, bounds, emptiness, containment (<@ and @>).
SELECT tstzrange('2024-01-05 10:00+00', '2024-01-05 11:00+00');
SELECT tstzrange('2024-01-05 10:00+00', '2024-01-05 11:00+00', '(]');
SELECT tstzrange('2024-01-05 10:00+00', '2024-01-05 11:00+00', '()'), tstzrange('2024-01-05 10:00+00', '2024-01-05 11:00+00', '[]');
SELECT tstzrange('2024-01-05 10:00+00', '2024-01-05 10:00+00'), tstzrange('2024-01-05 10:00+00', '2024-01-05 10:00+00', '[]');
SELECT tstzrange(NULL, '2024-01-05 10:00+00'), tstzrange('2024-01-05 10:00+00', NULL, '(]');
SELECT tstzrange('2024-01-05 11:00+00', '2024-01-05 10:00+00');
SELECT tstzrange('2024-01-05 10:00+00', '2024-01-05 11:00+00', 'xx');
SELECT '[2024-01-05 10:00+00,2024-01-05 11:00+00)'::tstzrange, '(,)'::tstzrange, 'empty'::tstzrange;
SELECT '["2024-01-05 10:00:00+00","2024-01-06 00:00:00+00"]'::tstzrange;
SELECT '2024-01-05 10:00+00'::timestamptz <@ tstzrange('2024-01-05 10:00+00', '2024-01-05 11:00+00') AS lower_in;
SELECT '2024-01-05 10:00+00'::timestamptz <@ tstzrange('2024-01-05 10:00+00', '2024-01-05 11:00+00', '(]') AS lower_out;
SELECT '2024-01-05 11:00+00'::timestamptz <@ tstzrange('2024-01-05 10:00+00', '2024-01-05 11:00+00', '(]') AS upper_in;
SELECT '2024-01-05 11:00+00'::timestamptz <@ tstzrange('2024-01-05 10:00+00', '2024-01-05 11:00+00') AS upper_out;
SELECT tstzrange('2024-01-05 10:00+00', '2024-01-05 11:00+00') @> '2024-01-05 10:30+00'::timestamptz AS contains;
SELECT tstzrange('2024-01-01+00', '2024-02-01+00') @> tstzrange('2024-01-05+00', '2024-01-06+00') AS range_contains;
SELECT tstzrange('2024-01-05+00', '2024-01-06+00') <@ tstzrange('2024-01-01+00', '2024-02-01+00') AS range_in;
SELECT '1901-10-10 00:00+00'::timestamptz <@ tstzrange('10-10-1901', '2024-01-05 10:00+00', '(]') AS excluded_start;
SELECT NULL::timestamptz <@ tstzrange('2024-01-01+00', '2024-02-01+00') AS null_elem;
SELECT '2024-01-05'::timestamptz <@ tstzrange(NULL, NULL) AS unbounded, '2024-01-05'::timestamptz <@ 'empty'::tstzrange AS in_empty;
SELECT lower(tstzrange('2024-01-05 10:00+00', '2024-01-05 11:00+00')), upper(tstzrange('2024-01-05 10:00+00', '2024-01-05 11:00+00'));
SELECT isempty(tstzrange('2024-01-05+00', '2024-01-05+00')), lower_inc(tstzrange('2024-01-05+00', '2024-01-06+00', '(]')), upper_inc(tstzrange('2024-01-05+00', '2024-01-06+00', '(]'));
SELECT tstzrange('2024-01-01+00', '2024-01-03+00') = tstzrange('2024-01-01+00', '2024-01-03+00', '[)');
SELECT count(*) FROM (VALUES ('2024-01-05 09:59+00'::timestamptz), ('2024-01-05 10:00+00'), ('2024-01-05 10:30+00'), ('2024-01-05 11:00+00')) v(t)
WHERE t <@ tstzrange('2024-01-05 10:00+00', '2024-01-05 11:00+00', '(]');
