//! Applying a plan: one queue per company, all companies at once, each paced
//! by the provider's rate governor.
//!
//! Every operation is written to the run log (`syncchanges`, outcome
//! `planned`) before the first call, marked `sending` just before its call
//! and given its outcome as soon as the call ends; a killed process
//! therefore leaves a log that says what was done, what was not, and which
//! call's outcome is unknown. A rerun re-reads the target, so it converges.
//!
//! Failures:
//! - transient ones (5xx, time-outs, 429) are retried by the client and
//!   never counted;
//! - an insert whose outcome is unknown (the connection broke after it was
//!   sent) is looked up by its key before it is sent again, so nothing is
//!   created twice; a delete that fails is looked up too, as a repeated
//!   delete of a row that is already gone answers "not found";
//! - a row the service refuses counts against `continue on first N
//!   errors`: up to N are recorded and skipped, the next stops the
//!   statement (without the clause the first one does);
//! - anything else (login gone, budget spent) stops the statement.
//!
//! Stopping and cancelling start no new operation; calls under way finish
//! and are logged.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use futures_util::future::join_all;
use rusqlite::types::Value;
use serde::Serialize;
use tandem_store::{
    ChangeEnd, ChangeOutcome, NewSyncChange, NewSyncRun, Store, SyncCounts, SyncOutcome, SyncRunEnd,
};
use tandem_sync::normalize::values_equal;
use tandem_sync::{ColumnKind, Field, Operation, OperationKind, Plan};
use ts_rs::TS;

use super::log::{fields_json, key_text};
use super::{from_sync, Loaded, Side, DIVISION};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::provider::{FailureKind, Predicate, Provider, ProviderError, TableDef};
use crate::results::quote;
use crate::script::Ctx;
use crate::session::Session;

/// What one company's part of a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SyncCompanySummary")]
pub struct CompanySummary {
    /// The company; `None` for a table without companies.
    #[ts(type = "number | null")]
    pub company: Option<i64>,
    /// Rows created.
    #[ts(type = "number")]
    pub inserted: u64,
    /// Rows changed.
    #[ts(type = "number")]
    pub updated: u64,
    /// Rows removed.
    #[ts(type = "number")]
    pub deleted: u64,
    /// Rows that already matched.
    #[ts(type = "number")]
    pub unchanged: u64,
    /// Operations the service refused.
    #[ts(type = "number")]
    pub failed: u64,
    /// Operations not done (stopped, cancelled, held back by a limit).
    #[ts(type = "number")]
    pub not_done: u64,
    /// API calls the statement made for this company (reads included).
    #[ts(type = "number")]
    pub api_calls: u64,
    /// Time until the company's last operation ended, ms.
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

/// A row the service refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SyncRowError")]
pub struct RowError {
    /// The company.
    #[ts(type = "number | null")]
    pub company: Option<i64>,
    /// `insert`, `update` or `delete`.
    pub operation: String,
    /// The row's `identified by` values.
    pub key: String,
    /// The service's message.
    pub message: String,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncSummary {
    /// Its number in the run log.
    #[ts(type = "number")]
    pub run_id: i64,
    /// Per company, ascending.
    pub companies: Vec<CompanySummary>,
    /// Refused rows, in the order they failed.
    pub errors: Vec<RowError>,
}

/// One planned call.
struct Job {
    seq: i64,
    company: Option<i64>,
    op: Operation,
    /// The target row's identity, for updates and deletes.
    row_id: Option<String>,
}

/// How one operation ended.
enum Ended {
    Done(Option<String>),
    Refused(String),
    Stop(String),
}

/// A company's operations as they ended, and when its queue finished (ms).
type CompanyOutcome = (Option<i64>, Vec<(OperationKind, Ended)>, u64);

/// A plan to apply, and what to log it as.
#[derive(Clone, Copy)]
pub(crate) struct Apply<'a> {
    /// The statement, canonical.
    pub(crate) statement: &'a str,
    /// The run this one undoes.
    pub(crate) undo_of: Option<i64>,
    pub(crate) target: &'a Side,
    pub(crate) loaded: &'a Loaded,
    pub(crate) plan: &'a Plan,
    /// API calls per company before the statement read anything.
    pub(crate) calls_before: &'a BTreeMap<i64, u64>,
}

impl Ended {
    /// How the run log records it; `calls` is what the operation cost.
    fn log_end(&self, calls: u64) -> ChangeEnd<'_> {
        match self {
            Ended::Done(id) => ChangeEnd {
                outcome: ChangeOutcome::Done,
                row_id: id.as_deref(),
                after: None,
                error: None,
                calls,
            },
            Ended::Refused(m) | Ended::Stop(m) => ChangeEnd {
                outcome: ChangeOutcome::Failed,
                row_id: None,
                after: None,
                error: Some(m),
                calls,
            },
        }
    }
}

