//! A query over ten companies against the demo simulator: the API calls it
//! made against the fewest it could have made, and its wall time.
//!
//! The fewest calls is, per company, the pages its rows fill on the endpoint
//! the client chose (ceil(rows / page size), at least one). A ratio above 1
//! means repeated reads, per-row calls or retries; the simulator's call log
//! counts them, not the client's own bookkeeping. The full run adds 10 ms to
//! every call, so that reading companies one after another (instead of in
//! parallel) shows in the wall time. `TANDEM_BENCH_SMOKE=1` reads three
//! companies without latency.

use std::time::Instant;

use tandem_engine::{CancelToken, Defines, NoEvents, RunOutcome, Session, SimConfig};
use tandem_exact_sim::{CallRecord, Latency};

const QUERY: &str = "select division, count(*) from exactonlinerest..accounts group by division";

fn smoke() -> bool {
    std::env::var("TANDEM_BENCH_SMOKE").is_ok_and(|v| v == "1")
}

async fn run(session: &mut Session, sql: &str) {
    let report = session
        .run_script(sql, &mut Defines::new(), &NoEvents, &CancelToken::new())
        .await;
    assert_eq!(
        report.outcome,
        RunOutcome::Completed,
        "{sql}: {:?}",
        report.errors
    );
}

/// Rows per page of the endpoint a call went to (the service's sizes).
fn page_size(call: &CallRecord) -> usize {
    if call.path.contains("/bulk/") || call.path.contains("/sync/") {
        1000
    } else {
        60
    }
}

fn main() {
    let (companies, latency_ms) = if smoke() { (3, 0) } else { (10, 10) };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut config = SimConfig::demo();
        config.settings.read_latency = Latency {
            fixed_ms: latency_ms,
            jitter_ms: 0,
        };
        let mut session = Session::demo_with(config).await.expect("demo session");
        // `use all` leaves out the company the demo user may not use.
        run(&mut session, "use all").await;
        let codes: Vec<i64> = session
            .active_partitions()
            .iter()
            .map(|p| p.code)
            .take(companies)
            .collect();
        assert_eq!(codes.len(), companies, "enough demo companies");
        let list: Vec<String> = codes.iter().map(i64::to_string).collect();
        run(&mut session, &format!("use {}", list.join(", "))).await;

        let sim = session.simulator().expect("demo simulator");
        let mark = sim.call_log().len();
        let started = Instant::now();
        run(&mut session, QUERY).await;
        let wall = started.elapsed();

        let sim = session.simulator().expect("demo simulator");
        // API calls only: the OAuth endpoints are not part of the query.
        let calls: Vec<CallRecord> = sim.call_log()[mark..]
            .iter()
            .filter(|c| c.path.starts_with("/api/") && !c.path.contains("oauth2"))
            .cloned()
            .collect();
        let store = sim.store();
        let mut minimum = 0;
        let mut rows = 0;
        for code in &codes {
            let n = store.count(*code, "Accounts");
            let size = calls
                .iter()
                .find(|c| c.division == Some(*code))
                .map_or(1000, page_size);
            rows += n;
            minimum += n.div_ceil(size).max(1);
        }
        println!(
            "query over {companies} companies ({rows} accounts, read latency {latency_ms} ms): \
             {} API calls, minimum {minimum}, ratio calls/minimum {:.2}, wall time {:.3} s",
            calls.len(),
            calls.len() as f64 / minimum as f64,
            wall.as_secs_f64()
        );
    });
}
