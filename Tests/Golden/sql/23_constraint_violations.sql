-- Constraint violations: PostgreSQL's constraint names, messages and DETAIL lines.
CREATE TABLE cv_t (
    id int PRIMARY KEY,
    email text UNIQUE NOT NULL,
    age int CHECK (age >= 0),
    score int,
    CONSTRAINT score_range CHECK (score BETWEEN 0 AND 100)
);
INSERT INTO cv_t VALUES (1, 'a@x', 30, 50);
INSERT INTO cv_t VALUES (1, 'b@x', 30, 50);
INSERT INTO cv_t VALUES (2, 'a@x', 30, 50);
INSERT INTO cv_t VALUES (3, NULL, 30, 50);
INSERT INTO cv_t (id, age) VALUES (4, 1);
INSERT INTO cv_t VALUES (NULL, 'c@x', 30, 50);
INSERT INTO cv_t VALUES (5, 'd@x', -1, 50);
INSERT INTO cv_t VALUES (6, 'e@x', 1, 101);
INSERT INTO cv_t VALUES (7, 'f@x', NULL, NULL);
UPDATE cv_t SET id = 1 WHERE id = 7;
UPDATE cv_t SET score = -5 WHERE id = 7;
UPDATE cv_t SET email = NULL WHERE id = 1;
SELECT * FROM cv_t ORDER BY id;
CREATE TABLE cv_multi (a int, b text, c timestamptz, PRIMARY KEY (a, b, c));
INSERT INTO cv_multi VALUES (1, 'x', '2024-01-05 10:00+00');
INSERT INTO cv_multi VALUES (1, 'x', '2024-01-05 10:00+00');
INSERT INTO cv_multi VALUES (1, NULL, '2024-01-05 10:00+00');
INSERT INTO cv_multi VALUES (1, 'with space', '2024-01-05+00'), (1, 'with space', '2024-01-05+00');
SELECT count(*) FROM cv_multi;
-- the lab's CHECK constraints on a rollup table
CREATE TABLE cv_rollup (
    site_id int,
    ingest_time timestamptz,
    error_count int,
    success_count int,
    request_count int,
    CHECK (request_count = error_count + success_count),
    CHECK (ingest_time = date_trunc('minute', ingest_time))
);
INSERT INTO cv_rollup VALUES (1, '2024-01-05 10:00+00', 1, 2, 3);
INSERT INTO cv_rollup VALUES (1, '2024-01-05 10:00+00', 1, 2, 4);
INSERT INTO cv_rollup VALUES (1, '2024-01-05 10:00:30+00', 1, 2, 3);
INSERT INTO cv_rollup VALUES (1, '2024-01-05 10:00+00', NULL, 2, 3);
CREATE TABLE cv_minute (minute timestamptz PRIMARY KEY, CHECK (minute = date_trunc('minute', minute)));
INSERT INTO cv_minute VALUES ('10-10-1901');
INSERT INTO cv_minute VALUES ('10-10-1901 00:00:01');
INSERT INTO cv_minute VALUES ('10-10-1901');
UPDATE cv_minute SET minute = '2024-01-05 10:37:42+00';
SELECT * FROM cv_minute;
-- long values in DETAIL lines, quoting of text and NULL
CREATE TABLE cv_text (k text PRIMARY KEY, v text CHECK (length(v) < 5));
INSERT INTO cv_text VALUES ('it''s', 'ok');
INSERT INTO cv_text VALUES ('it''s', 'ok');
INSERT INTO cv_text VALUES ('x', 'toolong');
INSERT INTO cv_text VALUES ('a,b (c)', NULL), ('a,b (c)', NULL);
DROP TABLE cv_t, cv_multi, cv_rollup, cv_minute, cv_text;
