-- regexp_matches and regexp_split_to_table as set-returning functions in
-- FROM and in the select list, and regexp_split_to_array
SELECT regexp_matches('foobarbequebaz', '(bar)(beque)');
SELECT regexp_matches('foobarbequebazilbarfbonk', '(b[^b]+)(b[^b]+)', 'g');
SELECT regexp_matches('abc', 'x');
SELECT regexp_matches('aXbXc', 'x', 'gi');
SELECT m, m[1] FROM regexp_matches('a1b22c333', '[0-9]+', 'g') AS m;
SELECT * FROM regexp_split_to_table('the quick brown fox', '\s+') WITH ORDINALITY AS w(word, n);
SELECT regexp_split_to_table('a1b22c', '[0-9]+');
SELECT regexp_split_to_table('abc', '');
SELECT regexp_split_to_table(',a,,b,', ',');
SELECT regexp_split_to_array('hello world', '\s+'), regexp_split_to_array('abc', ''), regexp_split_to_array('', 'x');
SELECT regexp_split_to_array('AxBXc', 'x', 'i');
SELECT count(*) FROM regexp_split_to_table(repeat('ab', 50), 'b');
SELECT regexp_split_to_table(NULL, ','), regexp_matches('a', NULL);
SELECT regexp_split_to_table('a,b', ',', 'g');
