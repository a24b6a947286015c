-- local commands end at the end of their line and are not SQL.

-- @case: every local command
local define NAME "a ""quoted"" value"
local undefine NAME
local remark It's a remark, with an apostrophe
local on error continue
local on error default
local export results as "c:\temp\out.xlsx" format xlsx include headers
local export results as "out.csv" format csv
-- @expect: print LOCAL DEFINE NAME "a ""quoted"" value"
-- @expect: print LOCAL UNDEFINE NAME
-- @expect: print LOCAL REMARK It's a remark, with an apostrophe
-- @expect: print LOCAL ON ERROR CONTINUE
-- @expect: print LOCAL ON ERROR DEFAULT
-- @expect: print LOCAL EXPORT RESULTS AS "c:\temp\out.xlsx" FORMAT XLSX INCLUDE HEADERS
-- @expect: print LOCAL EXPORT RESULTS AS "out.csv" FORMAT CSV

-- @case: local commands between statements without semicolons
select 1
local remark between
select 2; local remark after a semicolon
  LOCAL REMARK indented and upper case
-- @expect: print SELECT 1
-- @expect: print LOCAL REMARK between
-- @expect: print SELECT 2
-- @expect: print LOCAL REMARK after a semicolon
-- @expect: print LOCAL REMARK indented and upper case
-- @expect: span 4 3:11-3:41

-- @case: remarks and file names are expanded
local define WHO "world"
local remark hello ${WHO}
local export results as "${WHO}.csv" format csv
-- @expect: print LOCAL DEFINE WHO "world"
-- @expect: print LOCAL REMARK hello world
-- @expect: print LOCAL EXPORT RESULTS AS "world.csv" FORMAT CSV

-- @case: an unknown local command is not supported
select 1
local memorize results clipboard
select 2
-- @expect: continue
-- @expect: print SELECT 1
-- @expect: error 2:7 local memorize is not supported by Tandem yet
-- @expect: print SELECT 2
-- @expect: kind NotSupported

-- @case: local command errors point into the line
local on error stop
local export results as "x.pdf" format pdf
local define
-- @expect: continue
-- @expect: error 1:16 Expected continue or default after on error
-- @expect: error 2:40 Expected xlsx or csv after format
-- @expect: error 3:13 Expected a parameter name after define

-- @case: an undefined parameter in a remark
local remark ${MISSING}
-- @expect: error 1:14 Undefined parameter ${MISSING}
