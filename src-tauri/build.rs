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
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration");
}
