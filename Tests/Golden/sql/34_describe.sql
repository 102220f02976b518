-- psql's describe commands (\d, \dt, \di, \dn, \df, \d NAME) on the lab's
-- tables, created with plain DDL and explicit daily partitions.

-- An empty database: quiet mode prints the empty lists.
\d
\dt
\dt http*
\dn
\df
\set QUIET off
\d
\dt
\dt http*
\d nosuch
\set QUIET on

-- Lab 3's tables.
CREATE TABLE http_request (
site_id INT,
ingest_time TIMESTAMPTZ DEFAULT now(),

url TEXT,
request_country TEXT,
ip_address TEXT,

status_code INT,
response_time_msec INT
) PARTITION BY RANGE (ingest_time);
CREATE TABLE http_request_p20240101 PARTITION OF http_request
    FOR VALUES FROM ('2024-01-01') TO ('2024-01-02');
CREATE TABLE http_request_p20240102 PARTITION OF http_request
    FOR VALUES FROM ('2024-01-02') TO ('2024-01-03');
CREATE TABLE http_request_default PARTITION OF http_request DEFAULT;

CREATE TABLE http_request_1min (
site_id INT,
ingest_time TIMESTAMPTZ, -- which minute this row represents
request_country TEXT,

error_count INT,
success_count INT,
request_count INT,
sum_response_time_msec INT,
CHECK (request_count = error_count + success_count),
CHECK (ingest_time = date_trunc('minute', ingest_time)),
PRIMARY KEY (site_id, ingest_time,request_country)
);

CREATE TABLE latest_rollup (
minute timestamptz PRIMARY KEY,

CHECK (minute = date_trunc('minute', minute))
);

\d
\dt
\dt http*
\dt HTTP_REQUEST
\dt "http_request_1min"
\dt public.latest*
\dt *.latest_rollup
\dt latest_rollup;
\di
\dv
\d http_request
\d http_request_p20240101
\d http_request_default
\d http_request_1min
\d latest_rollup
\d latest_rollup_pkey
\d latest*
\set QUIET off
\dt nosuch*
\d nosuch
\d public.nosuch
\dv
\set QUIET on

-- Schemas.
\dn
CREATE SCHEMA reporting;
CREATE TABLE reporting.daily (day date PRIMARY KEY, total bigint DEFAULT 0 NOT NULL);
\dn
\dn rep*
\dn nosuch
\dt
\dt reporting.*
\d reporting.daily
\d daily
\dn a.b

-- Functions.
CREATE FUNCTION rollup_http_request() RETURNS void AS $$
BEGIN
    UPDATE latest_rollup SET minute = date_trunc('minute', now());
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION add_counts(a int, b int DEFAULT 1) RETURNS int
    AS 'SELECT a + b' LANGUAGE sql;
CREATE FUNCTION add_counts(a text, VARIADIC b text[]) RETURNS text
    AS 'SELECT a' LANGUAGE sql;
CREATE FUNCTION counts_since(since timestamptz DEFAULT now(), step interval DEFAULT '1 hour')
    RETURNS SETOF int AS 'SELECT 1' LANGUAGE sql;
CREATE FUNCTION reporting.total(day date, OUT n bigint, INOUT label text)
    AS 'SELECT 1::bigint, ''x''' LANGUAGE sql;
CREATE PROCEDURE reset_rollup(since timestamptz)
    AS $$ BEGIN UPDATE latest_rollup SET minute = since; END; $$ LANGUAGE plpgsql;
\df
\df add*
\df reporting.*
\df nosuch

-- Defaults and checks as pg_get_expr and pg_get_constraintdef print them.
CREATE TABLE shapes (
    id bigint PRIMARY KEY,
    code text DEFAULT 'x' UNIQUE,
    label varchar(10) DEFAULT 'none',
    price numeric(10,2) DEFAULT 1.5,
    qty int DEFAULT -1 NOT NULL,
    big bigint DEFAULT 10000000000,
    ratio double precision DEFAULT random() * 100,
    seen timestamptz DEFAULT '2024-01-01',
    span interval DEFAULT interval '5 minutes',
    made timestamptz DEFAULT now() - interval '1 day',
    tag text DEFAULT md5(random()::text),
    flag boolean DEFAULT true,
    nothing int DEFAULT NULL,
    sum3 bigint DEFAULT 1 + 2,
    CHECK (qty > 0 AND price > 0),
    CHECK (qty IN (1, 2, 3)),
    CHECK (code IN ('a', 'b') OR code IS NULL),
    CHECK (label LIKE 'n%'),
    CHECK (qty BETWEEN 1 AND 10),
    CHECK (NOT (qty = 5)),
    CHECK (qty - 1 - qty < 0),
    CHECK (qty * (big + 1) > 0),
    CHECK (seen > '2020-01-01' AND seen < now() + interval '1 day'),
    CHECK (round(qty) > 0),
    CHECK (coalesce(qty, 0) >= 0),
    CHECK (CASE WHEN qty > 1 THEN flag ELSE NOT flag END),
    CHECK (ratio::int <> 7),
    CHECK (qty IS DISTINCT FROM 4)
);
\d shapes
\d shapes_code_key

-- A partitioned table with keys, list and multi-column range partitions.
CREATE TABLE events (id bigint, kind text, at timestamptz NOT NULL, v int CHECK (v > 0),
    PRIMARY KEY (id, at), UNIQUE (kind, at)) PARTITION BY RANGE (at);
CREATE TABLE events_old PARTITION OF events FOR VALUES FROM (MINVALUE) TO ('2024-01-01');
CREATE TABLE events_new PARTITION OF events FOR VALUES FROM ('2024-01-01') TO (MAXVALUE);
\d events
\d events_old
\d events_pkey
\d events_old_pkey
\di events*
CREATE TABLE by_kind (k text, n int) PARTITION BY LIST (k);
CREATE TABLE by_kind_ab PARTITION OF by_kind FOR VALUES IN ('a', 'b');
CREATE TABLE by_kind_null PARTITION OF by_kind FOR VALUES IN (NULL);
CREATE TABLE by_kind_c PARTITION OF by_kind FOR VALUES IN ('c') PARTITION BY RANGE (n);
CREATE TABLE by_kind_c_1 PARTITION OF by_kind_c FOR VALUES FROM (-5) TO (10);
CREATE TABLE no_parts (a int) PARTITION BY LIST (a);
\d by_kind
\d by_kind_ab
\d by_kind_null
\d by_kind_c
\d by_kind_c_1
\d no_parts
CREATE TABLE "Odd Name" ("Col A" int PRIMARY KEY, "select" text UNIQUE);
\d "Odd Name"
\dt "Odd*"
\dt odd*

-- Inside a transaction the session sees its own DDL; an aborted one
-- refuses, as every catalog query does.
BEGIN;
CREATE TABLE scratch (a int);
\dt scratch
SELECT 1/0;
\d scratch
\dt
ROLLBACK;
\dt scratch

-- Print settings apply to describe output too.
\x on
\d latest_rollup
\dt latest*
\x off
\pset format unaligned
\d http_request_1min
\dn
\pset format aligned
\pset footer off
\dt http_request*
\pset footer on
\pset border 2
\d latest_rollup
\pset border 1
\d latest_rollup extra
\dt latest_rollup extra
