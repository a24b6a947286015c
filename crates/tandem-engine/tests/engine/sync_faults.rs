//! synchronize under the service's faults: 503s before a write, connections
//! dropped after a write committed, bursts of 429s. Whatever happens, a few
//! runs converge on the intended rows, with no code created twice and no
//! update lost.

use std::collections::BTreeMap;

use tandem_engine::{RunOutcome, Session};
use tandem_exact_sim::Faults;

use crate::seed::writes;
use crate::support::{rows, run, text};
use crate::sync::{accounts, ok, sim, small_config, A, B, C};

const SYNC: &str = "synchronize exactonlinerest..accounts from src@inmemorystorage \
                    with insert or update identified by division, code";

/// Synchronizes about 300 rows over three companies with `faults` on, runs
/// again while a run stops (at most three runs), and checks the simulator.
async fn converges_under(faults: Faults, clock_speed: f64) {
    let mut session = Session::demo_with(small_config()).await.unwrap();
    // The demo client reads the simulator's clock: run faster, and a wait
    // for the next minute takes a fraction of a real minute.
    sim(&session).clock().set_speed(clock_speed);

    // Every row of three companies, every other one renamed, plus 60 new
    // rows each: about 100 writes per company.
    ok(
        &mut session,
        "use 102700, 102711, 102722\n\
         create or replace table src@inmemorystorage as \
         select division, code, \
         case when substr(trim(code), -1) in ('0', '2', '4', '6', '8') \
         then name || ' (v2)' else name end name \
         from exactonlinerest..accounts\n\
         insert into src@inmemorystorage \
         select d.division, 'F-' || cast(n as text), 'Fault row ' || cast(n as text) \
         from (with recursive r(n) as (select 1 union all select n + 1 from r where n < 60) \
         select n from r) \
         cross join (select distinct division from src@inmemorystorage) d",
    )
    .await;
    let mut intended: BTreeMap<i64, BTreeMap<String, String>> = BTreeMap::new();
    for r in rows(
        &mut session,
        "select division, trim(code), name from src@inmemorystorage",
    )
    .await
    {
        intended
            .entry(text(&r[0]).parse().unwrap())
            .or_default()
            .insert(text(&r[1]), text(&r[2]));
    }
    assert_eq!(intended.keys().copied().collect::<Vec<_>>(), [A, B, C]);
    let total: usize = intended.values().map(BTreeMap::len).sum();
    assert!(total > 300, "{total}");

    let s = sim(&session);
    let mut settings = s.settings();
    settings.faults = faults;
    s.set_settings(settings);

    let mut runs = 0;
    loop {
        runs += 1;
        let report = run(&mut session, SYNC).await;
        if report.outcome == RunOutcome::Completed && report.errors.is_empty() {
            break;
        }
        assert!(
            runs < 3,
            "no convergence after {runs} runs: {:?}",
            report.errors
        );
    }
    let log = sim(&session).call_log();
    let answered = |status: u16| log.iter().filter(|c| c.status == status).count();
    if faults.error_before_write > 0.0 {
        assert!(answered(503) > 0, "no 503 was injected");
    }
    if faults.burst_429 > 0.0 {
        assert!(answered(429) > 0, "no 429 was injected");
    }
    // Each new row was created once: an insert whose answer was dropped was
    // looked up by its key, not sent again blindly.
    let created = log
        .iter()
        .filter(|c| c.method == "POST" && c.status == 201)
        .count();
    assert_eq!(created, 180);

    // What the simulator holds: every intended row, once, with its name.
    for (company, want) in &intended {
        let held = accounts(sim(&session), *company);
        assert_eq!(held.len(), want.len(), "company {company}");
        for (code, name) in want {
            assert_eq!(
                held.get(code).and_then(|a| a["Name"].as_str()),
                Some(name.as_str()),
                "company {company}, code {code}"
            );
        }
    }

    // The run log agrees: over all runs, each row inserted or updated once.
    let log = session.store().unwrap().sync_log();
    let all = log.runs(10).unwrap();
    let inserted: u64 = all.iter().map(|r| r.counts.inserted).sum();
    assert!(
        inserted <= 180,
        "{inserted} inserts logged for 180 new rows"
    );

    // Without faults, nothing is left to write.
    let s = sim(&session);
    let mut settings = s.settings();
    settings.faults = Default::default();
    s.set_settings(settings);
    let before = writes(sim(&session));
    ok(&mut session, SYNC).await;
    assert_eq!(
        writes(sim(&session)),
        before,
        "a converged sync wrote again"
    );
}

/// 503s before the write and connections dropped after it, on one write in
/// ten each: the cases that could create a row twice or lose an update.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn synchronize_converges_under_5xx_and_dropped_answers() {
    converges_under(
        Faults {
            error_before_write: 0.1,
            drop_after_write: 0.1,
            ..Faults::default()
        },
        1.0,
    )
    .await;
}

/// With 429 bursts too: the client waits each burst out until the minute
/// resets, with the simulator's clock at 120 times real speed (a minute in
/// half a second) so the test takes seconds, not minutes. A burst starts on
/// 3 calls in 100: over the first run's 300-odd calls the chance that none
/// starts (0.97^300) is about 1 in 10 000, so the check that one did is not
/// left to luck (at 1 in 100 it failed about one run in 20).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn synchronize_converges_under_429_bursts_too() {
    converges_under(
        Faults {
            error_before_write: 0.05,
            drop_after_write: 0.05,
            burst_429: 0.03,
            burst_429_length: 2,
        },
        120.0,
    )
    .await;
}
