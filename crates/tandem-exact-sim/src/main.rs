//! `tandem-exact-sim`: the simulator as a program, for scripts, the e2e
//! harness and people trying third-party Exact Online clients against it.

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use tandem_exact_sim::{
    start, Faults, Latency, SimConfig, TlsConfig, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET,
    DEMO_PASSWORD, DEMO_REDIRECT_URI, DEMO_SOURCE_DIVISION, DEMO_USER,
};

const AFTER_HELP: &str = concat!(
    "Demo app (registered in every simulator):\n",
    "  client id      b81cc4de-d192-400e-bcb4-09254394c52a\n",
    "  client secret  tandem-demo-secret\n",
    "  redirect URI   http://127.0.0.1:8976/callback (any http://127.0.0.1:<port>/<path> is accepted)\n",
    "  user           demo / demo\n",
    "  master company 102673 (5,000 accounts)\n",
    "Endpoints: <base>/api/oauth2/auth, <base>/api/oauth2/token, <base>/api/v1/{division}/...",
);

/// A local simulator of the Exact Online REST API.
#[derive(Parser, Debug)]
#[command(version, about, after_help = AFTER_HELP)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: std::net::IpAddr,
    /// Port (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Write the bound port to this file once listening.
    #[arg(long)]
    port_file: Option<PathBuf>,
    /// Load the data from this file if it exists, and save changes to it.
    #[arg(long = "state")]
    state: Option<PathBuf>,
    /// Seed of the demo dataset.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Accounts in the master company.
    #[arg(long, default_value_t = 5000)]
    accounts: usize,
    /// Companies besides the master.
    #[arg(long, default_value_t = 12)]
    divisions: usize,
    /// Fixed latency of reads, ms.
    #[arg(long, default_value_t = 0)]
    read_latency_ms: u64,
    /// Jitter added to reads, up to this many ms.
    #[arg(long, default_value_t = 0)]
    read_jitter_ms: u64,
    /// Fixed latency of writes, ms.
    #[arg(long, default_value_t = 0)]
    write_latency_ms: u64,
    /// Jitter added to writes, up to this many ms.
    #[arg(long, default_value_t = 0)]
    write_jitter_ms: u64,
    /// Hold the answer to a successful write this many ms after it committed.
    #[arg(long, default_value_t = 0)]
    answer_delay_after_write_ms: u64,
    /// Calls per app per company per minute.
    #[arg(long, default_value_t = 60)]
    minutely_limit: u64,
    /// Calls per app per company per day.
    #[arg(long, default_value_t = 5000)]
    daily_limit: u64,
    /// Share of writes answered 503 before writing (0..1).
    #[arg(long, default_value_t = 0.0)]
    fault_5xx: f64,
    /// Share of writes whose connection is dropped after committing (0..1).
    #[arg(long, default_value_t = 0.0)]
    fault_drop: f64,
    /// Share of calls that start a burst of 429s (0..1).
    #[arg(long, default_value_t = 0.0)]
    fault_429: f64,
    /// Length of each 429 burst.
    #[arg(long, default_value_t = 3)]
    fault_429_length: u32,
    /// Serve unfiltered standard GETs (turn mandatory filtering off).
    #[arg(long)]
    no_mandatory_filtering: bool,
    /// Answer list calls with $top <= 60 with `d` as a bare array.
    #[arg(long)]
    bare_array_small_top: bool,
    /// Serve HTTPS (with --tls-cert/--tls-key, or a generated certificate).
    #[arg(long)]
    tls: bool,
    /// PEM certificate for HTTPS.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// PEM key for HTTPS.
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Serve the /_sim/ control surface.
    #[arg(long)]
    control: bool,
    /// Approve logins at once (no login page).
    #[arg(long)]
    auto_approve: bool,
}

#[tokio::main]
async fn main() -> anyhow_free::Result {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let a = Args::parse();
    let mut config = SimConfig {
        listen: SocketAddr::new(a.host, a.port),
        seed: a.seed,
        control: a.control,
        demo_auto_approve: a.auto_approve,
        state_file: a.state,
        ..SimConfig::default()
    };
    config.dataset.master_accounts = a.accounts;
    config.dataset.other_divisions = a.divisions;
    let s = &mut config.settings;
    s.read_latency = Latency {
        fixed_ms: a.read_latency_ms,
        jitter_ms: a.read_jitter_ms,
    };
    s.write_latency = Latency {
        fixed_ms: a.write_latency_ms,
        jitter_ms: a.write_jitter_ms,
    };
    s.answer_delay_after_write_ms = a.answer_delay_after_write_ms;
    s.minutely_limit = a.minutely_limit;
    s.daily_limit = a.daily_limit;
    s.faults = Faults {
        error_before_write: a.fault_5xx,
        drop_after_write: a.fault_drop,
        burst_429: a.fault_429,
        burst_429_length: a.fault_429_length,
    };
    s.mandatory_filtering = !a.no_mandatory_filtering;
    s.bare_array_for_small_top = a.bare_array_small_top;
    if a.tls || a.tls_cert.is_some() {
        config.tls = Some(TlsConfig {
            cert_pem: a.tls_cert,
            key_pem: a.tls_key,
        });
    }
    let sim = start(config).await?;
    if let Some(path) = a.port_file {
        std::fs::write(&path, sim.addr().port().to_string())?;
    }
    println!("Exact Online simulator at {}", sim.base_url());
    println!(
        "demo app: client id {DEMO_CLIENT_ID}, secret {DEMO_CLIENT_SECRET}, redirect {DEMO_REDIRECT_URI}; user {DEMO_USER}/{DEMO_PASSWORD}; master division {DEMO_SOURCE_DIVISION}"
    );
    tokio::signal::ctrl_c().await?;
    sim.shutdown().await;
    Ok(())
}

/// The binary's error: whatever stopped it, printed by `main`.
mod anyhow_free {
    /// Any error, boxed.
    pub type Result = std::result::Result<(), Box<dyn std::error::Error>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_names_the_published_constants() {
        for c in [DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_REDIRECT_URI] {
            assert!(AFTER_HELP.contains(c), "{c}");
        }
        assert!(AFTER_HELP.contains(&DEMO_SOURCE_DIVISION.to_string()));
        assert!(AFTER_HELP.contains(&format!("{DEMO_USER} / {DEMO_PASSWORD}")));
    }
}
