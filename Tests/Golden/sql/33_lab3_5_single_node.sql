-- Labs 3 to 5 on a single node: every statement that needs no extension.
-- pg_partman's daily partitions are created explicitly, Lab 4's endless
-- load loop runs a fixed number of times, and queries whose output would
-- depend on the clock or on random() are also run over fixed data.
\echo Lab 3: application tables
-- this is run on the coordinator
CREATE TABLE http_request (
site_id INT,
ingest_time TIMESTAMPTZ DEFAULT now(),

url TEXT,
request_country TEXT,
ip_address TEXT,

status_code INT,
response_time_msec INT
) PARTITION BY RANGE (ingest_time);

-- daily partitions, as pg_partman would name them, and its default partition
CREATE TABLE http_request_p2024_12_02 PARTITION OF http_request
    FOR VALUES FROM ('2024-12-02 00:00:00+00') TO ('2024-12-03 00:00:00+00');
CREATE TABLE http_request_p2024_12_03 PARTITION OF http_request
    FOR VALUES FROM ('2024-12-03 00:00:00+00') TO ('2024-12-04 00:00:00+00');
CREATE TABLE http_request_p2024_12_04 PARTITION OF http_request
    FOR VALUES FROM ('2024-12-04 00:00:00+00') TO ('2024-12-05 00:00:00+00');
CREATE TABLE http_request_default PARTITION OF http_request DEFAULT;

CREATE TABLE http_request_1min (
site_id INT,
ingest_time TIMESTAMPTZ, -- which minute this row represents
request_country TEXT,

error_count INT,
success_count INT,
request_count INT,
sum_response_time_msec INT,
CHECK (request_count = error_count + success_count),
CHECK (ingest_time = date_trunc('minute', ingest_time)),
PRIMARY KEY (site_id, ingest_time,request_country)
);

CREATE TABLE latest_rollup (
minute timestamptz PRIMARY KEY,

CHECK (minute = date_trunc('minute', minute))
);

\echo Lab 4: generate data
SELECT setseed(0.5);
-- loop writing records, a fixed number of times
DO $$
BEGIN FOR i IN 1..1000 LOOP
    INSERT INTO http_request (
    site_id, ingest_time, url, request_country,
    ip_address, status_code, response_time_msec
    ) VALUES (
    trunc(random()*32), clock_timestamp(),
    concat('http://example.com/', md5(random()::text)),
    ('{China,India,USA,Indonesia}'::text[])[ceil(random()*4)],
    concat(
        trunc(random()*250 + 2), '.',
        trunc(random()*250 + 2), '.',
        trunc(random()*250 + 2), '.',
        trunc(random()*250 + 2)
    )::inet,
    ('{200,404}'::int[])[ceil(random()*2)],
    5+trunc(random()*150)
    );
    COMMIT;
END LOOP;
END $$;

Select Count(*) from http_request; 
Select Count(*) from http_request; 

-- the clock put every generated row into the default partition
SELECT count(*) FROM http_request_default;
SELECT count(*) FROM http_request_p2024_12_03;
-- what the generator produces, independent of the random values
SELECT min(site_id), max(site_id), count(DISTINCT request_country), count(DISTINCT status_code)
FROM http_request;
SELECT count(*) AS bad_rows FROM http_request
WHERE site_id NOT BETWEEN 0 AND 31
   OR request_country NOT IN ('China', 'India', 'USA', 'Indonesia')
   OR status_code NOT IN (200, 404)
   OR response_time_msec NOT BETWEEN 5 AND 154
   OR url NOT LIKE 'http://example.com/%'
   OR length(url) <> 51
   OR ip_address NOT LIKE '%/32'
   OR split_part(ip_address, '.', 1)::int NOT BETWEEN 2 AND 251
   OR split_part(split_part(ip_address, '.', 4), '/', 1)::int NOT BETWEEN 2 AND 251;
