//! One module per table: the SQL that reads and writes it, behind a small
//! handle borrowed from the [`Store`](crate::Store).

pub mod history;
pub mod settings;
