//! What synchronize returns as result sets: the plan for `explain`, and
//! after a run the summary per company plus the refused rows with their keys.

use std::time::Instant;

use rusqlite::types::Value;
use tandem_sync::{Plan, EXPLAIN_COLUMNS};

use super::apply::SyncSummary;
use super::from_sync;
use crate::error::Result;
use crate::events::Event;
use crate::results::{quote, ResultSetInfo};
use crate::script::{Ctx, Outcome};
use crate::session::Session;
use crate::value::SqlType;

fn int(n: u64) -> Value {
    Value::Integer(n as i64)
}

fn company(c: Option<i64>) -> Value {
    c.map_or(Value::Null, Value::Integer)
}

impl Session {
    /// A result set from rows: filled into a temporary table, then queried
    /// like any other result.
    fn rows_result(
        &mut self,
        columns: &[(&str, SqlType)],
        rows: &[Vec<Value>],
    ) -> Result<ResultSetInfo> {
        self.counter += 1;
        let temp = format!("__sync_report_{}", self.counter);
        let columns: Vec<(String, SqlType)> =
            columns.iter().map(|(n, t)| (n.to_string(), *t)).collect();
        self.fill(&temp, &columns, rows)?;
        let list: Vec<String> = columns.iter().map(|(n, _)| quote(n)).collect();
        let info = self.new_result(&format!(
            "SELECT {} FROM temp.{} ORDER BY rowid",
            list.join(", "),
            quote(&temp)
        ));
        let _ = self
            .db
            .execute(&format!("DROP TABLE IF EXISTS temp.{}", quote(&temp)), []);
        info
    }

    /// `explain synchronize`: one row per column that would change.
    pub(crate) fn explain_result(&mut self, plan: &Plan) -> Result<ResultSetInfo> {
        let types = [
            SqlType::Text,
            SqlType::Integer,
            SqlType::Text,
            SqlType::Text,
            SqlType::Unknown,
            SqlType::Unknown,
        ];
        let columns: Vec<(&str, SqlType)> = EXPLAIN_COLUMNS.iter().copied().zip(types).collect();
        let rows: Vec<Vec<Value>> = plan
            .explain_rows()
            .into_iter()
            .map(|r| {
                vec![
                    Value::Text(r.operation),
                    company(r.company),
                    Value::Text(r.key),
                    Value::Text(r.column),
                    from_sync(&r.old_value),
                    from_sync(&r.new_value),
                ]
            })
            .collect();
        self.rows_result(&columns, &rows)
    }

    /// The result sets of a finished run, and its summary as a message.
    pub(crate) fn finish_sync(
        &mut self,
        summary: SyncSummary,
        started: Instant,
        ctx: &Ctx<'_>,
    ) -> Result<Outcome> {
        let results = self.summary_results(&summary)?;
        let total =
            |f: fn(&super::CompanySummary) -> u64| -> u64 { summary.companies.iter().map(f).sum() };
        ctx.events.event(Event::Message {
            level: if summary.errors.is_empty() {
                "info".into()
            } else {
                "warning".into()
            },
            text: format!(
                "synchronize (run {}): {} companies; {} inserted, {} updated, {} deleted, {} \
                 unchanged, {} failed; {} API calls in {:.1} s",
                summary.run_id,
                summary.companies.len(),
                total(|c| c.inserted),
                total(|c| c.updated),
                total(|c| c.deleted),
                total(|c| c.unchanged),
                total(|c| c.failed),
                total(|c| c.api_calls),
                started.elapsed().as_secs_f64()
            ),
        });
        self.sync_row_errors += summary.errors.len() as u64;
        Ok(Outcome::Many(results))
    }

    /// The summary per company, then (when there are any) the refused rows.
    pub(crate) fn summary_results(&mut self, summary: &SyncSummary) -> Result<Vec<ResultSetInfo>> {
        let columns = [
            ("company", SqlType::Integer),
            ("inserted", SqlType::Integer),
            ("updated", SqlType::Integer),
            ("deleted", SqlType::Integer),
            ("unchanged", SqlType::Integer),
            ("failed", SqlType::Integer),
            ("not_done", SqlType::Integer),
            ("api_calls", SqlType::Integer),
            ("elapsed_ms", SqlType::Integer),
        ];
        let rows: Vec<Vec<Value>> = summary
            .companies
            .iter()
            .map(|c| {
                vec![
                    company(c.company),
                    int(c.inserted),
                    int(c.updated),
                    int(c.deleted),
                    int(c.unchanged),
                    int(c.failed),
                    int(c.not_done),
                    int(c.api_calls),
                    int(c.elapsed_ms),
                ]
            })
            .collect();
        let mut out = vec![self.rows_result(&columns, &rows)?];
        if !summary.errors.is_empty() {
            let columns = [
                ("company", SqlType::Integer),
                ("operation", SqlType::Text),
                ("key", SqlType::Text),
                ("error", SqlType::Text),
            ];
            let rows: Vec<Vec<Value>> = summary
                .errors
                .iter()
                .map(|e| {
                    vec![
                        company(e.company),
                        Value::Text(e.operation.clone()),
                        Value::Text(e.key.clone()),
                        Value::Text(e.message.clone()),
                    ]
                })
                .collect();
            out.push(self.rows_result(&columns, &rows)?);
        }
        Ok(out)
    }
}
