//! Undoing a run from its log: delete what it inserted, restore what it
//! updated, re-create what it deleted — itself a run, with its own plan
//! (shown first when asked) and its own log.
//!
//! The undo is planned against the target as it is now, read afresh: a row
//! the run inserted that is already gone is left alone, an updated field
//! that already holds its old value is not written again, and a deleted
//! row whose key exists again is not re-created. What cannot be undone is
//! said in a warning, never skipped in silence. Refused rows (a delete the
//! service refuses, say) do not stop an undo: every row is tried and each
//! failure is in its report.

use std::collections::HashMap;

use tandem_sync::normalize::values_equal;
use tandem_sync::{
    ColumnKind, CompanyPlan, Counts, Field, Operation, OperationKind, Plan, PlanOptions, RowSet,
};

use super::log::parse_fields;
use super::{kind_of, sync_error, to_sync, Loaded, Side, DIVISION};
use crate::cancel::CancelToken;
use crate::error::{Error, Result};
use crate::events::{Event, EventSink};
use crate::results::ResultSetInfo;
use crate::script::Ctx;
use crate::session::Session;
use tandem_store::ChangeOutcome;

/// What undoing a run would do.
#[derive(Debug, Clone)]
pub struct UndoPreview {
    /// The run to undo.
    pub run_id: i64,
    /// The operations, per company.
    pub plan: Plan,
    /// Changes of the run that need no undo or cannot be undone, and why.
    pub notes: Vec<String>,
}

fn field_of<'a>(fields: &'a [Field], column: &str) -> Option<&'a Field> {
    fields
        .iter()
        .find(|f| f.column.eq_ignore_ascii_case(column))
}

impl Session {
    /// Plans the undo of run `run` (nothing is written). See
    /// [`Session::undo_run`].
    pub async fn preview_undo(
        &mut self,
        run: i64,
        events: &dyn EventSink,
        cancel: &CancelToken,
    ) -> Result<UndoPreview> {
        let mut on_error = tandem_sql::OnError::Default;
        let ctx = Ctx::detached(events, cancel, &mut on_error);
        let (_, _, _, preview) = self.plan_undo(run, &ctx).await?;
        Ok(preview)
    }

    /// Undoes run `run`: with `explain`, only returns its plan as a result
    /// set (as `explain synchronize` does); otherwise applies it as a new run
    /// and returns its summary (and refused rows).
    pub async fn undo_run(
        &mut self,
        run: i64,
        explain: bool,
        events: &dyn EventSink,
        cancel: &CancelToken,
    ) -> Result<Vec<ResultSetInfo>> {
        let started = std::time::Instant::now();
        let mut on_error = tandem_sql::OnError::Default;
        let ctx = Ctx::detached(events, cancel, &mut on_error);
        let calls_before = self.calls_by_company();
        let (statement, target, loaded, preview) = self.plan_undo(run, &ctx).await?;
        for note in &preview.notes {
            events.event(Event::Message {
                level: "warning".into(),
                text: note.clone(),
            });
        }
        if explain {
            return Ok(vec![self.explain_result(&preview.plan)?]);
        }
        // Like any synchronize, the app shows an undo's plan before it
        // writes. Without an approver (the CLI) an undo is never held by
        // the mass-delete guard: removing what a run inserted is its point.
        let companies: Vec<i64> = preview
            .plan
            .companies
            .iter()
            .filter_map(|c| c.company)
            .collect();
        self.approve_plan(
            &statement,
            Some(run),
            &preview.plan,
            &companies,
            &ctx,
            false,
        )
        .await?;
        let summary = self
            .apply_plan(
                super::apply::Apply {
                    statement: &statement,
                    undo_of: Some(run),
                    target: &target,
                    loaded: &loaded,
                    plan: &preview.plan,
                    calls_before: &calls_before,
                },
                &ctx,
            )
            .await?;
        // A cancelled undo is logged with what it did, but says so: it is not
        // a script whose next statement would notice the cancel.
        if cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        match self.finish_sync(summary, started, &ctx)? {
            crate::script::Outcome::Many(results) => Ok(results),
            _ => Err(Error::Bug("an undo produced no summary".into())),
        }
    }

