-- COPY FROM STDIN and TO STDOUT in the text and CSV formats, with psql's
-- \copy; the data of COPY FROM STDIN follows the statement up to \.
CREATE TABLE items (id int, name text, price numeric, tags text[], seen timestamptz);
COPY items FROM STDIN;
1	apple	1.50	{red,green}	2026-12-03 10:00:00+00
2	\N	2	{}	\N
3	tab\there	0.25	{"a b"}	2026-12-03 11:30:00+00
4	back\\slash	10	\N	2026-12-03 12:00:00+01
\.
SELECT * FROM items ORDER BY id;
COPY items TO STDOUT;
COPY items (id, name) TO STDOUT WITH (FORMAT csv, HEADER);
COPY (SELECT id, price * 2 AS double FROM items ORDER BY id DESC) TO STDOUT WITH (FORMAT csv, DELIMITER ';', NULL 'NULL');
COPY (SELECT name, tags FROM items ORDER BY id) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *);
COPY items (id, name) FROM STDIN WITH (FORMAT csv, HEADER true);
id,name
5,"quoted, with comma"
6,"embedded ""quote"""
7,
8,""
\.
SELECT id, name, name IS NULL AS is_null FROM items WHERE id >= 5 ORDER BY id;
COPY items (id, name) FROM STDIN WITH (DELIMITER '|', NULL 'none');
9|none
10|ten
\.
SELECT id, name FROM items WHERE id >= 9 ORDER BY id;
-- legacy option syntax
COPY items (id, name) TO STDOUT WITH CSV HEADER;
COPY items (id, price) FROM STDIN CSV;
11,11.5
\.
COPY (SELECT 1 AS a, 'x' AS b) TO STDOUT DELIMITER ',' NULL '';
-- errors: bad values, column counts, names, options
COPY items FROM STDIN;
12	x	notanumber	{}	\N
\.
COPY items (id) FROM STDIN;
13	extra
\.
COPY items FROM STDIN;
14	short
\.
COPY items (id, name) FROM STDIN WITH (FORMAT csv);
15,"unterminated
\.
COPY nosuch FROM STDIN;
COPY items (nosuch) FROM STDIN;
COPY items (id, id) FROM STDIN;
COPY items FROM STDIN WITH (FORMAT xml);
COPY items TO STDOUT WITH (FORMAT csv, DELIMITER ',,');
COPY items TO STDOUT WITH (HEADER);
COPY (SELECT 1) FROM STDIN;
SELECT count(*) FROM items;
-- a failed COPY inside a transaction aborts it
BEGIN;
COPY items (id) FROM STDIN;
16
oops
\.
SELECT 1;
ROLLBACK;
SELECT count(*) FROM items;
-- \copy reads and writes files on the client's side
\copy items (id, name) TO '/tmp/citus_sim_golden_60_copy.csv' WITH (FORMAT csv)
CREATE TABLE items2 (id int, name text);
\copy items2 FROM '/tmp/citus_sim_golden_60_copy.csv' WITH (FORMAT csv)
SELECT count(*), count(name), sum(id) FROM items2;
\copy (SELECT id FROM items2 WHERE id < 3 ORDER BY id) TO STDOUT
COPY items2 (id) FROM STDIN WITH (FORMAT csv, FORCE_NULL (name));
COPY items2 (id) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (name));
COPY items2 (id) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE (name));
