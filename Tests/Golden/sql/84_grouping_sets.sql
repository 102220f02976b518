-- GROUPING SETS, ROLLUP, CUBE and GROUPING(): the sets each clause
-- expands to, keys absent from a set read as NULL, aggregates with
-- FILTER, DISTINCT and ORDER BY per set, HAVING and window functions over
-- the grouped rows, GROUP BY DISTINCT, and PostgreSQL's errors
CREATE TABLE sales (region text, product text, year int, amount numeric);
INSERT INTO sales VALUES
  ('east', 'apple', 2023, 10), ('east', 'apple', 2024, 15),
  ('east', 'pear', 2024, 7), ('west', 'apple', 2023, 20),
  ('west', 'pear', 2023, 3), ('west', 'pear', 2024, 5),
  ('north', NULL, 2024, 1);
SELECT region, product, sum(amount) FROM sales GROUP BY ROLLUP (region, product) ORDER BY 1, 2;
SELECT region, product, sum(amount), grouping(region, product) FROM sales GROUP BY CUBE (region, product) ORDER BY 4, 1, 2;
SELECT region, year, count(*) FROM sales GROUP BY GROUPING SETS ((region), (year), ()) ORDER BY 1, 2;
SELECT region, product, year, sum(amount) FROM sales GROUP BY region, ROLLUP (product, year) ORDER BY 1, 2, 3;
SELECT region, product, year, sum(amount) FROM sales GROUP BY ROLLUP ((region, product), year) ORDER BY 1, 2, 3;
SELECT region, product, count(*) FROM sales GROUP BY GROUPING SETS ((region, product), region) ORDER BY 1, 2, 3;
SELECT region, product, year, count(*), grouping(region, product, year) AS g FROM sales GROUP BY GROUPING SETS (ROLLUP (region, product), CUBE (year)) ORDER BY g, 1, 2, 3;
SELECT region, count(*) FROM sales GROUP BY ROLLUP (region), ROLLUP (region) ORDER BY 1, 2;
SELECT region, count(*) FROM sales GROUP BY DISTINCT ROLLUP (region), ROLLUP (region) ORDER BY 1, 2;
SELECT region, count(*) FROM sales GROUP BY ALL ROLLUP (region), ROLLUP (region) ORDER BY 1, 2;
SELECT region, product, count(*) FROM sales GROUP BY (region, product) ORDER BY 1, 2;
SELECT count(*), sum(amount) FROM sales GROUP BY ();
SELECT count(*) FROM sales WHERE false GROUP BY ();
SELECT region, count(*) FROM sales WHERE false GROUP BY ROLLUP (region);
SELECT region, count(*) FROM sales WHERE false GROUP BY region;
SELECT region, product, grouping(product, region, product) FROM sales GROUP BY CUBE (region, product) ORDER BY 1, 2, 3;
SELECT upper(region), sum(amount) FROM sales GROUP BY ROLLUP (upper(region)) ORDER BY 1;
SELECT year % 2 AS parity, sum(amount) FROM sales GROUP BY ROLLUP (parity) ORDER BY 1;
SELECT region AS r, count(*) FROM sales GROUP BY ROLLUP (r) ORDER BY 1;
SELECT region, count(*) FROM sales GROUP BY ROLLUP (1) ORDER BY 1;
SELECT region, sum(amount) FILTER (WHERE year = 2024) AS y2024, count(DISTINCT product), string_agg(product, ',' ORDER BY product DESC) FROM sales GROUP BY ROLLUP (region) ORDER BY 1;
SELECT region, avg(amount)::numeric(10, 2) FROM sales GROUP BY ROLLUP (region) HAVING sum(amount) > 10 ORDER BY 1;
SELECT region, sum(amount) FROM sales GROUP BY ROLLUP (region) HAVING grouping(region) = 1;
SELECT CASE WHEN grouping(region) = 1 THEN 'all' ELSE region END AS region, sum(amount) FROM sales GROUP BY ROLLUP (region) ORDER BY grouping(region), 1;
SELECT region, sum(amount), rank() OVER (ORDER BY sum(amount) DESC) FROM sales GROUP BY ROLLUP (region) ORDER BY 3, 1;
SELECT region, sum(sum(amount)) OVER (PARTITION BY grouping(region)) FROM sales GROUP BY ROLLUP (region) ORDER BY 1;
SELECT region, grouping(region) FROM sales GROUP BY region ORDER BY 1;
SELECT product, year, sum(amount) FROM sales GROUP BY CUBE (product, year) ORDER BY 1 NULLS FIRST, 2 NULLS FIRST, 3;
SELECT * FROM (SELECT region, sum(amount) AS total FROM sales GROUP BY ROLLUP (region)) s WHERE total > 20 ORDER BY 1;
WITH totals AS (SELECT region, product, sum(amount) AS total FROM sales GROUP BY CUBE (region, product)) SELECT count(*), sum(total) FROM totals;
SELECT region, product, count(*) FROM sales GROUP BY GROUPING SETS (region, product, (region, product), ()) ORDER BY 1, 2, 3;
-- errors
SELECT grouping(region) FROM sales;
SELECT region, grouping(product) FROM sales GROUP BY region;
SELECT region FROM sales WHERE grouping(region) = 0 GROUP BY region;
SELECT grouping(nosuch) FROM sales GROUP BY region;
SELECT sum(grouping(region)) FROM sales GROUP BY region;
SELECT region, grouping(sum(amount)) FROM sales GROUP BY region;
SELECT product, count(*) FROM sales GROUP BY GROUPING SETS (region);
SELECT region, count(*) FROM sales GROUP BY ROLLUP (5);
SELECT region, count(*) FROM sales GROUP BY ROLLUP (count(*));
SELECT region, count(*) FROM sales GROUP BY CUBE (nosuch);
SELECT count(*) FROM sales GROUP BY CUBE (region, product, year, amount, region, product, year, amount, region, product, year, amount, region);
SELECT region, count(*) FROM sales GROUP BY ROLLUP region;
SELECT region, count(*) FROM sales GROUP BY GROUPING SETS region;
