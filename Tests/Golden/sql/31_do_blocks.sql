-- DO blocks: anonymous PL/pgSQL, loops that insert, COMMIT and ROLLBACK inside DO.
CREATE TABLE do_t (i int, sq int);
DO $$
BEGIN
    FOR i IN 1..5 LOOP
        INSERT INTO do_t VALUES (i, i * i);
    END LOOP;
END $$;
SELECT * FROM do_t ORDER BY i;
DO $$
DECLARE
    total int;
BEGIN
    SELECT sum(sq) INTO total FROM do_t;
    RAISE NOTICE 'sum of squares: %', total;
END
$$;
DO LANGUAGE plpgsql $body$
BEGIN
    RAISE NOTICE 'language first';
END
$body$;
DO $$ BEGIN RAISE NOTICE 'one line'; END $$;
-- COMMIT inside a DO block keeps earlier work even if a later step fails
TRUNCATE do_t;
DO $$
BEGIN
    FOR i IN 1..3 LOOP
        INSERT INTO do_t VALUES (i, 0);
        COMMIT;
    END LOOP;
    INSERT INTO do_t VALUES (4, 0);
    ROLLBACK;
    INSERT INTO do_t VALUES (5, 1 / 0);
END $$;
SELECT i FROM do_t ORDER BY i;
-- without COMMIT the whole block is one statement
DO $$
BEGIN
    INSERT INTO do_t VALUES (10, 0);
    RAISE EXCEPTION 'abort the block';
END $$;
SELECT count(*) FROM do_t WHERE i = 10;
-- COMMIT is not allowed when the DO runs inside a transaction block
BEGIN;
DO $$
BEGIN
    INSERT INTO do_t VALUES (20, 0);
    COMMIT;
END $$;
ROLLBACK;
SELECT count(*) FROM do_t WHERE i = 20;
-- a loop that counts with WHILE and EXIT
DO $$
DECLARE
    n int := 0;
BEGIN
    WHILE true LOOP
        n := n + 1;
        EXIT WHEN n >= 100;
    END LOOP;
    RAISE NOTICE 'looped % times', n;
END $$;
DO $$
BEGIN
    PERFORM pg_sleep(0);
    RAISE NOTICE 'after perform';
END $$;
DO $$ BEGIN RETURN; END $$;
DO $$ DECLARE x int := 'bad'; BEGIN NULL; END $$;
DO $$ BEGIN SELECT 1; END $$;
DO $$ BEGIN INSERT INTO nowhere VALUES (1); END $$;
DO $$ BEGIN
    INSERT INTO do_t VALUES (30, 1);
END $$ LANGUAGE sql;
DROP TABLE do_t;
