-- The hll objects exist only once CREATE EXTENSION hll has made them (topn,
-- which the recording server lacks, is as if never created).
SELECT hll_hash_text('a');
SELECT hll_empty();
SELECT topn_add_agg('a');
SELECT topn_add_agg(x) FROM (VALUES ('a')) v(x);
SELECT '\x'::hll;
CREATE TABLE th (h hll);
SELECT hll_cardinality(hll_add_agg(hll_hash_integer(1)));
CREATE EXTENSION hll;
SELECT hll_hash_text('a');
SELECT hll_cardinality(hll_add_agg(hll_hash_integer(1)));
CREATE TABLE th (h hll);
DROP TABLE th;
SELECT topn_add_agg(x) FROM (VALUES ('a')) v(x);
DROP TABLE IF EXISTS th;
