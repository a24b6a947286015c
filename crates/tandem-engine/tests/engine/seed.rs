//! The seed article's script, pasted verbatim, runs up to its synchronize.

use std::collections::BTreeSet;

use tandem_engine::{Cell, ErrorKind, RunOutcome};

use crate::support::{demo, rows, run, text};

const SEED: &str = include_str!("../../../tandem-sql/tests/golden/seed_article.sql");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_script_runs_up_to_synchronize() {
    let mut session = demo().await;
    let report = run(&mut session, SEED).await;
    assert_eq!(report.outcome, RunOutcome::Failed);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let error = &report.errors[0];
    assert_eq!(error.kind(), ErrorKind::NotSupported);
    assert!(error.to_string().contains("synchronize"), "{error}");
    let sync_line = SEED
        .lines()
        .position(|l| l.starts_with("synchronize"))
        .unwrap()
        + 1;
    assert_eq!(error.position().unwrap().line, sync_line);

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

    // accounts_soll: every 'Aanneming' account of 102673 once per target.
    let sim = session.simulator().unwrap();
    let source: Vec<(String, String, String)> = sim
        .store()
        .rows(102673, "Accounts")
        .into_iter()
        .filter(|a| a["Name"].as_str().unwrap_or("").starts_with("Aanneming"))
        .map(|a| {
            (
                a["Code"].as_str().unwrap().trim().to_string(),
                a["Name"].as_str().unwrap().to_string(),
                a["ChamberOfCommerce"]
                    .as_str()
                    .map_or("NULL".into(), str::to_string),
            )
        })
        .collect();
    assert!(!source.is_empty());
    let mut expected = BTreeSet::new();
    for t in &targets {
        for (code, name, coc) in &source {
            expected.insert((t.to_string(), code.clone(), name.clone(), coc.clone()));
        }
    }
    let got = rows(
        &mut session,
        "select division, code, name, chamberofcommerce from accounts_soll@inmemorystorage",
    )
    .await;
    assert_eq!(got.len(), source.len() * 10);
    let got: BTreeSet<(String, String, String, String)> = got
        .iter()
        .map(|r| (text(&r[0]), text(&r[1]), text(&r[2]), text(&r[3])))
        .collect();
    assert_eq!(got, expected);
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
