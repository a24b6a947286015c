//! Tandem's own database: one SQLite file in the app's data folder.
//!
//! It holds what must survive a restart. Its tables, each with its own query
//! module (`src/queries/`) reached through a handle on [`Store`]:
//!
//! - `settings` ([`Store::settings`]): one JSON value per key;
//! - `history` ([`Store::history`]): one row per script run;
//! - `syncruns` and `syncchanges` ([`Store::sync_log`]): the synchronize run
//!   log, each run with every change it planned and how each ended;
//! - `queries`, `query_tags` and `query_parameters` ([`Store::library`]):
//!   the saved-query library, which also reads and writes library files
//!   (folders of `.sql` files, [`parse_file`]) so a firm can share scripts.
//!
//! The schema is created and upgraded by embedded, numbered migrations that
//! are never edited once shipped.
//!
//! Nothing saved may be lost: a file this build cannot use (damaged, another
//! program's, written by a newer Tandem) is refused with an error that names
//! it, and is left exactly as it was.
//!
//! This crate must not depend on Tauri, on the network or on the engine: it
//! stores and reads rows, and nothing else.
#![deny(missing_docs)]

mod error;
mod migrations;
mod queries;

use std::path::Path;

use rusqlite::Connection;

pub use error::{Error, Result};
pub use queries::history::{History, NewRun, Outcome, Run, RunEnd};
pub use queries::library::{
    Library, ListFilter, NewQuery, Parameter, ParameterKind, QueryChange, SavedQuery,
};
pub use queries::library_files::{
    parse_file, ImportReport, ImportedFile, ParameterSpec, ParsedQuery, SkippedFile,
};
pub use queries::settings::Settings;
pub use queries::sync_log::{
    ChangeEnd, ChangeOutcome, NewSyncChange, NewSyncRun, SyncChange, SyncCounts, SyncLog,
    SyncOutcome, SyncRun, SyncRunEnd,
};

