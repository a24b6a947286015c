//! `synchronize` of 5,000 source rows into ten companies against the demo
//! simulator with latency and a minutely limit: the API calls it made
//! against the fewest it could have made, and its wall time against the
//! fastest the limits allow.
//!
//! The source is an in-memory table built with SQL from the master
//! company's accounts: per target company 500 consecutive master accounts
//! around the stretch of 400 the demo company already holds copies of, so
//! the plan mixes unchanged rows, updates (the slightly changed copies) and
//! inserts (the missing copies and the accounts beyond the stretch).
//!
//! Calls: the minimum per company is one write per row that differs (the
//! plan, from `explain synchronize`) plus the pages of the target read
//! (ceil(rows / page size) on the endpoint the client chose, at least one).
//! The simulator's call log counts what was made, 429s included.
//!
//! Wall time: the bound is the fastest any client could finish with the
//! calls this run made, per company, and the run's bound is the slowest
//! company. Within a company the calls are sequential (one write queue, and
//! the read precedes the plan), so each call costs at least the simulator's
//! latency for its kind. Exact's minute windows are fixed and clock-aligned
//! (the simulator's `rate_limit.rs` counts per `now / 60 s`), so once a
//! window's `L` calls are used, the next call cannot arrive before the next
//! window starts. The bound replays the company's calls on that model from
//! the statement's actual start time (on the simulator's clock), counting
//! the calls the company had already used in the starting window (the
//! explain and setup reads): with `n` calls and enough time per window it
//! is the start of window ceil((used + n) / L) plus the calls left in that
//! window times the latency, and with a small limit never less than `n` ×
//! latency. Everything else (reading the source, planning, logging each
//! operation, HTTP, the governor's safety margin after a reset) is
//! overhead the ratio shows.
//!
//! The full run (limit 100 a minute, 20 ms reads, 30 ms writes, about 220
//! calls per company) needs three minute windows per company, so the
//! statement takes one to two minutes depending on where in a minute it
//! starts; the window waits dominate, and the ratio shows what the client
//! loses at each reset (the governor's margin) and in the last window.
//! `TANDEM_BENCH_SMOKE=1` synchronizes 50 rows into two companies with 5 ms
//! latency and no binding limit, so `make test` checks it in seconds; its
//! ratios are printed but are not measurements.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use tandem_engine::{
    CancelToken, Cell, Defines, NoEvents, RunOutcome, RunReport, Session, SimConfig,
};
use tandem_exact_sim::{CallRecord, Latency};

/// The demo master company, which holds the 5,000 accounts.
const MASTER: i64 = 102673;
/// Master accounts numbered 1..=MASTER_ACCOUNTS (their codes).
const MASTER_ACCOUNTS: i64 = 5_000;
/// How many master accounts each demo company holds copies of (a stretch).
const STRETCH: i64 = 400;
const MINUTE_MS: i64 = 60_000;

const SYNC: &str = "synchronize exactonlinerest..accounts from sync_source@inmemorystorage \
                    with insert or update identified by division, code";

struct Setup {
    companies: usize,
    per_company: i64,
    read_ms: u64,
    write_ms: u64,
    minutely_limit: u64,
}

fn smoke() -> bool {
    std::env::var("TANDEM_BENCH_SMOKE").is_ok_and(|v| v == "1")
}

async fn run(session: &mut Session, sql: &str) -> RunReport {
    let report = session
        .run_script(sql, &mut Defines::new(), &NoEvents, &CancelToken::new())
        .await;
    assert_eq!(
        report.outcome,
        RunOutcome::Completed,
        "{sql}: {:?}",
        report.errors
    );
    assert!(report.errors.is_empty(), "{sql}: {:?}", report.errors);
    report
}

fn int(cell: &Cell) -> i64 {
    match cell {
        Cell::Integer(i) => *i,
        other => panic!("not a number: {other:?}"),
    }
}

