//! IPC commands. Each one unpacks state, calls one engine function and maps
//! its error; the types they exchange derive `ts_rs::TS` so the UI's
//! bindings are generated (see `ipc`).

use std::path::PathBuf;
use std::time::Instant;

use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use tandem_engine::{
    ActivePartition, AppInfo, BrowserOpener, CancelToken, Cell, Defines, Event, ExportFormat,
    ResultSetInfo,
};

use crate::errors::{command_error, script_error};
use crate::ipc::{
    CatalogTable, CommandError, Company, CompanySelection, ExportDone, ExportKind, LoginRequest,
    RunResult, SavedRegistration, Usage,
};
use crate::AppState;

type Result<T> = std::result::Result<T, CommandError>;

/// Versions and connection state, for the status bar.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    Ok(state.session.lock().await.info())
}

/// Starts the built-in simulator and logs in to it.
#[tauri::command]
pub async fn start_demo(state: State<'_, AppState>) -> Result<AppInfo> {
    let mut session = state.session.lock().await;
    let info = session.start_demo().await.map_err(command_error)?;
    state.hooks.apply_to_demo(&session);
    Ok(info)
}

/// Logs in to Exact Online in the system browser (`$BROWSER` first).
#[tauri::command]
pub async fn login(state: State<'_, AppState>, request: LoginRequest) -> Result<AppInfo> {
    let mut session = state.session.lock().await;
    session
        .login(&request, &BrowserOpener::System)
        .await
        .map_err(command_error)
}

/// Forgets the login's tokens.
#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> Result<AppInfo> {
    let mut session = state.session.lock().await;
    session.logout().await.map_err(command_error)
}

/// The saved app registration, without its secret.
#[tauri::command]
pub async fn saved_registration(state: State<'_, AppState>) -> Result<Option<SavedRegistration>> {
    let session = state.session.lock().await;
    session.saved_registration().map_err(command_error)
}

/// The companies the login may use.
#[tauri::command]
pub async fn companies(state: State<'_, AppState>) -> Result<Vec<Company>> {
    let mut session = state.session.lock().await;
    session.companies().await.map_err(command_error)
}

/// The active companies and the master.
#[tauri::command]
pub async fn selection(state: State<'_, AppState>) -> Result<CompanySelection> {
    Ok(state.session.lock().await.selection())
}

/// Makes `selection.active` the `use` list and remembers the selection.
#[tauri::command]
pub async fn set_selection(
    state: State<'_, AppState>,
    selection: CompanySelection,
) -> Result<Vec<ActivePartition>> {
    let mut session = state.session.lock().await;
    session
        .set_selection(&selection)
        .await
        .map_err(command_error)
}

/// What every run from the window starts with: a fresh cancel token that
/// `cancel_run` can reach, and the window's progress channel, throttled to at
/// most one synchronize progress every 100 ms per company (redrawing each
/// row's would slow the synchronize it reports on; a window that went away
/// no longer wants progress).
pub(crate) fn start_run(
    state: &AppState,
    on_event: Channel<Event>,
) -> (CancelToken, impl tandem_engine::EventSink) {
    let cancel = CancelToken::new();
    *state.cancel.lock().unwrap_or_else(|e| e.into_inner()) = Some(cancel.clone());
    let events = tandem_engine::Throttled::new(
        move |event: Event| drop(on_event.send(event)),
        std::time::Duration::from_millis(100),
    );
    (cancel, events)
}

