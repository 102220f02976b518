-- The system catalogs and information_schema views client tools query,
-- the catalog functions they call, and COMMENT ON. No OID is printed:
-- OIDs are compared across catalogs instead.
CREATE SCHEMA shop;
CREATE TABLE shop.items (
    id bigint PRIMARY KEY,
    sku varchar(20) NOT NULL UNIQUE,
    price numeric(10,2) DEFAULT 0 CHECK (price >= 0),
    qty int DEFAULT 1,
    note text,
    created_at timestamptz DEFAULT now()
);
CREATE INDEX items_created_idx ON shop.items (created_at DESC);
CREATE INDEX items_lower_sku ON shop.items (lower(sku)) WHERE qty > 0;
CREATE TABLE readings (id serial, at date NOT NULL, value float8) PARTITION BY RANGE (at);
CREATE TABLE readings_2024 PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE VIEW shop.cheap AS SELECT id, sku FROM shop.items WHERE price < 10;
CREATE SEQUENCE shop.order_seq START 100 INCREMENT 5;
CREATE FUNCTION shop.add_tax(p numeric, rate numeric DEFAULT 0.2) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS 'SELECT p * (1 + rate)';
CREATE PROCEDURE shop.restock(n int) LANGUAGE sql AS 'SELECT 1';

-- COMMENT ON
COMMENT ON TABLE shop.items IS 'Things for sale';
COMMENT ON COLUMN shop.items.sku IS 'Stock keeping unit';
COMMENT ON INDEX shop.items_created_idx IS 'newest first';
COMMENT ON VIEW shop.cheap IS 'Under ten';
COMMENT ON SEQUENCE shop.order_seq IS 'Order numbers';
COMMENT ON SCHEMA shop IS 'The shop';
COMMENT ON FUNCTION shop.add_tax(numeric, numeric) IS 'Adds tax';
COMMENT ON PROCEDURE shop.restock IS 'Restocks';
COMMENT ON CONSTRAINT items_price_check ON shop.items IS 'No negative prices';
COMMENT ON TABLE readings IS 'Sensor readings';
COMMENT ON COLUMN readings.value IS 'Measured value';
SELECT obj_description('shop.items'::regclass, 'pg_class');
SELECT obj_description('shop.items_created_idx'::regclass, 'pg_class');
SELECT obj_description('shop.cheap'::regclass, 'pg_class');
SELECT obj_description('shop.order_seq'::regclass, 'pg_class');
SELECT col_description('shop.items'::regclass, 2), col_description('shop.items'::regclass, 3);
SELECT n.nspname, obj_description(n.oid, 'pg_namespace') FROM pg_namespace n ORDER BY 1;
SELECT p.proname, obj_description(p.oid, 'pg_proc') FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'shop' ORDER BY 1;
SELECT c.conname, obj_description(c.oid, 'pg_constraint') FROM pg_constraint c
  WHERE c.conrelid = 'shop.items'::regclass ORDER BY 1;
SELECT c.relname, d.objsubid, d.description
  FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
  WHERE d.classoid = 'pg_class'::regclass ORDER BY 1, 2;
COMMENT ON TABLE shop.items IS 'Changed';
COMMENT ON COLUMN shop.items.sku IS NULL;
COMMENT ON INDEX shop.items_created_idx IS '';
SELECT obj_description('shop.items'::regclass, 'pg_class'),
       col_description('shop.items'::regclass, 2),
       obj_description('shop.items_created_idx'::regclass, 'pg_class');
BEGIN;
COMMENT ON TABLE shop.items IS 'Rolled back';
SELECT obj_description('shop.items'::regclass, 'pg_class');
ROLLBACK;
SELECT obj_description('shop.items'::regclass, 'pg_class');
COMMENT ON TABLE shop.nope IS 'x';
COMMENT ON TABLE shop.cheap IS 'x';
COMMENT ON INDEX shop.items IS 'x';
COMMENT ON COLUMN shop.items.nope IS 'x';
COMMENT ON SCHEMA nope IS 'x';
COMMENT ON FUNCTION shop.add_tax(int) IS 'x';
COMMENT ON FUNCTION shop.nope IS 'x';
COMMENT ON CONSTRAINT nope ON shop.items IS 'x';
COMMENT ON EXTENSION nope IS 'x';
COMMENT ON EXTENSION plpgsql IS 'PL/pgSQL procedural language';
CREATE TABLE scratch (a int);
COMMENT ON TABLE scratch IS 'temporary';
DROP TABLE scratch;
SELECT count(*) FROM pg_description d LEFT JOIN pg_class c ON c.oid = d.objoid
  WHERE d.classoid = 'pg_class'::regclass AND c.oid IS NULL;

