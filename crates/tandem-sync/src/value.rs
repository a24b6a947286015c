//! The values and rows the planner reads, and the column declarations that
//! tell it how to compare them.
//!
//! The planner has its own small value type instead of the engine's SQLite
//! cell or serde_json's value: it must hold both what users see in SQL and
//! what Exact Online sends (booleans next to 0/1 flags), cross to the UI as
//! plain JSON, and stay free of the engine's dependencies.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One value of a source or target row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(untagged)]
#[ts(export, rename = "SyncValue")]
pub enum Value {
    /// NULL.
    Null,
    /// A JSON boolean, as Exact sends some flags (`Blocked`, `IsSales`).
    Bool(bool),
    /// A whole number.
    Int(#[ts(type = "number")] i64),
    /// A number with decimals.
    Float(f64),
    /// Text: codes, names, GUIDs, ISO dates, `/Date(ms)/`, numbers as text.
    Text(String),
}

impl Value {
    /// Whether this is NULL (the empty string is not: see `normalize`).
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// SQL-literal form, used for keys in messages and `explain`: text quoted
/// with doubled quotes, NULL as `null`, flags as 0/1.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{}", u8::from(*b)),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Text(s) => write!(f, "'{}'", s.replace('\'', "''")),
        }
    }
}

/// One row: its company and its values, in the order of its table's columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The company (division) the row lives in, or is routed to; `None` when
    /// the table is not partitioned (in-memory tables). Rows pair only within
    /// the same company.
    pub company: Option<i64>,
    /// One value per column of the table.
    pub values: Vec<Value>,
}

impl Row {
    /// A row of `company` with `values`.
    pub fn new(company: Option<i64>, values: Vec<Value>) -> Self {
        Row { company, values }
    }
}

/// A table as the engine hands it over: column names once, then rows. This is
/// the column-name → value map of every row, without repeating the names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RowSet {
    /// Column names, as the table spells them.
    pub columns: Vec<String>,
    /// The rows; each has one value per column.
    pub rows: Vec<Row>,
}

impl RowSet {
    /// An empty table with `columns`.
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = S>) -> Self {
        RowSet {
            columns: columns.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (builder style, for tests and the engine alike).
    pub fn push(&mut self, company: Option<i64>, values: Vec<Value>) -> &mut Self {
        self.rows.push(Row::new(company, values));
        self
    }
}

/// How a column's values are compared. `Auto` infers it from the values on
/// both sides: any boolean makes it `Boolean`, else any number makes it
/// `Number`, else `Text`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    /// Decide from the data.
    #[default]
    Auto,
    /// Text, dates and GUIDs: compared trimmed; `/Date(ms)/` and ISO dates
    /// are compared as the same date.
    Text,
    /// Integers and decimals: `"12"`, `12`, `12.0` and `"12.00"` are equal.
    Number,
    /// Flags: `true`/`false`, `1`/`0`, `"1"`/`"0"` and `"true"`/`"false"`.
    Boolean,
}

/// What the engine knows about one column (from the catalog); columns without
/// a declaration are `Auto` and case-sensitive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnSpec {
    /// The column name (matched case-insensitively).
    pub name: String,
    /// How values are compared.
    pub kind: ColumnKind,
    /// Whether text differing only in case is equal (as Exact's SQL Server
    /// collation treats codes), both for pairing and for detecting changes.
    pub case_insensitive: bool,
}

impl ColumnSpec {
    /// A declaration of `name` as `kind`, case-sensitive.
    pub fn new(name: impl Into<String>, kind: ColumnKind) -> Self {
        ColumnSpec {
            name: name.into(),
            kind,
            case_insensitive: false,
        }
    }

    /// The same declaration, case-insensitive.
    pub fn case_insensitive(mut self) -> Self {
        self.case_insensitive = true;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_sql_literal() {
        assert_eq!(Value::Null.to_string(), "null");
        assert_eq!(Value::Bool(true).to_string(), "1");
        assert_eq!(Value::Int(-3).to_string(), "-3");
        assert_eq!(Value::Float(1.5).to_string(), "1.5");
        assert_eq!(Value::from("O'Neil").to_string(), "'O''Neil'");
    }

    #[test]
    fn serialises_as_plain_json() {
        let values = vec![
            Value::Null,
            Value::Bool(false),
            Value::Int(12),
            Value::Float(1.5),
            Value::from("1"),
        ];
        let json = serde_json::to_string(&values).unwrap();
        assert_eq!(json, r#"[null,false,12,1.5,"1"]"#);
        let back: Vec<Value> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, values);
    }

    #[test]
    fn option_maps_none_to_null() {
        assert_eq!(Value::from(None::<i64>), Value::Null);
        assert_eq!(Value::from(Some("a")), Value::from("a"));
    }
}
