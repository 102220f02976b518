-- Declarative partitioning: RANGE and LIST, PARTITION OF, DEFAULT, DROP of a partition.
CREATE TABLE pt_events (
    site_id int,
    ingest_time timestamptz DEFAULT '2024-01-05 12:00+00',
    payload text
) PARTITION BY RANGE (ingest_time);
CREATE TABLE pt_events_p2024_01_05 PARTITION OF pt_events
    FOR VALUES FROM ('2024-01-05 00:00+00') TO ('2024-01-06 00:00+00');
CREATE TABLE pt_events_p2024_01_06 PARTITION OF pt_events
    FOR VALUES FROM ('2024-01-06 00:00+00') TO ('2024-01-07 00:00+00');
INSERT INTO pt_events (site_id, payload) VALUES (1, 'default time');
INSERT INTO pt_events VALUES (2, '2024-01-06 08:00+00', 'day two'), (3, '2024-01-05 23:59:59.999999+00', 'last micro');
INSERT INTO pt_events VALUES (4, '2024-01-06 00:00+00', 'upper bound is exclusive');
SELECT * FROM pt_events ORDER BY site_id;
SELECT * FROM pt_events_p2024_01_05 ORDER BY site_id;
SELECT * FROM pt_events_p2024_01_06 ORDER BY site_id;
SELECT count(*) FROM pt_events WHERE ingest_time >= '2024-01-06+00';
-- an overlapping partition is refused
CREATE TABLE pt_events_overlap PARTITION OF pt_events
    FOR VALUES FROM ('2024-01-05 12:00+00') TO ('2024-01-05 13:00+00');
CREATE TABLE pt_events_empty PARTITION OF pt_events
    FOR VALUES FROM ('2024-01-09+00') TO ('2024-01-08+00');
CREATE TABLE pt_events_default PARTITION OF pt_events DEFAULT;
INSERT INTO pt_events VALUES (5, '2030-01-01+00', 'far future'), (6, '1901-10-10+00', 'far past');
SELECT * FROM pt_events_default ORDER BY site_id;
SELECT site_id FROM pt_events ORDER BY ingest_time;
-- a new partition may not take rows already in the default partition
CREATE TABLE pt_events_p2030 PARTITION OF pt_events
    FOR VALUES FROM ('2030-01-01+00') TO ('2031-01-01+00');
CREATE TABLE pt_events_p2029 PARTITION OF pt_events
    FOR VALUES FROM ('2029-01-01+00') TO ('2030-01-01+00');
INSERT INTO pt_events VALUES (7, '2029-06-01+00', 'routed to new partition');
SELECT * FROM pt_events_p2029;
CREATE TABLE pt_events_default2 PARTITION OF pt_events DEFAULT;
-- MINVALUE / MAXVALUE bounds
CREATE TABLE pt_nums (n int, v text) PARTITION BY RANGE (n);
CREATE TABLE pt_nums_low PARTITION OF pt_nums FOR VALUES FROM (MINVALUE) TO (0);
CREATE TABLE pt_nums_mid PARTITION OF pt_nums FOR VALUES FROM (0) TO (100);
CREATE TABLE pt_nums_high PARTITION OF pt_nums FOR VALUES FROM (100) TO (MAXVALUE);
INSERT INTO pt_nums VALUES (-5, 'low'), (0, 'mid'), (99, 'mid'), (100, 'high'), (2147483647, 'high');
SELECT * FROM pt_nums_low;
SELECT * FROM pt_nums_mid ORDER BY n;
SELECT * FROM pt_nums_high ORDER BY n;
INSERT INTO pt_nums VALUES (NULL, 'null key');
-- LIST partitioning
CREATE TABLE pt_country (country text, hits int) PARTITION BY LIST (country);
CREATE TABLE pt_country_asia PARTITION OF pt_country FOR VALUES IN ('China', 'India', 'Indonesia');
CREATE TABLE pt_country_usa PARTITION OF pt_country FOR VALUES IN ('USA');
CREATE TABLE pt_country_null PARTITION OF pt_country FOR VALUES IN (NULL);
INSERT INTO pt_country VALUES ('China', 1), ('USA', 2), ('India', 3), (NULL, 4);
SELECT * FROM pt_country_asia ORDER BY country;
SELECT * FROM pt_country_usa;
SELECT * FROM pt_country_null;
CREATE TABLE pt_country_dup PARTITION OF pt_country FOR VALUES IN ('USA', 'Chile');
CREATE TABLE pt_country_other PARTITION OF pt_country DEFAULT;
INSERT INTO pt_country VALUES ('Chile', 5), ('usa', 6);
SELECT * FROM pt_country_other ORDER BY country;
SELECT country, sum(hits) FROM pt_country GROUP BY country ORDER BY country NULLS LAST;
-- partitions of the wrong kind
CREATE TABLE pt_bad_list PARTITION OF pt_country FOR VALUES FROM ('a') TO ('b');
CREATE TABLE pt_bad_range PARTITION OF pt_nums FOR VALUES IN (1);
CREATE TABLE pt_not_partitioned (a int);
CREATE TABLE pt_child PARTITION OF pt_not_partitioned FOR VALUES IN (1);
CREATE TABLE pt_no_parent PARTITION OF pt_missing FOR VALUES IN (1);
CREATE TABLE pt_bad_key (a int) PARTITION BY RANGE (b);
CREATE TABLE pt_bad_value PARTITION OF pt_nums FOR VALUES FROM ('abc') TO (10);
-- dropping a partition drops its rows; dropping the parent drops all partitions
DROP TABLE pt_events_p2024_01_05;
SELECT site_id FROM pt_events ORDER BY site_id;
INSERT INTO pt_events VALUES (8, '2024-01-05 10:00+00', 'now goes to default');
SELECT site_id, payload FROM pt_events_default ORDER BY site_id;
SELECT * FROM pt_events_p2024_01_05;
DROP TABLE pt_events;
SELECT * FROM pt_events_p2024_01_06;
DROP TABLE pt_nums, pt_country, pt_not_partitioned;
