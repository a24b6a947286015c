//! A source without a `division` column goes to the one active company, and
//! pairs there: a second run writes nothing.

use tandem_engine::RunOutcome;

use crate::seed::{fast_demo, writes};
use crate::support::run;

const SCRIPT: &str = "
create or replace table soll@inmemorystorage as
select 'ROUTE1' code, 'Routed one' name
union all select 'ROUTE2', 'Routed two';
use 102711;
synchronize exactonlinerest..accounts from soll@inmemorystorage
with insert or update identified by code";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_without_division_pairs_in_the_one_active_company() {
    let mut session = fast_demo().await;
    let first = run(&mut session, SCRIPT).await;
    assert_eq!(first.outcome, RunOutcome::Completed, "{:?}", first.errors);
    let summary = first.results.last().unwrap();
    assert_eq!(summary.row_count, 1, "one company in the summary");
    let sim = session.simulator().unwrap();
    let written = writes(sim);
    assert_eq!(written, 2);
    let held: Vec<String> = sim
        .store()
        .rows(102711, "Accounts")
        .iter()
        .filter_map(|a| a["Code"].as_str().map(|c| c.trim().to_string()))
        .filter(|c| c.starts_with("ROUTE"))
        .collect();
    assert_eq!(held.len(), 2, "{held:?}");

    let again = run(&mut session, SCRIPT).await;
    assert_eq!(again.outcome, RunOutcome::Completed, "{:?}", again.errors);
    assert_eq!(
        writes(session.simulator().unwrap()),
        written,
        "a second run wrote"
    );
}
