//! IPC commands of the synchronize flow: the plan waiting for approval
//! (read from the approval slot, never from the session the running script
//! holds), the answer, the run log and undo.

use std::time::Instant;

use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use tandem_engine::{
    export_plan_rows, filter_plan_rows, Error, Event, ExportFormat, PlanDetailRow, RunOutcome,
};

use crate::commands::{save_dialog, start_run};
use crate::commands_library::{no_store, store_error};
use crate::errors::{command_error, script_error};
use crate::ipc::{
    CommandError, ExportDone, ExportKind, PendingPlan, PlanCompany, PlanRow, PlanRows, RunResult,
    SyncChangeInfo, SyncRunInfo,
};
use crate::AppState;

type Result<T> = std::result::Result<T, CommandError>;

fn plan_row(r: PlanDetailRow) -> PlanRow {
    PlanRow {
        operation: r.operation,
        company: r.company,
        key: r.key,
        column: r.column,
        old_value: r.old_value,
        new_value: r.new_value,
    }
}

/// The synchronize waiting for approval, if any.
#[tauri::command]
pub fn pending_plan(state: State<'_, AppState>) -> Option<PendingPlan> {
    let (preview, _) = state.approval.current()?;
    let overview = preview.overview();
    Some(PendingPlan {
        statement: preview.statement.clone(),
        undo_of: preview.undo_of,
        companies: overview
            .companies
            .into_iter()
            .map(|c| PlanCompany {
                company: c.company,
                name: c.name,
                inserts: c.inserts,
                updates: c.updates,
                deletes: c.deletes,
                unchanged: c.unchanged,
                calls: c.calls,
                daily_remaining: c.daily_remaining,
                estimated_seconds: c.estimated_seconds,
                mass_delete: c.mass_delete,
            })
            .collect(),
        limits: overview.limits,
        rows: overview.rows,
        estimated_seconds: overview.estimated_seconds,
    })
}

/// A page of the waiting plan's rows, of one company (or all) whose key,
/// column or values contain `search`.
#[tauri::command]
pub fn pending_plan_rows(
    state: State<'_, AppState>,
    company: Option<i64>,
    search: Option<String>,
    offset: u64,
    limit: u64,
) -> Result<PlanRows> {
    let (_, rows) = state.approval.current().ok_or_else(nothing_waiting)?;
    let (total, page) = filter_plan_rows(&rows, company, search.as_deref(), offset, limit);
    Ok(PlanRows {
        total,
        rows: page.into_iter().map(plan_row).collect(),
    })
}

fn nothing_waiting() -> CommandError {
    CommandError {
        message: "no synchronize is waiting for approval".into(),
        kind: "engine".into(),
    }
}

