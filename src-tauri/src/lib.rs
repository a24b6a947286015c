//! Tandem's desktop shell: a window around the web UI in `ui/`, and IPC
//! commands that unpack state and call one engine function each.
//!
//! Logic does not live here. A command that grows beyond unpacking its
//! arguments, calling `tandem-engine` and mapping the error is a sign that the
//! engine is missing a function; add it there, where it can be tested
//! headless.
#![deny(missing_docs)]

mod commands;
pub mod ipc;
mod launch;

use std::sync::Mutex;

use tandem_engine::Session;

pub use launch::LaunchOptions;

/// State shared by all commands of one window.
pub struct AppState {
    session: Mutex<Session>,
}

/// Registers Tandem's state and commands on a Tauri builder.
///
/// Shared by [`run`] and any test that builds the app on another runtime.
pub fn configure<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    options: &LaunchOptions,
) -> tauri::Builder<R> {
    builder
        .manage(AppState {
            session: Mutex::new(Session::new(options.connection())),
        })
        .invoke_handler(tauri::generate_handler![commands::app_info])
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
        .run(tauri::generate_context!())
        .expect("the Tandem window could not be started");
}
