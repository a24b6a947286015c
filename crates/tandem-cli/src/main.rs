//! The `tandem` command: Tandem's engine without a window, for scripts and
//! scheduled runs.
//!
//! It must stay a thin layer over `tandem-engine`: anything it can do, the app
//! can do through the same engine call.

mod args;
mod connection;
mod output;
mod progress;

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use anyhow::{anyhow, Context, Result};
use clap::Parser;
use tandem_engine::{CancelToken, ConnectionState, Defines, RunOutcome, Session, SimConfig};

use args::{Cli, Command, LoginArgs, RunArgs, SimCommand, SimSettings};
use connection::Saved;

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
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Run(a) => run(a).await,
            Command::Login(a) => login(a).await.map(|_| ExitCode::SUCCESS),
            Command::Logout => logout().await.map(|_| ExitCode::SUCCESS),
            Command::Sim(a) => sim(a).await.map(|_| ExitCode::SUCCESS),
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

fn usage(message: String) -> Result<ExitCode> {
    eprintln!("tandem: {message}");
    Ok(ExitCode::from(2))
}

fn apply(settings: &SimSettings, config: &mut SimConfig) {
    let s = &mut config.settings;
    s.read_latency.fixed_ms = settings.read_latency_ms;
    s.write_latency.fixed_ms = settings.write_latency_ms;
    s.minutely_limit = settings.minutely_limit;
    s.daily_limit = settings.daily_limit;
    s.faults.burst_429 = settings.fault_429;
}

async fn run(a: RunArgs) -> Result<ExitCode> {
    let mut defines = Defines::new();
    for d in &a.defines {
        match Defines::parse_assignment(d) {
            Some((name, value)) => defines.set(&name, &value),
            None => return usage(format!("--define wants NAME=VALUE, not {d:?}")),
        }
    }
    let script = if a.file == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("cannot read the script from standard input")?;
        s
    } else {
        match std::fs::read_to_string(&a.file) {
            Ok(s) => s,
            Err(e) => return usage(format!("cannot read {}: {e}", a.file)),
        }
    };
    let mut session = if a.demo {
        let mut config = SimConfig::demo();
        apply(&a.sim, &mut config);
        Session::demo_with(config).await?
    } else {
        let home = args::home();
        let saved = match &a.base_url {
            Some(url) => Saved {
                base_url: Some(url.clone()),
                country: None,
            },
            None => Saved::load(&home)?.ok_or_else(|| {
                anyhow!("not logged in: run `tandem login`, or use --demo or --base-url")
            })?,
        };
        let client = saved.client(&home)?;
        if !client.is_logged_in().await? {
            return Err(anyhow!(
                "not logged in to {}: run `tandem login`",
                client.registration().base()
            ));
        }
        let state = match saved.country()? {
            Some(country) => ConnectionState::ExactOnline { country },
            None => ConnectionState::Demo,
        };
        Session::exact_online(state, client).await?
    };
    let cancel = CancelToken::new();
    let on_signal = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("tandem: cancelling (Ctrl-C again to abort)");
            on_signal.cancel();
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        }
    });
    let sink = progress::Progress::new(std::io::stderr().is_terminal());
    let report = session
        .run_script(&script, &mut defines, &sink, &cancel)
        .await;
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
        RunOutcome::Cancelled => ExitCode::from(130),
        RunOutcome::Failed => ExitCode::from(1),
        RunOutcome::Completed if !report.errors.is_empty() => ExitCode::from(1),
        RunOutcome::Completed => ExitCode::SUCCESS,
    })
}

async fn login(a: LoginArgs) -> Result<()> {
    let saved = match (&a.base_url, &a.country) {
        (Some(url), _) => Saved {
            base_url: Some(url.clone()),
            country: None,
        },
        (None, Some(c)) => {
            let code = if c.eq_ignore_ascii_case("uk") {
                "uk"
            } else {
                c.as_str()
            };
            Saved {
                base_url: None,
                country: Some(code.to_ascii_lowercase()),
            }
        }
        (None, None) => Saved {
            base_url: None,
            country: Some("nl".into()),
        },
    };
    saved.country()?;
    let home = args::home();
    let client = saved.client(&home)?;
    eprintln!("Opening the Exact Online login in your browser...");
    client
        .login_interactive(&tandem_exact::BrowserOpener::System)
        .await?;
    saved.save(&home)?;
    let me = client.me().await?;
    eprintln!("Logged in; current company {}", me.current_division);
    Ok(())
}

async fn logout() -> Result<()> {
    let home = args::home();
    if let Some(saved) = Saved::load(&home)? {
        saved.client(&home)?.logout().await?;
    }
    Saved::forget(&home)?;
    eprintln!("Logged out");
    Ok(())
}

async fn sim(a: SimCommand) -> Result<()> {
    let mut config = SimConfig {
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], a.port)),
        seed: a.seed,
        demo_auto_approve: !a.login_page,
        ..SimConfig::default()
    };
    config.dataset.master_accounts = a.accounts;
    config.dataset.other_divisions = a.divisions;
    apply(&a.settings, &mut config);
    let sim = tandem_exact_sim::start(config).await?;
    println!("Exact Online simulator at {}", sim.base_url());
    println!("log in with: tandem login --base-url {}", sim.base_url());
    std::io::stdout().flush()?;
    tokio::signal::ctrl_c().await?;
    sim.shutdown().await;
    Ok(())
}