    async fn plan_undo(
        &mut self,
        run: i64,
        ctx: &Ctx<'_>,
    ) -> Result<(String, Side, Loaded, UndoPreview)> {
        // In a block: a borrow of the store's connection (not Sync) held
        // across the reads below would make this future !Send, and the app
        // runs it on its async runtime.
        let (record, changes) = {
            let store = self
                .store
                .as_ref()
                .ok_or_else(|| sync_error("there is no run log in this session".into()))?;
            let log = store.sync_log();
            let io = |e: tandem_store::Error| Error::Io(format!("the run log cannot be read: {e}"));
            let record = log
                .run(run)
                .map_err(io)?
                .ok_or_else(|| sync_error(format!("there is no run {run} in the run log")))?;
            let changes = log.changes(run).map_err(io)?;
            (record, changes)
        };
        let stmt = match tandem_sql::parse_statement(&record.statement) {
            Ok(tandem_sql::Statement::Synchronize(s)) => s,
            _ => {
                return Err(sync_error(format!(
                    "run {run} is not a synchronize that can be undone"
                )))
            }
        };
        let target = self.sync_side(&stmt.target, "target")?;
        let ids = stmt.identified_by.clone();
        let columns = self.side_columns(&target, true, &ids)?;
        let names: Vec<String> = columns.iter().map(|(c, _)| c.clone()).collect();
        let identity = match &target {
            Side::Memory(_) => Some("rowid".to_string()),
            Side::Cloud { table, .. } => table.key.clone(),
        };

        // Read the run's companies, whatever is active now.
        let saved = self.active.clone();
        if let Side::Cloud { provider, table } = &target {
            if table.partitioned {
                let accessible = self.accessible(*provider).await?;
                for c in &record.companies {
                    if !accessible.iter().any(|a| a.code == *c) {
                        return Err(sync_error(format!(
                            "run {run} changed company {c}, which this login cannot use"
                        )));
                    }
                }
                self.active = record.companies.iter().map(|c| (*provider, *c)).collect();
            }
        }
        let read = self
            .read_side(&target, &names, identity.as_deref(), ctx)
            .await;
        self.active = saved;
        let raw = read?;

        let division = names.iter().position(|c| c.eq_ignore_ascii_case(DIVISION));
        let mut current = RowSet::new(names.clone());
        let mut target_ids = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for mut r in raw {
            let id = match r.pop() {
                Some(rusqlite::types::Value::Text(s)) => Some(s),
                Some(rusqlite::types::Value::Integer(i)) => Some(i.to_string()),
                _ => None,
            };
            if let Some(id) = &id {
                by_id.insert(id.clone(), target_ids.len());
            }
            target_ids.push(id);
            let company = match division.map(|i| &r[i]) {
                Some(rusqlite::types::Value::Integer(c)) if target.partitioned() => Some(*c),
                _ => None,
            };
            current.push(company, r.into_iter().map(to_sync).collect());
        }
        let kinds: HashMap<String, ColumnKind> = columns
            .iter()
            .map(|(c, t)| (c.to_ascii_lowercase(), kind_of(*t)))
            .collect();
        let kind = |c: &str| {
            kinds
                .get(&c.to_ascii_lowercase())
                .copied()
                .unwrap_or_default()
        };
        let row_fields = |i: usize| -> Vec<Field> {
            names
                .iter()
                .zip(&current.rows[i].values)
                .map(|(c, v)| Field {
                    column: c.clone(),
                    value: v.clone(),
                })
                .collect()
        };
        let key_of = |fields: &[Field]| -> Vec<Field> {
            ids.iter()
                .map(|k| Field {
                    column: k.clone(),
                    value: field_of(fields, k)
                        .map_or(tandem_sync::Value::Null, |f| f.value.clone()),
                })
                .collect()
        };
        // The current row whose key equals `key`, in `company`.
        let find_key = |company: Option<i64>, key: &[Field]| -> Option<usize> {
            current.rows.iter().position(|row| {
                row.company == company
                    && key.iter().all(|f| {
                        names
                            .iter()
                            .position(|c| c.eq_ignore_ascii_case(&f.column))
                            .is_some_and(|i| {
                                values_equal(&row.values[i], &f.value, kind(&f.column), true)
                            })
                    })
            })
        };

        let mut per_company: std::collections::BTreeMap<Option<i64>, Vec<Operation>> =
            Default::default();
        let mut notes = Vec::new();
        for c in changes.iter().rev() {
            let applied = match c.outcome {
                ChangeOutcome::Done => true,
                // Sent, answer never seen: only an insert can be found again.
                ChangeOutcome::Sending => c.operation == "insert",
                _ => false,
            };
            if !applied {
                continue;
            }
            let before = parse_fields(c.before.as_deref());
            let after = parse_fields(c.after.as_deref());
            let op = match c.operation.as_str() {
                "insert" => {
                    let at = match &c.row_id {
                        Some(id) => by_id.get(id).copied(),
                        None => find_key(c.company, &key_of(&after)),
                    };
                    match at {
                        Some(i) => {
                            let fields = row_fields(i);
                            Some(Operation::Delete {
                                key: key_of(&fields),
                                target_row: i,
                                before: fields,
                            })
                        }
                        None => {
                            if c.outcome == ChangeOutcome::Done {
                                notes.push(format!(
                                    "{}: the row the run inserted is gone already",
                                    c.key
                                ));
                            }
                            None
                        }
                    }
                }
                "update" => match c.row_id.as_ref().and_then(|id| by_id.get(id)).copied() {
                    Some(i) => {
                        let fields = row_fields(i);
                        let changes: Vec<tandem_sync::Change> = before
                            .iter()
                            .filter_map(|old| {
                                let now = field_of(&fields, &old.column)?;
                                (!values_equal(&now.value, &old.value, kind(&old.column), false))
                                    .then(|| tandem_sync::Change {
                                        column: now.column.clone(),
                                        old: now.value.clone(),
                                        new: old.value.clone(),
                                    })
                            })
                            .collect();
                        (!changes.is_empty()).then(|| Operation::Update {
                            key: key_of(&fields),
                            source_row: 0,
                            target_row: i,
                            changes,
                        })
                    }
                    None => {
                        notes.push(format!(
                            "{}: the row the run updated no longer exists, so its old values \
                             cannot be put back",
                            c.key
                        ));
                        None
                    }
                },
                _ => {
                    let key = key_of(&before);
                    if find_key(c.company, &key).is_some() {
                        notes.push(format!(
                            "{}: a row with this key exists again, so the deleted row is not \
                             re-created",
                            c.key
                        ));
                        None
                    } else {
                        // The row's identity is left to the service: not
                        // every Exact Online entity accepts an ID on create,
                        // so the re-created row gets a new one.
                        let writable = |col: &str| match &target {
                            Side::Memory(_) => true,
                            Side::Cloud { table, .. } => {
                                col.eq_ignore_ascii_case(DIVISION)
                                    || (table.column(col).is_some_and(|d| d.writable)
                                        && !table
                                            .key
                                            .as_deref()
                                            .is_some_and(|k| k.eq_ignore_ascii_case(col)))
                            }
                        };
                        Some(Operation::Insert {
                            key,
                            source_row: 0,
                            values: before
                                .into_iter()
                                .filter(|f| writable(&f.column) && !f.value.is_null())
                                .collect(),
                        })
                    }
                }
            };
            if let Some(op) = op {
                per_company.entry(c.company).or_default().push(op);
            }
        }

        let mut options = PlanOptions::identified_by(ids.iter().cloned());
        for kind in OperationKind::ALL {
            options = options.allow(kind, None);
        }
        // An undo tries every row and reports each refusal.
        options.continue_on_first_errors = Some(u64::MAX);
        let mut totals = Counts::default();
        let companies: Vec<CompanyPlan> = record
            .companies
            .iter()
            .map(|c| Some(*c))
            .chain(per_company.keys().copied())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|company| {
                let operations = per_company.remove(&company).unwrap_or_default();
                let mut counts = Counts::default();
                for op in &operations {
                    match op.kind() {
                        OperationKind::Insert => counts.inserts += 1,
                        OperationKind::Update => counts.updates += 1,
                        OperationKind::Delete => counts.deletes += 1,
                    }
                }
                totals.inserts += counts.inserts;
                totals.updates += counts.updates;
                totals.deletes += counts.deletes;
                CompanyPlan {
                    company,
                    source_rows: 0,
                    target_rows: current.rows.iter().filter(|r| r.company == company).count()
                        as u64,
                    operations,
                    skipped_by_limit: Vec::new(),
                    counts,
                }
            })
            .collect();
        let plan = Plan {
            options,
            compared_columns: names.clone(),
            unmatched_source_columns: Vec::new(),
            api_calls: totals.inserts + totals.updates + totals.deletes,
            totals,
            companies,
            limits_reached: Vec::new(),
            needs_confirmation: Vec::new(),
        };
        let specs = columns
            .iter()
            .map(|(c, t)| tandem_sync::ColumnSpec::new(c.clone(), kind_of(*t)))
            .collect();
        let loaded = Loaded {
            source: RowSet::new(Vec::<String>::new()),
            target: current,
            target_ids,
            specs,
            companies: record.companies.clone(),
        };
        Ok((
            record.statement.clone(),
            target,
            loaded,
            UndoPreview {
                run_id: run,
                plan,
                notes,
            },
        ))
    }
}
