-- json and jsonb: input normalisation, operators, comparison order,
-- constructors, aggregates, set-returning functions and their errors.
SELECT '{"b":1, "a":2, "aa":3, "a":4}'::jsonb;
SELECT '{"a":1, "a":2}'::json;
SELECT '  { "a" :  [ 1 , 2 ] }  '::json;
SELECT '[1.0, 1e2, 1E-2, -0, 0.00, 12345678901234567890, -1.5e-3]'::jsonb;
SELECT '"\u00e9\t\/\""'::jsonb, '"\u00e9\t\/"'::json;
SELECT '"\ud83d\ude00"'::jsonb;
SELECT '{"a": {"c": null, "b": [true, false]}}'::jsonb;
SELECT 'null'::jsonb, 'true'::jsonb, '"x"'::jsonb, '3.10'::jsonb;
SELECT '{"a":}'::jsonb;
SELECT '{"a" 1}'::jsonb;
SELECT '[1,2'::jsonb;
SELECT 'tru'::json;
SELECT '01'::jsonb;
SELECT '1.'::jsonb;
SELECT '1.x'::jsonb;
SELECT '"abc'::jsonb;
SELECT '{"a":1}x'::jsonb;
SELECT '{"a":1} 2'::jsonb;
SELECT '[1,]'::jsonb;
SELECT '{1:2}'::jsonb;
SELECT '{"a":1,}'::jsonb;
SELECT E'"a\nb"'::jsonb;
SELECT '"\x"'::jsonb;
SELECT '"\u12"'::jsonb;
SELECT '"\u0000"'::jsonb;
SELECT '"\u0000"'::json;
SELECT ''::jsonb;
SELECT '   '::json;
SELECT E'[1,\n2,\n3x]'::jsonb;
SELECT '{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": 1, x}'::jsonb;
SELECT '"\ud83d"'::jsonb;
SELECT '"\ude00"'::jsonb;
SELECT '"\ud83d\ud83d"'::jsonb;
SELECT '-'::jsonb;
SELECT '[1 2]'::jsonb;
SELECT '{"a":1 "b"}'::jsonb;
SELECT '@'::json;
SELECT '[1, {"a": 2}, "x"]'::json::jsonb;
SELECT '{"b": 1,  "a": 2}'::jsonb::json;
SELECT '{"b": 1,  "a": 2}'::jsonb::text, '{"b": 1,  "a": 2}'::json::text;
-- -> and ->>
SELECT '{"a": {"b": 1}}'::jsonb -> 'a', '{"a": {"b": 1}}'::jsonb ->> 'a';
SELECT '{"a": "x"}'::jsonb -> 'a', '{"a": "x"}'::jsonb ->> 'a';
SELECT '{"a": null}'::jsonb -> 'a', ('{"a": null}'::jsonb ->> 'a') IS NULL;
SELECT '{"a": 1}'::jsonb -> 'z', '[1, 2]'::jsonb -> 'a', '"s"'::jsonb -> 'a';
SELECT '[10, 20, 30]'::jsonb -> 0, '[10, 20, 30]'::jsonb -> 2, '[10, 20, 30]'::jsonb -> 3;
SELECT '[10, 20, 30]'::jsonb -> -1, '[10, 20, 30]'::jsonb -> -3, '[10, 20, 30]'::jsonb -> -4;
SELECT '[10, "x", 30]'::jsonb ->> 1, '{"a": 1}'::jsonb -> 0;
SELECT '{"a": [1, {"b": "c"}]}'::jsonb -> 'a' -> 1 ->> 'b';
SELECT '{"a": 1, "a": [1,  2]}'::json -> 'a', '{"a": "x\ty"}'::json ->> 'a';
SELECT '[1, [2,  3], "x"]'::json -> 1, '[1, [2,  3], "x"]'::json ->> -1;
SELECT '{"a": 1}'::json -> 'b', '[1]'::json -> 5, '7'::json -> 0;
SELECT '{"a": true}'::json ->> 'a', '{"a": null}'::json ->> 'a' IS NULL;
-- #> and #>>
SELECT '{"a": {"b": [1, 2, {"c": 3}]}}'::jsonb #> '{a,b,2}';
SELECT '{"a": {"b": [1, 2, {"c": 3}]}}'::jsonb #>> '{a,b,2,c}';
SELECT '{"a": {"b": [1, 2]}}'::jsonb #> '{a,b,-1}', '{"a": 1}'::jsonb #> '{}';
SELECT '{"a": {"b": 1}}'::jsonb #> '{a,x}', '{"a": [1]}'::jsonb #> '{a,x}';
SELECT '{"a": "s"}'::jsonb #>> '{a}', '{"a": "s"}'::jsonb #>> '{}';
SELECT '{"a": {"b":  [1, 2]}}'::json #> '{a,b}', '{"a": {"b": [1, "z"]}}'::json #>> '{a,b,1}';
SELECT jsonb_extract_path('{"a": {"b": 1}}', 'a', 'b'), jsonb_extract_path_text('{"a": {"b": "t"}}', 'a', 'b');
SELECT json_extract_path('{"a": {"b":  [1]}}', 'a', 'b'), json_extract_path_text('{"a": 1}', 'a');
SELECT '{"a": 1}'::jsonb #> '{a,NULL}', '{"a": 1}'::jsonb #> NULL;
-- containment and existence
SELECT '{"a": 1, "b": [1, 2, 3]}'::jsonb @> '{"b": [3, 1]}', '{"a": 1}'::jsonb @> '{"a": 2}';
SELECT '[1, 2, [3, 4]]'::jsonb @> '[[4]]', '[1, 2]'::jsonb @> '1', '1'::jsonb @> '[1]';
SELECT '{"a": {"b": 1, "c": 2}}'::jsonb @> '{"a": {"c": 2}}', '[]'::jsonb @> '[]';
SELECT '{"a": 1}'::jsonb <@ '{"a": 1, "b": 2}', '["a"]'::jsonb @> '"a"', '[1, 1]'::jsonb @> '[1, 1, 1]';
SELECT '{"a": 1, "b": 2}'::jsonb ? 'a', '["a", "b"]'::jsonb ? 'b', '"a"'::jsonb ? 'a', '[1]'::jsonb ? '1';
SELECT '{"a": 1, "b": 2}'::jsonb ?| '{b,c}', '{"a": 1}'::jsonb ?| '{x,y}', '{"a": 1}'::jsonb ?| '{}';
SELECT '{"a": 1, "b": 2}'::jsonb ?& '{a,b}', '{"a": 1}'::jsonb ?& '{a,c}', '{"a": 1}'::jsonb ?& '{}';
SELECT '{"a": {"b": 1}}'::jsonb ? 'b', '["a", "a"]'::jsonb ?& '{a,NULL}';
-- ||, - and #-
SELECT '{"a": 1}'::jsonb || '{"b": 2, "a": 3}', '[1, 2]'::jsonb || '[3]';
SELECT '[1]'::jsonb || '{"a": 1}', '{"a": 1}'::jsonb || '[1]', '1'::jsonb || '2', '[]'::jsonb || '"x"';
SELECT '{"a": 1}'::jsonb || '"x"';
SELECT '{"a": 1, "b": 2}'::jsonb - 'a', '["a", "b", "a"]'::jsonb - 'a', '{"a": 1}'::jsonb - 'z';
SELECT '[1, 2, 3]'::jsonb - 1, '[1, 2, 3]'::jsonb - -1, '[1, 2, 3]'::jsonb - 5, '{"a": 1}'::jsonb - '{a,b}'::text[];
SELECT '{"a": 1}'::jsonb - 0;
SELECT '"x"'::jsonb - 'x';
SELECT '3'::jsonb - 0;
SELECT '{"a": {"b": [1, 2, 3]}}'::jsonb #- '{a,b,1}', '{"a": {"b": 1}}'::jsonb #- '{a,b}', '[1, 2]'::jsonb #- '{-1}';
SELECT '{"a": 1}'::jsonb #- '{x,y}', '[1, 2]'::jsonb #- '{5}', '{"a": 1}'::jsonb #- '{}';
SELECT '[1, 2]'::jsonb #- '{a}';
SELECT '"s"'::jsonb #- '{a}';
-- equality and ordering
SELECT '{"a": 1, "b": 2}'::jsonb = '{"b": 2, "a": 1}', '1.0'::jsonb = '1', '[1, 2]'::jsonb = '[2, 1]';
SELECT '{"a":1}'::jsonb <> '{"a":2}', '"a"'::jsonb < '"b"', '1'::jsonb < '2'::jsonb, '[1]'::jsonb > '{"a":1}';
SELECT 'null'::jsonb < '"a"', '"a"'::jsonb < '1', '1'::jsonb < 'false', 'false'::jsonb < 'true', 'true'::jsonb < '[]';
SELECT '[]'::jsonb < 'null', '[1, 2]'::jsonb < '[1, 3]', '[5]'::jsonb < '[1, 2]', '{"b": 1}'::jsonb < '{"a": 1, "b": 1}';
SELECT '{"aa": 1}'::jsonb < '{"b": 1}', '{"a": 2}'::jsonb < '{"b": 1}', '{"a": 1}'::jsonb < '{"a": 2}';
CREATE TABLE docs (id int, doc jsonb, raw json);
INSERT INTO docs VALUES
  (1, '{"name": "ann", "tags": ["x", "y"], "n": 3}', '{"name": "ann",  "n": 3}'),
  (2, '{"name": "bob", "tags": ["y"], "n": 1.50}', '{"name":"bob"}'),
  (3, '[1, 2, 3]', '[1,2,3]'),
  (4, '"text"', '"text"'),
  (5, '10', '10'),
  (6, 'null', 'null'),
  (7, 'true', 'true'),
  (8, '{}', '{}'),
  (9, '[]', '[]'),
  (10, '{"name": "ann", "tags": ["x", "y"], "n": 3.0}', ' {"name": "ann"} '),
  (11, NULL, NULL);
