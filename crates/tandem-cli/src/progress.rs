//! Progress and messages on stderr, drawn from the engine's events.
//!
//! On a terminal each running statement has a spinner, and each company
//! being read has one below it until its rows are in; finished statements
//! leave a line with their row count. Remarks and warnings are printed above
//! the bars. When stderr is not a terminal (pipes, CI, scheduled runs) there
//! are no bars and no escape codes at all, only the messages, since those are
//! part of what a script says; `--progress plain` asks for one plain line
//! per statement and company instead, for log files. Events carry counts
//! and names, never row contents, so nothing here can leak data into a log.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use tandem_engine::{Event, EventSink};

/// Draws events on stderr.
pub struct Progress {
    bars: MultiProgress,
    style: Style,
    state: Mutex<State>,
}

/// What is drawn besides messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Spinners, redrawn in place.
    Bars,
    /// A line per event, never redrawn.
    Lines,
    /// Nothing.
    Quiet,
}

#[derive(Default)]
struct State {
    statements: HashMap<usize, Statement>,
    /// Companies being read, by table and company; a stack because one
    /// statement may read the same table twice.
    fetches: HashMap<(String, Option<i64>), Vec<ProgressBar>>,
}

struct Statement {
    bar: ProgressBar,
    summary: String,
    companies: u64,
    rows_read: u64,
}

fn spinner(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
        .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ ")
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn company(partition: Option<i64>) -> String {
    partition
        .map(|p| format!(" in company {p}"))
        .unwrap_or_default()
}

impl Progress {
    /// Progress drawn in `style`; messages always.
    pub fn new(style: Style) -> Progress {
        let target = if style == Style::Bars {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Progress {
            bars: MultiProgress::with_draw_target(target),
            style,
            state: Mutex::new(State::default()),
        }
    }

    fn line(&self, event: Event) {
        let line = match event {
            Event::StatementStarted {
                index,
                line,
                summary,
            } => format!("[{index}] line {line}: {summary}"),
            Event::StatementFinished {
                index,
                rows,
                millis,
            } => format!("[{index}] {} in {millis} ms", plural(rows, "row", "rows")),
            Event::StatementFailed { index, .. } => format!("[{index}] failed"),
            Event::FetchStarted { table, partition } => {
                format!("    reading {table}{}", company(partition))
            }
            Event::FetchFinished {
                table,
                partition,
                rows,
            } => format!(
                "    read {table}{}: {}",
                company(partition),
                plural(rows, "row", "rows")
            ),
            Event::Message { .. } => return,
        };
        self.say(&line);
    }

    /// Prints a line on stderr above the bars (or plainly without bars).
    pub fn say(&self, line: &str) {
        self.bars.suspend(|| {
            // A closed stderr is no reason to stop a run.
            let _ = writeln!(std::io::stderr().lock(), "{line}");
        });
    }

    /// Removes every bar, e.g. before an abort or the final report.
    pub fn clear(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        for (_, s) in state.statements.drain() {
            s.bar.finish_and_clear();
        }
        for (_, bars) in state.fetches.drain() {
            for b in bars {
                b.finish_and_clear();
            }
        }
        let _ = self.bars.clear();
    }

    fn statement_started(&self, index: usize, line: usize, summary: String) {
        let summary = format!("line {line}: {summary}");
        let bar = self.bars.add(
            ProgressBar::new_spinner()
                .with_style(spinner("{spinner} [{prefix}] {wide_msg} {elapsed:>4}"))
                .with_prefix(index.to_string())
                .with_message(summary.clone()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.statements.insert(
            index,
            Statement {
                bar,
                summary,
                companies: 0,
                rows_read: 0,
            },
        );
    }

    fn statement_ended(&self, index: usize, line: Option<String>) {
        let removed = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            state.statements.remove(&index)
        };
        if let Some(s) = removed {
            s.bar.finish_and_clear();
            self.bars.remove(&s.bar);
        }
        if let Some(line) = line {
            self.say(&line);
        }
    }

    fn fetch_started(&self, table: String, partition: Option<i64>) {
        let bar = self.bars.add(
            ProgressBar::new_spinner()
                .with_style(spinner("  {spinner} {wide_msg} {elapsed:>4}"))
                .with_message(format!("reading {table}{}", company(partition))),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state
            .fetches
            .entry((table, partition))
            .or_default()
            .push(bar);
    }

    fn fetch_finished(&self, table: String, partition: Option<i64>, rows: u64) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let key = (table, partition);
        if let Some(bar) = state.fetches.get_mut(&key).and_then(Vec::pop) {
            bar.finish_and_clear();
            self.bars.remove(&bar);
        }
        if state.fetches.get(&key).is_some_and(Vec::is_empty) {
            state.fetches.remove(&key);
        }
        // The statement reading it shows the running totals; statements
        // run one at a time, so the running one is the only one.
        if let Some(s) = state.statements.values_mut().next() {
            s.companies += 1;
            s.rows_read += rows;
            s.bar.set_message(format!(
                "{} — read {} from {}",
                s.summary,
                plural(s.rows_read, "row", "rows"),
                plural(s.companies, "company", "companies")
            ));
        }
    }
}

impl EventSink for Progress {
    fn event(&self, event: Event) {
        match event {
            Event::Message { level, text } if level == "warning" => {
                self.say(&format!("warning: {text}"))
            }
            Event::Message { text, .. } => self.say(&text),
            _ if self.style == Style::Quiet => {}
            event if self.style == Style::Lines => self.line(event),
            Event::StatementStarted {
                index,
                line,
                summary,
            } => self.statement_started(index, line, summary),
            Event::StatementFinished {
                index,
                rows,
                millis,
            } => self.statement_ended(
                index,
                Some(format!(
                    "[{index}] {} in {millis} ms",
                    plural(rows, "row", "rows")
                )),
            ),
            // The error itself is reported with its position after the run.
            Event::StatementFailed { index, .. } => self.statement_ended(index, None),
            Event::FetchStarted { table, partition } => self.fetch_started(table, partition),
            Event::FetchFinished {
                table,
                partition,
                rows,
            } => self.fetch_finished(table, partition, rows),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_terminal_only_messages_are_kept_and_no_bars_exist() {
        let p = Progress::new(Style::Quiet);
        p.event(Event::StatementStarted {
            index: 1,
            line: 1,
            summary: "select".into(),
        });
        p.event(Event::FetchStarted {
            table: "eol..Accounts".into(),
            partition: Some(1),
        });
        let state = p.state.lock().unwrap();
        assert!(state.statements.is_empty() && state.fetches.is_empty());
    }

    #[test]
    fn a_finished_fetch_adds_to_its_statement() {
        let p = Progress {
            bars: MultiProgress::with_draw_target(ProgressDrawTarget::hidden()),
            style: Style::Bars,
            state: Mutex::new(State::default()),
        };
        p.event(Event::StatementStarted {
            index: 1,
            line: 3,
            summary: "select".into(),
        });
        for partition in [1, 2] {
            p.event(Event::FetchStarted {
                table: "eol..Accounts".into(),
                partition: Some(partition),
            });
            p.event(Event::FetchFinished {
                table: "eol..Accounts".into(),
                partition: Some(partition),
                rows: 5,
            });
        }
        {
            let state = p.state.lock().unwrap();
            assert!(state.fetches.is_empty());
            let s = &state.statements[&1];
            assert_eq!((s.companies, s.rows_read), (2, 10));
        }
        p.event(Event::StatementFinished {
            index: 1,
            rows: 10,
            millis: 1,
        });
        assert!(p.state.lock().unwrap().statements.is_empty());
    }
}
