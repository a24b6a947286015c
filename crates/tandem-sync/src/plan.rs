//! The plan: what synchronize would write, per company, before it writes.
//!
//! Planning and applying are separate steps (STYLE.md, point 5): the plan is
//! what `explain synchronize` and the app's preview show, what the mass-delete
//! guard and the row limits judge, and what the applier executes, so all
//! three see the same operations. Each operation carries what the run log
//! needs to undo it: the changed fields' old values, a deleted row's values.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Result, Side};
use crate::limits::{Admit, LimitReached, Limits};
use crate::normalize::{norm_eq, normalize, user_form};
use crate::options::{OperationKind, PlanOptions};
use crate::pair::{by_company, pair_company, Layout, Pairing};
use crate::value::{ColumnSpec, RowSet, Value};

/// A column and its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, rename = "SyncField")]
pub struct Field {
    /// The column, as the target spells it.
    pub column: String,
    /// The value.
    pub value: Value,
}

/// A changed column of an update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, rename = "SyncChange")]
pub struct Change {
    /// The column, as the target spells it.
    pub column: String,
    /// The target's value, as users see it (dates decoded).
    pub old: Value,
    /// The source's value, exactly as given: this is what is sent.
    pub new: Value,
}

/// One write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[ts(export, rename = "SyncPlannedOperation")]
pub enum Operation {
    /// Create a row.
    Insert {
        /// The `identified by` values.
        key: Vec<Field>,
        /// The row's position in the source rows given to [`plan`].
        source_row: usize,
        /// The values to send: every shared column, source values as given
        /// (`ignore nulls on values` leaves NULLs out).
        values: Vec<Field>,
    },
    /// Change a row: only the changed columns are sent.
    Update {
        /// The `identified by` values.
        key: Vec<Field>,
        /// The row's position in the source rows given to [`plan`].
        source_row: usize,
        /// The partner's position in the target rows given to [`plan`]: its
        /// identity (Exact's `ID`) is there, not in the shared columns.
        target_row: usize,
        /// The changed columns, old → new.
        changes: Vec<Change>,
    },
    /// Remove a row.
    Delete {
        /// The `identified by` values.
        key: Vec<Field>,
        /// The row's position in the target rows given to [`plan`].
        target_row: usize,
        /// Every column of the target row, as users see them: the
        /// before-image that undo re-creates.
        before: Vec<Field>,
    },
}

impl Operation {
    /// Insert, update or delete.
    pub fn kind(&self) -> OperationKind {
        match self {
            Operation::Insert { .. } => OperationKind::Insert,
            Operation::Update { .. } => OperationKind::Update,
            Operation::Delete { .. } => OperationKind::Delete,
        }
    }

    /// The `identified by` values.
    pub fn key(&self) -> &[Field] {
        match self {
            Operation::Insert { key, .. }
            | Operation::Update { key, .. }
            | Operation::Delete { key, .. } => key,
        }
    }

    /// `code = '1', division = 2`.
    pub fn key_text(&self) -> String {
        self.key()
            .iter()
            .map(|f| format!("{} = {}", f.column, f.value))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What a plan does, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "SyncCounts")]
pub struct Counts {
    /// Inserts planned.
    #[ts(type = "number")]
    pub inserts: u64,
    /// Updates planned.
    #[ts(type = "number")]
    pub updates: u64,
    /// Deletes planned.
    #[ts(type = "number")]
    pub deletes: u64,
    /// Pairs with nothing to change.
    #[ts(type = "number")]
    pub unchanged: u64,
    /// `skipped_null_keys + skipped_by_limit`.
    #[ts(type = "number")]
    pub skipped: u64,
    /// Rows (of either side) with all-NULL keys under `ignore nulls on
    /// identified by`.
    #[ts(type = "number")]
    pub skipped_null_keys: u64,
    /// Operations held back by `exit after N rows`.
    #[ts(type = "number")]
    pub skipped_by_limit: u64,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.inserts += other.inserts;
        self.updates += other.updates;
        self.deletes += other.deletes;
        self.unchanged += other.unchanged;
        self.skipped += other.skipped;
        self.skipped_null_keys += other.skipped_null_keys;
        self.skipped_by_limit += other.skipped_by_limit;
    }

    /// Writes planned: one API call each.
    pub fn writes(&self) -> u64 {
        self.inserts + self.updates + self.deletes
    }
}

/// The plan of one company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, rename = "SyncCompanyPlan")]
pub struct CompanyPlan {
    /// The company (division); `None` when the target is not partitioned.
    #[ts(type = "number | null")]
    pub company: Option<i64>,
    /// Source rows of this company.
    #[ts(type = "number")]
    pub source_rows: u64,
    /// Target rows of this company.
    #[ts(type = "number")]
    pub target_rows: u64,
    /// The writes to make, in order: inserts and updates in source order,
    /// then deletes in target order.
    pub operations: Vec<Operation>,
    /// Writes held back by `exit after N rows`: shown, never applied.
    pub skipped_by_limit: Vec<Operation>,
    /// The counts.
    pub counts: Counts,
}

