//! Insert, update and delete on cloud tables.
//!
//! The rows to write are computed by SQLite — the VALUES or SELECT of an
//! insert; for update and delete, a SELECT of each matching row's company,
//! key and new values over the table read like any other (with pushdown) —
//! and then sent one call per row, routed by the `division` column:
//! companies in parallel, rows of one company in order. Cancelling stops
//! before the next row; a call in flight finishes.

use std::collections::BTreeMap;

use futures_util::future::join_all;
use rusqlite::types::Value;
use sqlparser::ast::{AssignmentTarget, Expr, Insert, ObjectName, TableAlias, Update};
use tandem_sql::{sqlparser, Statement};

use crate::error::{Error, Result};
use crate::provider::TableDef;
use crate::results::quote;
use crate::rewrite::table_name;
use crate::script::{Ctx, Outcome};
use crate::session::Session;

enum Op {
    Insert(Vec<(String, Value)>),
    Update(String, Vec<(String, Value)>),
    Delete(String),
}

fn last_ident(name: &ObjectName) -> String {
    name.0
        .last()
        .map(|p| p.to_string().trim_matches('"').to_string())
        .unwrap_or_default()
}

fn code_of(v: &Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(*i),
        Value::Real(f) if f.fract() == 0.0 => Some(*f as i64),
        Value::Text(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn sql_error(message: String) -> Error {
    Error::Sql {
        message,
        position: None,
    }
}

/// A writable column of `table` by the name a statement uses.
fn writable(table: &TableDef, name: &str) -> Result<String> {
    let c = table
        .column(name)
        .ok_or_else(|| sql_error(format!("{} has no column {name}", table.full_name())))?;
    if !c.writable {
        return Err(sql_error(format!(
            "column {} of {} cannot be written",
            c.name,
            table.full_name()
        )));
    }
    Ok(c.name.clone())
}

impl Session {
    pub(crate) async fn cloud_insert(
        &mut self,
        provider: usize,
        table: &TableDef,
        insert: &mut Insert,
        ctx: &Ctx<'_>,
    ) -> Result<Outcome> {
        if insert.columns.is_empty() {
            return Err(sql_error(format!(
                "name the columns of the insert into {} (division, code, name, ...)",
                table.full_name()
            )));
        }
        let columns: Vec<String> = insert.columns.iter().map(last_ident).collect();
        let division = columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case("division"));
        let targets: Vec<Option<String>> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if Some(i) == division {
                    Ok(None)
                } else {
                    writable(table, c).map(Some)
                }
            })
            .collect::<Result<_>>()?;
        let mut source = insert
            .source
            .take()
            .ok_or_else(|| Error::not_supported("INSERT without VALUES or SELECT"))?;
        let specs = self.prepare(&mut source, ctx).await?;
        let rows = self.query_rows(&source.to_string());
        self.drop_fetched(&specs);
        let mut ops = Vec::new();
        for row in rows? {
            if row.len() != columns.len() {
                return Err(sql_error(format!(
                    "{} columns named but {} values given",
                    columns.len(),
                    row.len()
                )));
            }
            let code = match division {
                Some(i) => code_of(&row[i]),
                None => self.single_partition(provider),
            };
            let fields = row
                .into_iter()
                .zip(&targets)
                .filter_map(|(v, t)| t.clone().map(|t| (t, v)))
                .collect();
            ops.push((code, Op::Insert(fields)));
        }
        self.apply(provider, table, ops, ctx).await
    }

    /// The one active company of a provider (an insert without `division`).
    fn single_partition(&self, provider: usize) -> Option<i64> {
        let mine: Vec<i64> = self
            .active
            .iter()
            .filter(|(p, _)| *p == provider)
            .map(|(_, c)| *c)
            .collect();
        (mine.len() == 1).then(|| mine[0])
    }

    /// Rows of `table` matching `selection`, as (division, key, values).
    async fn matching_rows(
        &mut self,
        table: &TableDef,
        name: &ObjectName,
        alias: Option<TableAlias>,
        values: &[String],
        selection: Option<&Expr>,
        ctx: &Ctx<'_>,
    ) -> Result<Vec<Vec<Value>>> {
        let key = table
            .key
            .clone()
            .ok_or_else(|| sql_error(format!("{} has no key", table.full_name())))?;
        let reference = match &alias {
            Some(a) => a.name.value.clone(),
            None => table_name(name)?.table,
        };
        let r = quote(&reference);
        let mut sql = format!("SELECT {r}.division, {r}.{}", quote(&key));
        for v in values {
            sql.push_str(", ");
            sql.push_str(v);
        }
        sql.push_str(&format!(" FROM {name}"));
        if let Some(a) = &alias {
            sql.push_str(&format!(" AS {}", a.name));
        }
        if let Some(w) = selection {
            sql.push_str(&format!(" WHERE {w}"));
        }
        let Statement::Sql(statement) = tandem_sql::parse_statement(&sql)? else {
            return Err(Error::Bug("a generated query did not parse as SQL".into()));
        };
        let sqlparser::ast::Statement::Query(mut query) = *statement else {
            return Err(Error::Bug("a generated query is not a query".into()));
        };
        let specs = self.prepare(&mut query, ctx).await?;
        let rows = self.query_rows(&query.to_string());
        self.drop_fetched(&specs);
        rows
    }

    pub(crate) async fn cloud_update(
        &mut self,
        provider: usize,
        table: &TableDef,
        name: &ObjectName,
        alias: Option<TableAlias>,
        update: &Update,
        ctx: &Ctx<'_>,
    ) -> Result<Outcome> {
        let mut columns = Vec::new();
        let mut values = Vec::new();
        for a in &update.assignments {
            let AssignmentTarget::ColumnName(c) = &a.target else {
                return Err(Error::not_supported("Assigning a tuple of columns"));
            };
            columns.push(writable(table, &last_ident(c))?);
            values.push(a.value.to_string());
        }
        let rows = self
            .matching_rows(table, name, alias, &values, update.selection.as_ref(), ctx)
            .await?;
        let ops = rows
            .into_iter()
            .map(|row| {
                let mut it = row.into_iter();
                let code = it.next().as_ref().and_then(code_of);
                let key = match it.next() {
                    Some(Value::Text(k)) => k,
                    _ => String::new(),
                };
                (
                    code,
                    Op::Update(key, columns.iter().cloned().zip(it).collect()),
                )
            })
            .collect();
        self.apply(provider, table, ops, ctx).await
    }

    pub(crate) async fn cloud_delete(
        &mut self,
        provider: usize,
        table: &TableDef,
        name: &ObjectName,
        alias: Option<TableAlias>,
        selection: Option<Expr>,
        ctx: &Ctx<'_>,
    ) -> Result<Outcome> {
        let rows = self
            .matching_rows(table, name, alias, &[], selection.as_ref(), ctx)
            .await?;
        let ops = rows
            .into_iter()
            .map(|row| {
                let code = row.first().and_then(code_of);
                let key = match row.get(1) {
                    Some(Value::Text(k)) => k.clone(),
                    _ => String::new(),
                };
                (code, Op::Delete(key))
            })
            .collect();
        self.apply(provider, table, ops, ctx).await
    }

    /// Sends the operations, companies in parallel.
    async fn apply(
        &mut self,
        provider: usize,
        table: &TableDef,
        ops: Vec<(Option<i64>, Op)>,
        ctx: &Ctx<'_>,
    ) -> Result<Outcome> {
        let accessible = self.accessible(provider).await?;
        let mut by_company: BTreeMap<i64, Vec<(usize, Op)>> = BTreeMap::new();
        for (i, (code, op)) in ops.into_iter().enumerate() {
            let code = code.ok_or_else(|| Error::Partition {
                message: format!(
                    "row {} has no company: give a division column (or use exactly one company)",
                    i + 1
                ),
                position: None,
            })?;
            if !accessible.iter().any(|a| a.code == code) {
                return Err(Error::Partition {
                    message: format!(
                        "row {}: company {code} is not among the companies this login can use",
                        i + 1
                    ),
                    position: None,
                });
            }
            by_company.entry(code).or_default().push((i + 1, op));
        }
        let source = self.providers[provider].clone();
        let cancel = ctx.cancel;
        let full = table.full_name();
        let work = by_company.into_iter().map(|(code, ops)| {
            let source = source.clone();
            let full = full.clone();
            async move {
                let mut done = 0u64;
                for (row, op) in ops {
                    if cancel.is_cancelled() {
                        return Err(Error::Cancelled);
                    }
                    let result = match op {
                        Op::Insert(fields) => source.insert(table, code, fields).await.map(|_| ()),
                        Op::Update(key, fields) => source.update(table, code, key, fields).await,
                        Op::Delete(key) => source.delete(table, code, key).await,
                    };
                    result.map_err(|e| Error::Provider {
                        message: format!("row {row} of the change to {full}: {}", e.message),
                        partition: Some(code),
                        position: None,
                    })?;
                    done += 1;
                }
                Ok::<u64, Error>(done)
            }
        });
        let mut total = 0;
        let mut first_error = None;
        for r in join_all(work).await {
            match r {
                Ok(n) => total += n,
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(Outcome::Changed(total)),
        }
    }
}
