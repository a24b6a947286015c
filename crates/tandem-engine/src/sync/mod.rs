//! `synchronize` and `explain synchronize`: read both sides, plan, check,
//! apply, log.
//!
//! 1. Read. The target is the table over the active companies, exactly as a
//!    query would read it: one read per company (bulk endpoints, only the
//!    columns the statement needs, plus the row identity). The source is read
//!    the same way, or straight from SQLite when it is an in-memory table.
//! 2. Plan with `tandem-sync`, a pure function: what `explain` shows, what
//!    the limits and the mass-delete guard judge, and what is applied are one
//!    and the same list of operations.
//! 3. Check: a plan that would delete more than half of any company's rows
//!    stops unless the session allows it (the CLI's `--allow-mass-delete`).
//! 4. Apply and log (see `apply`): every operation is in the run log before
//!    the first call, and its outcome is written as it completes.
//!
//! Sources rows are routed to companies by their `division` column (or to
//! the one active company when they have none); a source row for a company
//! that is not active is an error that names it, since writing it would
//! change a company the user did not choose.

mod apply;
mod log;
mod preview;
mod report;
mod undo;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use futures_util::future::BoxFuture;
use serde::Serialize;
use ts_rs::TS;

use rusqlite::types::Value;
use tandem_sql::SyncStatement;
use tandem_sync::{ColumnKind, ColumnSpec, Plan, PlanOptions, RowSet};

use crate::error::{Error, Result};
use crate::provider::TableDef;
use crate::resolve::Target;
use crate::results::quote;
use crate::rewrite::{FetchSource, FetchSpec};
use crate::script::{Ctx, Outcome};
use crate::session::Session;
use crate::value::SqlType;

pub use apply::{CompanySummary, RowError, SyncSummary};
pub use preview::{
    export_plan_rows, filter_plan_rows, CompanyOverview, PlanDetailRow, PlanOverview,
};
pub use undo::UndoPreview;

/// The column that routes rows to companies.
pub(crate) const DIVISION: &str = "division";

/// One side of a synchronize.
#[derive(Debug, Clone)]
pub(crate) enum Side {
    /// An in-memory table, by its SQLite name.
    Memory(String),
    /// A provider's table.
    Cloud { provider: usize, table: TableDef },
}

impl Side {
    fn partitioned(&self) -> bool {
        matches!(self, Side::Cloud { table, .. } if table.partitioned)
    }

    pub(crate) fn name(&self) -> String {
        match self {
            Side::Memory(n) => format!("{n}@{}", crate::resolve::IN_MEMORY),
            Side::Cloud { table, .. } => table.full_name(),
        }
    }
}

/// Everything the planner and the applier need, read from both sides.
pub(crate) struct Loaded {
    pub(crate) source: RowSet,
    pub(crate) target: RowSet,
    /// The identity of each target row: Exact's `ID`, or the SQLite rowid.
    pub(crate) target_ids: Vec<Option<String>>,
    pub(crate) specs: Vec<ColumnSpec>,
    /// The companies that take part (the active ones of the target's
    /// provider), empty for an in-memory target.
    pub(crate) companies: Vec<i64>,
}

/// What a synchronize is about to do, for the one who must approve it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SyncPreview")]
pub struct SyncPreview {
    /// The statement, canonical.
    pub statement: String,
    /// The plan: per company, every operation with its changed fields.
    pub plan: Plan,
    /// Per company, the calls left today as last reported (before the
    /// writes; `None` when not known yet).
    pub daily_remaining: Vec<CompanyBudget>,
    /// The run this plan undoes, when it is an undo.
    #[ts(type = "number | null")]
    pub undo_of: Option<i64>,
}

/// A company taking part, and the calls it has left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CompanyBudget {
    /// The company.
    #[ts(type = "number")]
    pub company: i64,
    /// Its name, when the login's company list is known.
    pub name: String,
    /// Calls left today, as last reported by the service.
    #[ts(type = "number | null")]
    pub remaining: Option<u64>,
    /// Calls allowed per minute, as last reported by the service.
    #[ts(type = "number | null")]
    pub minutely_limit: Option<u64>,
}

/// Decides whether a planned synchronize may write. The desktop app shows
/// the plan and asks the user; with an approver set, a plan that would empty
/// companies is the approver's call too (it sees `plan.needs_confirmation`).
pub trait SyncApproval: Send + Sync {
    /// `true` to apply the plan. The `SyncAwaitingApproval` event follows
    /// the call (before the future is polled), so whatever `approve` does
    /// before returning its future is done when listeners hear of the plan.
    fn approve<'a>(&'a self, preview: &'a SyncPreview) -> BoxFuture<'a, bool>;
}

