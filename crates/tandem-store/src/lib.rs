//! Tandem's own database: one SQLite file in the app's data folder.
//!
//! It holds what must survive a restart: settings, saved queries, run history,
//! the synchronize run log and the data cache. The schema is created and
//! upgraded by embedded, numbered migrations that are never edited once
//! shipped; each table will get its own query module.
//!
//! This crate must not depend on Tauri, on the network or on the engine: it
//! stores and reads rows, and nothing else.
#![deny(missing_docs)]

mod error;
mod migrations;

use std::path::Path;

use rusqlite::Connection;

pub use error::{Error, Result};

/// The open app database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up
    /// to date.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).map_err(|source| Error::Open {
            path: path.display().to_string(),
            source,
        })?;
        Store::init(conn)
    }

    /// A private database that lives as long as the value, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", true)?;
        // WAL lets the app and a scheduled `tandem run` read while one writes.
        conn.pragma_update(None, "journal_mode", "wal")?;
        migrations::apply(&mut conn)?;
        Ok(Store { conn })
    }

    /// The schema version: the number of the last migration applied.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .query_row("pragma user_version", [], |row| row.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reopening_a_file_keeps_its_schema() {
        let dir = std::env::temp_dir().join(format!("tandem-store-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("tandem.db");
        let latest = migrations::latest();
        assert_eq!(
            Store::open(&path).unwrap().schema_version().unwrap(),
            latest
        );
        assert_eq!(
            Store::open(&path).unwrap().schema_version().unwrap(),
            latest
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
