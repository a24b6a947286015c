-- Run history: one row per script run. The row is written when the run
-- starts and completed when it ends, so a run that never finished (a crash,
-- a killed process) still shows, without an outcome.
create table history (
    id integer primary key,
    -- ISO-8601 UTC, stamped by SQLite.
    started_at text not null,
    finished_at text,
    script text not null,
    -- JSON object: the ${NAME} values the run was given.
    parameters text not null,
    -- JSON list: the companies (partitions) the run used.
    companies text not null,
    duration_ms integer,
    api_calls integer,
    outcome text check (outcome in ('ok', 'failed', 'cancelled', 'row_errors')),
    error text
) strict;
