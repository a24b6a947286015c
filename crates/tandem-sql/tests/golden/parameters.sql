-- ${NAME} substitution: before parsing, recursive, case-insensitive, lazy,
-- with errors that point at the ${ in the original text.

-- @case: a local define is used by the statements after it
local define CODE "102673"
use ${CODE}
select * from t where code = '${code}'
-- @expect: print LOCAL DEFINE CODE "102673"
-- @expect: print USE 102673
-- @expect: print SELECT * FROM t WHERE code = '102673'
-- @expect: sql 2 use 102673
-- @expect: span 2 2:1-2:12

-- @case: values from the command line
use ${company}
-- @define: COMPANY=42
-- @expect: print USE 42

-- @case: values are expanded recursively
local define A "${B}, ${b}"
local define B "7"
use ${A}
-- @expect: print LOCAL DEFINE A "${B}, ${b}"
-- @expect: print LOCAL DEFINE B "7"
-- @expect: print USE 7, 7

-- @case: an undefined name is an error at its ${
select 1
from dual
where x = ${X}
-- @expect: error 3:11 Undefined parameter ${X}
-- @expect: kind UndefinedParameter
-- @expect: render
-- | line 3, column 11: Undefined parameter ${X}
-- | where x = ${X}
-- |           ^

-- @case: an undefined name fails only when its statement is reached
select 1
use ${LATER}
local define LATER "2"
use ${LATER}
-- @expect: continue
-- @expect: print SELECT 1
-- @expect: error 2:5 Undefined parameter ${LATER}
-- @expect: print LOCAL DEFINE LATER "2"
-- @expect: print USE 2

-- @case: undefine removes a value
local define X "1"
local undefine x
use ${X}
-- @expect: print LOCAL DEFINE X "1"
-- @expect: print LOCAL UNDEFINE x
-- @expect: error 3:5 Undefined parameter ${X}

-- @case: an error inside an expanded value points at the ${
local define WHERE_CLAUSE "a = = 1"
select * from t where ${WHERE_CLAUSE}
-- @expect: print LOCAL DEFINE WHERE_CLAUSE "a = = 1"
-- @expect: error 2:23 Expected: an expression, found: =

-- @case: positions after a longer value still point into the original
local define V "a_rather_long_value"
select ${V}, 1 +
-- @expect: print LOCAL DEFINE V "a_rather_long_value"
-- @expect: error 2:17 Expected: an expression, found: end of script

-- @case: a cycle is reported with its chain
local define A "${B}"
local define B "${A}"
select ${a}
-- @expect: print LOCAL DEFINE A "${B}"
-- @expect: print LOCAL DEFINE B "${A}"
-- @expect: error 3:8 Parameter values refer to each other: ${a} -> ${B} -> ${A}
-- @expect: kind ParameterCycle

-- @case: references in comments are not expanded
select 1 -- ${NOT_DEFINED}
/* ${NOT_DEFINED_EITHER} */
-- @expect: print SELECT 1

-- @case: a malformed reference is an error
select ${ X }
-- @expect: error 1:8 Malformed parameter reference: expected ${NAME}

-- @case: a value may hold a whole clause
local define FILTER "where code in (1, 2)"
select code from t ${FILTER}
-- @expect: print LOCAL DEFINE FILTER "where code in (1, 2)"
-- @expect: print SELECT code FROM t WHERE code IN (1, 2)
-- @expect: span 2 2:1-2:29
