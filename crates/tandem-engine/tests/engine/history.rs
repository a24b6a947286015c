//! Runs are recorded in the app database's history, in a real file.

use tandem_engine::{
    CancelToken, Cell, Defines, Event, KeepResults, ResultSetInfo, RunOutcome, Session, SqlType,
    Store,
};

use crate::support::{demo, run, Recorder};

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
    // Who ran it, as the synchronize run log names them.
    let who = done.run_by.as_deref().unwrap_or_default();
    assert!(!who.is_empty() && who != "unknown", "{done:?}");

    assert_eq!(failed.script, bad);
    assert_eq!(failed.outcome, Some(tandem_store::Outcome::Failed));
    assert_eq!(failed.api_calls, Some(0));
    let error = failed.error.as_deref().unwrap();
    assert!(
        error.contains("line 2") && error.contains("Unknown table nope"),
        "{error}"
    );
}

/// Every page of a result set.
fn all_rows(session: &Session, info: &ResultSetInfo) -> Vec<Vec<Cell>> {
    session.page(info.id, 0, u64::MAX).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runs_results_reopen_in_a_later_session_as_they_were() {
    let home = TempDir::new("kept-results");
    let mut session = demo().await;
    session.open_store(&home.0).expect("the app database opens");
    let script = "select code, name, created, cast(1.5 as decimal) half \
                  from exactonlinerest..accounts order by code\n\
                  select 1 as one, 'it''s' as quoted, null as empty";
    let report = run(&mut session, script).await;
    assert_eq!(report.outcome, RunOutcome::Completed, "{:?}", report.errors);
    assert_eq!(report.results.len(), 2);
    let run_id = report.history_id.expect("the run is in the history");
    let before: Vec<(ResultSetInfo, Vec<Vec<Cell>>)> = report
        .results
        .iter()
        .map(|r| (r.clone(), all_rows(&session, r)))
        .collect();
    assert!(before[0].1.len() > 100, "the demo's accounts");
    drop(session);

    // What is on disk: one finished file, nothing half written.
    let folder = home.0.join(tandem_engine::RESULTS_DIR);
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, [format!("run-{run_id}.db")]);
    let store = Store::open(&home.0.join(tandem_engine::DATABASE_FILE)).unwrap();
    let entry = store.history().get(run_id).unwrap().unwrap();
    let total = before
        .iter()
        .map(|(_, rows)| rows.len() as u64)
        .sum::<u64>();
    assert_eq!((entry.result_rows, entry.results_kept), (Some(total), true));
    drop(store);

    let mut later = demo().await;
    later.open_store(&home.0).unwrap();
    let reopened = later.reopen_results(run_id).expect("the results reopen");
    assert_eq!(reopened.len(), before.len());
    for ((info, rows), again) in before.iter().zip(&reopened) {
        assert_eq!(again.columns, info.columns, "names and types");
        assert_eq!(again.row_count, info.row_count);
        assert_eq!(&all_rows(&later, again), rows, "the same rows in order");
        // A reopened set is a result set like any other: it sorts.
        let sorted = later.sort_result(again.id, 0, true).unwrap();
        assert_eq!(sorted.row_count, info.row_count);
    }
    assert_eq!(
        reopened[0]
            .columns
            .iter()
            .map(|c| c.sql_type)
            .collect::<Vec<_>>(),
        [
            SqlType::Text,
            SqlType::Text,
            SqlType::Datetime,
            SqlType::Decimal
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_newest_runs_keep_results_and_a_large_answer_is_not_kept() {
    let home = TempDir::new("kept-results-room");
    let mut session = demo().await;
    session.open_store(&home.0).unwrap();
    session.set_keep_results(KeepResults {
        max_rows: 5,
        runs: 2,
        ..KeepResults::default()
    });
    let mut ids = Vec::new();
    for n in 1..=3 {
        let report = run(&mut session, &format!("select {n} as n")).await;
        ids.push(report.history_id.unwrap());
    }
    let large = run(&mut session, "select code from exactonlinerest..accounts").await;
    let large_id = large.history_id.unwrap();
    // A run without result sets keeps nothing and records no rows.
    let none = run(
        &mut session,
        "create or replace table t@inmemorystorage as select 1 a",
    )
    .await;
    let none_id = none.history_id.unwrap();

    let history = |id| session.store().unwrap().history().get(id).unwrap().unwrap();
    let kept: Vec<bool> = ids.iter().map(|&id| history(id).results_kept).collect();
    assert_eq!(kept, [false, true, true], "the oldest made room");
    let large_entry = history(large_id);
    assert!(!large_entry.results_kept);
    assert_eq!(large_entry.result_rows, Some(large.results[0].row_count));
    assert_eq!(history(none_id).result_rows, None);
    let folder = home.0.join(tandem_engine::RESULTS_DIR);
    assert!(!folder.join(format!("run-{}.db", ids[0])).exists());
    assert!(!folder.join(format!("run-{large_id}.db")).exists());

    for gone in [ids[0], large_id] {
        let error = session.reopen_results(gone).unwrap_err().to_string();
        assert!(
            error.contains(&format!("the results of run {gone} are not kept"))
                && error.contains("run its script again"),
            "{error}"
        );
    }
    let again = session.reopen_results(ids[2]).unwrap();
    assert_eq!(
        session.page(again[0].id, 0, 10).unwrap(),
        [[Cell::Integer(3)]]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_that_cannot_be_kept_warn_and_the_run_still_succeeds() {
    let home = TempDir::new("kept-results-blocked");
    let mut session = demo().await;
    session.open_store(&home.0).unwrap();
    // A file where the results folder should be.
    std::fs::write(home.0.join(tandem_engine::RESULTS_DIR), "in the way").unwrap();
    let recorder = Recorder::default();
    let sink = recorder.sink();
    let report = session
        .run_script(
            "select 1 as one",
            &mut Defines::new(),
            &sink,
            &CancelToken::new(),
        )
        .await;
    assert_eq!(report.outcome, RunOutcome::Completed, "{:?}", report.errors);
    assert!(report.errors.is_empty());
    let warnings: Vec<String> = recorder
        .0
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            Event::Message { level, text } if level == "warning" => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("this run's results could not be kept")),
        "{warnings:?}"
    );
    let entry = session
        .store()
        .unwrap()
        .history()
        .get(report.history_id.unwrap())
        .unwrap()
        .unwrap();
    assert_eq!((entry.result_rows, entry.results_kept), (Some(1), false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_column_of_mixed_values_reopens_value_for_value_in_an_odd_folder() {
    // A folder name SQLite's URIs would misread if it were not encoded.
    let home = TempDir::new("kept results ?#% odd");
    let mut session = demo().await;
    session.open_store(&home.0).unwrap();
    // The first value is an integer; the others must not become integers.
    let script = "select 1 as v union all select '007' union all select 3.5 \
                  union all select null union all select 'n/a'";
    let report = run(&mut session, script).await;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let before = all_rows(&session, &report.results[0]);
    assert_eq!(
        before,
        [
            [Cell::Integer(1)],
            [Cell::Text("007".into())],
            [Cell::Real(3.5)],
            [Cell::Null],
            [Cell::Text("n/a".into())]
        ]
    );
    let reopened = session
        .reopen_results(report.history_id.unwrap())
        .expect("reopens from a folder with ?, # and % in its name");
    assert_eq!(all_rows(&session, &reopened[0]), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leftovers_go_too_large_files_are_not_kept_and_only_kept_runs_reopen() {
    let home = TempDir::new("kept-results-leftovers");
    let mut session = demo().await;
    session.open_store(&home.0).unwrap();
    let folder = home.0.join(tandem_engine::RESULTS_DIR);
    std::fs::create_dir_all(&folder).unwrap();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let leftover = |name: &str, old: bool| {
        let path = folder.join(name);
        let file = std::fs::File::create(&path).unwrap();
        if old {
            file.set_modified(an_hour_ago).unwrap();
        }
        path
    };
    // A run killed while it wrote, one killed before its record, and a
    // partial file of a run still writing elsewhere.
    let killed = leftover("run-901.db.partial", true);
    let unrecorded = leftover("run-902.db", true);
    let writing = leftover("run-903.db.partial", false);
    let unrelated = leftover("notes.txt", true);

    // Too large on disk: not kept, and no partial file stays behind.
    session.set_keep_results(KeepResults {
        max_bytes: 1,
        ..KeepResults::default()
    });
    let large = run(&mut session, "select 1 as one").await;
    let large_id = large.history_id.unwrap();
    assert!(!folder.join(format!("run-{large_id}.db")).exists());
    assert!(!folder.join(format!("run-{large_id}.db.partial")).exists());
    let entry = session
        .store()
        .unwrap()
        .history()
        .get(large_id)
        .unwrap()
        .unwrap();
    assert_eq!((entry.result_rows, entry.results_kept), (Some(1), false));

    assert!(!killed.exists() && !unrecorded.exists(), "old leftovers go");
    assert!(writing.exists(), "a file being written now stays");
    assert!(
        unrelated.exists(),
        "only the results' own files are touched"
    );

    // A file the history does not count as kept does not reopen.
    std::fs::write(folder.join(format!("run-{large_id}.db")), b"").unwrap();
    let error = session.reopen_results(large_id).unwrap_err().to_string();
    assert!(error.contains("are not kept"), "{error}");

    // After all that, keeping and reopening work as before.
    session.set_keep_results(KeepResults::default());
    let fine = run(&mut session, "select 2 as two").await;
    let again = session.reopen_results(fine.history_id.unwrap()).unwrap();
    assert_eq!(
        session.page(again[0].id, 0, 10).unwrap(),
        [[Cell::Integer(2)]]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keeping_can_be_switched_off_and_kept_results_forgotten() {
    let home = TempDir::new("kept-results-forget");
    let mut session = demo().await;
    session.open_store(&home.0).unwrap();
    let first = run(&mut session, "select 1 as one")
        .await
        .history_id
        .unwrap();
    let second = run(&mut session, "select 2 as two")
        .await
        .history_id
        .unwrap();
    let folder = home.0.join(tandem_engine::RESULTS_DIR);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);

    assert_eq!(session.forget_kept_results().unwrap(), 2);
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        0,
        "no file left"
    );
    for id in [first, second] {
        let run = session.store().unwrap().history().get(id).unwrap().unwrap();
        assert!(!run.results_kept);
        assert!(!run.script.is_empty(), "the history itself stays");
        assert!(session.reopen_results(id).is_err());
    }

    session
        .set_setting(tandem_engine::KEEP_RESULTS_SETTING, "off")
        .unwrap();
    let off = run(&mut session, "select 3 as three")
        .await
        .history_id
        .unwrap();
    let run_off = session
        .store()
        .unwrap()
        .history()
        .get(off)
        .unwrap()
        .unwrap();
    assert_eq!(
        (run_off.result_rows, run_off.results_kept),
        (Some(1), false)
    );
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);

    session
        .set_setting(tandem_engine::KEEP_RESULTS_SETTING, "on")
        .unwrap();
    let on = run(&mut session, "select 4 as four")
        .await
        .history_id
        .unwrap();
    assert!(session.reopen_results(on).is_ok());
}
