-- Splitting scripts into statements: semicolons are optional, the parser
-- decides where a statement ends, comments go anywhere.

-- @case: no semicolons, one statement per line
select 1
select 2
use 1
-- @expect: print SELECT 1
-- @expect: print SELECT 2
-- @expect: print USE 1

-- @case: semicolons, empty statements and several statements on a line
;; select 1; select 2 ;;; use 3;
-- @expect: statements 3
-- @expect: span 1 1:4-1:12
-- @expect: span 3 1:27-1:32

-- @case: a statement word on the next line is not an alias
select code from systemdivisions
use 102673
select code
use 1
-- @expect: print SELECT code FROM systemdivisions
-- @expect: print USE 102673
-- @expect: print SELECT code
-- @expect: print USE 1

-- @case: other words on the next line are aliases
select tgt.code
division
from t tgt
-- @expect: print SELECT tgt.code AS division FROM t tgt

-- @case: insert, update and with inside synchronize do not split it
synchronize a from b with insert or update identified by code
with x as (select 1) select * from x
insert into t values (1)
update t set a = 1
delete from t
-- @expect: statements 5
-- @expect: print SYNCHRONIZE a FROM b WITH INSERT OR UPDATE IDENTIFIED BY code
-- @expect: print WITH x AS (SELECT 1) SELECT * FROM x
-- @expect: print INSERT INTO t VALUES (1)
-- @expect: print UPDATE t SET a = 1
-- @expect: print DELETE FROM t

-- @case: insert ... select and create ... as select span lines
insert into t
select 1
create table u
as
select 2
-- @expect: print INSERT INTO t SELECT 1
-- @expect: print CREATE TABLE u AS SELECT 2

-- @case: comments inside statements and between clauses
select /* inline */ code -- trailing
--
-- between clauses
--
from t /* multi
line */ where
-- here too
a = 1
-- @expect: print SELECT code FROM t WHERE a = 1
-- @expect: span 1 1:1-8:6

-- @case: a comment that opens and never closes
select 1
/* never closed
select 2
-- @expect: print SELECT 1
-- @expect: error 2:1 Unterminated /* comment

-- @case: text after a complete statement is an error at that text
select a b c
-- @expect: error 1:12 Expected end of statement, found: c

-- @case: the statement keeps its expanded text and original span
select 1
from t
-- @expect: sql 1 select 1\nfrom t
-- @expect: span 1 1:1-2:7

-- @case: an unterminated string stops reading where the string starts
select 1;
select 'abc
from t
-- @expect: print SELECT 1
-- @expect: error 2:8 Unterminated string literal

-- @case: statements before an error are read first
select 1
select from from
select 2
-- @expect: continue
-- @expect: print SELECT 1
-- @expect: error 2:13 Expected an expression, found: from
-- @expect: print SELECT 2

-- @case: identifiers are case-insensitive but printed as written
SELECT Code FROM TARGETCOMPANIES@InMemoryStorage
-- @expect: print SELECT Code FROM TARGETCOMPANIES@InMemoryStorage