/// What the companies' queues share.
struct Shared {
    tolerated: u64,
    errors: Vec<RowError>,
    stop: Option<String>,
}

/// The values of an insert as the provider takes them: without `division`,
/// which routes the row instead of being stored in it.
fn insert_fields(values: &[Field], partitioned: bool) -> Vec<(String, Value)> {
    values
        .iter()
        .filter(|f| !(partitioned && f.column.eq_ignore_ascii_case(DIVISION)))
        .map(|f| (f.column.clone(), from_sync(&f.value)))
        .collect()
}

fn company_calls(provider: &dyn Provider, company: Option<i64>) -> u64 {
    provider
        .usage()
        .iter()
        .filter(|u| Some(u.partition) == company)
        .map(|u| u.calls)
        .sum()
}

/// The identity of the row of `company` whose key is `key`, read from the
/// service (one call): how an insert of unknown outcome is confirmed.
async fn find_by_key(
    provider: &dyn Provider,
    table: &TableDef,
    company: i64,
    key: &[Field],
    kinds: &BTreeMap<String, ColumnKind>,
) -> std::result::Result<Option<String>, ProviderError> {
    let Some(identity) = table.key.clone() else {
        return Ok(None);
    };
    let key: Vec<&Field> = key
        .iter()
        .filter(|f| !f.column.eq_ignore_ascii_case(DIVISION))
        .collect();
    let mut columns: Vec<String> = key.iter().map(|f| f.column.clone()).collect();
    columns.push(identity);
    let predicate = Predicate::And(
        key.iter()
            .filter(|f| table.column(&f.column).is_some_and(|c| c.filterable))
            .map(|f| Predicate::Eq(f.column.clone(), from_sync(&f.value)))
            .collect(),
    );
    use futures_util::StreamExt;
    let mut pages = provider.read(table, Some(company), &columns, Some(&predicate))?;
    while let Some(page) = pages.next().await {
        for row in page? {
            let matches = key.iter().enumerate().all(|(i, f)| {
                let kind = kinds
                    .get(&f.column.to_ascii_lowercase())
                    .copied()
                    .unwrap_or_default();
                values_equal(&super::to_sync(row[i].clone()), &f.value, kind, true)
            });
            if matches {
                return Ok(match row.last() {
                    Some(Value::Text(id)) => Some(id.clone()),
                    _ => None,
                });
            }
        }
    }
    Ok(None)
}

/// The pause before re-sending an insert of unknown outcome: 250 ms,
/// doubling, at most 4 s.
fn unknown_backoff(attempt: u32) -> std::time::Duration {
    std::time::Duration::from_millis(250u64 << attempt.saturating_sub(1).min(4))
}

/// Sends one operation (see the module documentation for the retries).
async fn send(
    provider: &dyn Provider,
    table: &TableDef,
    company: i64,
    job: &Job,
    kinds: &BTreeMap<String, ColumnKind>,
) -> Ended {
    /// Sends of an insert whose outcome stayed unknown, at most (as many
    /// as the client's own attempts at a call it may repeat).
    const UNKNOWN_TRIES: u32 = 6;
    let stop = |e: ProviderError| Ended::Stop(e.message);
    match &job.op {
        Operation::Insert { key, values, .. } => {
            let fields = insert_fields(values, table.partitioned);
            for attempt in 0..UNKNOWN_TRIES {
                if attempt > 0 {
                    // The client backs off before repeating a call it may
                    // repeat; a POST of unknown outcome comes back at once,
                    // so the pause is ours. Without it a few seconds of 5xx
                    // used up every try and stopped the statement.
                    tokio::time::sleep(unknown_backoff(attempt)).await;
                }
                match provider.insert(table, company, fields.clone()).await {
                    Ok(id) => return Ended::Done(id),
                    Err(e) if e.kind == FailureKind::Row => return Ended::Refused(e.message),
                    Err(e) if e.kind == FailureKind::Stop => return stop(e),
                    Err(_) => match find_by_key(provider, table, company, key, kinds).await {
                        // It was created before the connection broke.
                        Ok(Some(id)) => return Ended::Done(Some(id)),
                        Ok(None) => continue,
                        Err(e) => return stop(e),
                    },
                }
            }
            Ended::Stop(format!(
                "the insert of {} was sent {UNKNOWN_TRIES} times without an answer and is not \
                 in Exact Online",
                key_text(key)
            ))
        }
        Operation::Update { changes, .. } => {
            let fields = changes
                .iter()
                .map(|c| (c.column.clone(), from_sync(&c.new)))
                .collect();
            let id = job.row_id.clone().unwrap_or_default();
            match provider.update(table, company, id, fields).await {
                Ok(()) => Ended::Done(None),
                Err(e) if e.kind == FailureKind::Row => Ended::Refused(e.message),
                Err(e) => stop(e),
            }
        }
        Operation::Delete { key, .. } => {
            let id = job.row_id.clone().unwrap_or_default();
            match provider.delete(table, company, id).await {
                Ok(()) => Ended::Done(None),
                Err(e) if e.kind == FailureKind::Row => {
                    // A retried delete whose first try went through answers
                    // "not found": then the row is gone, as intended.
                    match find_by_key(provider, table, company, key, kinds).await {
                        Ok(None) => Ended::Done(None),
                        Ok(Some(_)) => Ended::Refused(e.message),
                        Err(e) => stop(e),
                    }
                }
                Err(e) => stop(e),
            }
        }
    }
}

