//! The seed article's script, pasted verbatim, runs end to end.

use std::collections::{BTreeMap, BTreeSet};

use tandem_engine::{Cell, RunOutcome};

use crate::support::{rows, run, text};

const SEED: &str = include_str!("../../../tandem-sql/tests/golden/seed_article.sql");

/// A demo session whose simulator allows many calls a minute: these tests
/// check what is written, not the pacing (the benchmark does that).
pub async fn fast_demo() -> tandem_engine::Session {
    let mut config = tandem_engine::SimConfig::demo();
    config.settings.minutely_limit = 100_000;
    config.settings.daily_limit = 1_000_000;
    tandem_engine::Session::demo_with(config)
        .await
        .expect("demo session starts")
}

/// The accounts of a company as the simulator stores them: code → (name,
/// chamber of commerce), and how many rows carry each code.
pub fn accounts(
    sim: &tandem_engine::Simulator,
    company: i64,
) -> (BTreeMap<String, (String, String)>, BTreeMap<String, usize>) {
    let mut by_code = BTreeMap::new();
    let mut count = BTreeMap::new();
    for a in sim.store().rows(company, "Accounts") {
        let code = a["Code"].as_str().unwrap().trim().to_string();
        *count.entry(code.clone()).or_insert(0) += 1;
        by_code.insert(
            code,
            (
                a["Name"].as_str().unwrap_or("").to_string(),
                a["ChamberOfCommerce"]
                    .as_str()
                    .map_or("NULL".into(), str::to_string),
            ),
        );
    }
    (by_code, count)
}

/// Writes (POST, PUT, DELETE) to the REST API in the simulator's call log
/// (token calls are POSTs too, to `/api/oauth2/token`).
pub fn writes(sim: &tandem_engine::Simulator) -> usize {
    sim.call_log()
        .iter()
        .filter(|c| c.method != "GET" && c.path.starts_with("/api/v1/"))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_script_runs_end_to_end_and_a_second_run_writes_nothing() {
    let mut session = fast_demo().await;
    let report = run(&mut session, SEED).await;
    assert_eq!(report.outcome, RunOutcome::Completed, "{:?}", report.errors);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.row_errors, 0);

    // The last `use` switched to the ten target companies.
    let targets: BTreeSet<i64> = rows(
        &mut session,
        "select code from targetcompanies@inmemorystorage",
    )
    .await
    .iter()
    .map(|r| match r[0] {
        Cell::Integer(i) => i,
        ref other => panic!("{other:?}"),
    })
    .collect();
    assert_eq!(targets.len(), 10);
    assert!(!targets.contains(&102673));
    let active: BTreeSet<i64> = session.active_partitions().iter().map(|p| p.code).collect();
    assert_eq!(active, targets);

    // Checked in the simulator's own state, not through the engine: every
    // target holds each 'Aanneming' account of 102673 once, with its code,
    // name and chamber of commerce number.
    let sim = session.simulator().unwrap();
    let (master, _) = accounts(sim, 102673);
    let intended: BTreeMap<String, (String, String)> = master
        .into_iter()
        .filter(|(_, (name, _))| name.starts_with("Aanneming"))
        .collect();
    assert!(intended.len() > 100, "{}", intended.len());
    for t in &targets {
        let (held, count) = accounts(sim, *t);
        for (code, want) in &intended {
            assert_eq!(held.get(code), Some(want), "company {t}, code {code}");
            assert_eq!(count[code], 1, "company {t}, code {code} is duplicated");
        }
    }
    let first = writes(sim);
    assert!(first > 0);

    // The summary: one row per target company.
    let summary = report.results.last().unwrap();
    assert_eq!(summary.row_count, 10);
    let cells = session.page(summary.id, 0, 100).unwrap();
    let total = |col: usize| -> i64 {
        cells
            .iter()
            .map(|r| match r[col] {
                Cell::Integer(i) => i,
                ref other => panic!("{other:?}"),
            })
            .sum()
    };
    // inserted + updated equals the writes the simulator saw.
    assert_eq!((total(1) + total(2)) as usize, first);

    // The second run plans the same and writes nothing.
    let again = run(&mut session, SEED).await;
    assert_eq!(again.outcome, RunOutcome::Completed, "{:?}", again.errors);
    assert_eq!(
        writes(session.simulator().unwrap()),
        first,
        "a second run wrote"
    );

    // The run log is queryable by SQL: two runs, the first with one change
    // per write, all done; the second planned nothing.
    let runs = rows(
        &mut session,
        "select id, outcome, inserted + updated, planned from syncruns order by id",
    )
    .await;
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert_eq!(text(&runs[0][1]), "ok");
    assert_eq!(text(&runs[0][2]), first.to_string());
    assert_eq!(text(&runs[0][3]), first.to_string());
    assert_eq!(text(&runs[1][3]), "0");
    let done = rows(
        &mut session,
        "select count(*) from syncchanges where outcome = 'done' and after is not null",
    )
    .await;
    assert_eq!(text(&done[0][0]), first.to_string());
}

/// The CLI and the desktop shell run scripts on spawned tasks.
#[test]
fn a_run_can_move_between_threads() {
    fn assert_send<T: Send>(_: &T) {}
    let mut session = tandem_engine::Session::new(tandem_engine::ConnectionState::NotConnected);
    let mut defines = tandem_engine::Defines::new();
    let cancel = tandem_engine::CancelToken::new();
    let run = session.run_script("select 1", &mut defines, &tandem_engine::NoEvents, &cancel);
    assert_send(&run);
}
