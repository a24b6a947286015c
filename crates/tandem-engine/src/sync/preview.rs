//! A plan as the app's preview shows it before anything is written: per
//! company what it costs and how long it takes against the rate limits, the
//! statement's limits in words, and the drill-down (one row per changed
//! column, old → new) filtered, paged and exported.
//!
//! These work on a [`SyncPreview`] alone, without the session: while the
//! plan waits for approval the running script holds the session, and the
//! window must still page through the plan.

use std::path::Path;

use tandem_sql::ExportFormat;
use tandem_sync::{Allowed, LimitKind, OperationKind};

use super::{from_sync, SyncPreview};
use crate::error::Result;
use crate::export::{csv_separator, write_csv_rows, write_xlsx_rows};
use crate::value::{Cell, SqlType};

/// Calls per minute Exact Online allows a company when the service has
/// not said otherwise yet.
pub const DEFAULT_MINUTELY_LIMIT: u64 = 60;

/// One changed column of a planned operation.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDetailRow {
    /// `insert`, `update`, `delete` (or one held back by a limit).
    pub operation: String,
    /// The company.
    pub company: Option<i64>,
    /// The row's `identified by` values.
    pub key: String,
    /// The column.
    pub column: String,
    /// Before (NULL for an insert).
    pub old_value: Cell,
    /// After (NULL for a delete).
    pub new_value: Cell,
}

/// One company of a plan, as the preview lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyOverview {
    /// The company (`None` for a table without companies).
    pub company: Option<i64>,
    /// Its name, when known.
    pub name: String,
    /// Rows to insert.
    pub inserts: u64,
    /// Rows to update.
    pub updates: u64,
    /// Rows to delete.
    pub deletes: u64,
    /// Rows that already match.
    pub unchanged: u64,
    /// API calls the writes cost (one per write).
    pub calls: u64,
    /// Calls left today, as last reported.
    pub daily_remaining: Option<u64>,
    /// Seconds the writes take at the company's minutely limit.
    pub estimated_seconds: u64,
    /// Whether it would lose more than half its rows.
    pub mass_delete: bool,
}

/// A plan, summed up for the one who approves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanOverview {
    /// Per company, ascending.
    pub companies: Vec<CompanyOverview>,
    /// The statement's limits, in words.
    pub limits: Vec<String>,
    /// Rows of the drill-down.
    pub rows: u64,
    /// The whole run's time: companies run in parallel, so the slowest.
    pub estimated_seconds: u64,
}

/// Seconds `calls` take at `per_minute` (rounded up).
fn seconds_for(calls: u64, per_minute: u64) -> u64 {
    (calls * 60).div_ceil(per_minute.max(1))
}

fn limit_words(kind: OperationKind, allowed: &Option<Allowed>) -> Option<String> {
    let limit = allowed.as_ref()?.limit?;
    let action = match limit.action {
        LimitKind::Exit => "exit",
        LimitKind::Error => "error",
    };
    Some(format!(
        "{}: {action} after {} rows",
        kind.name(),
        limit.rows
    ))
}

impl SyncPreview {
    /// The drill-down: one row per changed column, as `explain synchronize`
    /// lists them.
    pub fn detail_rows(&self) -> Vec<PlanDetailRow> {
        self.plan
            .explain_rows()
            .into_iter()
            .map(|r| PlanDetailRow {
                operation: r.operation,
                company: r.company,
                key: r.key,
                column: r.column,
                old_value: from_sync(&r.old_value).into(),
                new_value: from_sync(&r.new_value).into(),
            })
            .collect()
    }