/// What the session allows synchronize to do without asking.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncPolicy {
    /// Apply a plan that deletes more than half of a company's rows.
    pub allow_mass_delete: bool,
}

pub(crate) fn to_sync(v: Value) -> tandem_sync::Value {
    match v {
        Value::Null => tandem_sync::Value::Null,
        Value::Integer(i) => tandem_sync::Value::Int(i),
        Value::Real(f) => tandem_sync::Value::Float(f),
        Value::Text(s) => tandem_sync::Value::Text(s),
        Value::Blob(b) => tandem_sync::Value::Text(String::from_utf8_lossy(&b).into_owned()),
    }
}

pub(crate) fn from_sync(v: &tandem_sync::Value) -> Value {
    match v {
        tandem_sync::Value::Null => Value::Null,
        tandem_sync::Value::Bool(b) => Value::Integer((*b).into()),
        tandem_sync::Value::Int(i) => Value::Integer(*i),
        tandem_sync::Value::Float(f) => Value::Real(*f),
        tandem_sync::Value::Text(s) => Value::Text(s.clone()),
    }
}

fn kind_of(t: SqlType) -> ColumnKind {
    match t {
        SqlType::Integer | SqlType::Decimal => ColumnKind::Number,
        SqlType::Boolean => ColumnKind::Boolean,
        SqlType::Text | SqlType::Date | SqlType::Datetime | SqlType::Guid => ColumnKind::Text,
        SqlType::Blob | SqlType::Unknown => ColumnKind::Auto,
    }
}

fn sync_error(message: String) -> Error {
    Error::Sql {
        message,
        position: None,
    }
}

fn contains(list: &[String], name: &str) -> bool {
    list.iter().any(|c| c.eq_ignore_ascii_case(name))
}

impl Session {
    /// Resolves a synchronize side; system tables cannot take part.
    pub(crate) fn sync_side(&self, name: &tandem_sql::TableName, role: &str) -> Result<Side> {
        match self.names()?.resolve(name)? {
            Target::Memory(n) => Ok(Side::Memory(n)),
            Target::Cloud { provider, table } => {
                if role == "target" && !table.writable {
                    return Err(sync_error(format!(
                        "{} cannot be written, so it cannot be the target of synchronize",
                        table.full_name()
                    )));
                }
                Ok(Side::Cloud { provider, table })
            }
            Target::System(t) => Err(sync_error(format!(
                "{} is one of Tandem's own tables and cannot be the {role} of synchronize",
                t.full_name()
            ))),
        }
    }

    /// The columns a side offers: for a cloud table, `division` first when
    /// partitioned; for the target only what can be written (plus the
    /// `identified by` columns, which are compared, never written).
    fn side_columns(
        &self,
        side: &Side,
        target: bool,
        identified_by: &[String],
    ) -> Result<Vec<(String, SqlType)>> {
        match side {
            Side::Memory(name) => {
                let mut stmt = self
                    .db
                    .prepare(&format!("PRAGMA main.table_info({})", quote(name)))?;
                let cols = stmt
                    .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(cols
                    .into_iter()
                    .map(|(n, d)| {
                        let t = SqlType::from_declared(Some(&d));
                        (n, t)
                    })
                    .collect())
            }
            Side::Cloud { table, .. } => {
                let mut out = Vec::new();
                if table.partitioned {
                    out.push((DIVISION.to_string(), SqlType::Integer));
                }
                for c in &table.columns {
                    if !target || c.writable || contains(identified_by, &c.name) {
                        out.push((c.name.clone(), c.sql_type));
                    }
                }
                Ok(out)
            }
        }
    }

