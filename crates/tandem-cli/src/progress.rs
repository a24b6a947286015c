//! Progress and messages on stderr. Progress lines only when stderr is a
//! terminal (scripts and CI get clean logs); messages — remarks and
//! warnings — always, since they are part of what a script says.

use std::io::Write;

use tandem_engine::{Event, EventSink};

/// Writes events to stderr.
pub struct Progress {
    terminal: bool,
}

impl Progress {
    pub fn new(terminal: bool) -> Progress {
        Progress { terminal }
    }
}

impl EventSink for Progress {
    fn event(&self, event: Event) {
        let mut err = std::io::stderr().lock();
        // A closed stderr is no reason to stop a run.
        let _ = match event {
            Event::Message { level, text } if level == "warning" => {
                writeln!(err, "warning: {text}")
            }
            Event::Message { text, .. } => writeln!(err, "{text}"),
            Event::StatementStarted {
                index,
                line,
                summary,
            } if self.terminal => {
                writeln!(err, "[{index}] line {line}: {summary}")
            }
            Event::StatementFinished {
                index,
                rows,
                millis,
            } if self.terminal => {
                writeln!(err, "[{index}] done: {rows} rows in {millis} ms")
            }
            Event::FetchFinished {
                table,
                partition,
                rows,
            } if self.terminal => writeln!(
                err,
                "    {table}{}: {rows} rows",
                partition
                    .map(|p| format!(" company {p}"))
                    .unwrap_or_default()
            ),
            _ => Ok(()),
        };
    }
}