SELECT count(*) AS not_recent FROM http_request
WHERE ingest_time > now() OR ingest_time < now() - interval '1 hour';
SELECT count(DISTINCT url) > 990 AS urls_vary, count(DISTINCT ip_address) > 990 AS ips_vary
FROM http_request;
-- the dashboard query over the generated rows: 15 of at least 32 groups
SELECT count(*) FROM (
SELECT
site_id,
date_trunc('minute', ingest_time) as minute,
COUNT(1) AS request_count,
SUM(CASE WHEN (status_code between 200 and 299) THEN 1 ELSE 0 END) as success_count,
SUM(CASE WHEN (status_code between 200 and 299) THEN 0 ELSE 1 END) as error_count,
SUM(response_time_msec) / COUNT(1) AS average_response_time_msec
FROM http_request
WHERE date_trunc('minute', ingest_time) > now() - '5 minutes'::interval
GROUP BY site_id, minute
ORDER BY minute ASC
LIMIT 15
) AS dashboard;

-- from here on, fixed data
TRUNCATE http_request;
INSERT INTO http_request (site_id, ingest_time, url, request_country, ip_address, status_code, response_time_msec) VALUES
    (1, '2024-12-03 10:00:05+00', 'http://example.com/a', 'USA', concat(10, '.', 0, '.', 0, '.', 1)::inet, 200, 10),
    (1, '2024-12-03 10:00:35+00', 'http://example.com/b', 'USA', '10.0.0.2', 404, 20),
    (1, '2024-12-03 10:00:59.999999+00', 'http://example.com/c', 'India', '10.0.0.3', 200, 31),
    (1, '2024-12-03 10:01:00+00', 'http://example.com/d', 'USA', '10.0.0.4', 200, 40),
    (2, '2024-12-03 10:01:10+00', 'http://example.com/e', 'China', '10.0.0.5', 200, 50),
    (2, '2024-12-03 10:01:20+00', 'http://example.com/f', 'China', '10.0.0.6', 404, 60),
    (2, '2024-12-03 10:02:00+00', 'http://example.com/g', 'Indonesia', '10.0.0.7', 200, 70),
    (3, '2024-12-03 10:03:30+00', 'http://example.com/h', 'USA', '10.0.0.8', 404, 80),
    (3, '2024-12-03 10:04:45+00', 'http://example.com/i', 'USA', '10.0.0.9', 200, 90),
    (4, '2024-12-02 23:59:59+00', 'http://example.com/j', 'India', '10.0.0.10', 200, 100),
    (4, '2024-12-04 00:00:00+00', 'http://example.com/k', 'India', '10.0.0.11', 200, 110);
SELECT site_id, ingest_time, request_country, ip_address, status_code FROM http_request_p2024_12_03 ORDER BY ingest_time;
SELECT count(*) FROM http_request_p2024_12_02;
SELECT count(*) FROM http_request_p2024_12_04;
Select Count(*) from http_request; 

-- the dashboard query verbatim: nothing of the fixed data is from the last 5 minutes
SELECT
site_id,
date_trunc('minute', ingest_time) as minute,
COUNT(1) AS request_count,
SUM(CASE WHEN (status_code between 200 and 299) THEN 1 ELSE 0 END) as success_count,
SUM(CASE WHEN (status_code between 200 and 299) THEN 0 ELSE 1 END) as error_count,
SUM(response_time_msec) / COUNT(1) AS average_response_time_msec
FROM http_request
WHERE date_trunc('minute', ingest_time) > now() - '5 minutes'::interval
GROUP BY site_id, minute
ORDER BY minute ASC
LIMIT 15;
-- the dashboard query as of 2024-12-03 10:05 UTC
SELECT
site_id,
date_trunc('minute', ingest_time) as minute,
COUNT(1) AS request_count,
SUM(CASE WHEN (status_code between 200 and 299) THEN 1 ELSE 0 END) as success_count,
SUM(CASE WHEN (status_code between 200 and 299) THEN 0 ELSE 1 END) as error_count,
SUM(response_time_msec) / COUNT(1) AS average_response_time_msec
FROM http_request
WHERE date_trunc('minute', ingest_time) > '2024-12-03 10:05:00+00'::timestamptz - '5 minutes'::interval
GROUP BY site_id, minute
ORDER BY minute ASC, site_id
LIMIT 15;

\echo Lab 5: rollup functions
-- initialize to a time long ago
INSERT INTO latest_rollup VALUES ('10-10-1901');

