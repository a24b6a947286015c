-- Who ran it: the operating system's user (as the synchronize run log
-- records it); null for runs recorded before this migration.
alter table history add column run_by text;

-- A run's result sets are kept beside the app database (one SQLite file
-- per run, in the data folder's `results/`), so the history can reopen
-- them. Only the latest runs keep theirs, and a very large answer is not
-- kept: these columns say which runs have them and how many rows they had.
--
-- result_rows: rows over all of the run's result sets; null when the run
-- made none (or ran before this migration).
alter table history add column result_rows integer;
-- 1 while the run's results file is kept; 0 when it was never written
-- (too large, could not be written) or has been removed to make room.
alter table history add column results_kept integer not null default 0
    check (results_kept in (0, 1));
