//! `tandem run`: one script, start to end, against the demo simulator, a
//! given address or the saved connection. Result sets go to stdout in the
//! chosen format; progress, messages and errors go to stderr. The exit code
//! tells a scheduler how it went (see `tandem run --help`).

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use tandem_engine::{Defines, RunOutcome, SyncPolicy};

use crate::args::RunArgs;
use crate::home;
use crate::open::{self, Ending};
use crate::progress::Progress;
use crate::signals::Interrupts;
use crate::{output, usage};

fn read_script(file: &str) -> Result<std::result::Result<String, String>> {
    if file == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("cannot read the script from standard input")?;
        return Ok(Ok(s));
    }
    Ok(std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}")))
}

pub async fn run(a: RunArgs, home: Option<&Path>) -> Result<ExitCode> {
    let mut defines = Defines::new();
    for d in &a.defines {
        match Defines::parse_assignment(d) {
            Some((name, value)) => defines.give(&name, &value),
            None => return usage(format!("--define wants NAME=VALUE, not {d:?}")),
        }
    }
    let script = match read_script(&a.file)? {
        Ok(s) => s,
        Err(message) => return usage(message),
    };
    let progress = Arc::new(Progress::for_mode(a.progress));
    let interrupts = Interrupts::install(progress.clone())?;
    let home = home::home(home);
    let Some(mut session) = open::session(&a.connect, &home, &progress, &interrupts).await? else {
        return Ok(Ending::Cancelled.exit_code());
    };
    session.set_sync_policy(SyncPolicy {
        allow_mass_delete: a.allow_mass_delete,
    });
    let report = session
        .run_script(&script, &mut defines, progress.as_ref(), &interrupts.token)
        .await;
    progress.clear();
    let written = output::write_results(&session, &report.results, a.format);
    // The demo's data is saved even when stdout went away.
    session.close().await;
    written?;
    for e in &report.errors {
        if *e != tandem_engine::Error::Cancelled {
            eprintln!("{}", e.render(&script));
        }
    }
    let ending = match report.outcome {
        RunOutcome::Cancelled => Ending::Cancelled,
        RunOutcome::Failed => Ending::Failed,
        RunOutcome::Completed if !report.errors.is_empty() => Ending::Failed,
        RunOutcome::Completed => Ending::Completed {
            row_errors: report.row_errors,
        },
    };
    Ok(ending.exit_code())
}