    /// Per company counts, calls, budget and time; the limits in words.
    pub fn overview(&self) -> PlanOverview {
        let companies: Vec<CompanyOverview> = self
            .plan
            .companies
            .iter()
            .map(|c| {
                let budget = self
                    .daily_remaining
                    .iter()
                    .find(|b| Some(b.company) == c.company);
                let calls = c.counts.writes();
                let per_minute = budget
                    .and_then(|b| b.minutely_limit)
                    .unwrap_or(DEFAULT_MINUTELY_LIMIT);
                CompanyOverview {
                    company: c.company,
                    name: budget.map(|b| b.name.clone()).unwrap_or_default(),
                    inserts: c.counts.inserts,
                    updates: c.counts.updates,
                    deletes: c.counts.deletes,
                    unchanged: c.counts.unchanged,
                    calls,
                    daily_remaining: budget.and_then(|b| b.remaining),
                    estimated_seconds: seconds_for(calls, per_minute),
                    mass_delete: self
                        .plan
                        .needs_confirmation
                        .iter()
                        .any(|m| m.company == c.company),
                }
            })
            .collect();
        let options = &self.plan.options;
        let mut limits: Vec<String> = [
            (OperationKind::Insert, &options.insert),
            (OperationKind::Update, &options.update),
            (OperationKind::Delete, &options.delete),
        ]
        .into_iter()
        .filter_map(|(kind, allowed)| limit_words(kind, allowed))
        .collect();
        match options.continue_on_first_errors {
            // An undo tries every row (`u64::MAX`): no number to show.
            Some(u64::MAX) => limits.push("continue on every error".to_owned()),
            Some(n) => limits.push(format!("continue on first {n} errors")),
            None => {}
        }
        for reached in &self.plan.limits_reached {
            limits.push(format!(
                "{}: the limit of {} rows holds back the rest (listed, not written)",
                reached.kind.name(),
                reached.limit
            ));
        }
        PlanOverview {
            estimated_seconds: companies
                .iter()
                .map(|c| c.estimated_seconds)
                .max()
                .unwrap_or(0),
            companies,
            limits,
            rows: self.plan.explain_rows().len() as u64,
        }
    }
}

fn matches(row: &PlanDetailRow, needle: &str) -> bool {
    let has = |text: &str| text.to_lowercase().contains(needle);
    let cell = |c: &Cell| c.as_text().is_some_and(|t| has(&t));
    has(&row.key) || has(&row.column) || cell(&row.old_value) || cell(&row.new_value)
}

/// Rows `offset..offset + limit` of those of `company` (all when `None`)
/// whose key, column or values contain `search` (ignoring case), and how
/// many match in all.
pub fn filter_plan_rows(
    rows: &[PlanDetailRow],
    company: Option<i64>,
    search: Option<&str>,
    offset: u64,
    limit: u64,
) -> (u64, Vec<PlanDetailRow>) {
    let needle = search
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    let selected = rows.iter().filter(|r| {
        company.is_none_or(|c| r.company == Some(c))
            && needle.as_deref().is_none_or(|n| matches(r, n))
    });
    let mut total = 0;
    let mut page = Vec::new();
    for row in selected {
        if total >= offset && (page.len() as u64) < limit {
            page.push(row.clone());
        }
        total += 1;
    }
    (total, page)
}

/// The columns of the drill-down's export, as `explain synchronize` names
/// them.
fn export_columns() -> Vec<(String, SqlType)> {
    tandem_sync::EXPLAIN_COLUMNS
        .iter()
        .zip([
            SqlType::Text,
            SqlType::Integer,
            SqlType::Text,
            SqlType::Text,
            SqlType::Unknown,
            SqlType::Unknown,
        ])
        .map(|(n, t)| (n.to_string(), t))
        .collect()
}

