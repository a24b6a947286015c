//! Data containers the engine reads from and writes to.
//!
//! A provider is what `@alias` names: a set of tables, split into
//! partitions (companies), that can be read page by page with a filter and
//! written row by row. The engine never asks a provider to evaluate SQL: it
//! passes a conjunction of simple predicates and re-applies the whole WHERE
//! in SQLite, so a provider is free to drop any predicate it cannot send.
//!
//! Guarantees a provider must give:
//! - `read` returns every row of the partition that satisfies the predicate
//!   (a superset is fine, a subset never is), with values as users see them:
//!   codes without padding, dates as ISO text, flags 0/1, GUIDs as text, in
//!   the order of the requested columns.
//! - Values passed to writes are as users see them; the provider re-pads and
//!   re-encodes for its service.
//! - Reads and writes in different partitions may run concurrently; the
//!   provider paces calls per partition itself.
//! - Errors name the failure, never row contents or secrets.

pub mod exact;

use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use rusqlite::types::Value;

use crate::value::SqlType;

/// A provider failure, in words for the user (the engine adds company and
/// statement), and what it means for the work around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderError {
    /// What went wrong.
    pub message: String,
    /// How the caller should treat it.
    pub kind: FailureKind,
}

/// What a failed call means for the work around it. Synchronize counts
/// `Row` failures against `continue on first N errors`, looks an `Unknown`
/// insert up before trying again, and stops at `Stop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The service refused this row (validation, a duplicate code, a row
    /// that no longer exists); other rows may well succeed.
    Row,
    /// The call may or may not have been applied (the connection broke
    /// after the request was sent).
    Unknown,
    /// Nothing more should be sent: the login is gone, a budget is spent,
    /// the service kept failing after retries, or the request is a defect.
    Stop,
}

impl ProviderError {
    /// A failure that stops the work.
    pub fn new(message: impl Into<String>) -> Self {
        ProviderError {
            message: message.into(),
            kind: FailureKind::Stop,
        }
    }

    /// A failure of one row.
    pub fn row(message: impl Into<String>) -> Self {
        ProviderError {
            message: message.into(),
            kind: FailureKind::Row,
        }
    }
}

impl std::fmt::Display for ProviderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Results of provider calls.
pub type ProviderResult<T> = std::result::Result<T, ProviderError>;

/// Pages of rows, each row in the order of the requested columns.
pub type PageStream = BoxStream<'static, ProviderResult<Vec<Vec<Value>>>>;

/// A table a provider offers.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDef {
    /// Catalog (`ExactOnlineREST`).
    pub catalog: String,
    /// Schema (`CRM`).
    pub schema: String,
    /// Name (`Accounts`).
    pub name: String,
    /// What it holds.
    pub description: String,
    /// Columns, without the engine's own `division`.
    pub columns: Vec<ColumnDef>,
    /// Rows live in partitions: every row gets a `division` column and reads
    /// run per active partition.
    pub partitioned: bool,
    /// Rows may be inserted, updated and deleted.
    pub writable: bool,
    /// The column that identifies a row for updates and deletes.
    pub key: Option<String>,
}

impl TableDef {
    /// `ExactOnlineREST.CRM.Accounts`.
    pub fn full_name(&self) -> String {
        format!("{}.{}.{}", self.catalog, self.schema, self.name)
    }

    /// A column by name, ignoring case as SQL does.
    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
}

/// A column of a provider's table.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    /// Name as the provider spells it (`ChamberOfCommerce`).
    pub name: String,
    /// Type as users see it.
    pub sql_type: SqlType,
    /// May appear in a pushed-down predicate.
    pub filterable: bool,
    /// May be written.
    pub writable: bool,
    /// Must be given on insert.
    pub required: bool,
}

