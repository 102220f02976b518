-- CREATE TABLE / DROP TABLE: column types, defaults, NOT NULL, CHECK, keys.
CREATE TABLE ct_basic (id int, name text);
CREATE TABLE ct_basic (id int);
CREATE TABLE IF NOT EXISTS ct_basic (id int);
SELECT * FROM ct_basic;
CREATE TABLE ct_defaults (
    id int NOT NULL,
    label text DEFAULT 'none',
    qty integer DEFAULT 1 + 1,
    created timestamptz DEFAULT '2024-01-05 10:00+00',
    flag boolean DEFAULT true,
    price numeric(8,2) DEFAULT 9.999,
    code varchar(4) DEFAULT 'ab',
    nothing int DEFAULT NULL
);
INSERT INTO ct_defaults (id) VALUES (1);
INSERT INTO ct_defaults VALUES (2, 'two', 5, '2024-01-06+00', false, 1.5, 'cd', 7);
INSERT INTO ct_defaults (id, label) VALUES (3, DEFAULT);
SELECT * FROM ct_defaults ORDER BY id;
CREATE TABLE ct_keys (
    a int PRIMARY KEY,
    b text UNIQUE,
    c int CHECK (c > 0),
    d int,
    CONSTRAINT d_small CHECK (d < 100)
);
INSERT INTO ct_keys VALUES (1, 'x', 1, 1), (2, 'y', 2, 99), (3, NULL, NULL, NULL), (4, NULL, 5, NULL);
SELECT * FROM ct_keys ORDER BY a;
CREATE TABLE ct_composite (
    site_id int,
    ts timestamptz,
    country text,
    PRIMARY KEY (site_id, ts, country),
    UNIQUE (country, site_id)
);
INSERT INTO ct_composite VALUES (1, '2024-01-05+00', 'USA'), (2, '2024-01-05+00', 'USA');
SELECT * FROM ct_composite ORDER BY site_id;
CREATE TABLE ct_two_pk (a int PRIMARY KEY, b int PRIMARY KEY);
CREATE TABLE ct_bad_type (a no_such_type);
CREATE TABLE ct_dup_col (a int, a text);
CREATE TABLE ct_bad_default (a int DEFAULT 'abc');
CREATE TABLE ct_bad_check (a int CHECK (a));
CREATE TABLE ct_check_col (a int CHECK (b > 0));
CREATE TABLE ct_pk_missing (a int, PRIMARY KEY (b));
CREATE TABLE ct_empty ();
SELECT * FROM ct_empty;
CREATE TABLE "CT Quoted" ("Weird Col" int DEFAULT 42, other int);
INSERT INTO "CT Quoted" (other) VALUES (1);
SELECT "Weird Col", other FROM "CT Quoted";
CREATE TABLE ct_types (
    a smallint, b integer, c bigint, d int2, e int4, f int8,
    g real, h double precision, i float8, j float4, k numeric, l numeric(10,2), m decimal(5),
    n text, o varchar(10), p character varying(3),
    q boolean, r date, s timestamp, t timestamptz, u timestamp with time zone,
    v timestamp without time zone, w interval, x inet, y text[], z int[]
);
INSERT INTO ct_types VALUES (1, 2, 3, 4, 5, 6, 1.5, 2.5, 3.5, 4.5, 1.25, 2.255, 12345.6,
    't', 'varchar', 'abc', true, '2024-01-05', '2024-01-05 10:00', '2024-01-05 10:00+00',
    '2024-01-05 10:00+00', '2024-01-05 10:00', '1 hour', '1.2.3.4', '{a,b}', '{1,2}');
SELECT * FROM ct_types;
DROP TABLE ct_basic, ct_defaults;
DROP TABLE ct_basic;
DROP TABLE IF EXISTS ct_basic;
DROP TABLE IF EXISTS ct_basic, ct_keys;
DROP TABLE ct_composite, ct_empty, "CT Quoted", ct_types;
SELECT * FROM ct_keys;
