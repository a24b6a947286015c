-- use: which companies the following statements read.

-- @case: every form of use
use 102673
use 1, 2, 3
use all
use 123@eol
use 1@eol, 2
use all@eol
use select code from TARGETCOMPANIES@InMemoryStorage
use select code, 'eol' from t
-- @expect: print USE 102673
-- @expect: print USE 1, 2, 3
-- @expect: print USE ALL
-- @expect: print USE 123@eol
-- @expect: print USE 1@eol, 2
-- @expect: print USE ALL@eol
-- @expect: print USE SELECT code FROM TARGETCOMPANIES@InMemoryStorage
-- @expect: print USE SELECT code, 'eol' FROM t

-- @case: use split over lines
use 1
, 2
,3
-- @expect: print USE 1, 2, 3

-- @case: use without partitions
use
-- @expect: error 1:4 Expected partition codes, ALL or a query after USE, found: end of script
-- @expect: render
-- | line 1, column 4: Expected partition codes, ALL or a query after USE, found: end of script
-- | use
-- |    ^

-- @case: use followed by a semicolon
use ;
-- @expect: error 1:5 Expected partition codes, ALL or a query after USE, found: ;

-- @case: a dangling comma
use 1,
select 1
-- @expect: error 2:1 Expected a partition code after ',', found: select

-- @case: an alias without a name
use 1@
-- @expect: error 1:7 Expected a data container alias after '@', found: end of script