/// A company that would lose more than half its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "SyncMassDelete")]
pub struct MassDelete {
    /// The company.
    #[ts(type = "number | null")]
    pub company: Option<i64>,
    /// Deletes planned there.
    #[ts(type = "number")]
    pub deletes: u64,
    /// Its target rows.
    #[ts(type = "number")]
    pub target_rows: u64,
}

/// Everything synchronize would do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, rename = "SyncPlan")]
pub struct Plan {
    /// The statement's options (the applier reads `continue_on_first_errors`).
    pub options: PlanOptions,
    /// Shared columns compared for updates (not keys, not ignored).
    pub compared_columns: Vec<String>,
    /// Source columns the target lacks: never written.
    pub unmatched_source_columns: Vec<String>,
    /// Per company, ascending (the unpartitioned table first).
    pub companies: Vec<CompanyPlan>,
    /// The sum over the companies.
    pub totals: Counts,
    /// API calls the writes cost: one per planned operation (reads are the
    /// engine's and already spent).
    #[ts(type = "number")]
    pub api_calls: u64,
    /// `exit after N rows` limits that held writes back.
    pub limits_reached: Vec<LimitReached>,
    /// Companies that would lose more than half their rows: the caller must
    /// ask (app dialog, CLI `--allow-mass-delete`) before applying.
    pub needs_confirmation: Vec<MassDelete>,
}

impl Plan {
    /// Whether applying needs the user's confirmation (mass delete).
    pub fn requires_confirmation(&self) -> bool {
        !self.needs_confirmation.is_empty()
    }

    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.api_calls == 0
    }

    /// The plan of `company`.
    pub fn company(&self, company: Option<i64>) -> Option<&CompanyPlan> {
        self.companies.iter().find(|c| c.company == company)
    }
}

/// Plans `synchronize`: pairs `source` and `target` rows (see
/// [`crate`] for the rules) and lists the writes that make the target match.
/// Pure: reads nothing, writes nothing.
///
/// `columns` declares what the caller knows of column types and case
/// rules; undeclared columns are inferred from the data.
pub fn plan(
    options: &PlanOptions,
    source: &RowSet,
    target: &RowSet,
    columns: &[ColumnSpec],
) -> Result<Plan> {
    let layout = Layout::resolve(options, source, target, columns)?;
    let mut limits = Limits::new(options);
    let mut map = HashMap::new();
    let mut companies = Vec::new();
    for (company, rows) in by_company(source, target) {
        let pairing = pair_company(
            &layout,
            company,
            &rows,
            source,
            target,
            options.ignore_null_keys,
            &mut map,
        )?;
        let mut plan = CompanyPlan {
            company,
            source_rows: rows.source.len() as u64,
            target_rows: rows.target.len() as u64,
            operations: Vec::new(),
            skipped_by_limit: Vec::new(),
            counts: Counts {
                skipped_null_keys: pairing.skipped_source + pairing.skipped_target,
                ..Counts::default()
            },
        };
        plan_company(
            &mut plan,
            &layout,
            options,
            &pairing,
            source,
            target,
            &mut limits,
        );
        let c = &mut plan.counts;
        c.skipped_by_limit = plan.skipped_by_limit.len() as u64;
        c.skipped = c.skipped_null_keys + c.skipped_by_limit;
        companies.push(plan);
    }
    limits.check_errors()?;
    let mut totals = Counts::default();
    for c in &companies {
        totals.add(&c.counts);
    }
    let needs_confirmation = companies
        .iter()
        .filter(|c| c.counts.deletes * 2 > c.target_rows)
        .map(|c| MassDelete {
            company: c.company,
            deletes: c.counts.deletes,
            target_rows: c.target_rows,
        })
        .collect();
    Ok(Plan {
        options: options.clone(),
        compared_columns: layout.compared.iter().map(|c| c.name.clone()).collect(),
        unmatched_source_columns: layout.unmatched_source.clone(),
        api_calls: totals.writes(),
        totals,
        companies,
        limits_reached: limits.reached(),
        needs_confirmation,
    })
}

