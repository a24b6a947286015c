//! Reads 100,000 accounts from 10 companies through the client, against the
//! simulator with per-call latency, and prints two ratios:
//!
//! - calls made / the minimum (one bulk call per 1,000 rows per company);
//! - wall time / the bound set by latency and limits: companies run in
//!   parallel, so the bound is the slowest company's calls times the mean
//!   latency, or the minutes its calls need at the minutely limit.
//!
//! `TANDEM_BENCH_SMOKE=1` runs a tiny version (2 companies × 2,000 rows).
#![allow(missing_docs)]

use futures_util::StreamExt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tandem_exact::odata::Select;
use tandem_exact::tokens::MemoryStore;
use tandem_exact::{AppRegistration, BrowserOpener, Client};
use tandem_exact_sim::{
    DatasetSize, Latency, SimConfig, DEMO_FORBIDDEN_DIVISION, DEMO_SOURCE_DIVISION,
};

fn main() {
    let smoke = std::env::var("TANDEM_BENCH_SMOKE").is_ok_and(|v| v == "1");
    let (companies, rows_each) = if smoke { (2, 2_000) } else { (10, 10_000) };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run(companies, rows_each));
}

async fn run(companies: usize, rows_each: usize) {
    // Other companies hold copies of a stretch of the master; ~15% are left
    // out, so the master is sized to give about `rows_each` per company.
    let master = rows_each * 100 / 85;
    let latency = Latency {
        fixed_ms: 20,
        jitter_ms: 30,
    };
    let mut config = SimConfig::demo();
    config.dataset = DatasetSize {
        master_accounts: master,
        other_divisions: companies,
        copies_per_division: master,
        items: 10,
        master_contacts: 0,
    };
    config.settings.read_latency = latency;
    let sim = tandem_exact_sim::start(config).await.expect("simulator");
    let dir = std::env::temp_dir().join(format!("tandem-exact-bench-{}", std::process::id()));
    let client = Client::new(
        AppRegistration::demo(sim.base_url()),
        Arc::new(MemoryStore::new()),
        &dir,
    )
    .expect("client");
    client
        .login_interactive(&follow_redirects())
        .await
        .expect("login");
    let divisions: Vec<i64> = sim
        .store()
        .divisions()
        .into_iter()
        .filter(|d| *d != DEMO_SOURCE_DIVISION && *d != DEMO_FORBIDDEN_DIVISION)
        .collect();
    let started = Instant::now();
    let reads = divisions.iter().map(|&d| {
        let client = client.clone();
        async move {
            let mut pages = std::pin::pin!(client
                .read(
                    "Accounts",
                    d,
                    Select::new(["ID", "Code", "Name", "City"]),
                    None
                )
                .expect("read"));
            let mut rows = 0usize;
            while let Some(p) = pages.next().await {
                rows += p.expect("page").rows.len();
            }
            rows
        }
    });
    let per_company: Vec<usize> = futures_util::future::join_all(reads).await;
    let wall = started.elapsed();

    let rows: usize = per_company.iter().sum();
    let minimum_calls: usize = per_company.iter().map(|r| r.div_ceil(1000).max(1)).sum();
    let calls = sim
        .call_log()
        .iter()
        .filter(|c| c.path.contains("/bulk/CRM/Accounts"))
        .count();
    let slowest = per_company
        .iter()
        .map(|r| r.div_ceil(1000).max(1))
        .max()
        .unwrap_or(1) as u64;
    let mean_latency = Duration::from_millis(latency.fixed_ms + latency.jitter_ms / 2);
    let latency_bound = mean_latency * slowest as u32;
    // At 60 calls a minute, every further 60 calls of a company wait a minute.
    let limit_bound = Duration::from_secs(60 * (slowest.saturating_sub(1) / 60));
    let bound = latency_bound.max(limit_bound);
    println!(
        "read_many: {rows} accounts from {} companies",
        per_company.len()
    );
    println!(
        "read_many: calls {calls} / minimum {minimum_calls} = {:.2}",
        calls as f64 / minimum_calls as f64
    );
    println!(
        "read_many: wall {:.3} s / bound {:.3} s (slowest company {slowest} calls x {} ms mean latency) = {:.2}",
        wall.as_secs_f64(),
        bound.as_secs_f64(),
        mean_latency.as_millis(),
        wall.as_secs_f64() / bound.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
    sim.shutdown().await;
}

/// The demo app approves at once; the "browser" follows the redirect to the
/// loopback listener.
fn follow_redirects() -> BrowserOpener {
    BrowserOpener::Callback(Arc::new(|url: String| {
        tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("http");
            let r = http.get(&url).send().await.expect("authorize");
            let location = r.headers()["location"]
                .to_str()
                .expect("location")
                .to_string();
            http.get(&location).send().await.expect("callback");
        });
    }))
}
