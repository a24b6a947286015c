//! The store's errors.
//!
//! Opening errors name the file and what to do, because the user meets them
//! at start-up with nothing else to go on; the file itself is never changed
//! when it is refused, so nothing saved is lost.

use std::path::{Path, PathBuf};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The folder that should hold the database could not be created.
    #[error("cannot create the folder {} for the app database: {source}", path.display())]
    CreateFolder {
        /// The folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// Where the database's folder should be, there is a file.
    #[error("{} should be the folder of the app database, but it is a file", path.display())]
    NotAFolder {
        /// The file in the way.
        path: PathBuf,
    },
    /// The database file could not be opened or created.
    #[error("cannot open the app database {path}: {source}")]
    Open {
        /// The file that was opened.
        path: String,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file is not an SQLite database, or it is damaged. It was left as
    /// it is.
    #[error("the app database {} is damaged or not a database ({source}); it was left untouched: move it away (or restore a backup) and start Tandem again", path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file is an SQLite database of another program. It was left as it
    /// is.
    #[error("{path} is an SQLite database, but not Tandem's; it was left untouched")]
    Foreign {
        /// The file.
        path: String,
    },
    /// The file was written by a newer Tandem than this one. It was left as
    /// it is.
    #[error("the app database {path} has schema version {found}, newer than this Tandem knows ({known}); it was left untouched: please update Tandem")]
    TooNew {
        /// The file.
        path: String,
        /// The version found in the file.
        found: u32,
        /// The newest version this build knows.
        known: u32,
    },
    /// A stored JSON value cannot be read back.
    #[error("the app database holds an unreadable {what}: {source}")]
    Json {
        /// Which value (a setting's key, a run's field).
        what: String,
        /// What the JSON reader said.
        source: serde_json::Error,
    },
    /// `record_finish` named a run that does not exist or already finished.
    #[error("there is no unfinished run {id} in the history")]
    NoOpenRun {
        /// The run's id.
        id: i64,
    },
    /// [`SyncLog::finish`](crate::SyncLog::finish) named a synchronize run
    /// that does not exist or already finished.
    #[error("there is no unfinished synchronize run {id} in the log")]
    NoOpenSyncRun {
        /// The run's id.
        id: i64,
    },
    /// [`SyncLog::sending`](crate::SyncLog::sending) or
    /// [`SyncLog::finished`](crate::SyncLog::finished) named a change that
    /// does not exist or is past that step (sending twice, ending twice).
    #[error("change {seq} of synchronize run {run} does not exist or is past that step")]
    NoOpenChange {
        /// The run's id.
        run: i64,
        /// The change's place in the run.
        seq: i64,
    },
    /// [`SyncLog::finished`](crate::SyncLog::finished) was given an outcome
    /// that is not an end (planned or sending).
    #[error("change {seq} of synchronize run {run} cannot end as '{outcome}'")]
    NotAnEnd {
        /// The run's id.
        run: i64,
        /// The change's place in the run.
        seq: i64,
        /// The outcome given.
        outcome: &'static str,
    },
    /// A library operation named a query that is not in the library (never
    /// was, or was deleted).
    #[error("there is no query {id} in the library")]
    NoQuery {
        /// The query's id.
        id: i64,
    },
    /// [`Library::restore`](crate::Library::restore) named a query that is
    /// not deleted.
    #[error("there is no deleted query {id} to restore")]
    NotDeleted {
        /// The query's id.
        id: i64,
    },
    /// Another query in the folder has the name (ignoring case).
    #[error("{} already has a query named '{name}'", folder_label(folder))]
    NameTaken {
        /// The name wanted.
        name: String,
        /// The folder ('' for the top of the library).
        folder: String,
    },
    /// A query's name, folder, tag or parameter cannot be stored as given.
    #[error("{problem}")]
    InvalidQuery {
        /// What is wrong, naming the value.
        problem: String,
    },
    /// A library file's header line cannot be read.
    #[error("{}, line {line}: {problem}", path.display())]
    BadHeader {
        /// The file.
        path: PathBuf,
        /// The line, from 1.
        line: usize,
        /// What is wrong with it.
        problem: String,
    },
    /// A library file is not UTF-8 text.
    #[error("{} is not UTF-8 text; save it as UTF-8 and import it again", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
    },
    /// A library file or folder could not be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    LibraryFile {
        /// What was being done: "read", "write", "create the folder", ...
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// Any other SQLite failure.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

impl Error {
    /// An error met while opening `path`, naming the file.
    pub(crate) fn at(self, path: &Path) -> Error {
        match self {
            Error::Sqlite(source) if is_damage(&source) => Error::Damaged {
                path: path.to_owned(),
                source,
            },
            Error::Sqlite(source) => Error::Open {
                path: path.display().to_string(),
                source,
            },
            other => other,
        }
    }
}

/// A folder as people read it in messages.
fn folder_label(folder: &str) -> String {
    if folder.is_empty() {
        "the top of the library".to_owned()
    } else {
        format!("the folder '{folder}'")
    }
}

fn is_damage(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// The store's result type.
pub type Result<T> = std::result::Result<T, Error>;