/// Writes the waiting plan's rows where the user chooses (or into the
/// `TANDEM_EXPORT_DIR` test folder); `None` when the dialog was cancelled.
#[tauri::command]
pub async fn export_pending_plan<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: ExportKind,
    separator: Option<String>,
) -> Result<Option<ExportDone>> {
    let (_, rows) = state.approval.current().ok_or_else(nothing_waiting)?;
    let (format, extension) = match kind {
        ExportKind::Xlsx => (ExportFormat::Xlsx, "xlsx"),
        ExportKind::Csv => (ExportFormat::Csv, "csv"),
    };
    let name = format!("plan.{extension}");
    let path = match &state.hooks.export_dir {
        Some(dir) => dir.join(name),
        None => match save_dialog(&app, &name, extension).await {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    let written =
        export_plan_rows(&rows, &path, format, separator.as_deref()).map_err(command_error)?;
    Ok(Some(ExportDone {
        path: path.display().to_string(),
        rows: written,
    }))
}

/// Confirms (`true`) or cancels the waiting synchronize. Answering when
/// nothing waits (a second click) does nothing.
#[tauri::command]
pub fn approve_sync(state: State<'_, AppState>, approved: bool) {
    state.approval.answer(approved);
}

fn run_info(r: tandem_store::SyncRun) -> SyncRunInfo {
    SyncRunInfo {
        id: r.id,
        started_at: r.started_at,
        finished_at: r.finished_at,
        statement: r.statement,
        user: r.user,
        companies: r.companies,
        undo_of: r.undo_of,
        outcome: r.outcome.map(|o| o.as_str().to_string()),
        planned: r.planned,
        inserted: r.counts.inserted,
        updated: r.counts.updated,
        deleted: r.counts.deleted,
        failed: r.counts.failed,
        api_calls: r.api_calls,
        error: r.error,
    }
}

fn change_info(c: tandem_store::SyncChange) -> SyncChangeInfo {
    SyncChangeInfo {
        run_id: c.run_id,
        seq: c.seq,
        company: c.company,
        operation: c.operation,
        key: c.key,
        before: c.before,
        after: c.after,
        outcome: c.outcome.as_str().to_string(),
        error: c.error,
    }
}

/// The latest synchronize runs first.
#[tauri::command]
pub async fn sync_runs(state: State<'_, AppState>, limit: u32) -> Result<Vec<SyncRunInfo>> {
    let session = state.session.lock().await;
    let store = session.store().ok_or_else(no_store)?;
    let runs = store.sync_log().runs(limit as usize).map_err(store_error)?;
    Ok(runs.into_iter().map(run_info).collect())
}

/// A run's changes, in the order they were planned.
#[tauri::command]
pub async fn sync_run_changes(
    state: State<'_, AppState>,
    run_id: i64,
) -> Result<Vec<SyncChangeInfo>> {
    let session = state.session.lock().await;
    let store = session.store().ok_or_else(no_store)?;
    let changes = store.sync_log().changes(run_id).map_err(store_error)?;
    Ok(changes.into_iter().map(change_info).collect())
}

/// Changes of any run whose key contains `text`, newest run first.
#[tauri::command]
pub async fn sync_changes_by_key(
    state: State<'_, AppState>,
    text: String,
    limit: u32,
) -> Result<Vec<SyncChangeInfo>> {
    let session = state.session.lock().await;
    let store = session.store().ok_or_else(no_store)?;
    let changes = store
        .sync_log()
        .changes_by_key(&text, limit as usize)
        .map_err(store_error)?;
    Ok(changes.into_iter().map(change_info).collect())
}

/// Undoes run `run_id`: its plan waits for approval first, like any
/// synchronize; progress goes to `on_event`.
#[tauri::command]
pub async fn undo_run(
    state: State<'_, AppState>,
    run_id: i64,
    on_event: Channel<Event>,
) -> Result<RunResult> {
    let (cancel, events) = start_run(&state, on_event);
    let mut session = state.session.lock().await;
    let calls = session.api_calls();
    let started = Instant::now();
    let undone = session.undo_run(run_id, false, &events, &cancel).await;
    let (outcome, results, errors) = match undone {
        Ok(results) => (RunOutcome::Completed, results, Vec::new()),
        Err(Error::Cancelled) => (RunOutcome::Cancelled, Vec::new(), Vec::new()),
        Err(e) => (RunOutcome::Failed, Vec::new(), vec![script_error(&e)]),
    };
    // Rows the service refused are in the undo's own run in the log.
    let row_errors = session
        .store()
        .and_then(|s| s.sync_log().runs(1).ok())
        .and_then(|runs| runs.into_iter().next())
        .filter(|r| r.undo_of == Some(run_id) && outcome == RunOutcome::Completed)
        .map_or(0, |r| r.counts.failed);
    Ok(RunResult {
        outcome,
        results,
        errors,
        row_errors,
        millis: started.elapsed().as_millis() as u64,
        api_calls: session.api_calls().saturating_sub(calls),
        // An undo is in the run log (the Runs view), not the script history.
        history_id: None,
    })
}
