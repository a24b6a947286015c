//! Opening the session that `tandem run` and `tandem undo` work in: the
//! demo simulator (its data kept in the data folder between runs), a given
//! simulator address or the saved connection (the command's own, else the
//! app's: see `connection`), always with the app database
//! attached, since the run log is what `tandem runs` and `tandem undo` read
//! later. Also the exit code both commands end with.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Context, Result};
use tandem_engine::{ConnectionState, Session, SimConfig, Store, DATABASE_FILE};

use crate::args::{ConnectArgs, SimSettings};
use crate::connection::Saved;
use crate::progress::Progress;
use crate::signals::{Interrupts, CANCELLED};

/// Where `--demo` keeps the demo companies' data between runs.
pub fn demo_state_file(home: &Path) -> PathBuf {
    home.join("demo").join("simulator-state.json")
}

/// Passes simulator settings from the command line into `config`.
pub fn apply(settings: &SimSettings, config: &mut SimConfig) {
    let s = &mut config.settings;
    s.read_latency.fixed_ms = settings.read_latency_ms;
    s.write_latency.fixed_ms = settings.write_latency_ms;
    s.minutely_limit = settings.minutely_limit;
    s.daily_limit = settings.daily_limit;
    s.faults.burst_429 = settings.fault_429;
}

async fn demo(a: &ConnectArgs, home: &Path) -> Result<Session> {
    let state = demo_state_file(home);
    if a.demo_reset {
        match std::fs::remove_file(&state) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| format!("cannot remove {}", state.display()))
            }
            _ => {}
        }
    }
    if let Some(dir) = state.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let kept = state.exists();
    let mut config = SimConfig::demo();
    apply(&a.sim, &mut config);
    // As the app's TANDEM_DEMO_COMPANIES: the size of a new dataset; a
    // kept state file brings its own companies.
    if let Some(companies) = a.demo_companies {
        config.dataset.other_divisions = companies;
    }
    config.state_file = Some(state);
    Session::demo_with(config).await.map_err(|e| {
        let hint = if kept {
            " (--demo-reset starts again from the original demo data)"
        } else {
            ""
        };
        anyhow!("{e}{hint}")
    })
}

async fn connect(a: &ConnectArgs, home: &Path, store: &Store) -> Result<Session> {
    if a.demo {
        return demo(a, home).await;
    }
    let saved = Saved::find(a.base_url.as_deref(), home, store)?;
    let client = saved.client(home, Some(store))?;
    if !client.is_logged_in().await? {
        let how = match saved.base_url {
            Some(_) => "run `tandem login` first",
            None => "log in to Exact Online in the app, or run `tandem login`, first",
        };
        return Err(anyhow!(
            "not logged in to {}: {how}",
            client.registration().base()
        ));
    }
    let state = match saved.country()? {
        Some(country) => ConnectionState::ExactOnline { country },
        None => ConnectionState::Demo,
    };
    Ok(Session::exact_online(state, client).await?)
}

/// Opens the session with the app database of `home` attached; `None` when
/// Ctrl-C came first (logging in can take a while, and must not hold it up).
pub async fn session(
    a: &ConnectArgs,
    home: &Path,
    progress: &Progress,
    interrupts: &Interrupts,
) -> Result<Option<Session>> {
    // Before connecting: a database that cannot be opened should not cost
    // a login first.
    std::fs::create_dir_all(home).with_context(|| format!("cannot create {}", home.display()))?;
    let database = home.join(DATABASE_FILE);
    let store = Store::open(&database)
        .with_context(|| format!("cannot open the app database {}", database.display()))?;
    let mut session = tokio::select! {
        s = connect(a, home, &store) => s?,
        _ = interrupts.cancelled() => {
            progress.clear();
            return Ok(None);
        }
    };
    // With its folder, so a scheduled run keeps its results for the app's
    // History as the app's own runs do.
    session.attach_store_in(store, home);
    Ok(Some(session))
}

/// How a run or undo ended, as `tandem run --help` documents it.
pub enum Ending {
    /// Ran to the end; `row_errors` rows were refused and skipped.
    Completed { row_errors: u64 },
    /// A statement failed.
    Failed,
    /// Ctrl-C.
    Cancelled,
}

impl Ending {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Ending::Completed { row_errors: 0 } => ExitCode::SUCCESS,
            Ending::Completed { .. } => ExitCode::from(3),
            Ending::Failed => ExitCode::from(1),
            Ending::Cancelled => {
                eprintln!("tandem: cancelled");
                ExitCode::from(CANCELLED)
            }
        }
    }
}
