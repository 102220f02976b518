-- macaddr and macaddr8: input notations, output, casts between them, trunc,
-- comparison; and why trunc('abc') is ambiguous (float8, numeric, macaddr).
SELECT trunc('abc');
SELECT '08:00:2b:01:02:03'::macaddr, '08-00-2b-01-02-03'::macaddr, '08002b:010203'::macaddr, '08002b-010203'::macaddr;
SELECT '0800.2b01.0203'::macaddr, '0800-2b01-0203'::macaddr, '08002b010203'::macaddr, ' 08:00:2B:01:02:03 '::macaddr, '8:0:2b:1:2:3'::macaddr;
SELECT '08:00:2b:01:02'::macaddr;
SELECT '0800:2b01:0203'::macaddr;
SELECT '08:00-2b:01:02:03'::macaddr;
SELECT '08:00:2b:01:02:03:04:05'::macaddr8, '08:00:2b:01:02:03'::macaddr8, '0800.2b01.0203.0405'::macaddr8, '08002b01:02030405'::macaddr8;
SELECT '08:00:2b:01:02:03:04'::macaddr8;
SELECT trunc('12:34:56:78:90:ab'::macaddr), trunc('12:34:56:78:90:ab:cd:ef'::macaddr8), macaddr8_set7bit('00:34:56:ab:cd:ef');
SELECT '12:34:56:78:90:ab'::macaddr::macaddr8, '12:34:56:ff:fe:ab:cd:ef'::macaddr8::macaddr;
SELECT '12:34:56:78:90:ab:cd:ef'::macaddr8::macaddr;
SELECT '08:00:2b:01:02:03'::macaddr < '08:00:2b:01:02:04'::macaddr, '08:00:2b:01:02:03'::macaddr = '08-00-2b-01-02-03';
CREATE TABLE macs (m macaddr, m8 macaddr8);
INSERT INTO macs VALUES ('08:00:2b:01:02:03', '08:00:2b:01:02:03'), ('01:02:03:04:05:06', NULL);
SELECT * FROM macs ORDER BY m;
DROP TABLE macs;
