//! Exact Online as a provider, over `tandem_exact::Client`.
//!
//! The client knows the wire (padding, `/Date()/`, paging, pacing); this
//! adapter turns its catalog into [`TableDef`]s, its rows into SQL values as
//! users see them, and pushed predicates into OData filters — dropping what
//! OData cannot express exactly as a superset (a prefix test on a padded
//! code, a value that does not fit the column's type).

use std::sync::Arc;

use futures_util::future::BoxFuture;
use futures_util::StreamExt;
use rusqlite::types::Value;
use serde_json::Value as Json;
use tandem_exact::catalog::{self, ColumnType, Table};
use tandem_exact::odata::{Filter, Literal, Select};
use tandem_exact::{Client, Row};

use super::{
    Capabilities, ColumnDef, FailureKind, PageStream, PartitionInfo, Predicate, Provider,
    ProviderError, ProviderResult, TableDef, UsageRow,
};
use crate::value::SqlType;

/// The table read through `divisions()` rather than paged per company.
const DIVISIONS: &str = "SystemDivisions";

/// An Exact Online login as a data container.
pub struct ExactProvider {
    alias: String,
    client: Client,
    tables: Vec<TableDef>,
    case_insensitive: bool,
}

impl ExactProvider {
    /// A provider named `alias` over a logged-in client.
    /// `case_insensitive_text_matching` mirrors the client setting of the
    /// same meaning (a LIKE is pushed down only when it is true).
    pub fn new(
        alias: impl Into<String>,
        client: Client,
        case_insensitive_text_matching: bool,
    ) -> ExactProvider {
        ExactProvider {
            alias: alias.into(),
            client,
            tables: catalog::tables().iter().map(table_def).collect(),
            case_insensitive: case_insensitive_text_matching,
        }
    }

    /// The client (for callers that need the session's login).
    pub fn client(&self) -> &Client {
        &self.client
    }
}

fn sql_type(t: ColumnType) -> SqlType {
    match t {
        ColumnType::Text => SqlType::Text,
        ColumnType::Int => SqlType::Integer,
        ColumnType::Decimal => SqlType::Decimal,
        ColumnType::Bool | ColumnType::ByteFlag => SqlType::Boolean,
        ColumnType::Guid => SqlType::Guid,
        ColumnType::Date => SqlType::Date,
        ColumnType::Datetime => SqlType::Datetime,
    }
}

fn table_def(t: &Table) -> TableDef {
    let partitioned = !t.divisionless && t.name != DIVISIONS;
    let mut columns: Vec<ColumnDef> = t
        .columns
        .iter()
        // The engine's `division` column is the company a row came from;
        // Exact's own Division property says the same.
        .filter(|c| !(partitioned && c.name == "Division"))
        .map(|c| ColumnDef {
            name: c.name.clone(),
            sql_type: sql_type(c.column_type),
            filterable: c.filterable,
            writable: c.writable,
            required: c.required,
        })
        .collect();
    if t.name == DIVISIONS {
        // Invantive users write `name` for a company's description.
        columns.push(ColumnDef {
            name: "Name".into(),
            sql_type: SqlType::Text,
            filterable: false,
            writable: false,
            required: false,
        });
    }
    TableDef {
        catalog: t.catalog.clone(),
        schema: t.schema.clone(),
        name: t.name.clone(),
        description: t.description.clone(),
        columns,
        partitioned,
        writable: t.writable,
        key: Some(t.key.clone()),
    }
}

/// A wire value as users see it (codes were trimmed by the client).
fn to_sql(row: &Row, column: &str, t: SqlType, wire: Option<ColumnType>) -> Value {
    match row.get(column) {
        None | Some(Json::Null) => return Value::Null,
        Some(_) => {}
    }
    match (t, wire) {
        (SqlType::Boolean, _) => row
            .flag(column)
            .map_or(Value::Null, |b| Value::Integer(b.into())),
        (SqlType::Integer, _) => row.int(column).map_or(Value::Null, Value::Integer),
        (SqlType::Decimal, _) => row.decimal(column).map_or(Value::Null, Value::Real),
        (SqlType::Date, _) => row.datetime(column).map_or(Value::Null, |d| {
            Value::Text(d.format("%Y-%m-%d").to_string())
        }),
        (SqlType::Datetime, _) => row.datetime(column).map_or(Value::Null, |d| {
            Value::Text(d.format("%Y-%m-%d %H:%M:%S").to_string())
        }),
        _ => match row.get(column) {
            Some(Json::String(s)) => Value::Text(s.clone()),
            Some(Json::Number(n)) => Value::Text(n.to_string()),
            Some(Json::Bool(b)) => Value::Integer((*b).into()),
            Some(other) => Value::Text(other.to_string()),
            None => Value::Null,
        },
    }
}

