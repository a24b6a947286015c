//! The entity catalog: every table Tandem can read or write, under the names
//! Invantive SQL users know (`ExactOnlineREST.CRM.Accounts`), with its
//! endpoints (standard, bulk, sync), key and typed columns. It feeds name
//! resolution, `$select`/`$filter` pushdown and the editor's auto-completion.

mod tables;

use crate::odata::Endpoint;
use serde::Serialize;
use std::sync::OnceLock;
use ts_rs::TS;

/// A column's type on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// Edm.String.
    Text,
    /// Edm.Int32 / Edm.Int64.
    Int,
    /// Edm.Double / Edm.Decimal.
    Decimal,
    /// A JSON boolean.
    Bool,
    /// Edm.Byte used as a flag: the numbers 0/1.
    ByteFlag,
    /// Edm.Guid.
    Guid,
    /// A date-only `/Date(ms)/` (local midnight).
    Date,
    /// A `/Date(ms)/` date-time (local wall clock).
    Datetime,
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    /// Property name.
    pub name: String,
    /// Wire type.
    #[serde(rename = "type")]
    pub column_type: ColumnType,
    /// May appear in `$filter` on standard and bulk endpoints.
    pub filterable: bool,
    /// May be sent on POST/PUT.
    pub writable: bool,
    /// Must be sent on POST.
    pub required: bool,
    /// Stored padded to this width (Account `Code`: 18, `Country`: 3); read
    /// trimmed, written and filtered padded.
    #[ts(type = "number | null")]
    pub padded_width: Option<usize>,
    /// Only sync endpoints return it (`Timestamp`).
    pub sync_only: bool,
}

/// The endpoint paths of a table (after `/api/v1/{division}/`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    /// Standard endpoint (point look-ups, writes), e.g. `crm/Accounts`.
    pub standard: String,
    /// Bulk endpoint, e.g. `bulk/CRM/Accounts`.
    pub bulk: Option<String>,
    /// Sync endpoint, e.g. `sync/CRM/Accounts`.
    pub sync: Option<String>,
}

/// One table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    /// Invantive's catalog, `ExactOnlineREST`.
    pub catalog: String,
    /// Invantive's schema, e.g. `CRM`.
    pub schema: String,
    /// Table name, e.g. `Accounts`.
    pub name: String,
    /// What it holds, for auto-completion.
    pub description: String,
    /// Endpoints.
    pub endpoints: Endpoints,
    /// Key property.
    pub key: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Addressed without a division (`current/Me`).
    pub divisionless: bool,
    /// POST/PUT/DELETE allowed.
    pub writable: bool,
    /// The standard endpoint refuses unfiltered reads.
    pub mandatory_filtering: bool,
}

impl Table {
    /// `ExactOnlineREST.CRM.Accounts`.
    pub fn full_name(&self) -> String {
        format!("{}.{}.{}", self.catalog, self.schema, self.name)
    }

    /// A column by name (exact case, as OData wants).
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The path of an endpoint flavour, if the table has it.
    pub fn path(&self, endpoint: Endpoint) -> Option<&str> {
        match endpoint {
            Endpoint::Standard => Some(&self.endpoints.standard),
            Endpoint::Bulk => self.endpoints.bulk.as_deref(),
            Endpoint::Sync => self.endpoints.sync.as_deref(),
        }
    }

    /// The endpoint to read many rows from: sync (recommended, and gives
    /// Timestamps), else bulk, else standard.
    pub fn many_rows_endpoint(&self, wants_timestamp: bool) -> Endpoint {
        match (&self.endpoints.sync, &self.endpoints.bulk) {
            (Some(_), _) if wants_timestamp => Endpoint::Sync,
            (_, Some(_)) => Endpoint::Bulk,
            (Some(_), None) => Endpoint::Sync,
            _ => Endpoint::Standard,
        }
    }
}

/// Every supported table.
pub fn tables() -> &'static [Table] {
    static ALL: OnceLock<Vec<Table>> = OnceLock::new();
    ALL.get_or_init(tables::all)
}

/// A table by name: `Accounts`, `CRM.Accounts` or
/// `ExactOnlineREST.CRM.Accounts`, ignoring case as SQL names do.
pub fn find(name: &str) -> Option<&'static Table> {
    let parts: Vec<&str> = name.split('.').collect();
    tables().iter().find(|t| {
        let full = [t.catalog.as_str(), t.schema.as_str(), t.name.as_str()];
        parts.len() <= 3
            && parts
                .iter()
                .rev()
                .zip(full.iter().rev())
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_like_invantive() {
        for n in [
            "Accounts",
            "crm.accounts",
            "ExactOnlineREST.CRM.Accounts",
            "ExactOnlineREST.System.SystemDivisions",
            "Me",
            "Contacts",
            "Items",
            "GLAccounts",
            "SalesInvoices",
            "SalesInvoiceLines",
        ] {
            assert!(find(n).is_some(), "{n}");
        }
        assert!(find("Nope").is_none());
        assert!(find("X.CRM.Accounts").is_none());
        let a = find("Accounts").unwrap();
        assert_eq!(a.full_name(), "ExactOnlineREST.CRM.Accounts");
        assert_eq!(a.column("Code").unwrap().padded_width, Some(18));
        assert_eq!(
            a.column("IsMailing").unwrap().column_type,
            ColumnType::ByteFlag
        );
        assert!(a.column("Name").unwrap().required);
        assert!(a.column("Timestamp").unwrap().sync_only);
        assert_eq!(a.many_rows_endpoint(false), Endpoint::Bulk);
        assert_eq!(a.many_rows_endpoint(true), Endpoint::Sync);
        assert!(find("Me").unwrap().divisionless);
    }

    #[test]
    fn every_table_has_its_key_as_a_column() {
        for t in tables() {
            assert!(t.column(&t.key).is_some(), "{}", t.name);
        }
    }
}
