-- INSERT .. ON CONFLICT DO NOTHING / DO UPDATE with excluded and WHERE.
CREATE TABLE oc_counts (site_id int, minute timestamptz, country text, hits int, total int,
    PRIMARY KEY (site_id, minute, country));
INSERT INTO oc_counts VALUES (1, '2024-01-05 10:00+00', 'USA', 1, 10);
INSERT INTO oc_counts VALUES (1, '2024-01-05 10:00+00', 'USA', 1, 10);
INSERT INTO oc_counts VALUES (1, '2024-01-05 10:00+00', 'USA', 5, 50) ON CONFLICT DO NOTHING;
INSERT INTO oc_counts VALUES (1, '2024-01-05 10:00+00', 'USA', 5, 50), (2, '2024-01-05 10:00+00', 'USA', 2, 20)
    ON CONFLICT (site_id, minute, country) DO NOTHING;
SELECT * FROM oc_counts ORDER BY site_id;
INSERT INTO oc_counts VALUES (1, '2024-01-05 10:00+00', 'USA', 3, 30)
    ON CONFLICT (site_id, minute, country) DO UPDATE
    SET hits = oc_counts.hits + excluded.hits, total = oc_counts.total + excluded.total;
SELECT * FROM oc_counts ORDER BY site_id;
INSERT INTO oc_counts VALUES (1, '2024-01-05 10:00+00', 'USA', 100, 1), (3, '2024-01-05 10:01+00', 'India', 1, 1)
    ON CONFLICT (site_id, minute, country) DO UPDATE SET hits = excluded.hits
    WHERE oc_counts.total > 1000;
SELECT * FROM oc_counts ORDER BY site_id;
INSERT INTO oc_counts VALUES (2, '2024-01-05 10:00+00', 'USA', 7, 70)
    ON CONFLICT (site_id, minute, country) DO UPDATE SET hits = excluded.hits
    WHERE excluded.total > oc_counts.total
    RETURNING site_id, hits, total;
INSERT INTO oc_counts VALUES (2, '2024-01-05 10:00+00', 'USA', 8, 1)
    ON CONFLICT (site_id, minute, country) DO UPDATE SET hits = excluded.hits
    WHERE excluded.total > oc_counts.total
    RETURNING site_id, hits, total;
INSERT INTO oc_counts VALUES (4, '2024-01-05 10:00+00', 'China', 1, 1)
    ON CONFLICT (site_id, minute, country) DO UPDATE SET hits = 0
    RETURNING *;
INSERT INTO oc_counts VALUES (4, '2024-01-05 10:00+00', 'China', 1, 1)
    ON CONFLICT DO NOTHING RETURNING *;
-- the same key twice in one command
INSERT INTO oc_counts VALUES (5, '2024-01-05 10:00+00', 'USA', 1, 1), (5, '2024-01-05 10:00+00', 'USA', 2, 2)
    ON CONFLICT (site_id, minute, country) DO UPDATE SET hits = oc_counts.hits + excluded.hits;
INSERT INTO oc_counts VALUES (5, '2024-01-05 10:00+00', 'USA', 1, 1), (5, '2024-01-05 10:00+00', 'USA', 2, 2)
    ON CONFLICT DO NOTHING;
SELECT * FROM oc_counts WHERE site_id = 5;
-- arbiter must match a unique index
INSERT INTO oc_counts VALUES (1, '2024-01-05 10:00+00', 'USA', 1, 1) ON CONFLICT (site_id) DO NOTHING;
INSERT INTO oc_counts VALUES (1, '2024-01-05 10:00+00', 'USA', 1, 1) ON CONFLICT DO UPDATE SET hits = 1;
INSERT INTO oc_counts VALUES (1, '2024-01-05 10:00+00', 'USA', 1, 1)
    ON CONFLICT (site_id, minute, country) DO UPDATE SET nope = 1;
INSERT INTO oc_counts VALUES (1, '2024-01-05 10:00+00', 'USA', 1, 1)
    ON CONFLICT (site_id, minute, country) DO UPDATE SET hits = excluded.nope;
-- INSERT .. SELECT with GROUP BY feeding ON CONFLICT, as the rollup does
CREATE TABLE oc_raw (site_id int, t timestamptz, country text, v int);
INSERT INTO oc_raw VALUES (1, '2024-01-05 10:00:10+00', 'USA', 5), (1, '2024-01-05 10:00:50+00', 'USA', 7),
    (6, '2024-01-05 10:02:00+00', 'India', 1), (6, '2024-01-05 10:02:30+00', 'India', 2);
INSERT INTO oc_counts (site_id, minute, country, hits, total)
SELECT site_id, date_trunc('minute', t), country, count(1), sum(v)
FROM oc_raw GROUP BY 1, 2, 3
ON CONFLICT (site_id, minute, country) DO UPDATE
SET hits = oc_counts.hits + excluded.hits, total = oc_counts.total + excluded.total;
SELECT * FROM oc_counts ORDER BY site_id, minute;
-- unique constraint on a single column
CREATE TABLE oc_users (email text UNIQUE, visits int DEFAULT 1);
INSERT INTO oc_users VALUES ('a@x') ON CONFLICT (email) DO UPDATE SET visits = oc_users.visits + 1;
INSERT INTO oc_users VALUES ('a@x') ON CONFLICT (email) DO UPDATE SET visits = oc_users.visits + 1;
INSERT INTO oc_users VALUES ('a@x') ON CONFLICT (email) DO UPDATE SET visits = oc_users.visits + 1 RETURNING visits;
INSERT INTO oc_users VALUES (NULL), (NULL) ON CONFLICT (email) DO NOTHING;
SELECT * FROM oc_users ORDER BY email NULLS LAST;
DROP TABLE oc_counts, oc_raw, oc_users;
