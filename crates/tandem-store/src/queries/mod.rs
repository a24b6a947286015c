//! One module per table: the SQL that reads and writes it, behind a small
//! handle borrowed from the [`Store`](crate::Store).

pub mod history;
pub mod library;
pub mod library_files;
pub mod settings;
pub mod sync_log;

/// SQL for the current time, ISO-8601 UTC with milliseconds: every time in
/// the database is stamped by SQLite with this, so they sort as text.
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
