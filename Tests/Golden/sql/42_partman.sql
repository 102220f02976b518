-- pg_partman 4.7.2 (the version Debian ships for PostgreSQL 15): only
-- statements whose output does not depend on today's date.
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE TABLE http_request (
  site_id int,
  ingest_time timestamptz DEFAULT now(),
  url text
) PARTITION BY RANGE (ingest_time);
CREATE TABLE plain (a int, t timestamptz NOT NULL);
CREATE TABLE listed (t timestamptz NOT NULL) PARTITION BY LIST (t);
-- pg_partman 5.x's call: 4.7.2 has no 'range' type and checks the column
SELECT partman.create_parent(p_parent_table := 'public.http_request',
  p_control := 'ingest_time', p_type := 'range', p_interval := '1 day');
SELECT partman.create_parent('http_request', 'ingest_time', 'native', 'daily');
SELECT partman.create_parent('public.a.b', 'ingest_time', 'native', 'daily');
SELECT partman.create_parent('public.nosuch', 'ingest_time', 'native', 'daily');
SELECT partman.create_parent('public.http_request', 'url', 'native', 'daily');
SELECT partman.create_parent('public.http_request', 'site_id', 'native', 'daily');
SELECT partman.create_parent('public.plain', 't', 'range', 'daily');
SELECT partman.create_parent('public.plain', 't', 'native', 'daily');
SELECT partman.create_parent('public.listed', 't', 'native', 'daily');
SELECT partman.create_parent('public.http_request', 'ingest_time', 'native', '1 ms');
SELECT * FROM partman.show_partitions('public.http_request');
SELECT partman.show_partition_name('public.http_request', '2020-01-01');
-- the lab's call
SELECT partman.create_parent('public.http_request', 'ingest_time', 'native', 'daily');
SELECT parent_table, control, partition_type, partition_interval, premake,
  retention, retention_keep_table, infinite_time_partitions, datetime_string,
  template_table
FROM partman.part_config;
SELECT count(*) FROM partman.show_partitions('public.http_request');
SELECT count(*) FROM partman.show_partitions('public.http_request', 'ASC', true);
SELECT * FROM partman.show_partitions('public.http_request', 'DESC', true) LIMIT 1;
SELECT * FROM partman.show_partitions('public.http_request', 'sideways');
SELECT * FROM partman.show_partition_name('public.http_request', '1999-12-31 23:59:59+00');
SELECT * FROM partman.check_default();
INSERT INTO http_request (site_id, ingest_time) VALUES (1, '1999-12-31 12:00:00+00');
SELECT * FROM partman.check_default();
SELECT * FROM partman.check_default(false);
SELECT partman.drop_partition_time('public.http_request');
SELECT partman.drop_partition_time('public.http_request', interval '1 day',
  p_reference_timestamp := '2000-01-01 00:00:00+00');
SELECT partman.check_name_length('http_request', '_default');
SELECT partman.check_name_length(repeat('x', 70), '2026_12_03', true);
UPDATE partman.part_config SET premake = 0;
SELECT * FROM partman.show_partition_info('public.http_request');
SELECT * FROM partman.show_partition_info('public.nosuch');
SELECT count(*) FROM partman.template_public_http_request;
