//! Table names as Invantive writes them: `[catalog.][schema.]table[@alias]`.
//!
//! sqlparser keeps `accounts@eol` as one identifier (the dialect lets `@`
//! continue a name) and `catalog..table` as an empty middle part. The engine
//! resolves names against its data containers, so it needs the parts apart;
//! `TableName` is that split, and prints back the way it was written.

use std::fmt;

use sqlparser::ast::{ObjectName, ObjectNamePart};

/// A table reference split into its parts. Parts keep the user's spelling;
/// comparisons are case-insensitive and are the engine's business.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TableName {
    /// `exactonlinerest` in `exactonlinerest.crm.accounts`.
    pub catalog: Option<String>,
    /// `crm`; `None` for `catalog..table` (left to resolution) and bare names.
    pub schema: Option<String>,
    /// The table itself.
    pub table: String,
    /// The data container after `@` (`inmemorystorage`, `eol`).
    pub alias: Option<String>,
}

impl TableName {
    /// Splits a parsed name. `None` for what no table name can be: more than
    /// three parts, an empty table or alias, or more than one `@`. Names in
    /// statements from the script reader were checked already, so `None`
    /// does not happen for them.
    pub fn from_object_name(name: &ObjectName) -> Option<TableName> {
        let mut parts = Vec::with_capacity(name.0.len());
        for part in &name.0 {
            match part {
                ObjectNamePart::Identifier(ident) => parts.push(ident.value.as_str()),
                ObjectNamePart::Function(_) => return None,
            }
        }
        let (last, prefix) = parts.split_last()?;
        let (table, alias) = match last.split_once('@') {
            Some((_, alias)) if alias.contains('@') || alias.is_empty() => return None,
            Some((table, alias)) => (table, Some(alias.to_string())),
            None => (*last, None),
        };
        if table.is_empty() {
            return None;
        }
        let non_empty = |s: &&str| (!s.is_empty()).then(|| s.to_string());
        let (catalog, schema) = match prefix {
            [] => (None, None),
            [schema] => (None, non_empty(schema)),
            [catalog, schema] => (non_empty(catalog), non_empty(schema)),
            _ => return None,
        };
        // `.table` or `catalog.` alone are not names.
        if prefix.len() == 1 && schema.is_none() || prefix.len() == 2 && catalog.is_none() {
            return None;
        }
        Some(TableName {
            catalog,
            schema,
            table: table.to_string(),
            alias,
        })
    }
}

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.catalog, &self.schema) {
            (Some(catalog), Some(schema)) => write!(f, "{catalog}.{schema}.")?,
            (Some(catalog), None) => write!(f, "{catalog}..")?,
            (None, Some(schema)) => write!(f, "{schema}.")?,
            (None, None) => {}
        }
        f.write_str(&self.table)?;
        if let Some(alias) = &self.alias {
            write!(f, "@{alias}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::TandemDialect;
    use sqlparser::parser::Parser;

    fn split(name: &str) -> Option<TableName> {
        let mut parser = Parser::new(&TandemDialect).try_with_sql(name).unwrap();
        TableName::from_object_name(&parser.parse_object_name(false).unwrap())
    }

    #[test]
    fn every_form_splits_and_prints_back() {
        for (text, catalog, schema, table, alias) in [
            ("accounts", None, None, "accounts", None),
            ("accounts@eol", None, None, "accounts", Some("eol")),
            ("crm.accounts", None, Some("crm"), "accounts", None),
            (
                "exactonlinerest..accounts",
                Some("exactonlinerest"),
                None,
                "accounts",
                None,
            ),
            (
                "ExactOnlineREST.CRM.Accounts@eol",
                Some("ExactOnlineREST"),
                Some("CRM"),
                "Accounts",
                Some("eol"),
            ),
        ] {
            let name = split(text).unwrap();
            assert_eq!(name.catalog.as_deref(), catalog, "{text}");
            assert_eq!(name.schema.as_deref(), schema, "{text}");
            assert_eq!(name.table, table, "{text}");
            assert_eq!(name.alias.as_deref(), alias, "{text}");
            assert_eq!(name.to_string(), text);
        }
    }

    #[test]
    fn malformed_names_are_refused() {
        assert_eq!(split("a.b.c.d"), None);
        assert_eq!(split("a@"), None);
        assert_eq!(split("a@b@c"), None);
    }
}
