-- PostgreSQL's standard hash functions, which hash partitioning and Citus'
-- shard placement rely on: every width of input to hash_bytes' tail.
SELECT s, hashint4(s), hashint8(s::int8), hashint2((s % 30000)::int2) FROM (VALUES (0),(1),(-1),(2147483647),(-2147483648),(12345),(-98765),(40)) v(s);
SELECT hashint8(v) FROM (VALUES (0::int8),(-1),(9223372036854775807),(-9223372036854775808),(4294967296),(-4294967297),(123456789012)) t(v);
SELECT t, hashtext(t) FROM (VALUES (''),('a'),('ab'),('abc'),('abcd'),('abcde'),('abcdef'),('abcdefg'),('abcdefgh'),('abcdefghi'),('abcdefghij'),('abcdefghijk'),('abcdefghijkl'),('abcdefghijklm'),('USA'),('China'),('http://example.com/0123456789abcdef0123456789abcdef'),('héllo wörld ünïcode')) v(t);
SELECT hashfloat8(x), hashfloat4(x::float4) FROM (VALUES (0.0::float8),(-0.0),(1.5),(-2.25),(1e300),('NaN'),('Infinity'),(0.1)) v(x);
SELECT n, hash_numeric(n) FROM (VALUES (0::numeric),(0.000),(1),(-1),(1.0),(10000),(12345.6789),(0.0001),(0.00012),(123456789012345678901234567890.123),(-5.5),(100000000),('NaN')) v(n);
SELECT hashbpchar('ab  '::bpchar), hashbpchar('ab'::bpchar), hashbpchar(''::bpchar);
SELECT interval_hash(i) FROM (VALUES (interval '0'),(interval '1 day'),(interval '1 mon'),(interval '30 days'),(interval '1 year 2 mons 3 days 04:05:06.789'),(interval '-5 minutes')) v(i);
SELECT timestamp_hash('2026-12-04 10:00:00'::timestamp), hashinet('10.0.0.1'::inet), hashinet('192.168.1.0/24'), hashinet('::1'), hashinet('fe80::1/64');
