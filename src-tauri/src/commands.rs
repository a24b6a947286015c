//! IPC commands. Each one unpacks state and calls one engine function; the
//! types it returns derive `ts_rs::TS` so the UI's bindings are generated.

use tauri::State;

use tandem_engine::AppInfo;

use crate::AppState;

/// Versions and connection state, for the status bar.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    state
        .session
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .info()
}
