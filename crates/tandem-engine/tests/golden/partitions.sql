-- use and systempartitions.

-- @case: one company
use 102673
select code from systempartitions
-- @expect: row 102673

-- @case: a list
use 102673, 102700@eol
select count(*) from systempartitions
-- @expect: row 2

-- @case: all
use all
select count(*) from systempartitions
-- @expect: row 13

-- @case: a query with codes
create table picks@inmemorystorage as select code from systemdivisions where code <> 102673 order by code limit 3
use select code from picks@inmemorystorage
select count(distinct division) from exactonlinerest..accounts
-- @expect: row 3

-- @case: an inaccessible company
use 102673, 999001
-- @expect: error 1:1 company 999001 is not among the companies

-- @case: division in restricts the companies read
use all
select count(distinct division) from exactonlinerest..accounts where division in (102673, 102700)
-- @expect: row 2