/// Writes the drill-down `rows` to `path` with a header, as a result set's
/// export would (CSV fields separated by `separator`); the rows written.
pub fn export_plan_rows(
    rows: &[PlanDetailRow],
    path: &Path,
    format: ExportFormat,
    separator: Option<&str>,
) -> Result<u64> {
    let columns = export_columns();
    let cells = |each: crate::export::RowSource<'_>| {
        for (i, r) in rows.iter().enumerate() {
            each(
                i as u64,
                vec![
                    Cell::Text(r.operation.clone()),
                    r.company.map_or(Cell::Null, Cell::Integer),
                    Cell::Text(r.key.clone()),
                    Cell::Text(r.column.clone()),
                    r.old_value.clone(),
                    r.new_value.clone(),
                ],
            )?;
        }
        Ok(())
    };
    match format {
        ExportFormat::Csv => {
            write_csv_rows(path, Some(&columns), csv_separator(separator)?, cells)?
        }
        ExportFormat::Xlsx => write_xlsx_rows(path, &columns, true, rows.len() as u64, cells)?,
    }
    Ok(rows.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::CompanyBudget;
    use tandem_sync::{ColumnSpec, PlanOptions, RowSet, Value};

    fn preview() -> SyncPreview {
        let mut options = PlanOptions::from(
            &tandem_sql::parse_statement(
                "synchronize t from s with insert exit after 100 rows or update \
                 identified by division, code continue on first 5 errors",
            )
            .map(|s| match s {
                tandem_sql::Statement::Synchronize(s) => s,
                _ => unreachable!(),
            })
            .unwrap(),
        );
        options.identified_by = vec!["division".into(), "code".into()];
        let columns = vec!["division".to_string(), "code".into(), "name".into()];
        let mut source = RowSet::new(columns.clone());
        let mut target = RowSet::new(columns.clone());
        for (company, code, name) in [(1, "A", "Alpha"), (1, "B", "Bravo"), (2, "C", "Charlie")] {
            source.push(
                Some(company),
                vec![
                    Value::Int(company),
                    Value::Text(code.into()),
                    Value::Text(name.into()),
                ],
            );
        }
        target.push(
            Some(1),
            vec![
                Value::Int(1),
                Value::Text("B".into()),
                Value::Text("Old".into()),
            ],
        );
        let specs: Vec<ColumnSpec> = columns
            .iter()
            .map(|c| ColumnSpec::new(c.clone(), tandem_sync::ColumnKind::Auto))
            .collect();
        let plan = tandem_sync::plan(&options, &source, &target, &specs).unwrap();
        SyncPreview {
            statement: "SYNCHRONIZE t FROM s".into(),
            plan,
            daily_remaining: vec![
                CompanyBudget {
                    company: 1,
                    name: "One".into(),
                    remaining: Some(500),
                    minutely_limit: Some(2),
                },
                CompanyBudget {
                    company: 2,
                    name: "Two".into(),
                    remaining: None,
                    minutely_limit: None,
                },
            ],
            undo_of: None,
        }
    }

    #[test]
    fn the_overview_counts_calls_and_time_per_company() {
        let overview = preview().overview();
        let one = &overview.companies[0];
        assert_eq!(one.company, Some(1));
        assert_eq!((one.inserts, one.updates, one.calls), (1, 1, 2));
        assert_eq!(one.name, "One");
        assert_eq!(one.daily_remaining, Some(500));
        // 2 calls at 2 a minute: a minute.
        assert_eq!(one.estimated_seconds, 60);
        let two = &overview.companies[1];
        // 1 call at the default 60 a minute.
        assert_eq!(two.estimated_seconds, 1);
        assert_eq!(overview.estimated_seconds, 60);
        assert_eq!(
            overview.limits,
            ["insert: exit after 100 rows", "continue on first 5 errors"]
        );
        assert_eq!(overview.rows, preview().detail_rows().len() as u64);
    }

    #[test]
    fn an_undo_that_tries_every_row_says_so_without_a_number() {
        let mut undo = preview();
        undo.plan.options.continue_on_first_errors = Some(u64::MAX);
        let limits = undo.overview().limits;
        assert!(
            limits.iter().any(|l| l == "continue on every error"),
            "{limits:?}"
        );
    }

    #[test]
    fn rows_are_filtered_by_company_and_text_and_paged() {
        let rows = preview().detail_rows();
        let (total, _) = filter_plan_rows(&rows, None, None, 0, 0);
        assert_eq!(total, rows.len() as u64);
        let (total, page) = filter_plan_rows(&rows, Some(2), None, 0, 100);
        assert!(total > 0);
        assert!(page.iter().all(|r| r.company == Some(2)));
        // An update of B: name Old -> Bravo; found by its old value.
        let (total, page) = filter_plan_rows(&rows, None, Some("  old "), 0, 10);
        assert_eq!(total, 1);
        assert_eq!(page[0].operation, "update");
        assert_eq!(page[0].new_value, Cell::Text("Bravo".into()));
        let (total, page) = filter_plan_rows(&rows, None, Some("NAME"), 1, 1);
        assert_eq!(total, 3);
        assert_eq!(page.len(), 1);
    }

    #[test]
    fn the_drill_down_exports_as_csv() {
        let dir = std::env::temp_dir().join(format!("tandem-plan-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("plan.csv");
        let rows = preview().detail_rows();
        let written = export_plan_rows(&rows, &path, ExportFormat::Csv, Some(";")).unwrap();
        assert_eq!(written, rows.len() as u64);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("operation;company;key;column;old_value;new_value\n"));
        assert!(text.contains(";Old;Bravo"), "{text}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
