//! current/Me and the division lists; access to a forbidden division.

use crate::support::*;
use tandem_exact_sim::DEMO_FORBIDDEN_DIVISION;

#[tokio::test]
async fn me_is_a_collection_of_one() {
    let e = env().await;
    let r = e.get("current/Me").await;
    assert_eq!(
        r.headers()["content-type"],
        "application/json;charset=utf-8"
    );
    let v: serde_json::Value = r.json().await.unwrap();
    let rows = v["d"]["results"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["CurrentDivision"], 102673);
    assert_eq!(rows[0]["UserID"], tandem_exact_sim::DEMO_USER_ID);
    assert_eq!(rows[0]["__metadata"]["type"], "Exact.Web.Api.System.Me");
}

#[tokio::test]
async fn division_lists() {
    let e = env().await;
    let v = e.get_json(&format!("{MASTER}/system/Divisions")).await;
    let rows = v["d"]["results"].as_array().unwrap();
    assert!(rows.len() >= 13, "{}", rows.len());
    let master = rows.iter().find(|r| r["Code"] == MASTER).unwrap();
    assert_eq!(master["Current"], true);
    assert!(master["Hid"].is_string());
    assert!(rows.iter().any(|r| r["Country"] == "BE"));
    assert!(!rows.iter().any(|r| r["Code"] == DEMO_FORBIDDEN_DIVISION));
    let all = e.get_json(&format!("{MASTER}/system/AllDivisions")).await;
    assert!(all["d"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["Code"] == DEMO_FORBIDDEN_DIVISION));
    let hrm = e.get_json(&format!("{MASTER}/hrm/Divisions")).await;
    let first = &hrm["d"]["results"][0];
    assert!(first["Hid"].is_number());
    assert!(first.get("Customer").is_none());
}

#[tokio::test]
async fn forbidden_division_is_403_no_division_access() {
    let e = env().await;
    let r = e
        .get(&format!(
            "{DEMO_FORBIDDEN_DIVISION}/crm/Accounts?$filter=Name eq 'x'"
        ))
        .await;
    assert_eq!(r.status(), 403);
    assert_eq!(r.headers()["reason"], "NoDivisionAccess");
    let r = e.get("424242/crm/Accounts?$filter=Name eq 'x'").await;
    assert_eq!(r.status(), 403);
}
