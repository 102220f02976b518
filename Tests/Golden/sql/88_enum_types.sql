-- Enum types: CREATE TYPE .. AS ENUM, values ordered by their labels'
-- positions (ORDER BY, comparisons, min/max, GROUP BY, DISTINCT),
-- literals and casts, enum_first / enum_last / enum_range, \d, DROP TYPE,
-- and PostgreSQL's errors
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE empty AS ENUM ();
CREATE TYPE rev AS ENUM ('z', 'y', 'x');
CREATE TABLE p (name text, m mood);
INSERT INTO p VALUES ('a', 'happy'), ('b', 'sad'), ('c', 'ok'), ('d', NULL), ('e', 'sad');
SELECT * FROM p ORDER BY m, name;
SELECT * FROM p ORDER BY m DESC NULLS LAST, name;
SELECT * FROM p WHERE m > 'ok' ORDER BY name;
SELECT * FROM p WHERE m = 'sad'::mood ORDER BY name;
SELECT * FROM p WHERE m <> 'sad' AND m <= 'happy' ORDER BY name;
SELECT * FROM p WHERE m IN ('ok', 'happy') ORDER BY name;
SELECT * FROM p WHERE m BETWEEN 'sad' AND 'ok' ORDER BY name;
SELECT max(m), min(m), count(DISTINCT m) FROM p;
SELECT m, count(*) FROM p GROUP BY m ORDER BY m;
SELECT DISTINCT m FROM p ORDER BY 1;
SELECT array_agg(m ORDER BY m) FROM p;
SELECT name, m::text, length(m::text) FROM p ORDER BY name;
SELECT 'ok'::mood < 'happy'::mood, 'ok'::mood = 'ok'::mood, 'happy'::text::mood;
SELECT 'y'::rev < 'x'::rev, 'y'::rev > 'z'::rev, greatest('x'::rev, 'z'::rev), least('x'::rev, 'z'::rev);
SELECT x FROM (VALUES ('x'::rev), ('z'), ('y')) v(x) ORDER BY x;
SELECT CASE WHEN true THEN 'x'::rev ELSE 'y' END, coalesce(NULL, 'y'::rev);
SELECT enum_first(NULL::mood), enum_last(NULL::mood), enum_range(NULL::mood);
SELECT enum_range('ok'::mood, NULL), enum_range('sad'::mood, 'ok'::mood), enum_range(NULL, 'ok'::mood), enum_range('happy'::mood, 'sad');
SELECT enum_range(NULL::empty);
SELECT enum_first(NULL::empty);
SELECT enum_last(NULL::empty);
SELECT pg_typeof(m), pg_typeof(enum_range(NULL::mood)) FROM p LIMIT 1;
SELECT m, row_number() OVER (PARTITION BY m ORDER BY name) FROM p ORDER BY m, 2;
\d p
INSERT INTO p (name, m) SELECT 'f', 'ok';
UPDATE p SET m = 'happy' WHERE name = 'b';
SELECT * FROM p ORDER BY m, name;
CREATE TABLE q (m mood PRIMARY KEY, note text);
INSERT INTO q VALUES ('ok', 'one'), ('sad', 'two');
INSERT INTO q VALUES ('ok', 'dup');
SELECT p.name, q.note FROM p JOIN q USING (m) ORDER BY 1;
CREATE INDEX ON p (m);
SELECT name FROM p WHERE m = 'happy' ORDER BY name;
DROP TYPE rev;
DROP TYPE IF EXISTS nosuch;
-- errors
CREATE TYPE mood AS ENUM ('x');
CREATE TYPE long AS ENUM ('0123456789012345678901234567890123456789012345678901234567890123456789');
INSERT INTO p VALUES ('x', 'angry');
SELECT 'angry'::mood;
SELECT * FROM p WHERE m = 'angry';
SELECT m = 'ok'::text FROM p;
SELECT CAST(1 AS mood);
SELECT enum_first(1);
SELECT enum_range('ok'::mood, 'x'::text);
SELECT m + 1 FROM p;
DROP TYPE mood;
DROP TYPE nosuch;
CREATE TYPE bad AS ENUM (1, 2);
