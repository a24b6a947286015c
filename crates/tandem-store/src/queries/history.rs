//! The `history` table: one row per script run.
//!
//! A run is recorded when it starts and completed when it ends, so that a
//! run that never finished (the process was killed) still shows, without an
//! outcome. Times are ISO-8601 UTC stamped by SQLite; the duration is the
//! caller's, measured with a monotonic clock.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::NOW;
use crate::{Error, Result};

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every statement ran.
    Ok,
    /// A statement failed and stopped the script.
    Failed,
    /// The user cancelled the run.
    Cancelled,
    /// The script finished, with row-level errors it was told to continue
    /// on (`continue on first N errors`).
    RowErrors,
}

impl Outcome {
    /// The value stored in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Failed => "failed",
            Outcome::Cancelled => "cancelled",
            Outcome::RowErrors => "row_errors",
        }
    }

    fn parse(text: &str) -> Option<Outcome> {
        [
            Outcome::Ok,
            Outcome::Failed,
            Outcome::Cancelled,
            Outcome::RowErrors,
        ]
        .into_iter()
        .find(|o| o.as_str() == text)
    }
}

/// What is known when a run starts.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRun<'a> {
    /// The script's text, as the user ran it.
    pub script: &'a str,
    /// The `${NAME}` values it was given.
    pub parameters: &'a BTreeMap<String, String>,
    /// The companies (partitions) it starts with.
    pub companies: &'a [String],
    /// Who runs it (the operating system's user).
    pub run_by: &'a str,
}

/// What is known when a run ends.
#[derive(Debug, Clone, PartialEq)]
pub struct RunEnd<'a> {
    /// How it ended.
    pub outcome: Outcome,
    /// How long it took, in milliseconds.
    pub duration_ms: u64,
    /// Calls made to the cloud APIs.
    pub api_calls: u64,
    /// The error that stopped it, if any.
    pub error: Option<&'a str>,
}

/// One recorded run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// The run's id, increasing with each run.
    pub id: i64,
    /// When it started (ISO-8601 UTC).
    pub started_at: String,
    /// Who ran it; `None` for runs recorded before this was kept.
    pub run_by: Option<String>,
    /// When it ended; `None` while running, or if it never finished.
    pub finished_at: Option<String>,
    /// The script's text.
    pub script: String,
    /// The `${NAME}` values it was given.
    pub parameters: BTreeMap<String, String>,
    /// The companies it used.
    pub companies: Vec<String>,
    /// How long it took, in milliseconds.
    pub duration_ms: Option<u64>,
    /// Calls made to the cloud APIs.
    pub api_calls: Option<u64>,
    /// How it ended.
    pub outcome: Option<Outcome>,
    /// The error that stopped it, if any.
    pub error: Option<String>,
    /// Rows over all the result sets it made; `None` if it made none.
    pub result_rows: Option<u64>,
    /// Its result sets are kept and can be reopened.
    pub results_kept: bool,
}

/// Reads and writes the run history; from
/// [`Store::history`](crate::Store::history).
#[derive(Debug, Clone, Copy)]
pub struct History<'a> {
    conn: &'a Connection,
}

const COLUMNS: &str = "id, started_at, finished_at, script, parameters, companies, \
                       duration_ms, api_calls, outcome, error, result_rows, results_kept, run_by";

