//! POST, PUT and DELETE: the answers, the validation, codes, timestamps and
//! tombstones.

use crate::support::*;
use reqwest::Method;
use serde_json::Value;

#[tokio::test]
async fn post_without_prefer_answers_nearly_all_null() {
    let e = env().await;
    let r = e
        .send(
            Method::POST,
            &format!("{MASTER}/crm/Accounts"),
            Some(r#"{"Name":"Nieuw B.V."}"#),
            false,
        )
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(
        r.headers()["content-type"],
        "application/json;charset=utf-8"
    );
    let v: Value = r.json().await.unwrap();
    let d = &v["d"];
    assert!(d["ID"].as_str().unwrap().len() == 36);
    assert!(d["Name"].is_null() && d["Code"].is_null());
    assert_eq!(d["__metadata"]["type"], "Exact.Web.Api.Models.Account");
    let stored = e.sim.store().rows(MASTER, "Accounts");
    let row = stored.iter().find(|r| r["ID"] == d["ID"]).unwrap();
    assert_eq!(row["Name"], "Nieuw B.V.");
    assert_eq!(row["Code"], "              5001");
}

#[tokio::test]
async fn post_with_prefer_returns_the_row_code_padded_and_unique() {
    let e = env().await;
    let r = e
        .send(
            Method::POST,
            &format!("{MASTER}/crm/Accounts"),
            Some(
                r#"{"Name":"Bouw","Code":"77777","Country":"BE","Blocked":true,"IsAccountant":1}"#,
            ),
            true,
        )
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["d"]["Code"], "             77777");
    assert_eq!(v["d"]["Country"], "BE ");
    assert_eq!(v["d"]["Name"], "Bouw");
    assert_eq!(v["d"]["Division"], MASTER);
    let dup = e
        .send(
            Method::POST,
            &format!("{MASTER}/crm/Accounts"),
            Some(r#"{"Name":"Ander","Code":"77777"}"#),
            false,
        )
        .await;
    assert_eq!(dup.status(), 500);
    assert_eq!(
        dup.text().await.unwrap(),
        r#"{"error":{"code":"","message":{"lang":"","value":"Gegeven bestaat reeds."}}}"#
    );
    let dup = e
        .send(
            Method::POST,
            &format!("{MASTER}/crm/Accounts"),
            Some(r#"{"Name":"Ander","Code":"                 1"}"#),
            false,
        )
        .await;
    assert_eq!(dup.status(), 500);
    // The same code in another division is fine.
    let other = e.sim.store().divisions()[1];
    let ok = e
        .send(
            Method::POST,
            &format!("{other}/crm/Accounts"),
            Some(r#"{"Name":"Ander","Code":"77777"}"#),
            false,
        )
        .await;
    assert_eq!(ok.status(), 201);
}

#[tokio::test]
async fn name_is_required() {
    let e = env().await;
    for body in [r#"{}"#, r#"{"Name":""}"#, r#"{"Name":null,"City":"Ede"}"#] {
        let r = e
            .send(
                Method::POST,
                &format!("{MASTER}/crm/Accounts"),
                Some(body),
                false,
            )
            .await;
        assert_eq!(r.status(), 500, "{body}");
        assert_eq!(error_message(r).await, "Verplicht: Naam");
    }
}

#[tokio::test]
async fn put_and_delete_answer_204_empty_and_move_timestamps() {
    let e = env().await;
    let r = e
        .send(
            Method::POST,
            &format!("{MASTER}/crm/Accounts"),
            Some(r#"{"Name":"Te wijzigen"}"#),
            true,
        )
        .await;
    let v: Value = r.json().await.unwrap();
    let id = v["d"]["ID"].as_str().unwrap().to_string();
    let ts = |e: &Env| {
        e.sim
            .store()
            .rows(MASTER, "Accounts")
            .into_iter()
            .find(|r| r["ID"] == id.as_str())
            .map(|r| r["Timestamp"].as_i64().unwrap())
    };
    let t1 = ts(&e).unwrap();
    let r = e
        .send(
            Method::PUT,
            &format!("{MASTER}/crm/Accounts(guid'{id}')"),
            Some(r#"{"City":"Zwolle"}"#),
            false,
        )
        .await;
    assert_eq!(r.status(), 204);
    assert_eq!(r.text().await.unwrap(), "");
    assert!(ts(&e).unwrap() > t1);
    let one = e
        .get_json(&format!("{MASTER}/crm/Accounts(guid'{id}')"))
        .await;
    assert_eq!(one["d"]["City"], "Zwolle");
    assert_eq!(one["d"]["Name"], "Te wijzigen");
    // Clients that percent-encode the quotes of the key reach the same row.
    let encoded = e
        .get_json(&format!("{MASTER}/crm/Accounts(guid%27{id}%27)"))
        .await;
    assert_eq!(encoded["d"]["ID"], id.as_str());

    let r = e
        .send(
            Method::DELETE,
            &format!("{MASTER}/crm/Accounts(guid'{id}')"),
            None,
            false,
        )
        .await;
    assert_eq!(r.status(), 204);
    assert_eq!(r.text().await.unwrap(), "");
    assert_eq!(
        e.get(&format!("{MASTER}/crm/Accounts(guid'{id}')"))
            .await
            .status(),
        404
    );
    let del = e
        .get_json(&format!(
            "{MASTER}/sync/Deleted?$select=EntityKey,EntityType,Timestamp&$filter={}",
            enc(&format!("Timestamp gt {t1}L"))
        ))
        .await;
    let rows = del["d"]["results"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["EntityKey"], id.as_str());
    assert_eq!(rows[0]["EntityType"], 2);
    assert_eq!(
        e.send(
            Method::DELETE,
            &format!("{MASTER}/crm/Accounts(guid'{id}')"),
            None,
            false
        )
        .await
        .status(),
        404
    );
}

#[tokio::test]
async fn bad_bodies_get_request_stream_errors() {
    let e = env().await;
    let path = format!("{MASTER}/crm/Accounts");
    let r = e.send(Method::POST, &path, Some("{not json"), false).await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        error_message(r).await,
        "Error processing request stream. JSON text specified is not valid."
    );
    let r = e.send(Method::POST, &path, Some("[1,2]"), false).await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        error_message(r).await,
        "Error processing request stream. The request should be a valid top-level resource object."
    );
    let r = e
        .send(
            Method::POST,
            &path,
            Some(r#"{"Name":"x","Blocked":"ja"}"#),
            false,
        )
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        error_message(r).await,
        "Error processing request stream. Cannot convert a primitive value to the expected type 'Edm.Boolean'. See the inner exception for more details."
    );
    let r = e
        .send(
            Method::POST,
            &path,
            Some(r#"{"Name":"x","Bogus":1}"#),
            false,
        )
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        error_message(r).await,
        "Error processing request stream. The property name 'Bogus' specified for type 'Exact.Web.Api.Models.Account' is not valid."
    );
    let r = e
        .send(Method::POST, &path, Some(r#"{"Name":12}"#), false)
        .await;
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn contacts_round_trip_and_read_only_sets_refuse_writes() {
    let e = env().await;
    let account = e.sim.store().rows(MASTER, "Accounts")[0]["ID"].clone();
    let body = serde_json::json!({"Account": account, "FirstName": "Kees", "LastName": "Jansen", "BirthDate": "1980-05-01T00:00:00"}).to_string();
    let r = e
        .send(
            Method::POST,
            &format!("{MASTER}/crm/Contacts"),
            Some(&body),
            true,
        )
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["d"]["FullName"], "Kees Jansen");
    assert_eq!(v["d"]["BirthDate"], "/Date(325987200000)/");
    let id = v["d"]["ID"].as_str().unwrap();
    let r = e
        .send(
            Method::PUT,
            &format!("{MASTER}/crm/Contacts(guid'{id}')"),
            Some(r#"{"FirstName":"Klaas"}"#),
            false,
        )
        .await;
    assert_eq!(r.status(), 204);
    assert_eq!(
        e.send(
            Method::DELETE,
            &format!("{MASTER}/crm/Contacts(guid'{id}')"),
            None,
            false
        )
        .await
        .status(),
        204
    );
    let r = e
        .send(
            Method::POST,
            &format!("{MASTER}/crm/Contacts"),
            Some(r#"{"FirstName":"Zonder"}"#),
            false,
        )
        .await;
    assert_eq!(r.status(), 500);
    assert_eq!(
        e.send(
            Method::POST,
            &format!("{MASTER}/bulk/CRM/Accounts"),
            Some(r#"{"Name":"x"}"#),
            false
        )
        .await
        .status(),
        405
    );
    assert_eq!(
        e.send(
            Method::POST,
            &format!("{MASTER}/logistics/Items"),
            Some(r#"{"Code":"x"}"#),
            false
        )
        .await
        .status(),
        405
    );
}

/// An account that contacts still point at cannot be deleted: 500 with the
/// error envelope, nothing written, no tombstone. Once the contacts are gone
/// the delete goes through.
#[tokio::test]
async fn an_account_in_use_by_contacts_cannot_be_deleted() {
    let e = env().await;
    let other = e.sim.store().divisions()[1];
    assert_ne!(other, MASTER);
    let account = e.sim.store().rows(other, "Accounts")[0]["ID"]
        .as_str()
        .unwrap()
        .to_string();
    let mut contacts = Vec::new();
    for last in ["Jansen", "De Vries"] {
        let body =
            serde_json::json!({"Account": account.to_uppercase(), "LastName": last}).to_string();
        let r = e
            .send(
                Method::POST,
                &format!("{other}/crm/Contacts"),
                Some(&body),
                true,
            )
            .await;
        assert_eq!(r.status(), 201);
        let v: Value = r.json().await.unwrap();
        contacts.push(v["d"]["ID"].as_str().unwrap().to_string());
    }
    let tombstones = e.sim.store().count(other, "Deleted");
    let accounts = e.sim.store().count(other, "Accounts");
    let account_path = format!("{other}/crm/Accounts(guid'{account}')");
    let delete_account = || e.send(Method::DELETE, &account_path, None, false);

    let r = delete_account().await;
    assert_eq!(r.status(), 500);
    assert_eq!(
        r.text().await.unwrap(),
        r#"{"error":{"code":"","message":{"lang":"","value":"The account cannot be deleted: it is still used by 2 contacts."}}}"#
    );
    assert_eq!(e.sim.store().count(other, "Accounts"), accounts);
    assert_eq!(e.sim.store().count(other, "Deleted"), tombstones);

    let contact_paths: Vec<String> = contacts
        .iter()
        .map(|id| format!("{other}/crm/Contacts(guid'{id}')"))
        .collect();
    assert_eq!(
        e.send(Method::DELETE, &contact_paths[0], None, false)
            .await
            .status(),
        204
    );
    let r = delete_account().await;
    assert_eq!(r.status(), 500);
    assert_eq!(
        error_message(r).await,
        "The account cannot be deleted: it is still used by 1 contact."
    );
    assert_eq!(
        e.send(Method::DELETE, &contact_paths[1], None, false)
            .await
            .status(),
        204
    );

    let r = delete_account().await;
    assert_eq!(r.status(), 204);
    assert_eq!(e.sim.store().count(other, "Accounts"), accounts - 1);
    // Two contact tombstones and the account's.
    assert_eq!(e.sim.store().count(other, "Deleted"), tombstones + 3);
    assert_eq!(delete_account().await.status(), 404);

    // Seeded master contacts hold their accounts too.
    let used = e.sim.store().rows(MASTER, "Contacts")[0]["Account"]
        .as_str()
        .unwrap()
        .to_string();
    let r = e
        .send(
            Method::DELETE,
            &format!("{MASTER}/crm/Accounts(guid'{used}')"),
            None,
            false,
        )
        .await;
    assert_eq!(r.status(), 500);
    assert!(error_message(r)
        .await
        .starts_with("The account cannot be deleted: it is still used by"));
}
