-- synchronize: the full grammar, both directions, explain, and errors.

-- @case: both directions give the same statement
synchronize exactonlinerest..accounts from accounts_soll@inmemorystorage with insert identified by code
synchronize accounts_soll@inmemorystorage to exactonlinerest..accounts with insert identified by code
sync exactonlinerest..accounts from accounts_soll@inmemorystorage with insert identified by code
-- @expect: print SYNCHRONIZE exactonlinerest..accounts FROM accounts_soll@inmemorystorage WITH INSERT IDENTIFIED BY code
-- @expect: print SYNCHRONIZE exactonlinerest..accounts FROM accounts_soll@inmemorystorage WITH INSERT IDENTIFIED BY code
-- @expect: print SYNCHRONIZE exactonlinerest..accounts FROM accounts_soll@inmemorystorage WITH INSERT IDENTIFIED BY code

-- @case: every combination and order of operations
synchronize t from s with update identified by k
synchronize t from s with delete identified by k
synchronize t from s with update or insert identified by k
synchronize t from s with delete or update or insert identified by k
synchronize t from s with insert or delete identified by k
-- @expect: print SYNCHRONIZE t FROM s WITH UPDATE IDENTIFIED BY k
-- @expect: print SYNCHRONIZE t FROM s WITH DELETE IDENTIFIED BY k
-- @expect: print SYNCHRONIZE t FROM s WITH INSERT OR UPDATE IDENTIFIED BY k
-- @expect: print SYNCHRONIZE t FROM s WITH INSERT OR UPDATE OR DELETE IDENTIFIED BY k
-- @expect: print SYNCHRONIZE t FROM s WITH INSERT OR DELETE IDENTIFIED BY k

-- @case: row limits
synchronize t from s with insert exit after 10 rows or update error after 5 rows or delete exit after 1 row identified by k
-- @expect: print SYNCHRONIZE t FROM s WITH INSERT EXIT AFTER 10 ROWS OR UPDATE ERROR AFTER 5 ROWS OR DELETE EXIT AFTER 1 ROWS IDENTIFIED BY k

-- @case: every clause
synchronize exactonlinerest.crm.accounts@eol from a@inmemorystorage
with insert or update
ignore changes to name, chamberofcommerce
ignore nulls on values
identified by division, code
continue on first 500 errors
-- @expect: print SYNCHRONIZE exactonlinerest.crm.accounts@eol FROM a@inmemorystorage WITH INSERT OR UPDATE IGNORE CHANGES TO name, chamberofcommerce IGNORE NULLS ON VALUES IDENTIFIED BY division, code CONTINUE ON FIRST 500 ERRORS

-- @case: each ignore nulls mode
synchronize t from s with insert ignore nulls identified by k
synchronize t from s with insert ignore nulls on identified by identified by k
synchronize t from s with insert ignore nulls on all identified by k
-- @expect: print SYNCHRONIZE t FROM s WITH INSERT IGNORE NULLS IDENTIFIED BY k
-- @expect: print SYNCHRONIZE t FROM s WITH INSERT IGNORE NULLS ON IDENTIFIED BY IDENTIFIED BY k
-- @expect: print SYNCHRONIZE t FROM s WITH INSERT IGNORE NULLS ON ALL IDENTIFIED BY k

-- @case: tokens split over lines as in the seed
synchronize exactonlinerest..accounts
from accounts_soll@inmemorystorage
with insert
or
update
identified
by division
, code
continue on first 500 errors
select 1
-- @expect: print SYNCHRONIZE exactonlinerest..accounts FROM accounts_soll@inmemorystorage WITH INSERT OR UPDATE IDENTIFIED BY division, code CONTINUE ON FIRST 500 ERRORS
-- @expect: print SELECT 1
-- @expect: span 1 1:1-9:29

-- @case: explain synchronize
explain synchronize t from s with insert or update or delete identified by k
explain sync s to t with delete identified by k
-- @expect: print EXPLAIN SYNCHRONIZE t FROM s WITH INSERT OR UPDATE OR DELETE IDENTIFIED BY k
-- @expect: print EXPLAIN SYNCHRONIZE t FROM s WITH DELETE IDENTIFIED BY k

-- @case: identified by is required
synchronize t from s with insert or update
select 1
-- @expect: error 2:1 Expected IDENTIFIED BY (SYNCHRONIZE needs the columns that pair rows), found: select

-- @case: missing direction
synchronize t s with insert identified by k
-- @expect: error 1:15 Expected FROM or TO after the first table of SYNCHRONIZE, found: s

-- @case: missing with
synchronize t from s identified by k
-- @expect: error 1:22 Expected WITH after the tables of SYNCHRONIZE, found: identified

-- @case: no operation
synchronize t from s with identified by k
-- @expect: error 1:27 Expected INSERT, UPDATE or DELETE after WITH, found: identified

-- @case: dangling or
synchronize t from s with insert or identified by k
-- @expect: error 1:37 Expected INSERT, UPDATE or DELETE after OR, found: identified

-- @case: an operation twice
synchronize t from s with insert or insert identified by k
-- @expect: error 1:37 INSERT is given twice

-- @case: a clause twice
synchronize t from s with insert identified by k identified by j
-- @expect: error 1:50 IDENTIFIED BY is given twice

-- @case: incomplete limit
synchronize t from s with insert exit after rows identified by k
-- @expect: error 1:45 Expected a whole number, found: rows

-- @case: incomplete continue
synchronize t from s with insert identified by k continue on first 5
-- @expect: error 1:69 Expected ERRORS after CONTINUE ON FIRST N, found: end of script

-- @case: a bad ignore
synchronize t from s with insert ignore everything identified by k
-- @expect: error 1:41 Expected CHANGES or NULLS after IGNORE, found: everything

-- @case: a bad table name
synchronize a.b.c.d from s with insert identified by k
-- @expect: error 1:13 Invalid table name a.b.c.d