impl<'a> History<'a> {
    pub(crate) fn new(conn: &'a Connection) -> History<'a> {
        History { conn }
    }

    /// Records that a run started; its id, for [`History::record_finish`].
    pub fn record_start(&self, run: &NewRun<'_>) -> Result<i64> {
        let parameters = serde_json::to_string(run.parameters).map_err(|source| Error::Json {
            what: "run's parameters".to_owned(),
            source,
        })?;
        let companies = serde_json::to_string(run.companies).map_err(|source| Error::Json {
            what: "run's companies".to_owned(),
            source,
        })?;
        self.conn.execute(
            &format!(
                "insert into history (started_at, script, parameters, companies, run_by) \
                 values ({NOW}, ?1, ?2, ?3, ?4)"
            ),
            (run.script, parameters, companies, run.run_by),
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records how run `id` ended. A run ends once: finishing an unknown or
    /// finished run is an error.
    pub fn record_finish(&self, id: i64, end: &RunEnd<'_>) -> Result<()> {
        let changed = self.conn.execute(
            &format!(
                "update history set finished_at = {NOW}, duration_ms = ?2, api_calls = ?3, \
                 outcome = ?4, error = ?5 where id = ?1 and finished_at is null"
            ),
            (
                id,
                i64::try_from(end.duration_ms).unwrap_or(i64::MAX),
                i64::try_from(end.api_calls).unwrap_or(i64::MAX),
                end.outcome.as_str(),
                end.error,
            ),
        )?;
        if changed == 0 {
            return Err(Error::NoOpenRun { id });
        }
        Ok(())
    }

    /// The latest runs first, at most `limit`; with a `search` text, only
    /// runs whose script, values, companies or user contain it (ignoring
    /// ASCII case).
    pub fn list(&self, search: Option<&str>, limit: u32) -> Result<Vec<Run>> {
        let pattern = search.filter(|s| !s.is_empty()).map(|s| {
            // The user's text is literal: `%` and `_` are not wildcards.
            let escaped = s
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let mut statement = self.conn.prepare(&format!(
            "select {COLUMNS} from history \
             where ?1 is null or script like ?1 escape '\\' \
                or parameters like ?1 escape '\\' or companies like ?1 escape '\\' \
                or run_by like ?1 escape '\\' \
             order by id desc limit ?2"
        ))?;
        let rows = statement.query_map((pattern, limit), read_row)?;
        rows.map(|row| row?).collect()
    }

    /// Records what became of run `id`'s result sets: how many rows they
    /// had, and whether they were kept.
    pub fn record_results(&self, id: i64, rows: u64, kept: bool) -> Result<()> {
        self.conn.execute(
            "update history set result_rows = ?2, results_kept = ?3 where id = ?1",
            (id, i64::try_from(rows).unwrap_or(i64::MAX), kept),
        )?;
        Ok(())
    }

    /// The runs whose results are kept, except the newest `newest` of them:
    /// those to remove to make room, oldest first.
    pub fn kept_results_beyond(&self, newest: u32) -> Result<Vec<i64>> {
        let mut statement = self.conn.prepare(
            "select id from history where results_kept = 1 \
             order by id desc limit -1 offset ?1",
        )?;
        let mut ids = statement
            .query_map([newest], |row| row.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.reverse();
        Ok(ids)
    }

    /// Records that run `id`'s results are no longer kept.
    pub fn forget_results(&self, id: i64) -> Result<()> {
        self.conn
            .execute("update history set results_kept = 0 where id = ?1", [id])?;
        Ok(())
    }

    /// Run `id`, if it was recorded.
    pub fn get(&self, id: i64) -> Result<Option<Run>> {
        self.conn
            .query_row(
                &format!("select {COLUMNS} from history where id = ?1"),
                [id],
                read_row,
            )
            .optional()?
            .transpose()
    }
}

/// A row as a [`Run`]; the outer error is SQLite's, the inner one a JSON
/// column that does not read back.
fn read_row(row: &Row<'_>) -> rusqlite::Result<Result<Run>> {
    let id: i64 = row.get(0)?;
    let parameters: String = row.get(4)?;
    let companies: String = row.get(5)?;
    let outcome: Option<String> = row.get(8)?;
    let json = |what: &str, source| Error::Json {
        what: format!("{what} of run {id}"),
        source,
    };
    let parameters = match serde_json::from_str(&parameters) {
        Ok(p) => p,
        Err(source) => return Ok(Err(json("parameters", source))),
    };
    let companies = match serde_json::from_str(&companies) {
        Ok(c) => c,
        Err(source) => return Ok(Err(json("companies", source))),
    };
    Ok(Ok(Run {
        id,
        started_at: row.get(1)?,
        finished_at: row.get(2)?,
        script: row.get(3)?,
        parameters,
        companies,
        duration_ms: row.get::<_, Option<i64>>(6)?.map(|n| n.max(0) as u64),
        api_calls: row.get::<_, Option<i64>>(7)?.map(|n| n.max(0) as u64),
        // The table's check constraint admits only known outcomes.
        outcome: outcome.as_deref().and_then(Outcome::parse),
        error: row.get(9)?,
        result_rows: row.get::<_, Option<i64>>(10)?.map(|n| n.max(0) as u64),
        results_kept: row.get(11)?,
        run_by: row.get(12)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn start(store: &Store, script: &str) -> i64 {
        store
            .history()
            .record_start(&NewRun {
                script,
                parameters: &BTreeMap::new(),
                companies: &[],
                run_by: "ada",
            })
            .unwrap()
    }

    #[test]
    fn a_run_from_start_to_finish() {
        let store = Store::open_in_memory().unwrap();
        let history = store.history();
        let parameters = BTreeMap::from([("YEAR".to_owned(), "2026".to_owned())]);
        let companies = ["102673".to_owned(), "868056".to_owned()];
        let id = history
            .record_start(&NewRun {
                script: "select * from accounts",
                parameters: &parameters,
                companies: &companies,
                run_by: "ada",
            })
            .unwrap();
        let running = history.get(id).unwrap().unwrap();
        assert_eq!(running.finished_at, None);
        assert_eq!(running.outcome, None);
        assert_eq!(running.parameters, parameters);
        assert_eq!(running.companies, companies);
        assert!(running.started_at.ends_with('Z'), "{}", running.started_at);

        history
            .record_finish(
                id,
                &RunEnd {
                    outcome: Outcome::RowErrors,
                    duration_ms: 1234,
                    api_calls: 17,
                    error: Some("2 rows failed"),
                },
            )
            .unwrap();
        let done = history.get(id).unwrap().unwrap();
        assert_eq!(done.outcome, Some(Outcome::RowErrors));
        assert_eq!(done.duration_ms, Some(1234));
        assert_eq!(done.api_calls, Some(17));
        assert_eq!(done.error.as_deref(), Some("2 rows failed"));
        assert!(done.finished_at.unwrap() >= done.started_at);
    }

    #[test]
    fn a_run_finishes_once() {
        let store = Store::open_in_memory().unwrap();
        let id = start(&store, "select 1");
        let end = RunEnd {
            outcome: Outcome::Ok,
            duration_ms: 1,
            api_calls: 0,
            error: None,
        };
        store.history().record_finish(id, &end).unwrap();
        let again = store.history().record_finish(id, &end).unwrap_err();
        assert_eq!(
            again.to_string(),
            format!("there is no unfinished run {id} in the history")
        );
        let unknown = store.history().record_finish(id + 100, &end).unwrap_err();
        assert!(matches!(unknown, Error::NoOpenRun { .. }), "{unknown:?}");
    }

    #[test]
    fn list_is_newest_first_limited_and_searchable() {
        let store = Store::open_in_memory().unwrap();
        let a = start(&store, "select * from Accounts");
        let b = start(&store, "use 102673");
        let c = start(&store, "select * from accounts where name like 'A%'");
        let ids = |runs: Vec<Run>| runs.into_iter().map(|r| r.id).collect::<Vec<_>>();
        let history = store.history();
        assert_eq!(ids(history.list(None, 10).unwrap()), [c, b, a]);
        assert_eq!(ids(history.list(None, 2).unwrap()), [c, b]);
        assert_eq!(ids(history.list(Some(""), 10).unwrap()), [c, b, a]);
        assert_eq!(ids(history.list(Some("ACCOUNTS"), 10).unwrap()), [c, a]);
        assert_eq!(ids(history.list(Some("'A%'"), 10).unwrap()), [c]);
        // Wildcards in the search are literal.
        assert_eq!(ids(history.list(Some("%"), 10).unwrap()), [c]);
        assert_eq!(ids(history.list(Some("_"), 10).unwrap()), Vec::<i64>::new());
        assert!(history
            .list(Some("nothing like it"), 10)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn kept_results_are_recorded_and_the_oldest_make_room() {
        let store = Store::open_in_memory().unwrap();
        let history = store.history();
        let ids: Vec<i64> = (0..5)
            .map(|i| start(&store, &format!("select {i}")))
            .collect();
        let fresh = history.get(ids[0]).unwrap().unwrap();
        assert_eq!((fresh.result_rows, fresh.results_kept), (None, false));

        for &id in &ids[..4] {
            history.record_results(id, 10, true).unwrap();
        }
        // A run whose answer was too large has rows but nothing kept.
        history.record_results(ids[4], 900_000, false).unwrap();
        let large = history.get(ids[4]).unwrap().unwrap();
        assert_eq!(
            (large.result_rows, large.results_kept),
            (Some(900_000), false)
        );

        // Keeping the newest 2 kept runs leaves the two oldest to remove.
        assert_eq!(history.kept_results_beyond(2).unwrap(), [ids[0], ids[1]]);
        assert_eq!(history.kept_results_beyond(10).unwrap(), Vec::<i64>::new());
        history.forget_results(ids[0]).unwrap();
        assert!(!history.get(ids[0]).unwrap().unwrap().results_kept);
        assert_eq!(history.kept_results_beyond(2).unwrap(), [ids[1]]);
    }

    #[test]
    fn search_finds_runs_by_value_company_and_user_too() {
        let store = Store::open_in_memory().unwrap();
        let history = store.history();
        let parameters = BTreeMap::from([("SOURCE_COMPANY".to_owned(), "868056".to_owned())]);
        let companies = ["102673".to_owned()];
        let id = history
            .record_start(&NewRun {
                script: "use ${SOURCE_COMPANY}",
                parameters: &parameters,
                companies: &companies,
                run_by: "Grace",
            })
            .unwrap();
        start(&store, "select 1");
        let found = |text| {
            history
                .list(Some(text), 10)
                .unwrap()
                .into_iter()
                .map(|r| r.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(found("868056"), [id], "a parameter's value");
        assert_eq!(found("102673"), [id], "a company");
        assert_eq!(found("grace"), [id], "who ran it");
        let run = history.get(id).unwrap().unwrap();
        assert_eq!(run.run_by.as_deref(), Some("Grace"));
    }

    #[test]
    fn get_of_an_unknown_run_is_none() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.history().get(42).unwrap(), None);
    }

    #[test]
    fn outcomes_round_trip() {
        for outcome in [
            Outcome::Ok,
            Outcome::Failed,
            Outcome::Cancelled,
            Outcome::RowErrors,
        ] {
            assert_eq!(Outcome::parse(outcome.as_str()), Some(outcome));
            assert_eq!(
                serde_json::to_value(outcome).unwrap(),
                serde_json::json!(outcome.as_str())
            );
        }
    }
}
