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
//! reopens as if it were whole; such leftovers, and files the history does
//! not count as kept, are removed when a later run makes room.
//!
//! Files are attached by `file:` URI built from the path's bytes, so any
//! folder name works, and a file is reopened read-only: a file removed in
//! the meantime is an error, not a new empty file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::events::{Event, EventSink};
use crate::results::{quote, ResultColumn, ResultSetInfo};
use crate::session::Session;

/// The folder in the data folder that holds kept results.
pub const RESULTS_DIR: &str = "results";

/// The setting that turns keeping results off (`"off"`) for a computer
/// whose users should not find past answers on its disk.
pub const KEEP_RESULTS_SETTING: &str = "keepResults";

/// How much of the runs' results is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeepResults {
    /// A run whose result sets have more rows than this in all is not kept
    /// (0 keeps none).
    pub max_rows: u64,
    /// Only the newest this many runs keep their results.
    pub runs: u32,
    /// A run whose results file would be larger than this is not kept
    /// (wide rows: the row limit alone does not bound the disk used).
    pub max_bytes: u64,
}

impl Default for KeepResults {
    fn default() -> Self {
        KeepResults {
            max_rows: 250_000,
            runs: 50,
            max_bytes: 200 * 1024 * 1024,
        }
    }
}

/// A file left by a run that is still writing (or was killed while it
/// wrote) is not touched until it is this old.
const LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(15 * 60);

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

