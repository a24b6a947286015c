-- Writing to cloud tables, routed by division.

-- @case: insert, update, delete an account
use 102700
insert into exactonlinerest..accounts (division, code, name) values (102700, '990001', 'Golden BV')
update exactonlinerest..accounts set name = 'Golden 2 BV' where division = 102700 and code = '990001'
select name from exactonlinerest..accounts where division = 102700 and code = '990001'
-- @expect: row Golden 2 BV

-- @case: delete
use 102700
insert into exactonlinerest..accounts (division, code, name) values (102700, '990002', 'Gone BV')
delete from exactonlinerest..accounts where division = 102700 and code = '990002'
select count(*) from exactonlinerest..accounts where division = 102700 and code = '990002'
-- @expect: row 0

-- @case: insert into an inaccessible company
insert into exactonlinerest..accounts (division, code, name) values (999001, '1', 'x')
-- @expect: error 1:1 company 999001 is not among

-- @case: a read-only column
update exactonlinerest..accounts set created = '2020-01-01' where division = 102673 and code = '1'
-- @expect: error 1:1 cannot be written

-- @case: where division outside the active companies reads nothing
use 102673
select count(*) from exactonlinerest..accounts where division = 102700
-- @expect: row 0
