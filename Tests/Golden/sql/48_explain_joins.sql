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
-- Errors in the query.
EXPLAIN SELECT * FROM orders o JOIN nope n ON o.id = n.id;
EXPLAIN SELECT id FROM orders o JOIN customers c ON o.customer_id = c.id;
EXPLAIN SELECT * FROM orders o JOIN customers c ON o.note = c.id;
