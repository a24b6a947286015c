//! `explain synchronize`: the plan as a result set.
//!
//! The same plan the applier would run, flattened into rows a user can
//! read, filter and export like any query result: one row per column that
//! would change. An insert's columns go from NULL to their value; a delete's
//! from their value to NULL — only those that hold a value, and the key: a
//! removed row's empty fields change nothing, and listing them buried the
//! rest (an entity of 22 columns, most of them empty). Writes held back by
//! `exit after N rows` are listed too, with an operation that says so, so
//! that nothing the statement would have done is hidden.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::plan::{Operation, Plan};
use crate::value::Value;

/// The columns of the `explain synchronize` result set.
pub const EXPLAIN_COLUMNS: [&str; 6] = [
    "operation",
    "company",
    "key",
    "column",
    "old_value",
    "new_value",
];

/// One row of `explain synchronize`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export, rename = "SyncExplainRow")]
pub struct ExplainRow {
    /// `insert`, `update`, `delete`, or `insert (skipped: exit after N rows)`.
    pub operation: String,
    /// The company; `None` when not partitioned.
    #[ts(type = "number | null")]
    pub company: Option<i64>,
    /// `code = '1', division = 2`.
    pub key: String,
    /// The column.
    pub column: String,
    /// Its value before (NULL for an insert).
    pub old_value: Value,
    /// Its value after (NULL for a delete).
    pub new_value: Value,
}

impl Plan {
    /// The rows of `explain synchronize`, companies ascending, operations in
    /// plan order, held-back writes after each company's planned ones.
    pub fn explain_rows(&self) -> Vec<ExplainRow> {
        let mut rows = Vec::new();
        for company in &self.companies {
            let planned = company.operations.iter().map(|op| (op, None));
            let held = company.skipped_by_limit.iter().map(|op| {
                let limit = self
                    .limits_reached
                    .iter()
                    .find(|l| l.kind == op.kind())
                    .map_or(0, |l| l.limit);
                (op, Some(limit))
            });
            for (op, held_by) in planned.chain(held) {
                let operation = match held_by {
                    None => op.kind().name().to_owned(),
                    Some(n) => format!("{} (skipped: exit after {n} rows)", op.kind().name()),
                };
                let key = op.key_text();
                let row = |column: &str, old_value: Value, new_value: Value| ExplainRow {
                    operation: operation.clone(),
                    company: company.company,
                    key: key.clone(),
                    column: column.to_owned(),
                    old_value,
                    new_value,
                };
                match op {
                    Operation::Insert { values, .. } => rows.extend(
                        values
                            .iter()
                            .map(|f| row(&f.column, Value::Null, f.value.clone())),
                    ),
                    Operation::Update { changes, .. } => rows.extend(
                        changes
                            .iter()
                            .map(|c| row(&c.column, c.old.clone(), c.new.clone())),
                    ),
                    Operation::Delete { key, before, .. } => rows.extend(
                        before
                            .iter()
                            .filter(|f| {
                                !f.value.is_null()
                                    || key.iter().any(|k| k.column.eq_ignore_ascii_case(&f.column))
                            })
                            .map(|f| row(&f.column, f.value.clone(), Value::Null)),
                    ),
                }
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{Limit, LimitKind, OperationKind, PlanOptions};
    use crate::plan::plan;
    use crate::value::RowSet;

    #[test]
    fn one_row_per_changed_column() {
        let options = PlanOptions::identified_by(["code"])
            .allow(
                OperationKind::Insert,
                Some(Limit {
                    action: LimitKind::Exit,
                    rows: 1,
                }),
            )
            .allow(OperationKind::Update, None)
            .allow(OperationKind::Delete, None);
        let mut source = RowSet::new(["code", "name", "city"]);
        source
            .push(Some(7), vec!["1".into(), "A".into(), "X".into()])
            .push(Some(7), vec!["2".into(), "B".into(), "Y".into()])
            .push(Some(7), vec!["5".into(), "E".into(), "Z".into()]);
        let mut target = RowSet::new(["code", "name", "city"]);
        target
            .push(Some(7), vec!["1".into(), "a".into(), "X".into()])
            .push(Some(7), vec!["9".into(), "N".into(), Value::Null]);
        let rows = plan(&options, &source, &target, &[])
            .unwrap()
            .explain_rows();
        let flat: Vec<_> = rows
            .iter()
            .map(|r| {
                format!(
                    "{}|{:?}|{}|{}|{}|{}",
                    r.operation, r.company, r.key, r.column, r.old_value, r.new_value
                )
            })
            .collect();
        assert_eq!(
            flat,
            [
                "update|Some(7)|code = '1'|name|'a'|'A'",
                "insert|Some(7)|code = '2'|code|null|'2'",
                "insert|Some(7)|code = '2'|name|null|'B'",
                "insert|Some(7)|code = '2'|city|null|'Y'",
                "delete|Some(7)|code = '9'|code|'9'|null",
                "delete|Some(7)|code = '9'|name|'N'|null",
                // Its empty city is not listed: removing it changes nothing.
                "insert (skipped: exit after 1 rows)|Some(7)|code = '5'|code|null|'5'",
                "insert (skipped: exit after 1 rows)|Some(7)|code = '5'|name|null|'E'",
                "insert (skipped: exit after 1 rows)|Some(7)|code = '5'|city|null|'Z'",
            ]
        );
    }
}
