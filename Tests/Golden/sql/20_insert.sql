-- INSERT: multi-row VALUES, DEFAULT, column lists, INSERT .. SELECT, RETURNING, casts.
CREATE TABLE ins_t (id int, name text DEFAULT 'anon', score numeric(5,1), at timestamptz DEFAULT '2024-01-05+00');
INSERT INTO ins_t VALUES (1, 'a', 1.25, '2024-01-01+00');
INSERT INTO ins_t VALUES (2, 'b', 2), (3, 'c', 3.05), (4, DEFAULT, DEFAULT);
INSERT INTO ins_t (id) VALUES (5);
INSERT INTO ins_t (score, id) VALUES (9.99, 6);
INSERT INTO ins_t DEFAULT VALUES;
SELECT * FROM ins_t ORDER BY id NULLS FIRST;
INSERT INTO ins_t VALUES (7, 'x', 1, '2024-01-05+00', 'extra');
INSERT INTO ins_t (id, name) VALUES (8);
INSERT INTO ins_t (id) VALUES (9, 'too many');
INSERT INTO ins_t (id, nope) VALUES (10, 1);
INSERT INTO ins_t (id, id) VALUES (11, 12);
INSERT INTO ins_t VALUES ('twelve');
INSERT INTO ins_t VALUES (13, 'ok'), (14, 'ok', 'bad');
INSERT INTO ins_t VALUES (15, 'ok', 12345.6);
INSERT INTO no_such_table VALUES (1);
INSERT INTO ins_t (id, name) VALUES (16, 16), (17, true::text), (18.4, 'rounded id');
SELECT id, name FROM ins_t WHERE id >= 16 ORDER BY id;
-- RETURNING
INSERT INTO ins_t (id, name) VALUES (20, 'r') RETURNING *;
INSERT INTO ins_t (id, name) VALUES (21, 's'), (22, 't') RETURNING id, upper(name) AS up, score IS NULL AS no_score;
INSERT INTO ins_t (id) VALUES (23) RETURNING name, at;
INSERT INTO ins_t (id) VALUES (24) RETURNING nope;
SELECT count(*) FROM ins_t WHERE id = 24;
-- INSERT .. SELECT
CREATE TABLE ins_copy (id int, label text);
INSERT INTO ins_copy SELECT id, name FROM ins_t WHERE id <= 3;
INSERT INTO ins_copy (label, id) SELECT 'from ' || name, id + 100 FROM ins_t WHERE id BETWEEN 20 AND 22 ORDER BY id;
INSERT INTO ins_copy SELECT 999, 'constant';
INSERT INTO ins_copy SELECT id, name, score FROM ins_t;
INSERT INTO ins_copy (id) SELECT max(id) FROM ins_t RETURNING id;
SELECT * FROM ins_copy ORDER BY id;
INSERT INTO ins_copy SELECT * FROM ins_copy WHERE id < 3;
SELECT id, count(*) FROM ins_copy GROUP BY id HAVING count(*) > 1 ORDER BY id;
INSERT INTO ins_copy VALUES (1000, 'x'), (1001, 'y') RETURNING id * 2 AS doubled;
SELECT count(*) FROM ins_copy;
DROP TABLE ins_t, ins_copy;