-- pg_class, pg_namespace and regclass agree on OIDs
SELECT c.relname, c.relkind, c.relnatts, c.relchecks, c.relhasindex, c.relpersistence,
       c.relispartition, c.relhassubclass, c.relam <> 0 AS has_am,
       c.oid = (n.nspname || '.' || c.relname)::regclass AS same_oid
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname IN ('public', 'shop') ORDER BY 1;
SELECT c.relname, am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam
  WHERE c.relnamespace = 'shop'::regnamespace ORDER BY 1;
SELECT relname, pg_get_expr(relpartbound, oid) FROM pg_class WHERE relispartition ORDER BY 1;
SELECT nspname, pg_get_userbyid(nspowner) FROM pg_namespace ORDER BY 1;
SELECT count(*) FROM pg_class c WHERE c.relname IN ('pg_class', 'pg_attribute', 'pg_type')
  AND c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'r';
SELECT 'pg_class'::regclass::oid, 'pg_attribute'::regclass::oid, 'pg_type'::regclass::oid,
       'pg_proc'::regclass::oid, 'pg_namespace'::regclass::oid;
SELECT relname, pg_table_is_visible(oid) FROM pg_class
  WHERE relname IN ('items', 'readings', 'cheap', 'items_pkey') ORDER BY 1;
SET search_path = shop, public;
SELECT relname, pg_table_is_visible(oid) FROM pg_class
  WHERE relname IN ('items', 'readings', 'cheap', 'items_pkey') ORDER BY 1;
SELECT 'items'::regclass, 'cheap'::regclass, 'items_pkey'::regclass, 'order_seq'::regclass;
RESET search_path;
SELECT 'shop.items'::regclass, 'shop.items_pkey'::regclass, 'readings_id_seq'::regclass;

-- pg_attribute, pg_attrdef and format_type
SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       a.atthasdef, a.attlen, a.attstorage, a.attalign, a.attbyval, a.attisdropped
  FROM pg_attribute a WHERE a.attrelid = 'shop.items'::regclass AND a.attnum > 0
  ORDER BY a.attnum;
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) AS default
  FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  WHERE d.adrelid = 'shop.items'::regclass ORDER BY d.adnum;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
  WHERE attrelid = 'shop.cheap'::regclass ORDER BY attnum;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
  WHERE attrelid = 'shop.order_seq'::regclass ORDER BY attnum;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
  WHERE attrelid = 'shop.items_lower_sku'::regclass ORDER BY attnum;
SELECT a.attname, a.attislocal, a.attinhcount FROM pg_attribute a
  WHERE a.attrelid = 'readings_2024'::regclass AND a.attnum > 0 ORDER BY a.attnum;
ALTER TABLE shop.items DROP COLUMN note;
SELECT attnum, attname, attisdropped, atttypid FROM pg_attribute
  WHERE attrelid = 'shop.items'::regclass AND attnum BETWEEN 4 AND 6 ORDER BY attnum;
SELECT format_type('int4'::regtype, -1), format_type('varchar'::regtype, 24),
       format_type('numeric'::regtype, 655366), format_type('timestamptz'::regtype, 3),
       format_type('_text'::regtype, -1), format_type(0, -1), format_type('int8'::regtype, NULL);

-- pg_index, pg_constraint and their functions
SELECT c.relname, i.indnatts, i.indnkeyatts, i.indisunique, i.indisprimary, i.indkey,
       pg_get_indexdef(i.indexrelid) AS def
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE i.indrelid = 'shop.items'::regclass ORDER BY 1;
SELECT pg_get_indexdef('shop.items_lower_sku'::regclass, 1, true),
       pg_get_indexdef('shop.items_pkey'::regclass, 1, true);
SELECT pg_get_expr(i.indpred, i.indrelid, true) FROM pg_index i
  WHERE i.indexrelid = 'shop.items_lower_sku'::regclass;
SELECT conname, contype, conkey, conindid = 'shop.items_pkey'::regclass AS pkey_index,
       pg_get_constraintdef(oid, true) AS def, convalidated, condeferrable
  FROM pg_constraint WHERE conrelid = 'shop.items'::regclass ORDER BY 1;
SELECT inhrelid::regclass, inhparent::regclass, inhseqno FROM pg_inherits;
SELECT partrelid::regclass, partstrat, partnatts, partattrs FROM pg_partitioned_table;
SELECT pg_get_partkeydef('readings'::regclass), pg_get_partkeydef('shop.items'::regclass);
SELECT * FROM pg_partition_ancestors('readings_2024');

-- pg_type and pg_proc
SELECT typname, typlen, typbyval, typtype, typcategory, typalign, typstorage,
       typelem::regtype, typarray::regtype
  FROM pg_type WHERE typname IN ('int4', 'text', 'numeric', '_int4', 'timestamptz', 'bool')
  ORDER BY 1;