fn parse_datetime(s: &str) -> Option<chrono::NaiveDateTime> {
    let s = s.trim();
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
}

fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(*i),
        Value::Real(f) if f.fract() == 0.0 => Some(*f as i64),
        Value::Text(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::Text(s) => Some(s.clone()),
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(f) => Some(f.to_string()),
        _ => None,
    }
}

/// An OData literal for a value compared with `column`; `None` when the
/// value cannot be sent faithfully (the test is then left to SQLite).
fn literal(table: &Table, column: &str, v: &Value) -> Option<Literal> {
    let col = table.column(column)?;
    match col.column_type {
        ColumnType::Text => {
            let s = as_text(v)?;
            Some(match col.padded_width {
                Some(w) => Literal::padded_code(&s, w),
                None => Literal::Text(s),
            })
        }
        ColumnType::Int => as_i64(v).map(Literal::Int),
        ColumnType::Decimal => match v {
            Value::Integer(i) => Some(Literal::Decimal(*i as f64)),
            Value::Real(f) => Some(Literal::Decimal(*f)),
            _ => None,
        },
        ColumnType::Bool => as_i64(v)
            .filter(|i| *i == 0 || *i == 1)
            .map(|i| Literal::Bool(i == 1)),
        ColumnType::ByteFlag => as_i64(v).filter(|i| *i == 0 || *i == 1).map(Literal::Int),
        ColumnType::Guid => {
            let s = as_text(v)?;
            Literal::Guid(s.clone()).to_odata().ok()?;
            Some(Literal::Guid(s))
        }
        // A date compared as text in SQLite equals only its exact ISO text;
        // the service compares instants. Only the exact forms are sent.
        ColumnType::Date | ColumnType::Datetime => {
            let s = as_text(v)?;
            let d = parse_datetime(&s)?;
            let canonical = if col.column_type == ColumnType::Date {
                d.format("%Y-%m-%d").to_string()
            } else {
                d.format("%Y-%m-%d %H:%M:%S").to_string()
            };
            (canonical == s).then_some(Literal::DateTime(d))
        }
    }
}

fn filter_for(table: &Table, p: &Predicate, case_insensitive: bool, out: &mut Vec<Filter>) {
    let filterable = |c: &str| {
        table
            .column(c)
            .is_some_and(|c| c.filterable && !c.sync_only)
    };
    match p {
        Predicate::And(all) => {
            for p in all {
                filter_for(table, p, case_insensitive, out);
            }
        }
        Predicate::Eq(c, v) if filterable(c) => {
            if let Some(l) = literal(table, c, v) {
                out.push(Filter::eq(c.clone(), l));
            }
        }
        Predicate::In(c, vs) if filterable(c) && !vs.is_empty() => {
            let lits: Option<Vec<Literal>> = vs.iter().map(|v| literal(table, c, v)).collect();
            if let Some(lits) = lits {
                let mut it = lits.into_iter().map(|l| Filter::eq(c.clone(), l));
                if let Some(first) = it.next() {
                    out.push(it.fold(first, Filter::or));
                }
            }
        }
        Predicate::StartsWith(c, prefix) if filterable(c) && case_insensitive => {
            // A padded code starts with spaces: a prefix test would miss rows.
            let col = table.column(c);
            if col.is_some_and(|c| c.column_type == ColumnType::Text && c.padded_width.is_none()) {
                out.push(Filter::starts_with(c.clone(), prefix.clone()));
            }
        }
        _ => {}
    }
}

fn map_err(e: tandem_exact::Error) -> ProviderError {
    use tandem_exact::Error as E;
    let kind = match &e {
        E::Transient {
            maybe_applied: true,
            ..
        } => FailureKind::Unknown,
        E::Rejected { .. } | E::NotFound { .. } => FailureKind::Row,
        _ => FailureKind::Stop,
    };
    ProviderError {
        message: e.to_string(),
        kind,
    }
}

