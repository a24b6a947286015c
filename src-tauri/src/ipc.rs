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
    /// Its entry in the history (its results can be reopened from there).
    #[ts(type = "number | null")]
    pub history_id: Option<i64>,
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

// ---- Library, parameters, history, the synchronize flow and the run log
// (issue 8). The backend fills these from the engine and the app database.

/// A saved query in the library list (without its script).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QueryInfo {
    /// Its id.
    #[ts(type = "number")]
    pub id: i64,
    /// Its name, unique within its folder.
    pub name: String,
    /// What it is for, in the author's words.
    pub description: String,
    /// Its folder (`Monthly/Sales`), empty at the top.
    pub folder: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// When it was last changed (ISO-8601 UTC).
    pub updated_at: String,
    /// Whether it is deleted (and can be restored).
    pub deleted: bool,
}

/// A saved query with its script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QueryDetail {
    /// Its list entry.
    pub info: QueryInfo,
    /// The script.
    pub script: String,
}

/// What "Save" / "Save as…" sends: without `id` a new query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QueryInput {
    /// The query to change, or `None` for a new one.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// Its name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Its folder.
    pub folder: String,
    /// The script.
    pub script: String,
    /// Its tags.
    pub tags: Vec<String>,
}

/// A library file that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SkippedImport {
    /// The file.
    pub path: String,
    /// Why, naming the line when the header is wrong.
    pub reason: String,
}

/// What importing a library folder did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportSummary {
    /// The folder read.
    pub folder: String,
    /// New queries.
    pub imported: u32,
    /// Queries brought up to date from their file.
    pub updated: u32,
    /// Files imported as a copy, because the query here was changed since.
    pub copied: u32,
    /// Files that match their query already.
    pub unchanged: u32,
    /// Files left out.
    pub skipped: Vec<SkippedImport>,
}

/// A `.sql` file opened from disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenedFile {
    /// Where it is.
    pub path: String,
    /// Its text.
    pub text: String,
}

/// The kinds of input a parameter form offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ParameterKind {
    /// Free text.
    Text,
    /// A number.
    Number,
    /// A date (`2026-11-26`).
    Date,
    /// Yes or no.
    Yesno,
    /// One of the author's choices.
    List,
    /// One company, from the companies the login may use.
    Company,
    /// Several companies.
    Companies,
}

/// One field of the form a saved script's `${NAME}`s become.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ParameterField {
    /// The name in the script (`SOURCE_COMPANY`).
    pub name: String,
    /// A label for people (`Source company`).
    pub label: String,
    /// The input.
    pub kind: ParameterKind,
    /// Whether the kind was guessed (from the name and where it is used)
    /// rather than fixed by the author.
    pub guessed: bool,
    /// The choices of a `list`.
    pub options: Vec<String>,
    /// The value to start with: the last one used for this query, else the
    /// script's `local define` default.
    pub value: Option<String>,
    /// Whether the script has no default for it (the form must not be left
    /// empty).
    pub required: bool,
}

/// A script run, as the history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryEntry {
    /// Its id.
    #[ts(type = "number")]
    pub id: i64,
    /// When it started (ISO-8601 UTC).
    pub started_at: String,
    /// Who ran it (the operating system's user), when known.
    pub run_by: Option<String>,
    /// When it ended; `None` if it never finished.
    pub finished_at: Option<String>,
    /// The script as run.
    pub script: String,
    /// The `${NAME}` values it was given.
    pub parameters: std::collections::BTreeMap<String, String>,
    /// The companies it started with.
    pub companies: Vec<String>,
    /// How long it took, ms.
    #[ts(type = "number | null")]
    pub duration_ms: Option<u64>,
    /// API calls made.
    #[ts(type = "number | null")]
    pub api_calls: Option<u64>,
    /// `ok`, `failed`, `cancelled`, `row_errors`, or `None` if it never
    /// finished.
    pub outcome: Option<String>,
    /// The error that stopped it.
    pub error: Option<String>,
    /// Rows over all its result sets; `None` if it made none.
    #[ts(type = "number | null")]
    pub result_rows: Option<u64>,
    /// Its result sets are kept and can be reopened.
    pub results_kept: bool,
}

