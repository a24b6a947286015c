//! `tandem run`: one script, start to end, against the demo simulator, a
//! given address or the saved connection. Result sets go to stdout in the
//! chosen format; progress, messages and errors go to stderr. The exit code
//! tells a scheduler how it went (see `tandem run --help`).

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{anyhow, Context, Result};
use tandem_engine::{ConnectionState, Defines, RunOutcome, Session, SimConfig};

use crate::args::{self, ProgressMode, RunArgs, SimSettings};
use crate::connection::Saved;
use crate::progress::{Progress, Style};
use crate::signals::{Interrupts, CANCELLED};
use crate::{output, usage};

/// Passes simulator settings from the command line into `config`.
pub fn apply(settings: &SimSettings, config: &mut SimConfig) {
    let s = &mut config.settings;
    s.read_latency.fixed_ms = settings.read_latency_ms;
    s.write_latency.fixed_ms = settings.write_latency_ms;
    s.minutely_limit = settings.minutely_limit;
    s.daily_limit = settings.daily_limit;
    s.faults.burst_429 = settings.fault_429;
}

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

async fn open_session(a: &RunArgs) -> Result<Session> {
    if a.demo {
        let mut config = SimConfig::demo();
        apply(&a.sim, &mut config);
        return Ok(Session::demo_with(config).await?);
    }
    let home = args::home();
    let saved = match &a.base_url {
        Some(url) => Saved {
            base_url: Some(url.clone()),
            country: None,
        },
        None => Saved::load(&home)?.ok_or_else(|| {
            anyhow!(
                "not logged in: run `tandem login` first (or use --demo to try the demo companies)"
            )
        })?,
    };
    let client = saved.client(&home)?;
    if !client.is_logged_in().await? {
        return Err(anyhow!(
            "not logged in to {}: run `tandem login` first",
            client.registration().base()
        ));
    }
    let state = match saved.country()? {
        Some(country) => ConnectionState::ExactOnline { country },
        None => ConnectionState::Demo,
    };
    Ok(Session::exact_online(state, client).await?)
}

pub async fn run(a: RunArgs) -> Result<ExitCode> {
    let mut defines = Defines::new();
    for d in &a.defines {
        match Defines::parse_assignment(d) {
            Some((name, value)) => defines.set(&name, &value),
            None => return usage(format!("--define wants NAME=VALUE, not {d:?}")),
        }
    }
    let script = match read_script(&a.file)? {
        Ok(s) => s,
        Err(message) => return usage(message),
    };
    let style = match a.progress {
        ProgressMode::Auto if std::io::stderr().is_terminal() => Style::Bars,
        ProgressMode::Auto | ProgressMode::None => Style::Quiet,
        ProgressMode::Plain => Style::Lines,
    };
    let progress = Arc::new(Progress::new(style));
    let interrupts = Interrupts::install(progress.clone())?;
    // Logging in can take a while too; Ctrl-C must not wait for it.
    let mut session = tokio::select! {
        s = open_session(&a) => s?,
        _ = interrupts.cancelled() => {
            progress.clear();
            eprintln!("tandem: cancelled");
            return Ok(ExitCode::from(CANCELLED));
        }
    };
    let report = session
        .run_script(&script, &mut defines, progress.as_ref(), &interrupts.token)
        .await;
    progress.clear();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (i, info) in report.results.iter().enumerate() {
        output::write(&mut out, &session, info, a.format, i == 0)?;
    }
    out.flush()?;
    for e in &report.errors {
        if *e != tandem_engine::Error::Cancelled {
            eprintln!("{}", e.render(&script));
        }
    }
    Ok(match report.outcome {
        RunOutcome::Cancelled => {
            eprintln!("tandem: cancelled");
            ExitCode::from(CANCELLED)
        }
        RunOutcome::Failed => ExitCode::from(1),
        RunOutcome::Completed if !report.errors.is_empty() => ExitCode::from(1),
        RunOutcome::Completed => ExitCode::SUCCESS,
    })
}
