//! Undoing a synchronize run from its log puts every target company back as
//! it was, checked field by field in the simulator's stored rows.

use std::collections::BTreeMap;

use serde_json::Value as Json;
use tandem_engine::{CancelToken, NoEvents, Session};

use crate::seed::writes;
use crate::sync::{accounts, last_run, ok, sim, small_demo, A, B};

/// Fields the service sets on every write, whatever the client sends.
/// `Modifier` is stamped too, but with the writing user, who is the demo
/// user that the seeded rows carry already, so it compares equal.
const STAMPED_ON_WRITE: [&str; 2] = ["Modified", "Timestamp"];
/// And those it sets when a row is created. `Creator` is the same user, as
/// above. Undo does not send the old `ID` (not every Exact Online entity
/// takes one on create), so a re-created row has a new one.
const STAMPED_ON_CREATE: [&str; 2] = ["ID", "Created"];

/// In each company: two rows deleted, two renamed (one with a new city too),
/// two inserted.
async fn sync_with_every_operation(session: &mut Session) -> i64 {
    let mut script = String::from(
        "use 102700, 102711\n\
         create or replace table src@inmemorystorage as \
         select division, code, name, city from exactonlinerest..accounts\n",
    );
    for company in [A, B] {
        let codes: Vec<String> = accounts(sim(session), company)
            .into_keys()
            .take(4)
            .collect();
        script.push_str(&format!(
            "delete from src@inmemorystorage where division = {company} and trim(code) in ('{}', '{}')\n\
             update src@inmemorystorage set name = 'Undo me' where division = {company} and trim(code) = '{}'\n\
             update src@inmemorystorage set name = 'Undo me too', city = 'Elders' \
             where division = {company} and trim(code) = '{}'\n\
             insert into src@inmemorystorage values ({company}, 'T-U1', 'New one', 'Ede'), \
             ({company}, 'T-U2', 'New two', NULL)\n",
            codes[0], codes[1], codes[2], codes[3]
        ));
    }
    ok(session, &script).await;
    let report = ok(
        session,
        "synchronize exactonlinerest..accounts from src@inmemorystorage \
         with insert or update or delete identified by division, code",
    )
    .await;
    assert!(report.errors.is_empty());
    last_run(session)
}

fn without(row: &Json, fields: &[&str]) -> Json {
    let mut row = row.clone();
    for f in fields {
        row.as_object_mut().unwrap().remove(*f);
    }
    row
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_puts_every_company_back_as_it_was() {
    let mut session = small_demo().await;
    let before: BTreeMap<i64, _> = [A, B]
        .into_iter()
        .map(|c| (c, accounts(sim(&session), c)))
        .collect();
    let run = sync_with_every_operation(&mut session).await;
    for company in [A, B] {
        let now = accounts(sim(&session), company);
        assert!(now.contains_key("T-U1"));
        assert_ne!(now, before[&company], "the sync changed nothing");
    }

    // Explain first: the plan, and no write.
    let writes_before = writes(sim(&session));
    let plan = session
        .undo_run(run, true, &NoEvents, &CancelToken::new())
        .await
        .unwrap();
    assert_eq!(writes(sim(&session)), writes_before, "explain undo wrote");
    let explained: Vec<String> = session
        .page(plan[0].id, 0, u64::MAX)
        .unwrap()
        .iter()
        .map(|r| crate::support::text(&r[0]))
        .collect();
    for op in ["insert", "update", "delete"] {
        assert!(explained.iter().any(|o| o == op), "{op}: {explained:?}");
    }

    session
        .undo_run(run, false, &NoEvents, &CancelToken::new())
        .await
        .unwrap();
    let undo = session
        .store()
        .unwrap()
        .sync_log()
        .runs(1)
        .unwrap()
        .remove(0);
    assert_eq!(undo.undo_of, Some(run));
    assert_eq!(
        (
            undo.counts.inserted,
            undo.counts.updated,
            undo.counts.deleted
        ),
        (4, 4, 4)
    );

    for company in [A, B] {
        let was = &before[&company];
        let now = accounts(sim(&session), company);
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            was.keys().collect::<Vec<_>>(),
            "company {company}: the same codes"
        );
        let (mut recreated_rows, mut restored_rows) = (0, 0);
        for (code, old) in was {
            let new = &now[code];
            if new["Timestamp"] == old["Timestamp"] {
                assert_eq!(new, old, "{company} {code}: untouched");
                continue;
            }
            let recreated = new["Created"] != old["Created"];
            if recreated {
                recreated_rows += 1;
                assert_ne!(new["ID"], old["ID"], "{company} {code}: a new ID");
            } else {
                restored_rows += 1;
            }
            let mut differ: Vec<&str> = STAMPED_ON_WRITE.to_vec();
            if recreated {
                differ.extend(STAMPED_ON_CREATE);
            }
            assert_eq!(
                without(new, &differ),
                without(old, &differ),
                "company {company}, code {code} (re-created: {recreated})"
            );
        }
        assert_eq!((recreated_rows, restored_rows), (2, 2), "company {company}");
    }

    // Undone twice is nothing more to do.
    let writes_before = writes(sim(&session));
    session
        .undo_run(run, false, &NoEvents, &CancelToken::new())
        .await
        .unwrap();
    assert_eq!(writes(sim(&session)), writes_before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delete_the_service_refuses_is_reported_and_the_rest_is_undone() {
    let mut session = small_demo().await;
    let before = accounts(sim(&session), A);
    let run = sync_with_every_operation(&mut session).await;

    // A contact now points at one of the rows the run inserted, so the
    // service refuses to delete that account.
    let id = accounts(sim(&session), A)["T-U1"]["ID"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        &mut session,
        &format!(
            "use 102700\n\
             insert into exactonlinerest..contacts (division, account, firstname, lastname) \
             values (102700, '{id}', 'Jan', 'Linked')"
        ),
    )
    .await;
    assert_eq!(sim(&session).store().rows(A, "Contacts").len(), 1);

    let results = session
        .undo_run(run, false, &NoEvents, &CancelToken::new())
        .await
        .expect("an undo with a refused row still completes");
    let errors: Vec<Vec<String>> = results
        .iter()
        .filter(|r| r.columns.len() == 4 && r.columns[3].name == "error")
        .flat_map(|r| session.page(r.id, 0, u64::MAX).unwrap())
        .map(|r| r.iter().map(crate::support::text).collect())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0][0], A.to_string());
    assert_eq!(errors[0][1], "delete");
    assert!(errors[0][2].contains("T-U1"), "{errors:?}");
    assert!(errors[0][3].contains("still used"), "{errors:?}");
    let undo = session
        .store()
        .unwrap()
        .sync_log()
        .runs(1)
        .unwrap()
        .remove(0);
    assert_eq!(undo.outcome, Some(tandem_store::SyncOutcome::RowErrors));

    // Everything else is back: in 102700 only the refused row remains extra.
    let now = accounts(sim(&session), A);
    assert!(now.contains_key("T-U1"));
    assert!(!now.contains_key("T-U2"));
    for (code, old) in &before {
        assert_eq!(now[code]["Name"], old["Name"], "{code}");
        assert_eq!(now[code]["City"], old["City"], "{code}");
    }
    assert_eq!(now.len(), before.len() + 1);
    // And 102711 entirely.
    let b = accounts(sim(&session), B);
    assert!(!b.contains_key("T-U1") && !b.contains_key("T-U2"));
}
