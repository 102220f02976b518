-- psql's \d+ NAME (describeOneTableDetails in verbose mode): Storage,
-- Compression, Stats target and Description columns, the partition
-- constraint of a partition, the list of partitions, the access method.
CREATE TABLE items (
    id bigint PRIMARY KEY,
    sku varchar(20) NOT NULL UNIQUE,
    price numeric(10,2) DEFAULT 0 CHECK (price >= 0),
    tags text[],
    doc jsonb,
    made date
);
CREATE INDEX items_made_idx ON items (made);
CREATE INDEX items_lower_sku_idx ON items (lower(sku));
COMMENT ON COLUMN items.sku IS 'Stock keeping unit';
COMMENT ON COLUMN items.price IS 'In euros';
\d+ items
\d+ items_pkey
\d+ items_lower_sku_idx
CREATE TABLE events (id int, at date NOT NULL, kind text) PARTITION BY RANGE (at);
\d+ events
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE events_old PARTITION OF events FOR VALUES FROM (MINVALUE) TO ('2023-01-01')
    PARTITION BY LIST (kind);
CREATE TABLE events_old_a PARTITION OF events_old FOR VALUES IN ('a', 'b');
CREATE TABLE events_old_n PARTITION OF events_old FOR VALUES IN (NULL, 'c');
\d+ events
\d+ events_2024
\d+ events_old
\d+ events_old_a
\d+ events_old_n
CREATE TABLE hashed (id int) PARTITION BY HASH (id);
CREATE TABLE hashed_0 PARTITION OF hashed FOR VALUES WITH (modulus 2, remainder 0);
SELECT pg_get_partition_constraintdef('events_2024'::regclass),
       pg_get_partition_constraintdef('events_old_n'::regclass),
       pg_get_partition_constraintdef('items'::regclass);
CREATE SEQUENCE s;
\d+ s
\d+ nosuch
-- Default partitions: NOT the other partitions' bounds.
CREATE TABLE events_rest PARTITION OF events DEFAULT;
\d+ events_rest
CREATE TABLE events_old_rest PARTITION OF events_old DEFAULT;
SELECT pg_get_partition_constraintdef('events_old_rest'::regclass);
CREATE TABLE codes (k text, n int) PARTITION BY LIST (k);
CREATE TABLE codes_other PARTITION OF codes DEFAULT;
SELECT pg_get_partition_constraintdef('codes_other'::regclass) IS NULL AS alone;
CREATE TABLE codes_null PARTITION OF codes FOR VALUES IN (NULL);
SELECT pg_get_partition_constraintdef('codes_null'::regclass),
       pg_get_partition_constraintdef('codes_other'::regclass);
CREATE TABLE codes_zy PARTITION OF codes FOR VALUES IN ('z', 'y');
CREATE TABLE codes_b PARTITION OF codes FOR VALUES IN ('b');
\d+ codes
\d+ codes_other
CREATE TABLE nums (a int) PARTITION BY RANGE (a);
CREATE TABLE nums_rest PARTITION OF nums DEFAULT;
CREATE TABLE nums_mid PARTITION OF nums FOR VALUES FROM (1) TO (10);
SELECT pg_get_partition_constraintdef('nums_rest'::regclass);
CREATE TABLE nums_high PARTITION OF nums FOR VALUES FROM (20) TO (MAXVALUE);
CREATE TABLE nums_low PARTITION OF nums FOR VALUES FROM (MINVALUE) TO (0);
SELECT pg_get_partition_constraintdef('nums_rest'::regclass);
\d+ nums
