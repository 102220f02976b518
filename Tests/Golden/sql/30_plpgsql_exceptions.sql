-- RAISE EXCEPTION, EXCEPTION blocks, SQLERRM/SQLSTATE and subtransaction rollback.
CREATE TABLE pe_t (id int PRIMARY KEY, v text);
CREATE FUNCTION pe_fail(msg text) RETURNS int AS $$
BEGIN
    RAISE EXCEPTION 'failed: %', msg;
END;
$$ LANGUAGE plpgsql;
SELECT pe_fail('boom');
CREATE FUNCTION pe_hint() RETURNS int AS $$
BEGIN
    RAISE EXCEPTION 'with extras' USING DETAIL = 'some detail', HINT = 'some hint', ERRCODE = '22012';
END;
$$ LANGUAGE plpgsql;
SELECT pe_hint();
CREATE FUNCTION pe_catch(a int, b int) RETURNS text AS $$
BEGIN
    RETURN (a / b)::text;
EXCEPTION
    WHEN division_by_zero THEN
        RETURN 'caught: ' || SQLERRM || ' (' || SQLSTATE || ')';
END;
$$ LANGUAGE plpgsql;
SELECT pe_catch(6, 3), pe_catch(1, 0);
CREATE FUNCTION pe_insert(k int) RETURNS text AS $$
BEGIN
    INSERT INTO pe_t VALUES (k, 'first');
    INSERT INTO pe_t VALUES (k, 'second');
    RETURN 'inserted';
EXCEPTION
    WHEN unique_violation THEN
        RETURN 'duplicate rolled back: ' || SQLERRM;
END;
$$ LANGUAGE plpgsql;
SELECT pe_insert(1);
SELECT count(*) FROM pe_t;
CREATE FUNCTION pe_others() RETURNS text AS $$
DECLARE
    n int;
BEGIN
    BEGIN
        n := 'not a number';
    EXCEPTION WHEN others THEN
        RAISE NOTICE 'inner handler: %', SQLERRM;
        n := -1;
    END;
    BEGIN
        PERFORM pe_fail('nested');
    EXCEPTION WHEN raise_exception THEN
        RAISE NOTICE 'caught raise: %', SQLERRM;
    END;
    RETURN 'n=' || n;
END;
$$ LANGUAGE plpgsql;
SELECT pe_others();
-- an unhandled error propagates and the handler list is searched in order
CREATE FUNCTION pe_unhandled() RETURNS int AS $$
BEGIN
    RETURN 1 / 0;
EXCEPTION
    WHEN unique_violation THEN
        RETURN -1;
END;
$$ LANGUAGE plpgsql;
SELECT pe_unhandled();
CREATE FUNCTION pe_reraise() RETURNS int AS $$
BEGIN
    RETURN 1 / 0;
EXCEPTION
    WHEN division_by_zero OR unique_violation THEN
        RAISE NOTICE 'about to re-raise';
        RAISE;
END;
$$ LANGUAGE plpgsql;
SELECT pe_reraise();
-- an error inside a function aborts the caller's statement atomically
CREATE FUNCTION pe_partial() RETURNS void AS $$
BEGIN
    INSERT INTO pe_t VALUES (100, 'kept?');
    INSERT INTO pe_t VALUES (100, 'dup');
END;
$$ LANGUAGE plpgsql;
SELECT pe_partial();
SELECT count(*) FROM pe_t WHERE id = 100;
BEGIN;
SELECT pe_partial();
SELECT 1;
ROLLBACK;
-- errors raised by SQL statements inside functions carry a CONTEXT
CREATE FUNCTION pe_check() RETURNS void AS $$
BEGIN
    INSERT INTO pe_t VALUES (NULL, 'null key');
END;
$$ LANGUAGE plpgsql;
SELECT pe_check();
CREATE FUNCTION pe_sqlstate() RETURNS text AS $$
BEGIN
    INSERT INTO pe_t VALUES (NULL, 'x');
    RETURN 'no';
EXCEPTION WHEN not_null_violation THEN
    RETURN SQLSTATE;
END;
$$ LANGUAGE plpgsql;
SELECT pe_sqlstate();
CREATE FUNCTION pe_bad_condition() RETURNS int AS $$
BEGIN
    RETURN 1;
EXCEPTION WHEN no_such_condition THEN
    RETURN 2;
END;
$$ LANGUAGE plpgsql;
DROP FUNCTION pe_fail(text), pe_hint(), pe_catch(int, int), pe_insert(int), pe_others(), pe_unhandled(), pe_reraise(), pe_partial(), pe_check(), pe_sqlstate();
DROP TABLE pe_t;
