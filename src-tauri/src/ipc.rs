//! The types the window and the backend exchange that the engine does not
//! define itself. They derive `ts_rs::TS`; `cargo test` writes them to
//! `ui/src/ipc/bindings/`, which the UI imports (see `ui/src/ipc/index.ts`).

use serde::{Deserialize, Serialize};
use tandem_engine::{ResultSetInfo, RunOutcome};
use ts_rs::TS;

/// What "Log in to Exact Online" sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LoginRequest {
    /// The Exact Online site: `nl`, `be`, `de`, `fr`, `es`, `uk` or `us`.
    pub country: String,
    /// The firm's own app registration (the advanced section); `None` uses
    /// the one saved before.
    pub registration: Option<AppRegistrationInput>,
}

/// A firm's own Exact Online app registration, as typed in the advanced
/// section. The secret goes to the keyring and is never sent back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppRegistrationInput {
    /// The client id from Exact's App Center.
    pub client_id: String,
    /// The client secret; empty keeps the saved one.
    pub client_secret: String,
    /// The redirect URI registered with the app (a loopback address).
    pub redirect_uri: String,
}

/// The saved app registration, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SavedRegistration {
    /// The client id.
    pub client_id: String,
    /// The redirect URI.
    pub redirect_uri: String,
    /// Whether a secret is kept in the keyring.
    pub has_secret: bool,
}

/// The companies the next statements read, and the one marked as master.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CompanySelection {
    /// Company codes, in the order chosen.
    #[ts(type = "number[]")]
    pub active: Vec<i64>,
    /// The master (source) company, if one is marked.
    #[ts(type = "number | null")]
    pub master: Option<i64>,
}

/// A company the login may use, as the Companies screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Company {
    /// Its code (division number).
    #[ts(type = "number")]
    pub code: i64,
    /// Its name.
    pub name: String,
    /// Its country code, when known.
    pub country: Option<String>,
    /// Its city, when known.
    pub city: Option<String>,
    /// Whether it is the login's current company in Exact Online.
    pub current: bool,
}

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

/// API calls used and left, for the status bar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Usage {
    /// Calls this session made.
    #[ts(type = "number")]
    pub calls: u64,
    /// The lowest remaining minutely budget over the active companies.
    #[ts(type = "number | null")]
    pub minutely_remaining: Option<u64>,
    /// The lowest remaining daily budget over the active companies.
    #[ts(type = "number | null")]
    pub daily_remaining: Option<u64>,
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
