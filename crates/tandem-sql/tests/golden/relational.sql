-- The relational part: sqlparser with TandemDialect. Written here in
-- sqlparser's canonical form, so each statement must print exactly as
-- written (parse -> print -> same text).

-- @case: queries round-trip
SELECT code FROM systemdivisions WHERE code <> 102673 LIMIT 10
SELECT act.code, act.name FROM exactonlinerest..accounts act JOIN targetcompanies@inmemorystorage tgt WHERE act.division = 102673 AND act.name LIKE 'Aanneming%'
SELECT a.x, count(*) AS n FROM t@inmemorystorage a LEFT JOIN u b ON a.x = b.x GROUP BY a.x HAVING count(*) > 1 ORDER BY n DESC
WITH x AS (SELECT 1 AS a) SELECT a FROM x UNION ALL SELECT 2
SELECT * FROM ExactOnlineREST.CRM.Accounts@eol WHERE division IN (1, 2) AND code BETWEEN '1' AND '9'
SELECT CASE WHEN a IS NULL THEN 'x' ELSE a END FROM t WHERE b NOT IN (SELECT b FROM u)
SELECT row_number() OVER (PARTITION BY division ORDER BY code) FROM t
SELECT DISTINCT a FROM t LIMIT 5 OFFSET 10
SELECT a || b FROM t WHERE c IS NOT NULL AND d GLOB 'x*'
-- @expect: verbatim
-- @expect: statements 9

-- @case: in-memory tables round-trip
CREATE OR REPLACE TABLE targetcompanies@inmemorystorage AS SELECT code FROM systemdivisions
CREATE TABLE t@inmemorystorage (a INTEGER, b TEXT)
CREATE TABLE plain (a, b)
CREATE VIEW v AS SELECT a FROM t
CREATE INDEX i ON t(a)
DROP TABLE t@inmemorystorage
DROP VIEW v
INSERT INTO t@inmemorystorage (a, b) VALUES (1, 'x'), (2, 'y')
INSERT INTO t SELECT a, b FROM u
UPDATE t@inmemorystorage SET b = 'z' WHERE a = 1
DELETE FROM t@inmemorystorage WHERE a = 2
-- @expect: verbatim
-- @expect: statements 11

-- @case: cloud writes round-trip
INSERT INTO exactonlinerest..accounts (division, code, name) VALUES (102673, '1', 'Aanneming BV')
UPDATE exactonlinerest..accounts SET name = 'x' WHERE division = 102673 AND code = '1'
DELETE FROM exactonlinerest..accounts WHERE division = 102673 AND code = '1'
-- @expect: verbatim

-- @case: lower-case input prints in canonical form
select a from t where b != 1
-- @expect: print SELECT a FROM t WHERE b <> 1

-- @case: a malformed name is an error at the name
select * from t, a@b@c
-- @expect: error 1:18 Invalid table name: expected [catalog.][schema.]table[@alias]

-- @case: too many name parts
select * from a.b.c.d
-- @expect: error 1:15 Invalid table name: expected [catalog.][schema.]table[@alias]

-- @case: a syntax error in SQL has its position and caret
select a
from t
where b = )
-- @expect: error 3:11 Expected: an expression, found: )
-- @expect: render
-- | line 3, column 11: Expected: an expression, found: )
-- | where b = )
-- |           ^
