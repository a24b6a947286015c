//! Runs are recorded in the app database's history, in a real file.

use tandem_engine::{RunOutcome, Store};

use crate::support::{demo, run};

struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("tandem-engine-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_run_is_recorded_in_the_history_file() {
    let home = TempDir::new("history");
    let mut session = demo().await;
    session.open_store(&home.0).expect("the app database opens");

    let ok = "select count(*) from exactonlinerest..accounts";
    let report = run(&mut session, ok).await;
    assert_eq!(report.outcome, RunOutcome::Completed, "{:?}", report.errors);
    let bad = "select 1\nselect * from nope";
    let report = run(&mut session, bad).await;
    assert_eq!(report.outcome, RunOutcome::Failed);
    let company = session.active_partitions()[0].code.to_string();
    drop(session);

    let store = Store::open(&home.0.join(tandem_engine::DATABASE_FILE)).expect("reopens");
    let runs = store.history().list(None, 10).unwrap();
    assert_eq!(runs.len(), 2, "{runs:?}");
    let (failed, done) = (&runs[0], &runs[1]);

    assert_eq!(done.script, ok);
    assert_eq!(done.outcome, Some(tandem_store::Outcome::Ok));
    assert_eq!(done.companies, vec![company.clone()]);
    assert!(done.finished_at.is_some());
    assert!(done.duration_ms.is_some());
    // The master company's accounts take more than one page.
    assert!(done.api_calls.unwrap() >= 1, "{done:?}");
    assert_eq!(done.error, None);

    assert_eq!(failed.script, bad);
    assert_eq!(failed.outcome, Some(tandem_store::Outcome::Failed));
    assert_eq!(failed.api_calls, Some(0));
    let error = failed.error.as_deref().unwrap();
    assert!(
        error.contains("line 2") && error.contains("Unknown table nope"),
        "{error}"
    );
}
