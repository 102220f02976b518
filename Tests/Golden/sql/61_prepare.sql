-- PREPARE, EXECUTE and DEALLOCATE: parameters with and without declared
-- types, every preparable statement, and the errors of each
CREATE TABLE items (id int PRIMARY KEY, name text, price numeric, seen timestamptz);
INSERT INTO items VALUES (1, 'apple', 1.5, '2026-12-03 10:00+00'), (2, 'pear', 2, '2026-12-03 11:00+00');
PREPARE by_id (int) AS SELECT * FROM items WHERE id = $1;
EXECUTE by_id(1);
EXECUTE by_id(3);
PREPARE by_name AS SELECT id, price FROM items WHERE name = $1 ORDER BY id;
EXECUTE by_name('pear');
EXECUTE by_name(5);
PREPARE since AS SELECT count(*) FROM items WHERE seen >= $1;
EXECUTE since('2026-12-03 10:30+00');
PREPARE add_item (int, text, numeric) AS INSERT INTO items (id, name, price) VALUES ($1, $2, $3) RETURNING id, price * 2 AS doubled;
EXECUTE add_item(3, 'plum', 0.75);
EXECUTE add_item(4, 'fig', '1.25');
PREPARE reprice AS UPDATE items SET price = price + $1 WHERE id = $2;
EXECUTE reprice(10, 1);
PREPARE drop_item (int) AS DELETE FROM items WHERE id = $1;
EXECUTE drop_item(4);
SELECT * FROM items ORDER BY id;
PREPARE arith AS SELECT $1 + 1 AS next, $2::text || '!' AS shout;
EXECUTE arith(41, 'hi');
PREPARE nulls (int) AS SELECT $1 IS NULL AS missing;
EXECUTE nulls(NULL);
PREPARE vals AS VALUES (1, $1), (2, $1);
EXECUTE vals('x');
-- errors
PREPARE by_id AS SELECT 1;
EXECUTE nosuch;
EXECUTE nosuch(1);
EXECUTE by_id;
EXECUTE by_id(1, 2);
EXECUTE by_id('x');
EXECUTE add_item(1, 'dup', 1);
PREPARE bad AS SELECT * FROM nosuch WHERE id = $1;
PREPARE bad2 AS SELECT nosuch FROM items;
PREPARE bad3 (nosuchtype) AS SELECT $1;
PREPARE bad4 AS CREATE TABLE t (a int);
DEALLOCATE nosuch;
DEALLOCATE by_id;
EXECUTE by_id(1);
DEALLOCATE PREPARE by_name;
-- prepared statements outlive transactions
BEGIN;
PREPARE in_tx AS SELECT 2 AS two;
ROLLBACK;
EXECUTE in_tx;
DEALLOCATE ALL;
EXECUTE in_tx;
