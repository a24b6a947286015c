-- Name resolution: full names, catalog..table, bare names, @alias, case.

-- @case: every spelling of accounts reads the same table
select count(*) from ExactOnlineREST.CRM.Accounts@EOL where division = 102673
-- @expect: row 5000

-- @case: catalog..table
select count(*) from exactonlinerest..accounts where division = 102673
-- @expect: row 5000

-- @case: bare cloud name
select count(*) from ACCOUNTS where division = 102673
-- @expect: row 5000

-- @case: ambiguous bare name lists candidates
create table accounts@inmemorystorage (a)
select * from accounts
-- @expect: error 2:15 accounts@inmemorystorage, ExactOnlineREST.CRM.Accounts@eol

-- @case: unknown table
select *
from   nope
-- @expect: error 2:8 Unknown table nope

-- @case: unknown container
select * from t@nowhere
-- @expect: error 1:15 there is no data container @nowhere

-- @case: in-memory names ignore case
create table TargetCompanies@InMemoryStorage as select 1 code
select code from TARGETCOMPANIES@inmemorystorage
-- @expect: row 1

-- @case: systemdivisions under any name
select count(*) from exactonlinerest.system.systemdivisions
-- @expect: row 13

-- @case: unknown column
select nme from exactonlinerest..accounts
-- @expect: error 1:1 no such column: nme
