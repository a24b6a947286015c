//! Generates the app's permission set from the commands it declares, so that
//! the capability file can allow exactly these commands and nothing else.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_info",
        "start_demo",
        "login",
        "logout",
        "saved_registration",
        "companies",
        "selection",
        "set_selection",
        "run_script",
        "cancel_run",
        "result_page",
        "sort_result",
        "export_result",
        "catalog",
        "usage",
        "get_setting",
        "set_setting",
        "library_list",
        "library_get",
        "library_save",
        "library_rename",
        "library_duplicate",
        "library_delete",
        "library_restore",
        "library_export",
        "library_import",
        "open_sql_file",
        "parameter_fields",
        "set_parameter_kind",
        "history",
        "reopen_results",
        "schedule_help",
        "pending_plan",
        "pending_plan_rows",
        "export_pending_plan",
        "approve_sync",
        "sync_runs",
        "sync_run_changes",
        "sync_changes_by_key",
        "undo_run",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration");
}
