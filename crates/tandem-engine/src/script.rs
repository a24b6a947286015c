//! Running a script: statement by statement, as the script reader hands
//! them out, so that each `local define` or `use` affects exactly the
//! statements after it.
//!
//! By default the first error stops the script; `local on error continue`
//! reports it and goes on. Each statement's errors carry its position in the
//! original text. Cancellation is checked between statements (and inside
//! them between companies and pages).

use std::time::Instant;

use serde::Serialize;
use tandem_sql::{Defines, LocalCommand, OnError, Position, ScriptReader, Statement};
use ts_rs::TS;

use crate::cancel::CancelToken;
use crate::error::{Error, Result};
use crate::events::{Event, EventSink};
use crate::results::ResultSetInfo;
use crate::session::Session;

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RunOutcome {
    /// Every statement ran (some may have failed under `on error continue`).
    Completed,
    /// A statement failed and stopped the script.
    Failed,
    /// The run was cancelled.
    Cancelled,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// How it ended.
    pub outcome: RunOutcome,
    /// Statements started.
    pub statements: usize,
    /// Result sets produced, in order.
    pub results: Vec<ResultSetInfo>,
    /// Every error, in order (more than one under `on error continue`).
    pub errors: Vec<Error>,
    /// Rows synchronize skipped because the service refused them, under
    /// `continue on first N errors` (the script still completed).
    pub row_errors: u64,
    /// The run's entry in the history, when the session records one; its
    /// result sets can be reopened from there later.
    pub history_id: Option<i64>,
}

/// What one statement produced.
pub(crate) enum Outcome {
    Rows(ResultSetInfo),
    /// Several result sets (synchronize: its summary and refused rows).
    Many(Vec<ResultSetInfo>),
    Changed(u64),
    Nothing,
}

/// What a statement needs besides the session.
pub(crate) struct Ctx<'a> {
    pub(crate) events: &'a dyn EventSink,
    pub(crate) cancel: &'a CancelToken,
    pub(crate) position: Position,
    pub(crate) on_error: &'a mut OnError,
}

impl<'a> Ctx<'a> {
    /// A context for work that is not a statement of a script (undo, say):
    /// positions point at the start, `on error` is the default.
    pub(crate) fn detached(
        events: &'a dyn EventSink,
        cancel: &'a CancelToken,
        on_error: &'a mut OnError,
    ) -> Self {
        Ctx {
            events,
            cancel,
            position: Position::new(1, 1),
            on_error,
        }
    }
}

/// The settings the engine knows; others are reported and ignored.
const KNOWN_SETTINGS: &[&str] = &["like-pushdown"];

fn summary(sql: &str) -> String {
    let words: Vec<&str> = sql.split_whitespace().take(8).collect();
    let mut s = words.join(" ");
    if s.chars().count() > 70 {
        s = s.chars().take(67).collect::<String>() + "...";
    }
    s
}

