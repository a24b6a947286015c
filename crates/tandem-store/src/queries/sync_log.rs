//! The synchronize run log: tables `syncruns` and `syncchanges`.
//!
//! A synchronize writes to someone's books, so afterwards they must be able
//! to see exactly what it did, and a run cut short must say what it left
//! undone. The log is therefore written ahead of the work:
//!
//! 1. [`SyncLog::start`] records the run and its whole plan, every change
//!    [`Planned`](ChangeOutcome::Planned), in one transaction, before the
//!    first API write;
//! 2. [`SyncLog::sending`] marks a change just *before* its call, so a killed
//!    process leaves it [`Sending`](ChangeOutcome::Sending): sent or not,
//!    nobody knows;
//! 3. [`SyncLog::finished`] records how the change ended;
//! 4. [`SyncLog::finish`] completes the run; what was still planned becomes
//!    [`NotDone`](ChangeOutcome::NotDone).
//!
//! A run with no outcome did not finish: it is running, or its process was
//! stopped. Its changes still say how far it got. A change left `sending`
//! is not resolved by guessing: the next synchronize re-reads the target
//! rows and plans from what is really there, so it converges either way.
//!
//! `finished` runs once per API write, thousands of times a run, so every
//! statement here is prepared once per connection and cached.

use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::NOW;
use crate::{Error, Result};

/// What is known when a synchronize run starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewSyncRun<'a> {
    /// The canonical text of the synchronize statement.
    pub statement: &'a str,
    /// Who ran it.
    pub user: &'a str,
    /// The active companies (divisions).
    pub companies: &'a [i64],
    /// The run this run undoes, if it is an undo; it must be in the log.
    pub undo_of: Option<i64>,
}

/// One change of a run's plan, as recorded before anything is sent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewSyncChange<'a> {
    /// Its place in the run, from 1, unique within the run: the order in
    /// which changes are applied.
    pub seq: i64,
    /// The company (division) it writes to.
    pub company: Option<i64>,
    /// `"insert"`, `"update"` or `"delete"`; anything else is refused.
    pub operation: &'a str,
    /// The row's key as people read it: `code = '1', division = 2`.
    pub key: &'a str,
    /// The target row's identity (an Exact GUID), for an update or delete.
    pub row_id: Option<&'a str>,
    /// JSON object, column -> value, before the change: an update's changed
    /// columns' old values, or the whole deleted row.
    pub before: Option<&'a str>,
    /// JSON object, column -> value, to be written: an insert's values, or
    /// an update's changed columns' new values.
    pub after: Option<&'a str>,
}

/// Where a change stands.
///
/// `Planned` → `Sending` → `Done` or `Failed`; `Planned` → `NotDone` when
/// the run ends before reaching it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOutcome {
    /// Recorded at the start of the run; not sent yet.
    Planned,
    /// Its call is under way. Left behind by a stopped process, it means the
    /// outcome is unknown: the service may or may not have applied it.
    Sending,
    /// The service applied it.
    Done,
    /// The service refused it, or it could not be sent; see the error.
    Failed,
    /// Never sent: the run stopped (failed, cancelled, too many row errors)
    /// before reaching it. The target was not touched.
    NotDone,
}

impl ChangeOutcome {
    const ALL: [ChangeOutcome; 5] = [
        ChangeOutcome::Planned,
        ChangeOutcome::Sending,
        ChangeOutcome::Done,
        ChangeOutcome::Failed,
        ChangeOutcome::NotDone,
    ];

    /// The value stored in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeOutcome::Planned => "planned",
            ChangeOutcome::Sending => "sending",
            ChangeOutcome::Done => "done",
            ChangeOutcome::Failed => "failed",
            ChangeOutcome::NotDone => "not_done",
        }
    }

    /// The outcome stored as `text`, if it is one.
    pub fn parse(text: &str) -> Option<ChangeOutcome> {
        ChangeOutcome::ALL.into_iter().find(|o| o.as_str() == text)
    }

    /// Whether a change can end this way (not planned or sending).
    fn is_end(self) -> bool {
        !matches!(self, ChangeOutcome::Planned | ChangeOutcome::Sending)
    }
}