/// A write value for the service: JSON of the column's wire type.
fn to_json(table: &Table, column: &str, v: Value) -> ProviderResult<(String, Json)> {
    let col = table
        .columns
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(column))
        .ok_or_else(|| ProviderError::new(format!("{} has no column {column}", table.name)))?;
    if !col.writable {
        return Err(ProviderError::new(format!(
            "column {} of {} cannot be written",
            col.name,
            table.full_name()
        )));
    }
    let bad = || {
        ProviderError::row(format!(
            "column {} of {} needs a {} value",
            col.name,
            table.full_name(),
            sql_type(col.column_type).name()
        ))
    };
    let json = match (&v, col.column_type) {
        (Value::Null, _) => Json::Null,
        (_, ColumnType::Text) | (_, ColumnType::Guid) => Json::String(as_text(&v).ok_or_else(bad)?),
        (_, ColumnType::Int) => Json::from(as_i64(&v).ok_or_else(bad)?),
        (Value::Integer(i), ColumnType::Decimal) => Json::from(*i as f64),
        (Value::Real(f), ColumnType::Decimal) => Json::from(*f),
        (Value::Text(s), ColumnType::Decimal) => {
            Json::from(s.trim().parse::<f64>().map_err(|_| bad())?)
        }
        (_, ColumnType::Bool) => Json::Bool(as_i64(&v).ok_or_else(bad)? != 0),
        (_, ColumnType::ByteFlag) => Json::from(i64::from(as_i64(&v).ok_or_else(bad)? != 0)),
        (_, ColumnType::Date) | (_, ColumnType::Datetime) => {
            let d = as_text(&v)
                .and_then(|s| parse_datetime(&s))
                .ok_or_else(bad)?;
            Json::String(d.format("%Y-%m-%dT%H:%M:%S").to_string())
        }
        _ => return Err(bad()),
    };
    Ok((col.name.clone(), json))
}

fn find(name: &str) -> ProviderResult<&'static Table> {
    catalog::find(name).ok_or_else(|| ProviderError::new(format!("unknown table {name}")))
}

impl Provider for ExactProvider {
    fn alias(&self) -> &str {
        &self.alias
    }