-- function to do the rollup
CREATE OR REPLACE FUNCTION rollup_http_request() RETURNS void AS $$
DECLARE
curr_rollup_time timestamptz := date_trunc('minute', now());
last_rollup_time timestamptz := minute from latest_rollup;
BEGIN
INSERT INTO http_request_1min (
    site_id, ingest_time, request_country, request_count,
    success_count, error_count, sum_response_time_msec
) SELECT
    site_id,
    date_trunc('minute', ingest_time),
    request_country,
    COUNT(1) as request_count,
    SUM(CASE WHEN (status_code between 200 and 299) THEN 1 ELSE 0 END) as success_count,
    SUM(CASE WHEN (status_code between 200 and 299) THEN 0 ELSE 1 END) as error_count,
    SUM(response_time_msec) AS sum_response_time_msec
FROM http_request
-- roll up only data new since last_rollup_time
WHERE date_trunc('minute', ingest_time) <@
        tstzrange(last_rollup_time, curr_rollup_time, '(]')
GROUP BY 1, 2,3
ON CONFLICT (site_id,ingest_time,request_country)
DO UPDATE
    SET request_count = http_request_1min.request_count + excluded.request_count,
    success_count = http_request_1min.success_count + excluded.success_count,
    error_count = http_request_1min.error_count + excluded.error_count,
    sum_response_time_msec = http_request_1min.sum_response_time_msec + excluded.sum_response_time_msec;

-- update the value in latest_rollup so that next time we run the
-- rollup it will operate on data newer than curr_rollup_time
UPDATE latest_rollup SET minute = curr_rollup_time;
END;
$$ LANGUAGE plpgsql;

SELECT rollup_http_request(); 

SELECT * FROM http_request_1min ORDER BY site_id, ingest_time, request_country;
SELECT minute <= now() AND minute > now() - interval '2 minutes' AS advanced_to_now,
       minute = date_trunc('minute', minute) AS on_a_minute
FROM latest_rollup;
-- running it again finds nothing new
SELECT rollup_http_request(); 
SELECT count(*), sum(request_count) FROM http_request_1min;

-- the rollup dashboard query verbatim: nothing from the last 5 minutes
SELECT site_id, ingest_time as minute, request_count,
    success_count, error_count, sum_response_time_msec/request_count as average_response_time_msec
FROM http_request_1min
WHERE ingest_time > date_trunc('minute', now()) - '5 minutes'::interval
LIMIT 15;
-- the rollup dashboard query as of 2024-12-03 10:05 UTC (ordered, for a stable output)
SELECT site_id, ingest_time as minute, request_count,
    success_count, error_count, sum_response_time_msec/request_count as average_response_time_msec
FROM http_request_1min
WHERE ingest_time > date_trunc('minute', '2024-12-03 10:05:00+00'::timestamptz) - '5 minutes'::interval
ORDER BY minute, site_id, request_country
LIMIT 15;

-- late data: rewind latest_rollup and roll up again; existing minutes are updated
INSERT INTO http_request (site_id, ingest_time, url, request_country, ip_address, status_code, response_time_msec) VALUES
    (1, '2024-12-03 10:01:30+00', 'http://example.com/late1', 'USA', '10.0.1.1', 500, 5),
    (5, '2024-12-03 10:01:40+00', 'http://example.com/late2', 'China', '10.0.1.2', 200, 15);
UPDATE latest_rollup SET minute = '2024-12-03 10:00:00+00';
SELECT rollup_http_request(); 
SELECT * FROM http_request_1min WHERE ingest_time >= '2024-12-03 10:01:00+00' ORDER BY site_id, ingest_time, request_country;
SELECT count(*), sum(request_count), sum(success_count), sum(error_count) FROM http_request_1min;

-- expiring old data (all fixed data is older than a day and a month)
DELETE FROM http_request WHERE ingest_time < now() - interval '1 day';
DELETE FROM http_request_1min WHERE ingest_time < now() - interval '1 month';
SELECT count(*) FROM http_request;
SELECT count(*) FROM http_request_1min;
DROP TABLE http_request_pYYYY_MM_DD;
DROP TABLE http_request_p2024_12_02;
INSERT INTO http_request (site_id, ingest_time) VALUES (9, '2024-12-02 12:00+00');
SELECT count(*) FROM http_request_default;

-- clean up
DROP FUNCTION rollup_http_request();
DROP TABLE http_request, http_request_1min, latest_rollup;