/// Locks the log; a panic elsewhere must not silence it.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Writes to the run log; a failure there is reported once and stops the
/// run (an unlogged write could not be undone).
fn logged(shared: &Mutex<Shared>, result: tandem_store::Result<()>) -> bool {
    match result {
        Ok(()) => true,
        Err(e) => {
            lock(shared)
                .stop
                .get_or_insert(format!("the run log could not be written: {e}"));
            false
        }
    }
}

impl Session {
    /// Applies `plan` and logs it as a run (an undo when `undo_of` is set).
    /// Returns the summary (also of a cancelled run), or the error that
    /// stopped the statement once everything under way has finished and
    /// been logged.
    pub(crate) async fn apply_plan(
        &mut self,
        run: Apply<'_>,
        ctx: &Ctx<'_>,
    ) -> Result<SyncSummary> {
        let Apply { plan, loaded, .. } = run;
        let mut jobs: Vec<Job> = Vec::new();
        for company in &plan.companies {
            for op in &company.operations {
                let row_id = match op {
                    Operation::Update { target_row, .. } | Operation::Delete { target_row, .. } => {
                        loaded.target_ids.get(*target_row).cloned().flatten()
                    }
                    Operation::Insert { .. } => None,
                };
                jobs.push(Job {
                    seq: jobs.len() as i64 + 1,
                    company: company.company,
                    op: op.clone(),
                    row_id,
                });
            }
        }
        let store = match self.store.take() {
            Some(s) => s,
            None => Store::open_in_memory().map_err(|e| Error::Io(e.to_string()))?,
        };
        let store = Mutex::new(store);
        let result = self.apply_logged(run, jobs, &store, ctx).await;
        self.store = Some(store.into_inner().unwrap_or_else(|e| e.into_inner()));
        result
    }

