-- EXPLAIN of joins on tables that were never vacuumed or analysed.
CREATE TABLE orders (id int, customer_id int, amount int, note text);
CREATE TABLE customers (id int, name text, country text);
CREATE TABLE lines (order_id int, sku int, qty int);
CREATE TABLE wide (k int, a text, b text, c text, d text, e text, f text, g text);
CREATE TABLE tags (k int, label text);
CREATE TABLE keyed (id int PRIMARY KEY, v int);
INSERT INTO orders VALUES (1, 1, 100, 'a'), (2, 1, 50, 'b'), (3, 2, 75, NULL);
INSERT INTO customers VALUES (1, 'ann', 'se'), (2, 'bob', 'no');
INSERT INTO lines SELECT g % 500, g % 37, g FROM generate_series(1, 6000) g;
INSERT INTO tags VALUES (1, 'x');
INSERT INTO keyed VALUES (1, 1);
CREATE TABLE events (site_id int, ingest_time timestamptz, status_code int)
    PARTITION BY RANGE (ingest_time);
CREATE TABLE events_p1 PARTITION OF events
    FOR VALUES FROM ('2026-12-01') TO ('2026-12-02');
CREATE TABLE events_p2 PARTITION OF events
    FOR VALUES FROM ('2026-12-02') TO ('2026-12-03');
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE TABLE sites (site_id int, name text);
CREATE TABLE clicks (site_id int, n int);
INSERT INTO clicks SELECT g % 1000, g FROM generate_series(1, 20000) g;
-- Inner joins.
EXPLAIN (COSTS OFF) SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id;
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id;
EXPLAIN SELECT * FROM customers c JOIN orders o ON o.customer_id = c.id;
EXPLAIN SELECT * FROM orders o, customers c WHERE o.customer_id = c.id;
EXPLAIN SELECT o.amount, c.name FROM orders o JOIN customers c ON c.id = o.customer_id;
EXPLAIN SELECT o.id FROM orders o JOIN lines l ON l.order_id = o.id;
EXPLAIN SELECT * FROM lines l JOIN orders o ON l.order_id = o.id;
EXPLAIN SELECT * FROM lines l1 JOIN lines l2 ON l1.sku = l2.sku;
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id WHERE o.amount > 60;
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id WHERE c.country = 'se';
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id
    WHERE c.country = 'se' AND o.amount > 60;
EXPLAIN SELECT * FROM orders o JOIN lines l ON l.order_id = o.id WHERE l.qty < 10;
EXPLAIN SELECT * FROM orders o JOIN lines l ON l.order_id = o.id WHERE o.note = 'a';
EXPLAIN SELECT * FROM orders JOIN customers ON orders.customer_id = customers.id;
EXPLAIN (COSTS OFF) SELECT * FROM orders JOIN customers ON customer_id = customers.id;
EXPLAIN SELECT * FROM wide w JOIN tags t ON w.k = t.k;
EXPLAIN SELECT * FROM tags t JOIN wide w ON w.k = t.k;
EXPLAIN SELECT w.a FROM wide w JOIN lines l ON w.k = l.sku;
EXPLAIN SELECT * FROM wide w1 JOIN wide w2 ON w1.k = w2.k;
-- Constants shared through the join clause.
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id WHERE o.customer_id = 2;
EXPLAIN (COSTS OFF) SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id WHERE c.id = 2;
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id
    WHERE o.amount > 1 AND o.customer_id = 2;
EXPLAIN SELECT * FROM orders o JOIN lines l ON l.order_id = o.id WHERE l.order_id = 7;
EXPLAIN (COSTS OFF) SELECT o.customer_id, count(*) FROM orders o JOIN customers c
    ON o.customer_id = c.id WHERE o.customer_id = 2 GROUP BY o.customer_id;