    fn tables(&self) -> &[TableDef] {
        &self.tables
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            case_insensitive_text_matching: self.case_insensitive,
        }
    }

    fn partitions(&self) -> BoxFuture<'_, ProviderResult<Vec<PartitionInfo>>> {
        Box::pin(async move {
            let divisions = self.client.divisions().await.map_err(map_err)?;
            Ok(divisions
                .into_iter()
                .map(|d| PartitionInfo {
                    code: d.code,
                    name: d.description,
                    current: d.current,
                    country: d.country,
                    // system/Divisions has no address; the city stays unknown
                    // rather than costing a call per company.
                    city: None,
                })
                .collect())
        })
    }

    fn read(
        &self,
        table: &TableDef,
        partition: Option<i64>,
        columns: &[String],
        filter: Option<&Predicate>,
    ) -> ProviderResult<PageStream> {
        let wire = find(&table.full_name())?;
        let types: Vec<(String, SqlType, Option<ColumnType>)> = columns
            .iter()
            .map(|c| {
                let def = table.column(c);
                (
                    def.map_or(c.clone(), |d| d.name.clone()),
                    def.map_or(SqlType::Unknown, |d| d.sql_type),
                    wire.column(def.map_or(c.as_str(), |d| d.name.as_str()))
                        .map(|w| w.column_type),
                )
            })
            .collect();
        if wire.name == DIVISIONS {
            let client = self.client.clone();
            let stream = futures_util::stream::once(async move {
                let divisions = client.divisions().await.map_err(map_err)?;
                Ok(divisions
                    .into_iter()
                    .map(|d| {
                        types
                            .iter()
                            .map(|(name, _, _)| match name.as_str() {
                                "Code" => Value::Integer(d.code),
                                "Description" | "Name" => Value::Text(d.description.clone()),
                                "Country" => d.country.clone().map_or(Value::Null, Value::Text),
                                "Current" => Value::Integer(d.current.into()),
                                "IsMainDivision" => Value::Integer(d.is_main_division.into()),
                                "Hid" => d.hid.clone().map_or(Value::Null, Value::Text),
                                _ => Value::Null,
                            })
                            .collect()
                    })
                    .collect())
            });
            return Ok(stream.boxed());
        }
        let mut filters = Vec::new();
        if let Some(p) = filter {
            filter_for(wire, p, self.case_insensitive, &mut filters);
        }
        let filter = filters.into_iter().reduce(Filter::and);
        let select: Vec<String> = types.iter().map(|(n, _, _)| n.clone()).collect();
        let pages = self
            .client
            .read(
                &wire.name,
                partition.unwrap_or(0),
                Select::new(select),
                filter,
            )
            .map_err(map_err)?;
        let shared = Arc::new(types);
        Ok(pages
            .map(move |page| {
                let page = page.map_err(map_err)?;
                Ok(page
                    .rows
                    .iter()
                    .map(|row| {
                        shared
                            .iter()
                            .map(|(name, t, w)| to_sql(row, name, *t, *w))
                            .collect()
                    })
                    .collect())
            })
            .boxed())
    }

    fn insert<'a>(
        &'a self,
        table: &'a TableDef,
        partition: i64,
        fields: Vec<(String, Value)>,
    ) -> BoxFuture<'a, ProviderResult<Option<String>>> {
        Box::pin(async move {
            let wire = find(&table.full_name())?;
            let mut map = serde_json::Map::new();
            for (c, v) in fields {
                let (name, json) = to_json(wire, &c, v)?;
                map.insert(name, json);
            }
            let row = self
                .client
                .insert(&wire.name, partition, map)
                .await
                .map_err(map_err)?;
            Ok(table
                .key
                .as_deref()
                .and_then(|k| row.get(k))
                .and_then(|v| v.as_str())
                .map(str::to_owned))
        })
    }

    fn update<'a>(
        &'a self,
        table: &'a TableDef,
        partition: i64,
        key: String,
        fields: Vec<(String, Value)>,
    ) -> BoxFuture<'a, ProviderResult<()>> {
        Box::pin(async move {
            let wire = find(&table.full_name())?;
            let mut map = serde_json::Map::new();
            for (c, v) in fields {
                let (name, json) = to_json(wire, &c, v)?;
                map.insert(name, json);
            }
            self.client
                .update(&wire.name, partition, &key, map)
                .await
                .map_err(map_err)
        })
    }

    fn delete<'a>(
        &'a self,
        table: &'a TableDef,
        partition: i64,
        key: String,
    ) -> BoxFuture<'a, ProviderResult<()>> {
        Box::pin(async move {
            let wire = find(&table.full_name())?;
            self.client
                .delete(&wire.name, partition, &key)
                .await
                .map_err(map_err)
        })
    }

    fn usage(&self) -> Vec<UsageRow> {
        self.client
            .usage()
            .into_iter()
            .map(|u| UsageRow {
                partition: u.division,
                endpoint: u.endpoint,
                calls: u.calls,
                rows: u.rows,
                bytes: u.bytes,
                millis: u.millis,
                errors: u.errors,
                minutely_remaining: u.limits.minutely_remaining,
                minutely_limit: u.limits.minutely_limit,
                daily_remaining: u.limits.daily_remaining,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_padded_and_prefixes_on_codes_are_dropped() {
        let t = catalog::find("Accounts").unwrap();
        let mut out = Vec::new();
        filter_for(
            t,
            &Predicate::And(vec![
                Predicate::Eq("Code".into(), Value::Text("1".into())),
                Predicate::StartsWith("Code".into(), "1".into()),
                Predicate::StartsWith("Name".into(), "Aanneming".into()),
            ]),
            true,
            &mut out,
        );
        let rendered: Vec<String> = out.iter().map(|f| f.render().unwrap()).collect();
        assert_eq!(
            rendered,
            vec![
                "Code eq '                 1'".to_string(),
                "startswith(Name,'Aanneming') eq true".to_string()
            ]
        );
        let mut out = Vec::new();
        filter_for(
            t,
            &Predicate::StartsWith("Name".into(), "A".into()),
            false,
            &mut out,
        );
        assert!(
            out.is_empty(),
            "no LIKE pushdown without case-insensitive matching"
        );
    }
}