    async fn apply_logged(
        &mut self,
        run: Apply<'_>,
        jobs: Vec<Job>,
        store: &Mutex<Store>,
        ctx: &Ctx<'_>,
    ) -> Result<SyncSummary> {
        let Apply {
            statement,
            undo_of,
            target,
            loaded,
            plan,
            calls_before,
        } = run;
        let user = self.user_name();
        let companies: Vec<i64> = loaded.companies.clone();
        let records: Vec<(String, Option<String>, Option<String>)> = jobs
            .iter()
            .map(|j| {
                let (before, after) = fields_json(&j.op);
                (j.op.key_text(), before, after)
            })
            .collect();
        let changes: Vec<NewSyncChange<'_>> = jobs
            .iter()
            .zip(&records)
            .map(|(j, (key, before, after))| NewSyncChange {
                seq: j.seq,
                company: j.company,
                operation: j.op.kind().name(),
                key,
                row_id: j.row_id.as_deref(),
                before: before.as_deref(),
                after: after.as_deref(),
            })
            .collect();
        let run_id = lock(store)
            .sync_log()
            .start(
                &NewSyncRun {
                    statement,
                    user: &user,
                    companies: &companies,
                    undo_of,
                },
                &changes,
            )
            .map_err(|e| Error::Io(format!("the run log could not be written: {e}")))?;
        ctx.events.event(Event::SyncStarted {
            run: run_id,
            companies: plan
                .companies
                .iter()
                .map(|c| crate::events::SyncCompanyPlanned {
                    company: c.company,
                    inserts: c.counts.inserts,
                    updates: c.counts.updates,
                    deletes: c.counts.deletes,
                    unchanged: c.counts.unchanged,
                })
                .collect(),
        });

        let shared = Mutex::new(Shared {
            tolerated: plan.options.continue_on_first_errors.unwrap_or(0),
            errors: Vec::new(),
            stop: None,
        });
        let started = Instant::now();
        let mut queues: BTreeMap<Option<i64>, Vec<Job>> = BTreeMap::new();
        for c in &plan.companies {
            queues.entry(c.company).or_default();
        }
        for j in jobs {
            queues.entry(j.company).or_default().push(j);
        }
        let outcomes: Vec<CompanyOutcome> = match target {
            Side::Memory(name) => {
                let mut out = Vec::new();
                for (company, queue) in queues {
                    let ended = self.apply_memory(name, &queue, run_id, store, &shared, ctx);
                    out.push((company, ended, started.elapsed().as_millis() as u64));
                }
                out
            }
            Side::Cloud { provider, table } => {
                let provider = self.providers[*provider].clone();
                let kinds: BTreeMap<String, ColumnKind> = loaded
                    .specs
                    .iter()
                    .map(|s| (s.name.to_ascii_lowercase(), s.kind))
                    .collect();
                let work = queues.into_iter().map(|(company, queue)| {
                    let provider = provider.clone();
                    let (shared, kinds) = (&shared, &kinds);
                    async move {
                        let mut ended = Vec::new();
                        let planned = queue.len() as u64;
                        let (mut done, mut failed) = (0u64, 0u64);
                        for job in &queue {
                            if ctx.cancel.is_cancelled() || lock(shared).stop.is_some() {
                                break;
                            }
                            if !logged(shared, lock(store).sync_log().sending(run_id, job.seq)) {
                                break;
                            }
                            let calls = company_calls(provider.as_ref(), company);
                            let result =
                                send(provider.as_ref(), table, company.unwrap_or(0), job, kinds)
                                    .await;
                            let calls = company_calls(provider.as_ref(), company) - calls;
                            let end = result.log_end(calls);
                            logged(
                                shared,
                                lock(store).sync_log().finished(run_id, job.seq, &end),
                            );
                            match &result {
                                Ended::Done(_) => done += 1,
                                Ended::Refused(m) => {
                                    failed += 1;
                                    refused(shared, company, job, m);
                                }
                                Ended::Stop(m) => {
                                    failed += 1;
                                    let at =
                                        company.map_or(String::new(), |c| format!("company {c}: "));
                                    lock(shared).stop.get_or_insert(format!("{at}{m}"));
                                }
                            }
                            ctx.events.event(Event::SyncProgress {
                                company,
                                planned,
                                done,
                                failed,
                            });
                            ended.push((job.op.kind(), result));
                        }
                        (company, ended, started.elapsed().as_millis() as u64)
                    }
                });
                join_all(work).await
            }
        };

        // Per company: what happened, against what was planned.
        let mut summary = SyncSummary {
            run_id,
            companies: Vec::new(),
            errors: Vec::new(),
        };
        let mut totals = SyncCounts::default();
        let calls_after = self.calls_by_company();
        for (company, ended, elapsed) in outcomes {
            let cp = plan.companies.iter().find(|c| c.company == company);
            let mut c = CompanySummary {
                company,
                unchanged: cp.map_or(0, |c| c.counts.unchanged),
                elapsed_ms: elapsed,
                ..CompanySummary::default()
            };
            let code = company.unwrap_or(0);
            c.api_calls = calls_after.get(&code).copied().unwrap_or(0)
                - calls_before.get(&code).copied().unwrap_or(0);
            for (kind, result) in &ended {
                match result {
                    Ended::Done(_) => match kind {
                        OperationKind::Insert => c.inserted += 1,
                        OperationKind::Update => c.updated += 1,
                        OperationKind::Delete => c.deleted += 1,
                    },
                    Ended::Refused(_) | Ended::Stop(_) => c.failed += 1,
                }
            }
            c.not_done = cp.map_or(0, |p| {
                (p.operations.len() + p.skipped_by_limit.len()) as u64 - ended.len() as u64
            });
            totals.inserted += c.inserted;
            totals.updated += c.updated;
            totals.deleted += c.deleted;
            totals.unchanged += c.unchanged;
            totals.failed += c.failed;
            summary.companies.push(c);
        }
        let shared = shared.into_inner().unwrap_or_else(|e| e.into_inner());
        summary.errors = shared.errors;
        let cancelled = ctx.cancel.is_cancelled();
        let outcome = if shared.stop.is_some() {
            SyncOutcome::Failed
        } else if cancelled && summary.companies.iter().any(|c| c.not_done > 0) {
            SyncOutcome::Cancelled
        } else if summary.errors.is_empty() {
            SyncOutcome::Ok
        } else {
            SyncOutcome::RowErrors
        };
        let api_calls = summary.companies.iter().map(|c| c.api_calls).sum();
        let stop = shared.stop.clone();
        let finish = lock(store).sync_log().finish(
            run_id,
            &SyncRunEnd {
                outcome,
                counts: totals,
                api_calls,
                error: stop.as_deref(),
            },
        );
        finish.map_err(|e| Error::Io(format!("the run log could not be written: {e}")))?;
        match (outcome, stop) {
            (SyncOutcome::Failed, Some(why)) => Err(Error::Provider {
                message: format!(
                    "synchronize stopped (run {run_id} in the run log): {why}; done before it \
                     stopped: {} inserted, {} updated, {} deleted, {} failed",
                    totals.inserted, totals.updated, totals.deleted, totals.failed
                ),
                partition: None,
                position: None,
            }),
            // A cancelled run still says what it did; the script stops as
            // cancelled before its next statement (the token is cancelled).
            _ => Ok(summary),
        }
    }

