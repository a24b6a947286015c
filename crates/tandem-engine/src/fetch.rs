//! Reading cloud rows into temporary SQLite tables before a statement runs.
//!
//! Each cloud table reference costs one read per active company (narrowed
//! by pushdown), all companies at once: their page streams are merged and
//! every page is written to SQLite as it arrives, so nothing waits for the
//! slowest company and no company is read row by row from inside a join.
//! The client's governor paces calls per company. A cancel abandons the
//! reads in flight at once rather than waiting for their pages. A company's
//! failure fails the statement and names the company, but only after the
//! other companies' reads have finished.

use futures_util::stream::{self, StreamExt};
use rusqlite::types::Value;

use crate::cancel::CancelToken;
use crate::error::{Error, Result};
use crate::events::{Event, EventSink};
use crate::results::quote;
use crate::rewrite::{FetchSource, FetchSpec};
use crate::session::Session;
use crate::value::SqlType;

enum Item {
    Page(Option<i64>, Vec<Vec<Value>>),
    Done(Option<i64>),
    Failed(Option<i64>, String),
}

impl Session {
    /// Creates and fills the temporary table of every spec.
    pub(crate) async fn fetch(
        &mut self,
        specs: &[FetchSpec],
        events: &dyn EventSink,
        cancel: &CancelToken,
    ) -> Result<()> {
        for spec in specs {
            cancel.check()?;
            match &spec.source {
                FetchSource::System(t) => self.fill_system_table(*t, &spec.temp).await?,
                FetchSource::Cloud { provider, table } => {
                    self.fetch_cloud(spec, *provider, table, events, cancel)
                        .await?
                }
            }
        }
        Ok(())
    }

    /// Drops the temporary tables of a statement (also after a failure).
    pub(crate) fn drop_fetched(&self, specs: &[FetchSpec]) {
        for spec in specs {
            // A table that was never created is no problem here.
            let _ = self.db.execute(
                &format!("DROP TABLE IF EXISTS temp.{}", quote(&spec.temp)),
                [],
            );
        }
    }

    /// Creates a temporary table and inserts rows into it.
    pub(crate) fn fill(
        &mut self,
        temp: &str,
        columns: &[(String, SqlType)],
        rows: &[Vec<Value>],
    ) -> Result<()> {
        let defs: Vec<String> = columns
            .iter()
            .map(|(n, t)| format!("{} {}", quote(n), t.declared()))
            .collect();
        self.db.execute(
            &format!("CREATE TEMP TABLE {} ({})", quote(temp), defs.join(", ")),
            [],
        )?;
        self.insert_rows(temp, columns.len(), rows)
    }

