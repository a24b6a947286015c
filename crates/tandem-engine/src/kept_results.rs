//! Keeping a run's result sets after the session ends, so the history can
//! reopen them ("what did last month's run show?").
//!
//! A session's result sets live in its in-memory SQLite and die with it.
//! When a run ends, its result sets are copied into one SQLite file per
//! run, `results/run-<history id>.db` in the data folder, beside the app
//! database; the history row records how many rows they had and whether
//! they were kept. Reopening copies them back into the session as new
//! result sets, paged like any other.
//!
//! The files hold what the user's queries returned, as the local cache
//! does, and stay in the user's own data folder. They are bounded: only
//! the newest [`KeepResults::runs`] runs keep theirs (older files are
//! removed as new ones are written), and a run whose result sets have more
//! than [`KeepResults::max_rows`] rows in all is not kept. A failure to
//! keep results never fails the run: it becomes a warning.
//!
//! A file is written under a temporary name and renamed when complete, so
//! a run killed while its results are written leaves no half file that
//! reopens as if it were whole.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::events::{Event, EventSink};
use crate::results::{quote, ResultColumn, ResultSetInfo};
use crate::session::Session;

/// The folder in the data folder that holds kept results.
pub const RESULTS_DIR: &str = "results";

/// How much of the runs' results is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeepResults {
    /// A run whose result sets have more rows than this in all is not kept
    /// (0 keeps none).
    pub max_rows: u64,
    /// Only the newest this many runs keep their results.
    pub runs: u32,
}

impl Default for KeepResults {
    fn default() -> Self {
        KeepResults {
            max_rows: 250_000,
            runs: 50,
        }
    }
}

/// What the results file says about one of its result sets.
#[derive(Debug, Serialize, Deserialize)]
struct KeptColumn {
    name: String,
    sql_type: crate::value::SqlType,
}

/// The name `ATTACH` gives a results file while it is open.
const SCHEMA: &str = "kept_results";

fn file_of(data_dir: &Path, history_id: i64) -> PathBuf {
    data_dir
        .join(RESULTS_DIR)
        .join(format!("run-{history_id}.db"))
}

fn stored_table(position: usize) -> String {
    format!("{SCHEMA}.{}", quote(&format!("r{position}")))
}

impl Session {
    /// How much of the runs' results is kept from now on.
    pub fn set_keep_results(&mut self, keep: KeepResults) {
        self.keep_results = keep;
    }

    /// Keeps a finished run's result sets for the history, then removes
    /// the results of runs beyond the newest [`KeepResults::runs`]. Only
    /// with a data folder and an app database.
    pub(crate) fn keep_results(
        &self,
        history_id: i64,
        results: &[ResultSetInfo],
        events: &dyn EventSink,
    ) {
        let (Some(store), Some(data_dir)) = (self.store.as_ref(), self.data_dir.as_deref()) else {
            return;
        };
        if results.is_empty() {
            return;
        }
        let rows: u64 = results.iter().map(|r| r.row_count).sum();
        let keep = rows <= self.keep_results.max_rows;
        let kept = keep
            && match self.write_results(&file_of(data_dir, history_id), results) {
                Ok(()) => true,
                Err(e) => {
                    warn(
                        events,
                        &format!("this run's results could not be kept: {e}"),
                    );
                    false
                }
            };
        if let Err(e) = store.history().record_results(history_id, rows, kept) {
            warn(
                events,
                &format!("this run's results could not be recorded: {e}"),
            );
        }
        self.make_room(data_dir, events);
    }

