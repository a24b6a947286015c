-- Golden cases for tandem-functions: one statement per line, the expected
-- value after "-- @expect: " (NULL for NULL, "error: ..." for an error).

-- nvl
select nvl(null, 'fallback'); -- @expect: fallback
select nvl('value', 'fallback'); -- @expect: value
select nvl(null, null); -- @expect: NULL

-- to_char with dates
select to_char('2026-11-26', 'DD-MM-YYYY'); -- @expect: 26-11-2026
select to_char('2026-11-26 14:30:00', 'YYYY-MM-DD HH24:MI:SS'); -- @expect: 2026-11-26 14:30:00
select to_char('2026-11-26T14:30:00', 'HH:MI PM'); -- @expect: 02:30 PM
select to_char('2026-11-26', 'DD MON YYYY'); -- @expect: 26 NOV 2026
select to_char('2026-11-26', 'FMDay DD Month YYYY'); -- @expect: Thursday 26 November 2026
select to_char('2026-11-26', 'YYYYMM'); -- @expect: 202611
select to_char(null, 'YYYY'); -- @expect: NULL
select to_char('2026-11-26', 'YYYY-WW'); -- @expect: error: to_char: unknown format element at 'WW' in format 'YYYY-WW'

-- to_char with numbers
select to_char(1234567.891, '9G999G990D00'); -- @expect:  1,234,567.89
select to_char(0.5, 'FM990D00'); -- @expect: 0.50
select to_char(-12, '000'); -- @expect: -012
select to_char(12345, '999'); -- @expect: ####
select to_char(42); -- @expect: 42

-- to_number
select to_number('1.234,5'); -- @expect: error: to_number: '1.234,5' is not a number
select to_number('1,234.5', '9G999D9'); -- @expect: 1234.5
select to_number('  17 '); -- @expect: 17
select to_number(null); -- @expect: NULL

-- to_date
select to_date('26-11-2026', 'DD-MM-YYYY'); -- @expect: 2026-11-26
select to_date('26-11-2026 14:30', 'DD-MM-YYYY HH24:MI'); -- @expect: 2026-11-26 14:30:00
select to_date('31-02-2026', 'DD-MM-YYYY'); -- @expect: error: to_date: '31-02-2026' does not match format 'DD-MM-YYYY': February 2026 has no day 31
select to_date('26/11/2026', 'DD-MM-YYYY'); -- @expect: 2026-11-26

-- add_months
select add_months('2026-01-31', 1); -- @expect: 2026-02-28
select add_months('2026-02-28', 1); -- @expect: 2026-03-31
select add_months('2026-11-26 08:00:00', -12); -- @expect: 2025-11-26 08:00:00
select add_months(null, 1); -- @expect: NULL

-- trunc
select trunc('2026-11-26 14:30:00'); -- @expect: 2026-11-26
select trunc('2026-11-26', 'MM'); -- @expect: 2026-11-01
select trunc('2026-11-26', 'YYYY'); -- @expect: 2026-01-01
select trunc(15.79, 1); -- @expect: 15.7
select trunc(15.79); -- @expect: 15
select trunc(1579, -2); -- @expect: 1500

-- regexp_replace / regexp_like
select regexp_replace('06-12 34 56 78', '[^0-9]', ''); -- @expect: 0612345678
select regexp_replace('Smit, Jan', '(\w+), (\w+)', '\2 \1'); -- @expect: Jan Smit
select regexp_replace('aaa', 'a', 'b', 1, 2); -- @expect: aba
select regexp_like('NL91ABNA0417164300', '^NL[0-9]{2}[A-Z]{4}[0-9]{10}$'); -- @expect: 1
select regexp_like('be12', '^NL', 'i'); -- @expect: 0
select regexp_like('abc', '['); -- @expect: error: regexp_like: invalid regular expression '[': error: unclosed character class

-- instr
select instr('Hello world', 'o'); -- @expect: 5
select instr('Hello world', 'o', 6); -- @expect: 8
select instr('Hello world', 'o', -1); -- @expect: 8
select instr('Hello world', 'o', 1, 2); -- @expect: 8
select instr('Hello world', 'z', 1, 1); -- @expect: 0

-- lpad / rpad / initcap
select lpad('42', 6, '0'); -- @expect: 000042
select rpad('ab', 4, '*'); -- @expect: ab**
select initcap('jAN de VRIES'); -- @expect: Jan De Vries
select initcap(null); -- @expect: NULL
