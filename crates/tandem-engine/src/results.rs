//! Result sets: a query's rows stay in SQLite, one table each, and are
//! paged out — a million-row answer never crosses to the UI at once.
//!
//! Tables made from queries (result sets and `create table ... as select`)
//! are created with explicit declared types taken from the query's columns,
//! so a date read from Exact Online is still a date in an in-memory table
//! and in an export.

use rusqlite::types::Value;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::session::Session;
use crate::value::{Cell, SqlType};

/// A column of a result set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ResultColumn {
    /// Its name as the query gave it.
    pub name: String,
    /// Its type.
    pub sql_type: SqlType,
}

/// A result set kept in the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ResultSetInfo {
    /// Its id, for [`Session::page`].
    #[ts(type = "number")]
    pub id: u64,
    /// Its columns.
    pub columns: Vec<ResultColumn>,
    /// How many rows it holds.
    #[ts(type = "number")]
    pub row_count: u64,
}

pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Column names unique the way SQLite makes them unique (`code`, `code:1`).
fn unique(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        let mut candidate = n.clone();
        let mut i = 1;
        while out.iter().any(|o| o.eq_ignore_ascii_case(&candidate)) {
            candidate = format!("{n}:{i}");
            i += 1;
        }
        out.push(candidate);
    }
    out
}

impl Session {
    /// The names and declared types of a query's columns.
    pub(crate) fn describe(&self, sql: &str) -> Result<Vec<(String, SqlType)>> {
        let stmt = self.db.prepare(sql)?;
        Ok(stmt
            .columns()
            .map(|c| (c.name().to_string(), SqlType::from_declared(c.decl_type())))
            .collect())
    }

    /// Creates `table` (schema-qualified, quoted) from a query, with the
    /// query's column types; returns the columns (types of untyped
    /// expressions guessed from their values) and the row count.
    pub(crate) fn materialize(
        &mut self,
        table: &str,
        sql: &str,
        positional: bool,
    ) -> Result<(Vec<ResultColumn>, u64)> {
        let mut described = self.describe(sql)?;
        if !positional && described.iter().any(|(_, t)| *t == SqlType::Unknown) {
            // A table keeps its declared types for good: guess those of
            // expressions from the first row.
            for (i, t) in self.first_row_types(sql)?.into_iter().enumerate() {
                if described[i].1 == SqlType::Unknown {
                    described[i].1 = t;
                }
            }
        }
        let names = unique(described.iter().map(|(n, _)| n.clone()).collect());
        let stored: Vec<String> = if positional {
            (1..=names.len()).map(|i| format!("c{i}")).collect()
        } else {
            names.clone()
        };
        let defs: Vec<String> = stored
            .iter()
            .zip(&described)
            .map(|(n, (_, t))| {
                format!("{} {}", quote(n), t.declared())
                    .trim_end()
                    .to_string()
            })
            .collect();
        self.db
            .execute(&format!("CREATE TABLE {table} ({})", defs.join(", ")), [])?;
        let rows = self.db.execute(&format!("INSERT INTO {table} {sql}"), [])? as u64;
        let mut columns = Vec::with_capacity(names.len());
        for ((name, stored), (_, t)) in names.into_iter().zip(&stored).zip(described) {
            let sql_type = if t == SqlType::Unknown {
                let storage: Option<String> = self
                    .db
                    .query_row(
                        &format!(
                            "SELECT typeof({c}) FROM {table} WHERE {c} IS NOT NULL LIMIT 1",
                            c = quote(stored)
                        ),
                        [],
                        |r| r.get(0),
                    )
                    .ok();
                storage.map_or(SqlType::Unknown, |s| SqlType::from_storage(&s))
            } else {
                t
            };
            columns.push(ResultColumn { name, sql_type });
        }
        Ok((columns, rows))
    }

    /// The storage types of a query's first row (none when it has no rows).
    fn first_row_types(&self, sql: &str) -> Result<Vec<SqlType>> {
        let mut stmt = self.db.prepare(&format!("SELECT * FROM ({sql}) LIMIT 1"))?;
        let width = stmt.column_count();
        let mut rows = stmt.query([])?;
        let Some(row) = rows.next()? else {
            return Ok(Vec::new());
        };
        (0..width)
            .map(|i| {
                Ok(match row.get::<_, Value>(i)? {
                    Value::Integer(_) => SqlType::Integer,
                    Value::Real(_) => SqlType::Decimal,
                    Value::Text(_) => SqlType::Text,
                    Value::Blob(_) => SqlType::Blob,
                    Value::Null => SqlType::Unknown,
                })
            })
            .collect()
    }

