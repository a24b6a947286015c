//! Pacing: under a low minutely limit the governor uses the minute fully
//! and never draws a 429; companies keep their own pace.

use crate::support::*;
use futures_util::future::join_all;
use futures_util::StreamExt;
use tandem_exact_sim::DEMO_SOURCE_DIVISION;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_low_minutely_limit_draws_no_429() {
    let mut config = demo_config();
    config.settings.minutely_limit = 4;
    let sim = sim(config).await;
    let (client, _store, _dir) = logged_in(&sim).await;
    // A simulated minute passes in one real second.
    sim.clock().set_speed(60.0);
    let second = tandem_exact_sim::Store::divisions(&sim.store())
        .into_iter()
        .find(|d| *d != DEMO_SOURCE_DIVISION && *d != tandem_exact_sim::DEMO_FORBIDDEN_DIVISION)
        .unwrap();
    let start = sim.clock().now_ms();
    let tasks = (0..16).map(|i| {
        let client = client.clone();
        let division = if i % 2 == 0 {
            DEMO_SOURCE_DIVISION
        } else {
            second
        };
        async move {
            let pages = client
                .read(
                    "GLAccounts",
                    division,
                    tandem_exact::odata::Select::new(["ID", "Code"]),
                    None,
                )
                .unwrap();
            let pages: Vec<_> = pages.collect().await;
            pages
                .into_iter()
                .map(|p| p.unwrap().rows.len())
                .sum::<usize>()
        }
    });
    for rows in join_all(tasks).await {
        assert!(rows > 0);
    }
    let elapsed_min = (sim.clock().now_ms() - start) as f64 / 60_000.0;
    let api: Vec<_> = sim
        .call_log()
        .into_iter()
        .filter(|c| c.path.starts_with("/api/v1/"))
        .collect();
    assert_eq!(api.iter().filter(|c| c.status == 429).count(), 0, "no 429");
    // 8 calls per company at 4 a minute: at least one minute boundary, and
    // no more than a few minutes (the limit is used, not wasted).
    assert!(elapsed_min < 4.0, "took {elapsed_min:.2} simulated minutes");
    let per_minute = |d: i64| {
        let mut m = std::collections::BTreeMap::new();
        for c in api.iter().filter(|c| c.division == Some(d)) {
            *m.entry(c.time_ms / 60_000).or_insert(0) += 1;
        }
        m.into_values().max().unwrap_or(0)
    };
    assert!(per_minute(DEMO_SOURCE_DIVISION) <= 4 && per_minute(second) <= 4);
    let limits = client.limits(second);
    assert_eq!(limits.minutely_limit, Some(4));
}