/// The first master account of the stretch `company` holds copies of: the
/// copied codes lie on a circle of the master's codes, so the stretch starts
/// after the widest gap between them.
fn stretch_start(session: &Session, company: i64) -> i64 {
    let sim = session.simulator().expect("demo simulator");
    let held: BTreeSet<i64> = sim
        .store()
        .rows(company, "Accounts")
        .iter()
        .filter_map(|a| a["Code"].as_str()?.trim().parse().ok())
        .filter(|n| (1..=MASTER_ACCOUNTS).contains(n))
        .collect();
    let held: Vec<i64> = held.into_iter().collect();
    assert!(!held.is_empty(), "company {company} holds master copies");
    let mut best = (held[0] + MASTER_ACCOUNTS - held[held.len() - 1], held[0]);
    for w in held.windows(2) {
        best = best.max((w[1] - w[0], w[1]));
    }
    best.1
}

/// Rows per page of the endpoint a read went to (the service's sizes).
fn page_size(call: &CallRecord) -> usize {
    if call.path.contains("/bulk/") || call.path.contains("/sync/") {
        1000
    } else {
        60
    }
}

/// When the last of `calls` (in order) could end at the earliest, starting
/// at `start_ms` with `used` calls already counted in the starting window
/// (see the module documentation).
fn earliest_end(calls: &[&CallRecord], start_ms: i64, used: u64, limit: u64, s: &Setup) -> i64 {
    let mut t = start_ms;
    let mut window = t.div_euclid(MINUTE_MS);
    let mut in_window = used;
    for call in calls {
        if t.div_euclid(MINUTE_MS) > window {
            window = t.div_euclid(MINUTE_MS);
            in_window = 0;
        }
        if in_window >= limit {
            window += 1;
            t = t.max(window * MINUTE_MS);
            in_window = 0;
        }
        in_window += 1;
        t += if call.method == "GET" {
            s.read_ms
        } else {
            s.write_ms
        } as i64;
    }
    t
}

