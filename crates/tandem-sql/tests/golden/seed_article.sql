local define SOURCE_COMPANY "102673"
create or replace table targetcompanies@inmemorystorage
as
--
-- Randomly select 10 companies.
--
select code
from systemdivisions
where code != ${SOURCE_COMPANY}
--
-- Uncomment the following to choose just one specific target company.
--
-- code = 868056
limit 10
use ${SOURCE_COMPANY}
--
-- Create cartesian product of target companies and
-- Exact Online accounts to load.
--
create or replace table accounts_soll@inmemorystorage
as
select tgt.code
division
, act.code
, act.name
, act.chamberofcommerce
from exactonlinerest..accounts act
join targetcompanies@inmemorystorage tgt
where act.division = ${SOURCE_COMPANY}
and act.name like 'Aanneming%'
--
-- Focus on all selected target companies.
--
use select code from TARGETCOMPANIES@InMemoryStorage
synchronize exactonlinerest..accounts
from accounts_soll@inmemorystorage
with insert
or
update
identified
by division
, code
continue on first 500 errors