/// How a change ended, for [`SyncLog::finished`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangeEnd<'a> {
    /// `Done`, `Failed` or `NotDone`; `Planned` and `Sending` are refused.
    pub outcome: ChangeOutcome,
    /// The new row's identity after an insert; `None` keeps what is stored.
    pub row_id: Option<&'a str>,
    /// Replaces the stored `after` JSON when given, e.g. with the row as the
    /// service stored it.
    pub after: Option<&'a str>,
    /// Why it failed (names the row by key, never its values).
    pub error: Option<&'a str>,
    /// API calls it used, retries and look-ups included.
    pub calls: u64,
}

/// How a synchronize run ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncOutcome {
    /// Every planned change was applied.
    Ok,
    /// It ran to the end, with changes that failed (it was told to continue
    /// on row errors).
    RowErrors,
    /// An error stopped it; changes not reached are `not_done`.
    Failed,
    /// The user stopped it; changes not reached are `not_done`.
    Cancelled,
}

impl SyncOutcome {
    const ALL: [SyncOutcome; 4] = [
        SyncOutcome::Ok,
        SyncOutcome::RowErrors,
        SyncOutcome::Failed,
        SyncOutcome::Cancelled,
    ];

    /// The value stored in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            SyncOutcome::Ok => "ok",
            SyncOutcome::RowErrors => "row_errors",
            SyncOutcome::Failed => "failed",
            SyncOutcome::Cancelled => "cancelled",
        }
    }

    /// The outcome stored as `text`, if it is one.
    pub fn parse(text: &str) -> Option<SyncOutcome> {
        SyncOutcome::ALL.into_iter().find(|o| o.as_str() == text)
    }
}

/// Rows a run wrote or compared, as the engine counted them.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct SyncCounts {
    /// Rows inserted.
    pub inserted: u64,
    /// Rows updated.
    pub updated: u64,
    /// Rows deleted.
    pub deleted: u64,
    /// Rows compared and found equal: nothing to write.
    pub unchanged: u64,
    /// Changes that failed.
    pub failed: u64,
}

/// How a run ended, for [`SyncLog::finish`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyncRunEnd<'a> {
    /// How it ended.
    pub outcome: SyncOutcome,
    /// What it did.
    pub counts: SyncCounts,
    /// Every API call it made, reads included.
    pub api_calls: u64,
    /// The error that stopped it, if any.
    pub error: Option<&'a str>,
}

/// One recorded synchronize run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncRun {
    /// The run's id, increasing with each run.
    pub id: i64,
    /// When it started (ISO-8601 UTC).
    pub started_at: String,
    /// When it ended; `None` while running, or if it never finished.
    pub finished_at: Option<String>,
    /// The canonical text of the synchronize statement.
    pub statement: String,
    /// Who ran it.
    pub user: String,
    /// The active companies.
    pub companies: Vec<i64>,
    /// The run it undoes, if it is an undo.
    pub undo_of: Option<i64>,
    /// How it ended; `None`: it did not finish (it is running, or its
    /// process was stopped), and its changes say how far it got.
    pub outcome: Option<SyncOutcome>,
    /// What it did; zero until it finishes.
    pub counts: SyncCounts,
    /// The number of changes it planned (recorded).
    pub planned: u64,
    /// API calls it made; zero until it finishes.
    pub api_calls: u64,
    /// The error that stopped it, if any.
    pub error: Option<String>,
}