    /// Reads `columns` of a side (with the identity column last, when
    /// `identity` names one) into rows.
    async fn read_side(
        &mut self,
        side: &Side,
        columns: &[String],
        identity: Option<&str>,
        ctx: &Ctx<'_>,
    ) -> Result<Vec<Vec<Value>>> {
        match side {
            Side::Memory(name) => {
                let mut list: Vec<String> = columns.iter().map(|c| quote(c)).collect();
                if identity.is_some() {
                    list.push("rowid".into());
                }
                self.query_rows(&format!(
                    "SELECT {} FROM main.{} ORDER BY rowid",
                    list.join(", "),
                    quote(name)
                ))
            }
            Side::Cloud { provider, table } => {
                self.counter += 1;
                let temp = format!("__sync_{}", self.counter);
                let mut read: Vec<String> = columns
                    .iter()
                    .filter(|c| !c.eq_ignore_ascii_case(DIVISION) || !table.partitioned)
                    .cloned()
                    .collect();
                if let Some(id) = identity {
                    if !contains(&read, id) {
                        read.push(id.to_string());
                    }
                }
                let spec = FetchSpec {
                    temp: temp.clone(),
                    reference: temp.clone(),
                    source: FetchSource::Cloud {
                        provider: *provider,
                        table: table.clone(),
                    },
                    columns: read,
                    pushdown: Default::default(),
                };
                let fetched = self
                    .fetch(std::slice::from_ref(&spec), ctx.events, ctx.cancel)
                    .await;
                let rows = fetched.and_then(|()| {
                    let mut list: Vec<String> = columns.iter().map(|c| quote(c)).collect();
                    if let Some(id) = identity {
                        list.push(quote(id));
                    }
                    self.query_rows(&format!(
                        "SELECT {} FROM temp.{}",
                        list.join(", "),
                        quote(&temp)
                    ))
                });
                self.drop_fetched(std::slice::from_ref(&spec));
                rows
            }
        }
    }