impl Session {
    /// Runs a script. `defines` holds the `${NAME}` values to start from
    /// and is changed by the script's `local define`s.
    pub async fn run_script(
        &mut self,
        text: &str,
        defines: &mut Defines,
        events: &dyn EventSink,
        cancel: &CancelToken,
    ) -> RunReport {
        cancel.watch(self.interrupt.clone());
        let run_started = Instant::now();
        let recording = self.record_start(text, defines, events);
        let mut reader = ScriptReader::new(text);
        let mut report = RunReport {
            outcome: RunOutcome::Completed,
            statements: 0,
            results: Vec::new(),
            errors: Vec::new(),
            row_errors: 0,
            history_id: recording.as_ref().map(|r| r.id),
        };
        self.sync_row_errors = 0;
        let mut on_error = OnError::Default;
        loop {
            if cancel.is_cancelled() {
                report.outcome = RunOutcome::Cancelled;
                break;
            }
            let Some(next) = reader.next_statement(defines) else {
                break;
            };
            report.statements += 1;
            let index = report.statements;
            let result = match next {
                Err(e) => Err(Error::Script(e)),
                Ok(located) => {
                    events.event(Event::StatementStarted {
                        index,
                        line: located.span.start.line,
                        summary: summary(&located.sql),
                    });
                    let started = Instant::now();
                    let position = located.span.start;
                    let mut ctx = Ctx {
                        events,
                        cancel,
                        position,
                        on_error: &mut on_error,
                    };
                    match self.execute(located.node, &mut ctx).await {
                        Ok(outcome) => {
                            let rows = match outcome {
                                Outcome::Rows(info) => {
                                    let n = info.row_count;
                                    report.results.push(info);
                                    n
                                }
                                Outcome::Many(infos) => {
                                    let n = infos.first().map_or(0, |i| i.row_count);
                                    report.results.extend(infos);
                                    n
                                }
                                Outcome::Changed(n) => n,
                                Outcome::Nothing => 0,
                            };
                            events.event(Event::StatementFinished {
                                index,
                                rows,
                                millis: started.elapsed().as_millis() as u64,
                            });
                            Ok(())
                        }
                        Err(e) => Err(e.at(position)),
                    }
                }
            };
            if let Err(e) = result {
                if e == Error::Cancelled || cancel.is_cancelled() {
                    report.outcome = RunOutcome::Cancelled;
                    report.errors.push(Error::Cancelled);
                    break;
                }
                events.event(Event::StatementFailed {
                    index,
                    message: e.to_string(),
                });
                report.errors.push(e);
                if on_error == OnError::Default {
                    report.outcome = RunOutcome::Failed;
                    break;
                }
            }
        }
        if report.statements == 0 && report.outcome == RunOutcome::Completed {
            // Running nothing is almost always a mistake (an empty editor, a
            // script whose statements are all commented out): say so rather
            // than report success.
            report.outcome = RunOutcome::Failed;
            report.errors.push(Error::NothingToRun);
        }
        report.row_errors = self.sync_row_errors;
        let millis = run_started.elapsed().as_millis() as u64;
        self.record_finish(recording, &report, millis, events);
        report
    }

    pub(crate) async fn execute(
        &mut self,
        statement: Statement,
        ctx: &mut Ctx<'_>,
    ) -> Result<Outcome> {
        match statement {
            Statement::Sql(mut sql) => {
                crate::spans::to_original(&mut sql, ctx.position);
                self.execute_sql(*sql, ctx).await
            }
            Statement::Use(u) => {
                self.use_partitions(u, ctx).await?;
                Ok(Outcome::Nothing)
            }
            Statement::Set { name, value, alias } => {
                let key = name.to_ascii_lowercase();
                if KNOWN_SETTINGS.contains(&key.as_str()) && alias.is_none() {
                    self.settings
                        .insert(key, value.trim_matches('\'').to_string());
                } else {
                    ctx.events.event(Event::Message {
                        level: "warning".into(),
                        text: format!(
                            "line {}: setting {name}{} is not known to Tandem and is ignored",
                            ctx.position.line,
                            alias.map(|a| format!("@{a}")).unwrap_or_default()
                        ),
                    });
                }
                Ok(Outcome::Nothing)
            }
            Statement::Synchronize(s) => self.synchronize(s, false, ctx).await,
            Statement::ExplainSynchronize(s) => self.synchronize(s, true, ctx).await,
            Statement::Local(command) => self.local(command, ctx),
        }
    }

    fn local(&mut self, command: LocalCommand, ctx: &mut Ctx<'_>) -> Result<Outcome> {
        match command {
            LocalCommand::Define { .. } | LocalCommand::Undefine { .. } => {}
            LocalCommand::Remark { text } => ctx.events.event(Event::Message {
                level: "info".into(),
                text,
            }),
            LocalCommand::OnError(mode) => *ctx.on_error = mode,
            LocalCommand::ExportResults {
                file,
                format,
                include_headers,
            } => {
                let last = self.results.last().cloned().ok_or_else(|| Error::Sql {
                    message: "there is no result set to export yet".into(),
                    position: None,
                })?;
                self.export(
                    last.id,
                    std::path::Path::new(&file),
                    format,
                    include_headers,
                )?;
            }
        }
        Ok(Outcome::Nothing)
    }
}
