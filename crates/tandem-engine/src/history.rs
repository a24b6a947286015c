//! Recording every run in the app database's history.
//!
//! The history answers "what did I run, on which companies, and how did it
//! end" after the window or the terminal is gone, so the engine records it
//! itself rather than trusting each face (app, CLI) to remember. A run is
//! recorded before its first statement, so that a run killed half-way
//! still shows. Only the script, its parameters, the companies, counts and
//! the first error message are kept: never row contents.
//!
//! A history that cannot be written must not stop the user's work: the
//! failure becomes a warning event and the run goes on.

use std::collections::BTreeMap;
use std::path::Path;

use tandem_store::{NewRun, Outcome, RunEnd, Store};

use crate::error::{Error, Result};
use crate::events::{Event, EventSink};
use crate::script::{RunOutcome, RunReport};
use crate::session::Session;
use tandem_sql::Defines;

/// The app database's file name inside the data folder (`TANDEM_HOME`).
pub const DATABASE_FILE: &str = "tandem.db";

/// A run being recorded: its history id and the usage counters at its start.
pub(crate) struct Recording {
    pub(crate) id: i64,
    calls_at_start: u64,
}

fn warn(events: &dyn EventSink, what: &str, e: &tandem_store::Error) {
    tracing::warn!("the run could not be {what} in the history: {e}");
    events.event(Event::Message {
        level: "warning".into(),
        text: format!("the run could not be {what} in the history: {e}"),
    });
}

impl Session {
    /// Opens (creating it if needed) the app database `tandem.db` in
    /// `data_dir` and records the following runs in its history.
    pub fn open_store(&mut self, data_dir: &Path) -> Result<()> {
        let path = data_dir.join(DATABASE_FILE);
        let store = Store::open(&path).map_err(|e| Error::Io(e.to_string()))?;
        self.attach_store_in(store, data_dir);
        Ok(())
    }

    /// Records the following runs in `store`, the app database already
    /// opened in `data_dir` (which also keeps the runs' results, see
    /// `kept_results`).
    pub fn attach_store_in(&mut self, store: Store, data_dir: &Path) {
        self.attach_store(store);
        self.data_dir = Some(data_dir.to_path_buf());
    }

    /// Records the following runs in `store`'s history (replacing a store
    /// attached before).
    pub fn attach_store(&mut self, store: Store) {
        self.store = Some(store);
    }

    /// The app database, when one is attached (settings, history).
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// API calls made so far by every provider (retries included).
    pub fn api_calls(&self) -> u64 {
        self.providers
            .iter()
            .flat_map(|p| p.usage())
            .map(|u| u.calls)
            .sum()
    }

    pub(crate) fn record_start(
        &self,
        script: &str,
        defines: &Defines,
        events: &dyn EventSink,
    ) -> Option<Recording> {
        let store = self.store.as_ref()?;
        let parameters: BTreeMap<String, String> = defines
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let companies: Vec<String> = self
            .active_partitions()
            .iter()
            .map(|p| p.code.to_string())
            .collect();
        let run_by = self.user_name();
        let run = NewRun {
            script,
            parameters: &parameters,
            companies: &companies,
            run_by: &run_by,
        };
        match store.history().record_start(&run) {
            Ok(id) => Some(Recording {
                id,
                calls_at_start: self.api_calls(),
            }),
            Err(e) => {
                warn(events, "recorded", &e);
                None
            }
        }
    }

    pub(crate) fn record_finish(
        &mut self,
        recording: Option<Recording>,
        report: &RunReport,
        duration_ms: u64,
        events: &dyn EventSink,
    ) {
        let (Some(recording), Some(store)) = (recording, self.store.as_ref()) else {
            return;
        };
        let outcome = match report.outcome {
            RunOutcome::Cancelled => Outcome::Cancelled,
            RunOutcome::Failed => Outcome::Failed,
            // Errors passed over under `on error continue` still fail the
            // run as a whole: the user must look at it.
            RunOutcome::Completed if report.errors.is_empty() => Outcome::Ok,
            RunOutcome::Completed => Outcome::Failed,
        };
        // Engine messages name keys and positions, never row contents.
        let error = report.errors.first().map(|e| e.to_string());
        let end = RunEnd {
            outcome,
            duration_ms,
            api_calls: self.api_calls().saturating_sub(recording.calls_at_start),
            error: error.as_deref(),
        };
        if let Err(e) = store.history().record_finish(recording.id, &end) {
            warn(events, "finished", &e);
        }
        self.keep_results(recording.id, &report.results, events);
    }
}
