//! Bad input: clear messages with positions, never a panic.

use tandem_engine::{CancelToken, Defines, ErrorKind, Event, RunOutcome};

use crate::support::{demo, run, Recorder};

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
    assert!(run(&mut session, "use all").await.errors.is_empty());
    let companies: Vec<i64> = session.active_partitions().iter().map(|p| p.code).collect();
    assert!(companies.len() >= 3, "{companies:?}");
    let victim = *companies.last().unwrap();

    // A low daily limit, spent in one company only by reading it alone
    // until the client refuses: then only that company has no calls left.
    let sim = session.simulator().unwrap();
    let mut settings = sim.settings();
    settings.daily_limit = 20;
    sim.set_settings(settings);
    let alone = format!(
        "use all\nselect count(*) from exactonlinerest..accounts where division = {victim}"
    );
    let mut spent = false;
    for _ in 0..100 {
        if run(&mut session, &alone).await.outcome == RunOutcome::Failed {
            spent = true;
            break;
        }
    }
    assert!(spent, "the daily limit of {victim} is spent");

    let mark = session.simulator().unwrap().call_log().len();
    let recorder = Recorder::default();
    let mut defines = Defines::new();
    let report = session
        .run_script(
            "use all\nselect division, count(*) from exactonlinerest..accounts group by division",
            &mut defines,
            &recorder.sink(),
            &CancelToken::new(),
        )
        .await;
    assert_eq!(report.outcome, RunOutcome::Failed);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let e = &report.errors[0];
    let text = e.to_string();
    println!("{text}");
    assert_eq!(e.kind(), ErrorKind::Provider, "{e}");
    assert_eq!(e.position().unwrap().line, 2, "{e}");
    assert!(text.contains(&format!("company {victim}: ")), "{e}");
    assert!(text.contains("ExactOnlineREST.CRM.Accounts"), "{e}");
    assert!(text.contains("calls left today"), "{e}");
    let others = companies.len() - 1;
    assert!(
        text.contains(&format!(
            "{others} of {} companies were read",
            companies.len()
        )),
        "{e}"
    );
    for other in &companies[..others] {
        assert!(!text.contains(&format!("company {other}")), "{e}");
    }

    // Every other company was read to its end, once, and reported with
    // its own row count; the spent company was not called at all.
    let store = session.simulator().unwrap().store();
    let finished: Vec<(i64, u64)> = recorder
        .0
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            Event::FetchFinished {
                partition: Some(p),
                rows,
                ..
            } => Some((*p, *rows)),
            _ => None,
        })
        .collect();
    assert_eq!(finished.len(), others, "{finished:?}");
    for (code, rows) in &finished {
        assert_ne!(*code, victim);
        assert_eq!(
            *rows as usize,
            store.count(*code, "Accounts"),
            "company {code}"
        );
    }
    let calls = session.simulator().unwrap().call_log()[mark..].to_vec();
    let accounts: Vec<_> = calls
        .iter()
        .filter(|c| c.path.contains("Accounts"))
        .collect();
    assert!(
        accounts.iter().all(|c| c.division != Some(victim)),
        "{accounts:?}"
    );
    let pages: usize = companies[..others]
        .iter()
        .map(|d| store.count(*d, "Accounts").div_ceil(1000).max(1))
        .sum();
    assert_eq!(accounts.len(), pages, "one read per company, none repeated");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn synchronize_from_an_unknown_table_is_refused_with_its_position() {
    let e = first_error("select 1\n  explain synchronize exactonlinerest..accounts from x@inmemorystorage with insert identified by code").await;
    assert_eq!(e.kind(), ErrorKind::Name, "{e}");
    assert_eq!(e.position().map(|p| (p.line, p.column)), Some((2, 3)));
}
