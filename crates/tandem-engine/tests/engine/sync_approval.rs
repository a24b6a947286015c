//! The app's preview: with an approver set, every synchronize that would
//! write shows its plan first and writes only when approved.

use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use tandem_engine::{CancelToken, NoEvents, RunOutcome, SyncApproval, SyncPreview};

use crate::seed::{fast_demo, writes};
use crate::support::run;

/// Answers `yes` and keeps what it was shown.
struct Approver {
    yes: bool,
    seen: Mutex<Vec<SyncPreview>>,
}

impl SyncApproval for Approver {
    fn approve<'a>(&'a self, preview: &'a SyncPreview) -> BoxFuture<'a, bool> {
        self.seen.lock().unwrap().push(preview.clone());
        Box::pin(async move { self.yes })
    }
}

const SCRIPT: &str = "
create or replace table soll@inmemorystorage as
select 102711 division, 'APPR1' code, 'Approved one' name
union all select 102711, 'APPR2', 'Approved two';
use 102711;
synchronize exactonlinerest..accounts from soll@inmemorystorage
with insert or update identified by division, code";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_plan_writes_nothing_and_an_approved_one_is_applied() {
    let mut session = fast_demo().await;
    let no = Arc::new(Approver {
        yes: false,
        seen: Mutex::new(Vec::new()),
    });
    session.set_sync_approval(Some(no.clone()));
    let before = writes(session.simulator().unwrap());
    let report = run(&mut session, SCRIPT).await;
    assert_eq!(report.outcome, RunOutcome::Cancelled, "{:?}", report.errors);
    assert_eq!(writes(session.simulator().unwrap()), before);
    {
        let seen = no.seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        let preview = &seen[0];
        assert_eq!(preview.plan.totals.inserts, 2);
        assert_eq!(preview.daily_remaining.len(), 1);
        assert_eq!(preview.daily_remaining[0].company, 102711);
        assert!(preview.daily_remaining[0].remaining.is_some());
        assert!(preview.statement.starts_with("SYNCHRONIZE"));
    }

    let yes = Arc::new(Approver {
        yes: true,
        seen: Mutex::new(Vec::new()),
    });
    session.set_sync_approval(Some(yes.clone()));
    let report = run(&mut session, SCRIPT).await;
    assert_eq!(report.outcome, RunOutcome::Completed, "{:?}", report.errors);
    assert_eq!(writes(session.simulator().unwrap()), before + 2);

    // Nothing left to write: the approver is not asked again.
    let report = run(&mut session, SCRIPT).await;
    assert_eq!(report.outcome, RunOutcome::Completed, "{:?}", report.errors);
    assert_eq!(yes.seen.lock().unwrap().len(), 1);
}

/// Undo goes through the approver like any synchronize: the app shows its
/// plan (marked as the undo of its run) first, and a declined undo writes
/// nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undo_shows_its_plan_to_the_approver_first() {
    let mut session = fast_demo().await;
    let yes = Arc::new(Approver {
        yes: true,
        seen: Mutex::new(Vec::new()),
    });
    session.set_sync_approval(Some(yes.clone()));
    let report = run(&mut session, &SCRIPT.replace("APPR", "UNDO")).await;
    assert_eq!(report.outcome, RunOutcome::Completed, "{:?}", report.errors);
    let run_id = session.store().unwrap().sync_log().runs(1).unwrap()[0].id;

    let no = Arc::new(Approver {
        yes: false,
        seen: Mutex::new(Vec::new()),
    });
    session.set_sync_approval(Some(no.clone()));
    let before = writes(session.simulator().unwrap());
    let declined = session
        .undo_run(run_id, false, &NoEvents, &CancelToken::new())
        .await;
    assert_eq!(declined.unwrap_err(), tandem_engine::Error::Cancelled);
    assert_eq!(writes(session.simulator().unwrap()), before);
    {
        let seen = no.seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].undo_of, Some(run_id));
        assert_eq!(seen[0].plan.totals.deletes, 2);
        assert_eq!(seen[0].daily_remaining[0].company, 102711);
    }

    session.set_sync_approval(Some(yes.clone()));
    session
        .undo_run(run_id, false, &NoEvents, &CancelToken::new())
        .await
        .unwrap();
    assert_eq!(writes(session.simulator().unwrap()), before + 2);
    let seen = yes.seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].undo_of, Some(run_id));
}
