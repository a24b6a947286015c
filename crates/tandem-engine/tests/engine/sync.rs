//! synchronize, clause by clause, checked in the simulator's own state (its
//! stored rows and its call log), not only through what the engine reports.
//!
//! The simulator runs a small dataset (three companies of about seventy
//! accounts) so that each test takes seconds.

use std::collections::BTreeMap;

use serde_json::Value as Json;
use tandem_engine::{Cell, RunOutcome, RunReport, Session, SimConfig, Simulator, SyncPolicy};

use crate::seed::writes;
use crate::support::{rows, run, text};

pub const A: i64 = 102700;
pub const B: i64 = 102711;
pub const C: i64 = 102722;

/// A demo session on a small dataset, with limits high enough that pacing
/// never shows.
pub fn small_config() -> SimConfig {
    let mut config = SimConfig::demo();
    config.settings.minutely_limit = 100_000;
    config.settings.daily_limit = 1_000_000;
    config.dataset.master_accounts = 400;
    config.dataset.copies_per_division = 60;
    config.dataset.other_divisions = 3;
    config.dataset.master_contacts = 20;
    config.dataset.items = 10;
    config
}

pub async fn small_demo() -> Session {
    Session::demo_with(small_config())
        .await
        .expect("demo session starts")
}

/// The session's simulator (a function, so that tests keep no borrow of
/// the session across the statements they run).
pub fn sim(session: &Session) -> &Simulator {
    session.simulator().expect("a demo session")
}

/// Runs a script that must complete without errors.
pub async fn ok(session: &mut Session, script: &str) -> RunReport {
    let report = run(session, script).await;
    assert_eq!(
        report.outcome,
        RunOutcome::Completed,
        "{script}: {:?}",
        report.errors
    );
    assert!(report.errors.is_empty(), "{script}: {:?}", report.errors);
    report
}

/// Runs a script that must fail; returns the first error's text.
pub async fn fails(session: &mut Session, script: &str) -> String {
    let report = run(session, script).await;
    assert!(
        !report.errors.is_empty(),
        "{script} should have failed: {:?}",
        report.outcome
    );
    report.errors[0].to_string()
}

/// The accounts of a company as the simulator stores them, by trimmed code.
pub fn accounts(sim: &Simulator, company: i64) -> BTreeMap<String, Json> {
    let mut out = BTreeMap::new();
    for a in sim.store().rows(company, "Accounts") {
        let code = a["Code"].as_str().unwrap().trim().to_string();
        assert!(
            out.insert(code.clone(), a).is_none(),
            "company {company} holds code {code} twice"
        );
    }
    out
}

pub fn name_of(sim: &Simulator, company: i64, code: &str) -> Option<String> {
    accounts(sim, company)
        .get(code)
        .map(|a| a["Name"].as_str().unwrap_or("").to_string())
}

/// The first `n` codes of a company, in code order.
pub fn some_codes(sim: &Simulator, company: i64, n: usize) -> Vec<String> {
    accounts(sim, company).into_keys().take(n).collect()
}

/// The summary result set of a synchronize: company → (inserted, updated,
/// deleted, unchanged, failed, not_done); a table without companies is 0.
pub fn summary(
    session: &Session,
    report: &RunReport,
) -> BTreeMap<i64, (i64, i64, i64, i64, i64, i64)> {
    let info = report
        .results
        .iter()
        .find(|r| r.columns.first().is_some_and(|c| c.name == "company") && r.columns.len() == 9)
        .expect("a synchronize summary");
    let int = |c: &Cell| match c {
        Cell::Integer(i) => *i,
        Cell::Null => 0,
        other => panic!("{other:?}"),
    };
    session
        .page(info.id, 0, u64::MAX)
        .unwrap()
        .iter()
        .map(|r| {
            (
                int(&r[0]),
                (
                    int(&r[1]),
                    int(&r[2]),
                    int(&r[3]),
                    int(&r[4]),
                    int(&r[5]),
                    int(&r[6]),
                ),
            )
        })
        .collect()
}

