-- Single-node EXPLAIN VERBOSE on tables that were never vacuumed or analysed:
-- schema-qualified relations, Output lines, qualified columns in conditions
-- and keys.
CREATE TABLE items (id int PRIMARY KEY, name text, price int);
INSERT INTO items VALUES (1, 'one', 10), (2, 'two', 20), (3, 'three', 30);
CREATE TABLE events (site_id int, ingest_time timestamptz, status_code int)
    PARTITION BY RANGE (ingest_time);
CREATE TABLE events_p1 PARTITION OF events
    FOR VALUES FROM ('2026-12-01') TO ('2026-12-02');
CREATE TABLE events_p2 PARTITION OF events
    FOR VALUES FROM ('2026-12-02') TO ('2026-12-03');
CREATE TABLE events_default PARTITION OF events DEFAULT;
INSERT INTO events VALUES (1, '2026-12-01 10:00+00', 200), (2, '2026-12-02 11:00+00', 404);
CREATE TABLE rollup (site_id int, minute timestamptz, hits int, PRIMARY KEY (site_id, minute));
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM items;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM items WHERE price > 15;
EXPLAIN (VERBOSE, COSTS OFF) SELECT name FROM items i WHERE name = 'two';
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM items WHERE id = 2;
EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM items WHERE id = 2;
EXPLAIN (VERBOSE, COSTS OFF) SELECT 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT now(), 1 + 2 AS x;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM events;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM events e WHERE site_id = 3;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM events WHERE ingest_time < '2026-12-02';
EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM events;
EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM items;
EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*), max(price) FROM items WHERE price < 100;
EXPLAIN (VERBOSE, COSTS OFF) SELECT name, count(*) FROM items GROUP BY name;
EXPLAIN (VERBOSE, COSTS OFF) SELECT site_id, count(*) FROM events GROUP BY site_id;
EXPLAIN (VERBOSE, COSTS OFF) SELECT site_id, date_trunc('minute', ingest_time) AS m, count(*) FROM events GROUP BY site_id, m ORDER BY m LIMIT 3;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM items ORDER BY price DESC;
EXPLAIN (VERBOSE, COSTS OFF) SELECT price + 1, name FROM items ORDER BY name, price;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM items LIMIT 2;
EXPLAIN (VERBOSE, COSTS OFF) SELECT site_id FROM events ORDER BY site_id LIMIT 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT name, count(*) FROM items GROUP BY name ORDER BY name;
EXPLAIN (VERBOSE, COSTS OFF) INSERT INTO items VALUES (4, 'four', 40);
EXPLAIN (VERBOSE, COSTS OFF) INSERT INTO items VALUES (4, 'four', 40), (5, 'five', 50);
EXPLAIN (VERBOSE, COSTS OFF) UPDATE items SET price = price + 1 WHERE id = 1;
EXPLAIN (VERBOSE, COSTS OFF) UPDATE items SET price = 0;
EXPLAIN (VERBOSE, COSTS OFF) DELETE FROM items WHERE price > 25;
EXPLAIN (VERBOSE, COSTS OFF) DELETE FROM events WHERE ingest_time < '2026-12-02';
EXPLAIN (VERBOSE, COSTS OFF) UPDATE events SET status_code = 1;
EXPLAIN (VERBOSE, COSTS OFF) UPDATE rollup SET hits = hits WHERE site_id = 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM rollup WHERE site_id = 1 AND minute = '2026-12-03 10:00+00';
EXPLAIN (VERBOSE, COSTS OFF) INSERT INTO rollup VALUES (1, '2026-12-03', 1), (2, '2026-12-03', 2)
    ON CONFLICT (site_id, minute) DO UPDATE SET hits = rollup.hits + excluded.hits;
EXPLAIN VERBOSE SELECT * FROM items;
EXPLAIN VERBOSE SELECT count(*) FROM events;
EXPLAIN (VERBOSE, COSTS OFF) SELECT name FROM items LIMIT 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT name FROM items ORDER BY price;
EXPLAIN (VERBOSE, COSTS OFF) SELECT max(status_code), count(site_id) FROM events;
EXPLAIN (VERBOSE, COSTS OFF) UPDATE items SET price = 1, name = 'x';
EXPLAIN (VERBOSE, COSTS OFF) SELECT site_id + 1, count(*) FROM events GROUP BY site_id;
EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM events GROUP BY site_id;
EXPLAIN (VERBOSE, COSTS OFF) SELECT price * 2 FROM items WHERE id = 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM events ORDER BY site_id DESC LIMIT 1;
-- Constants, assignments and the columns an INSERT leaves out.
CREATE TABLE big (a bigint, b numeric, c text);
EXPLAIN (VERBOSE, COSTS OFF) SELECT 1 LIMIT 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT 1 + 1 AS two, 'x' AS t;
EXPLAIN (VERBOSE, COSTS OFF) SELECT price FROM items LIMIT 1 OFFSET 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM events WHERE ingest_time >= '2026-12-02';
EXPLAIN (VERBOSE, COSTS OFF) SELECT sum(price), avg(price) FROM items;
EXPLAIN (VERBOSE, COSTS OFF) SELECT a, count(*) FROM big GROUP BY a;
EXPLAIN (VERBOSE, COSTS OFF) SELECT c FROM big WHERE a = 1;
EXPLAIN (VERBOSE, COSTS OFF) UPDATE big SET a = 1;
EXPLAIN (VERBOSE, COSTS OFF) UPDATE big SET b = 1.5, c = 'x' WHERE a > 3;
EXPLAIN (VERBOSE, COSTS OFF) INSERT INTO big VALUES (1, 2, 'x');
EXPLAIN (VERBOSE, COSTS OFF) INSERT INTO big (a) VALUES (1);
EXPLAIN (VERBOSE, COSTS OFF) SELECT name AS n FROM items ORDER BY n DESC NULLS LAST;
EXPLAIN (VERBOSE, COSTS OFF) SELECT site_id, max(status_code) FROM events GROUP BY 1 ORDER BY 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT upper(name) FROM items WHERE price BETWEEN 1 AND 5;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM items i WHERE i.id = 1 AND i.name = 'a';
EXPLAIN (VERBOSE, COSTS OFF) DELETE FROM events;
EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM items GROUP BY name;
-- Range containment.
EXPLAIN (COSTS OFF) SELECT * FROM events WHERE ingest_time <@ tstzrange('2026-12-01', '2026-12-02', '(]');
EXPLAIN (VERBOSE, COSTS OFF) SELECT site_id FROM events WHERE date_trunc('minute', ingest_time) <@ tstzrange('2026-12-01', '2026-12-02');
EXPLAIN SELECT * FROM events WHERE ingest_time <@ tstzrange('2026-12-01', '2026-12-02', '(]');
