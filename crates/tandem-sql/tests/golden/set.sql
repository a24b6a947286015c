-- set NAME VALUE [@alias]: session settings, names with dashes.

-- @case: settings
set use-http-disk-cache false
set http-disk-cache-max-age-sec 3600
set use-http-disk-cache@eol true
set trace 'on' @eol
set x 1
select 1
-- @expect: print SET use-http-disk-cache false
-- @expect: print SET http-disk-cache-max-age-sec 3600
-- @expect: print SET use-http-disk-cache true@eol
-- @expect: print SET trace 'on'@eol
-- @expect: print SET x 1
-- @expect: print SELECT 1

-- @case: set without a value
set x
-- @expect: error 1:6 Expected a value for the setting, found: end of script

-- @case: set does not swallow the next statement's words
set a b c
-- @expect: error 1:9 Expected end of statement, found: c
