-- Synchronize run log: what each synchronize planned, sent and got back, so
-- a user can see what changed where, and an undo can be built from it.
--
-- The run and its whole plan are written before the first API write, and
-- each change is marked 'sending' before its call, so a run whose process
-- was killed still shows what it meant to do and which call's outcome is
-- unknown.
create table syncruns (
    id integer primary key,
    -- ISO-8601 UTC, stamped by SQLite.
    started_at text not null,
    finished_at text,
    -- The canonical text of the synchronize statement.
    statement text not null,
    user text not null,
    -- JSON list: the active companies (divisions).
    companies text not null check (json_type(companies) = 'array'),
    -- The run this run undoes.
    undo_of integer references syncruns (id),
    -- Null until the run finishes; a run that never finished keeps null.
    outcome text check (outcome in ('ok', 'row_errors', 'failed', 'cancelled')),
    -- Counts and calls are null until the run finishes.
    inserted integer,
    updated integer,
    deleted integer,
    unchanged integer,
    failed integer,
    api_calls integer,
    error text
) strict;

-- One row per planned change of a run, in the order it is applied.
create table syncchanges (
    run_id integer not null references syncruns (id) on delete cascade,
    -- 1-based order within the run.
    seq integer not null check (seq >= 1),
    company integer,
    operation text not null check (operation in ('insert', 'update', 'delete')),
    -- Human key text, e.g. code = '1', division = 2; what users search by.
    key text not null,
    -- The target row's identity (an Exact GUID); for an insert, the new
    -- row's, once known.
    row_id text,
    -- JSON objects, column -> value: before holds an update's changed
    -- columns' old values or a deleted row; after the values written.
    before text check (before is null or json_type(before) = 'object'),
    after text check (after is null or json_type(after) = 'object'),
    -- planned -> sending -> done | failed; planned -> not_done when the run
    -- ends first. 'sending' left behind means the outcome is unknown.
    outcome text not null default 'planned'
        check (outcome in ('planned', 'sending', 'done', 'failed', 'not_done')),
    error text,
    -- API calls the change used, retries and look-ups included.
    calls integer not null default 0,
    -- Null exactly while the outcome is planned or sending.
    finished_at text,
    primary key (run_id, seq)
) strict;

-- Searching by key ("what happened to customer 1234?") is a substring
-- match, which no index can seek. This index holds just what the search
-- reads, in the order it wants (newest run first), so the search scans it
-- instead of the table with its JSON columns, and stops once it has enough.
create index syncchanges_key_search on syncchanges (run_id, seq, key);
