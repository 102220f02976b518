-- The lab's load generator INSERT (Lab 4, Fixtures/citus-reference/
-- 04a_lab4_load_loop.sql) as one pgbench transaction.
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