SELECT t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
  WHERE a.attrelid = 'shop.items'::regclass AND a.attnum > 0 AND NOT a.attisdropped
  ORDER BY a.attnum;
SELECT p.proname, p.prokind, p.pronargs, p.pronargdefaults, p.proretset, p.provolatile,
       p.proisstrict, l.lanname, pg_get_function_arguments(p.oid) AS args,
       pg_get_function_result(p.oid) AS result, p.prorettype::regtype, p.proargnames,
       p.prosrc
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_language l ON l.oid = p.prolang
  WHERE n.nspname = 'shop' ORDER BY 1;
SELECT proname, pg_function_is_visible(oid) FROM pg_proc
  WHERE pronamespace = 'shop'::regnamespace ORDER BY 1;

-- the system views
SELECT schemaname, tablename, tableowner, tablespace, hasindexes, hasrules, hastriggers
  FROM pg_tables WHERE schemaname IN ('public', 'shop') ORDER BY 1, 2;
SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes
  WHERE schemaname IN ('public', 'shop') ORDER BY 1, 2, 3;
SELECT * FROM pg_sequences ORDER BY 1, 2;
SELECT nextval('shop.order_seq');
SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'shop';
SELECT seqrelid::regclass, seqtypid::regtype, seqstart, seqincrement, seqmax, seqmin, seqcache,
       seqcycle
  FROM pg_sequence ORDER BY 1;
SELECT name, setting, unit, vartype FROM pg_settings
  WHERE name IN ('work_mem', 'search_path', 'enable_seqscan', 'statement_timeout',
                 'DateStyle', 'TimeZone')
  ORDER BY 1;
SET work_mem = '64MB';
SELECT setting, unit FROM pg_settings WHERE name = 'work_mem';
RESET work_mem;
SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,
       rolconnlimit, rolpassword, rolvaliduntil, rolbypassrls
  FROM pg_roles WHERE rolname !~ '^pg_' ORDER BY 1;
SELECT count(*) FROM pg_roles WHERE rolname ~ '^pg_';
SELECT usename, usecreatedb, usesuper, userepl, usebypassrls, passwd FROM pg_user;
SELECT datname, pg_get_userbyid(datdba), pg_encoding_to_char(encoding), datistemplate,
       datallowconn, datconnlimit, datacl
  FROM pg_database ORDER BY 1;
SELECT pg_get_userbyid(10), pg_get_userbyid(6171);
SELECT extname, extversion, n.nspname FROM pg_extension e
  JOIN pg_namespace n ON n.oid = e.extnamespace ORDER BY 1;
SELECT amname, amtype FROM pg_am ORDER BY 1;
SELECT spcname, pg_get_userbyid(spcowner) FROM pg_tablespace ORDER BY 1;
SELECT collname, collprovider FROM pg_collation WHERE oid IN (100, 950, 951) ORDER BY 1;

-- information_schema
SELECT table_catalog, table_schema, table_name, table_type, is_insertable_into, is_typed
  FROM information_schema.tables WHERE table_schema IN ('public', 'shop') ORDER BY 2, 3;
SELECT table_name, column_name, ordinal_position, column_default, is_nullable, data_type,
       character_maximum_length, character_octet_length, numeric_precision,
       numeric_precision_radix, numeric_scale, datetime_precision, udt_name, is_updatable
  FROM information_schema.columns WHERE table_schema = 'shop' ORDER BY 1, 3;
SELECT table_name, column_name, data_type FROM information_schema.columns
  WHERE table_schema = 'public' ORDER BY 1, ordinal_position;
SELECT catalog_name, schema_name, schema_owner FROM information_schema.schemata ORDER BY 2;
SELECT routine_schema, routine_name, routine_type, data_type, routine_body,
       external_language, is_deterministic, routine_definition
  FROM information_schema.routines WHERE routine_schema = 'shop' ORDER BY 2;
SELECT constraint_schema, table_name, constraint_type, is_deferrable, initially_deferred,
       enforced
  FROM information_schema.table_constraints WHERE table_schema = 'shop'
  AND constraint_name NOT LIKE '%not_null' ORDER BY constraint_name;
SELECT count(*) FROM information_schema.table_constraints
  WHERE table_schema = 'shop' AND constraint_name LIKE '%not_null';
SELECT constraint_name, table_name, column_name, ordinal_position
  FROM information_schema.key_column_usage WHERE table_schema = 'shop' ORDER BY 1, 4;

-- dropping objects takes their rows with them
DROP VIEW shop.cheap;
DROP INDEX shop.items_lower_sku;
SELECT relname FROM pg_class WHERE relnamespace = 'shop'::regnamespace ORDER BY 1;
SELECT count(*) FROM pg_index WHERE indrelid = 'shop.items'::regclass;
