-- EXPLAIN of INSERT .. SELECT .. GROUP BY [ON CONFLICT] over a partitioned
-- table that was never analysed (the lab's rollup): the grouping PostgreSQL
-- keeps by cost (Sort and GroupAggregate for the few rows a filter leaves,
-- HashAggregate for many), the Subquery Scan on "*SELECT*" and, under
-- VERBOSE, the row INSERT stores in column order.
CREATE TABLE http_request (
site_id INT,
ingest_time TIMESTAMPTZ DEFAULT now(),
url TEXT,
request_country TEXT,
ip_address TEXT,
status_code INT,
response_time_msec INT
) PARTITION BY RANGE (ingest_time);
CREATE TABLE http_request_p2026_11_30 PARTITION OF http_request FOR VALUES FROM ('2026-11-30') TO ('2026-12-01');
CREATE TABLE http_request_p2026_12_01 PARTITION OF http_request FOR VALUES FROM ('2026-12-01') TO ('2026-12-02');
CREATE TABLE http_request_p2026_12_02 PARTITION OF http_request FOR VALUES FROM ('2026-12-02') TO ('2026-12-03');
CREATE TABLE http_request_p2026_12_03 PARTITION OF http_request FOR VALUES FROM ('2026-12-03') TO ('2026-12-04');
CREATE TABLE http_request_default PARTITION OF http_request DEFAULT;
CREATE TABLE http_request_1min (
site_id INT,
ingest_time TIMESTAMPTZ,
request_country TEXT,
error_count INT,
success_count INT,
request_count INT,
sum_response_time_msec INT,
CHECK (request_count = error_count + success_count),
CHECK (ingest_time = date_trunc('minute', ingest_time)),
PRIMARY KEY (site_id, ingest_time,request_country)
);
EXPLAIN INSERT INTO http_request_1min (
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
WHERE date_trunc('minute', ingest_time) <@
        tstzrange('2026-12-03 17:00:00+00', '2026-12-03 19:00:00+00', '(]')
GROUP BY 1, 2,3
ON CONFLICT (site_id,ingest_time,request_country)
DO UPDATE
    SET request_count = http_request_1min.request_count + excluded.request_count,
    success_count = http_request_1min.success_count + excluded.success_count,
    error_count = http_request_1min.error_count + excluded.error_count,
    sum_response_time_msec = http_request_1min.sum_response_time_msec + excluded.sum_response_time_msec;
EXPLAIN VERBOSE INSERT INTO http_request_1min (
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
WHERE date_trunc('minute', ingest_time) <@
        tstzrange('2026-12-03 17:00:00+00', '2026-12-03 19:00:00+00', '(]')
  AND site_id IS NOT NULL
GROUP BY 1, 2,3
ON CONFLICT (site_id,ingest_time,request_country)
DO UPDATE
    SET request_count = http_request_1min.request_count + excluded.request_count,
    success_count = http_request_1min.success_count + excluded.success_count,
    error_count = http_request_1min.error_count + excluded.error_count,
    sum_response_time_msec = http_request_1min.sum_response_time_msec + excluded.sum_response_time_msec;
EXPLAIN VERBOSE INSERT INTO http_request_1min (site_id, ingest_time, request_country, request_count)
SELECT site_id, date_trunc('minute', ingest_time), request_country, count(*)
FROM http_request WHERE site_id = 3 GROUP BY 1, 2, 3;
EXPLAIN INSERT INTO http_request_1min (site_id, ingest_time, request_country, request_count)
SELECT site_id, date_trunc('minute', ingest_time), request_country, count(*)
FROM http_request GROUP BY 1, 2, 3 ON CONFLICT DO NOTHING;
EXPLAIN (COSTS OFF) INSERT INTO http_request_1min (site_id, ingest_time, request_country, request_count)
SELECT site_id, ingest_time, request_country, count(*)
FROM http_request WHERE status_code BETWEEN 500 AND 599 GROUP BY 1, 2, 3
ON CONFLICT (site_id, ingest_time, request_country) DO NOTHING;
