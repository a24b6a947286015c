//! `$filter`: the documented operators, literals and functions, case
//! insensitivity, and the real error messages.

use crate::support::*;
use serde_json::Value;

async fn count(e: &Env, entity: &str, filter: &str) -> usize {
    let r = e
        .get(&format!("{MASTER}/{entity}/$count?$filter={}", enc(filter)))
        .await;
    assert_eq!(r.status(), 200, "{filter}");
    r.text().await.unwrap().parse().unwrap()
}

async fn refused(e: &Env, filter: &str) -> String {
    let r = e
        .get(&format!("{MASTER}/crm/Accounts?$filter={}", enc(filter)))
        .await;
    assert_eq!(r.status(), 400, "{filter}");
    error_message(r).await
}

#[tokio::test]
async fn operators_literals_and_functions() {
    let e = env().await;
    let rows = e.sim.store().rows(MASTER, "Accounts");
    let builders = rows
        .iter()
        .filter(|r| r["Name"].as_str().unwrap().starts_with("Aanneming "))
        .count();
    assert!(builders >= 200);
    assert_eq!(
        count(&e, "crm/Accounts", "startswith(Name,'Aanneming') eq true").await,
        builders
    );
    assert_eq!(
        count(&e, "crm/Accounts", "startswith(Name,'aanneming') eq true").await,
        builders
    );
    assert_eq!(
        count(&e, "crm/Accounts", "indexof(Name,'aanneming ') ge 0").await,
        builders
    );
    assert_eq!(
        count(&e, "crm/Accounts", "substringof('Aanneming ',Name) eq true").await,
        builders
    );
    assert_eq!(
        count(
            &e,
            "crm/Accounts",
            "not (startswith(Name,'Aanneming') eq true)"
        )
        .await,
        5000 - builders
    );
    assert_eq!(
        count(&e, "crm/Accounts", "Code eq '                 7'").await,
        1
    );
    assert_eq!(count(&e, "crm/Accounts", "Code eq '7'").await, 0);
    assert_eq!(
        count(&e, "crm/Accounts", "trim(Code) eq '7' or trim(Code) eq '8'").await,
        2
    );
    let a = &rows[0];
    let name = a["Name"].as_str().unwrap().to_uppercase();
    assert!(count(&e, "crm/Accounts", &format!("Name eq '{name}'")).await >= 1);
    let id = a["ID"].as_str().unwrap();
    assert_eq!(
        count(&e, "crm/Accounts", &format!("ID eq guid'{id}'")).await,
        1
    );
    let blocked = rows.iter().filter(|r| r["Blocked"] == true).count();
    assert_eq!(count(&e, "crm/Accounts", "Blocked eq true").await, blocked);
    assert_eq!(count(&e, "crm/Accounts", "Blocked").await, blocked);
    assert_eq!(
        count(&e, "crm/Accounts", "AddressLine2 eq null").await,
        5000
    );
    assert_eq!(
        count(
            &e,
            "crm/Accounts",
            "IsAccountant eq 0 and Division eq 102673"
        )
        .await,
        5000
    );
    assert_eq!(
        count(
            &e,
            "crm/Accounts",
            "Created ge datetime'2015-01-01' and Created lt datetime'2100-01-01T00:00:00Z'"
        )
        .await,
        5000
    );
    assert_eq!(
        count(&e, "crm/Accounts", "(Created lt datetime'2000-01-01')").await,
        0
    );
    assert_eq!(
        count(&e, "sync/CRM/Accounts", "Timestamp gt 0L").await,
        5000
    );
}

#[tokio::test]
async fn doubled_quote_escapes() {
    let e = env().await;
    let r = e
        .send(
            reqwest::Method::POST,
            &format!("{MASTER}/crm/Accounts"),
            Some(r#"{"Name":"O'Brien Bouw"}"#),
            false,
        )
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(
        count(&e, "crm/Accounts", "Name eq 'O''Brien Bouw'").await,
        1
    );
}

#[tokio::test]
async fn real_error_messages() {
    let e = env().await;
    assert_eq!(
        refused(&e, "startswith(Name,'A')").await,
        "Expression of type 'System.Boolean' expected at position 0."
    );
    assert_eq!(
        refused(&e, "Remarks eq 'x'").await,
        "Filtering on these fields is not supported: Remarks"
    );
    assert_eq!(
        refused(&e, "Nope eq 1").await,
        "No property 'Nope' exists in type 'Exact.Web.Api.Models.Account' at position 0."
    );
    assert_eq!(
        refused(&e, "Name eq 'x' Name").await,
        "Syntax error at position 12."
    );
    assert_eq!(
        refused(&e, "(Name eq 'x'").await,
        "')' or operator expected at position 12."
    );
    assert_eq!(
        refused(&e, "Name eq 'x").await,
        "There is an unterminated string literal at position 10 in 'Name eq 'x'."
    );
    assert_eq!(
        refused(&e, "ID eq 'abc'").await,
        "Operator 'eq' incompatible with operand types 'System.Guid' and 'System.String' at position 3."
    );
    let e = env().await;
    assert_eq!(
        refused(&e, "Name eq").await,
        "Expression expected at position 7."
    );
    assert_eq!(
        refused(&e, "frob(Name) eq 1").await,
        "Unknown function 'frob' at position 0."
    );
    assert_eq!(
        refused(&e, "Name eq % ").await,
        "Syntax error: character '%' is not valid at position 8 in 'Name eq % '."
    );
    assert_eq!(
        refused(&e, "ID eq guid'nope'").await,
        "Unrecognized 'Edm.Guid' literal 'guid'nope'' at '6' in 'ID eq guid'nope''."
    );
    let v: Value = e
        .get(&format!("{MASTER}/crm/Accounts?$filter={}", enc("))))")))
        .await
        .json()
        .await
        .unwrap();
    assert!(v["error"]["message"]["value"].is_string());
}
