//! The types the window and the backend exchange. Those the engine defines
//! (companies, login, catalog, usage) are re-exported here so that the whole
//! contract is visible in one place; the rest are the shell's own. They
//! derive `ts_rs::TS`; `cargo test` writes them to `ui/src/ipc/bindings/`,
//! which the UI imports (see `ui/src/ipc/index.ts`).

use serde::{Deserialize, Serialize};
use tandem_engine::{ResultSetInfo, RunOutcome};
use ts_rs::TS;

pub use tandem_engine::{
    AppRegistrationInput, CatalogTable, Company, CompanySelection, LoginRequest, SavedRegistration,
    Usage,
};

/// An error of a run, placed in the script for the editor to underline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScriptError {
    /// The engine's message, as the user reads it.
    pub message: String,
    /// The kind of failure (`syntax`, `sql`, `provider`, ...).
    pub kind: String,
    /// 1-based line in the script, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
}

/// What running a script returned.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RunResult {
    /// How it ended.
    pub outcome: RunOutcome,
    /// The result sets, one tab each, in order.
    pub results: Vec<ResultSetInfo>,
    /// The errors, in order.
    pub errors: Vec<ScriptError>,
    /// Rows synchronize skipped because the service refused them.
    #[ts(type = "number")]
    pub row_errors: u64,
    /// Wall time, ms.
    #[ts(type = "number")]
    pub millis: u64,
    /// API calls the run made.
    #[ts(type = "number")]
    pub api_calls: u64,
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ExportKind {
    /// Excel workbook, typed cells.
    Xlsx,
    /// UTF-8 text with a separator.
    Csv,
}

/// An export that was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportDone {
    /// Where the file is.
    pub path: String,
    /// Rows written (the whole result set, not only the visible rows).
    #[ts(type = "number")]
    pub rows: u64,
}

/// A failed command, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
#[error("{message}")]
pub struct CommandError {
    /// What went wrong, in words for the user.
    pub message: String,
    /// The kind: `notConnected`, `loginRequired`, `loginDenied`,
    /// `loginTimeout`, `io`, `engine`, `cancelled`.
    pub kind: String,
}
