//! Values and column types as users see them.
//!
//! SQLite stores five storage classes; users (and exports) need more: a date
//! is not just text, a flag is not just an integer. The type of a column is
//! carried as SQLite's declared type (`DATE`, `BOOLEAN`, `GUID`, ...), which
//! survives into result sets and in-memory tables because the engine creates
//! them with explicit column types (see `results`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The type of a column, as exports and the result grid treat it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum SqlType {
    /// Text.
    Text,
    /// Whole numbers.
    Integer,
    /// Numbers with decimals.
    Decimal,
    /// 0/1 flags.
    Boolean,
    /// `2026-11-26`.
    Date,
    /// `2026-11-26 14:30:00`.
    Datetime,
    /// GUIDs as text.
    Guid,
    /// Bytes.
    Blob,
    /// Not known (an expression whose values were all NULL).
    Unknown,
}

impl SqlType {
    /// The declared type the engine gives SQLite columns of this type. Each
    /// maps back to itself through [`SqlType::from_declared`], and each has
    /// the SQLite affinity that keeps values as written (dates and GUIDs are
    /// never numeric-looking, so NUMERIC affinity leaves them text).
    pub fn declared(self) -> &'static str {
        match self {
            SqlType::Text => "TEXT",
            SqlType::Integer => "INTEGER",
            SqlType::Decimal => "REAL",
            SqlType::Boolean => "BOOLEAN",
            SqlType::Date => "DATE",
            SqlType::Datetime => "DATETIME",
            SqlType::Guid => "GUID",
            SqlType::Blob => "BLOB",
            SqlType::Unknown => "",
        }
    }

    /// The type of a declared SQLite column type (`VARCHAR(20)` is text,
    /// `INT` an integer, as SQLite's affinity rules read them).
    pub fn from_declared(declared: Option<&str>) -> SqlType {
        let d = declared.unwrap_or("").trim().to_ascii_uppercase();
        match d.as_str() {
            "" => SqlType::Unknown,
            "BOOLEAN" | "BOOL" => SqlType::Boolean,
            "DATE" => SqlType::Date,
            "DATETIME" | "TIMESTAMP" => SqlType::Datetime,
            "GUID" | "UUID" => SqlType::Guid,
            _ if d.contains("INT") => SqlType::Integer,
            _ if d.contains("CHAR") || d.contains("CLOB") || d.contains("TEXT") => SqlType::Text,
            _ if d.contains("BLOB") => SqlType::Blob,
            _ => SqlType::Decimal,
        }
    }

    /// The type of a value SQLite returned (`typeof`), for expressions
    /// without a declared type.
    pub fn from_storage(storage: &str) -> SqlType {
        match storage {
            "integer" => SqlType::Integer,
            "real" => SqlType::Decimal,
            "text" => SqlType::Text,
            "blob" => SqlType::Blob,
            _ => SqlType::Unknown,
        }
    }

    /// The name shown in `systemcolumns` and JSON output.
    pub fn name(self) -> &'static str {
        match self {
            SqlType::Text => "text",
            SqlType::Integer => "integer",
            SqlType::Decimal => "decimal",
            SqlType::Boolean => "boolean",
            SqlType::Date => "date",
            SqlType::Datetime => "datetime",
            SqlType::Guid => "guid",
            SqlType::Blob => "blob",
            SqlType::Unknown => "unknown",
        }
    }
}

/// One value of a result set, as it crosses to the UI or an export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum Cell {
    /// NULL.
    Null,
    /// A whole number.
    #[ts(type = "number")]
    Integer(i64),
    /// A number with decimals.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes (rare: nothing Exact Online sends is binary).
    Blob(Vec<u8>),
}

impl From<rusqlite::types::Value> for Cell {
    fn from(v: rusqlite::types::Value) -> Self {
        use rusqlite::types::Value as V;
        match v {
            V::Null => Cell::Null,
            V::Integer(i) => Cell::Integer(i),
            V::Real(f) => Cell::Real(f),
            V::Text(s) => Cell::Text(s),
            V::Blob(b) => Cell::Blob(b),
        }
    }
}

impl Cell {
    /// The value as plain text (exports); `None` for NULL.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Cell::Null => None,
            Cell::Integer(i) => Some(i.to_string()),
            Cell::Real(f) => Some(f.to_string()),
            Cell::Text(s) => Some(s.clone()),
            Cell::Blob(b) => Some(b.iter().map(|x| format!("{x:02x}")).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_round_trip() {
        for t in [
            SqlType::Text,
            SqlType::Integer,
            SqlType::Decimal,
            SqlType::Boolean,
            SqlType::Date,
            SqlType::Datetime,
            SqlType::Guid,
            SqlType::Blob,
            SqlType::Unknown,
        ] {
            assert_eq!(SqlType::from_declared(Some(t.declared())), t);
        }
        assert_eq!(SqlType::from_declared(Some("varchar(20)")), SqlType::Text);
        assert_eq!(SqlType::from_declared(Some("NUMERIC")), SqlType::Decimal);
    }
}
