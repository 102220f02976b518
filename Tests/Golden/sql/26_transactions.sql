-- Transactions: BEGIN/COMMIT/ROLLBACK, aborted transactions, statement atomicity.
CREATE TABLE tx_t (id int PRIMARY KEY, v text);
BEGIN;
INSERT INTO tx_t VALUES (1, 'committed');
COMMIT;
BEGIN;
INSERT INTO tx_t VALUES (2, 'rolled back');
SELECT count(*) FROM tx_t;
ROLLBACK;
SELECT * FROM tx_t ORDER BY id;
-- an error aborts the transaction until ROLLBACK
BEGIN;
INSERT INTO tx_t VALUES (3, 'lost');
INSERT INTO tx_t VALUES (1, 'duplicate');
SELECT count(*) FROM tx_t;
INSERT INTO tx_t VALUES (4, 'also ignored');
COMMIT;
SELECT * FROM tx_t ORDER BY id;
BEGIN;
SELECT 1 / 0;
SELECT 1;
ROLLBACK;
SELECT 'usable again' AS state;
-- a failed multi-row insert inserts nothing
INSERT INTO tx_t VALUES (10, 'a'), (11, 'b'), (1, 'dup'), (12, 'c');
SELECT count(*) FROM tx_t;
INSERT INTO tx_t VALUES (13, 'x'), (14, 'y'), (15, 1 / 0);
INSERT INTO tx_t VALUES (16, 'x'), ('seventeen', 'y');
SELECT count(*) FROM tx_t;
-- a failed UPDATE changes nothing
INSERT INTO tx_t VALUES (20, 'a'), (21, 'b');
UPDATE tx_t SET id = 21 WHERE id >= 20;
UPDATE tx_t SET v = v || '!' WHERE id >= 20 AND 1 / (id - 21) > -5;
SELECT * FROM tx_t ORDER BY id;
-- DDL is transactional
BEGIN;
CREATE TABLE tx_ddl (a int);
INSERT INTO tx_ddl VALUES (1);
ROLLBACK;
SELECT * FROM tx_ddl;
BEGIN;
DROP TABLE tx_t;
ROLLBACK;
SELECT count(*) FROM tx_t;
BEGIN;
TRUNCATE tx_t;
SELECT count(*) FROM tx_t;
ROLLBACK;
SELECT count(*) FROM tx_t;
BEGIN;
ALTER TABLE tx_t ADD COLUMN extra int DEFAULT 5;
SELECT * FROM tx_t WHERE id = 1;
ROLLBACK;
SELECT * FROM tx_t WHERE id = 1;
-- transaction control outside a transaction and nested BEGIN
COMMIT;
ROLLBACK;
BEGIN;
BEGIN;
COMMIT;
START TRANSACTION;
INSERT INTO tx_t VALUES (30, 'start transaction');
END;
BEGIN WORK;
DELETE FROM tx_t WHERE id = 30;
ABORT;
SELECT id FROM tx_t WHERE id = 30;
BEGIN TRANSACTION;
UPDATE tx_t SET v = 'updated' WHERE id = 30;
COMMIT WORK;
SELECT v FROM tx_t WHERE id = 30;
-- COMMIT of an aborted transaction rolls it back
BEGIN;
INSERT INTO tx_t VALUES (35, 'never');
SELECT nope;
COMMIT;
SELECT count(*) FROM tx_t WHERE id = 35;
SELECT 'after aborted commit' AS state;
-- several statements on one line inside a transaction block
BEGIN; INSERT INTO tx_t VALUES (40, 'x'); INSERT INTO tx_t VALUES (41, 'y'); COMMIT;
BEGIN; INSERT INTO tx_t VALUES (42, 'x'); INSERT INTO tx_t VALUES (40, 'dup'); COMMIT;
SELECT id FROM tx_t WHERE id >= 40 ORDER BY id;
DROP TABLE tx_t;