fn plan_company(
    plan: &mut CompanyPlan,
    layout: &Layout,
    options: &PlanOptions,
    pairing: &Pairing,
    source: &RowSet,
    target: &RowSet,
    limits: &mut Limits,
) {
    let mut push = |plan: &mut CompanyPlan, op: Operation| {
        let kind = op.kind();
        match limits.admit(kind) {
            Admit::Plan => {
                let c = &mut plan.counts;
                match kind {
                    OperationKind::Insert => c.inserts += 1,
                    OperationKind::Update => c.updates += 1,
                    OperationKind::Delete => c.deletes += 1,
                }
                plan.operations.push(op);
            }
            Admit::SkipByLimit => plan.skipped_by_limit.push(op),
        }
    };
    let skip_nulls = options.ignore_null_values;
    for &(s, t) in &pairing.pairs {
        let src = &source.rows[s].values;
        match t {
            None => {
                if options.insert.is_none() {
                    continue;
                }
                let values = layout
                    .inserted
                    .iter()
                    .filter(|c| !(skip_nulls && normalize(&src[c.source], c.kind).is_null()))
                    .map(|c| Field {
                        column: c.name.clone(),
                        value: src[c.source].clone(),
                    })
                    .collect();
                let key = layout.key_fields(src, Side::Source);
                push(
                    plan,
                    Operation::Insert {
                        key,
                        source_row: s,
                        values,
                    },
                );
            }
            Some(t) => {
                let tgt = &target.rows[t].values;
                let changes: Vec<Change> = layout
                    .compared
                    .iter()
                    .filter_map(|c| {
                        let new = normalize(&src[c.source], c.kind);
                        if skip_nulls && new.is_null() {
                            return None;
                        }
                        let old = normalize(&tgt[c.target], c.kind);
                        if norm_eq(&new, &old, c.case_insensitive) {
                            return None;
                        }
                        Some(Change {
                            column: c.name.clone(),
                            old: user_form(&tgt[c.target]),
                            new: src[c.source].clone(),
                        })
                    })
                    .collect();
                if changes.is_empty() {
                    plan.counts.unchanged += 1;
                } else if options.update.is_some() {
                    let key = layout.key_fields(src, Side::Source);
                    push(
                        plan,
                        Operation::Update {
                            key,
                            source_row: s,
                            target_row: t,
                            changes,
                        },
                    );
                }
            }
        }
    }
    if options.delete.is_some() {
        for &t in &pairing.unpaired_targets {
            let tgt = &target.rows[t].values;
            let before = target
                .columns
                .iter()
                .zip(tgt)
                .map(|(column, v)| Field {
                    column: column.clone(),
                    value: user_form(v),
                })
                .collect();
            let key = layout.key_fields(tgt, Side::Target);
            push(
                plan,
                Operation::Delete {
                    key,
                    target_row: t,
                    before,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::options::{Limit, LimitKind};

    fn all() -> PlanOptions {
        PlanOptions::identified_by(["code"])
            .allow(OperationKind::Insert, None)
            .allow(OperationKind::Update, None)
            .allow(OperationKind::Delete, None)
    }

    fn table(company: i64, rows: &[(&str, &str)]) -> RowSet {
        let mut s = RowSet::new(["code", "name"]);
        for (code, name) in rows {
            s.push(Some(company), vec![(*code).into(), (*name).into()]);
        }
        s
    }

    #[test]
    fn insert_update_delete_and_unchanged() {
        let source = table(1, &[("1", "A"), ("2", "B"), ("3", "C")]);
        let target = table(1, &[("1", "A"), ("2", "b"), ("4", "D")]);
        let p = plan(&all(), &source, &target, &[]).unwrap();
        let c = &p.companies[0];
        assert_eq!(
            (
                c.counts.inserts,
                c.counts.updates,
                c.counts.deletes,
                c.counts.unchanged
            ),
            (1, 1, 1, 1)
        );
        assert_eq!(p.api_calls, 3);
        assert_eq!(
            c.operations[0],
            Operation::Update {
                key: vec![Field {
                    column: "code".into(),
                    value: "2".into()
                }],
                source_row: 1,
                target_row: 1,
                changes: vec![Change {
                    column: "name".into(),
                    old: "b".into(),
                    new: "B".into()
                }],
            }
        );
        assert_eq!(c.operations[1].kind(), OperationKind::Insert);
        assert_eq!(c.operations[2].key_text(), "code = '4'");
        // Deleting 1 of 3 rows is no mass delete.
        assert!(!p.requires_confirmation());
    }

    #[test]
    fn error_limit_fails_after_the_whole_plan_is_counted() {
        let options = PlanOptions::identified_by(["code"]).allow(
            OperationKind::Insert,
            Some(Limit {
                action: LimitKind::Error,
                rows: 1,
            }),
        );
        let source = table(1, &[("1", "A"), ("2", "B"), ("3", "C")]);
        let e = plan(&options, &source, &RowSet::new(["code", "name"]), &[]).unwrap_err();
        assert_eq!(
            e,
            Error::LimitExceeded {
                kind: OperationKind::Insert,
                limit: 1,
                planned: 3
            }
        );
    }

    #[test]
    fn plan_serialises_with_tagged_operations() {
        let source = table(1, &[("1", "A")]);
        let p = plan(&all(), &source, &RowSet::new(["code", "name"]), &[]).unwrap();
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["companies"][0]["operations"][0]["kind"], "insert");
        assert_eq!(json["companies"][0]["company"], 1);
        let back: Plan = serde_json::from_value(json).unwrap();
        assert_eq!(back, p);
    }
}