/// One recorded change of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncChange {
    /// The run it belongs to.
    pub run_id: i64,
    /// Its place in the run, from 1.
    pub seq: i64,
    /// The company (division) it writes to.
    pub company: Option<i64>,
    /// `"insert"`, `"update"` or `"delete"`.
    pub operation: String,
    /// The row's key as people read it.
    pub key: String,
    /// The target row's identity; for an insert, the new row's once done.
    pub row_id: Option<String>,
    /// JSON object: the values before (see [`NewSyncChange::before`]).
    pub before: Option<String>,
    /// JSON object: the values written (see [`NewSyncChange::after`]).
    pub after: Option<String>,
    /// Where it stands; `Sending` in a finished or stopped run means the
    /// outcome is unknown.
    pub outcome: ChangeOutcome,
    /// Why it failed, if it did.
    pub error: Option<String>,
    /// API calls it used.
    pub calls: u64,
    /// When its outcome became known; `None` exactly while it is planned or
    /// sending.
    pub finished_at: Option<String>,
}

/// Reads and writes the synchronize run log; from
/// [`Store::sync_log`](crate::Store::sync_log).
#[derive(Debug, Clone, Copy)]
pub struct SyncLog<'a> {
    conn: &'a Connection,
}

const RUN_COLUMNS: &str = "id, started_at, finished_at, statement, user, companies, undo_of, \
     outcome, inserted, updated, deleted, unchanged, failed, api_calls, error, \
     (select count(*) from syncchanges c where c.run_id = syncruns.id)";
const CHANGE_COLUMNS: &str = "run_id, seq, company, operation, key, row_id, before, after, \
     outcome, error, calls, finished_at";