/// One company of a plan waiting for approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlanCompany {
    /// The company (`None` for a table without companies).
    #[ts(type = "number | null")]
    pub company: Option<i64>,
    /// Its name, when known.
    pub name: String,
    /// Rows to insert.
    #[ts(type = "number")]
    pub inserts: u64,
    /// Rows to update.
    #[ts(type = "number")]
    pub updates: u64,
    /// Rows to delete.
    #[ts(type = "number")]
    pub deletes: u64,
    /// Rows that already match.
    #[ts(type = "number")]
    pub unchanged: u64,
    /// API calls the writes cost (one per write).
    #[ts(type = "number")]
    pub calls: u64,
    /// Calls left today, as last reported.
    #[ts(type = "number | null")]
    pub daily_remaining: Option<u64>,
    /// Seconds the writes take at the minutely limit.
    #[ts(type = "number")]
    pub estimated_seconds: u64,
    /// Whether it would lose more than half its rows.
    pub mass_delete: bool,
}

/// A synchronize's plan, waiting for the user to confirm or cancel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PendingPlan {
    /// The statement, canonical.
    pub statement: String,
    /// The run it undoes, when it is an undo.
    #[ts(type = "number | null")]
    pub undo_of: Option<i64>,
    /// Per company, ascending.
    pub companies: Vec<PlanCompany>,
    /// The statement's limits, in words (`insert: exit after 100 rows`,
    /// `continue on first 500 errors`).
    pub limits: Vec<String>,
    /// Rows of the plan (one per changed column), for the drill-down.
    #[ts(type = "number")]
    pub rows: u64,
    /// The whole run's estimated time, seconds (companies run in parallel).
    #[ts(type = "number")]
    pub estimated_seconds: u64,
}

/// One changed column of a planned operation (the drill-down).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlanRow {
    /// `insert`, `update` or `delete`.
    pub operation: String,
    /// The company.
    #[ts(type = "number | null")]
    pub company: Option<i64>,
    /// The row's `identified by` values.
    pub key: String,
    /// The column.
    pub column: String,
    /// Before (`null` for an insert).
    pub old_value: tandem_engine::Cell,
    /// After (`null` for a delete).
    pub new_value: tandem_engine::Cell,
}

/// A page of the drill-down.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlanRows {
    /// Rows matching the filter.
    #[ts(type = "number")]
    pub total: u64,
    /// The page.
    pub rows: Vec<PlanRow>,
}

/// A synchronize run in the run log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncRunInfo {
    /// Its number.
    #[ts(type = "number")]
    pub id: i64,
    /// Started (ISO-8601 UTC).
    pub started_at: String,
    /// Ended; `None` if it never finished.
    pub finished_at: Option<String>,
    /// The statement.
    pub statement: String,
    /// Who ran it.
    pub user: String,
    /// The companies it worked on.
    #[ts(type = "number[]")]
    pub companies: Vec<i64>,
    /// The run it undid.
    #[ts(type = "number | null")]
    pub undo_of: Option<i64>,
    /// `ok`, `row_errors`, `failed`, `cancelled`, or `None` if it never
    /// finished.
    pub outcome: Option<String>,
    /// Changes planned.
    #[ts(type = "number")]
    pub planned: u64,
    /// Rows created.
    #[ts(type = "number")]
    pub inserted: u64,
    /// Rows changed.
    #[ts(type = "number")]
    pub updated: u64,
    /// Rows removed.
    #[ts(type = "number")]
    pub deleted: u64,
    /// Rows refused.
    #[ts(type = "number")]
    pub failed: u64,
    /// API calls.
    #[ts(type = "number")]
    pub api_calls: u64,
    /// What stopped it.
    pub error: Option<String>,
}

/// One change of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncChangeInfo {
    /// The run.
    #[ts(type = "number")]
    pub run_id: i64,
    /// Its order in the run.
    #[ts(type = "number")]
    pub seq: i64,
    /// The company.
    #[ts(type = "number | null")]
    pub company: Option<i64>,
    /// `insert`, `update` or `delete`.
    pub operation: String,
    /// The row's key.
    pub key: String,
    /// Before: JSON object of column → value.
    pub before: Option<String>,
    /// After: JSON object of column → value.
    pub after: Option<String>,
    /// `planned`, `sending`, `done`, `failed`, `not_done`.
    pub outcome: String,
    /// The service's message, when refused.
    pub error: Option<String>,
}

/// How to run a saved script on a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScheduleHelp {
    /// The command line (`tandem run --define ... /path/query.sql`).
    pub command: String,
    /// The script file it runs (written by the backend next to the app data).
    pub file: String,
    /// How to put it in this OS's scheduler, in plain words.
    pub explanation: String,
}