-- Other join conditions.
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id < c.id;
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id >= c.id;
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id AND o.amount > c.id;
EXPLAIN SELECT * FROM orders o, customers c;
EXPLAIN SELECT * FROM orders o CROSS JOIN tags t;
EXPLAIN (COSTS OFF) SELECT * FROM orders o, customers c WHERE o.amount > 5;
EXPLAIN SELECT o.id FROM orders o JOIN lines l ON o.amount <= l.qty WHERE l.sku = 3;
-- Outer joins.
EXPLAIN SELECT * FROM orders o LEFT JOIN customers c ON o.customer_id = c.id;
EXPLAIN SELECT * FROM customers c LEFT JOIN orders o ON o.customer_id = c.id;
EXPLAIN SELECT * FROM orders o RIGHT JOIN customers c ON o.customer_id = c.id;
EXPLAIN SELECT * FROM orders o FULL JOIN customers c ON o.customer_id = c.id;
EXPLAIN (COSTS OFF) SELECT * FROM orders o FULL JOIN customers c ON o.customer_id = c.id;
EXPLAIN SELECT * FROM lines l LEFT JOIN orders o ON l.order_id = o.id;
EXPLAIN SELECT * FROM orders o LEFT JOIN lines l ON l.order_id = o.id;
EXPLAIN SELECT * FROM orders o RIGHT JOIN lines l ON l.order_id = o.id;
EXPLAIN SELECT * FROM orders o FULL JOIN lines l ON l.order_id = o.id;
EXPLAIN SELECT * FROM orders o LEFT JOIN customers c ON o.customer_id = c.id AND c.country = 'se';
EXPLAIN SELECT * FROM orders o LEFT JOIN customers c ON o.customer_id = c.id WHERE o.amount > 10;
EXPLAIN SELECT * FROM orders o LEFT JOIN customers c ON o.customer_id < c.id;
EXPLAIN SELECT * FROM tags t LEFT JOIN wide w ON w.k = t.k;
EXPLAIN SELECT * FROM wide w LEFT JOIN tags t ON w.k = t.k;
EXPLAIN SELECT * FROM wide w FULL JOIN tags t ON w.k = t.k;
-- Partitioned tables.
EXPLAIN SELECT * FROM events e JOIN sites s ON e.site_id = s.site_id;
EXPLAIN (COSTS OFF) SELECT * FROM events e JOIN sites s ON e.site_id = s.site_id
    WHERE e.ingest_time < '2026-12-02';
EXPLAIN SELECT s.name FROM events e JOIN sites s ON e.site_id = s.site_id WHERE s.site_id = 3;
-- Larger tables.
EXPLAIN SELECT * FROM clicks k JOIN lines l ON k.n = l.qty;
EXPLAIN SELECT * FROM lines l JOIN clicks k ON k.n = l.qty WHERE l.sku = 5;
EXPLAIN SELECT k.site_id FROM clicks k JOIN orders o ON k.site_id = o.customer_id;
EXPLAIN SELECT * FROM clicks k LEFT JOIN lines l ON k.n = l.qty;
EXPLAIN (COSTS OFF) SELECT * FROM clicks k FULL JOIN lines l ON k.n = l.qty;
EXPLAIN SELECT count(*) FROM clicks k JOIN lines l ON k.n = l.qty WHERE k.site_id < 10;
EXPLAIN SELECT * FROM clicks k JOIN lines l ON k.n = l.qty LIMIT 20;
EXPLAIN SELECT * FROM clicks k JOIN tags t ON k.n = t.k WHERE k.site_id = 7;
-- Aggregates, sorts and limits over joins.
EXPLAIN SELECT count(*) FROM orders o JOIN customers c ON o.customer_id = c.id;
EXPLAIN SELECT count(*), sum(o.amount) FROM orders o JOIN lines l ON l.order_id = o.id;
EXPLAIN SELECT c.country, count(*) FROM orders o JOIN customers c ON o.customer_id = c.id
    GROUP BY c.country;
EXPLAIN SELECT c.name, sum(o.amount) FROM orders o JOIN customers c ON o.customer_id = c.id
    GROUP BY c.name ORDER BY c.name;
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id ORDER BY o.amount;
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id ORDER BY c.name DESC LIMIT 3;
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id LIMIT 1;
EXPLAIN SELECT * FROM orders o JOIN lines l ON l.order_id = o.id LIMIT 10;
EXPLAIN SELECT * FROM orders o, customers c WHERE o.customer_id < c.id LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM lines l JOIN orders o ON l.order_id = o.id LIMIT 100;
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id LIMIT 5000;
EXPLAIN SELECT * FROM lines l JOIN orders o ON l.order_id = o.id LIMIT 5000 OFFSET 10;
-- Orders a merge join leaves sorted.
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id ORDER BY o.customer_id;
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.customer_id = c.id ORDER BY c.id LIMIT 3;
EXPLAIN SELECT c.id, count(*) FROM orders o JOIN customers c ON o.customer_id = c.id GROUP BY c.id;
EXPLAIN SELECT o.customer_id, count(*) FROM orders o JOIN customers c ON o.customer_id = c.id
    GROUP BY o.customer_id ORDER BY o.customer_id;
