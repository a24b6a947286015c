//! The clauses of a `synchronize` statement as the plan carries them.
//!
//! The parser's `SyncStatement` is not serialisable and leaves `ignore nulls`
//! without `on` open. The plan travels to the UI, the run log and the applier,
//! so it carries its own copy of the options, with every choice resolved.

use serde::{Deserialize, Serialize};
use tandem_sql::{IgnoreNulls, LimitAction, SyncOperationKind, SyncStatement};
use ts_rs::TS;

/// The kinds of change synchronize makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, rename = "SyncOperationKind")]
pub enum OperationKind {
    /// A source row missing from the target.
    Insert,
    /// A target row that differs from its source row.
    Update,
    /// A target row without a source row.
    Delete,
}

impl OperationKind {
    /// The three kinds, in plan order.
    pub const ALL: [OperationKind; 3] = [
        OperationKind::Insert,
        OperationKind::Update,
        OperationKind::Delete,
    ];

    /// `insert`, `update` or `delete`.
    pub fn name(self) -> &'static str {
        match self {
            OperationKind::Insert => "insert",
            OperationKind::Update => "update",
            OperationKind::Delete => "delete",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl From<SyncOperationKind> for OperationKind {
    fn from(kind: SyncOperationKind) -> Self {
        match kind {
            SyncOperationKind::Insert => OperationKind::Insert,
            SyncOperationKind::Update => OperationKind::Update,
            SyncOperationKind::Delete => OperationKind::Delete,
        }
    }
}

/// What a row limit does when reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, rename = "SyncLimitAction")]
pub enum LimitKind {
    /// `exit after N rows`: plan N, skip the rest quietly (and say so).
    Exit,
    /// `error after N rows`: more than N fails the statement before any write.
    Error,
}

/// `exit|error after N rows` on one operation kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "SyncLimit")]
pub struct Limit {
    /// Exit or error.
    pub action: LimitKind,
    /// N.
    #[ts(type = "number")]
    pub rows: u64,
}

/// One allowed operation kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "SyncAllowed")]
pub struct Allowed {
    /// Its limit, when stated.
    pub limit: Option<Limit>,
}

/// The statement's options, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "SyncOptions")]
pub struct PlanOptions {
    /// `with insert`, when given.
    pub insert: Option<Allowed>,
    /// `or update`, when given.
    pub update: Option<Allowed>,
    /// `or delete`, when given.
    pub delete: Option<Allowed>,
    /// Columns whose differences never cause an update (they are still sent
    /// when a row is inserted: a new row has nothing to keep).
    pub ignore_changes_to: Vec<String>,
    /// A NULL (or empty text) in the source never overwrites a target value,
    /// and is left out of inserts. From `ignore nulls`, `ignore nulls on
    /// values` and `ignore nulls on all`.
    pub ignore_null_values: bool,
    /// Rows whose `identified by` columns are all NULL take no part, on
    /// either side: never inserted, updated or deleted, only counted. From
    /// `ignore nulls on identified by` and `ignore nulls on all`.
    pub ignore_null_keys: bool,
    /// The columns that pair rows.
    pub identified_by: Vec<String>,
    /// `continue on first N errors`, for the applier.
    #[ts(type = "number | null")]
    pub continue_on_first_errors: Option<u64>,
}

impl PlanOptions {
    /// Options with only `identified by` set and no operation allowed; add
    /// operations with [`PlanOptions::allow`].
    pub fn identified_by<S: Into<String>>(columns: impl IntoIterator<Item = S>) -> Self {
        PlanOptions {
            insert: None,
            update: None,
            delete: None,
            ignore_changes_to: Vec::new(),
            ignore_null_values: false,
            ignore_null_keys: false,
            identified_by: columns.into_iter().map(Into::into).collect(),
            continue_on_first_errors: None,
        }
    }

    /// Allows `kind`, with an optional limit.
    pub fn allow(mut self, kind: OperationKind, limit: Option<Limit>) -> Self {
        *self.slot(kind) = Some(Allowed { limit });
        self
    }

    /// The rule for `kind`, when allowed.
    pub fn allowed(&self, kind: OperationKind) -> Option<&Allowed> {
        match kind {
            OperationKind::Insert => self.insert.as_ref(),
            OperationKind::Update => self.update.as_ref(),
            OperationKind::Delete => self.delete.as_ref(),
        }
    }

    fn slot(&mut self, kind: OperationKind) -> &mut Option<Allowed> {
        match kind {
            OperationKind::Insert => &mut self.insert,
            OperationKind::Update => &mut self.update,
            OperationKind::Delete => &mut self.delete,
        }
    }
}

/// Plain `ignore nulls` means `on values`: it is the reading that protects
/// data (a missing source value never wipes a target value) and the one the
/// seed's users expect; `on identified by` only changes which rows pair.
impl From<&SyncStatement> for PlanOptions {
    fn from(s: &SyncStatement) -> Self {
        let mut options = PlanOptions::identified_by(s.identified_by.iter().cloned());
        for op in &s.operations {
            let limit = op.limit.map(|l| Limit {
                action: match l.action {
                    LimitAction::Exit => LimitKind::Exit,
                    LimitAction::Error => LimitKind::Error,
                },
                rows: l.rows,
            });
            options = options.allow(op.kind.into(), limit);
        }
        options.ignore_changes_to = s.ignore_changes_to.clone();
        let (values, keys) = match s.ignore_nulls {
            None => (false, false),
            Some(IgnoreNulls::Unqualified | IgnoreNulls::OnValues) => (true, false),
            Some(IgnoreNulls::OnIdentifiedBy) => (false, true),
            Some(IgnoreNulls::OnAll) => (true, true),
        };
        options.ignore_null_values = values;
        options.ignore_null_keys = keys;
        options.continue_on_first_errors = s.continue_on_first_errors;
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_sql::{parse_statement, Statement};

    fn options(sql: &str) -> PlanOptions {
        match parse_statement(sql).unwrap() {
            Statement::Synchronize(s) | Statement::ExplainSynchronize(s) => (&s).into(),
            other => panic!("not a synchronize: {other:?}"),
        }
    }

    #[test]
    fn every_clause_is_carried() {
        let o = options(
            "synchronize t@inmemorystorage from s@inmemorystorage \
             with insert exit after 5 rows or update or delete error after 2 rows \
             ignore changes to name, city ignore nulls on all identified by division, code \
             continue on first 3 errors",
        );
        assert_eq!(
            o.insert,
            Some(Allowed {
                limit: Some(Limit {
                    action: LimitKind::Exit,
                    rows: 5
                })
            })
        );
        assert_eq!(o.update, Some(Allowed { limit: None }));
        assert_eq!(o.delete.unwrap().limit.unwrap().action, LimitKind::Error);
        assert_eq!(o.ignore_changes_to, ["name", "city"]);
        assert!(o.ignore_null_values && o.ignore_null_keys);
        assert_eq!(o.identified_by, ["division", "code"]);
        assert_eq!(o.continue_on_first_errors, Some(3));
    }

    #[test]
    fn ignore_nulls_modes() {
        let modes = [
            ("", false, false),
            ("ignore nulls", true, false),
            ("ignore nulls on values", true, false),
            ("ignore nulls on identified by", false, true),
            ("ignore nulls on all", true, true),
        ];
        for (clause, values, keys) in modes {
            let o = options(&format!(
                "synchronize t@inmemorystorage from s@inmemorystorage with update {clause} identified by code"
            ));
            assert_eq!(
                (o.ignore_null_values, o.ignore_null_keys),
                (values, keys),
                "{clause}"
            );
            assert!(o.insert.is_none() && o.delete.is_none());
        }
    }
}