impl<'a> SyncLog<'a> {
    pub(crate) fn new(conn: &'a Connection) -> SyncLog<'a> {
        SyncLog { conn }
    }

    /// Records a run and its whole plan, every change planned, in one
    /// transaction: the log never holds half a plan. Returns the run's id.
    ///
    /// Refused (nothing written) if a change's operation is unknown, its
    /// `seq` is below 1 or repeated, its JSON is not an object, or `undo_of`
    /// is not a run in the log.
    pub fn start(&self, run: &NewSyncRun<'_>, changes: &[NewSyncChange<'_>]) -> Result<i64> {
        let companies = serde_json::to_string(run.companies).map_err(|source| Error::Json {
            what: "synchronize run's companies".to_owned(),
            source,
        })?;
        // Dropped without commit on an error, which rolls back.
        let tx = self.conn.unchecked_transaction()?;
        tx.prepare_cached(&format!(
            "insert into syncruns (started_at, statement, user, companies, undo_of) \
             values ({NOW}, ?1, ?2, ?3, ?4)"
        ))?
        .execute((run.statement, run.user, companies, run.undo_of))?;
        let id = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare_cached(
                "insert into syncchanges \
                 (run_id, seq, company, operation, key, row_id, before, after) \
                 values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for change in changes {
                insert.execute((
                    id,
                    change.seq,
                    change.company,
                    change.operation,
                    change.key,
                    change.row_id,
                    change.before,
                    change.after,
                ))?;
            }
        }
        tx.commit()?;
        Ok(id)
    }

    /// Marks a planned change as being sent. Call it *before* the API call,
    /// so that a process killed during the call leaves the change `sending`:
    /// outcome unknown.
    pub fn sending(&self, run: i64, seq: i64) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached(
                "update syncchanges set outcome = 'sending' \
                 where run_id = ?1 and seq = ?2 and outcome = 'planned'",
            )?
            .execute((run, seq))?;
        if changed == 0 {
            return Err(Error::NoOpenChange { run, seq });
        }
        Ok(())
    }

    /// Records how a planned or sending change ended, and when. A change
    /// ends once; ending it as planned or sending is refused.
    pub fn finished(&self, run: i64, seq: i64, end: &ChangeEnd<'_>) -> Result<()> {
        if !end.outcome.is_end() {
            return Err(Error::NotAnEnd {
                run,
                seq,
                outcome: end.outcome.as_str(),
            });
        }
        let changed = self
            .conn
            .prepare_cached(&format!(
                "update syncchanges set outcome = ?3, row_id = coalesce(?4, row_id), \
                 after = coalesce(?5, after), error = ?6, calls = ?7, finished_at = {NOW} \
                 where run_id = ?1 and seq = ?2 and outcome in ('planned', 'sending')"
            ))?
            .execute((
                run,
                seq,
                end.outcome.as_str(),
                end.row_id,
                end.after,
                end.error,
                to_sql(end.calls),
            ))?;
        if changed == 0 {
            return Err(Error::NoOpenChange { run, seq });
        }
        Ok(())
    }

    /// Completes run `run`, once. In the same transaction, changes still
    /// planned become `not_done`; changes still `sending` stay so, because
    /// whether the service applied them is unknown.
    pub fn finish(&self, run: i64, end: &SyncRunEnd<'_>) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        let changed = tx
            .prepare_cached(&format!(
                "update syncruns set finished_at = {NOW}, outcome = ?2, inserted = ?3, \
                 updated = ?4, deleted = ?5, unchanged = ?6, failed = ?7, api_calls = ?8, \
                 error = ?9 where id = ?1 and finished_at is null"
            ))?
            .execute((
                run,
                end.outcome.as_str(),
                to_sql(end.counts.inserted),
                to_sql(end.counts.updated),
                to_sql(end.counts.deleted),
                to_sql(end.counts.unchanged),
                to_sql(end.counts.failed),
                to_sql(end.api_calls),
                end.error,
            ))?;
        if changed == 0 {
            return Err(Error::NoOpenSyncRun { id: run });
        }
        tx.prepare_cached(&format!(
            "update syncchanges set outcome = 'not_done', finished_at = {NOW} \
             where run_id = ?1 and outcome = 'planned'"
        ))?
        .execute([run])?;
        tx.commit()?;
        Ok(())
    }

    /// The latest runs first, at most `limit`.
    pub fn runs(&self, limit: usize) -> Result<Vec<SyncRun>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "select {RUN_COLUMNS} from syncruns order by id desc limit ?1"
        ))?;
        let rows = statement.query_map([to_sql(limit as u64)], read_run)?;
        rows.map(|row| row?).collect()
    }

    /// Run `id`, if it is in the log.
    pub fn run(&self, id: i64) -> Result<Option<SyncRun>> {
        self.conn
            .prepare_cached(&format!("select {RUN_COLUMNS} from syncruns where id = ?1"))?
            .query_row([id], read_run)
            .optional()?
            .transpose()
    }

    /// Run `run`'s changes in the order they were planned (by `seq`); empty
    /// for an unknown run.
    pub fn changes(&self, run: i64) -> Result<Vec<SyncChange>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "select {CHANGE_COLUMNS} from syncchanges where run_id = ?1 order by seq"
        ))?;
        let rows = statement.query_map([run], read_change)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Changes of any run whose key contains `needle` (ignoring ASCII case;
    /// `%` and `_` are literal), newest run first and by `seq` within a run,
    /// at most `limit`: "what happened to customer 1234, everywhere?".
    pub fn changes_by_key(&self, needle: &str, limit: usize) -> Result<Vec<SyncChange>> {
        let escaped = needle
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let mut statement = self.conn.prepare_cached(&key_search_sql())?;
        let rows =
            statement.query_map((format!("%{escaped}%"), to_sql(limit as u64)), read_change)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The query of [`SyncLog::changes_by_key`]: `?1` a `like` pattern, `?2` the
/// limit.
///
/// A substring cannot seek an index: the inner select scans the narrow
/// `syncchanges_key_search` index, newest run first, until it has `limit`
/// matches; only those are read from the table.
fn key_search_sql() -> String {
    format!(
        "select {CHANGE_COLUMNS} from syncchanges where rowid in ( \
             select rowid from syncchanges where key like ?1 escape '\\' \
             order by run_id desc, seq limit ?2) \
         order by run_id desc, seq"
    )
}

/// A count as SQLite's signed integer; no real count reaches the limit.
fn to_sql(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A stored count; null (not finished) reads as zero.
fn count(row: &Row<'_>, index: usize) -> rusqlite::Result<u64> {
    Ok(row.get::<_, Option<i64>>(index)?.unwrap_or(0).max(0) as u64)
}

/// A row as a [`SyncRun`]; the outer error is SQLite's, the inner one the
/// companies JSON not reading back.
fn read_run(row: &Row<'_>) -> rusqlite::Result<Result<SyncRun>> {
    let id: i64 = row.get(0)?;
    let companies: String = row.get(5)?;
    let companies = match serde_json::from_str(&companies) {
        Ok(c) => c,
        Err(source) => {
            return Ok(Err(Error::Json {
                what: format!("companies of synchronize run {id}"),
                source,
            }))
        }
    };
    let outcome: Option<String> = row.get(7)?;
    Ok(Ok(SyncRun {
        id,
        started_at: row.get(1)?,
        finished_at: row.get(2)?,
        statement: row.get(3)?,
        user: row.get(4)?,
        companies,
        undo_of: row.get(6)?,
        // The table's check constraint admits only known outcomes.
        outcome: outcome.as_deref().and_then(SyncOutcome::parse),
        counts: SyncCounts {
            inserted: count(row, 8)?,
            updated: count(row, 9)?,
            deleted: count(row, 10)?,
            unchanged: count(row, 11)?,
            failed: count(row, 12)?,
        },
        api_calls: count(row, 13)?,
        error: row.get(14)?,
        planned: count(row, 15)?,
    }))
}

fn read_change(row: &Row<'_>) -> rusqlite::Result<SyncChange> {
    let outcome: String = row.get(8)?;
    Ok(SyncChange {
        run_id: row.get(0)?,
        seq: row.get(1)?,
        company: row.get(2)?,
        operation: row.get(3)?,
        key: row.get(4)?,
        row_id: row.get(5)?,
        before: row.get(6)?,
        after: row.get(7)?,
        // The table's check constraint admits only known outcomes; were one
        // to slip through, "unknown" is the honest reading.
        outcome: ChangeOutcome::parse(&outcome).unwrap_or(ChangeOutcome::Sending),
        error: row.get(9)?,
        calls: count(row, 10)?,
        finished_at: row.get(11)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TempDir;
    use crate::Store;

    fn change<'a>(seq: i64, operation: &'a str, key: &'a str) -> NewSyncChange<'a> {
        NewSyncChange {
            seq,
            company: Some(102673),
            operation,
            key,
            row_id: None,
            before: None,
            after: None,
        }
    }

    fn run<'a>(statement: &'a str) -> NewSyncRun<'a> {
        NewSyncRun {
            statement,
            user: "ada@example.com",
            companies: &[102673, 868056],
            undo_of: None,
        }
    }

    fn end(outcome: ChangeOutcome) -> ChangeEnd<'static> {
        ChangeEnd {
            outcome,
            row_id: None,
            after: None,
            error: None,
            calls: 1,
        }
    }

    fn run_end(outcome: SyncOutcome) -> SyncRunEnd<'static> {
        SyncRunEnd {
            outcome,
            counts: SyncCounts::default(),
            api_calls: 0,
            error: None,
        }
    }

    fn outcomes(changes: &[SyncChange]) -> Vec<ChangeOutcome> {
        changes.iter().map(|c| c.outcome).collect()
    }

    #[test]
    fn a_run_from_start_to_finish() {
        let store = Store::open_in_memory().unwrap();
        let log = store.sync_log();
        let plan = [
            NewSyncChange {
                after: Some(r#"{"code":"1","name":"Ada"}"#),
                ..change(1, "insert", "code = '1', division = 102673")
            },
            NewSyncChange {
                row_id: Some("b0a7c6e2-0000-0000-0000-000000000002"),
                before: Some(r#"{"name":"Bob"}"#),
                after: Some(r#"{"name":"Bobby"}"#),
                ..change(2, "update", "code = '2', division = 102673")
            },
        ];
        let id = log.start(&run("synchronize accounts"), &plan).unwrap();

        let started = log.run(id).unwrap().unwrap();
        assert_eq!(started.outcome, None);
        assert_eq!(started.finished_at, None);
        assert_eq!(started.statement, "synchronize accounts");
        assert_eq!(started.user, "ada@example.com");
        assert_eq!(started.companies, [102673, 868056]);
        assert_eq!(started.planned, 2);
        assert_eq!(started.counts, SyncCounts::default());
        assert!(started.started_at.ends_with('Z'), "{}", started.started_at);
        assert_eq!(
            outcomes(&log.changes(id).unwrap()),
            [ChangeOutcome::Planned, ChangeOutcome::Planned]
        );

        log.sending(id, 1).unwrap();
        log.finished(
            id,
            1,
            &ChangeEnd {
                row_id: Some("b0a7c6e2-0000-0000-0000-000000000001"),
                after: Some(r#"{"code":"1","name":"Ada","created":"2026-01-02"}"#),
                calls: 2,
                ..end(ChangeOutcome::Done)
            },
        )
        .unwrap();
        log.sending(id, 2).unwrap();
        log.finished(
            id,
            2,
            &ChangeEnd {
                error: Some("code = '2': the account is blocked"),
                ..end(ChangeOutcome::Failed)
            },
        )
        .unwrap();
        let counts = SyncCounts {
            inserted: 1,
            updated: 0,
            deleted: 0,
            unchanged: 7,
            failed: 1,
        };
        log.finish(
            id,
            &SyncRunEnd {
                outcome: SyncOutcome::RowErrors,
                counts,
                api_calls: 5,
                error: Some("1 change failed"),
            },
        )
        .unwrap();

        let done = log.run(id).unwrap().unwrap();
        assert_eq!(done.outcome, Some(SyncOutcome::RowErrors));
        assert_eq!(done.counts, counts);
        assert_eq!(done.api_calls, 5);
        assert_eq!(done.planned, 2);
        assert_eq!(done.error.as_deref(), Some("1 change failed"));
        assert!(done.finished_at.unwrap() >= done.started_at);

        let changes = log.changes(id).unwrap();
        let (inserted, updated) = (&changes[0], &changes[1]);
        assert_eq!(inserted.outcome, ChangeOutcome::Done);
        assert_eq!(
            inserted.row_id.as_deref(),
            Some("b0a7c6e2-0000-0000-0000-000000000001")
        );
        assert_eq!(
            inserted.after.as_deref(),
            Some(r#"{"code":"1","name":"Ada","created":"2026-01-02"}"#)
        );
        assert_eq!(inserted.calls, 2);
        assert_eq!(inserted.company, Some(102673));
        assert!(inserted.finished_at.is_some());
        // Nothing given at the end keeps what the plan recorded.
        assert_eq!(updated.outcome, ChangeOutcome::Failed);
        assert_eq!(
            updated.row_id.as_deref(),
            Some("b0a7c6e2-0000-0000-0000-000000000002")
        );
        assert_eq!(updated.before.as_deref(), Some(r#"{"name":"Bob"}"#));
        assert_eq!(updated.after.as_deref(), Some(r#"{"name":"Bobby"}"#));
        assert_eq!(
            updated.error.as_deref(),
            Some("code = '2': the account is blocked")
        );
        assert_eq!(log.runs(10).unwrap(), [log.run(id).unwrap().unwrap()]);
    }

    /// The process is killed during a call: reopened, the log shows a run
    /// without an outcome and the change whose outcome is unknown.
    #[test]
    fn a_run_that_never_finished_shows_its_sending_change() {
        let dir = TempDir::new("sync-killed");
        let path = dir.path().join("tandem.db");
        let id = {
            let store = Store::open(&path).unwrap();
            let log = store.sync_log();
            let plan = [
                change(1, "delete", "code = '1'"),
                change(2, "delete", "code = '2'"),
                change(3, "delete", "code = '3'"),
            ];
            let id = log.start(&run("synchronize accounts"), &plan).unwrap();
            log.sending(id, 1).unwrap();
            log.finished(id, 1, &end(ChangeOutcome::Done)).unwrap();
            log.sending(id, 2).unwrap();
            id
            // Dropped here without finishing, as a killed process would.
        };
        let store = Store::open(&path).unwrap();
        let log = store.sync_log();
        let stopped = log.run(id).unwrap().unwrap();
        assert_eq!(stopped.outcome, None);
        assert_eq!(stopped.finished_at, None);
        assert_eq!(stopped.planned, 3);
        let changes = log.changes(id).unwrap();
        assert_eq!(
            outcomes(&changes),
            [
                ChangeOutcome::Done,
                ChangeOutcome::Sending,
                ChangeOutcome::Planned
            ]
        );
        assert!(changes[0].finished_at.is_some());
        assert_eq!(changes[1].finished_at, None);
    }

    #[test]
    fn finish_turns_planned_into_not_done_and_leaves_sending() {
        let store = Store::open_in_memory().unwrap();
        let log = store.sync_log();
        let plan = [
            change(1, "insert", "code = '1'"),
            change(2, "insert", "code = '2'"),
            change(3, "insert", "code = '3'"),
        ];
        let id = log.start(&run("synchronize accounts"), &plan).unwrap();
        log.sending(id, 1).unwrap();
        log.finished(id, 1, &end(ChangeOutcome::Done)).unwrap();
        log.sending(id, 2).unwrap();
        log.finish(id, &run_end(SyncOutcome::Cancelled)).unwrap();
        let changes = log.changes(id).unwrap();
        assert_eq!(
            outcomes(&changes),
            [
                ChangeOutcome::Done,
                ChangeOutcome::Sending,
                ChangeOutcome::NotDone
            ]
        );
        assert_eq!(changes[1].finished_at, None);
        assert!(changes[2].finished_at.is_some());
        assert_eq!(
            log.run(id).unwrap().unwrap().outcome,
            Some(SyncOutcome::Cancelled)
        );
    }

    #[test]
    fn each_step_happens_once() {
        let store = Store::open_in_memory().unwrap();
        let log = store.sync_log();
        let id = log
            .start(&run("s"), &[change(1, "insert", "code = '1'")])
            .unwrap();
        let err = log
            .finished(id, 1, &end(ChangeOutcome::Sending))
            .unwrap_err();
        assert!(matches!(err, Error::NotAnEnd { .. }), "{err:?}");
        log.sending(id, 1).unwrap();
        let err = log.sending(id, 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("change 1 of synchronize run {id} does not exist or is past that step")
        );
        log.finished(id, 1, &end(ChangeOutcome::Done)).unwrap();
        let err = log
            .finished(id, 1, &end(ChangeOutcome::Failed))
            .unwrap_err();
        assert!(matches!(err, Error::NoOpenChange { seq: 1, .. }), "{err:?}");
        let err = log.sending(id, 2).unwrap_err();
        assert!(matches!(err, Error::NoOpenChange { seq: 2, .. }), "{err:?}");

        log.finish(id, &run_end(SyncOutcome::Ok)).unwrap();
        let err = log.finish(id, &run_end(SyncOutcome::Ok)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("there is no unfinished synchronize run {id} in the log")
        );
        let err = log.finish(id + 100, &run_end(SyncOutcome::Ok)).unwrap_err();
        assert!(matches!(err, Error::NoOpenSyncRun { .. }), "{err:?}");
    }

    #[test]
    fn changes_by_key_searches_every_run_newest_first() {
        let store = Store::open_in_memory().unwrap();
        let log = store.sync_log();
        let first = log
            .start(
                &run("synchronize accounts"),
                &[
                    change(1, "insert", "code = '1234', division = 1"),
                    change(2, "insert", "code = '99', division = 1"),
                ],
            )
            .unwrap();
        let second = log
            .start(
                &run("synchronize accounts"),
                &[
                    change(1, "update", "Code = '12345_x', division = 2"),
                    change(2, "delete", "code = '1234', division = 2"),
                ],
            )
            .unwrap();
        let found = |needle: &str, limit: usize| {
            log.changes_by_key(needle, limit)
                .unwrap()
                .into_iter()
                .map(|c| (c.run_id, c.seq))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found("CODE = '1234", 10),
            [(second, 1), (second, 2), (first, 1)]
        );
        assert_eq!(found("'1234'", 10), [(second, 2), (first, 1)]);
        assert_eq!(found("1234", 2), [(second, 1), (second, 2)]);
        // Wildcards in the needle are literal.
        assert_eq!(found("_", 10), [(second, 1)]);
        assert!(found("%", 10).is_empty());
        assert!(found("nothing like it", 10).is_empty());
        let change = &log.changes_by_key("'99'", 10).unwrap()[0];
        assert_eq!(change.operation, "insert");
        assert_eq!(change.outcome, ChangeOutcome::Planned);
    }

    /// The search must not read the table's JSON columns for every change
    /// ever made: it scans the narrow index.
    #[test]
    fn changes_by_key_scans_the_index_not_the_table() {
        let store = Store::open_in_memory().unwrap();
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("explain query plan {}", key_search_sql()))
            .unwrap()
            .query_map(("%1%", 10), |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let scans: Vec<&String> = plan.iter().filter(|s| s.starts_with("SCAN")).collect();
        assert_eq!(
            scans,
            ["SCAN syncchanges USING COVERING INDEX syncchanges_key_search"],
            "{plan:?}"
        );
    }

    #[test]
    fn a_bad_change_is_refused_and_nothing_is_written() {
        let store = Store::open_in_memory().unwrap();
        let log = store.sync_log();
        let bad_operation = [
            change(1, "insert", "code = '1'"),
            change(2, "upsert", "code = '2'"),
        ];
        let err = log.start(&run("s"), &bad_operation).unwrap_err();
        assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
        let repeated = [change(1, "insert", "a"), change(1, "insert", "b")];
        assert!(log.start(&run("s"), &repeated).is_err());
        let from_zero = [change(0, "insert", "a")];
        assert!(log.start(&run("s"), &from_zero).is_err());
        let not_an_object = [NewSyncChange {
            after: Some("[1, 2]"),
            ..change(1, "insert", "a")
        }];
        assert!(log.start(&run("s"), &not_an_object).is_err());
        let undo_of_nothing = NewSyncRun {
            undo_of: Some(42),
            ..run("s")
        };
        assert!(log.start(&undo_of_nothing, &[]).is_err());
        assert!(log.runs(10).unwrap().is_empty(), "a refused run was kept");
    }

    #[test]
    fn an_undo_names_its_run() {
        let store = Store::open_in_memory().unwrap();
        let log = store.sync_log();
        let original = log.start(&run("synchronize accounts"), &[]).unwrap();
        let undo = log
            .start(
                &NewSyncRun {
                    undo_of: Some(original),
                    ..run("undo")
                },
                &[],
            )
            .unwrap();
        let runs = log.runs(10).unwrap();
        assert_eq!(
            runs.iter().map(|r| (r.id, r.undo_of)).collect::<Vec<_>>(),
            [(undo, Some(original)), (original, None)]
        );
        assert_eq!(log.runs(1).unwrap().len(), 1);
        assert_eq!(log.run(undo + 1).unwrap(), None);
        assert!(log.changes(undo + 1).unwrap().is_empty());
    }

    #[test]
    fn outcomes_round_trip() {
        for outcome in ChangeOutcome::ALL {
            assert_eq!(ChangeOutcome::parse(outcome.as_str()), Some(outcome));
            assert_eq!(
                serde_json::to_value(outcome).unwrap(),
                serde_json::json!(outcome.as_str())
            );
        }
        for outcome in SyncOutcome::ALL {
            assert_eq!(SyncOutcome::parse(outcome.as_str()), Some(outcome));
            assert_eq!(
                serde_json::to_value(outcome).unwrap(),
                serde_json::json!(outcome.as_str())
            );
        }
        assert_eq!(ChangeOutcome::parse("unknown"), None);
    }
}