/// The open app database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating it and its folder if needed) the database file and
    /// brings its schema up to date.
    ///
    /// A file that is damaged, not a database, another program's database or
    /// from a newer Tandem is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| {
                // The OS says "File exists"; say which file is in the way.
                match folder.ancestors().find(|a| a.is_file()) {
                    Some(file) => Error::NotAFolder {
                        path: file.to_owned(),
                    },
                    None => Error::CreateFolder {
                        path: folder.to_owned(),
                        source,
                    },
                }
            })?;
        }
        let conn = Connection::open(path).map_err(|source| Error::Open {
            path: path.display().to_string(),
            source,
        })?;
        Store::init(conn, &path.display().to_string()).map_err(|e| e.at(path))
    }

    /// A private database that lives as long as the value, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(mut conn: Connection, label: &str) -> Result<Store> {
        // Refuse before the first write: switching to WAL rewrites the
        // file's header.
        migrations::check(&conn, label)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // WAL lets the app and a scheduled `tandem run` read while one writes.
        conn.pragma_update(None, "journal_mode", "wal")?;
        // A second process (the CLI next to the app) waits for a writer
        // rather than failing at once.
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::apply(&mut conn, label)?;
        Ok(Store { conn })
    }

    /// The schema version: the number of the last migration applied.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .query_row("pragma user_version", [], |row| row.get(0))?)
    }

    /// The settings table.
    pub fn settings(&self) -> Settings<'_> {
        Settings::new(&self.conn)
    }

    /// The run history table.
    pub fn history(&self) -> History<'_> {
        History::new(&self.conn)
    }

    /// The synchronize run log (tables `syncruns` and `syncchanges`).
    pub fn sync_log(&self) -> SyncLog<'_> {
        SyncLog::new(&self.conn)
    }

    /// The saved-query library (tables `queries`, `query_tags` and
    /// `query_parameters`), and its import and export as files.
    pub fn library(&self) -> Library<'_> {
        Library::new(&self.conn)
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Temporary folders for tests that need a real file.

    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A folder under the system's temp folder, removed on drop.
    pub struct TempDir(PathBuf);

    impl TempDir {
        pub fn new(name: &str) -> TempDir {
            static COUNTER: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!(
                "tandem-store-{name}-{}-{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            ));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            TempDir(path)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }

        /// The names of the files in the folder, sorted.
        pub fn files(&self) -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(&self.0)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::TempDir;
    use super::*;

    #[test]
    fn reopening_a_file_keeps_its_schema() {
        let dir = TempDir::new("reopen");
        let path = dir.path().join("tandem.db");
        let latest = migrations::latest();
        assert_eq!(
            Store::open(&path).unwrap().schema_version().unwrap(),
            latest
        );
        assert_eq!(
            Store::open(&path).unwrap().schema_version().unwrap(),
            latest
        );
    }

    #[test]
    fn saved_values_survive_a_reopen() {
        let dir = TempDir::new("survive");
        let path = dir.path().join("tandem.db");
        {
            let store = Store::open(&path).unwrap();
            store
                .settings()
                .set("theme", &serde_json::json!("dark"))
                .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.settings().get("theme").unwrap(),
            Some(serde_json::json!("dark"))
        );
    }

    #[test]
    fn a_missing_folder_is_created() {
        let dir = TempDir::new("folder");
        let path = dir.path().join("a").join("b").join("tandem.db");
        Store::open(&path).unwrap();
        assert!(path.exists());
    }

    #[test]
    fn a_file_in_place_of_the_folder_is_named() {
        let dir = TempDir::new("nofolder");
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"not a folder").unwrap();
        let err = Store::open(&blocker.join("sub").join("tandem.db")).unwrap_err();
        assert!(matches!(err, Error::NotAFolder { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "{} should be the folder of the app database, but it is a file",
                blocker.display()
            )
        );
        assert_eq!(std::fs::read(&blocker).unwrap(), b"not a folder");
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_that_cannot_be_created_names_the_path() {
        // /proc refuses new folders even for root.
        let path = Path::new("/proc/tandem-store-test/tandem.db");
        let err = Store::open(path).unwrap_err();
        assert!(matches!(err, Error::CreateFolder { .. }), "{err:?}");
        assert!(
            err.to_string().starts_with(
                "cannot create the folder /proc/tandem-store-test for the app database: "
            ),
            "{err}"
        );
    }

    #[test]
    fn a_folder_in_place_of_the_file_names_the_path() {
        let dir = TempDir::new("isdir");
        let err = Store::open(dir.path()).unwrap_err();
        assert!(
            err.to_string().contains(&dir.path().display().to_string()),
            "{err}"
        );
    }

    /// Not a database at all: random bytes where the file should be.
    #[test]
    fn a_corrupt_file_is_refused_and_kept() {
        let dir = TempDir::new("corrupt");
        let path = dir.path().join("tandem.db");
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let bytes: Vec<u8> = (0..8192)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        std::fs::write(&path, &bytes).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, Error::Damaged { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains("left untouched"), "{message}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file was changed");
        assert_eq!(dir.files(), ["tandem.db"], "files were added");
    }

    #[test]
    fn a_newer_file_is_refused_untouched() {
        let dir = TempDir::new("newer");
        let path = dir.path().join("tandem.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("create table future (x); pragma user_version = 999;")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, Error::TooNew { found: 999, .. }), "{err:?}");
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the file was changed"
        );
        assert_eq!(dir.files(), ["tandem.db"], "files were added");
    }

    #[test]
    fn another_programs_file_is_refused_untouched() {
        let dir = TempDir::new("foreign");
        let path = dir.path().join("other.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("create table invoices (id integer primary key)")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, Error::Foreign { .. }), "{err:?}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the file was changed"
        );
    }

    #[test]
    fn the_file_uses_wal() {
        let dir = TempDir::new("wal");
        let store = Store::open(&dir.path().join("tandem.db")).unwrap();
        let mode: String = store
            .conn
            .query_row("pragma journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
