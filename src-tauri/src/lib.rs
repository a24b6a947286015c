//! Tandem's desktop shell: a window around the web UI in `ui/`, and IPC
//! commands that unpack state and call one engine function each.
//!
//! Logic does not live here. A command that grows beyond unpacking its
//! arguments, calling `tandem-engine` and mapping the error is a sign that the
//! engine is missing a function; add it there, where it can be tested
//! headless.
#![deny(missing_docs)]

mod approval;
#[cfg(test)]
mod command_lists;
mod commands;
mod commands_library;
mod commands_sync;
mod errors;
mod hooks;
pub mod ipc;
mod launch;
mod window;

use std::path::PathBuf;

use tandem_engine::{CancelToken, Session};
use tauri::Manager;

pub use hooks::Hooks;
pub use launch::LaunchOptions;

/// State shared by all commands of one window.
pub struct AppState {
    /// The session every command works in. An async mutex: a running script
    /// holds it across awaits, and other commands wait their turn.
    session: tokio::sync::Mutex<Session>,
    /// The running script's token, for `cancel_run` (which must not wait
    /// for the session the script holds).
    cancel: std::sync::Mutex<Option<CancelToken>>,
    /// The data folder (the app database, the demo's data).
    data_dir: PathBuf,
    /// Test hooks from the environment.
    hooks: Hooks,
    /// The synchronize plan waiting for the user's answer, outside the
    /// session's lock (the waiting script holds that).
    approval: std::sync::Arc<approval::ApprovalSlot>,
}

/// Opens the session on the app database in `data_dir`; without one,
/// history and settings would silently not persist, so a failure is only
/// logged and the session runs without.
fn open_session(data_dir: &std::path::Path, hooks: &Hooks) -> Session {
    let mut session = Session::new(tandem_engine::ConnectionState::NotConnected);
    if let Err(e) = std::fs::create_dir_all(data_dir) {
        tracing::error!("cannot create the data folder {}: {e}", data_dir.display());
    }
    if let Err(e) = session.open_store(data_dir) {
        tracing::error!(
            "cannot open the app database in {}: {e}",
            data_dir.display()
        );
    }
    if let Some(companies) = hooks.demo_companies {
        session.set_demo_companies(companies);
    }
    if let Some(theme) = &hooks.theme {
        if let Err(e) = session.set_setting("theme", theme) {
            tracing::warn!("TANDEM_THEME could not be applied: {e}");
        }
    }
    session
}

/// Registers Tandem's state, plugins and commands on a Tauri builder.
///
/// Shared by [`run`] and any test that builds the app on another runtime.
/// The state is created in `setup`, where the platform's app-data folder is
/// known; the connection (demo, or the saved login) is made in the
/// background, and commands wait for it on the session's lock.
pub fn configure<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    options: &LaunchOptions,
) -> tauri::Builder<R> {
    let demo = options.demo;
    builder
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let hooks = Hooks::from_env(|name| std::env::var(name).ok());
            let data_dir = match &hooks.home {
                Some(home) => home.clone(),
                None => app.path().app_data_dir()?,
            };
            tracing::info!(data = %data_dir.display(), "app database folder");
            let mut session = open_session(&data_dir, &hooks);
            // Every synchronize and undo shows its plan in the window first.
            let approval = std::sync::Arc::new(approval::ApprovalSlot::default());
            session.set_sync_approval(Some(std::sync::Arc::new(approval::AppApprover(
                approval.clone(),
            ))));
            app.manage(AppState {
                session: tokio::sync::Mutex::new(session),
                cancel: std::sync::Mutex::new(None),
                data_dir,
                hooks,
                approval,
            });
            if let Some(main) = app.get_webview_window("main") {
                window::restore(&main, &app.state::<AppState>());
            }
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let state = handle.state::<AppState>();
                let mut session = state.session.lock().await;
                match session.resume(demo).await {
                    Ok(info) => {
                        state.hooks.apply_to_demo(&session);
                        tracing::info!(connection = %info.connection_label, "connected")
                    }
                    Err(e) => tracing::warn!("the saved connection could not be resumed: {e}"),
                }
            });
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { .. } = event {
                if let Some(state) = window.try_state::<AppState>() {
                    window::remember(window, &state);
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::start_demo,
            commands::login,
            commands::logout,
            commands::saved_registration,
            commands::companies,
            commands::selection,
            commands::set_selection,
            commands::run_script,
            commands::cancel_run,
            commands::result_page,
            commands::sort_result,
            commands::export_result,
            commands::catalog,
            commands::usage,
            commands::get_setting,
            commands::set_setting,
            commands_library::library_list,
            commands_library::library_get,
            commands_library::library_save,
            commands_library::library_rename,
            commands_library::library_duplicate,
            commands_library::library_delete,
            commands_library::library_restore,
            commands_library::library_export,
            commands_library::library_import,
            commands_library::open_sql_file,
            commands_library::parameter_fields,
            commands_library::set_parameter_kind,
            commands_library::history,
            commands_library::reopen_results,
            commands_library::forget_kept_results,
            commands_library::schedule_help,
            commands_sync::pending_plan,
            commands_sync::pending_plan_rows,
            commands_sync::export_pending_plan,
            commands_sync::approve_sync,
            commands_sync::sync_runs,
            commands_sync::sync_run_changes,
            commands_sync::sync_changes_by_key,
            commands_sync::undo_run,
        ])
}

impl AppState {
    /// The data folder (the app database, the demo's data).
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }
}

/// Starts the desktop app with options taken from the command line.
pub fn run() {
    let options = match LaunchOptions::from_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("tandem-app: {message}");
            eprintln!("usage: tandem-app [--demo]");
            std::process::exit(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    tracing::info!(
        version = tandem_engine::VERSION,
        connection = %options.connection().label(),
        "Tandem starting"
    );
    configure(tauri::Builder::default(), &options)
        .build(tauri::generate_context!())
        .expect("the Tandem window could not be started")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                // Stops the demo simulator so its state file is written. A
                // script still holding the session is not waited for.
                let state = app.state::<AppState>();
                if let Ok(mut session) = state.session.try_lock() {
                    tauri::async_runtime::block_on(session.disconnect());
                };
            }
        });
}
