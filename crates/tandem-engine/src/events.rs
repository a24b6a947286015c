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

/// Passes events on, but at most one [`Event::SyncProgress`] per company per
/// `interval`: a company's last progress (all its operations ended) always
/// passes, and one held back is sent before the next event of another kind.
/// A synchronize of thousands of rows sends an event per row; a window that
/// redraws for each would slow the run it reports on.
pub struct Throttled<S> {
    inner: S,
    interval: std::time::Duration,
    /// Per company: when progress was last passed on, and the latest held.
    held: std::sync::Mutex<std::collections::HashMap<Option<i64>, Held>>,
}

/// When a company's progress was last passed on, and the latest held back.
type Held = (std::time::Instant, Option<Event>);

impl<S: EventSink> Throttled<S> {
    /// Throttles `inner`'s synchronize progress to one per `interval`.
    pub fn new(inner: S, interval: std::time::Duration) -> Self {
        Throttled {
            inner,
            interval,
            held: Default::default(),
        }
    }
}

impl<S: EventSink> EventSink for Throttled<S> {
    fn event(&self, event: Event) {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        if let Event::SyncProgress {
            company,
            planned,
            done,
            failed,
        } = &event
        {
            let last = done + failed >= *planned;
            match held.get_mut(company) {
                Some((at, pending)) if !last && at.elapsed() < self.interval => {
                    *pending = Some(event);
                    return;
                }
                Some((at, pending)) => {
                    *at = std::time::Instant::now();
                    *pending = None;
                }
                None => {
                    held.insert(*company, (std::time::Instant::now(), None));
                }
            }
            drop(held);
            self.inner.event(event);
            return;
        }
        let pending: Vec<Event> = held.values_mut().filter_map(|(_, p)| p.take()).collect();
        drop(held);
        for p in pending {
            self.inner.event(p);
        }
        self.inner.event(event);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    fn progress(company: i64, done: u64) -> Event {
        Event::SyncProgress {
            company: Some(company),
            planned: 10,
            done,
            failed: 0,
        }
    }

    #[test]
    fn progress_is_thinned_but_the_last_of_each_company_and_held_ones_pass() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = {
            let seen = seen.clone();
            move |e: Event| seen.lock().unwrap().push(e)
        };
        let t = Throttled::new(sink, std::time::Duration::from_secs(3600));
        for done in 1..=9 {
            t.event(progress(1, done));
        }
        t.event(progress(2, 1));
        // Only the first of each company so far.
        assert_eq!(seen.lock().unwrap().len(), 2);
        // Another kind of event sends what was held (company 1 at 9) first.
        t.event(Event::Message {
            level: "info".into(),
            text: "x".into(),
        });
        assert_eq!(seen.lock().unwrap()[2], progress(1, 9));
        // The last of a company always passes.
        t.event(progress(1, 10));
        assert_eq!(seen.lock().unwrap().last(), Some(&progress(1, 10)));
        assert_eq!(seen.lock().unwrap().len(), 5);
    }
}
