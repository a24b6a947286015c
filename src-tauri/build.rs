//! Generates the app's permission set from the commands it declares, so that
//! the capability file can allow exactly these commands and nothing else.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&["app_info"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration");
}
