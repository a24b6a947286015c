//! Name resolution: which data container a table name means.
//!
//! Invantive scripts name tables in many ways — `exactonlinerest..accounts`,
//! `ExactOnlineREST.CRM.Accounts@eol`, bare `accounts`,
//! `targetcompanies@inmemorystorage` — always ignoring case. A bare name
//! resolves when exactly one container has it; otherwise the error lists the
//! full names to choose from. The engine's own tables (`systempartitions`,
//! ...) are reserved names in the `Tandem` catalog.

use tandem_sql::TableName;

use crate::error::{Error, Result};
use crate::provider::TableDef;

/// The alias of the session's in-memory store.
pub const IN_MEMORY: &str = "inmemorystorage";

/// The engine's own tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SystemTable {
    Partitions,
    SessionIos,
    Tables,
    Columns,
    SyncRuns,
    SyncChanges,
}

impl SystemTable {
    pub(crate) const ALL: [SystemTable; 6] = [
        SystemTable::Partitions,
        SystemTable::SessionIos,
        SystemTable::Tables,
        SystemTable::Columns,
        SystemTable::SyncRuns,
        SystemTable::SyncChanges,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            SystemTable::Partitions => "SystemPartitions",
            SystemTable::SessionIos => "SessionIOs",
            SystemTable::Tables => "SystemTables",
            SystemTable::Columns => "SystemColumns",
            SystemTable::SyncRuns => "SyncRuns",
            SystemTable::SyncChanges => "SyncChanges",
        }
    }

    pub(crate) fn full_name(self) -> String {
        format!("Tandem.System.{}", self.name())
    }
}

/// What a name resolved to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    /// An in-memory table or view, by its SQLite name.
    Memory(String),
    /// A provider's table.
    Cloud { provider: usize, table: TableDef },
    /// One of the engine's own tables.
    System(SystemTable),
}