/// A predicate pushed to a provider: a conjunction of simple tests with
/// values as users see them.
#[derive(Debug, Clone, PartialEq)]
pub enum Predicate {
    /// `column = value`.
    Eq(String, Value),
    /// `column in (values)`.
    In(String, Vec<Value>),
    /// Text starts with the prefix, ignoring case (only sent to providers
    /// that declare case-insensitive text matching).
    StartsWith(String, String),
    /// All of these.
    And(Vec<Predicate>),
}

/// A partition (company) a login may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionInfo {
    /// Its code (`102673`).
    pub code: i64,
    /// Its name.
    pub name: String,
    /// The login's current partition (the default before any `use`).
    pub current: bool,
    /// Its country code (`NL`), when the provider knows it.
    pub country: Option<String>,
    /// Its city, when the provider knows it.
    pub city: Option<String>,
}

/// What a provider can do, as `supports_*` answers rather than
/// provider-name checks in the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Text comparisons in filters ignore case, so `LIKE 'x%'` (which
    /// ignores case in SQLite) may be pushed as a prefix test.
    pub case_insensitive_text_matching: bool,
}

/// API usage, one row of `sessionios`.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageRow {
    /// Partition (0 for calls without one).
    pub partition: i64,
    /// Endpoint.
    pub endpoint: String,
    /// Calls made.
    pub calls: u64,
    /// Rows read or written.
    pub rows: u64,
    /// Bytes received.
    pub bytes: u64,
    /// Time waited, ms.
    pub millis: u64,
    /// Failed calls.
    pub errors: u64,
    /// Calls left this minute, as last reported.
    pub minutely_remaining: Option<u64>,
    /// Calls allowed per minute, as last reported.
    pub minutely_limit: Option<u64>,
    /// Calls left today, as last reported.
    pub daily_remaining: Option<u64>,
}

/// A data container (see the module documentation for its guarantees).
pub trait Provider: Send + Sync {
    /// The `@alias` that names it (`eol`).
    fn alias(&self) -> &str;

    /// Its tables.
    fn tables(&self) -> &[TableDef];

    /// What it supports.
    fn capabilities(&self) -> Capabilities;

    /// The partitions the login may use.
    fn partitions(&self) -> BoxFuture<'_, ProviderResult<Vec<PartitionInfo>>>;

    /// Reads `columns` of `table` in `partition` (`None` for tables that
    /// are not partitioned), narrowed by `filter` as far as the provider can.
    fn read(
        &self,
        table: &TableDef,
        partition: Option<i64>,
        columns: &[String],
        filter: Option<&Predicate>,
    ) -> ProviderResult<PageStream>;

    /// Inserts one row; returns the new row's key (the value of
    /// [`TableDef::key`]) when the table has one.
    fn insert<'a>(
        &'a self,
        table: &'a TableDef,
        partition: i64,
        fields: Vec<(String, Value)>,
    ) -> BoxFuture<'a, ProviderResult<Option<String>>> {
        let _ = (partition, fields);
        Box::pin(async move {
            Err(ProviderError::new(format!(
                "{} cannot be written",
                table.full_name()
            )))
        })
    }

    /// Updates the given fields of the row whose key is `key`.
    fn update<'a>(
        &'a self,
        table: &'a TableDef,
        partition: i64,
        key: String,
        fields: Vec<(String, Value)>,
    ) -> BoxFuture<'a, ProviderResult<()>> {
        let _ = (partition, key, fields);
        Box::pin(async move {
            Err(ProviderError::new(format!(
                "{} cannot be written",
                table.full_name()
            )))
        })
    }

    /// Deletes the row whose key is `key`.
    fn delete<'a>(
        &'a self,
        table: &'a TableDef,
        partition: i64,
        key: String,
    ) -> BoxFuture<'a, ProviderResult<()>> {
        let _ = (partition, key);
        Box::pin(async move {
            Err(ProviderError::new(format!(
                "{} cannot be written",
                table.full_name()
            )))
        })
    }

    /// API calls made so far.
    fn usage(&self) -> Vec<UsageRow> {
        Vec::new()
    }
}
