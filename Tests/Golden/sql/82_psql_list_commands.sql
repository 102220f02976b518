-- psql's list commands themselves (\d, \dt, \di, \dv, \ds, \df with +,
-- \dn+, \l, \du, \dg): citus-sim's REPL sends the same catalog queries
-- psql 15 sends (69_psql_describe_queries runs them as SQL) and prints
-- them under psql's titles; \dn and \dx print what psql prints.
CREATE SCHEMA shop;
CREATE TABLE items (
    id bigint PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    price numeric(10,2) DEFAULT 0 CHECK (price >= 0)
);
CREATE INDEX items_sku_idx ON items (sku);
CREATE TABLE shop.orders (id int PRIMARY KEY, item bigint, qty int);
CREATE TABLE events (id int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE VIEW cheap_items AS SELECT id, sku FROM items WHERE price < 10;
CREATE SEQUENCE order_seq;
COMMENT ON TABLE items IS 'Things for sale';
COMMENT ON SCHEMA shop IS 'The shop';
INSERT INTO items SELECT g, 'sku' || g, g FROM generate_series(1, 500) g;
\d
\d+
\dt
\dt+
\dt ev*
\dt shop.*
\dt *.orders
\dt nosuch
\di
\di+
\di shop.*
\dv
\dv+
\ds
\ds+
\dn
\dn+
\dn sh*
\l
\l nosuch
\du
\du+
\dg
\du nosuch
SET search_path = shop;
\dt
\dt+ orders
RESET search_path;
BEGIN;
CREATE TABLE in_tx (a int);
\dt in_*
ROLLBACK;
\dt in_*
CREATE TABLE tickets (id serial PRIMARY KEY, note text);
\ds
\d order_seq
\d tickets_id_seq
\d *seq
-- \df and \dx
CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE sql AS $$ SELECT i + 1 $$;
CREATE FUNCTION shout(t text, n int DEFAULT 1) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN upper(t); END $$;
CREATE PROCEDURE noop() LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION pairs(n int) RETURNS TABLE (a int, b text) LANGUAGE sql AS $$ SELECT 1, 'x' $$;
CREATE FUNCTION many(n int) RETURNS SETOF int LANGUAGE sql AS $$ SELECT 1 $$;
\df
\df add*
\df nosuch
\dx
\dx plpgsql
\dx nosuch
\df+
CREATE EXTENSION hll;
\dx
\dx h*
\df+ add_one