    fn insert_rows(&mut self, temp: &str, width: usize, rows: &[Vec<Value>]) -> Result<()> {
        let tx = self.db.transaction()?;
        {
            let marks = vec!["?"; width].join(", ");
            let mut stmt = tx.prepare_cached(&format!(
                "INSERT INTO temp.{} VALUES ({marks})",
                quote(temp)
            ))?;
            for row in rows {
                stmt.execute(rusqlite::params_from_iter(row.iter()))?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    async fn fetch_cloud(
        &mut self,
        spec: &FetchSpec,
        provider: usize,
        table: &crate::provider::TableDef,
        events: &dyn EventSink,
        cancel: &CancelToken,
    ) -> Result<()> {
        let mut columns: Vec<(String, SqlType)> = Vec::new();
        if table.partitioned {
            columns.push(("division".into(), SqlType::Integer));
        }
        for c in &spec.columns {
            let t = table.column(c).map_or(SqlType::Unknown, |d| d.sql_type);
            columns.push((c.clone(), t));
        }
        self.fill(&spec.temp, &columns, &[])?;
        let partitions: Vec<Option<i64>> = if table.partitioned {
            let mut codes: Vec<i64> = self
                .active
                .iter()
                .filter(|(p, _)| *p == provider)
                .map(|(_, c)| *c)
                .collect();
            if let Some(only) = &spec.pushdown.partitions {
                codes.retain(|c| only.contains(c));
            }
            codes.into_iter().map(Some).collect()
        } else {
            vec![None]
        };
        let full_name = table.full_name();
        let source = self.providers[provider].clone();
        let predicate = spec.pushdown.predicate.as_ref();
        let mut streams = Vec::with_capacity(partitions.len());
        for p in &partitions {
            let pages = source
                .read(table, *p, &spec.columns, predicate)
                .map_err(|e| Error::Provider {
                    message: format!("reading {full_name}: {}", e.message),
                    partition: *p,
                    position: None,
                })?;
            let p = *p;
            events.event(Event::FetchStarted {
                table: full_name.clone(),
                partition: p,
            });
            let pages = pages
                .map(move |page| match page {
                    Ok(rows) => Item::Page(p, rows),
                    Err(e) => Item::Failed(p, e.message),
                })
                .chain(stream::once(async move { Item::Done(p) }));
            streams.push(pages.boxed());
        }
        let mut merged = stream::select_all(streams);
        let mut counts: std::collections::HashMap<Option<i64>, u64> = Default::default();
        // A company that fails does not stop the others: their calls are
        // already paid for and in flight, and reading them to the end lets
        // their progress be reported as it was, not as failed.
        let mut failed: Vec<(Option<i64>, String)> = Vec::new();
        let width = columns.len();
        loop {
            let item = tokio::select! {
                item = merged.next() => item,
                () = cancel.cancelled() => return Err(Error::Cancelled),
            };
            let Some(item) = item else { break };
            cancel.check()?;
            match item {
                Item::Page(p, _) | Item::Done(p) if failed.iter().any(|(f, _)| *f == p) => {}
                Item::Page(p, rows) => {
                    let rows: Vec<Vec<Value>> = if let Some(code) = p {
                        rows.into_iter()
                            .map(|r| {
                                let mut full = Vec::with_capacity(width);
                                full.push(Value::Integer(code));
                                full.extend(r);
                                full
                            })
                            .collect()
                    } else {
                        rows
                    };
                    *counts.entry(p).or_default() += rows.len() as u64;
                    self.insert_rows(&spec.temp, width, &rows)?;
                }
                Item::Done(p) => events.event(Event::FetchFinished {
                    table: full_name.clone(),
                    partition: p,
                    rows: counts.get(&p).copied().unwrap_or(0),
                }),
                Item::Failed(p, message) => failed.push((p, message)),
            }
        }
        match failed.split_first() {
            None => {}
            Some(((partition, message), others)) => {
                return Err(Error::Provider {
                    message: failure_message(&full_name, message, others, partitions.len()),
                    partition: *partition,
                    position: None,
                })
            }
        }
        Ok(())
    }
}

/// The message of a read that failed in one or more companies: the first
/// failure in full, then the others by company, and how many companies were
/// read all the same (so that the user knows the failure is not everywhere).
fn failure_message(
    table: &str,
    first: &str,
    others: &[(Option<i64>, String)],
    companies: usize,
) -> String {
    let mut text = format!("reading {table} failed: {first}");
    for (p, why) in others {
        match p {
            Some(code) => text.push_str(&format!("; company {code} failed as well: {why}")),
            None => text.push_str(&format!("; {why}")),
        }
    }
    let read = companies.saturating_sub(others.len() + 1);
    if companies > 1 {
        text.push_str(&format!(
            " ({read} of {companies} companies were read without error)"
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::failure_message;

    #[test]
    fn a_failure_names_the_others_and_what_was_read() {
        let m = failure_message("T", "no calls left", &[(Some(7), "refused".into())], 10);
        assert_eq!(
            m,
            "reading T failed: no calls left; company 7 failed as well: refused \
             (8 of 10 companies were read without error)"
        );
        assert_eq!(failure_message("T", "x", &[], 1), "reading T failed: x");
    }
}
