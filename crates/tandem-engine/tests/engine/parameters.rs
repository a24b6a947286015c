//! Running a script with parameter values, as the app's form and
//! `tandem run --define` give them: a value given wins over the script's
//! `local define` default, an empty one falls back to it, and a parameter
//! with neither stops the run before anything runs.

use std::collections::BTreeMap;

use tandem_engine::{CancelToken, Cell, Defines, NoEvents, RunOutcome, Session};

use crate::support::demo;

const SCRIPT: &str = "local define YEAR \"2025\"\nselect '${YEAR}' as y";

fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn value_of(session: &mut Session, parameters: &[(&str, &str)]) -> Cell {
    let report = session
        .run_with_parameters(
            SCRIPT,
            &values(parameters),
            None,
            &NoEvents,
            &CancelToken::new(),
        )
        .await;
    assert_eq!(report.outcome, RunOutcome::Completed, "{:?}", report.errors);
    let id = report.results.last().unwrap().id;
    session.page(id, 0, 1).unwrap().remove(0).remove(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_given_value_wins_over_the_scripts_default_and_an_empty_one_keeps_it() {
    let mut session = demo().await;
    assert_eq!(
        value_of(&mut session, &[("year", "2026")]).await,
        Cell::Text("2026".into())
    );
    assert_eq!(
        value_of(&mut session, &[("YEAR", "")]).await,
        Cell::Text("2025".into())
    );
    assert_eq!(value_of(&mut session, &[]).await, Cell::Text("2025".into()));

    // `tandem run --define` gives its values the same way.
    let mut defines = Defines::new();
    defines.give("YEAR", "2027");
    let report = session
        .run_script(SCRIPT, &mut defines, &NoEvents, &CancelToken::new())
        .await;
    let id = report.results.last().unwrap().id;
    assert_eq!(
        session.page(id, 0, 1).unwrap()[0][0],
        Cell::Text("2027".into())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_parameter_without_default_is_named_and_nothing_runs() {
    let mut session = demo().await;
    let script = "create or replace table t@inmemorystorage as select 1 x\n\
                  select * from exactonlinerest..accounts where division = ${SOURCE_COMPANY}";
    let history_before = session
        .store()
        .map(|s| s.history().list(None, 100).unwrap().len());
    let report = session
        .run_with_parameters(
            script,
            &values(&[("SOURCE_COMPANY", "  ")]),
            None,
            &NoEvents,
            &CancelToken::new(),
        )
        .await;
    assert_eq!(report.outcome, RunOutcome::Failed);
    assert_eq!(report.statements, 0);
    assert_eq!(report.errors.len(), 1);
    let message = report.errors[0].to_string();
    assert!(message.contains("SOURCE_COMPANY"), "{message}");
    assert_eq!(report.errors[0].position().map(|p| p.line), Some(2));
    let history_after = session
        .store()
        .map(|s| s.history().list(None, 100).unwrap().len());
    assert_eq!(history_before, history_after, "nothing was run");
    // The table of the first statement was not created.
    let check = session
        .run_with_parameters(
            "select * from t@inmemorystorage",
            &BTreeMap::new(),
            None,
            &NoEvents,
            &CancelToken::new(),
        )
        .await;
    assert_eq!(check.outcome, RunOutcome::Failed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_are_remembered_per_saved_query_and_offered_next_time() {
    let mut session = demo().await;
    session.attach_store(tandem_engine::Store::open_in_memory().unwrap());
    let script = include_str!("../../../tandem-sql/tests/golden/seed_article.sql");
    let id = session
        .store()
        .unwrap()
        .library()
        .create(&tandem_store::NewQuery {
            name: "Seed",
            description: "",
            folder: "",
            script: "select ${SOURCE_COMPANY} as c, '${NOTE}' as n",
            tags: &[],
        })
        .unwrap();
    let fields = session.parameter_fields(script, Some(id)).unwrap();
    assert_eq!(fields[0].value.as_deref(), Some("102673"));

    let report = session
        .run_with_parameters(
            "select ${SOURCE_COMPANY} as c, '${NOTE}' as n",
            &values(&[("SOURCE_COMPANY", "102700"), ("NOTE", "")]),
            Some(id),
            &NoEvents,
            &CancelToken::new(),
        )
        .await;
    // NOTE has no value and no default.
    assert_eq!(report.outcome, RunOutcome::Failed);
    assert!(report.errors[0].to_string().contains("NOTE"));

    let report = session
        .run_with_parameters(
            "select ${SOURCE_COMPANY} as c, '${NOTE}' as n",
            &values(&[("SOURCE_COMPANY", "102700"), ("NOTE", "hi")]),
            Some(id),
            &NoEvents,
            &CancelToken::new(),
        )
        .await;
    assert_eq!(report.outcome, RunOutcome::Completed, "{:?}", report.errors);
    let fields = session.parameter_fields(script, Some(id)).unwrap();
    assert_eq!(fields[0].name, "SOURCE_COMPANY");
    assert_eq!(fields[0].value.as_deref(), Some("102700"), "remembered");
    assert!(!fields[0].required);
}
