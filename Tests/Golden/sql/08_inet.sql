-- inet input, output, casts and comparison.
SELECT '192.168.1.5'::inet, '10.0.0.0/8'::inet, '10.1.2.3/32'::inet, '::1'::inet;
SELECT '192.168.001.005'::inet;
SELECT '256.1.1.1'::inet;
SELECT '1.2.3'::inet;
SELECT 'abc'::inet;
SELECT '2001:db8::1'::inet, '2001:DB8:0:0:0:0:0:1'::inet, '::ffff:1.2.3.4'::inet;
SELECT concat(1, '.', 2, '.', 3, '.', 4)::inet AS built, ('10.0.0.' || 7)::inet AS concatenated;
SELECT '1.2.3.4'::inet::text, '1.2.3.4/24'::inet::text, '::1'::inet::text;
SELECT '1.2.3.4'::inet = '1.2.3.4/32'::inet, '1.2.3.4'::inet < '1.2.3.5'::inet, '9.9.9.9'::inet < '10.0.0.0'::inet;
SELECT x FROM (VALUES ('10.0.0.2'::inet), ('9.255.0.1'), ('10.0.0.10'), ('::1'), ('10.0.0.0/8')) v(x) ORDER BY x;
CREATE TABLE inet_t (ip inet);
INSERT INTO inet_t VALUES ('8.8.8.8'), ('8.8.4.4'), (NULL);
INSERT INTO inet_t VALUES ('8.8.8');
SELECT ip, ip IS NULL AS missing FROM inet_t ORDER BY ip NULLS FIRST;
SELECT count(DISTINCT ip), min(ip::text), max(ip) FROM inet_t;
DROP TABLE inet_t;
