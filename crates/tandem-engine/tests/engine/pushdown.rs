//! Pushdown, counted in the simulator's call log.

use tandem_engine::{CancelToken, Cell, Defines, Event};

use crate::support::{demo, rows, run, Recorder};

fn account_calls(
    session: &tandem_engine::Session,
    from: usize,
) -> Vec<tandem_exact_sim::CallRecord> {
    session.simulator().unwrap().call_log()[from..]
        .iter()
        .filter(|c| c.path.contains("Accounts"))
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn division_and_like_fetch_one_company_with_a_filter() {
    let mut session = demo().await;
    assert!(run(&mut session, "use all").await.errors.is_empty());
    assert!(session.active_partitions().len() > 10);
    let mark = session.simulator().unwrap().call_log().len();
    let got = rows(
        &mut session,
        "select count(*) from exactonlinerest..accounts \
         where division = 102673 and name like 'Aanneming%'",
    )
    .await;
    let expected = session
        .simulator()
        .unwrap()
        .store()
        .rows(102673, "Accounts")
        .iter()
        .filter(|a| a["Name"].as_str().unwrap_or("").starts_with("Aanneming"))
        .count() as i64;
    assert_eq!(got, vec![vec![Cell::Integer(expected)]]);
    let calls = account_calls(&session, mark);
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].division, Some(102673));
    let query = calls[0].query.clone().unwrap_or_default();
    assert!(query.contains("$filter"), "{query}");
    assert!(query.contains("startswith"), "{query}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_join_with_an_in_memory_table_reads_pages_not_rows() {
    let mut session = demo().await;
    let setup = "use all\n\
        create table picks@inmemorystorage as select code from systemdivisions\n";
    assert!(run(&mut session, setup).await.errors.is_empty());
    let companies: Vec<i64> = session.active_partitions().iter().map(|p| p.code).collect();
    let mark = session.simulator().unwrap().call_log().len();
    let recorder = Recorder::default();
    let mut defines = Defines::new();
    let report = session
        .run_script(
            "select count(*) from exactonlinerest..accounts act \
             join picks@inmemorystorage p on p.code = act.division",
            &mut defines,
            &recorder.sink(),
            &CancelToken::new(),
        )
        .await;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let store = session.simulator().unwrap().store();
    let pages: usize = companies
        .iter()
        .map(|d| store.count(*d, "Accounts").div_ceil(1000).max(1))
        .sum();
    let total: usize = companies.iter().map(|d| store.count(*d, "Accounts")).sum();
    let got = session.page(report.results[0].id, 0, 1).unwrap();
    assert_eq!(got, vec![vec![Cell::Integer(total as i64)]]);
    let calls = account_calls(&session, mark);
    assert_eq!(calls.len(), pages, "one call per page per company");
    let started = recorder
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches!(e, Event::FetchStarted { .. }))
        .count();
    assert_eq!(started, companies.len());
    println!(
        "join over {} companies: {} account calls for {} rows",
        companies.len(),
        calls.len(),
        total
    );
}
