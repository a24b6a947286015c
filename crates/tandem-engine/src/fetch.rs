//! Reading cloud rows into temporary SQLite tables before a statement runs.
//!
//! Each cloud table reference costs one read per active company (narrowed
//! by pushdown), all companies at once: their page streams are merged and
//! every page is written to SQLite as it arrives, so nothing waits for the
//! slowest company and no company is read row by row from inside a join.
//! The client's governor paces calls per company. Cancellation is checked
//! between pages; a company's failure stops the statement and names it.

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
                    message: format!("reading {full_name}: {}", e.0),
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
                    Err(e) => Item::Failed(p, e.0),
                })
                .chain(stream::once(async move { Item::Done(p) }));
            streams.push(pages.boxed());
        }
        let mut merged = stream::select_all(streams);
        let mut counts: std::collections::HashMap<Option<i64>, u64> = Default::default();
        let width = columns.len();
        while let Some(item) = merged.next().await {
            cancel.check()?;
            match item {
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
                Item::Failed(p, message) => {
                    return Err(Error::Provider {
                        message: format!("reading {full_name}: {message}"),
                        partition: p,
                        position: None,
                    })
                }
            }
        }
        Ok(())
    }
}
