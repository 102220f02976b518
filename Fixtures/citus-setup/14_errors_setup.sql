-- The lab's tables as they stood when citus-reference/14_errors.sql ran on the
-- reference cluster: pg_partman's daily partitions, both tables distributed,
-- Lab 6's hll and topn columns (null in every row), and rows for sites 1
-- and 4.
CREATE TABLE http_request (
site_id INT,
ingest_time TIMESTAMPTZ DEFAULT now(),
url TEXT,
request_country TEXT,
ip_address TEXT,
status_code INT,
response_time_msec INT
) PARTITION BY RANGE (ingest_time);
CREATE TABLE http_request_p2026_11_29 PARTITION OF http_request FOR VALUES FROM ('2026-11-29') TO ('2026-11-30');
CREATE TABLE http_request_p2026_11_30 PARTITION OF http_request FOR VALUES FROM ('2026-11-30') TO ('2026-12-01');
CREATE TABLE http_request_p2026_12_01 PARTITION OF http_request FOR VALUES FROM ('2026-12-01') TO ('2026-12-02');
CREATE TABLE http_request_p2026_12_02 PARTITION OF http_request FOR VALUES FROM ('2026-12-02') TO ('2026-12-03');
CREATE TABLE http_request_p2026_12_03 PARTITION OF http_request FOR VALUES FROM ('2026-12-03') TO ('2026-12-04');
CREATE TABLE http_request_p2026_12_04 PARTITION OF http_request FOR VALUES FROM ('2026-12-04') TO ('2026-12-05');
CREATE TABLE http_request_p2026_12_05 PARTITION OF http_request FOR VALUES FROM ('2026-12-05') TO ('2026-12-06');
CREATE TABLE http_request_p2026_12_06 PARTITION OF http_request FOR VALUES FROM ('2026-12-06') TO ('2026-12-07');
CREATE TABLE http_request_p2026_12_07 PARTITION OF http_request FOR VALUES FROM ('2026-12-07') TO ('2026-12-08');
CREATE TABLE http_request_p2026_12_08 PARTITION OF http_request FOR VALUES FROM ('2026-12-08') TO ('2026-12-09');
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
CREATE TABLE latest_rollup (
minute timestamptz PRIMARY KEY,
CHECK (minute = date_trunc('minute', minute))
);
SELECT create_distributed_table('http_request', 'site_id');
SELECT create_distributed_table('http_request_1min', 'site_id');
INSERT INTO latest_rollup VALUES ('2026-12-03 18:03:00+00');
ALTER TABLE http_request_1min ADD COLUMN distinct_ip_addresses hll;
ALTER TABLE http_request_1min ADD COLUMN top_urls_1000 jsonb;
INSERT INTO http_request (site_id, ingest_time, url) SELECT s % 32, '2026-12-03 18:00'::timestamptz + s * interval '1 second', 'u' FROM generate_series(1, 100) s;
INSERT INTO http_request_1min (site_id, ingest_time, request_country, error_count, success_count, request_count, sum_response_time_msec) SELECT 1, '2026-12-03 17:00'::timestamptz + s * interval '1 minute', 'USA', 0, 1, 1, 10 FROM generate_series(1, 11) s;
INSERT INTO http_request_1min (site_id, ingest_time, request_country, error_count, success_count, request_count, sum_response_time_msec) VALUES (4, '2026-12-03 17:00', 'USA', 0, 1, 1, 10);