SELECT id, doc FROM docs ORDER BY doc, id;
SELECT id, doc FROM docs ORDER BY doc DESC NULLS LAST, id;
SELECT doc, count(*) FROM docs GROUP BY doc ORDER BY doc;
SELECT DISTINCT doc -> 'name' AS name FROM docs ORDER BY 1;
SELECT id FROM docs WHERE doc = '{"n": 3, "name": "ann", "tags": ["x", "y"]}' ORDER BY id;
SELECT id FROM docs WHERE doc @> '{"tags": ["y"]}' ORDER BY id;
SELECT id FROM docs WHERE doc ? 'name' ORDER BY id;
SELECT id, doc ->> 'name' AS name, (doc ->> 'n')::numeric * 2 AS twice FROM docs WHERE doc ? 'n' ORDER BY id;
SELECT id, raw -> 'name' AS name, raw FROM docs WHERE id <= 2 OR id = 10 ORDER BY id;
SELECT id, jsonb_typeof(doc), json_typeof(raw) FROM docs ORDER BY id;
SELECT max(doc) FROM docs;
SELECT doc = raw::jsonb AS same FROM docs WHERE id IN (3, 4, 5) ORDER BY id;
-- constructors
SELECT jsonb_build_object('b', 1, 'a', 'x', 'c', NULL, 'd', true, 'e', 2.50);
SELECT json_build_object('b', 1, 'a', 'x', 'c', NULL, 'd', true, 'e', 2.50);
SELECT jsonb_build_object('a', 1, 'a', 2), json_build_object('a', 1, 'a', 2);
SELECT jsonb_build_object(), json_build_object(), jsonb_build_array(), json_build_array();
SELECT jsonb_build_object(1, 2, 'k', '{"x": 1}'::jsonb, 'j', '[1,  2]'::json);
SELECT json_build_object(1, 2, 'k', '{"x": 1}'::jsonb, 'j', '[1,  2]'::json);
SELECT jsonb_build_object('a');
SELECT jsonb_build_object(NULL, 1);
SELECT json_build_object(NULL, 1);
SELECT jsonb_build_array(1, 'two', NULL, false, 3.0, '{"a":1}'::jsonb, ARRAY[1, 2]);
SELECT json_build_array(1, 'two', NULL, false, 3.0, '{"a":1}'::jsonb, ARRAY[1, 2]);
SELECT jsonb_build_object('t', '2024-01-02 03:04:05'::timestamp, 'd', '2024-01-02'::date);
SELECT jsonb_build_array('a"b\c'::text, E'tab\there', 1.5::float8, 'NaN'::float8, 'Infinity'::numeric);
-- to_jsonb and to_json
SELECT to_jsonb(1), to_jsonb(1.50), to_jsonb('text'::text), to_jsonb(true), to_jsonb(NULL::int);
SELECT to_json(1), to_json('a"b'::text), to_json(false), to_json(NULL::text);
SELECT to_jsonb(ARRAY[1, 2, NULL]), to_json(ARRAY['a', 'b']), to_jsonb('{{1,2},{3,4}}'::int[]);
SELECT to_jsonb('2024-01-02 03:04:05.25'::timestamp), to_json('2024-01-02 03:04:05+02'::timestamptz);
SELECT to_jsonb('2024-01-02'::date), to_jsonb('infinity'::timestamp), to_jsonb('1 day'::interval);
SELECT to_jsonb('{"a": 1}'::jsonb), to_json('{"a":  1}'::json), to_jsonb('{"a":  1}'::json);
SELECT to_jsonb(1.5::real), to_jsonb(2::bigint), to_jsonb('-Infinity'::float8), to_json('x'::varchar);
SELECT to_jsonb(ARRAY['{"a":1}'::jsonb, 'null']), to_jsonb('{}'::int[]);
-- aggregates
SELECT jsonb_agg(doc) FROM docs WHERE id < 6;
SELECT json_agg(raw) FROM docs WHERE id < 6;
SELECT jsonb_agg(id ORDER BY id DESC), json_agg(id ORDER BY id DESC) FROM docs WHERE id < 5;
SELECT jsonb_agg(x), json_agg(x) FROM (VALUES (1), (NULL), (3)) v(x);
SELECT jsonb_agg(x) IS NULL, json_agg(x) IS NULL FROM (VALUES (1)) v(x) WHERE false;
SELECT jsonb_object_agg(k, v) FROM (VALUES ('b', 1), ('a', 2), ('b', 3)) t(k, v);
SELECT json_object_agg(k, v) FROM (VALUES ('b', 1), ('a', 2), ('b', 3)) t(k, v);
SELECT jsonb_object_agg(k, v) FROM (VALUES ('b', NULL), ('a', '{"x": [1]}'::jsonb)) t(k, v);
SELECT jsonb_object_agg(k, v) FROM (VALUES (NULL::text, 1)) t(k, v);
SELECT json_object_agg(k, v) FROM (VALUES (NULL::text, 1)) t(k, v);
SELECT jsonb_object_agg(k, v) IS NULL FROM (VALUES ('a', 1)) t(k, v) WHERE false;
SELECT id % 2 AS odd, jsonb_agg(doc -> 'name' ORDER BY id) FROM docs WHERE doc ? 'name' GROUP BY 1 ORDER BY 1;
SELECT jsonb_object_agg(id, doc ->> 'name') FROM docs WHERE doc ? 'name';
SELECT jsonb_agg(g) -> 0, jsonb_array_length(jsonb_agg(g)) FROM generate_series(1, 5) g;
-- set-returning functions
SELECT * FROM jsonb_each('{"b": 1, "a": {"x": [1, 2]}, "c": null}');
SELECT * FROM jsonb_each_text('{"b": 1, "a": {"x": [1, 2]}, "c": null, "d": "s"}');
SELECT key, value FROM json_each('{"b": 1, "a":  [1,  2], "b": "dup"}');
SELECT * FROM json_each_text('{"b": 1, "a":  [1,  2], "c": null, "d": "s"}');
SELECT * FROM jsonb_array_elements('[1, "a", [2], {"k": null}, null]');
SELECT * FROM jsonb_array_elements_text('[1, "a", [2], {"k": null}, null]');
SELECT * FROM json_array_elements('[1,  "a", [2,  3]]');
SELECT * FROM json_array_elements_text('[1,  "a", [2,  3], null]');
SELECT * FROM jsonb_object_keys('{"bb": 1, "a": 2, "c": {"z": 1}}');
SELECT * FROM json_object_keys('{"bb": 1, "a": 2, "bb": 3}');
SELECT e.key, e.value FROM (SELECT doc FROM docs WHERE id = 1) d, jsonb_each(d.doc) e ORDER BY e.key;
SELECT id, t.value FROM docs, jsonb_array_elements_text(doc -> 'tags') t ORDER BY id, t.value;
SELECT x.*, ordinality FROM jsonb_array_elements('["a", "b"]') WITH ORDINALITY x;
SELECT k FROM jsonb_each('{"a": 1}') AS e(k, v);
SELECT value FROM jsonb_array_elements('[3, 1, 2]') ORDER BY value;
SELECT * FROM jsonb_each('[1, 2]');
SELECT * FROM jsonb_each_text('"s"');
SELECT * FROM json_each('1');
SELECT * FROM jsonb_array_elements('{"a": 1}');
SELECT * FROM jsonb_array_elements('5');
SELECT * FROM json_array_elements('{"a": 1}');
SELECT * FROM json_array_elements_text('"x"');
SELECT * FROM jsonb_object_keys('[1]');
SELECT * FROM jsonb_object_keys('1');
SELECT * FROM json_object_keys('[1]');
SELECT * FROM jsonb_each(NULL);
-- scalar functions
SELECT jsonb_array_length('[1, [2, 3], 4]'), json_array_length('[1,2]'), jsonb_array_length('[]');
SELECT jsonb_array_length('{"a": 1}');
SELECT jsonb_array_length('3');
SELECT json_array_length('{"a": 1}');
SELECT jsonb_typeof('{}'), jsonb_typeof('[]'), jsonb_typeof('1.5'), jsonb_typeof('"s"'), jsonb_typeof('true'), jsonb_typeof('null');
SELECT json_typeof(' {} '), json_typeof('[1]'), json_typeof('-1'), json_typeof('"s"'), json_typeof('false'), json_typeof('null');
SELECT jsonb_set('{"a": 1, "b": [1, 2]}', '{b,1}', '"x"');
SELECT jsonb_set('{"a": 1}', '{c}', '3'), jsonb_set('{"a": 1}', '{c}', '3', false);
SELECT jsonb_set('[1, 2, 3]', '{-1}', '9'), jsonb_set('[1, 2, 3]', '{10}', '9'), jsonb_set('[1, 2, 3]', '{-10}', '9');
SELECT jsonb_set('{"a": {"b": 1}}', '{a,x,y}', '1'), jsonb_set('{"a": 1}', '{}', '2');
SELECT jsonb_set('{"a": [1]}', '{a,z}', '2');
SELECT jsonb_set('"s"', '{a}', '2');
SELECT jsonb_set('{"a": 1}', '{a}', NULL), jsonb_set('{"a": 1}', NULL, '1');
SELECT jsonb_set('{"a": 1}', '{a,NULL}', '2');
SELECT jsonb_insert('[1, 2, 3]', '{1}', '"x"'), jsonb_insert('[1, 2, 3]', '{1}', '"x"', true);
SELECT jsonb_insert('{"a": [1, 2]}', '{a,-1}', '9'), jsonb_insert('{"a": [1, 2]}', '{a,10}', '9'), jsonb_insert('{"a": 1}', '{b}', '2');
SELECT jsonb_insert('{"a": 1}', '{a}', '2');
SELECT jsonb_insert('{"a": [1]}', '{a,z}', '2');
SELECT jsonb_strip_nulls('{"a": null, "b": {"c": null, "d": 1}, "e": [null, {"f": null}]}'), jsonb_strip_nulls('null');
SELECT json_strip_nulls('{"a": null, "b":  [null, 1]}');
SELECT jsonb_pretty('{"a": 1, "b": [1, {"c": []}, {}], "d": {"e": "x"}}');
SELECT jsonb_pretty('[]'), jsonb_pretty('"s"'), jsonb_pretty('[[]]');
SELECT jsonb_build_object('k', jsonb_agg(x ORDER BY x)) FROM (VALUES (2), (1)) v(x);
SELECT '{"a": 1}'::jsonb -> NULL::text, '[1]'::jsonb -> NULL::int;
SELECT pg_typeof('{}'::jsonb -> 'a'), pg_typeof('{}'::jsonb ->> 'a'), pg_typeof('{}'::json -> 'a');
SELECT pg_typeof(jsonb_build_object()), pg_typeof(json_agg(1)), pg_typeof(to_json(1));
SELECT '{"a": [1, 2]}'::jsonb -> 'a' @> '2', jsonb_typeof('{"a": 1}'::jsonb -> 'a');
SELECT jsonb_agg(doc ORDER BY id) FILTER (WHERE jsonb_typeof(doc) = 'number') FROM docs;
UPDATE docs SET doc = jsonb_set(doc, '{n}', to_jsonb((doc ->> 'n')::numeric + 1)) WHERE doc ? 'n';
SELECT id, doc FROM docs WHERE doc ? 'n' ORDER BY id;
UPDATE docs SET doc = doc || '{"extra": true}' WHERE id = 8;
UPDATE docs SET doc = doc - 'tags' WHERE id = 2;
SELECT id, doc FROM docs WHERE id IN (2, 8) ORDER BY id;
SELECT string_agg(k, ',' ORDER BY k) FROM (SELECT doc FROM docs WHERE jsonb_typeof(doc) = 'object') d, jsonb_object_keys(d.doc) k;
SELECT DISTINCT doc FROM docs WHERE doc ? 'name' ORDER BY doc;
\d docs
DROP TABLE docs;
