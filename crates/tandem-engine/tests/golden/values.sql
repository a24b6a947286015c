-- Values as users see them, and the script-level features.

-- @case: codes without padding, dates as ISO text, flags 0/1
select code, length(code) = length(trim(code)), substr(created, 5, 1), isaccountant in (0, 1) from exactonlinerest..accounts where division = 102673 and code = '1'
-- @expect: row 1 | 1 | - | 1

-- @case: like pushdown is a superset: SQLite re-applies the where
select count(*) from exactonlinerest..accounts where division = 102673 and name like 'aanneming%' and name like '%B.V.'
-- @expect: rows 1

-- @case: parameters
local define X "102673"
select ${X} + 0
-- @expect: row 102673

-- @case: undefined parameter
select 1
select ${NOPE}
-- @expect: error 2:8 NOPE

-- @case: on error continue
local on error continue
select * from nope
select 2
-- @expect: row 2
-- @expect: error 2:15 Unknown table

-- @case: unknown settings are ignored
set use-http-disk-cache false
select 1
-- @expect: row 1

-- @case: synchronize from a table that does not exist names it, at the statement
select 1
synchronize exactonlinerest..accounts from t@inmemorystorage with insert identified by code
-- @expect: error 2:1 Unknown table t@inmemorystorage

-- @case: explain synchronize of an in-memory target lists the insert per column
create table goal@inmemorystorage as select 'A' code, 'Alpha' name
create table held@inmemorystorage (code text, name text)
explain synchronize held@inmemorystorage from goal@inmemorystorage with insert identified by code
-- @expect: rows 2

-- @case: system tables
select count(*) > 0 from systemtables where name = 'Accounts'
-- @expect: row 1

-- @case: systemcolumns lists in-memory tables
create table t@inmemorystorage as select 1 a, 'x' b
select name, data_type from systemcolumns where table_name = 't' order by position
-- @expect: row a | integer
-- @expect: row b | text

-- @case: sessionios counts calls
select count(*) from exactonlinerest..accounts where division = 102673
select sum(calls) > 0 from sessionios where endpoint like '%Accounts'
-- @expect: row 1

-- @case: Invantive functions
select nvl(null, 'x'), lpad('7', 3, '0'), to_char(to_date('26-11-2026', 'DD-MM-YYYY'), 'YYYY-MM-DD')
-- @expect: row x | 007 | 2026-11-26
