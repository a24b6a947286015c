//! `tandem sim`: the Exact Online simulator as a standalone server, so
//! several `tandem run --base-url` (or a logged-in `tandem run`) can share
//! one, and other Exact Online clients can be tried against it.

use std::io::Write;

use anyhow::{Context, Result};
use tandem_engine::SimConfig;

use crate::args::SimCommand;
use crate::open::apply;

pub async fn sim(a: SimCommand) -> Result<()> {
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
    if let Some(path) = &a.port_file {
        // Same meaning as the simulator program's flag: the bare port number.
        std::fs::write(path, sim.addr().port().to_string())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!("Exact Online simulator at {}", sim.base_url());
    println!("log in with: tandem login --base-url {}", sim.base_url());
    std::io::stdout().flush()?;
    stopped().await?;
    sim.shutdown().await;
    Ok(())
}

/// Ctrl-C, or a polite SIGTERM from a service manager.
async fn stopped() -> Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r?,
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await?;
    Ok(())
}
