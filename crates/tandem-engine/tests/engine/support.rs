//! Shared plumbing: a demo session, running SQL and reading all rows.

use std::sync::{Arc, Mutex};

use tandem_engine::{CancelToken, Cell, Defines, Event, RunReport, Session};

pub async fn demo() -> Session {
    Session::demo().await.expect("demo session starts")
}

/// Events a run produced.
#[derive(Clone, Default)]
pub struct Recorder(pub Arc<Mutex<Vec<Event>>>);

impl Recorder {
    pub fn sink(&self) -> impl Fn(Event) + Send + Sync + 'static {
        let events = self.0.clone();
        move |e| events.lock().unwrap().push(e)
    }
}

pub async fn run(session: &mut Session, script: &str) -> RunReport {
    let mut defines = Defines::new();
    session
        .run_script(
            script,
            &mut defines,
            &tandem_engine::NoEvents,
            &CancelToken::new(),
        )
        .await
}

/// Every row of a one-statement query; panics with the error otherwise.
pub async fn rows(session: &mut Session, sql: &str) -> Vec<Vec<Cell>> {
    let report = run(session, sql).await;
    assert!(report.errors.is_empty(), "{sql}: {:?}", report.errors);
    let info = report.results.last().expect("a result set").clone();
    session.page(info.id, 0, u64::MAX).unwrap()
}

pub fn text(c: &Cell) -> String {
    match c {
        Cell::Null => "NULL".into(),
        other => other.as_text().unwrap(),
    }
}
