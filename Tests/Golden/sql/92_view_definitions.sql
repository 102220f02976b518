-- pg_get_viewdef, pg_views, information_schema.views and \d+ of a view:
-- a view's query printed as PostgreSQL 15's ruleutils prints the stored
-- query, pretty (pg_get_viewdef(v, true), \d+) and plain (pg_views):
-- qualified columns, implicit casts made explicit, joins, subqueries,
-- sublinks, WITH queries, set operations, grouping, window functions,
-- ORDER BY / LIMIT / OFFSET, wrap columns, names the search path hides
CREATE TABLE items (id int primary key, sku text, price numeric(10,2), qty int, cat_id int, created timestamptz, flag boolean, "Mixed Case" text, "order" int, tags text[]);
CREATE TABLE cats (id int, name varchar(20), parent int);
CREATE SCHEMA other;
CREATE TABLE other.things (id bigint, label text);
CREATE VIEW a1 as select id::text, created::date as day, price::int as p, sku::varchar(10) as s10, cast(qty as bigint) as q8, '2024-01-01'::date as d0, interval '1 day' as one_day from items;
CREATE VIEW a2 as select id from items where created > now() - interval '1 day' and created < current_timestamp and created::date <> current_date;
CREATE VIEW a3 as select lower(sku), substr(sku, 1, 3), concat(sku, '-', id), sku || '!' as bang, length(sku) + 1 as len, abs(qty), round(price, 1), qty % 2 as parity, -qty as neg, price / 2 as half, qty * qty - 1 as sq from items;
CREATE VIEW a4 as select id from items where not flag or flag is null or flag is not true or sku is not null or qty is distinct from 3 or qty not between 1 and 5 or id not in (7, 8) or sku not like 'x%' or sku ilike '%y' or id = 5;
CREATE VIEW a5 as select case qty when 1 then 'one' when 2 then 'two' end as word, case when price > 10 then price end as big, nullif(qty, 0) as nz, greatest(qty, 1, cat_id), least(price, 5.5) from items;
CREATE VIEW a6 as select cat_id, avg(price), min(sku), max(created), sum(qty) as total, count(distinct sku) as skus, array_agg(id order by id desc), bool_and(flag) from items group by cat_id having sum(price) > 100 and count(*) >= 2;
CREATE VIEW a7 as select date_trunc('day', created) as day, count(*) from items group by 1 order by day;
CREATE VIEW a8 as select cat_id, sum(qty) as s from items group by cat_id order by sum(qty) desc, cat_id limit all;
CREATE VIEW a9 as select id, lag(price) over (order by id), lead(qty, 2, 0) over (partition by cat_id order by id), ntile(4) over (order by price desc), sum(qty) over (partition by cat_id order by id rows between unbounded preceding and current row) as running, first_value(sku) over (partition by cat_id order by created range between unbounded preceding and unbounded following), count(*) over () as n from items;
CREATE VIEW a10 as select i.id, c.name, p.name as parent_name from items i right join cats c on c.id = i.cat_id full join cats p on p.id = c.parent;
CREATE VIEW a11 as select a.id, b.id as other from items a join items b on a.cat_id = b.cat_id and a.id < b.id join cats c on c.id = a.cat_id where c.name <> 'x';
CREATE VIEW a12 as select id, (select count(*) from cats) as ncats, array(select id from cats order by id) as ids from items where not exists (select 1 from cats where cats.id = items.cat_id) and id not in (select parent from cats) and qty > all (select id from cats) and qty = any (select id from cats);
CREATE VIEW a13 as with big as materialized (select * from items where price > 100), small(sid) as (select id from items where price < 1) select big.id from big join small on small.sid = big.id union all select id from big;
CREATE VIEW a14 as with items as (select 1 as id) select items.id from items, public.items i2 where i2.id = items.id;
CREATE VIEW a15 as select id from items intersect select id from cats except all select id from cats order by 1 desc limit 3 offset 1;
CREATE VIEW a16 as select id from items union select id from cats union select 3;
CREATE VIEW a17 as select distinct on (cat_id, qty) cat_id, qty, id from items order by cat_id, qty, id;
CREATE VIEW a18 as select id from items offset 2;
CREATE VIEW a19 as select id from items fetch first 3 rows only;
CREATE VIEW a20 as select t.id, t.label from other.things t where t.label like 'a%';
CREATE VIEW a21 as select "Mixed Case", "order", "order" as "Select" from items;
CREATE VIEW a22(x, y) as select id, sku from items;
CREATE VIEW a23 as select x, y from a22 where x > 0;
CREATE VIEW a24 as select -1 as m1, 1.5 as f, 1e3 as e, -2.5 as nf, 'x'::text as t, true as b, null as n, 3000000000 as big from items;
CREATE VIEW a25 as select id from items where id = any (array[1, 2]) and tags @> array['a'] and extract(year from created) = 2024 and date_part('month', created) = 1;
CREATE VIEW a27 as select count(*) filter (where flag) as flagged, sum(price) filter (where qty > 0) from items;
CREATE VIEW a28 as select c.name, s.total from cats c join (select cat_id, sum(qty) as total from items group by cat_id) s on s.cat_id = c.id;
CREATE VIEW a29 as select id, rank() over w, dense_rank() over w, row_number() over w from items window w as (order by price);
CREATE VIEW a30 as select i.* , c.name from items i left join cats c on c.id = i.cat_id;
SELECT pg_get_viewdef('a1'::regclass, true);
SELECT pg_get_viewdef('a2'::regclass, true);
SELECT pg_get_viewdef('a3'::regclass, true);
SELECT pg_get_viewdef('a4'::regclass, true);
SELECT pg_get_viewdef('a5'::regclass, true);
SELECT pg_get_viewdef('a6'::regclass, true);
SELECT pg_get_viewdef('a7'::regclass, true);
SELECT pg_get_viewdef('a8'::regclass, true);
SELECT pg_get_viewdef('a9'::regclass, true);
SELECT pg_get_viewdef('a10'::regclass, true);
SELECT pg_get_viewdef('a11'::regclass, true);
SELECT pg_get_viewdef('a12'::regclass, true);
SELECT pg_get_viewdef('a13'::regclass, true);
SELECT pg_get_viewdef('a14'::regclass, true);
SELECT pg_get_viewdef('a15'::regclass, true);
SELECT pg_get_viewdef('a16'::regclass, true);
SELECT pg_get_viewdef('a17'::regclass, true);
SELECT pg_get_viewdef('a18'::regclass, true);
SELECT pg_get_viewdef('a19'::regclass, true);
SELECT pg_get_viewdef('a20'::regclass, true);
SELECT pg_get_viewdef('a21'::regclass, true);
SELECT pg_get_viewdef('a22'::regclass, true);
SELECT pg_get_viewdef('a23'::regclass, true);
SELECT pg_get_viewdef('a24'::regclass, true);
SELECT pg_get_viewdef('a25'::regclass, true);
SELECT pg_get_viewdef('a27'::regclass, true);
SELECT pg_get_viewdef('a28'::regclass, true);
SELECT pg_get_viewdef('a29'::regclass, true);
SELECT pg_get_viewdef('a30'::regclass, true);
-- joins with USING and nested joins, correlated and nested subqueries,
-- output names shadowing inputs, SQL-standard function syntax
CREATE TABLE tags (id int, tag text);
CREATE VIEW b1 AS SELECT * FROM items JOIN cats USING (id);
CREATE VIEW b2 AS SELECT sku, name FROM items LEFT JOIN cats USING (id) WHERE id > 0;
CREATE VIEW b3 AS SELECT i.id FROM items i JOIN (cats c JOIN tags t ON t.id = c.id) ON c.id = i.id;
CREATE VIEW b4 AS SELECT i.id FROM items i, cats c JOIN tags t ON t.id = c.id WHERE c.id = i.id;
CREATE VIEW b5 AS SELECT id FROM items WHERE EXISTS (SELECT 1 FROM (SELECT id FROM items) items WHERE items.id = 1);
CREATE VIEW b6 AS SELECT i.id FROM items i WHERE i.qty > (SELECT avg(i2.qty) FROM items i2 WHERE i2.cat_id = i.cat_id);
CREATE VIEW b7 AS WITH c AS (SELECT id FROM cats) SELECT id FROM items WHERE id IN (SELECT id FROM c);
CREATE VIEW b8 AS SELECT qty AS id FROM items ORDER BY id;
CREATE VIEW b9 AS SELECT id, sku FROM items ORDER BY row_number() OVER (ORDER BY price);
CREATE VIEW b11 AS SELECT sum(price * qty), count(1), avg(qty)::numeric(10,2) AS a FROM items;
CREATE VIEW b12 AS SELECT id FROM items WHERE created > '2024-01-01' AND sku = 'a' AND id = 1::bigint AND price > 1.5 AND sku IN ('a', 'b');
CREATE VIEW b13 AS SELECT id FROM cats WHERE name = 'a' AND name IN ('a', 'b') AND coalesce(name, 'x') <> 'y' AND name LIKE 'a%';
CREATE VIEW b14 AS SELECT qty::text || 'x' AS t, position('a' IN sku), trim(sku), substring(sku FROM 1 FOR 2), upper(name::text) FROM items JOIN cats USING (id);
CREATE VIEW b15 AS SELECT EXISTS (SELECT 1 FROM cats) AS e, CASE WHEN EXISTS (SELECT 1 FROM tags) THEN 1 ELSE 0 END AS c FROM items;
CREATE VIEW b16 AS SELECT id FROM items WHERE NOT (flag AND qty > 1) AND ((qty + 1) * 2 > 3 OR qty - (cat_id - 1) > 0 OR -(qty + 1) < 0);
CREATE VIEW b17 AS SELECT qty::int + 1 AS a, (sku || 'x')::int AS b, (price * 2)::int AS c FROM items;
CREATE VIEW b21 AS SELECT i.id, t.tag FROM items i LEFT JOIN tags t ON t.id = i.id AND t.tag <> '' WHERE t.tag IS NULL;
CREATE VIEW b22 AS SELECT * FROM (SELECT id, sku FROM items) s WHERE s.id IN (SELECT id FROM tags);
CREATE VIEW b23 AS SELECT sku FROM items UNION ALL SELECT name FROM cats;
CREATE VIEW b24 AS SELECT id, 'x' AS lit FROM items UNION SELECT id, 'y' FROM cats;
CREATE VIEW b26 AS SELECT x.id FROM (SELECT id FROM items UNION SELECT id FROM cats) x;
CREATE VIEW b27 AS SELECT (SELECT max(id) FROM (SELECT id FROM tags UNION SELECT id FROM cats) u) AS m;
CREATE VIEW b30 AS SELECT sum(qty) OVER (PARTITION BY cat_id), avg(price) OVER (ORDER BY id ROWS 2 PRECEDING) FROM items;
CREATE VIEW c1 AS SELECT trim(sku) AS t1, trim(LEADING 'x' FROM sku) AS t2, trim(TRAILING FROM sku) AS t3, trim(BOTH 'ab' FROM sku) AS t4, trim(FROM sku, 'c') AS t5, btrim(sku) AS t6, ltrim(sku, 'x') AS t7, trim(sku, 'y') AS t8 FROM items;
CREATE VIEW c2 AS SELECT substring(sku FROM 2) AS s1, substring(sku FOR 3) AS s2, substring(sku FROM 1 FOR 2) AS s3, substring(sku, 1, 2) AS s4, substring(sku, 2) AS s7 FROM items;
CREATE VIEW c3 AS SELECT position('a' IN sku) AS p1, position(sku IN 'abc') AS p2, strpos(sku, 'a') FROM items;
SELECT pg_get_viewdef('b1'::regclass, true);
SELECT pg_get_viewdef('b2'::regclass, true);
SELECT pg_get_viewdef('b3'::regclass, true);
SELECT pg_get_viewdef('b4'::regclass, true);
SELECT pg_get_viewdef('b5'::regclass, true);
SELECT pg_get_viewdef('b6'::regclass, true);
SELECT pg_get_viewdef('b7'::regclass, true);
SELECT pg_get_viewdef('b8'::regclass, true);
SELECT pg_get_viewdef('b9'::regclass, true);
SELECT pg_get_viewdef('b11'::regclass, true);
SELECT pg_get_viewdef('b12'::regclass, true);
SELECT pg_get_viewdef('b13'::regclass, true);
SELECT pg_get_viewdef('b14'::regclass, true);
SELECT pg_get_viewdef('b15'::regclass, true);
SELECT pg_get_viewdef('b16'::regclass, true);
SELECT pg_get_viewdef('b17'::regclass, true);
SELECT pg_get_viewdef('b21'::regclass, true);
SELECT pg_get_viewdef('b22'::regclass, true);
SELECT pg_get_viewdef('b23'::regclass, true);
SELECT pg_get_viewdef('b24'::regclass, true);
SELECT pg_get_viewdef('b26'::regclass, true);
SELECT pg_get_viewdef('b27'::regclass, true);
SELECT pg_get_viewdef('b30'::regclass, true);
SELECT pg_get_viewdef('c1'::regclass, true);
SELECT pg_get_viewdef('c2'::regclass, true);
SELECT pg_get_viewdef('c3'::regclass, true);
-- WITH RECURSIVE and array subscripts
CREATE TABLE nums (a int, arr int[]);
CREATE VIEW r1 AS WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 5) SELECT n FROM s;
CREATE VIEW r2 AS WITH RECURSIVE s AS (SELECT a, 1 AS depth FROM nums UNION SELECT nums.a, s.depth + 1 FROM nums JOIN s ON s.a = nums.a + 1) SELECT * FROM s ORDER BY depth;
CREATE VIEW r3 AS SELECT arr[1] AS f, arr[a] AS byvar, (arr)[2] AS p, (ARRAY[1, 2])[1] AS lit FROM nums;
SELECT pg_get_viewdef('r1'::regclass, true);
SELECT pg_get_viewdef('r2'::regclass, true);
SELECT pg_get_viewdef('r3'::regclass, true);
-- user functions print qualified only when the search path misses them
CREATE FUNCTION public.plus_one(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1';
CREATE FUNCTION other.twice(x int) RETURNS int LANGUAGE sql AS 'SELECT x * 2';
CREATE FUNCTION other.plus_one(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 3';
CREATE VIEW u1 AS SELECT public.plus_one(id) AS a, other.twice(id) AS b, other.plus_one(id) AS c, plus_one(id) AS d, pg_catalog.upper(sku) AS e FROM items;
SELECT pg_get_viewdef('u1'::regclass, true);
-- constants and their labels, casts to user types, boolean tests
CREATE TABLE kinds (id int, sku text, price numeric, ts timestamp, d date, r real, f float8, c char(3), vc varchar);
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE VIEW k1 AS SELECT 1.50 AS a, 0.1e2 AS b, 100000000000000000000 AS c, '1'::int AS d, true::text AS e, 'a'::char(3) AS f, id::real AS g, id::double precision AS h, interval '1 day' * 2 AS i, date '2024-01-01' + 1 AS j, timestamp '2024-01-01 10:00' AS k, E'a\nb' AS l, 'it''s' AS m, 'back\slash' AS n, 'ünï' AS o FROM kinds;
CREATE VIEW k2 AS SELECT id FROM kinds WHERE ts > '2024-01-01' AND d = current_date AND r > 1.5 AND f < 2 AND c = 'ab' AND vc = 'x' AND price = 3 AND sku = c AND id::numeric = price;
CREATE VIEW k3 AS SELECT 'ok'::mood AS m, sku::mood AS m2, id + 2147483647 AS big, -2147483648 AS minint, 2147483648 AS over, -0.5 AS nh, +3 AS pos FROM kinds;
CREATE VIEW k4 AS SELECT count(*) * 2 AS c2, sum(id)::float8 / 3 AS avg3, max(ts) - min(ts) AS span, string_agg(DISTINCT sku, ', ') AS skus FROM kinds;
CREATE VIEW k6 AS SELECT coalesce(sum(price), 0) AS s, coalesce(max(d), '2020-01-01') AS md FROM kinds;
CREATE VIEW k7 AS SELECT CASE WHEN id > 0 THEN 'pos' WHEN id < 0 THEN 'neg' END AS sign, CASE id WHEN 1 THEN 1.5 ELSE 2 END AS num FROM kinds;
CREATE VIEW k9 AS SELECT id FROM kinds WHERE id BETWEEN SYMMETRIC 1 AND 5 AND sku IS DISTINCT FROM 'x' AND sku IS NOT DISTINCT FROM 'y';
CREATE VIEW k10 AS SELECT NOT true AS nt, id IS NULL AS isn, (id > 1) IS TRUE AS ist, (id > 1) IS NOT FALSE AS isnf, (id > 1) IS UNKNOWN AS isu FROM kinds;
SELECT pg_get_viewdef('k1'::regclass, true);
SELECT pg_get_viewdef('k2'::regclass, true);
SELECT pg_get_viewdef('k3'::regclass, true);
SELECT pg_get_viewdef('k4'::regclass, true);
SELECT pg_get_viewdef('k6'::regclass, true);
SELECT pg_get_viewdef('k7'::regclass, true);
SELECT pg_get_viewdef('k9'::regclass, true);
SELECT pg_get_viewdef('k10'::regclass, true);
-- functions in FROM, LATERAL, column aliases, grouping sets, VALUES
CREATE TABLE gs (a int, b text, c int);
CREATE VIEW f1 AS SELECT g FROM generate_series(1, 3) g;
CREATE VIEW f2 AS SELECT g.n, gs.a FROM gs, generate_series(1, gs.a) AS g(n);
CREATE VIEW f3 AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(x, y);
CREATE VIEW f4 AS SELECT x FROM gs AS r(x);
CREATE VIEW f5 AS SELECT r.x, r.b FROM gs r(x) WHERE r.c > 0;
CREATE VIEW f6 AS SELECT gs.a, s.m FROM gs, LATERAL (SELECT max(a) AS m FROM gs g2 WHERE g2.a < gs.a) s;
CREATE VIEW f7 AS SELECT a, b, count(*) FROM gs GROUP BY ROLLUP (a, b);
CREATE VIEW f8 AS SELECT a, b, count(*) FROM gs GROUP BY GROUPING SETS ((a), (b), ()) ORDER BY 1;
CREATE VIEW f9 AS SELECT a, b, grouping(a, b), sum(c) FROM gs GROUP BY CUBE (a, b);
CREATE VIEW f10 AS VALUES (1, 'x'), (2, 'y');
CREATE VIEW f11 AS SELECT d::date FROM generate_series('2024-01-01'::timestamp, '2024-01-05', '1 day') d;
CREATE VIEW f13 AS SELECT u.x FROM unnest(ARRAY[1, 2]) u(x);
CREATE VIEW f14 AS SELECT * FROM generate_series(1, 2) WITH ORDINALITY AS s(v, n);
CREATE VIEW f15 AS SELECT a, g FROM gs CROSS JOIN LATERAL generate_series(1, gs.c) g;
CREATE VIEW g1 AS SELECT a, b, c, count(*) FROM gs GROUP BY a, ROLLUP (b, c);
CREATE VIEW g2 AS SELECT a, b, c, count(*) FROM gs GROUP BY ROLLUP ((a, b), c);
CREATE VIEW g3 AS SELECT a, b, count(*) FROM gs GROUP BY GROUPING SETS ((a, b), a, (), ROLLUP (a), CUBE (b));
CREATE VIEW g4 AS SELECT count(*) FROM gs GROUP BY ();
CREATE VIEW g5 AS SELECT a + 1 AS a1, count(*) FROM gs GROUP BY CUBE (a + 1, b) HAVING grouping(a + 1) = 0;
CREATE VIEW h1 AS SELECT * FROM (VALUES (1, 'a'), (2.5, NULL)) v(x, y);
CREATE VIEW h3 AS SELECT v.column1 FROM (VALUES (now()), ('2024-01-01')) v;
CREATE VIEW h4 AS VALUES (1, NULL), (NULL, 'x');
SELECT pg_get_viewdef('f1'::regclass, true);
SELECT pg_get_viewdef('f2'::regclass, true);
SELECT pg_get_viewdef('f3'::regclass, true);
SELECT pg_get_viewdef('f4'::regclass, true);
SELECT pg_get_viewdef('f5'::regclass, true);
SELECT pg_get_viewdef('f6'::regclass, true);
SELECT pg_get_viewdef('f7'::regclass, true);
SELECT pg_get_viewdef('f8'::regclass, true);
SELECT pg_get_viewdef('f9'::regclass, true);
SELECT pg_get_viewdef('f10'::regclass, true);
SELECT pg_get_viewdef('f11'::regclass, true);
SELECT pg_get_viewdef('f13'::regclass, true);
SELECT pg_get_viewdef('f14'::regclass, true);
SELECT pg_get_viewdef('f15'::regclass, true);
SELECT pg_get_viewdef('g1'::regclass, true);
SELECT pg_get_viewdef('g2'::regclass, true);
SELECT pg_get_viewdef('g3'::regclass, true);
SELECT pg_get_viewdef('g4'::regclass, true);
SELECT pg_get_viewdef('g5'::regclass, true);
SELECT pg_get_viewdef('h1'::regclass, true);
SELECT pg_get_viewdef('h3'::regclass, true);
SELECT pg_get_viewdef('h4'::regclass, true);
-- nested levels: names made unique (c_1, b_1), sorted and limited inputs of
-- set operations, correlated CTE reads, jsonb operators, window functions
CREATE TABLE docs (id int, cat_id int, doc jsonb);
CREATE VIEW m1 as select * from (select id from items order by id desc limit 3) s union all (select id from cats order by id limit 1);
CREATE VIEW m2 as with a as (select id, cat_id from items), b as (select cat_id, count(*) as n from a group by cat_id) select b.cat_id, b.n, (select max(id) from a where a.cat_id = b.cat_id) as mx from b where n > (select avg(n) from b);
CREATE VIEW m3 as select cat_id from items group by cat_id having exists (select 1 from cats where cats.id = items.cat_id) order by cat_id nulls first;
CREATE VIEW m4 as select distinct on (date_trunc('day', created)) date_trunc('day', created) as day, id from items order by date_trunc('day', created), id;
CREATE VIEW m5 as select id, sum(price) over (partition by cat_id % 2 order by created desc nulls last), avg(price) over (partition by coalesce(cat_id, 0)) from items;
CREATE VIEW m6 as select sum(distinct qty), count(distinct cat_id) filter (where flag), max(price) filter (where qty > 1) from items;
CREATE VIEW m7 as select 'id:' || id as label, id || '' as s, now()::date as today, extract(epoch from created) as ep, to_char(created, 'YYYY-MM') as ym, created + interval '1 hour' as later, (created - now()) > interval '1 day' as old from items;
CREATE VIEW m8 as select coalesce(cat_id, 0) as c, case when qty > 10 then 'big' else 'small' end as size, count(*) from items group by coalesce(cat_id, 0), case when qty > 10 then 'big' else 'small' end;
CREATE VIEW m9 as select doc->>'a' as a, doc->'b' as b, doc #>> '{c,d}' as cd, doc ? 'x' as hasx, doc @> '{"a":1}' as contains from docs;
CREATE VIEW m10 as select id from items where id in (select id from cats union select parent from cats) and not exists (select from cats);
CREATE VIEW m11 as select i.id, (select name from cats c where c.id = i.cat_id limit 1) as cat from items i order by 2 desc, 1;
CREATE VIEW m12 as select id, qty from items where qty = (select max(qty) from items i2) or price < all (select price from items where flag);
CREATE VIEW m13 as select a.id from items a left join lateral (select * from cats c where c.id = a.cat_id limit 1) c on true;
CREATE VIEW m14 as select id, row_number() over (order by price desc, id) as rn, percent_rank() over (order by price), cume_dist() over (order by price) from items;
CREATE VIEW m15 as select greatest(price, 1), least(qty, cat_id, 3), nullif(sku, ''), abs(-qty), round(price), ceil(price), floor(price::float8), power(qty, 2), sqrt(qty), mod(qty, 3) from items;
SELECT pg_get_viewdef('m1'::regclass, true);
SELECT pg_get_viewdef('m2'::regclass, true);
SELECT pg_get_viewdef('m3'::regclass, true);
SELECT pg_get_viewdef('m4'::regclass, true);
SELECT pg_get_viewdef('m5'::regclass, true);
SELECT pg_get_viewdef('m6'::regclass, true);
SELECT pg_get_viewdef('m7'::regclass, true);
SELECT pg_get_viewdef('m8'::regclass, true);
SELECT pg_get_viewdef('m9'::regclass, true);
SELECT pg_get_viewdef('m10'::regclass, true);
SELECT pg_get_viewdef('m11'::regclass, true);
SELECT pg_get_viewdef('m12'::regclass, true);
SELECT pg_get_viewdef('m13'::regclass, true);
SELECT pg_get_viewdef('m14'::regclass, true);
SELECT pg_get_viewdef('m15'::regclass, true);
SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY viewname;
SELECT schemaname, viewname, viewowner FROM pg_views WHERE viewname IN ('a1', 'a20') ORDER BY 1, 2;
SELECT table_schema, table_name, check_option, is_updatable, is_insertable_into,
       is_trigger_updatable, is_trigger_deletable, is_trigger_insertable_into
FROM information_schema.views WHERE table_schema = 'public' ORDER BY table_name;
\x
SELECT * FROM information_schema.views WHERE table_name = 'a22';
\x
SELECT table_name, is_insertable_into FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'VIEW' ORDER BY table_name;
SELECT pg_relation_is_updatable('a22', false), pg_relation_is_updatable('a6', false),
       pg_relation_is_updatable('a3', false), pg_relation_is_updatable('items', false);
-- the other spellings: by name, by oid, a wrap column
SELECT pg_get_viewdef('a1');
SELECT pg_get_viewdef('a1', true) = pg_get_viewdef('a1'::regclass, true) AS same;
SELECT pg_get_viewdef(oid) = pg_get_viewdef('a5'::regclass) AS by_oid FROM pg_class WHERE relname = 'a5';
SELECT pg_get_viewdef('a3'::regclass, 60);
SELECT pg_get_viewdef('a3'::regclass, 120);
SELECT pg_get_viewdef('a11'::regclass, -1);
SELECT pg_get_viewdef('a5'::regclass, 0);
SELECT pg_get_viewdef('items'), pg_get_viewdef(0) IS NULL AS no_relation;
SELECT pg_get_viewdef('nope');
-- relations print qualified when the search path does not find them
SET search_path = other, public;
SELECT pg_get_viewdef('a20'::regclass, true);
SET search_path = pg_catalog;
SELECT pg_get_viewdef('public.a28'::regclass, true);
RESET search_path;
-- CREATE OR REPLACE VIEW replaces the definition
CREATE OR REPLACE VIEW a22(x, y) AS SELECT id, sku, qty AS z FROM items WHERE qty > 0;
SELECT pg_get_viewdef('a22'::regclass, true);
-- \d and \d+
\d a22
\d+ a22
\d+ a2
\d+ a9
\d+ a13
-- \sv shows the statement that recreates a view
\sv a22
\sv+ a13
CREATE VIEW "Odd View" AS SELECT id AS "Id" FROM items;
\sv "Odd View"
\sv items
\sv nope
\sv