/// The refused rows a synchronize reported: (company, operation, key, error).
pub fn refused_rows(session: &Session, report: &RunReport) -> Vec<Vec<String>> {
    report
        .results
        .iter()
        .filter(|r| r.columns.len() == 4 && r.columns[3].name == "error")
        .flat_map(|r| session.page(r.id, 0, u64::MAX).unwrap())
        .map(|r| r.iter().map(text).collect())
        .collect()
}

pub async fn owned_source(session: &mut Session, rows: Vec<(i64, String, Option<String>)>) {
    let rows: Vec<(i64, &str, Option<&str>)> = rows
        .iter()
        .map(|(d, c, n)| (*d, c.as_str(), n.as_deref()))
        .collect();
    source_table(session, "src", &rows).await;
}

/// The id of the session's latest synchronize run.
pub fn last_run(session: &Session) -> i64 {
    session.store().unwrap().sync_log().runs(1).unwrap()[0].id
}

/// `(division, code, name)` rows as an in-memory table `name`.
pub async fn source_table(session: &mut Session, name: &str, rows: &[(i64, &str, Option<&str>)]) {
    let values: Vec<String> = rows
        .iter()
        .map(|(d, c, n)| {
            format!(
                "({d}, '{c}', {})",
                n.map_or("NULL".to_string(), |n| format!("'{n}'"))
            )
        })
        .collect();
    ok(
        session,
        &format!(
            "create or replace table {name}@inmemorystorage (division integer, code text, name text)\n\
             insert into {name}@inmemorystorage values {}",
            values.join(", ")
        ),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_insert_only_inserts_and_leaves_differing_rows_alone() {
    let mut session = small_demo().await;
    let codes = some_codes(sim(&session), A, 1);
    let old = name_of(sim(&session), A, &codes[0]).unwrap();
    ok(&mut session, "use 102700").await;
    source_table(
        &mut session,
        "src",
        &[
            (A, &codes[0], Some("Renamed")),
            (A, "T-NEW-1", Some("Brand new")),
        ],
    )
    .await;
    let before = writes(sim(&session));
    let report = ok(
        &mut session,
        "synchronize exactonlinerest..accounts from src@inmemorystorage \
         with insert identified by division, code",
    )
    .await;
    assert_eq!(writes(sim(&session)) - before, 1, "one POST, no PUT");
    assert_eq!(
        name_of(sim(&session), A, "T-NEW-1").as_deref(),
        Some("Brand new")
    );
    assert_eq!(
        name_of(sim(&session), A, &codes[0]),
        Some(old),
        "not updated"
    );
    // The differing pair is neither updated nor counted as unchanged.
    assert_eq!(summary(&session, &report)[&A], (1, 0, 0, 0, 0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_update_only_sends_only_changed_fields_and_inserts_nothing() {
    let mut session = small_demo().await;
    let codes = some_codes(sim(&session), A, 2);
    let was = accounts(sim(&session), A);
    ok(&mut session, "use 102700").await;
    source_table(
        &mut session,
        "src",
        &[
            (A, &codes[0], Some("Renamed")),
            (A, &codes[1], Some(was[&codes[1]]["Name"].as_str().unwrap())),
            (A, "T-NEW-2", Some("Not wanted")),
        ],
    )
    .await;
    let before = writes(sim(&session));
    let report = ok(
        &mut session,
        "synchronize exactonlinerest..accounts from src@inmemorystorage \
         with update identified by division, code",
    )
    .await;
    assert_eq!(writes(sim(&session)) - before, 1, "one PUT");
    assert_eq!(summary(&session, &report)[&A], (0, 1, 0, 1, 0, 0));
    let now = accounts(sim(&session), A);
    assert!(!now.contains_key("T-NEW-2"));
    assert_eq!(now.len(), was.len());
    // Only Name changed, plus what the service stamps on every write.
    let (old, new) = (&was[&codes[0]], &now[&codes[0]]);
    assert_eq!(new["Name"], "Renamed");
    for (field, value) in old.as_object().unwrap() {
        if !["Name", "Modified", "Timestamp"].contains(&field.as_str()) {
            assert_eq!(&new[field], value, "{field} changed");
        }
    }
    assert_eq!(
        now[&codes[1]], was[&codes[1]],
        "an equal row is not written"
    );
    // The run log holds the changed column only, with old and new value.
    let log = session.store().unwrap().sync_log();
    let changes = log.changes(last_run(&session)).unwrap();
    assert_eq!(changes.len(), 1);
    let after: Json = serde_json::from_str(changes[0].after.as_deref().unwrap()).unwrap();
    let before: Json = serde_json::from_str(changes[0].before.as_deref().unwrap()).unwrap();
    assert_eq!(after, serde_json::json!({"Name": "Renamed"}));
    assert_eq!(before, serde_json::json!({"Name": old["Name"]}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn insert_update_delete_makes_the_company_match_and_logs_the_deleted_row() {
    let mut session = small_demo().await;
    let was = accounts(sim(&session), B);
    let codes: Vec<String> = was.keys().take(2).cloned().collect();
    let (gone, renamed) = (&codes[0], &codes[1]);
    ok(
        &mut session,
        &format!(
            "use 102711\n\
             create or replace table src@inmemorystorage as \
             select division, code, name from exactonlinerest..accounts\n\
             delete from src@inmemorystorage where trim(code) = '{gone}'\n\
             update src@inmemorystorage set name = 'Renamed' where trim(code) = '{renamed}'\n\
             insert into src@inmemorystorage values ({B}, 'T-NEW-3', 'New three')"
        ),
    )
    .await;
    let report = ok(
        &mut session,
        "synchronize exactonlinerest..accounts from src@inmemorystorage \
         with insert or update or delete identified by division, code",
    )
    .await;
    let unchanged = was.len() as i64 - 2;
    assert_eq!(summary(&session, &report)[&B], (1, 1, 1, unchanged, 0, 0));
    let now = accounts(sim(&session), B);
    assert_eq!(now.len(), was.len());
    assert!(!now.contains_key(gone.as_str()));
    assert_eq!(now[renamed]["Name"], "Renamed");
    assert_eq!(now["T-NEW-3"]["Name"], "New three");

    // The delete's before-image is the whole row as it was: every column
    // the statement could write back.
    let changes = session
        .store()
        .unwrap()
        .sync_log()
        .changes(last_run(&session))
        .unwrap();
    let delete = changes.iter().find(|c| c.operation == "delete").unwrap();
    assert_eq!(delete.row_id.as_deref(), was[gone]["ID"].as_str());
    let image: Json = serde_json::from_str(delete.before.as_deref().unwrap()).unwrap();
    let image = image.as_object().unwrap();
    let get = |c: &str| {
        image
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(c))
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("{c} is not in the before-image {image:?}"))
    };
    for field in ["Name", "ChamberOfCommerce", "City", "Email", "Phone"] {
        assert_eq!(get(field), was[gone][field], "{field}");
    }
    assert_eq!(
        get("Code").as_str().unwrap().trim(),
        gone.as_str(),
        "the code"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_company_without_source_rows_is_not_emptied_unless_allowed() {
    let mut session = small_demo().await;
    let (a, b) = (accounts(sim(&session), A), accounts(sim(&session), B));
    ok(
        &mut session,
        "use 102700, 102711\n\
         create or replace table src@inmemorystorage as \
         select division, code, name from exactonlinerest..accounts where division = 102700",
    )
    .await;
    let before = writes(sim(&session));
    let sync = "synchronize exactonlinerest..accounts from src@inmemorystorage \
                with insert or update or delete identified by division, code";
    let message = fails(&mut session, sync).await;
    assert!(message.contains("more than half"), "{message}");
    assert!(message.contains("company 102711"), "{message}");
    assert!(message.contains("nothing was changed"), "{message}");
    assert_eq!(writes(sim(&session)), before, "the guard wrote");
    assert_eq!(accounts(sim(&session), B), b);

    session.set_sync_policy(SyncPolicy {
        allow_mass_delete: true,
    });
    let report = ok(&mut session, sync).await;
    let s = summary(&session, &report);
    assert_eq!(s[&B].2, b.len() as i64);
    assert_eq!(s[&A], (0, 0, 0, a.len() as i64, 0, 0));
    assert!(accounts(sim(&session), B).is_empty());
    assert_eq!(accounts(sim(&session), A), a);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_after_n_rows_counts_over_all_companies_and_stops_quietly() {
    let mut session = small_demo().await;
    ok(&mut session, "use 102700, 102711").await;
    source_table(
        &mut session,
        "src",
        &[
            (B, "T-B1", Some("b1")),
            (A, "T-A1", Some("a1")),
            (A, "T-A2", Some("a2")),
            (B, "T-B2", Some("b2")),
            (A, "T-A3", Some("a3")),
            (B, "T-B3", Some("b3")),
        ],
    )
    .await;
    let before = writes(sim(&session));
    let report = ok(
        &mut session,
        "synchronize exactonlinerest..accounts from src@inmemorystorage \
         with insert exit after 4 rows identified by division, code",
    )
    .await;
    assert_eq!(writes(sim(&session)) - before, 4);
    // Companies ascending, rows in source order: all of 102700, then the
    // first of 102711.
    let (a, b) = (accounts(sim(&session), A), accounts(sim(&session), B));
    for code in ["T-A1", "T-A2", "T-A3"] {
        assert!(a.contains_key(code), "{code}");
    }
    assert!(b.contains_key("T-B1"));
    assert!(!b.contains_key("T-B2") && !b.contains_key("T-B3"));
    let s = summary(&session, &report);
    assert_eq!((s[&A].0, s[&A].5), (3, 0));
    assert_eq!((s[&B].0, s[&B].5), (1, 2), "two held back by the limit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_after_n_rows_fails_before_any_write() {
    let mut session = small_demo().await;
    ok(&mut session, "use 102700, 102711").await;
    source_table(
        &mut session,
        "src",
        &[
            (A, "T-A1", Some("a1")),
            (A, "T-A2", Some("a2")),
            (A, "T-A3", Some("a3")),
            (B, "T-B1", Some("b1")),
            (B, "T-B2", Some("b2")),
        ],
    )
    .await;
    let before = writes(sim(&session));
    let message = fails(
        &mut session,
        "synchronize exactonlinerest..accounts from src@inmemorystorage \
         with insert error after 4 rows identified by division, code",
    )
    .await;
    assert!(message.contains('4') && message.contains('5'), "{message}");
    assert!(message.contains("insert"), "{message}");
    assert_eq!(writes(sim(&session)), before, "an error limit wrote");
    assert!(!accounts(sim(&session), A).contains_key("T-A1"));

    // At exactly N it goes ahead.
    let report = ok(
        &mut session,
        "synchronize exactonlinerest..accounts from src@inmemorystorage \
         with insert error after 5 rows identified by division, code",
    )
    .await;
    assert_eq!(writes(sim(&session)) - before, 5);
    let s = summary(&session, &report);
    assert_eq!((s[&A].0, s[&B].0), (3, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ignore_changes_to_keeps_the_target_value_but_inserts_send_it() {
    let mut session = small_demo().await;
    let code = some_codes(sim(&session), A, 1).remove(0);
    let was = accounts(sim(&session), A)[&code].clone();
    ok(
        &mut session,
        &format!(
            "use 102700\n\
             create or replace table src@inmemorystorage \
             (division integer, code text, name text, chamberofcommerce text)\n\
             insert into src@inmemorystorage values \
             ({A}, '{code}', 'Ignored', '12345678'), ({A}, 'T-NEW-4', 'Sent', '87654321')"
        ),
    )
    .await;
    let report = ok(
        &mut session,
        "synchronize exactonlinerest..accounts from src@inmemorystorage \
         with insert or update ignore changes to name identified by division, code",
    )
    .await;
    assert_eq!(summary(&session, &report)[&A].0, 1);
    assert_eq!(summary(&session, &report)[&A].1, 1);
    let now = accounts(sim(&session), A);
    assert_eq!(now[&code]["Name"], was["Name"]);
    assert_eq!(now[&code]["ChamberOfCommerce"], "12345678");
    assert_eq!(now["T-NEW-4"]["Name"], "Sent");

    // Only the name differs now: nothing to write.
    let before = writes(sim(&session));
    ok(
        &mut session,
        "synchronize exactonlinerest..accounts from src@inmemorystorage \
         with insert or update ignore changes to name identified by division, code",
    )
    .await;
    assert_eq!(writes(sim(&session)), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ignore_nulls_on_values_never_overwrites_with_null() {
    let mut session = small_demo().await;
    let codes = some_codes(sim(&session), A, 2);
    let was = accounts(sim(&session), A);
    let coc = |code: &str| was[code]["ChamberOfCommerce"].clone();
    assert!(!coc(&codes[0]).is_null() && !coc(&codes[1]).is_null());
    let name0 = was[&codes[0]]["Name"].as_str().unwrap();
    ok(
        &mut session,
        &format!(
            "use 102700\n\
             create or replace table src@inmemorystorage \
             (division integer, code text, name text, chamberofcommerce text)\n\
             insert into src@inmemorystorage values \
             ({A}, '{}', '{name0}', NULL), ({A}, '{}', 'Renamed', NULL)",
            codes[0], codes[1]
        ),
    )
    .await;
    for clause in [
        "ignore nulls",
        "ignore nulls on values",
        "ignore nulls on all",
    ] {
        let report = ok(
            &mut session,
            &format!(
                "synchronize exactonlinerest..accounts from src@inmemorystorage \
                 with update {clause} identified by division, code"
            ),
        )
        .await;
        let now = accounts(sim(&session), A);
        assert_eq!(
            now[&codes[0]]["ChamberOfCommerce"],
            coc(&codes[0]),
            "{clause}"
        );
        assert_eq!(
            now[&codes[1]]["ChamberOfCommerce"],
            coc(&codes[1]),
            "{clause}"
        );
        assert_eq!(now[&codes[1]]["Name"], "Renamed", "{clause}");
        let s = summary(&session, &report)[&A];
        assert_eq!(s.2, 0);
    }
    // `on identified by` alone lets NULLs through.
    ok(
        &mut session,
        "synchronize exactonlinerest..accounts from src@inmemorystorage \
         with update ignore nulls on identified by identified by division, code",
    )
    .await;
    let now = accounts(sim(&session), A);
    assert!(now[&codes[0]]["ChamberOfCommerce"].is_null());
    assert!(now[&codes[1]]["ChamberOfCommerce"].is_null());
}

/// Several `identified by` columns and NULL keys, on an in-memory target
/// (the state is the SQLite table itself).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identified_by_several_columns_and_null_keys_in_memory() {
    let mut session = small_demo().await;
    let setup = "create or replace table t@inmemorystorage (k1 integer, k2 text, v text, w text)\n\
                 insert into t@inmemorystorage values (1, 'a', 'old', 'keep'), (2, 'a', 'z', 'z'), \
                 (NULL, NULL, 'nullkey', 'x')\n\
                 create or replace table s@inmemorystorage (k1 integer, k2 text, v text, w text)\n\
                 insert into s@inmemorystorage values (1, 'a', 'new', NULL), (1, 'b', 'b', 'b'), \
                 (NULL, NULL, 'from source', 'y')";
    let table = |rows: Vec<Vec<Cell>>| -> Vec<String> {
        rows.iter()
            .map(|r| r.iter().map(text).collect::<Vec<_>>().join("|"))
            .collect()
    };
    let all = "select k1, k2, v, w from t@inmemorystorage order by k1, k2";

    // NULL matches NULL: the null-key rows pair and are updated.
    ok(&mut session, setup).await;
    ok(
        &mut session,
        "synchronize t@inmemorystorage from s@inmemorystorage \
         with insert or update or delete identified by k1, k2",
    )
    .await;
    assert_eq!(
        table(rows(&mut session, all).await),
        ["NULL|NULL|from source|y", "1|a|new|NULL", "1|b|b|b"]
    );

    // On identified by: null-key rows take no part on either side.
    ok(&mut session, setup).await;
    ok(
        &mut session,
        "synchronize t@inmemorystorage from s@inmemorystorage \
         with insert or update or delete ignore nulls on identified by identified by k1, k2",
    )
    .await;
    assert_eq!(
        table(rows(&mut session, all).await),
        ["NULL|NULL|nullkey|x", "1|a|new|NULL", "1|b|b|b"]
    );

    // On all: and a NULL value keeps the target's.
    ok(&mut session, setup).await;
    ok(
        &mut session,
        "synchronize t@inmemorystorage from s@inmemorystorage \
         with insert or update or delete ignore nulls on all identified by k1, k2",
    )
    .await;
    assert_eq!(
        table(rows(&mut session, all).await),
        ["NULL|NULL|nullkey|x", "1|a|new|keep", "1|b|b|b"]
    );
}

/// Rows the service refuses: a missing Name and a duplicate Code (pairing on
/// the name, so a known code arrives as an insert).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn continue_on_first_n_errors_skips_n_refused_rows_and_stops_at_the_next() {
    let mut session = small_demo().await;
    let taken = some_codes(sim(&session), C, 1).remove(0);
    ok(&mut session, "use 102722").await;
    let source = |p: &'static str| -> Vec<(i64, String, Option<String>)> {
        vec![
            (C, format!("{p}1"), Some(format!("Good {p}1"))),
            (C, format!("{p}2"), None),
            (C, format!("{p}3"), Some(format!("Good {p}3"))),
            (C, taken.clone(), Some(format!("Duplicate {p}"))),
            (C, format!("{p}5"), Some(format!("Good {p}5"))),
        ]
    };
    let sync = |clause: &str| {
        format!(
            "synchronize exactonlinerest..accounts from src@inmemorystorage \
             with insert identified by division, name {clause}"
        )
    };

    // Two tolerated: both reported with their keys, the rest written.
    owned_source(&mut session, source("T-E")).await;
    let report = ok(&mut session, &sync("continue on first 2 errors")).await;
    assert_eq!(report.row_errors, 2);
    let refused = refused_rows(&session, &report);
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!(refused[0][1], "insert");
    assert!(
        refused[0][2].to_lowercase().contains("name = null"),
        "{refused:?}"
    );
    assert!(refused[0][3].contains("Naam"), "{refused:?}");
    assert!(refused[1][2].contains("Duplicate T-E"), "{refused:?}");
    assert!(refused[1][3].contains("bestaat"), "{refused:?}");
    let now = accounts(sim(&session), C);
    for code in ["T-E1", "T-E3", "T-E5"] {
        assert!(now.contains_key(code), "{code}");
    }
    assert!(!now.contains_key("T-E2"));
    assert_eq!(summary(&session, &report)[&C].4, 2, "failed");

    // One tolerated: the second refusal stops the statement, and nothing
    // after it is sent.
    owned_source(&mut session, source("T-F")).await;
    let message = fails(&mut session, &sync("continue on first 1 errors")).await;
    assert!(message.contains("more than 1"), "{message}");
    assert!(message.contains("Duplicate T-F"), "{message}");
    let now = accounts(sim(&session), C);
    assert!(now.contains_key("T-F1") && now.contains_key("T-F3"));
    assert!(!now.contains_key("T-F5"), "written after the stop");

    // Without the clause the first refusal stops.
    owned_source(&mut session, source("T-G")).await;
    let message = fails(&mut session, &sync("")).await;
    assert!(message.contains("continue on first N errors"), "{message}");
    let now = accounts(sim(&session), C);
    assert!(now.contains_key("T-G1"));
    assert!(!now.contains_key("T-G3"), "written after the stop");
    let run = session
        .store()
        .unwrap()
        .sync_log()
        .run(last_run(&session))
        .unwrap()
        .unwrap();
    assert_eq!(run.outcome, Some(tandem_store::SyncOutcome::Failed));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn source_to_target_is_the_same_statement() {
    let mut session = small_demo().await;
    ok(&mut session, "use 102700").await;
    source_table(&mut session, "src", &[(A, "T-TO-1", Some("To"))]).await;
    let report = ok(
        &mut session,
        "synchronize src@inmemorystorage to exactonlinerest..accounts \
         with insert identified by division, code",
    )
    .await;
    assert_eq!(summary(&session, &report)[&A].0, 1);
    assert_eq!(name_of(sim(&session), A, "T-TO-1").as_deref(), Some("To"));
    // The source is untouched.
    assert_eq!(
        rows(&mut session, "select count(*) from src@inmemorystorage").await[0][0],
        Cell::Integer(1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cloud_to_in_memory_inserts_updates_and_deletes_rows_of_the_table() {
    let mut session = small_demo().await;
    let codes = some_codes(sim(&session), A, 2);
    ok(
        &mut session,
        &format!(
            "use 102700\n\
             create or replace table copy@inmemorystorage as \
             select code, name from exactonlinerest..accounts\n\
             delete from copy@inmemorystorage where trim(code) = '{}'\n\
             update copy@inmemorystorage set name = 'Stale' where trim(code) = '{}'\n\
             insert into copy@inmemorystorage values ('T-GONE', 'Not in Exact')",
            codes[0], codes[1]
        ),
    )
    .await;
    let before = writes(sim(&session));
    let report = ok(
        &mut session,
        "synchronize copy@inmemorystorage from exactonlinerest..accounts \
         with insert or update or delete identified by code",
    )
    .await;
    assert_eq!(
        writes(sim(&session)),
        before,
        "an in-memory target wrote to Exact"
    );
    let s = summary(&session, &report);
    let counts = s.values().next().unwrap();
    assert_eq!((counts.0, counts.1, counts.2), (1, 1, 1));
    let held: BTreeMap<String, String> = rows(
        &mut session,
        "select trim(code), name from copy@inmemorystorage",
    )
    .await
    .iter()
    .map(|r| (text(&r[0]), text(&r[1])))
    .collect();
    let want: BTreeMap<String, String> = accounts(sim(&session), A)
        .into_iter()
        .map(|(c, a)| (c, a["Name"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(held, want);
}

/// A cloud table as the source: onto itself nothing differs (every column
/// compares equal after normalisation), and a copy of one company's rows
/// carried to another arrives whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cloud_sources_write_nothing_onto_themselves_and_copy_across_companies() {
    let mut session = small_demo().await;
    ok(&mut session, "use 102700, 102711").await;
    let before = writes(sim(&session));
    let report = ok(
        &mut session,
        "synchronize exactonlinerest..accounts from exactonlinerest..accounts \
         with insert or update or delete identified by division, code",
    )
    .await;
    assert_eq!(
        writes(sim(&session)),
        before,
        "a table synchronised onto itself wrote"
    );
    let s = summary(&session, &report);
    assert_eq!(
        s[&A],
        (0, 0, 0, accounts(sim(&session), A).len() as i64, 0, 0)
    );
    assert_eq!(
        s[&B],
        (0, 0, 0, accounts(sim(&session), B).len() as i64, 0, 0)
    );

    // Across companies, through an in-memory copy that re-routes the rows.
    ok(
        &mut session,
        &format!(
            "create or replace table m@inmemorystorage as \
             select {C} division, code, name, city, chamberofcommerce \
             from exactonlinerest..accounts where division = {A}\n\
             use {C}"
        ),
    )
    .await;
    ok(
        &mut session,
        "synchronize exactonlinerest..accounts from m@inmemorystorage \
         with insert or update identified by division, code",
    )
    .await;
    let (a, c) = (accounts(sim(&session), A), accounts(sim(&session), C));
    for (code, row) in &a {
        for field in ["Name", "City", "ChamberOfCommerce"] {
            assert_eq!(c[code][field], row[field], "{code} {field}");
        }
    }
    let again = writes(sim(&session));
    ok(
        &mut session,
        "synchronize exactonlinerest..accounts from m@inmemorystorage \
         with insert or update identified by division, code",
    )
    .await;
    assert_eq!(writes(sim(&session)), again, "a second run wrote");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explain_synchronize_returns_the_plan_and_writes_nothing() {
    let mut session = small_demo().await;
    let codes = some_codes(sim(&session), A, 2);
    let was = accounts(sim(&session), A);
    ok(
        &mut session,
        &format!(
            "use 102700\n\
             create or replace table src@inmemorystorage as \
             select division, code, name from exactonlinerest..accounts\n\
             delete from src@inmemorystorage where trim(code) = '{}'\n\
             update src@inmemorystorage set name = 'Renamed' where trim(code) = '{}'\n\
             insert into src@inmemorystorage values ({A}, 'T-EX', 'Explained')",
            codes[0], codes[1]
        ),
    )
    .await;
    let before = writes(sim(&session));
    let report = ok(
        &mut session,
        "explain synchronize exactonlinerest..accounts from src@inmemorystorage \
         with insert or update or delete identified by division, code",
    )
    .await;
    assert_eq!(writes(sim(&session)), before, "explain wrote");
    assert_eq!(accounts(sim(&session), A), was);
    let info = report.results.last().unwrap();
    let names: Vec<&str> = info.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "operation",
            "company",
            "key",
            "column",
            "old_value",
            "new_value"
        ]
    );
    let plan: Vec<Vec<String>> = session
        .page(info.id, 0, u64::MAX)
        .unwrap()
        .iter()
        .map(|r| r.iter().map(text).collect())
        .collect();
    let update = plan.iter().find(|r| r[0] == "update").expect("an update");
    assert_eq!(update[1], A.to_string());
    assert!(update[2].contains(&codes[1]), "{update:?}");
    assert!(update[3].eq_ignore_ascii_case("name"));
    assert_eq!(update[4], was[&codes[1]]["Name"].as_str().unwrap());
    assert_eq!(update[5], "Renamed");
    let insert: Vec<_> = plan.iter().filter(|r| r[0] == "insert").collect();
    assert!(insert.iter().all(|r| r[2].contains("T-EX")), "{insert:?}");
    assert!(insert
        .iter()
        .any(|r| r[3].eq_ignore_ascii_case("name") && r[5] == "Explained"));
    let delete: Vec<_> = plan.iter().filter(|r| r[0] == "delete").collect();
    assert!(!delete.is_empty());
    assert!(
        delete.iter().all(|r| r[2].contains(&codes[0])),
        "{delete:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_row_for_an_inactive_company_is_an_error_naming_its_key() {
    let mut session = small_demo().await;
    ok(&mut session, "use 102700").await;
    source_table(
        &mut session,
        "src",
        &[
            (A, "T-OK", Some("fine")),
            (B, "T-ELSEWHERE", Some("wrong company")),
        ],
    )
    .await;
    let before = writes(sim(&session));
    let message = fails(
        &mut session,
        "synchronize exactonlinerest..accounts from src@inmemorystorage \
         with insert identified by division, code",
    )
    .await;
    assert!(message.contains("T-ELSEWHERE"), "{message}");
    assert!(message.contains("102711"), "{message}");
    assert!(message.contains("not among the active"), "{message}");
    assert_eq!(writes(sim(&session)), before);
    assert!(!accounts(sim(&session), A).contains_key("T-OK"));
}
