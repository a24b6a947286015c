//! The seed article's cartesian table, built through the engine and in
//! plain SQLite in the same run, printed as a ratio.
//!
//! The engine parses, resolves names and rewrites every statement before
//! SQLite runs it, and tracks the result's column types; this benchmark
//! shows what that costs on the heaviest statement of the seed script
//! (5,000 accounts × 500 companies = 2.5 million rows). The source rows are
//! already in in-memory tables, so it measures the SQL path and not HTTP.
//! Both sides use the same SQLite build (the engine's rusqlite) and the same
//! generated data. `TANDEM_BENCH_SMOKE=1` runs 500 × 20 once, so that
//! `make test` checks the benchmark still works in a few seconds.

use std::time::{Duration, Instant};

use tandem_engine::{CancelToken, ConnectionState, Defines, NoEvents, RunOutcome, Session};

fn smoke() -> bool {
    std::env::var("TANDEM_BENCH_SMOKE").is_ok_and(|v| v == "1")
}

/// `n` rows numbered 1..=n, from a recursive CTE both sides understand.
fn numbers(n: usize) -> String {
    format!("with recursive n(i) as (select 1 union all select i + 1 from n where i < {n})")
}

/// The source tables: accounts shaped like Exact's (code, name, chamber of
/// commerce, some NULL) and the target companies' codes.
fn setup(accounts: usize, companies: usize, suffix: &str) -> [String; 2] {
    [
        format!(
            "create table exactaccounts{suffix} as {} \
             select cast(i as text) as code, 'Account ' || i as name, \
             case when i % 3 = 0 then null else printf('%08d', i) end as chamberofcommerce \
             from n",
            numbers(accounts)
        ),
        format!(
            "create table targetcompanies{suffix} as {} select 100000 + i as code from n",
            numbers(companies)
        ),
    ]
}

/// The seed article's statement, with the accounts already in memory.
fn cartesian(suffix: &str) -> String {
    format!(
        "create or replace table accounts_soll{suffix} as \
         select tgt.code division, act.code, act.name, act.chamberofcommerce \
         from exactaccounts{suffix} act join targetcompanies{suffix} tgt"
    )
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
    assert!(report.errors.is_empty(), "{sql}: {:?}", report.errors);
}

async fn engine_time(session: &mut Session, expected: i64) -> Duration {
    let statement = cartesian("@inmemorystorage");
    let started = Instant::now();
    run(session, &statement).await;
    let took = started.elapsed();
    let report = session
        .run_script(
            "select count(*) from accounts_soll@inmemorystorage",
            &mut Defines::new(),
            &NoEvents,
            &CancelToken::new(),
        )
        .await;
    let id = report.results.last().expect("a count").id;
    let count = session.page(id, 0, 1).expect("the count reads");
    assert_eq!(
        count,
        vec![vec![tandem_engine::Cell::Integer(expected)]],
        "engine row count"
    );
    took
}

fn plain_time(db: &rusqlite::Connection, expected: i64) -> Duration {
    // SQLite has no `create or replace`: drop first, as the engine does.
    let statement = cartesian("").replace("create or replace", "create");
    let started = Instant::now();
    db.execute("drop table if exists accounts_soll", [])
        .expect("drop");
    db.execute(&statement, []).expect("plain cartesian");
    let took = started.elapsed();
    let count: i64 = db
        .query_row("select count(*) from accounts_soll", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, expected, "plain row count");
    took
}

fn main() {
    let (accounts, companies, rounds) = if smoke() {
        (500, 20, 1)
    } else {
        (5_000, 500, 3)
    };
    let expected = (accounts * companies) as i64;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");

    let mut session = Session::new(ConnectionState::Demo);
    runtime.block_on(async {
        for sql in setup(accounts, companies, "@inmemorystorage") {
            run(&mut session, &sql).await;
        }
    });
    let plain = rusqlite::Connection::open_in_memory().expect("plain SQLite");
    for sql in setup(accounts, companies, "") {
        plain.execute(&sql, []).expect("plain setup");
    }

    // Alternate the two sides so that neither gets a warmer machine, and
    // keep the best round of each (the least disturbed by other work).
    let mut engine_best = Duration::MAX;
    let mut plain_best = Duration::MAX;
    for round in 1..=rounds {
        let e = runtime.block_on(engine_time(&mut session, expected));
        let p = plain_time(&plain, expected);
        println!(
            "cartesian round {round}: engine {:.3} s, plain SQLite {:.3} s",
            e.as_secs_f64(),
            p.as_secs_f64()
        );
        engine_best = engine_best.min(e);
        plain_best = plain_best.min(p);
    }
    println!(
        "cartesian {accounts} accounts x {companies} companies = {expected} rows \
         (SQLite {}): engine {:.3} s, plain SQLite {:.3} s, ratio engine/plain {:.2}",
        rusqlite::version(),
        engine_best.as_secs_f64(),
        plain_best.as_secs_f64(),
        engine_best.as_secs_f64() / plain_best.as_secs_f64()
    );
}
