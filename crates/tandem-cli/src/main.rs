//! The `tandem` command: Tandem's engine without a window, for scripts and
//! scheduled runs.
//!
//! It must stay a thin layer over `tandem-engine`: anything it can do, the app
//! can do through the same engine call. This file only dispatches and turns
//! errors into exit codes; each command lives in its own module.

mod args;
mod connection;
mod history;
mod home;
mod login;
mod open;
mod output;
mod past_run;
mod progress;
mod run;
mod runs;
mod signals;
mod sim;
mod undo;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("tandem: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    let home = cli.home.as_deref();
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Run(a) => run::run(a, home).await,
            Command::Undo(a) => undo::undo(a, home).await,
            Command::Runs(a) => runs::runs(a, home),
            Command::History(a) => history::history(a, home),
            Command::Login(a) => login::login(a, home).await.map(|_| ExitCode::SUCCESS),
            Command::Logout => login::logout(home).await.map(|_| ExitCode::SUCCESS),
            Command::Sim(a) => sim::sim(a).await.map(|_| ExitCode::SUCCESS),
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tandem: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Bad usage that clap cannot see (a malformed --define, a missing file).
fn usage(message: String) -> anyhow::Result<ExitCode> {
    eprintln!("tandem: {message}");
    Ok(ExitCode::from(2))
}
