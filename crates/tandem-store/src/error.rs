//! The store's errors.

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database file could not be opened or created.
    #[error("cannot open the app database {path}: {source}")]
    Open {
        /// The file that was opened.
        path: String,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file was written by a newer Tandem than this one.
    #[error("the app database has schema version {found}, newer than this Tandem knows ({known}); please update Tandem")]
    TooNew {
        /// The version found in the file.
        found: u32,
        /// The newest version this build knows.
        known: u32,
    },
    /// Any other SQLite failure.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// The store's result type.
pub type Result<T> = std::result::Result<T, Error>;
