-- Set-returning functions in the select list (ProjectSet: lockstep, NULL
-- padding, rows removed when every call returns nothing, nesting) and
-- composite values: ROW(...), whole-row references, field selection,
-- (expr).*, record output and input, row_to_json/to_json/to_jsonb.
CREATE TABLE cs_items (id int, name text, price numeric(6,2), tags text[]);
INSERT INTO cs_items VALUES (1, 'apple', 1.50, '{red,fruit}'), (2, 'bread loaf', 3.00, '{}'),
  (3, NULL, 0.25, NULL), (4, 'say "hi"', 10.00, '{a,b,c}');
CREATE TABLE cs_orders (order_id int, item_id int, qty int);
INSERT INTO cs_orders VALUES (10, 1, 2), (11, 1, 1), (12, 4, 3), (13, 2, 0);
-- generate_series and unnest in the select list
SELECT generate_series(1, 3);
SELECT generate_series(1, 10, 4) AS s;
SELECT generate_series(5, 1, -2);
SELECT generate_series(1.5, 3.5, 0.5);
SELECT generate_series('2024-01-01'::timestamp, '2024-01-02', '8 hours');
SELECT generate_series('2024-01-01 00:00+00'::timestamptz, '2024-01-01 02:00+00', '1 hour') AS t;
SELECT unnest(ARRAY[3, 1, 2]);
SELECT unnest('{x,NULL,z}'::text[]) AS u;
SELECT unnest('{}'::int[]);
SELECT 1 AS one, generate_series(1, 2) AS two;
SELECT generate_series(1, 3) * 10 AS tens, 'k' || generate_series(1, 3) AS keys;
-- several calls advance together; the shorter ones yield NULL
SELECT generate_series(1, 2) AS a, generate_series(1, 4) AS b;
SELECT generate_series(1, 3) AS a, unnest(ARRAY['x', 'y']) AS b, unnest(ARRAY[true]) AS c;
SELECT generate_series(1, 2), generate_series(1, 2);
-- a call returning nothing removes the row
SELECT generate_series(1, 0), 'gone';
SELECT generate_series(1, 0) AS a, generate_series(1, 2) AS b;
SELECT generate_series(1, NULL::int);
SELECT unnest(NULL::int[]), 5;
-- nested calls run one level above
SELECT generate_series(1, generate_series(1, 3)) AS n;
SELECT generate_series(1, generate_series(1, 2)) AS n, generate_series(7, 9) AS m;
SELECT unnest(ARRAY[generate_series(1, 2), 10]) AS n;
-- over the rows of FROM
SELECT id, unnest(tags) AS tag FROM cs_items ORDER BY id, tag;
SELECT id, generate_series(1, id) AS k FROM cs_items WHERE id < 4 ORDER BY id, k;
SELECT id, unnest(tags), generate_series(1, 2) AS g FROM cs_items ORDER BY 1, 3, 2;
SELECT name, generate_series(1, qty) AS unit FROM cs_orders JOIN cs_items ON id = item_id
  ORDER BY order_id, unit;
SELECT DISTINCT unnest(tags) AS tag FROM cs_items ORDER BY tag;
SELECT id, generate_series(1, 3) AS g FROM cs_items ORDER BY g DESC, id LIMIT 5;
SELECT id, generate_series(1, 3) AS g FROM cs_items ORDER BY id, g OFFSET 7;
SELECT count(*) FROM (SELECT generate_series(1, id) FROM cs_items) s;
SELECT g, count(*) FROM (SELECT unnest(tags) AS g FROM cs_items) s GROUP BY g ORDER BY g;
-- over aggregates and groups
SELECT generate_series(1, count(*)::int) AS k FROM cs_items;
SELECT unnest(ARRAY[min(id), max(id)]) AS bounds FROM cs_items;
SELECT sum(qty), generate_series(1, 2) AS g FROM cs_orders;
SELECT item_id, sum(qty) AS total, generate_series(1, 2) AS g FROM cs_orders
  GROUP BY item_id ORDER BY item_id, g;
SELECT item_id, generate_series(1, sum(qty)::int) AS unit FROM cs_orders GROUP BY item_id
  HAVING sum(qty) > 0 ORDER BY 1, 2;
