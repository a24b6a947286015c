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
    /// A message for the user (`local remark`, warnings).
    #[serde(rename_all = "camelCase")]
    Message {
        /// `info` or `warning`.
        level: String,
        /// The text.
        text: String,
    },
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