EXPLAIN SELECT o.customer_id, count(*) FROM orders o JOIN customers c ON o.customer_id = c.id
    GROUP BY 1 ORDER BY 2 DESC;
EXPLAIN SELECT o.customer_id, max(o.amount) FROM orders o JOIN customers c
    ON o.customer_id = c.id WHERE o.amount > 10 GROUP BY o.customer_id;
EXPLAIN SELECT l.sku, count(*) FROM lines l JOIN orders o ON l.order_id = o.id GROUP BY l.sku;
EXPLAIN SELECT l.order_id, sum(l.qty) FROM lines l JOIN orders o ON l.order_id = o.id
    WHERE l.sku = 3 GROUP BY l.order_id;
EXPLAIN SELECT o.customer_id, count(*) FROM orders o JOIN customers c ON o.customer_id = c.id
    WHERE o.customer_id = 2 GROUP BY o.customer_id;
EXPLAIN SELECT c.country, count(*) FROM orders o JOIN customers c ON o.customer_id = c.id
    WHERE c.name = 'x' AND o.amount = 1 GROUP BY c.country;
EXPLAIN SELECT c.country FROM orders o JOIN customers c ON o.customer_id = c.id
    GROUP BY c.country ORDER BY c.country LIMIT 2;
EXPLAIN SELECT * FROM lines l JOIN orders o ON l.order_id = o.id ORDER BY l.order_id LIMIT 10;
EXPLAIN (COSTS OFF) SELECT t.k, count(*) FROM tags t JOIN customers c ON t.k = c.id
    GROUP BY t.k ORDER BY t.k LIMIT 5;
-- Keys on the join column: index scans in key order, per outer row, unique inner sides.
CREATE TABLE rollup (site_id int, t timestamptz, c text, n int, PRIMARY KEY (site_id, t, c));
CREATE TABLE hits (site_id int, t timestamptz, s int);
CREATE TABLE bigkey (id int PRIMARY KEY, x int);
INSERT INTO bigkey SELECT g, g % 10 FROM generate_series(1, 5000) g;
CREATE TABLE big (id int, x int);
INSERT INTO big SELECT g, g % 10 FROM generate_series(1, 5000) g;
EXPLAIN SELECT e.site_id, count(*) FROM events e JOIN rollup r ON e.site_id = r.site_id
    GROUP BY e.site_id;