SELECT count(*), generate_series(1, 2) FROM cs_items WHERE false;
-- set-returning GROUP BY keys run below the aggregation
SELECT generate_series(1, 3) GROUP BY 1 ORDER BY 1;
SELECT unnest(tags) AS tag, count(*) FROM cs_items GROUP BY 1 ORDER BY 1;
SELECT generate_series(1, id) AS k, count(*), max(id) FROM cs_items GROUP BY 1 ORDER BY 1;
SELECT generate_series(1, id) AS k, generate_series(1, 2) AS j, count(*) FROM cs_items
  GROUP BY 1 ORDER BY 1, 2;
SELECT id FROM cs_items GROUP BY id HAVING count(*) > 0 ORDER BY generate_series(1, id), 1;
-- in subqueries
SELECT (SELECT max(g) FROM (SELECT generate_series(1, 5) AS g) s) AS top;
SELECT s.g + 1 AS next FROM (SELECT generate_series(1, 3) AS g) s ORDER BY 1;
SELECT id FROM cs_items WHERE id IN (SELECT generate_series(2, 3)) ORDER BY id;
SELECT id, (SELECT count(*) FROM (SELECT unnest(tags)) u) AS ntags FROM cs_items ORDER BY id;
SELECT generate_series(1, 2) AS a ORDER BY generate_series(1, 2) DESC;
-- where they are not allowed
SELECT 1 WHERE generate_series(1, 2) > 1;
SELECT id FROM cs_items WHERE unnest(tags) = 'red';
SELECT count(*) FROM cs_items GROUP BY id HAVING generate_series(1, 2) > 1;
SELECT * FROM cs_items JOIN cs_orders ON generate_series(1, 2) = qty;
SELECT count(generate_series(1, 3));
SELECT sum(unnest(ARRAY[1, 2]));
SELECT CASE WHEN true THEN generate_series(1, 2) END;
SELECT CASE generate_series(1, 2) WHEN 1 THEN 'one' END;
SELECT coalesce(unnest(ARRAY[1, NULL]), 0);
VALUES (generate_series(1, 2));
SELECT count(*) FILTER (WHERE generate_series(1, 2) > 0) FROM cs_items;
UPDATE cs_orders SET qty = generate_series(1, 2);
UPDATE cs_orders SET qty = count(*);
INSERT INTO cs_orders VALUES (99, 1, 1) RETURNING generate_series(1, 2);
INSERT INTO cs_orders VALUES (99, 1, 1), (98, generate_series(1, 2), 1);
INSERT INTO cs_orders VALUES (90 + generate_series(1, 3), 2, 5) RETURNING order_id;
DELETE FROM cs_orders WHERE order_id > 90;
-- ROW constructors and record output
SELECT ROW(1, 'a');
SELECT (1, 'two', 3.5) AS r;
SELECT ROW(1, 'a b', NULL, '', 'x"y', 'back\slash', '(p)', 'c,d');
SELECT ROW(NULL), ROW(NULL, NULL), ROW();
SELECT ROW(ROW(1, 'in ner'), ARRAY[1, 2], 'z');
SELECT ROW('2024-03-01 10:00+00'::timestamptz, '2024-03-01'::date, '1 day'::interval);
SELECT ROW(true, 1.50, 2::bigint, 'x'::varchar(3));
SELECT ROW(id, name) FROM cs_items ORDER BY id;
SELECT pg_typeof(ROW(1, 2)), pg_typeof((1, 'x'));
-- field selection
SELECT (ROW(1, 'a'::text)).f1, (ROW(1, 'a'::text)).f2;
SELECT (ROW(ROW(5, 6), 'x')).f1;
SELECT ((ROW(ROW(5, 6), 'x')).f1).f2;
SELECT (ROW(1, 2)).f3;
SELECT (ROW(1, 2)).*;
SELECT (1).x;
SELECT ('abc'::text).length;
SELECT (ARRAY[1]).x;
-- whole-row references
SELECT cs_items FROM cs_items ORDER BY id;
SELECT i FROM cs_items i WHERE id = 1;
SELECT i.* FROM cs_items i WHERE id = 2;
SELECT (i).name, (i.*).price, (cs_items).id FROM cs_items, cs_items i
  WHERE cs_items.id = i.id ORDER BY 3;
