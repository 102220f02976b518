-- CREATE FUNCTION in PL/pgSQL and SQL: DECLARE initialisers, assignment, RETURN, calls.
CREATE FUNCTION pl_add(a int, b int) RETURNS int AS $$
BEGIN
    RETURN a + b;
END;
$$ LANGUAGE plpgsql;
SELECT pl_add(2, 3), pl_add(-1, 1), pl_add(NULL, 1) IS NULL AS null_arg;
SELECT pl_add(2147483647, 1);
SELECT pl_add('x', 1);
SELECT pl_add(1);
CREATE FUNCTION pl_add(a int, b int) RETURNS int AS $$ BEGIN RETURN 0; END; $$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION pl_add(a int, b int) RETURNS int AS $$
BEGIN
    RETURN a + b + 100;
END;
$$ LANGUAGE plpgsql;
SELECT pl_add(2, 3);
-- declarations with initialisers, constants, defaults and positional parameters
CREATE FUNCTION pl_decl(n numeric) RETURNS text AS $$
DECLARE
    doubled numeric := n * 2;
    label text DEFAULT 'n=';
    fixed CONSTANT int := 7;
    unset int;
    first_arg numeric = $1;
BEGIN
    unset := coalesce(unset, -1);
    RETURN label || doubled || ' fixed=' || fixed || ' unset=' || unset || ' arg=' || first_arg;
END;
$$ LANGUAGE plpgsql;
SELECT pl_decl(1.5);
-- an initialiser may be a query tail, evaluated as SELECT <expr>
CREATE TABLE pl_latest (minute timestamptz PRIMARY KEY);
INSERT INTO pl_latest VALUES ('10-10-1901');
CREATE FUNCTION pl_since() RETURNS text AS $$
DECLARE
    curr timestamptz := date_trunc('minute', '2024-01-05 10:37:42+00'::timestamptz);
    last_time timestamptz := minute from pl_latest;
BEGIN
    RETURN last_time || ' .. ' || curr;
END;
$$ LANGUAGE plpgsql;
SELECT pl_since();
DELETE FROM pl_latest;
SELECT pl_since() IS NULL AS empty_table_gives_null;
INSERT INTO pl_latest VALUES ('2024-01-01+00'), ('2024-01-02+00');
SELECT pl_since();
-- RETURNS void, PERFORM, SELECT INTO, UPDATE from a function
CREATE TABLE pl_counter (name text PRIMARY KEY, n int);
INSERT INTO pl_counter VALUES ('hits', 0);
CREATE FUNCTION pl_bump(by_n int DEFAULT 1) RETURNS void AS $$
DECLARE
    current int;
BEGIN
    SELECT n INTO current FROM pl_counter WHERE name = 'hits';
    UPDATE pl_counter SET n = current + by_n WHERE name = 'hits';
    PERFORM pl_add(1, 1);
END;
$$ LANGUAGE plpgsql;
SELECT pl_bump();
SELECT pl_bump(10);
SELECT pl_bump(by_n => 5);
SELECT pl_bump(by_n := 100);
SELECT n FROM pl_counter;
SELECT pg_typeof(pl_bump());
-- SELECT INTO with several targets and STRICT
CREATE FUNCTION pl_into(k text) RETURNS text AS $$
DECLARE
    a text;
    b int;
BEGIN
    SELECT name, n INTO a, b FROM pl_counter WHERE name = k;
    IF NOT FOUND THEN
        RETURN 'not found';
    END IF;
    RETURN a || ':' || b;
END;
$$ LANGUAGE plpgsql;
SELECT pl_into('hits'), pl_into('misses');
CREATE FUNCTION pl_strict(k text) RETURNS int AS $$
DECLARE
    b int;
BEGIN
    SELECT n INTO STRICT b FROM pl_counter WHERE name = k;
    RETURN b;
END;
$$ LANGUAGE plpgsql;
SELECT pl_strict('hits');
SELECT pl_strict('misses');
-- LANGUAGE sql functions
CREATE FUNCTION sql_twice(x int) RETURNS int AS $$ SELECT x * 2 $$ LANGUAGE sql;
CREATE FUNCTION sql_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM pl_counter';
SELECT sql_twice(21), sql_count();
SELECT sql_twice(pl_add(1, 2));
-- functions used in queries and defaults
SELECT name, pl_add(n, 1) AS plus_one FROM pl_counter;
CREATE TABLE pl_uses (v int DEFAULT sql_twice(4));
INSERT INTO pl_uses DEFAULT VALUES;
SELECT v FROM pl_uses;
-- errors at creation and at run time
CREATE FUNCTION pl_bad_lang() RETURNS int AS $$ SELECT 1 $$ LANGUAGE nosuchlang;
CREATE FUNCTION pl_no_return() RETURNS int AS $$
BEGIN
    PERFORM 1;
END;
$$ LANGUAGE plpgsql;
SELECT pl_no_return();
CREATE FUNCTION pl_bad_var() RETURNS int AS $$
BEGIN
    RETURN no_such_var + 1;
END;
$$ LANGUAGE plpgsql;
SELECT pl_bad_var();
CREATE FUNCTION pl_const() RETURNS int AS $$
DECLARE
    c CONSTANT int := 1;
BEGIN
    c := 2;
    RETURN c;
END;
$$ LANGUAGE plpgsql;
SELECT no_such_fn();
-- DROP FUNCTION
DROP FUNCTION pl_add(int, int);
SELECT pl_add(1, 2);
DROP FUNCTION pl_add(int, int);
DROP FUNCTION IF EXISTS pl_add(int, int);
DROP FUNCTION pl_decl;
DROP FUNCTION pl_since(), pl_bump(int), pl_into(text), pl_strict(text), pl_no_return(), pl_bad_var();
DROP TABLE pl_uses;
DROP FUNCTION sql_twice(int), sql_count();
DROP TABLE pl_latest, pl_counter;
