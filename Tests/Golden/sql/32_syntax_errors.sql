-- Syntax errors: PostgreSQL's message, LINE n of multi-line statements and the caret.
SELEC 1;
SELECT 1 2;
SELECT FROM WHERE;
-- a semicolon inside parentheses does not end the statement for psql
SELECT (1 + 2;
SELECT 1 + 2);
SELECT 'a' 'b';
SELECT a,
       b,
       FROM t;
SELECT site_id,
    count(*)
FROM http_request
GROUP site_id;
CREATE TABLE se_t (
    a int,
    b text,
);
CREATE TABLE se_t2 (
    a int
    b text
);
INSERT INTO se_t VALUES (1,
    2,,
    3);
INSERT INTO VALUES (1);
UPDATE SET a = 1;
DELETE se_t WHERE a = 1;
SELECT * FROM se_t WHERE;
SELECT * FROM se_t ORDER;
SELECT * FROM se_t LIMIT;
SELECT CASE WHEN true THEN 1;
SELECT CASE END;
SELECT 1::;
SELECT CAST(1 AS);
SELECT interval;
SELECT ARRAY[1, 2;
SELECT count(*) FILTER;
SELECT 1 FROM (SELECT 2) AS;
CREATE TABLE se_p (a int) PARTITION BY HASH;
CREATE TABLE se_p (a int) PARTITION BY RANGE a;
CREATE TABLE se_c PARTITION OF se_p FOR VALUES FROM 1 TO 2;
CREATE FUNCTION se_f() RETURNS int AS $$ BEGIN RETURN 1; END; $$;
CREATE FUNCTION se_f() AS $$ SELECT 1 $$ LANGUAGE sql;
BEGIN TRANSACTION ISOLATION;
SET = 1;
SHOW;
DROP;
DROP TABLE;
ALTER TABLE se_t ADD;
TRUNCATE;
-- errors near the end of long lines are shown with ... around the caret
SELECT 1111111111, 2222222222, 3333333333, 4444444444, 5555555555, 6666666666 7777777777, 8888888888;
SELECT 1 AS aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bad;
SELECT 'a long string literal that goes on and on and on and on and on and on and on' || nope;
-- tabs and multibyte characters before the error position
SELECT	'tab',	'é', 'ü'	FROMM x;
SELECT 'ünïcödé' AS u,
	'more' bad words;
-- keywords as identifiers
SELECT 1 AS select;
SELECT 1 AS "select";
SELECT 1 AS year, 2 AS minute, 3 AS value, 4 AS text;
CREATE TABLE se_kw (minute timestamptz, value int, text text, year int);
SELECT minute, value, text, year FROM se_kw;
DROP TABLE se_kw;
CREATE TABLE select (a int);
CREATE TABLE se_kw2 (table int);
-- an error on the last line of a multi-line statement
SELECT 1
  +
  ;
-- comments inside statements keep line numbers right
SELECT 1, -- first
       /* second */ 2,
       3 4;
SELECT 'ok' AS after_errors;