SELECT (i).* FROM cs_items i ORDER BY id;
SELECT (i).nope FROM cs_items i;
SELECT (cs_items).nope FROM cs_items;
SELECT pg_typeof(cs_items), pg_typeof(o) FROM cs_items, cs_orders o LIMIT 1;
SELECT o, i FROM cs_orders o JOIN cs_items i ON i.id = o.item_id ORDER BY o.order_id;
SELECT count(o.*) FROM cs_orders o;
SELECT s FROM (SELECT 1 AS a, 'x' AS b) s;
SELECT (s).b, (s).* FROM (SELECT 1 AS a, 'x' AS b) s;
SELECT (s).zz FROM (SELECT 1 AS a) s;
SELECT id, (SELECT o FROM cs_orders o WHERE o.item_id = i.id ORDER BY order_id LIMIT 1)
  FROM cs_items i ORDER BY id;
SELECT (SELECT count(*) FROM cs_orders WHERE item_id = (i).id) FROM cs_items i ORDER BY id;
SELECT nosuch FROM cs_items;
-- record input for a table's row type
SELECT '(7,pear,2.5,"{x,y}")'::cs_items;
SELECT ('(7,pear,2.5,)'::cs_items).name;
SELECT '(7," spaced ",,)'::cs_items;
SELECT '(7,"q""uote",1,)'::cs_items, '(7,back\\slash,1,)'::cs_items;
SELECT ' (8,,,) '::cs_items;
SELECT '(7,pear)'::cs_items;
SELECT '(7,pear,1,{},9)'::cs_items;
SELECT '7,pear,1,{}'::cs_items;
SELECT '(x,pear,1,{})'::cs_items;
SELECT '(7,pear,1,{}) junk'::cs_items;
SELECT '(1,2)'::record;
-- comparisons
SELECT ROW(1, 2) = ROW(1, 2), ROW(1, 2) = ROW(1, 3), ROW(1, NULL) = ROW(1, NULL);
SELECT (1, 'a') <> (1, 'b');
SELECT i = i FROM cs_items i WHERE id = 1;
-- JSON of records
SELECT row_to_json(ROW(1, 'a'));
SELECT row_to_json(i) FROM cs_items i ORDER BY id;
SELECT to_json(i), to_jsonb(i) FROM cs_items i WHERE id = 4;
SELECT row_to_json(ROW(1, 'a', NULL), true);
SELECT row_to_json(s) FROM (SELECT 1.50 AS n, 1.5::float8 AS f, 'NaN'::float8 AS nan,
  true AS b, '2024-03-01 10:00:05.5+00'::timestamptz AS t, '2024-03-01 10:00'::timestamp AS ts,
  '2024-03-01'::date AS d, '1 day'::interval AS i, '{"z": 1, "a": [1, 2]}'::jsonb AS j,
  '{"z": 1,  "a": 2}'::json AS js, ARRAY['x', NULL] AS arr, ROW(1, 'q') AS r,
  E'tab\there "q" \\' AS s) s;
SELECT to_jsonb(s) FROM (SELECT 1 AS bbb, 2 AS a, 3 AS cc) s;
SELECT to_json(ROW(1, ROW(2, 'x')));
SELECT row_to_json(NULL::cs_items);
SELECT row_to_json(o) FROM cs_orders o WHERE qty > 1 ORDER BY order_id;
SELECT to_jsonb(o) FROM cs_orders o ORDER BY o.order_id LIMIT 2;
-- composites and set-returning calls together
SELECT (ROW(generate_series(1, 2), 'x')).f1;
SELECT ROW(id, unnest(tags)) FROM cs_items WHERE id = 4;
SELECT row_to_json(ROW(generate_series(1, 2)));
-- row expansion, IS NULL on rows, arrays of composites
SELECT (NULL::record).*;
SELECT ((ROW(ROW(1, 2))).f1).*;
SELECT ((ROW(ROW(1, 2))).f1).f1;
SELECT (s.r).*, (s.r).f2 FROM (SELECT ROW(1, 'a'::text) AS r) s;
SELECT o.*::text, ROW(o.*), ROW(o) FROM cs_orders o WHERE order_id = 10;
SELECT (o.*) FROM cs_orders o WHERE order_id = 11;
SELECT generate_series(1, 2) AS g, * FROM cs_orders WHERE order_id = 10;
SELECT *, unnest(ARRAY['p', 'q']) FROM cs_orders WHERE order_id = 12;
SELECT (unnest(ARRAY[ROW(1, 'a'::text), ROW(2, 'b'::text)])).*;
SELECT unnest(ARRAY[o, o]) FROM cs_orders o WHERE order_id = 13;
SELECT (unnest(ARRAY[o])).qty FROM cs_orders o ORDER BY 1;
SELECT ARRAY[o] FROM cs_orders o WHERE order_id = 10;
SELECT o IS NULL, ROW(NULL, NULL) IS NULL, ROW(1, NULL) IS NOT NULL, ROW(1, 2) IS NOT NULL
  FROM cs_orders o LIMIT 1;