EXPLAIN SELECT * FROM hits h JOIN rollup r ON h.site_id = r.site_id;
EXPLAIN SELECT * FROM hits h JOIN rollup r ON h.site_id = r.site_id WHERE h.s = 1;
EXPLAIN SELECT * FROM hits h JOIN rollup r ON h.site_id = r.site_id LIMIT 3;
EXPLAIN SELECT r.site_id FROM hits h JOIN rollup r ON h.site_id = r.site_id ORDER BY r.site_id;
EXPLAIN (COSTS OFF) SELECT * FROM rollup r JOIN hits h ON h.site_id = r.site_id WHERE h.s < 5;
EXPLAIN SELECT * FROM keyed k JOIN orders o ON o.id = k.id WHERE o.amount = 5;
EXPLAIN SELECT * FROM orders o JOIN keyed k ON o.id = k.id;
EXPLAIN SELECT * FROM orders o JOIN keyed k ON o.id = k.id WHERE k.v > 3;
EXPLAIN SELECT * FROM orders o JOIN keyed k ON o.id = k.id LIMIT 1;
EXPLAIN SELECT o.id FROM orders o JOIN keyed k ON o.id = k.id ORDER BY o.id;
EXPLAIN SELECT k.id, count(*) FROM orders o JOIN keyed k ON o.id = k.id GROUP BY k.id;
EXPLAIN SELECT * FROM big b JOIN bigkey k ON b.id = k.id;
EXPLAIN SELECT * FROM big b JOIN bigkey k ON b.id = k.id WHERE b.x = 3;
EXPLAIN SELECT * FROM bigkey k JOIN big b ON b.id = k.id WHERE b.x = 3 AND b.id > 10;
EXPLAIN SELECT k.x FROM big b JOIN bigkey k ON b.x = k.id;
EXPLAIN SELECT * FROM big b JOIN bigkey k ON b.id = k.id LIMIT 5;
EXPLAIN SELECT * FROM big b JOIN bigkey k ON b.id = k.id ORDER BY k.id LIMIT 5;
EXPLAIN SELECT * FROM bigkey k1 JOIN bigkey k2 ON k1.id = k2.id;
EXPLAIN (COSTS OFF) SELECT * FROM bigkey k1 JOIN bigkey k2 ON k1.id = k2.id WHERE k2.x = 1;
EXPLAIN SELECT * FROM orders o JOIN rollup r ON o.customer_id = r.site_id WHERE o.amount < 3;
-- Conditions that form equivalence classes filter last.
EXPLAIN (COSTS OFF) SELECT * FROM big WHERE x = 3 AND id > 10;
EXPLAIN (COSTS OFF) SELECT * FROM big WHERE x = id AND id > 10;
EXPLAIN (COSTS OFF) SELECT * FROM big b JOIN tags t ON b.id = t.k WHERE b.x = 1 AND b.id < 7;
-- VERBOSE.
EXPLAIN VERBOSE SELECT o.amount, c.name FROM orders o JOIN customers c ON c.id = o.customer_id;
EXPLAIN VERBOSE SELECT o.amount FROM orders o JOIN customers c ON c.id = o.customer_id
    WHERE c.country = 'x';
EXPLAIN VERBOSE SELECT * FROM orders o JOIN customers c ON o.customer_id < c.id LIMIT 2;
EXPLAIN VERBOSE SELECT c.name, count(*) FROM orders o JOIN customers c ON c.id = o.customer_id
    GROUP BY c.name;
EXPLAIN VERBOSE SELECT c.name, sum(o.amount) FROM orders o JOIN customers c
    ON c.id = o.customer_id GROUP BY c.name ORDER BY c.name;
EXPLAIN VERBOSE SELECT o.note FROM orders o JOIN keyed k ON o.id = k.id WHERE o.amount = 5;
EXPLAIN VERBOSE SELECT o.note FROM orders o JOIN keyed k ON o.id = k.id ORDER BY o.amount;
EXPLAIN VERBOSE SELECT count(*) FROM orders o JOIN customers c ON o.customer_id = c.id;
EXPLAIN VERBOSE SELECT e.site_id, count(*) FROM events e JOIN rollup r ON e.site_id = r.site_id
    GROUP BY e.site_id;
EXPLAIN VERBOSE SELECT * FROM events e JOIN sites s ON e.site_id = s.site_id
    WHERE e.ingest_time < '2026-12-02';
EXPLAIN VERBOSE SELECT s.name FROM events e JOIN sites s ON e.site_id = s.site_id
    WHERE s.site_id = 3;
EXPLAIN VERBOSE SELECT * FROM orders o LEFT JOIN customers c ON o.customer_id = c.id;
EXPLAIN VERBOSE SELECT t.label FROM tags t FULL JOIN wide w ON w.k = t.k;
EXPLAIN VERBOSE SELECT h.s FROM hits h JOIN rollup r ON h.site_id = r.site_id LIMIT 3;
EXPLAIN VERBOSE SELECT k.x FROM big b JOIN bigkey k ON b.x = k.id;
EXPLAIN VERBOSE SELECT * FROM big b JOIN bigkey k ON b.id = k.id ORDER BY k.id LIMIT 5;
EXPLAIN VERBOSE SELECT c.id, count(*) FROM orders o JOIN customers c ON o.customer_id = c.id
    GROUP BY c.id;
-- Errors in the query.
EXPLAIN SELECT * FROM orders o JOIN nope n ON o.id = n.id;
EXPLAIN SELECT id FROM orders o JOIN customers c ON o.customer_id = c.id;
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.note = c.id;
