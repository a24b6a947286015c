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
//!
//! A synchronize that writes gets a bar per company with writes planned and
//! one for the total; in plain mode a line per company when it starts and
//! when it is done, and one for every tenth of the total in between, so a
//! run of thousands of rows still leaves a short log.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use tandem_engine::{Event, EventSink, SyncCompanyPlanned};

use crate::args::ProgressMode;

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
    /// The synchronize writing now, if any.
    sync: Option<Sync>,
}

/// Writes of one synchronize, as counted from its events.
struct Sync {
    run: i64,
    companies: HashMap<Option<i64>, Writes>,
    total: Writes,
    /// Tenths of the total reported so far (plain mode).
    tenths: u64,
}

/// Planned and ended writes, of one company or all; bars only with
/// `Style::Bars`.
struct Writes {
    planned: u64,
    done: u64,
    failed: u64,
    bar: Option<ProgressBar>,
}

impl Writes {
    fn ended(&self) -> u64 {
        self.done + self.failed
    }

    fn show(&self) {
        if let Some(bar) = &self.bar {
            bar.set_position(self.ended());
            if self.failed > 0 {
                bar.set_message(format!("{} failed", self.failed));
            }
        }
    }
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

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("  {prefix:<16} [{bar:30}] {pos}/{len} {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

fn company_name(company: Option<i64>) -> String {
    company.map_or("the table".to_string(), |c| format!("company {c}"))
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
    /// Progress as `--progress` asks: bars only on a terminal.
    pub fn for_mode(mode: ProgressMode) -> Progress {
        use std::io::IsTerminal;
        Progress::new(match mode {
            ProgressMode::Auto if std::io::stderr().is_terminal() => Style::Bars,
            ProgressMode::Auto | ProgressMode::None => Style::Quiet,
            ProgressMode::Plain => Style::Lines,
        })
    }

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
            // The CLI sets no approver, so nothing waits for approval here.
            Event::Message { .. }
            | Event::SyncStarted { .. }
            | Event::SyncProgress { .. }
            | Event::SyncAwaitingApproval { .. } => return,
        };
        self.say(&line);
    }

    fn sync_started(&self, run: i64, planned: Vec<SyncCompanyPlanned>) {
        let writes = |c: &SyncCompanyPlanned| c.inserts + c.updates + c.deletes;
        let bars = self.style == Style::Bars;
        let new_bar = |len: u64, prefix: String| {
            bars.then(|| {
                self.bars.add(
                    ProgressBar::new(len)
                        .with_style(bar_style())
                        .with_prefix(prefix),
                )
            })
        };
        let total_planned: u64 = planned.iter().map(writes).sum();
        let writing: Vec<&SyncCompanyPlanned> = planned.iter().filter(|c| writes(c) > 0).collect();
        let mut lines = vec![format!(
            "    synchronize (run {run}): {} planned in {} of {}",
            plural(total_planned, "write", "writes"),
            writing.len(),
            plural(planned.len() as u64, "company", "companies")
        )];
        let total = Writes {
            planned: total_planned,
            done: 0,
            failed: 0,
            bar: (total_planned > 0)
                .then(|| new_bar(total_planned, format!("run {run}")))
                .flatten(),
        };
        let mut companies = HashMap::new();
        for c in writing {
            lines.push(format!(
                "    {}: {} inserts, {} updates, {} deletes",
                company_name(c.company),
                c.inserts,
                c.updates,
                c.deletes
            ));
            let bar = new_bar(writes(c), company_name(c.company));
            companies.insert(
                c.company,
                Writes {
                    planned: writes(c),
                    done: 0,
                    failed: 0,
                    bar,
                },
            );
        }
        let replaced = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            state.sync.replace(Sync {
                run,
                companies,
                total,
                tenths: 0,
            })
        };
        if let Some(old) = replaced {
            self.sync_clear(old);
        }
        if self.style == Style::Lines {
            for line in lines {
                self.say(&line);
            }
        }
    }

    fn sync_progress(&self, company: Option<i64>, done: u64, failed: u64) {
        let mut lines = Vec::new();
        {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let Some(sync) = state.sync.as_mut() else {
                return;
            };
            let Some(c) = sync.companies.get_mut(&company) else {
                return;
            };
            let before = c.ended();
            sync.total.done += done.saturating_sub(c.done);
            sync.total.failed += failed.saturating_sub(c.failed);
            c.done = c.done.max(done);
            c.failed = c.failed.max(failed);
            c.show();
            sync.total.show();
            if c.ended() >= c.planned && before < c.planned {
                if let Some(bar) = c.bar.take() {
                    bar.finish_and_clear();
                    self.bars.remove(&bar);
                }
                lines.push(format!(
                    "    {}: done, {} written, {} failed",
                    company_name(company),
                    c.done,
                    c.failed
                ));
            }
            let t = &sync.total;
            let tenths = (t.ended() * 10).checked_div(t.planned).unwrap_or(0);
            if tenths > sync.tenths && t.ended() < t.planned {
                sync.tenths = tenths;
                lines.insert(
                    0,
                    format!(
                        "    synchronize (run {}): {}% ({} of {} writes, {} failed)",
                        sync.run,
                        tenths * 10,
                        t.ended(),
                        t.planned,
                        t.failed
                    ),
                );
            }
        }
        if self.style == Style::Lines {
            for line in lines {
                self.say(&line);
            }
        }
    }

    fn sync_clear(&self, sync: Sync) {
        for bar in sync
            .companies
            .into_values()
            .filter_map(|c| c.bar)
            .chain(sync.total.bar)
        {
            bar.finish_and_clear();
            self.bars.remove(&bar);
        }
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
        let sync = state.sync.take();
        drop(state);
        if let Some(sync) = sync {
            self.sync_clear(sync);
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
        let (removed, sync) = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            (state.statements.remove(&index), state.sync.take())
        };
        if let Some(sync) = sync {
            self.sync_clear(sync);
        }
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
            Event::SyncStarted { run, companies } => self.sync_started(run, companies),
            Event::SyncProgress {
                company,
                done,
                failed,
                ..
            } => self.sync_progress(company, done, failed),
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
            // The CLI sets no approver: a plan never waits for one.
            Event::SyncAwaitingApproval { .. } => {}
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

    #[test]
    fn sync_progress_skips_idle_companies_and_reports_each_tenth_once() {
        let p = Progress::new(Style::Lines);
        let planned = |company, inserts| SyncCompanyPlanned {
            company: Some(company),
            inserts,
            updates: 0,
            deletes: 0,
            unchanged: 3,
        };
        p.event(Event::SyncStarted {
            run: 7,
            companies: vec![planned(1, 0), planned(2, 100)],
        });
        for done in 1..=100 {
            p.event(Event::SyncProgress {
                company: Some(2),
                planned: 100,
                done: done - done / 50,
                failed: done / 50,
            });
        }
        let state = p.state.lock().unwrap();
        let sync = state.sync.as_ref().unwrap();
        assert_eq!(sync.companies.len(), 1);
        assert_eq!((sync.total.done, sync.total.failed), (98, 2));
        assert_eq!(sync.tenths, 9);
    }
}
