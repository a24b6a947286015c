//! The `tandem` command: Tandem's engine without a window, for scripts and
//! scheduled runs.
//!
//! It must stay a thin layer over `tandem-engine`: anything it can do, the app
//! can do through the same engine call.

use std::process::ExitCode;

use tandem_engine::{ConnectionState, Session};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--version") | Some("version") => {
            let info = Session::new(ConnectionState::NotConnected).info();
            println!(
                "tandem {} (SQLite {})",
                info.engine_version, info.sqlite_version
            );
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: tandem --version");
            ExitCode::from(2)
        }
    }
}