    /// Runs a query into a new result set.
    pub(crate) fn new_result(&mut self, sql: &str) -> Result<ResultSetInfo> {
        self.counter += 1;
        let id = self.counter;
        let table = format!("temp.{}", quote(&format!("__result_{id}")));
        let (columns, row_count) = self.materialize(&table, sql, true)?;
        let info = ResultSetInfo {
            id,
            columns,
            row_count,
        };
        self.results.push(info.clone());
        Ok(info)
    }

    /// The result sets of this session, oldest first.
    pub fn results(&self) -> &[ResultSetInfo] {
        &self.results
    }

    /// One result set.
    pub fn result(&self, id: u64) -> Option<&ResultSetInfo> {
        self.results.iter().find(|r| r.id == id)
    }

    /// Rows `offset..offset+limit` of a result set, in the query's order.
    pub fn page(&self, id: u64, offset: u64, limit: u64) -> Result<Vec<Vec<Cell>>> {
        let info = self
            .result(id)
            .ok_or_else(|| Error::Bug(format!("no result set {id}")))?;
        let width = info.columns.len();
        let mut stmt = self.db.prepare(&format!(
            "SELECT * FROM temp.{} ORDER BY rowid LIMIT ?1 OFFSET ?2",
            quote(&format!("__result_{id}"))
        ))?;
        let rows = stmt
            .query_map([limit.min(i64::MAX as u64) as i64, offset as i64], |r| {
                (0..width)
                    .map(|i| r.get::<_, Value>(i).map(Cell::from))
                    .collect::<rusqlite::Result<Vec<Cell>>>()
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A new result set: result set `id` ordered on its `column` (0-based),
    /// text ignoring case, NULLs first when ascending; rows that tie keep
    /// their order. The original stays as it is.
    pub fn sort_result(
        &mut self,
        id: u64,
        column: usize,
        descending: bool,
    ) -> Result<ResultSetInfo> {
        let info = self
            .result(id)
            .ok_or_else(|| Error::Bug(format!("no result set {id}")))?
            .clone();
        if column >= info.columns.len() {
            return Err(Error::Bug(format!(
                "result set {id} has no column {column} (it has {})",
                info.columns.len()
            )));
        }
        // Stored columns are c1..cN (see `new_result`); name them back.
        let select: Vec<String> = info
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("c{} AS {}", i + 1, quote(&c.name)))
            .collect();
        let sql = format!(
            "SELECT {} FROM temp.{} ORDER BY c{} COLLATE NOCASE {}, rowid",
            select.join(", "),
            quote(&format!("__result_{id}")),
            column + 1,
            if descending { "DESC" } else { "ASC" }
        );
        let mut sorted = self.new_result(&sql)?;
        // Keep the types the original worked out (an expression's guessed
        // type is not declared on the stored table).
        sorted.columns = info.columns;
        if let Some(kept) = self.results.iter_mut().find(|r| r.id == sorted.id) {
            kept.columns = sorted.columns.clone();
        }
        Ok(sorted)
    }

    /// Forgets a result set and frees its rows.
    pub fn close_result(&mut self, id: u64) -> Result<()> {
        self.results.retain(|r| r.id != id);
        self.db.execute(
            &format!(
                "DROP TABLE IF EXISTS temp.{}",
                quote(&format!("__result_{id}"))
            ),
            [],
        )?;
        Ok(())
    }

    /// Runs a query and returns all its rows (for `use select`, DML
    /// sources: small by nature).
    pub(crate) fn query_rows(&self, sql: &str) -> Result<Vec<Vec<Value>>> {
        let mut stmt = self.db.prepare(sql)?;
        let width = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..width)
                    .map(|i| r.get::<_, Value>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_names_get_suffixes() {
        assert_eq!(
            unique(vec!["code".into(), "Code".into(), "x".into()]),
            vec!["code".to_string(), "Code:1".to_string(), "x".to_string()]
        );
    }
}
