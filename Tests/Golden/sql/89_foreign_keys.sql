-- Foreign keys between local tables: REFERENCES and FOREIGN KEY with
-- PostgreSQL's names, ON DELETE / ON UPDATE NO ACTION, RESTRICT, CASCADE
-- and SET NULL, MATCH SIMPLE (a NULL key is not checked), self and
-- multi-column references, ALTER TABLE ADD FOREIGN KEY over existing
-- rows, \d's footers, TRUNCATE and DROP TABLE, and the errors
CREATE TABLE p (id int PRIMARY KEY, name text);
CREATE TABLE c (cid int PRIMARY KEY, pid int REFERENCES p(id) ON DELETE CASCADE, note text);
CREATE TABLE r (rid int, pid int REFERENCES p ON DELETE RESTRICT);
CREATE TABLE n (nid int, pid int, FOREIGN KEY (pid) REFERENCES p (id) ON DELETE SET NULL ON UPDATE CASCADE);
CREATE TABLE na (x int, CONSTRAINT na_to_p FOREIGN KEY (x) REFERENCES p);
INSERT INTO p VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd');
INSERT INTO c VALUES (10, 1, 'x'), (11, 1, 'y'), (12, 2, 'z'), (13, NULL, 'w');
INSERT INTO c VALUES (14, 5, 'bad');
INSERT INTO c VALUES (15, 4, 'ok'), (16, 6, 'bad');
SELECT count(*) FROM c;
INSERT INTO c SELECT 17, id, 'sel' FROM p WHERE id = 3;
INSERT INTO c SELECT 18, 9, 'sel';
INSERT INTO r VALUES (100, 3);
INSERT INTO n VALUES (1000, 2), (1001, 1);
INSERT INTO na VALUES (4), (NULL);
DELETE FROM p WHERE id = 1;
SELECT * FROM c ORDER BY cid;
SELECT * FROM n ORDER BY nid;
DELETE FROM p WHERE id = 3;
UPDATE p SET id = 20 WHERE id = 2;
SELECT * FROM n ORDER BY nid;
SELECT * FROM c ORDER BY cid;
UPDATE p SET name = 'B' WHERE id = 20;
UPDATE p SET id = 40 WHERE id = 4;
UPDATE c SET pid = 9 WHERE cid = 12;
UPDATE c SET pid = 20 WHERE cid = 12;
UPDATE c SET note = 'still 2' WHERE cid = 12;
SELECT * FROM c ORDER BY cid;
DELETE FROM r;
DELETE FROM p WHERE id = 3;
SELECT * FROM p ORDER BY id;
SELECT * FROM c ORDER BY cid;
-- a self reference and a chain of cascades
CREATE TABLE tree (id int PRIMARY KEY, parent int REFERENCES tree ON DELETE CASCADE);
INSERT INTO tree VALUES (1, NULL), (2, 1), (3, 2), (4, 1), (5, NULL);
INSERT INTO tree VALUES (6, 6);
INSERT INTO tree VALUES (7, 8);
DELETE FROM tree WHERE id = 1;
SELECT * FROM tree ORDER BY id;
CREATE TABLE g1 (id int PRIMARY KEY);
CREATE TABLE g2 (id int PRIMARY KEY, g1 int REFERENCES g1 ON DELETE CASCADE);
CREATE TABLE g3 (id int, g2 int REFERENCES g2 ON DELETE CASCADE);
CREATE TABLE g4 (g3 int, g2 int REFERENCES g2);
INSERT INTO g1 VALUES (1), (2);
INSERT INTO g2 VALUES (10, 1), (20, 2);
INSERT INTO g3 VALUES (100, 10), (200, 20);
DELETE FROM g1 WHERE id = 1;
SELECT * FROM g2 ORDER BY id;
SELECT * FROM g3 ORDER BY id;
INSERT INTO g4 VALUES (1, 20);
DELETE FROM g1 WHERE id = 2;
SELECT count(*) FROM g2;
-- multi-column keys
CREATE TABLE q (a int, b text, PRIMARY KEY (a, b));
CREATE TABLE q2 (x text, y int, FOREIGN KEY (y, x) REFERENCES q (a, b) ON UPDATE CASCADE);
INSERT INTO q VALUES (1, 'one'), (2, 'two');
INSERT INTO q2 VALUES ('one', 1), (NULL, 2), ('two', NULL);
INSERT INTO q2 VALUES ('two', 1);
UPDATE q SET b = 'uno' WHERE a = 1;
SELECT * FROM q2 ORDER BY y, x;
-- ALTER TABLE ADD FOREIGN KEY checks the rows there
CREATE TABLE later (x int, y int);
INSERT INTO later VALUES (20, 1), (7, 2);
ALTER TABLE later ADD CONSTRAINT later_fk FOREIGN KEY (x) REFERENCES p (id);
DELETE FROM later WHERE x = 7;
ALTER TABLE later ADD FOREIGN KEY (x) REFERENCES p (id) ON DELETE CASCADE;
DELETE FROM p WHERE id = 20;
SELECT * FROM later;
\d c
\d p
\d n
TRUNCATE p;
TRUNCATE p, c, n, na, later;
TRUNCATE p CASCADE;
DROP TABLE p;
DROP TABLE p, c, n, na, later, r;
CREATE TABLE p3 (id int PRIMARY KEY);
CREATE TABLE c3 (x int REFERENCES p3);
DROP TABLE p3 CASCADE;
INSERT INTO c3 VALUES (99);
\d c3
BEGIN;
CREATE TABLE tp (id int PRIMARY KEY);
CREATE TABLE tc (x int REFERENCES tp);
INSERT INTO tc VALUES (1);
ROLLBACK;
-- errors
CREATE TABLE bad1 (x int REFERENCES nosuch);
CREATE TABLE bad2 (x int REFERENCES tree (parent));
CREATE TABLE bad3 (x text REFERENCES tree);
CREATE TABLE bad4 (x int, y int, FOREIGN KEY (x, y) REFERENCES tree (id));
CREATE TABLE bad5 (x int, FOREIGN KEY (zz) REFERENCES tree);
CREATE TABLE bad6 (x int REFERENCES tree (zz));
CREATE TABLE nopk (a int);
CREATE TABLE bad7 (x int REFERENCES nopk);
-- dropping what a foreign key uses
CREATE TABLE dp (id int PRIMARY KEY, k int UNIQUE, v text);
CREATE TABLE dc (cid int, pid int REFERENCES dp, pk int REFERENCES dp (k));
CREATE TABLE dc2 (pid int REFERENCES dp);
CREATE VIEW dpv AS SELECT id FROM dp;
ALTER TABLE dp DROP COLUMN id;
ALTER TABLE dp DROP CONSTRAINT dp_pkey;
ALTER TABLE dp DROP CONSTRAINT dp_k_key;
ALTER TABLE dc DROP COLUMN pid;
\d dc
ALTER TABLE dp DROP COLUMN id CASCADE;
\d dc2
INSERT INTO dc2 VALUES (12345);
ALTER TABLE dp DROP CONSTRAINT dp_k_key CASCADE;
\d dc
INSERT INTO dc VALUES (1, 777);
CREATE TABLE dt (id int PRIMARY KEY, parent int REFERENCES dt);
ALTER TABLE dt DROP COLUMN id;
ALTER TABLE dt DROP CONSTRAINT dt_pkey;
ALTER TABLE dt DROP COLUMN parent;
\d dt
CREATE TABLE du (a int PRIMARY KEY, b int UNIQUE);
CREATE TABLE dw (x int REFERENCES du (b), y int REFERENCES du (b));
ALTER TABLE du DROP COLUMN b;
ALTER TABLE du DROP COLUMN b CASCADE;
\d dw
CREATE TABLE dq (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE dr (x int, y int, FOREIGN KEY (x, y) REFERENCES dq);
ALTER TABLE dr DROP COLUMN y;
\d dr
CREATE TABLE di (id int, k int);
CREATE UNIQUE INDEX di_k_idx ON di (k);
CREATE TABLE dj (x int REFERENCES di (k));
DROP INDEX di_k_idx;
DROP INDEX di_k_idx CASCADE;
\d dj
INSERT INTO dj VALUES (5);
-- ADD COLUMN .. REFERENCES
CREATE TABLE ap (id int PRIMARY KEY);
INSERT INTO ap VALUES (1), (2);
CREATE TABLE ac (n int);
INSERT INTO ac VALUES (10), (20);
ALTER TABLE ac ADD COLUMN pid int REFERENCES ap;
ALTER TABLE ac ADD COLUMN q int DEFAULT 7 REFERENCES ap;
ALTER TABLE ac ADD COLUMN r int DEFAULT 2 CONSTRAINT ac_r_ref REFERENCES ap ON DELETE CASCADE;
\d ac
INSERT INTO ac VALUES (30, 3);
DELETE FROM ap WHERE id = 2;
SELECT * FROM ac;
ALTER TABLE ac ADD COLUMN s int REFERENCES nosuch;
ALTER TABLE ac ADD COLUMN s text REFERENCES ap;
-- the catalogs describe foreign keys
SELECT conname, contype, conrelid::regclass, confrelid::regclass, conindid::regclass,
       confupdtype, confdeltype, confmatchtype, conkey, confkey, condeferrable, connoinherit
FROM pg_constraint WHERE contype = 'f' ORDER BY conrelid::regclass::text, conname;
SELECT conname, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true)
FROM pg_constraint WHERE contype = 'f' ORDER BY conrelid::regclass::text, conname;
SELECT constraint_name, table_name, constraint_type FROM information_schema.table_constraints
WHERE constraint_type = 'FOREIGN KEY' ORDER BY table_name, constraint_name;
SELECT constraint_name, table_name, column_name, ordinal_position, position_in_unique_constraint
FROM information_schema.key_column_usage WHERE table_schema = 'public'
ORDER BY table_name, constraint_name, ordinal_position;
