//! Progress of a run, as it happens.
//!
//! The GUI shows a status line and per-company progress; the CLI draws the
//! same on stderr. Both receive [`Event`]s through an [`EventSink`] while the
//! engine works, so neither has to poll. Events carry counts and names, never
//! row contents.

use serde::Serialize;
use ts_rs::TS;

/// Something that happened during a run.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum Event {
    /// A statement started.
    #[serde(rename_all = "camelCase")]
    StatementStarted {
        /// 1-based number of the statement in the script.
        index: usize,
        /// Its line in the script.
        line: usize,
        /// Its first words, for a status line.
        summary: String,
    },
    /// A statement finished.
    #[serde(rename_all = "camelCase")]
    StatementFinished {
        /// 1-based number of the statement.
        index: usize,
        /// Rows returned or changed.
        #[ts(type = "number")]
        rows: u64,
        /// Time taken, ms.
        #[ts(type = "number")]
        millis: u64,
    },
    /// A statement failed.
    #[serde(rename_all = "camelCase")]
    StatementFailed {
        /// 1-based number of the statement.
        index: usize,
        /// The error as the user reads it.
        message: String,
    },
    /// Reading a table from one company started.
    #[serde(rename_all = "camelCase")]
    FetchStarted {
        /// The table's full name.
        table: String,
        /// The company, if the table is partitioned.
        #[ts(type = "number | null")]
        partition: Option<i64>,
    },
    /// Reading a table from one company finished.
    #[serde(rename_all = "camelCase")]
    FetchFinished {
        /// The table's full name.
        table: String,
        /// The company, if the table is partitioned.
        #[ts(type = "number | null")]
        partition: Option<i64>,
        /// Rows read.
        #[ts(type = "number")]
        rows: u64,
    },
    /// A synchronize starts writing: its run number and, per company, the
    /// operations planned.
    #[serde(rename_all = "camelCase")]
    SyncStarted {
        /// The run's number in the run log.
        #[ts(type = "number")]
        run: i64,
        /// Per company, ascending.
        companies: Vec<SyncCompanyPlanned>,
    },
    /// A synchronize's plan waits for approval (the app shows it; see
    /// `Session::set_sync_approval`).
    #[serde(rename_all = "camelCase")]
    SyncAwaitingApproval {
        /// Writes the plan would make.
        #[ts(type = "number")]
        writes: u64,
        /// Companies taking part.
        #[ts(type = "number")]
        companies: u64,
    },
    /// One more operation of a company ended.
    #[serde(rename_all = "camelCase")]
    SyncProgress {
        /// The company (`None` for a table without companies).
        #[ts(type = "number | null")]
        company: Option<i64>,
        /// Operations planned for it.
        #[ts(type = "number")]
        planned: u64,
        /// Operations done so far.
        #[ts(type = "number")]
        done: u64,
        /// Operations refused or failed so far.
        #[ts(type = "number")]
        failed: u64,
    },
    /// A message for the user (`local remark`, warnings).
    #[serde(rename_all = "camelCase")]
    Message {
        /// `info` or `warning`.
        level: String,
        /// The text.
        text: String,
    },
}

/// What a synchronize plans for one company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncCompanyPlanned {
    /// The company (`None` for a table without companies).
    #[ts(type = "number | null")]
    pub company: Option<i64>,
    /// Rows to insert.
    #[ts(type = "number")]
    pub inserts: u64,
    /// Rows to update.
    #[ts(type = "number")]
    pub updates: u64,
    /// Rows to delete.
    #[ts(type = "number")]
    pub deletes: u64,
    /// Rows that already match.
    #[ts(type = "number")]
    pub unchanged: u64,
}

/// Receives events. Called from the engine's task; must not block long.
pub trait EventSink: Send + Sync {
    /// One event.
    fn event(&self, event: Event);
}

/// Drops every event (tests, callers that do not show progress).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoEvents;

impl EventSink for NoEvents {
    fn event(&self, _: Event) {}
}

impl<F: Fn(Event) + Send + Sync> EventSink for F {
    fn event(&self, event: Event) {
        self(event)
    }
}

impl EventSink for tokio::sync::mpsc::UnboundedSender<Event> {
    fn event(&self, event: Event) {
        // A receiver that went away no longer wants progress.
        let _ = self.send(event);
    }
}