    /// The company of each source row: its `division` value, or the one
    /// active company when the source has no such column.
    fn route(
        &self,
        columns: &[String],
        rows: &mut [tandem_sync::Row],
        companies: &[i64],
        key_columns: &[usize],
    ) -> Result<()> {
        let key_of = |row: &tandem_sync::Row| {
            key_columns
                .iter()
                .map(|&i| format!("{} = {}", columns[i], row.values[i]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let division = columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(DIVISION));
        let allowed: HashSet<i64> = companies.iter().copied().collect();
        for row in rows.iter_mut() {
            let company = match division {
                Some(i) => match &row.values[i] {
                    tandem_sync::Value::Int(c) => Some(*c),
                    tandem_sync::Value::Float(f) if f.fract() == 0.0 => Some(*f as i64),
                    tandem_sync::Value::Text(t) => t.trim().parse().ok(),
                    _ => None,
                },
                None if companies.len() == 1 => Some(companies[0]),
                None => {
                    return Err(sync_error(format!(
                        "the source has no {DIVISION} column, so its rows cannot be routed to \
                         the {} active companies: add a {DIVISION} column or use one company",
                        companies.len()
                    )))
                }
            };
            let Some(company) = company else {
                return Err(sync_error(format!(
                    "source row {} has no company in its {DIVISION} column",
                    key_of(row)
                )));
            };
            if !allowed.contains(&company) {
                return Err(sync_error(format!(
                    "source row {} is for company {company}, which is not among the active \
                     companies ({}); add it with `use` or leave the row out",
                    key_of(row),
                    companies
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            row.company = Some(company);
        }
        Ok(())
    }

    /// Reads both sides of `stmt` (see the module documentation).
    pub(crate) async fn load_sync(
        &mut self,
        stmt: &SyncStatement,
        options: &PlanOptions,
        target: &Side,
        source: &Side,
        ctx: &Ctx<'_>,
    ) -> Result<Loaded> {
        let ids = &stmt.identified_by;
        let target_all = self.side_columns(target, true, ids)?;
        let source_all = self.side_columns(source, false, ids)?;
        for key in ids {
            for (side, cols) in [(target, &target_all), (source, &source_all)] {
                if !cols.iter().any(|(c, _)| c.eq_ignore_ascii_case(key)) {
                    return Err(sync_error(format!(
                        "identified by {key}: {} has no column {key}",
                        side.name()
                    )));
                }
            }
        }
        let shared = |name: &str, other: &[(String, SqlType)]| {
            other.iter().any(|(c, _)| c.eq_ignore_ascii_case(name))
        };
        // The target: shared columns (and `division`); every writable one
        // when rows may be deleted, as undo re-creates a deleted row from them.
        let target_cols: Vec<(String, SqlType)> = target_all
            .iter()
            .filter(|(c, _)| {
                // `division` routes target rows to their company even when
                // the source has no such column.
                (target.partitioned() && c.eq_ignore_ascii_case(DIVISION))
                    || options.delete.is_some()
                    || shared(c, &source_all)
                    || contains(ids, c)
            })
            .cloned()
            .collect();
        let source_cols: Vec<(String, SqlType)> = source_all
            .iter()
            .filter(|(c, _)| shared(c, &target_all))
            .cloned()
            .collect();
        let identity = match target {
            Side::Memory(_) => Some("rowid".to_string()),
            Side::Cloud { table, .. } => table.key.clone(),
        };
        let companies: Vec<i64> = match target {
            Side::Cloud { provider, table } if table.partitioned => self
                .active
                .iter()
                .filter(|(p, _)| p == provider)
                .map(|(_, c)| *c)
                .collect(),
            _ => Vec::new(),
        };
        if target.partitioned() && companies.is_empty() {
            return Err(sync_error(format!(
                "no company is active for {}: choose the target companies with `use` first",
                target.name()
            )));
        }

        let names: Vec<String> = source_cols.iter().map(|(c, _)| c.clone()).collect();
        let raw = self.read_side(source, &names, None, ctx).await?;
        let mut source_rows = RowSet::new(names.clone());
        for r in raw {
            source_rows.push(None, r.into_iter().map(to_sync).collect());
        }
        if target.partitioned() {
            let keys: Vec<usize> = ids
                .iter()
                .filter_map(|k| names.iter().position(|c| c.eq_ignore_ascii_case(k)))
                .collect();
            self.route(&names, &mut source_rows.rows, &companies, &keys)?;
        }

        let names: Vec<String> = target_cols.iter().map(|(c, _)| c.clone()).collect();
        let raw = self
            .read_side(target, &names, identity.as_deref(), ctx)
            .await?;
        let division = names.iter().position(|c| c.eq_ignore_ascii_case(DIVISION));
        let mut target_rows = RowSet::new(names.clone());
        let mut target_ids = Vec::with_capacity(raw.len());
        for mut r in raw {
            let id = match r.pop() {
                Some(Value::Text(s)) => Some(s),
                Some(Value::Integer(i)) => Some(i.to_string()),
                _ => None,
            };
            target_ids.push(id);
            let company = match (target.partitioned(), division) {
                (true, Some(i)) => match &r[i] {
                    Value::Integer(c) => Some(*c),
                    _ => None,
                },
                _ => None,
            };
            target_rows.push(company, r.into_iter().map(to_sync).collect());
        }

        let cloud = matches!(target, Side::Cloud { .. });
        let specs = target_cols
            .iter()
            .map(|(c, t)| {
                let spec = ColumnSpec::new(c.clone(), kind_of(*t));
                // Exact compares codes ignoring case: so must pairing.
                if cloud && contains(ids, c) && kind_of(*t) == ColumnKind::Text {
                    spec.case_insensitive()
                } else {
                    spec
                }
            })
            .collect();
        Ok(Loaded {
            source: source_rows,
            target: target_rows,
            target_ids,
            specs,
            companies,
        })
    }

    /// Plans `stmt`: reads both sides and returns the plan with what was read.
    pub(crate) async fn plan_sync(
        &mut self,
        stmt: &SyncStatement,
        ctx: &Ctx<'_>,
    ) -> Result<(Side, Loaded, Plan)> {
        let target = self.sync_side(&stmt.target, "target")?;
        let source = self.sync_side(&stmt.source, "source")?;
        let options = PlanOptions::from(stmt);
        let loaded = self
            .load_sync(stmt, &options, &target, &source, ctx)
            .await?;
        let mut plan = tandem_sync::plan(&options, &loaded.source, &loaded.target, &loaded.specs)
            .map_err(|e| sync_error(format!("synchronize {}: {e}", target.name())))?;
        // Companies without any rows on either side take part all the same:
        // the summary lists every active company.
        for c in &loaded.companies {
            if plan.company(Some(*c)).is_none() {
                plan.companies.push(tandem_sync::CompanyPlan {
                    company: Some(*c),
                    source_rows: 0,
                    target_rows: 0,
                    operations: Vec::new(),
                    skipped_by_limit: Vec::new(),
                    counts: Default::default(),
                });
            }
        }
        plan.companies.sort_by_key(|c| c.company);
        Ok((target, loaded, plan))
    }

    /// `synchronize` and `explain synchronize`.
    pub(crate) async fn synchronize(
        &mut self,
        stmt: SyncStatement,
        explain: bool,
        ctx: &mut Ctx<'_>,
    ) -> Result<Outcome> {
        let started = std::time::Instant::now();
        let calls_before = self.calls_by_company();
        let (target, loaded, plan) = self.plan_sync(&stmt, ctx).await?;
        if explain {
            return self.explain_result(&plan).map(Outcome::Rows);
        }
        let statement = stmt.to_string();
        self.approve_plan(&statement, None, &plan, &loaded.companies, ctx, true)
            .await?;
        let summary = self
            .apply_plan(
                apply::Apply {
                    statement: &statement,
                    undo_of: None,
                    target: &target,
                    loaded: &loaded,
                    plan: &plan,
                    calls_before: &calls_before,
                },
                ctx,
            )
            .await?;
        self.finish_sync(summary, started, ctx)
    }

    /// Asks the approver, when one is set, whether `plan` may be applied
    /// (a declined plan is [`Error::Cancelled`]); without one, a plan that
    /// would empty companies stops unless allowed (when `guard_mass_delete`).
    /// Synchronize and undo both come this way, so the app shows each plan
    /// before it writes.
    // `&mut self`: a `&Session` held across the await would make the
    // future !Send (the SQLite connection is not Sync).
    pub(crate) async fn approve_plan(
        &mut self,
        statement: &str,
        undo_of: Option<i64>,
        plan: &Plan,
        companies: &[i64],
        ctx: &Ctx<'_>,
        guard_mass_delete: bool,
    ) -> Result<()> {
        match self.sync_approval.clone() {
            Some(approver) if !plan.is_empty() => {
                let preview = SyncPreview {
                    statement: statement.to_string(),
                    daily_remaining: self.daily_budgets(companies),
                    plan: plan.clone(),
                    undo_of,
                };
                // Hand the plan to the approver before saying it waits: the
                // app's approver keeps it where the window reads it, and a
                // window told first could ask for it before it is there.
                let answer = approver.approve(&preview);
                ctx.events
                    .event(crate::events::Event::SyncAwaitingApproval {
                        writes: plan.totals.writes(),
                        companies: plan.companies.len() as u64,
                    });
                if answer.await {
                    return Ok(());
                }
                ctx.events.event(crate::events::Event::Message {
                    level: "warning".into(),
                    text: format!(
                        "{} was not approved: nothing was changed",
                        if undo_of.is_some() {
                            "the undo"
                        } else {
                            "synchronize"
                        }
                    ),
                });
                Err(Error::Cancelled)
            }
            _ if guard_mass_delete => self.check_mass_delete(plan),
            _ => Ok(()),
        }
    }

    /// Stops a plan that would empty companies, unless allowed.
    pub(crate) fn check_mass_delete(&self, plan: &Plan) -> Result<()> {
        if self.sync_policy.allow_mass_delete || !plan.requires_confirmation() {
            return Ok(());
        }
        let list: Vec<String> = plan
            .needs_confirmation
            .iter()
            .map(|m| {
                format!(
                    "{}: {} of {} rows",
                    m.company
                        .map_or("the table".to_string(), |c| format!("company {c}")),
                    m.deletes,
                    m.target_rows
                )
            })
            .collect();
        Err(sync_error(format!(
            "synchronize would delete more than half of the rows of {} ({}); nothing was \
             changed. Check the source and the active companies (`explain synchronize` shows \
             every row); to go ahead, confirm in the app or run `tandem run` with \
             --allow-mass-delete",
            if list.len() == 1 {
                "one company".to_string()
            } else {
                format!("{} companies", list.len())
            },
            list.join("; ")
        )))
    }

    /// API calls made so far, per company, over every provider.
    pub(crate) fn calls_by_company(&self) -> BTreeMap<i64, u64> {
        let mut out = BTreeMap::new();
        for p in &self.providers {
            for u in p.usage() {
                *out.entry(u.partition).or_insert(0) += u.calls;
            }
        }
        out
    }

    /// How synchronize may act without asking (the CLI's flags set it).
    pub fn set_sync_policy(&mut self, policy: SyncPolicy) {
        self.sync_policy = policy;
    }

    /// Who approves each synchronize's plan before it writes (the app's
    /// preview); `None` applies plans that pass the [`SyncPolicy`].
    pub fn set_sync_approval(&mut self, approver: Option<Arc<dyn SyncApproval>>) {
        self.sync_approval = approver;
    }

    /// Calls left today per company, as last reported.
    fn daily_budgets(&self, companies: &[i64]) -> Vec<CompanyBudget> {
        let usage: Vec<_> = self.providers.iter().flat_map(|p| p.usage()).collect();
        let name = |c: i64| {
            self.accessible
                .values()
                .flatten()
                .find(|p| p.code == c)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        };
        companies
            .iter()
            .map(|c| {
                let mine = || usage.iter().filter(|u| u.partition == *c);
                CompanyBudget {
                    company: *c,
                    name: name(*c),
                    remaining: mine().filter_map(|u| u.daily_remaining).min(),
                    minutely_limit: mine().filter_map(|u| u.minutely_limit).min(),
                }
            })
            .collect()
    }
}
