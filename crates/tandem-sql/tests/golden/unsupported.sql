-- Invantive features Tandem does not support yet: a clear "not supported"
-- error with the position, never a confusing syntax error; the reader then
-- finds the next statement.

-- @case: a PSQL block is skipped as a whole
select 1
declare
  l_x number;
begin
  if 1 = 1 then
    l_x := case when 1 = 1 then 1 else 2 end;
  end if;
end;
select 2
-- @expect: continue
-- @expect: kind NotSupported
-- @expect: print SELECT 1
-- @expect: error 2:1 A PSQL block (declare/begin ... end) is not supported by Tandem yet
-- @expect: print SELECT 2

-- @case: begin block
begin
  dbms_output.put_line('x');
end;
use 1
-- @expect: continue
-- @expect: error 1:1 A PSQL block (declare/begin ... end) is not supported by Tandem yet
-- @expect: print USE 1

-- @case: other statements
alter persistent cache set token 'x'
grant select on t to u
create or replace procedure p is begin null; end;
create function f return number
explain select 1
execute native 'select 1' datacontainer 'eol'
truncate table t
select 3
-- @expect: continue
-- @expect: kind NotSupported
-- @expect: error 1:1 The ALTER statement is not supported by Tandem yet
-- @expect: error 2:1 The GRANT statement is not supported by Tandem yet
-- @expect: error 3:1 CREATE PROCEDURE is not supported by Tandem yet
-- @expect: error 4:1 CREATE FUNCTION is not supported by Tandem yet
-- @expect: error 5:1 EXPLAIN other than EXPLAIN SYNCHRONIZE is not supported by Tandem yet
-- @expect: error 6:1 The EXECUTE statement is not supported by Tandem yet
-- @expect: error 7:1 The TRUNCATE TABLE statement is not supported by Tandem yet
-- @expect: print SELECT 3

-- @case: rendering a not-supported error
select 1
  alter session set x = 1
-- @expect: print SELECT 1
-- @expect: error 2:3 The ALTER statement is not supported by Tandem yet
-- @expect: render
-- | line 2, column 3: The ALTER statement is not supported by Tandem yet
-- |   alter session set x = 1
-- |   ^
