-- Single-node EXPLAIN on tables that were never vacuumed or analysed.
CREATE TABLE items (id int PRIMARY KEY, name text, price int);
INSERT INTO items VALUES (1, 'one', 10), (2, 'two', 20), (3, 'three', 30);
CREATE TABLE events (site_id int, ingest_time timestamptz, status_code int)
    PARTITION BY RANGE (ingest_time);
CREATE TABLE events_p1 PARTITION OF events
    FOR VALUES FROM ('2026-12-01') TO ('2026-12-02');
CREATE TABLE events_p2 PARTITION OF events
    FOR VALUES FROM ('2026-12-02') TO ('2026-12-03');
CREATE TABLE events_p3 PARTITION OF events
    FOR VALUES FROM ('2026-12-03') TO ('2026-12-04');
CREATE TABLE events_default PARTITION OF events DEFAULT;
INSERT INTO events VALUES (1, '2026-12-01 10:00+00', 200), (2, '2026-12-02 11:00+00', 404),
    (1, '2026-12-03 12:00+00', 200), (3, '2026-12-09 12:00+00', 500);
-- Scans.
EXPLAIN (COSTS OFF) SELECT * FROM items;
EXPLAIN (COSTS OFF) SELECT * FROM items WHERE price > 15;
EXPLAIN (COSTS OFF) SELECT name FROM items WHERE name = 'two';
EXPLAIN (COSTS OFF) SELECT * FROM items WHERE id = 2;
EXPLAIN (COSTS OFF) SELECT id FROM items WHERE id = 2;
EXPLAIN (COSTS OFF) SELECT * FROM items i WHERE i.id = 2 AND i.price > 5;
EXPLAIN (COSTS OFF) SELECT * FROM items x;
EXPLAIN (COSTS OFF) SELECT 1;
EXPLAIN (COSTS OFF) SELECT now();
-- Partitions.
EXPLAIN (COSTS OFF) SELECT * FROM events;
EXPLAIN (COSTS OFF) SELECT * FROM events e WHERE site_id = 3;
EXPLAIN (COSTS OFF) SELECT * FROM events WHERE ingest_time >= '2026-12-02' AND ingest_time < '2026-12-03';
EXPLAIN (COSTS OFF) SELECT * FROM events WHERE ingest_time < '2026-12-02';
EXPLAIN (COSTS OFF) SELECT count(*) FROM events;
-- Aggregates, sorts and limits.
EXPLAIN (COSTS OFF) SELECT count(*) FROM items;
EXPLAIN (COSTS OFF) SELECT count(*), max(price) FROM items WHERE price < 100;
EXPLAIN (COSTS OFF) SELECT name, count(*) FROM items GROUP BY name;
EXPLAIN (COSTS OFF) SELECT site_id, count(*) FROM events GROUP BY site_id;
EXPLAIN (COSTS OFF) SELECT * FROM items ORDER BY price DESC;
EXPLAIN (COSTS OFF) SELECT * FROM items ORDER BY name, price;
EXPLAIN (COSTS OFF) SELECT * FROM items LIMIT 2;
EXPLAIN (COSTS OFF) SELECT * FROM items ORDER BY price LIMIT 2;
EXPLAIN (COSTS OFF) SELECT site_id FROM events ORDER BY site_id LIMIT 1;
EXPLAIN (COSTS OFF) SELECT name, count(*) FROM items GROUP BY name ORDER BY name;
-- Modifications.
EXPLAIN (COSTS OFF) INSERT INTO items VALUES (4, 'four', 40);
EXPLAIN (COSTS OFF) UPDATE items SET price = price + 1 WHERE id = 1;
EXPLAIN (COSTS OFF) UPDATE items SET price = 0;
EXPLAIN (COSTS OFF) DELETE FROM items WHERE price > 25;
EXPLAIN (COSTS OFF) DELETE FROM events WHERE ingest_time < '2026-12-02';
-- Options.
EXPLAIN SELECT * FROM items;
EXPLAIN SELECT * FROM items WHERE id = 2;
EXPLAIN SELECT count(*) FROM events;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM items WHERE price > 15;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM events WHERE site_id = 1;
EXPLAIN (FORMAT TEXT, COSTS OFF) SELECT * FROM items;
SELECT count(*) FROM items;
CREATE TABLE rollup (site_id int, minute timestamptz, hits int, PRIMARY KEY (site_id, minute));
EXPLAIN (COSTS OFF) SELECT * FROM rollup WHERE site_id = 1;
EXPLAIN (COSTS OFF) UPDATE rollup SET hits = hits WHERE site_id = 1;
EXPLAIN (COSTS OFF) SELECT * FROM rollup WHERE site_id = 1 AND minute = '2026-12-03 10:00+00';
EXPLAIN (COSTS OFF) SELECT * FROM events WHERE ingest_time = '2026-12-03 10:00+00';
EXPLAIN (COSTS OFF) INSERT INTO rollup VALUES (1, '2026-12-03', 1), (2, '2026-12-03', 2)
    ON CONFLICT (site_id, minute) DO UPDATE SET hits = rollup.hits + excluded.hits;