/// The names visible to one statement.
pub(crate) struct Names<'a> {
    /// SQLite names of in-memory tables and views (lowercase).
    pub(crate) memory: Vec<String>,
    /// Provider aliases with their tables, in connection order.
    pub(crate) providers: Vec<(&'a str, &'a [TableDef])>,
}

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl Names<'_> {
    /// Resolves a name used to read (or change rows of) a table.
    pub(crate) fn resolve(&self, name: &TableName) -> Result<Target> {
        let unknown = |hint: Option<String>| Error::UnknownTable {
            name: name.to_string(),
            position: None,
            hint,
        };
        let bare = name.catalog.is_none() && name.schema.is_none();
        if name.alias.is_none() {
            let tandem_ok = name.catalog.as_deref().is_none_or(|c| eq(c, "tandem"))
                && name.schema.as_deref().is_none_or(|s| eq(s, "system"));
            if let Some(t) = SystemTable::ALL
                .into_iter()
                .find(|t| tandem_ok && eq(t.name(), &name.table))
            {
                return Ok(Target::System(t));
            }
        }
        let mut found: Vec<(String, Target)> = Vec::new();
        let want_memory = match name.alias.as_deref() {
            Some(a) => eq(a, IN_MEMORY),
            None => true,
        };
        if want_memory && bare {
            if let Some(m) = self.memory.iter().find(|m| eq(m, &name.table)) {
                found.push((format!("{m}@{IN_MEMORY}"), Target::Memory(m.clone())));
            }
        }
        if let Some(a) = name.alias.as_deref() {
            if !eq(a, IN_MEMORY) && !self.providers.iter().any(|(p, _)| eq(p, a)) {
                let mut known: Vec<String> = vec![format!("@{IN_MEMORY}")];
                known.extend(self.providers.iter().map(|(p, _)| format!("@{p}")));
                return Err(unknown(Some(format!(
                    "there is no data container @{a}; known: {}",
                    known.join(", ")
                ))));
            }
        }
        for (i, (alias, tables)) in self.providers.iter().enumerate() {
            if name.alias.as_deref().is_some_and(|a| !eq(a, alias)) {
                continue;
            }
            for t in tables.iter() {
                let matches = eq(&t.name, &name.table)
                    && name.catalog.as_deref().is_none_or(|c| eq(c, &t.catalog))
                    && name.schema.as_deref().is_none_or(|s| eq(s, &t.schema));
                if matches {
                    found.push((
                        format!("{}@{alias}", t.full_name()),
                        Target::Cloud {
                            provider: i,
                            table: t.clone(),
                        },
                    ));
                }
            }
        }
        match found.len() {
            0 => Err(unknown(None)),
            1 => Ok(found.remove(0).1),
            _ => Err(Error::AmbiguousTable {
                name: name.to_string(),
                candidates: found.into_iter().map(|(n, _)| n).collect(),
                position: None,
            }),
        }
    }

    /// Where `create table NAME` puts the table: the in-memory store, unless
    /// the name points at a cloud container (not supported) or a reserved
    /// name.
    pub(crate) fn create_target(&self, name: &TableName) -> Result<String> {
        let table = name.table.to_ascii_lowercase();
        if SystemTable::ALL.iter().any(|t| eq(t.name(), &table)) {
            return Err(Error::Sql {
                message: format!("{} is a reserved name of Tandem's own tables", name.table),
                position: None,
            });
        }
        match name.alias.as_deref() {
            Some(a) if eq(a, IN_MEMORY) => {
                if name.catalog.is_some() || name.schema.is_some() {
                    return Err(Error::not_supported(
                        "A catalog or schema for an in-memory table",
                    ));
                }
                Ok(table)
            }
            Some(a) => Err(Error::not_supported(format!(
                "Creating tables in data container @{a}"
            ))),
            None => {
                if name.catalog.is_some() || name.schema.is_some() {
                    return Err(Error::not_supported(format!(
                        "Creating table {name} in a cloud data container"
                    )));
                }
                let cloud = self
                    .providers
                    .iter()
                    .any(|(_, ts)| ts.iter().any(|t| eq(&t.name, &table)));
                if cloud {
                    return Err(Error::Sql {
                        message: format!(
                            "{} is a cloud table; write {}@{IN_MEMORY} for an in-memory table",
                            name.table, name.table
                        ),
                        position: None,
                    });
                }
                Ok(table)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::ColumnDef;

    fn table(schema: &str, name: &str) -> TableDef {
        TableDef {
            catalog: "ExactOnlineREST".into(),
            schema: schema.into(),
            name: name.into(),
            description: String::new(),
            columns: vec![ColumnDef {
                name: "Code".into(),
                sql_type: crate::SqlType::Text,
                filterable: true,
                writable: true,
                required: false,
            }],
            partitioned: true,
            writable: true,
            key: None,
        }
    }

    fn name(
        catalog: Option<&str>,
        schema: Option<&str>,
        t: &str,
        alias: Option<&str>,
    ) -> TableName {
        TableName {
            catalog: catalog.map(Into::into),
            schema: schema.map(Into::into),
            table: t.into(),
            alias: alias.map(Into::into),
        }
    }

    #[test]
    fn every_spelling_resolves_and_ambiguity_lists_candidates() {
        let tables = vec![table("CRM", "Accounts"), table("System", "SystemDivisions")];
        let names = Names {
            memory: vec!["accounts".into(), "t".into()],
            providers: vec![("eol", &tables)],
        };
        let cloud = |n: &TableName| matches!(names.resolve(n), Ok(Target::Cloud { .. }));
        assert!(cloud(&name(
            Some("exactonlinerest"),
            None,
            "ACCOUNTS",
            None
        )));
        assert!(cloud(&name(
            Some("ExactOnlineREST"),
            Some("crm"),
            "accounts",
            Some("EOL")
        )));
        assert!(cloud(&name(None, None, "systemdivisions", None)));
        assert_eq!(
            names.resolve(&name(None, None, "T", None)),
            Ok(Target::Memory("t".into()))
        );
        assert_eq!(
            names.resolve(&name(None, None, "accounts", Some("InMemoryStorage"))),
            Ok(Target::Memory("accounts".into()))
        );
        match names.resolve(&name(None, None, "accounts", None)) {
            Err(Error::AmbiguousTable { candidates, .. }) => assert_eq!(
                candidates,
                vec![
                    "accounts@inmemorystorage".to_string(),
                    "ExactOnlineREST.CRM.Accounts@eol".to_string()
                ]
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            names.resolve(&name(None, None, "nope", None)),
            Err(Error::UnknownTable { .. })
        ));
        assert!(matches!(
            names.resolve(&name(None, None, "accounts", Some("x"))),
            Err(Error::UnknownTable { hint: Some(_), .. })
        ));
        assert_eq!(
            names.resolve(&name(None, None, "SYSTEMPARTITIONS", None)),
            Ok(Target::System(SystemTable::Partitions))
        );
    }
}