/// Runs a script; progress goes to `on_event` while it runs.
#[tauri::command]
pub async fn run_script(
    state: State<'_, AppState>,
    script: String,
    parameters: Option<std::collections::BTreeMap<String, String>>,
    query_id: Option<i64>,
    on_event: Channel<Event>,
) -> Result<RunResult> {
    let (cancel, events) = start_run(&state, on_event);
    let mut session = state.session.lock().await;
    let calls = session.api_calls();
    let started = Instant::now();
    // With the form's values (a saved query, a script with `${}`): given
    // like `--define`, checked before anything runs, remembered per query.
    let report = match parameters {
        Some(parameters) => {
            session
                .run_with_parameters(&script, &parameters, query_id, &events, &cancel)
                .await
        }
        None => {
            session
                .run_script(&script, &mut Defines::default(), &events, &cancel)
                .await
        }
    };
    Ok(RunResult {
        outcome: report.outcome,
        results: report.results,
        errors: report.errors.iter().map(script_error).collect(),
        row_errors: report.row_errors,
        millis: started.elapsed().as_millis() as u64,
        api_calls: session.api_calls().saturating_sub(calls),
        history_id: report.history_id,
    })
}

/// Stops the running script: no new statement or company starts.
#[tauri::command]
pub fn cancel_run(state: State<'_, AppState>) {
    if let Some(token) = state
        .cancel
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
    {
        token.cancel();
    }
    // A plan waiting for approval is declined, so the run ends.
    state.approval.answer(false);
}

/// Rows `offset..offset+limit` of a result set.
#[tauri::command]
pub async fn result_page(
    state: State<'_, AppState>,
    id: u64,
    offset: u64,
    limit: u64,
) -> Result<Vec<Vec<Cell>>> {
    let session = state.session.lock().await;
    session.page(id, offset, limit).map_err(command_error)
}

/// A new result set: `id` sorted on one column.
#[tauri::command]
pub async fn sort_result(
    state: State<'_, AppState>,
    id: u64,
    column: usize,
    descending: bool,
) -> Result<ResultSetInfo> {
    let mut session = state.session.lock().await;
    session
        .sort_result(id, column, descending)
        .map_err(command_error)
}

/// Writes the whole result set where the user chooses (or, with the test
/// hook `TANDEM_EXPORT_DIR`, into that folder); `None` when the user
/// cancelled the save dialog.
#[tauri::command]
pub async fn export_result<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: u64,
    kind: ExportKind,
    separator: Option<String>,
) -> Result<Option<ExportDone>> {
    let (format, extension) = match kind {
        ExportKind::Xlsx => (ExportFormat::Xlsx, "xlsx"),
        ExportKind::Csv => (ExportFormat::Csv, "csv"),
    };
    let name = format!("result-{id}.{extension}");
    let path = match &state.hooks.export_dir {
        Some(dir) => dir.join(name),
        None => match save_dialog(&app, &name, extension).await {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    let session = state.session.lock().await;
    let rows = session
        .export_result(id, &path, format, separator.as_deref())
        .map_err(command_error)?;
    Ok(Some(ExportDone {
        path: path.display().to_string(),
        rows,
    }))
}

/// The native save dialog, answered on the dialog's own thread.
pub(crate) async fn save_dialog<R: Runtime>(
    app: &AppHandle<R>,
    name: &str,
    extension: &str,
) -> Option<PathBuf> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_file_name(name)
        .add_filter(extension.to_uppercase(), &[extension])
        .save_file(move |chosen| drop(tx.send(chosen)));
    rx.await.ok().flatten().and_then(|p| p.into_path().ok())
}

/// Tables and columns for the editor's auto-completion.
#[tauri::command]
pub async fn catalog(state: State<'_, AppState>) -> Result<Vec<CatalogTable>> {
    let session = state.session.lock().await;
    session.catalog().map_err(command_error)
}

/// API calls used and left.
#[tauri::command]
pub async fn usage(state: State<'_, AppState>) -> Result<Usage> {
    Ok(state.session.lock().await.usage())
}

/// A setting (`theme`: `system`, `light` or `dark`).
#[tauri::command]
pub async fn get_setting(state: State<'_, AppState>, key: String) -> Result<Option<String>> {
    let session = state.session.lock().await;
    session.setting(&key).map_err(command_error)
}

/// Changes a setting.
#[tauri::command]
pub async fn set_setting(state: State<'_, AppState>, key: String, value: String) -> Result<()> {
    let session = state.session.lock().await;
    session.set_setting(&key, &value).map_err(command_error)
}
