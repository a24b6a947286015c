-- In-memory tables: create [or replace], drop, insert, update, delete.

-- @case: create or replace twice
create or replace table t@inmemorystorage as select 1 a
create or replace table t@inmemorystorage as select 2 a union all select 3
select a from t@inmemorystorage order by a
-- @expect: rows 2
-- @expect: row 2
-- @expect: row 3

-- @case: plain SQL goes to the in-memory store
create table plain (a integer, b text)
insert into plain values (1, 'x'), (2, 'y'), (3, null)
update plain set b = 'z' where a = 1
delete from plain where a = 2
select a, b from plain order by a
-- @expect: row 1 | z
-- @expect: row 3 | NULL

-- @case: create without replace on an existing table fails
create table t@inmemorystorage as select 1 a
create table t@inmemorystorage as select 1 a
-- @expect: error 2:1 already exists

-- @case: drop
create table t@inmemorystorage (a)
drop table t@inmemorystorage
select * from t
-- @expect: error 3:15 Unknown table t

-- @case: views over in-memory tables
create table t (a)
insert into t values (1), (2)
create view v as select a * 10 x from t
select sum(x) from v
-- @expect: row 30

-- @case: types survive into in-memory tables
create table t@inmemorystorage as select code, name, created, isaccountant from exactonlinerest..accounts where division = 102673 and code = '1'
select * from t@inmemorystorage
-- @expect: columns Code:text, Name:text, Created:datetime, IsAccountant:boolean
-- @expect: rows 1

-- @case: a cloud name cannot be created
create table accounts (a)
-- @expect: error 1:1 is a cloud table
