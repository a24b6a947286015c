//! Why a plan cannot be made.
//!
//! One enum for the crate, so the engine can tell a statement error (a typo
//! in `identified by`, an `error after N rows` limit) from data that cannot be
//! synchronised (two rows with one key). Messages name columns, companies and
//! row keys only: row contents stay out of messages and logs.

use std::fmt;

use crate::options::OperationKind;
use serde::Serialize;

/// Which table a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The table that holds the intended rows.
    Source,
    /// The table that is changed.
    Target,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Source => "source",
            Side::Target => "target",
        })
    }
}

/// `company 102673`, or `the table` when it is not partitioned.
pub(crate) struct CompanyName(pub Option<i64>);

impl fmt::Display for CompanyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(c) => write!(f, "company {c}"),
            None => f.write_str("the unpartitioned table"),
        }
    }
}

/// A plan that cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// `identified by` is empty (the parser never produces this).
    #[error("synchronize needs at least one IDENTIFIED BY column")]
    NoKeyColumns,
    /// A column named in `identified by` or `ignore changes to` is missing.
    #[error("column {column} of {clause} is not a column of the {side} table")]
    UnknownColumn {
        /// The clause that names it.
        clause: &'static str,
        /// The column as written.
        column: String,
        /// The table that lacks it.
        side: Side,
    },
    /// Two columns of one table have the same name apart from case.
    #[error("the {side} table has two columns named {column} (names ignore case)")]
    AmbiguousColumn {
        /// The column.
        column: String,
        /// The table.
        side: Side,
    },
    /// A row has more or fewer values than its table has columns.
    #[error("{side} row {row} has {found} values for {expected} columns")]
    RowWidth {
        /// The table.
        side: Side,
        /// The row's position (0-based).
        row: usize,
        /// The number of columns.
        expected: usize,
        /// The number of values.
        found: usize,
    },
    /// Two rows of one side share a key: which one to pair is not ours to
    /// guess.
    #[error(
        "{count} {side} rows in {company} have the key ({key}); \
         IDENTIFIED BY must name each row once",
        company = CompanyName(*company)
    )]
    DuplicateKey {
        /// The table.
        side: Side,
        /// The company, `None` when not partitioned.
        company: Option<i64>,
        /// The key as `column = value, ...`.
        key: String,
        /// How many rows have it (at least 2).
        count: usize,
    },
    /// `error after N rows`: more operations of a kind were planned.
    #[error(
        "synchronize plans {planned} {kind}s, more than ERROR AFTER {limit} ROWS allows; \
         nothing is written",
        kind = kind.name()
    )]
    LimitExceeded {
        /// The operation kind.
        kind: OperationKind,
        /// N of `error after N rows`.
        limit: u64,
        /// The operations of that kind the statement would make.
        planned: u64,
    },
}

/// The crate's result.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_key_and_company_only() {
        let e = Error::DuplicateKey {
            side: Side::Target,
            company: Some(102673),
            key: "code = '1'".into(),
            count: 2,
        };
        assert_eq!(
            e.to_string(),
            "2 target rows in company 102673 have the key (code = '1'); \
             IDENTIFIED BY must name each row once"
        );
        let e = Error::LimitExceeded {
            kind: OperationKind::Update,
            limit: 10,
            planned: 12,
        };
        assert_eq!(
            e.to_string(),
            "synchronize plans 12 updates, more than ERROR AFTER 10 ROWS allows; nothing is written"
        );
        let e = Error::DuplicateKey {
            side: Side::Source,
            company: None,
            key: "id = 1".into(),
            count: 3,
        };
        assert!(e.to_string().contains("the unpartitioned table"));
    }
}
