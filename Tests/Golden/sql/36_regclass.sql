-- regclass input (names, quotes, schemas, OIDs) and output, and its casts.
CREATE TABLE t (r regclass, c "char", n name);
INSERT INTO t VALUES ('t', 'h', 'x'), ('"t"', 'a', 'y'), ('public.t', 'b', 'z');
SELECT * FROM t;
INSERT INTO t VALUES ('nope', 'h', 'x');
INSERT INTO t VALUES ('nope.t', 'h', 'x');
SELECT 't'::regclass, 'public.t'::regclass = 't'::regclass;
CREATE SCHEMA s2; CREATE TABLE s2.t (a int);
SELECT 's2.t'::regclass;
SELECT 's2.t'::regclass::oid = 's2.t'::regclass, 'x.y.z'::regclass;
SET search_path = s2; SELECT 'public.t'::regclass, 's2.t'::regclass;