fn main() {
    let setup = if smoke() {
        Setup {
            companies: 2,
            per_company: 50,
            read_ms: 5,
            write_ms: 5,
            minutely_limit: 100_000,
        }
    } else {
        Setup {
            companies: 10,
            per_company: 500,
            read_ms: 20,
            write_ms: 30,
            minutely_limit: 100,
        }
    };
    let label = if smoke() {
        " (smoke run: not a measurement)"
    } else {
        ""
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut config = SimConfig::demo();
        config.settings.read_latency = Latency {
            fixed_ms: setup.read_ms,
            jitter_ms: 0,
        };
        config.settings.write_latency = Latency {
            fixed_ms: setup.write_ms,
            jitter_ms: 0,
        };
        config.settings.minutely_limit = setup.minutely_limit;
        config.settings.daily_limit = 1_000_000;
        let mut session = Session::demo_with(config).await.expect("demo session");

        // `use all` leaves out the company the demo user may not use.
        run(&mut session, "use all").await;
        let codes: Vec<i64> = session
            .active_partitions()
            .iter()
            .map(|p| p.code)
            .filter(|c| *c != MASTER)
            .take(setup.companies)
            .collect();
        assert_eq!(codes.len(), setup.companies, "enough demo companies");

        // The source: per company `per_company` consecutive master accounts
        // (on the circle of codes), centred on the stretch it holds copies of.
        let lead = (setup.per_company - STRETCH).max(0) / 2;
        let windows: Vec<String> = codes
            .iter()
            .map(|&c| {
                let first = (stretch_start(&session, c) - 1 - lead).rem_euclid(MASTER_ACCOUNTS) + 1;
                format!("select {c} as division, {first} as first")
            })
            .collect();
        run(
            &mut session,
            &format!(
                "use {MASTER}\n\
                 create or replace table master@inmemorystorage as \
                 select code, name, chamberofcommerce, phone, email from exactonlinerest..accounts\n\
                 create or replace table windows@inmemorystorage as {}\n\
                 create or replace table sync_source@inmemorystorage as \
                 select w.division, m.code, m.name, m.chamberofcommerce, m.phone, m.email \
                 from master@inmemorystorage m join windows@inmemorystorage w \
                 on (cast(m.code as integer) - w.first + {MASTER_ACCOUNTS}) % {MASTER_ACCOUNTS} \
                 < {}",
                windows.join(" union all "),
                setup.per_company
            ),
        )
        .await;
        let list: Vec<String> = codes.iter().map(i64::to_string).collect();
        run(&mut session, &format!("use {}", list.join(", "))).await;

        // The plan: one write per (company, key) that differs.
        let report = run(&mut session, &format!("explain {SYNC}")).await;
        let explain = report.results.last().expect("the plan");
        let mut writes: BTreeMap<i64, BTreeSet<(String, String)>> = BTreeMap::new();
        for row in session
            .page(explain.id, 0, explain.row_count)
            .expect("the plan reads")
        {
            let (Cell::Text(op), Cell::Text(key)) = (&row[0], &row[2]) else {
                panic!("{row:?}")
            };
            assert!(!op.contains("skipped"), "{op}");
            writes
                .entry(int(&row[1]))
                .or_default()
                .insert((op.clone(), key.clone()));
        }

        let sim = session.simulator().expect("demo simulator");
        let target_rows: BTreeMap<i64, usize> = codes
            .iter()
            .map(|&c| (c, sim.store().count(c, "Accounts")))
            .collect();
        let mark = sim.call_log().len();
        let start_ms = sim.clock().now_ms();
        let started = Instant::now();
        let report = run(&mut session, SYNC).await;
        let wall = started.elapsed();

        let summary = report.results.first().expect("the summary");
        let (mut inserted, mut updated, mut unchanged) = (0, 0, 0);
        for row in session
            .page(summary.id, 0, summary.row_count)
            .expect("the summary reads")
        {
            let company = int(&row[0]);
            assert_eq!(
                int(&row[1]) + int(&row[2]),
                writes.get(&company).map_or(0, |w| w.len() as i64),
                "company {company} wrote what the plan said"
            );
            assert_eq!((int(&row[5]), int(&row[6])), (0, 0), "failed, not done");
            inserted += int(&row[1]);
            updated += int(&row[2]);
            unchanged += int(&row[4]);
        }

        let sim = session.simulator().expect("demo simulator");
        let log = sim.call_log();
        let api = |c: &&CallRecord| c.path.starts_with("/api/v1/");
        let calls: Vec<&CallRecord> = log[mark..].iter().filter(api).collect();
        let refused = calls.iter().filter(|c| c.status == 429).count();
        let start_window = start_ms.div_euclid(MINUTE_MS);
        let mut minimum = 0;
        let mut bound_end = start_ms;
        let mut slowest = (0, 0);
        for &code in &codes {
            let mine: Vec<&CallRecord> = calls
                .iter()
                .copied()
                .filter(|c| c.division == Some(code))
                .collect();
            let size = mine
                .iter()
                .find(|c| c.method == "GET")
                .map_or(1000, |c| page_size(c));
            let pages = target_rows[&code].div_ceil(size).max(1);
            minimum += pages + writes.get(&code).map_or(0, BTreeSet::len);
            // The service counts only the calls it let through.
            let counted: Vec<&CallRecord> =
                mine.iter().copied().filter(|c| c.status != 429).collect();
            let used = log[..mark]
                .iter()
                .filter(api)
                .filter(|c| {
                    c.division == Some(code)
                        && c.status != 429
                        && c.time_ms.div_euclid(MINUTE_MS) == start_window
                })
                .count() as u64;
            let end = earliest_end(&counted, start_ms, used, setup.minutely_limit, &setup);
            if end > bound_end {
                bound_end = end;
                slowest = (code, counted.len());
            }
        }
        let bound_s = (bound_end - start_ms) as f64 / 1000.0;
        let rows: i64 = setup.per_company * setup.companies as i64;
        println!(
            "synchronize {rows} rows into {} companies ({inserted} inserted, {updated} updated, \
             {unchanged} unchanged; limit {}/min, latency {} ms read, {} ms write){label}",
            setup.companies, setup.minutely_limit, setup.read_ms, setup.write_ms
        );
        println!(
            "calls: made / minimum = {} / {minimum} = {:.2} ({refused} answered 429){label}",
            calls.len(),
            calls.len() as f64 / minimum as f64
        );
        println!(
            "wall: measured / bound = {:.1} s / {bound_s:.1} s = {:.2} \
             (bound set by company {} with {} calls, starting {:.1} s into a minute){label}",
            wall.as_secs_f64(),
            wall.as_secs_f64() / bound_s,
            slowest.0,
            slowest.1,
            start_ms.rem_euclid(MINUTE_MS) as f64 / 1000.0
        );
    });
}