    /// Applies a company's operations to an in-memory table (no calls, so
    /// nothing to wait for and nothing to pace).
    fn apply_memory(
        &mut self,
        table: &str,
        queue: &[Job],
        run_id: i64,
        store: &Mutex<Store>,
        shared: &Mutex<Shared>,
        ctx: &Ctx<'_>,
    ) -> Vec<(OperationKind, Ended)> {
        let mut ended = Vec::new();
        let t = quote(table);
        for job in queue {
            if ctx.cancel.is_cancelled() || lock(shared).stop.is_some() {
                break;
            }
            let result = match &job.op {
                Operation::Insert { values, .. } => {
                    let cols: Vec<String> = values.iter().map(|f| quote(&f.column)).collect();
                    let marks = vec!["?"; values.len()].join(", ");
                    let params: Vec<Value> = values.iter().map(|f| from_sync(&f.value)).collect();
                    self.db
                        .execute(
                            &format!(
                                "INSERT INTO main.{t} ({}) VALUES ({marks})",
                                cols.join(", ")
                            ),
                            rusqlite::params_from_iter(params),
                        )
                        .map(|_| Some(self.db.last_insert_rowid().to_string()))
                }
                Operation::Update { changes, .. } => {
                    let sets: Vec<String> = changes
                        .iter()
                        .map(|c| format!("{} = ?", quote(&c.column)))
                        .collect();
                    let mut params: Vec<Value> =
                        changes.iter().map(|c| from_sync(&c.new)).collect();
                    params.push(Value::Text(job.row_id.clone().unwrap_or_default()));
                    self.db
                        .execute(
                            &format!("UPDATE main.{t} SET {} WHERE rowid = ?", sets.join(", ")),
                            rusqlite::params_from_iter(params),
                        )
                        .map(|_| None)
                }
                Operation::Delete { .. } => self
                    .db
                    .execute(
                        &format!("DELETE FROM main.{t} WHERE rowid = ?"),
                        [job.row_id.clone().unwrap_or_default()],
                    )
                    .map(|_| None),
            };
            let result = match result {
                Ok(id) => Ended::Done(id),
                Err(e) => Ended::Refused(e.to_string()),
            };
            let end = result.log_end(0);
            logged(
                shared,
                lock(store).sync_log().finished(run_id, job.seq, &end),
            );
            if let Ended::Refused(m) = &result {
                refused(shared, job.company, job, m);
            }
            ended.push((job.op.kind(), result));
        }
        ended
    }
}

/// Records a refused row; past the tolerated number, stops the statement.
fn refused(shared: &Mutex<Shared>, company: Option<i64>, job: &Job, message: &str) {
    let mut s = lock(shared);
    s.errors.push(RowError {
        company,
        operation: job.op.kind().name().to_string(),
        key: job.op.key_text(),
        message: message.to_string(),
    });
    let seen = s.errors.len() as u64;
    if seen > s.tolerated {
        let why = if s.tolerated == 0 {
            format!(
                "{} of {} was refused: {message} (add `continue on first N errors` to skip \
                 refused rows)",
                job.op.kind().name(),
                job.op.key_text()
            )
        } else {
            format!(
                "more than {} rows were refused (continue on first {} errors); the last: {} of \
                 {}: {message}",
                s.tolerated,
                s.tolerated,
                job.op.kind().name(),
                job.op.key_text()
            )
        };
        s.stop.get_or_insert(why);
    }
}
