//! Cancelling a synchronize: no new write starts, the writes under way
//! finish, and the run log says exactly what was done.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tandem_engine::{CancelToken, Defines, Event, RunOutcome};

use crate::seed::fast_demo;

const SCRIPT: &str = "
create or replace table soll@inmemorystorage as
select 102700 division, 'CANCEL' || cast(n as text) code, 'Cancel test ' || cast(n as text) name
from (with recursive r(n) as (select 1 union all select n + 1 from r where n < 40) select n from r);
use 102700;
synchronize exactonlinerest..accounts from soll@inmemorystorage
with insert identified by division, code";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_sync_stops_cleanly_and_its_log_is_exact() {
    let mut session = fast_demo().await;
    let sim = session.simulator().unwrap();
    let mut settings = sim.settings();
    settings.write_latency.fixed_ms = 40;
    sim.set_settings(settings);

    let cancel = CancelToken::new();
    let done = Arc::new(AtomicU64::new(0));
    let sink = {
        let cancel = cancel.clone();
        let done = done.clone();
        move |e: Event| {
            if let Event::SyncProgress { done: d, .. } = e {
                done.store(d, Ordering::SeqCst);
                if d == 5 {
                    cancel.cancel();
                }
            }
        }
    };
    let mut defines = Defines::new();
    let report = session
        .run_script(SCRIPT, &mut defines, &sink, &cancel)
        .await;
    assert_eq!(report.outcome, RunOutcome::Cancelled, "{:?}", report.errors);
    // The cancelled statement still returns its summary: 5 inserted, 35 not
    // done, in company 102700.
    let summary = report.results.last().expect("a summary");
    let cells = session.page(summary.id, 0, 10).unwrap();
    assert_eq!(cells.len(), 1);
    let n = |i: usize| cells[0][i].as_text().unwrap();
    assert_eq!(
        (n(0), n(1), n(6)),
        ("102700".into(), "5".into(), "35".into())
    );

    // What the simulator holds is exactly what the log says was done.
    let sim = session.simulator().unwrap();
    let created = sim
        .store()
        .rows(102700, "Accounts")
        .iter()
        .filter(|a| {
            a["Code"]
                .as_str()
                .unwrap_or("")
                .trim()
                .starts_with("CANCEL")
        })
        .count();
    assert_eq!(
        created, 5,
        "the write under way when cancelled finishes, no new one starts"
    );
    let log = session.store().unwrap().sync_log();
    let run = log.runs(1).unwrap().remove(0);
    assert_eq!(run.outcome, Some(tandem_store::SyncOutcome::Cancelled));
    assert_eq!(run.counts.inserted, 5);
    let changes = log.changes(run.id).unwrap();
    assert_eq!(changes.len(), 40);
    let by = |o: tandem_store::ChangeOutcome| changes.iter().filter(|c| c.outcome == o).count();
    assert_eq!(by(tandem_store::ChangeOutcome::Done), 5);
    assert_eq!(by(tandem_store::ChangeOutcome::NotDone), 35);
    assert_eq!(done.load(Ordering::SeqCst), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_undo_says_it_was_cancelled_and_its_log_has_what_it_did() {
    let mut session = fast_demo().await;
    let mut defines = Defines::new();
    let report = session
        .run_script(
            SCRIPT,
            &mut defines,
            &tandem_engine::NoEvents,
            &CancelToken::new(),
        )
        .await;
    assert_eq!(report.outcome, RunOutcome::Completed, "{:?}", report.errors);
    let run = session.store().unwrap().sync_log().runs(1).unwrap()[0].id;

    let cancel = CancelToken::new();
    let sink = {
        let cancel = cancel.clone();
        move |e: Event| {
            if let Event::SyncProgress { done: 5, .. } = e {
                cancel.cancel();
            }
        }
    };
    let undone = session.undo_run(run, false, &sink, &cancel).await;
    assert_eq!(undone.unwrap_err(), tandem_engine::Error::Cancelled);
    let log = session.store().unwrap().sync_log();
    let undo = log.runs(1).unwrap().remove(0);
    assert_eq!(undo.undo_of, Some(run));
    assert_eq!(undo.outcome, Some(tandem_store::SyncOutcome::Cancelled));
    assert_eq!(undo.counts.deleted, 5);
}