/// `path` as an SQLite `file:` URI with `mode`, every byte outside the
/// unreserved set percent-encoded (so `?`, `#`, `%`, spaces and non-UTF-8
/// names reach SQLite unchanged).
fn uri(path: &Path, mode: &str) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = {
        // Windows paths are Unicode; SQLite wants `/C:/dir/file.db`.
        let text = path.to_string_lossy().replace('\\', "/");
        let text = if text.starts_with('/') {
            text
        } else {
            format!("/{text}")
        };
        text.into_bytes()
    };
    let mut out = String::from("file:");
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"/-_.~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push_str("?mode=");
    out.push_str(mode);
    out
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
        &mut self,
        history_id: i64,
        results: &[ResultSetInfo],
        events: &dyn EventSink,
    ) {
        let Some(data_dir) = self.data_dir.clone() else {
            return;
        };
        if self.store.is_none() || results.is_empty() {
            return;
        }
        let data_dir = data_dir.as_path();
        let rows: u64 = results.iter().map(|r| r.row_count).sum();
        let switched_off = self
            .setting(KEEP_RESULTS_SETTING)
            .ok()
            .flatten()
            .is_some_and(|v| v == "off");
        let keep =
            !switched_off && self.keep_results.max_rows > 0 && rows <= self.keep_results.max_rows;
        let kept = keep
            && match self.write_results(&file_of(data_dir, history_id), results) {
                Ok(kept) => kept,
                Err(e) => {
                    warn(
                        events,
                        &format!("this run's results could not be kept: {e}"),
                    );
                    false
                }
            };
        let recorded = match self.store.as_ref() {
            Some(store) => store.history().record_results(history_id, rows, kept),
            None => Ok(()),
        };
        if let Err(e) = recorded {
            warn(
                events,
                &format!("this run's results could not be recorded: {e}"),
            );
        }
        self.make_room(data_dir, history_id, events);
    }

    /// Removes the results of all but the newest kept runs, then files no
    /// run counts as kept (see [`Session::remove_leftovers`]).
    fn make_room(&self, data_dir: &Path, current: i64, events: &dyn EventSink) {
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
        self.remove_leftovers(data_dir, current);
    }

    /// Removes what no run counts as kept: `.partial` files of runs killed
    /// while they wrote, and results files whose run is not recorded as
    /// keeping them (killed between the rename and the record). Files
    /// younger than [`LEFTOVER_AGE`] may belong to a run still writing in
    /// another window or a scheduled run, and stay.
    fn remove_leftovers(&self, data_dir: &Path, current: i64) {
        let Some(store) = self.store.as_ref() else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(data_dir.join(RESULTS_DIR)) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(id) = name
                .strip_prefix("run-")
                .and_then(|rest| rest.split('.').next())
                .and_then(|id| id.parse::<i64>().ok())
            else {
                continue;
            };
            if id == current {
                continue;
            }
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age >= LEFTOVER_AGE);
            if !old {
                continue;
            }
            let whole = name == format!("run-{id}.db");
            let kept = whole
                && store
                    .history()
                    .get(id)
                    .ok()
                    .flatten()
                    .is_some_and(|run| run.results_kept);
            if !kept {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Writes the results file; false when it came out larger than
    /// [`KeepResults::max_bytes`] (and was removed).
    fn write_results(&mut self, file: &Path, results: &[ResultSetInfo]) -> Result<bool> {
        let folder = file
            .parent()
            .expect("a results file is in the results folder");
        std::fs::create_dir_all(folder)
            .map_err(|e| Error::Io(format!("{}: {e}", folder.display())))?;
        let partial = file.with_extension("db.partial");
        let max_bytes = self.keep_results.max_bytes;
        let written = self
            .attached(&uri(&partial, "rwc"), |session| session.copy_out(results))
            .and_then(|()| {
                let size = std::fs::metadata(&partial)
                    .map_err(|e| Error::Io(format!("{}: {e}", partial.display())))?
                    .len();
                if size > max_bytes {
                    return Ok(false);
                }
                std::fs::rename(&partial, file)
                    .map_err(|e| Error::Io(format!("{}: {e}", file.display())))?;
                Ok(true)
            });
        if !matches!(written, Ok(true)) {
            let _ = std::fs::remove_file(&partial);
        }
        written
    }

    /// Runs `work` with the file at `uri` attached as [`SCHEMA`], and
    /// detaches it whatever happened: a file left attached would make every
    /// later attach fail. A schema left attached by an earlier failure is
    /// detached first.
    fn attached<T>(&mut self, uri: &str, work: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let attached = |db: &rusqlite::Connection| -> bool {
            db.query_row(
                "SELECT count(*) FROM pragma_database_list WHERE name = ?1",
                [SCHEMA],
                |r| r.get::<_, i64>(0),
            )
            .is_ok_and(|n| n > 0)
        };
        if attached(&self.db) {
            self.db.execute(&format!("DETACH DATABASE {SCHEMA}"), [])?;
        }
        self.db
            .execute(&format!("ATTACH DATABASE ?1 AS {SCHEMA}"), [uri])?;
        let done = work(self);
        if !self.db.is_autocommit() {
            let _ = self.db.execute_batch("ROLLBACK");
        }
        let detached = self.db.execute(&format!("DETACH DATABASE {SCHEMA}"), []);
        let done = done?;
        detached?;
        Ok(done)
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
                // as the session's table declares them: a column the
                // query left untyped keeps every value as it is (a type
                // guessed from its first value would convert the others).
                let defs: Vec<String> = self
                    .declared_types(info.id)?
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| format!("c{} {}", i + 1, quote_type(&t)))
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

    /// Removes every kept results file, for a user who wants no past
    /// answers left on this computer; the number of runs whose results
    /// went. The history itself (scripts, counts) stays.
    pub fn forget_kept_results(&mut self) -> Result<u64> {
        let (Some(store), Some(data_dir)) = (self.store.as_ref(), self.data_dir.clone()) else {
            return Ok(0);
        };
        let kept = store
            .history()
            .kept_results_beyond(0)
            .map_err(|e| Error::Io(e.to_string()))?;
        for &id in &kept {
            let file = file_of(&data_dir, id);
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::Io(format!("{}: {e}", file.display()))),
            }
            store
                .history()
                .forget_results(id)
                .map_err(|e| Error::Io(e.to_string()))?;
        }
        // And whatever a killed run left, of any age.
        if let Ok(entries) = std::fs::read_dir(data_dir.join(RESULTS_DIR)) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with("run-") {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        Ok(kept.len() as u64)
    }

    /// Reopens the result sets history run `history_id` kept, as new
    /// result sets of this session (in the run's order).
    pub fn reopen_results(&mut self, history_id: i64) -> Result<Vec<ResultSetInfo>> {
        let not_kept = || {
            Error::Io(format!(
                "the results of run {history_id} are not kept (only the newest {} runs keep \
                 theirs, an answer of more than {} rows is not kept, and keeping can be switched \
                 off or the kept results removed in History); run its script again",
                self.keep_results.runs, self.keep_results.max_rows
            ))
        };
        let data_dir = self.data_dir.clone().ok_or_else(not_kept)?;
        let kept = self
            .store
            .as_ref()
            .and_then(|store| store.history().get(history_id).ok().flatten())
            .is_some_and(|run| run.results_kept);
        let file = file_of(&data_dir, history_id);
        if !kept || !file.is_file() {
            return Err(not_kept());
        }
        let uri = uri(&file, "ro");
        let reopened = self.attached(&uri, |session| session.copy_in());
        reopened.map_err(|e| match e {
            Error::Sql { .. } => Error::Io(format!(
                "the results file of run {history_id} ({}) cannot be read: {e}",
                file.display()
            )),
            e => e,
        })
    }

    /// Copies every kept result set in; on a failure, the ones already
    /// copied go again (half a run's results is not what it showed).
    fn copy_in(&mut self) -> Result<Vec<ResultSetInfo>> {
        let mut reopened = Vec::new();
        if let Err(e) = self.copy_each_in(&mut reopened) {
            for info in reopened {
                let _ = self.close_result(info.id);
            }
            return Err(e);
        }
        Ok(reopened)
    }

    fn copy_each_in(&mut self, reopened: &mut Vec<ResultSetInfo>) -> Result<()> {
        let kept: Vec<(i64, String)> = {
            let mut statement = self.db.prepare(&format!(
                "SELECT position, columns FROM {SCHEMA}.result_sets ORDER BY position"
            ))?;
            let rows = statement
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
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
        Ok(())
    }

    /// The declared types of result set `id`'s stored columns, in order.
    fn declared_types(&self, id: u64) -> Result<Vec<String>> {
        let mut statement = self.db.prepare(&format!(
            "SELECT type FROM pragma_table_info({}, 'temp') ORDER BY cid",
            quote_literal(&format!("__result_{id}"))
        ))?;
        let types = statement
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(types)
    }
}

fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A declared type as it may stand in `CREATE TABLE` (the engine only
/// declares plain names; anything else is left undeclared).
fn quote_type(declared: &str) -> &str {
    if declared
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ' ')
    {
        declared
    } else {
        ""
    }
}

fn warn(events: &dyn EventSink, text: &str) {
    tracing::warn!("kept results: {text}");
    events.event(Event::Message {
        level: "warning".into(),
        text: format!("For the history, {text}."),
    });
}
