//! Bad input: clear messages with positions, never a panic.

use tandem_engine::{ErrorKind, RunOutcome};

use crate::support::{demo, run};

async fn first_error(script: &str) -> tandem_engine::Error {
    let mut session = demo().await;
    let report = run(&mut session, script).await;
    assert_eq!(report.outcome, RunOutcome::Failed, "{script}");
    report.errors[0].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_failure_says_what_and_where() {
    let mut session = demo().await;
    let cases: &[(&str, ErrorKind, &str, (usize, usize))] = &[
        ("select 1\nselect * frm x", ErrorKind::Syntax, "", (2, 10)),
        (
            "select 1\nselect * from nope",
            ErrorKind::Name,
            "Unknown table nope",
            (2, 15),
        ),
        (
            "select nme from exactonlinerest..accounts",
            ErrorKind::Sql,
            "no such column: nme",
            (1, 1),
        ),
        ("select ${UNSET}", ErrorKind::Syntax, "UNSET", (1, 8)),
        ("use 999001", ErrorKind::Partition, "999001", (1, 1)),
        (
            "use 102673, 999001, 5",
            ErrorKind::Partition,
            "999001, 5",
            (1, 1),
        ),
    ];
    for (script, kind, text, (line, column)) in cases {
        let report = run(&mut session, script).await;
        assert_eq!(report.outcome, RunOutcome::Failed, "{script}");
        let e = &report.errors[0];
        assert_eq!(e.kind(), *kind, "{script}: {e}");
        assert!(e.to_string().contains(text), "{script}: {e}");
        let p = e.position().unwrap();
        assert_eq!((p.line, p.column), (*line, *column), "{script}: {e}");
        let rendered = e.render(script);
        assert!(rendered.ends_with('^'), "{rendered}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_failing_company_among_many_is_named() {
    let mut session = demo().await;
    // The client stops calling an endpoint of a company after too many
    // errors; a company whose rate limit is spent fails its reads. Here the
    // simulator's daily limit is exhausted for one company only.
    let sim = session.simulator().unwrap();
    let mut settings = sim.settings();
    settings.daily_limit = 0;
    sim.set_settings(settings);
    let e = {
        let report = run(
            &mut session,
            "use all\nselect count(*) from exactonlinerest..accounts",
        )
        .await;
        report.errors.into_iter().next().expect("an error")
    };
    assert_eq!(e.kind(), ErrorKind::Provider, "{e}");
    assert!(e.to_string().contains("company "), "{e}");
    assert_eq!(e.position().unwrap().line, 2, "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn synchronize_is_refused_with_its_position() {
    let e = first_error("select 1\n  explain synchronize exactonlinerest..accounts from x@inmemorystorage with insert identified by code").await;
    assert_eq!(e.kind(), ErrorKind::NotSupported);
    assert_eq!(e.position().map(|p| (p.line, p.column)), Some((2, 3)));
}
