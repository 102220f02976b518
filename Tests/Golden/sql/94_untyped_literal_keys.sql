-- Untyped string literals compared with a key column take the column's
-- type (as bound parameters without a type do over the wire): index
-- lookups and partition pruning must return what a scan returns.
CREATE TABLE accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(20));
INSERT INTO accounts SELECT g, g % 3, g * 10, 'row ' || g FROM generate_series(1, 50) g;
SELECT * FROM accounts WHERE aid = '7';
SELECT * FROM accounts WHERE '8' = aid;
SELECT * FROM accounts WHERE aid = ' 9 ';
SELECT * FROM accounts WHERE aid = ('10');
SELECT * FROM accounts WHERE aid = '0';
SELECT * FROM accounts WHERE aid = '51';
SELECT count(*) FROM accounts WHERE aid >= '45';
SELECT * FROM accounts WHERE aid = 'abc';
SELECT * FROM accounts WHERE aid = '99999999999';
SELECT * FROM accounts WHERE aid = '7.0';
SELECT aid FROM accounts WHERE filler = 'row 12';
SELECT aid FROM accounts WHERE filler = 'row 12   ';
PREPARE lookup(int) AS SELECT abalance FROM accounts WHERE aid = $1;
EXECUTE lookup('11');
EXECUTE lookup(12);
CREATE TABLE codes (code varchar(8) PRIMARY KEY, n bigint UNIQUE);
INSERT INTO codes VALUES ('a', 1), ('b ', 2), ('c', 3000000000);
SELECT * FROM codes WHERE code = 'b ';
SELECT * FROM codes WHERE code = 'b';
SELECT * FROM codes WHERE n = '3000000000';
SELECT * FROM codes WHERE n = '2';
CREATE TABLE events (id int, at timestamptz, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-01-02');
CREATE TABLE events_2 PARTITION OF events FOR VALUES FROM ('2024-01-02') TO ('2024-01-03');
INSERT INTO events VALUES (1, '2024-01-01 10:00+00', 'a'), (2, '2024-01-01 23:30+00', 'b'),
    (3, '2024-01-02 00:00+00', 'c'), (4, '2024-01-02 12:00+00', 'd');
SELECT id, kind FROM events WHERE at >= '2024-01-01 19:00-05' ORDER BY id;
SELECT id, kind FROM events WHERE at < '2024-01-01 19:00-05' ORDER BY id;
SELECT id FROM events WHERE at = '2024-01-01 18:30:00-05';
SELECT id FROM events WHERE at > 'tomorrow' ORDER BY id;
SELECT id FROM events WHERE at <= '2024-01-02' ORDER BY id;
SELECT id FROM events WHERE at = 'not a time';
CREATE TABLE days (d date, v int) PARTITION BY LIST (d);
CREATE TABLE days_a PARTITION OF days FOR VALUES IN ('2024-03-01');
CREATE TABLE days_b PARTITION OF days FOR VALUES IN ('2024-03-02');
INSERT INTO days VALUES ('2024-03-01', 1), ('2024-03-02', 2);
SELECT * FROM days WHERE d = '2024-03-02';
SELECT * FROM days WHERE d = '03/01/2024';
SELECT * FROM days WHERE d <= '2024-03-01 23:00';
