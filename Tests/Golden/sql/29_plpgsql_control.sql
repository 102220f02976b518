-- PL/pgSQL control flow: IF/ELSIF/ELSE, CASE, LOOP, WHILE, FOR, EXIT, CONTINUE, RAISE NOTICE.
CREATE FUNCTION pc_classify(code int) RETURNS text AS $$
BEGIN
    IF code IS NULL THEN
        RETURN 'unknown';
    ELSIF code BETWEEN 200 AND 299 THEN
        RETURN 'success';
    ELSEIF code BETWEEN 400 AND 499 THEN
        RETURN 'client error';
    ELSE
        RETURN 'other';
    END IF;
END;
$$ LANGUAGE plpgsql;
SELECT code, pc_classify(code) FROM (VALUES (200), (404), (500), (NULL)) v(code);
CREATE FUNCTION pc_loops(n int) RETURNS text AS $$
DECLARE
    acc text := '';
    i int := 0;
BEGIN
    LOOP
        i := i + 1;
        EXIT WHEN i > n;
        CONTINUE WHEN i % 2 = 0;
        acc := acc || i || ' ';
    END LOOP;
    acc := acc || '| ';
    i := n;
    WHILE i > 0 LOOP
        acc := acc || i || ' ';
        i := i - 2;
    END LOOP;
    acc := acc || '| ';
    FOR j IN 1..n LOOP
        IF j = 4 THEN
            EXIT;
        END IF;
        acc := acc || j || ' ';
    END LOOP;
    acc := acc || '| ';
    FOR j IN REVERSE n..1 BY 2 LOOP
        acc := acc || j || ' ';
    END LOOP;
    RETURN acc;
END;
$$ LANGUAGE plpgsql;
SELECT pc_loops(7);
SELECT pc_loops(0);
-- labelled loops
CREATE FUNCTION pc_labels() RETURNS int AS $$
DECLARE
    total int := 0;
BEGIN
    <<outer_loop>>
    FOR i IN 1..5 LOOP
        FOR j IN 1..5 LOOP
            CONTINUE outer_loop WHEN j > i;
            EXIT outer_loop WHEN i = 4;
            total := total + 1;
        END LOOP;
    END LOOP outer_loop;
    RETURN total;
END;
$$ LANGUAGE plpgsql;
SELECT pc_labels();
-- FOR over a query
CREATE TABLE pc_rows (id int, name text);
INSERT INTO pc_rows VALUES (1, 'one'), (2, 'two'), (3, 'three');
CREATE FUNCTION pc_concat() RETURNS text AS $$
DECLARE
    r record;
    out text := '';
BEGIN
    FOR r IN SELECT id, name FROM pc_rows ORDER BY id DESC LOOP
        out := out || r.id || '=' || r.name || ';';
    END LOOP;
    RETURN out;
END;
$$ LANGUAGE plpgsql;
SELECT pc_concat();
-- RAISE NOTICE formats % placeholders
CREATE FUNCTION pc_notice(n int) RETURNS void AS $$
BEGIN
    RAISE NOTICE 'n is %', n;
    RAISE NOTICE 'two values: % and %', n, n * 2;
    RAISE NOTICE 'literal %% sign and null %', NULL::text;
    RAISE NOTICE 'timestamptz %', '10-10-1901'::timestamptz;
    RAISE INFO 'info level';
    RAISE WARNING 'warning level %', n;
END;
$$ LANGUAGE plpgsql;
SELECT pc_notice(21);
SET client_min_messages = warning;
SELECT pc_notice(1);
RESET client_min_messages;
-- CASE statement
CREATE FUNCTION pc_case(x int) RETURNS text AS $$
BEGIN
    CASE x
        WHEN 1, 2 THEN RETURN 'small';
        WHEN 3 THEN RETURN 'three';
        ELSE RETURN 'big';
    END CASE;
END;
$$ LANGUAGE plpgsql;
SELECT pc_case(1), pc_case(3), pc_case(9);
-- integer FOR loop bounds are evaluated once; a NULL bound is an error
CREATE FUNCTION pc_null_bound() RETURNS int AS $$
BEGIN
    FOR i IN 1..NULL LOOP
        RETURN i;
    END LOOP;
    RETURN 0;
END;
$$ LANGUAGE plpgsql;
SELECT pc_null_bound();
-- syntax errors in a body are reported at CREATE time
CREATE FUNCTION pc_syntax() RETURNS int AS $$
BEGIN
    IF true THEN
        RETURN 1;
    END;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION pc_syntax2() RETURNS int AS $$
BEGIN
    RETURN 1
END;
$$ LANGUAGE plpgsql;
DROP FUNCTION pc_classify(int), pc_loops(int), pc_labels(), pc_concat(), pc_notice(int), pc_case(int), pc_null_bound();
DROP TABLE pc_rows;
