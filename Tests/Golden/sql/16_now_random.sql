-- now() is fixed for the transaction, clock_timestamp() is not; random() and
-- setseed(). Only properties are printed, never the values themselves.
SELECT now() = now() AS stable_in_statement, now() = current_timestamp AS same_as_current_timestamp;
SELECT pg_typeof(now()), pg_typeof(clock_timestamp()), pg_typeof(current_timestamp);
SELECT now() > '2020-01-01'::timestamptz AS after_2020, now() <= clock_timestamp() AS clock_is_later;
SELECT now() > '10-10-1901'::timestamptz AS after_1901, date_trunc('minute', now()) <= now() AS truncated;
BEGIN;
CREATE TABLE now_t (label text, t timestamptz DEFAULT now(), c timestamptz DEFAULT clock_timestamp());
INSERT INTO now_t (label) VALUES ('first');
SELECT pg_sleep(0.01);
INSERT INTO now_t (label) VALUES ('second');
SELECT count(DISTINCT t) AS distinct_now, count(DISTINCT c) AS distinct_clock FROM now_t;
SELECT count(*) AS not_now FROM now_t WHERE t <> now();
SELECT min(c) < max(c) AS clock_moved FROM now_t;
COMMIT;
INSERT INTO now_t (label) VALUES ('third');
SELECT count(DISTINCT t) AS distinct_now_after_commit FROM now_t;
SELECT label FROM now_t WHERE t = (SELECT max(t) FROM now_t);
DROP TABLE now_t;
-- random() is in [0, 1)
SELECT random() < 1 AS below_one, random() >= 0 AS not_negative, random() <> random() AS differs;
SELECT setseed(0.5);
SELECT setseed(0.5) IS NOT NULL AS void_result, pg_typeof(setseed(0.5));
SELECT setseed(2);
SELECT setseed(-1), setseed(1);
CREATE TABLE rnd_t (a double precision, b double precision);
SELECT setseed(0.25);
INSERT INTO rnd_t VALUES (random(), 0), (random(), 0), (random(), 0), (random(), 0), (random(), 0),
    (random(), 0), (random(), 0), (random(), 0), (random(), 0), (random(), 0);
INSERT INTO rnd_t SELECT random(), a FROM rnd_t;
UPDATE rnd_t SET b = random() WHERE b = 0;
SELECT count(*), min(a) >= 0 AS lo_ok, max(a) < 1 AS hi_ok, count(DISTINCT a) > 15 AS varied FROM rnd_t;
SELECT count(*) AS out_of_range FROM rnd_t WHERE b < 0 OR b >= 1;
SELECT count(*) AS bad_sites FROM rnd_t WHERE trunc(a * 32) NOT BETWEEN 0 AND 31;
DROP TABLE rnd_t;
SELECT pg_sleep(0);
SELECT pg_sleep(0.001) IS NULL AS sleep_returns_void;