SELECT (t).qty, t FROM (SELECT o AS t FROM cs_orders o WHERE order_id = 12) s;
SELECT pg_typeof(t) FROM (SELECT o AS t FROM cs_orders o LIMIT 1) s;
SELECT row_to_json(nosuch.*) FROM cs_orders;
-- CREATE TYPE .. AS and columns of composite types
CREATE TYPE cs_pair AS (k text, n bigint);
CREATE TYPE cs_pair AS (a int);
CREATE TYPE cs_items AS (a int);
CREATE TABLE cs_pair (b int);
CREATE TYPE cs_bad AS (a nosuch);
CREATE TYPE cs_dup AS (a int, a text);
CREATE TYPE cs_empty AS ();
CREATE TYPE cs_nested AS (label text, p cs_pair, ps cs_pair[]);
CREATE TABLE cs_pairs (id int, p cs_pair);
INSERT INTO cs_pairs VALUES (1, '(a,1)'), (2, ROW('b', 2)), (3, NULL), (4, '("c d",4)'),
  (5, ROW(NULL, NULL)), (6, ('b', 1));
SELECT * FROM cs_pairs ORDER BY id;
SELECT id, (p).k, (cs_pairs.p).n, (p).* FROM cs_pairs ORDER BY id;
SELECT p.k FROM cs_pairs;
SELECT (p).zz FROM cs_pairs;
SELECT p FROM cs_pairs ORDER BY p, id;
SELECT p FROM cs_pairs ORDER BY p DESC NULLS LAST, id;
SELECT id FROM cs_pairs WHERE p = ROW('b', 2)::cs_pair;
SELECT id, p IS NULL AS is_null, p IS NOT NULL AS not_null FROM cs_pairs ORDER BY id;
SELECT (p).n, count(*) FROM cs_pairs GROUP BY 1 ORDER BY 1;
SELECT DISTINCT p FROM cs_pairs WHERE id < 3 ORDER BY 1;
SELECT '(a,1)'::cs_pair, ROW('b', 2)::cs_pair, ('c', 3)::cs_pair;
SELECT ROW('b', 2, 3)::cs_pair;
SELECT ROW(1)::cs_pair;
SELECT ROW('x', 'notanumber')::cs_pair;
SELECT '(x,notanumber)'::cs_pair;
INSERT INTO cs_pairs VALUES (7, ROW('z'));
SELECT ROW('n', ROW('a', 1)::cs_pair, ARRAY[ROW('b', 2)::cs_pair])::cs_nested;
SELECT ((ROW('n', ROW('a', 1), NULL)::cs_nested).p).k;
SELECT row_to_json(t), to_jsonb(t) FROM cs_pairs t WHERE id IN (2, 5) ORDER BY id;
SELECT pg_typeof(p), pg_typeof(ROW('a', 1)::cs_pair) FROM cs_pairs LIMIT 1;
CREATE FUNCTION cs_mk(int) RETURNS cs_pair LANGUAGE sql
  AS $$ SELECT ('k' || $1, $1::bigint)::cs_pair $$;
SELECT cs_mk(4), (cs_mk(4)).k, (cs_mk(5)).*;
SELECT * FROM cs_mk(6);
SELECT (ROW(1, 'a')).f2;
SELECT ROW(1, 'a', NULL), row_to_json(ROW(1, 'a', NULL));
DROP TYPE cs_nosuch;
DROP TYPE IF EXISTS cs_nosuch;
DROP TYPE cs_items;
DROP TYPE cs_nested, cs_empty;
DROP TYPE cs_pair;
DROP TABLE cs_pairs;
DROP TYPE cs_pair;
DROP FUNCTION cs_mk(int);
DROP TYPE cs_pair;
SELECT '(a,1)'::cs_pair;
DROP TABLE cs_items, cs_orders;
