//! The names the editor completes: every table the session can name, with
//! its columns, spelled the way a user types them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::resolve::{SystemTable, IN_MEMORY};
use crate::results::quote;
use crate::session::Session;

/// A table for the editor's auto-completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CatalogTable {
    /// The name to type: `exactonlinerest..accounts`, `targetcompanies@inmemorystorage`.
    pub name: String,
    /// A short description.
    pub description: String,
    /// Its columns.
    pub columns: Vec<String>,
}

impl Session {
    /// Every table the session can name: the providers' tables
    /// (`catalog..table`, with `@alias` when more than one data container is
    /// connected), the in-memory tables and Tandem's system tables.
    pub fn catalog(&self) -> Result<Vec<CatalogTable>> {
        let mut out = Vec::new();
        let several = self.providers.len() > 1;
        for p in &self.providers {
            for t in p.tables() {
                let mut name = format!("{}..{}", t.catalog, t.name).to_ascii_lowercase();
                if several {
                    name = format!("{name}@{}", p.alias());
                }
                let mut columns = Vec::with_capacity(t.columns.len() + 1);
                if t.partitioned {
                    columns.push("division".to_string());
                }
                columns.extend(t.columns.iter().map(|c| c.name.clone()));
                out.push(CatalogTable {
                    name,
                    description: t.description.clone(),
                    columns,
                });
            }
        }
        for table in self.memory_tables()? {
            let mut stmt = self
                .db
                .prepare(&format!("PRAGMA main.table_info({})", quote(&table)))?;
            let columns = stmt
                .query_map([], |r| r.get::<_, String>(1))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            out.push(CatalogTable {
                name: format!("{table}@{IN_MEMORY}"),
                description: "In-memory table".into(),
                columns,
            });
        }
        for t in SystemTable::ALL {
            out.push(CatalogTable {
                name: t.full_name(),
                description: "Tandem system table".into(),
                columns: Vec::new(),
            });
        }
        Ok(out)
    }
}
