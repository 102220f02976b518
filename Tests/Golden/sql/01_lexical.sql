-- Lexical structure: identifiers, quoting, case folding, truncation,
-- string constant forms, comments and numeric literals.
SELECT 1 AS one, 2 AS "Two", 3 AS "three words";
SELECT 1 AS MixedCase, 2 AS "MixedCase";
SELECT 'a' AS "quoted ""inner"" quote";
CREATE TABLE Lex_Names (Id int, "Id" int, "select" int);
INSERT INTO LEX_NAMES VALUES (1, 2, 3);
SELECT id, "Id", "select" FROM lex_names;
SELECT ID, lex_names."Id" FROM "lex_names";
SELECT * FROM "Lex_Names";
SELECT "ID" FROM lex_names;
DROP TABLE lex_names;
-- identifiers longer than 63 bytes are truncated with a NOTICE
SELECT 1 AS abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_xyz;
SELECT 2 AS "abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_quoted";
CREATE TABLE lex_long_name_0123456789_0123456789_0123456789_0123456789_0123456789 (a int);
INSERT INTO lex_long_name_0123456789_0123456789_0123456789_0123456789_01234 VALUES (7);
SELECT a FROM lex_long_name_0123456789_0123456789_0123456789_0123456789_0123456789;
DROP TABLE lex_long_name_0123456789_0123456789_0123456789_0123456789_01234;
-- string constants
SELECT 'plain' AS s, 'it''s' AS doubled, '' AS empty;
SELECT 'two' 'parts' AS nope;
SELECT 'two'
    'lines' AS continued;
SELECT E'tab\there' AS tab, E'new\nline' AS newline, E'back\\slash' AS bs;
SELECT E'\x41\102\u0043' AS escapes, E'quote\'s' AS q;
SELECT U&'d\0061t\+000061' AS unicode;
SELECT U&'!0041bc' UESCAPE '!' AS uescape;
SELECT $$dollar 'quoted' string$$ AS d1;
SELECT $tag$with $$ inside$tag$ AS d2;
SELECT $a$$a$ AS empty_dollar, length($x$abc$x$) AS len;
SELECT $$multi
line$$ AS ml;
-- comments
SELECT 1 -- trailing comment
    + 2 AS sum;
SELECT /* block */ 3 AS three;
SELECT /* outer /* nested */ still comment */ 4 AS four;
SELECT 5 /* multi
line
comment */ AS five;
/* a comment alone */
SELECT 6 AS six; -- comment after statement
-- numbers
SELECT 42, -42, +42, 4.5, .5, 5., 1e3, 1.5E-2, 2e+2;
SELECT 2147483647 AS max_int4, 2147483648 AS becomes_int8;
SELECT 9223372036854775807 AS max_int8, 9223372036854775808 AS becomes_numeric;
SELECT pg_typeof(1), pg_typeof(2147483648), pg_typeof(1.0), pg_typeof(1e3);
SELECT 0.1 + 0.2 AS exact;
SELECT 1.000 AS keeps_scale, 100.50 AS trailing_zero;
SELECT 00012 AS leading_zeros;
SELECT 12abc;
-- positional parameters are not allowed outside prepared statements
SELECT $1;
-- semicolons
SELECT 7 AS seven;;
SELECT 8 AS a; SELECT 9 AS b;
-- an unterminated string runs to the end of the input
SELECT 'unterminated;
