-- Row-level locking clauses in one session (concurrent sessions are
-- covered by Tests/EngineTests/RowLockTests.swift): FOR UPDATE, NO KEY
-- UPDATE, SHARE and KEY SHARE with NOWAIT and SKIP LOCKED, the clauses
-- PostgreSQL refuses, and writes after locks within one transaction.
CREATE TABLE rl (id int PRIMARY KEY, v int, note text);
INSERT INTO rl VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c');
SELECT * FROM rl WHERE id = 1 FOR UPDATE;
SELECT id, v FROM rl WHERE v > 10 ORDER BY id FOR NO KEY UPDATE;
SELECT v FROM rl r WHERE r.id = 2 FOR SHARE OF r;
SELECT id FROM rl ORDER BY id DESC LIMIT 1 FOR KEY SHARE;
SELECT * FROM rl WHERE id = 3 FOR UPDATE NOWAIT;
SELECT count(*) FROM (SELECT * FROM rl FOR UPDATE SKIP LOCKED) s;
SELECT 1 AS one FOR UPDATE;
SELECT * FROM rl WHERE false FOR UPDATE;
-- clauses PostgreSQL refuses
SELECT count(*) FROM rl FOR UPDATE;
SELECT DISTINCT v FROM rl FOR SHARE;
SELECT v FROM rl GROUP BY v FOR UPDATE;
SELECT id FROM rl UNION SELECT v FROM rl FOR UPDATE;
SELECT * FROM rl FOR UPDATE OF nosuch;
-- locks, then writes, in one transaction
BEGIN;
SELECT * FROM rl WHERE id = 1 FOR UPDATE;
UPDATE rl SET v = v + 1 WHERE id = 1 RETURNING *;
SELECT * FROM rl WHERE id = 1 FOR SHARE;
SAVEPOINT s;
DELETE FROM rl WHERE id = 2 RETURNING id;
SELECT id FROM rl ORDER BY id FOR UPDATE;
ROLLBACK TO SAVEPOINT s;
SELECT id, v FROM rl ORDER BY id FOR UPDATE;
INSERT INTO rl VALUES (1, 0, 'dup') ON CONFLICT (id) DO UPDATE SET v = rl.v + excluded.v + 100
RETURNING *;
COMMIT;
SELECT * FROM rl ORDER BY id;
-- an error in the block, then the rows are free again
BEGIN;
UPDATE rl SET v = 0 WHERE id = 3;
SELECT 1 / 0;
ROLLBACK;
SELECT * FROM rl WHERE id = 3 FOR UPDATE NOWAIT;
SHOW deadlock_timeout;
SHOW lock_timeout;
DROP TABLE rl;