    /// Removes the results of all but the newest kept runs.
    fn make_room(&self, data_dir: &Path, events: &dyn EventSink) {
        let Some(store) = self.store.as_ref() else {
            return;
        };
        let old = match store.history().kept_results_beyond(self.keep_results.runs) {
            Ok(old) => old,
            Err(e) => {
                return warn(
                    events,
                    &format!("older runs' results could not be listed: {e}"),
                )
            }
        };
        for id in old {
            let file = file_of(data_dir, id);
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    // Keep it recorded: it is still there, and the next run
                    // tries again.
                    warn(
                        events,
                        &format!("{} could not be removed: {e}", file.display()),
                    );
                    continue;
                }
            }
            if let Err(e) = store.history().forget_results(id) {
                warn(
                    events,
                    &format!("removing older runs' results could not be recorded: {e}"),
                );
            }
        }
    }

    fn write_results(&self, file: &Path, results: &[ResultSetInfo]) -> Result<()> {
        let folder = file
            .parent()
            .expect("a results file is in the results folder");
        std::fs::create_dir_all(folder)
            .map_err(|e| Error::Io(format!("{}: {e}", folder.display())))?;
        let partial = file.with_extension("db.partial");
        // Left over from a run killed while it wrote.
        let _ = std::fs::remove_file(&partial);
        self.db.execute(
            &format!("ATTACH DATABASE ?1 AS {SCHEMA}"),
            [partial.to_string_lossy()],
        )?;
        let written = self.copy_out(results);
        self.db.execute(&format!("DETACH DATABASE {SCHEMA}"), [])?;
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        std::fs::rename(&partial, file).map_err(|e| Error::Io(format!("{}: {e}", file.display())))
    }

    fn copy_out(&self, results: &[ResultSetInfo]) -> Result<()> {
        // One transaction: the copy is written to disk once, at the end.
        self.db.execute_batch("BEGIN")?;
        let copied = (|| -> Result<()> {
            self.db.execute_batch(&format!(
                "CREATE TABLE {SCHEMA}.result_sets (position INTEGER PRIMARY KEY, \
                 row_count INTEGER NOT NULL, columns TEXT NOT NULL)"
            ))?;
            for (position, info) in results.iter().enumerate() {
                let columns: Vec<KeptColumn> = info
                    .columns
                    .iter()
                    .map(|c| KeptColumn {
                        name: c.name.clone(),
                        sql_type: c.sql_type,
                    })
                    .collect();
                let columns = serde_json::to_string(&columns)
                    .map_err(|e| Error::Bug(format!("result columns as JSON: {e}")))?;
                // Stored columns are c1..cN (see `new_result`), declared
                // with the set's types so dates stay dates.
                let defs: Vec<String> = info
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!("c{} {}", i + 1, c.sql_type.declared()))
                    .collect();
                let table = stored_table(position);
                self.db.execute_batch(&format!(
                    "CREATE TABLE {table} ({}); \
                     INSERT INTO {table} SELECT * FROM temp.{} ORDER BY rowid;",
                    defs.join(", "),
                    quote(&format!("__result_{}", info.id)),
                ))?;
                self.db.execute(
                    &format!(
                        "INSERT INTO {SCHEMA}.result_sets (position, row_count, columns) \
                         VALUES (?1, ?2, ?3)"
                    ),
                    (position as i64, info.row_count as i64, columns),
                )?;
            }
            Ok(())
        })();
        let ended = self
            .db
            .execute_batch(if copied.is_ok() { "COMMIT" } else { "ROLLBACK" });
        copied?;
        Ok(ended?)
    }

    /// Reopens the result sets history run `history_id` kept, as new
    /// result sets of this session (in the run's order).
    pub fn reopen_results(&mut self, history_id: i64) -> Result<Vec<ResultSetInfo>> {
        let not_kept = || {
            Error::Io(format!(
                "the results of run {history_id} are not kept (only the newest {} runs keep \
                 theirs, and an answer of more than {} rows is not kept); run its script again",
                self.keep_results.runs, self.keep_results.max_rows
            ))
        };
        let data_dir = self.data_dir.clone().ok_or_else(not_kept)?;
        let file = file_of(&data_dir, history_id);
        if !file.is_file() {
            return Err(not_kept());
        }
        self.db.execute(
            &format!("ATTACH DATABASE ?1 AS {SCHEMA}"),
            [file.to_string_lossy()],
        )?;
        let reopened = self.copy_in();
        self.db.execute(&format!("DETACH DATABASE {SCHEMA}"), [])?;
        reopened.map_err(|e| match e {
            Error::Sql { .. } => Error::Io(format!(
                "the results file of run {history_id} ({}) cannot be read: {e}",
                file.display()
            )),
            e => e,
        })
    }

    fn copy_in(&mut self) -> Result<Vec<ResultSetInfo>> {
        let kept: Vec<(i64, String)> = {
            let mut statement = self.db.prepare(&format!(
                "SELECT position, columns FROM {SCHEMA}.result_sets ORDER BY position"
            ))?;
            let rows = statement
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
        let mut reopened = Vec::with_capacity(kept.len());
        for (position, columns) in kept {
            let columns: Vec<KeptColumn> = serde_json::from_str(&columns).map_err(|e| {
                Error::Io(format!("result set {position}'s columns do not read: {e}"))
            })?;
            let select: Vec<String> = (1..=columns.len()).map(|i| format!("c{i}")).collect();
            let mut info = self.new_result(&format!(
                "SELECT {} FROM {} ORDER BY rowid",
                select.join(", "),
                stored_table(position as usize)
            ))?;
            info.columns = columns
                .into_iter()
                .map(|c| ResultColumn {
                    name: c.name,
                    sql_type: c.sql_type,
                })
                .collect();
            if let Some(entry) = self.results.iter_mut().find(|r| r.id == info.id) {
                entry.columns = info.columns.clone();
            }
            reopened.push(info);
        }
        Ok(reopened)
    }
}

fn warn(events: &dyn EventSink, text: &str) {
    tracing::warn!("kept results: {text}");
    events.event(Event::Message {
        level: "warning".into(),
        text: format!("For the history, {text}."),
    });
}
