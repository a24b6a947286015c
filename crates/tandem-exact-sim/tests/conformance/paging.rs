//! Paging sizes, `__next` links, `$top`/`$skip`/`$inlinecount`/`$count`,
//! bulk and sync sets, and the shape of entities.

use crate::support::*;
use serde_json::Value;
use tandem_exact_sim::Settings;

#[tokio::test]
async fn bulk_reads_5000_accounts_in_exactly_5_calls() {
    let e = env().await;
    let before = e.sim.call_log().len();
    let (rows, calls) = e
        .read_all(&format!("{MASTER}/bulk/CRM/Accounts?$select=ID,Code,Name"))
        .await;
    assert_eq!((rows.len(), calls), (5000, 5));
    assert_eq!(e.sim.call_log().len() - before, 5);
    let codes: std::collections::HashSet<_> = rows
        .iter()
        .map(|r| r["Code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 5000);
    println!("bulk/CRM/Accounts: {calls} calls for {} rows", rows.len());
}

#[tokio::test]
async fn standard_reads_5000_accounts_in_exactly_84_calls() {
    let e = env().await;
    let (rows, calls) = e
        .read_all(&format!(
            "{MASTER}/crm/Accounts?$select=ID,Name&$filter={}",
            enc("Name ne null")
        ))
        .await;
    assert_eq!((rows.len(), calls), (5000, 84));
    println!("crm/Accounts: {calls} calls for {} rows", rows.len());
}

#[tokio::test]
async fn next_link_is_absolute_from_the_called_host_and_absent_on_the_last_page() {
    let e = env().await;
    let url = format!(
        "http://localhost:{}/api/v1/{MASTER}/crm/Accounts?$select=ID&$filter={}",
        e.sim.addr().port(),
        enc("Name ne null")
    );
    let v: Value = e.get_url(&url).await.json().await.unwrap();
    assert_eq!(v["d"]["results"].as_array().unwrap().len(), 60);
    let next = v["d"]["__next"].as_str().unwrap();
    let last_id = v["d"]["results"][59]["ID"].as_str().unwrap();
    assert!(
        next.starts_with(&format!(
            "http://localhost:{}/api/v1/{MASTER}/crm/Accounts?",
            e.sim.addr().port()
        )),
        "{next}"
    );
    assert!(
        next.ends_with(&format!("$skiptoken=guid'{last_id}'")),
        "{next}"
    );
    // Exactly 60 matching rows: one page and no __next.
    let d = e
        .get_json(&format!(
            "{MASTER}/crm/Accounts?$select=ID&$top=60&$filter={}",
            enc("Name ne null")
        ))
        .await;
    assert_eq!(d["d"]["results"].as_array().unwrap().len(), 60);
    assert!(d["d"].get("__next").is_none());
}

#[tokio::test]
async fn top_caps_the_total_and_skip_inlinecount_count_work() {
    let e = env().await;
    let f = enc("Name ne null");
    let (rows, calls) = e
        .read_all(&format!(
            "{MASTER}/crm/Accounts?$select=ID&$top=100&$filter={f}"
        ))
        .await;
    assert_eq!((rows.len(), calls), (100, 2));
    let v = e
        .get_json(&format!(
            "{MASTER}/crm/Accounts?$select=ID&$top=5&$inlinecount=allpages&$filter={f}"
        ))
        .await;
    assert_eq!(v["d"]["results"].as_array().unwrap().len(), 5);
    assert_eq!(v["d"]["__count"], "5000");
    let all = e
        .get_json(&format!(
            "{MASTER}/crm/Accounts?$select=ID&$top=10&$filter={f}"
        ))
        .await;
    let skipped = e
        .get_json(&format!(
            "{MASTER}/crm/Accounts?$select=ID&$top=5&$skip=5&$filter={f}"
        ))
        .await;
    assert_eq!(
        skipped["d"]["results"][0]["ID"],
        all["d"]["results"][5]["ID"]
    );
    let r = e
        .get(&format!("{MASTER}/crm/Accounts/$count?$filter={f}"))
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/plain;charset=utf-8");
    assert_eq!(r.text().await.unwrap(), "5000");
    let r = e
        .get(&format!(
            "{MASTER}/crm/Accounts?$select=ID&$top=100000&$filter={f}"
        ))
        .await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn orderby_sorts() {
    let e = env().await;
    let v = e
        .get_json(&format!(
            "{MASTER}/crm/Accounts?$select=Code&$orderby=Code desc&$top=2&$filter={}",
            enc("Name ne null")
        ))
        .await;
    assert_eq!(v["d"]["results"][0]["Code"], "              5000");
    assert_eq!(v["d"]["results"][1]["Code"], "              4999");
}

#[tokio::test]
async fn sync_pages_by_timestamp_and_filters_only_on_it() {
    let e = env().await;
    let (rows, calls) = e
        .read_all(&format!(
            "{MASTER}/sync/CRM/Accounts?$select=ID,Timestamp&$filter={}",
            enc("Timestamp gt 1L")
        ))
        .await;
    assert_eq!((rows.len(), calls), (5000, 5));
    assert!(rows
        .windows(2)
        .all(|w| w[0]["Timestamp"].as_i64() < w[1]["Timestamp"].as_i64()));
    let first: Value = e
        .get(&format!("{MASTER}/sync/CRM/Accounts?$select=ID,Timestamp"))
        .await
        .json()
        .await
        .unwrap();
    let next = first["d"]["__next"].as_str().unwrap();
    let last_ts = first["d"]["results"][999]["Timestamp"].as_i64().unwrap();
    assert!(next.ends_with(&format!("$skiptoken={last_ts}L")), "{next}");
    let r = e
        .get(&format!(
            "{MASTER}/sync/CRM/Accounts?$select=ID&$filter={}",
            enc("Name eq 'x'")
        ))
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        error_message(r).await,
        "Filtering on these fields is not supported: Name"
    );
}

#[tokio::test]
async fn bulk_and_sync_require_select() {
    let e = env().await;
    for path in [
        "bulk/CRM/Accounts",
        "sync/CRM/Accounts",
        "bulk/Logistics/Items",
    ] {
        let r = e.get(&format!("{MASTER}/{path}")).await;
        assert_eq!(r.status(), 400);
        assert_eq!(
            error_message(r).await,
            "Please add a $select or a $top=1 statement to the query string."
        );
    }
    assert_eq!(
        e.get(&format!(
            "{MASTER}/bulk/Financial/GLAccounts?$select=Code,Description"
        ))
        .await
        .status(),
        200
    );
}

#[tokio::test]
async fn mandatory_filtering_is_a_switch() {
    let e = env().await;
    let r = e.get(&format!("{MASTER}/crm/Accounts")).await;
    assert_eq!(r.status(), 400);
    assert!(error_message(r)
        .await
        .starts_with("This endpoint has mandatory filtering applied"));
    let r = e
        .get(&format!("{MASTER}/logistics/Items?$select=Code"))
        .await;
    assert_eq!(r.status(), 400);
    e.sim.set_settings(Settings {
        mandatory_filtering: false,
        ..e.sim.settings()
    });
    let v = e.get_json(&format!("{MASTER}/crm/Accounts")).await;
    assert_eq!(v["d"]["results"].as_array().unwrap().len(), 60);
}

#[tokio::test]
async fn small_top_may_answer_a_bare_array() {
    let e = env().await;
    e.sim.set_settings(Settings {
        bare_array_for_small_top: true,
        ..e.sim.settings()
    });
    let v = e
        .get_json(&format!(
            "{MASTER}/crm/Accounts?$select=ID&$top=3&$filter={}",
            enc("Name ne null")
        ))
        .await;
    assert_eq!(v["d"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn doubled_slash_is_tolerated() {
    let e = env().await;
    let v = e
        .get_json(&format!(
            "{MASTER}//crm/Accounts?$select=ID&$top=1&$filter={}",
            enc("Name ne null")
        ))
        .await;
    assert_eq!(v["d"]["results"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn entity_shape_follows_the_wire_format() {
    let e = env().await;
    let f = enc("trim(Code) eq '1'");
    let r = e.get(&format!("{MASTER}/crm/Accounts?$filter={f}")).await;
    assert_eq!(
        r.headers()["content-type"],
        "application/json;charset=utf-8"
    );
    let v: Value = r.json().await.unwrap();
    let a = &v["d"]["results"][0];
    let id = a["ID"].as_str().unwrap();
    assert_eq!(a["__metadata"]["type"], "Exact.Web.Api.Models.Account");
    assert_eq!(
        a["__metadata"]["uri"].as_str().unwrap(),
        format!(
            "{}/api/v1/{MASTER}/crm/Accounts(guid'{id}')",
            e.sim.base_url()
        )
    );
    assert_eq!(
        a["BankAccounts"]["__deferred"]["uri"].as_str().unwrap(),
        format!(
            "{}/api/v1/{MASTER}/crm/Accounts(guid'{id}')/BankAccounts",
            e.sim.base_url()
        )
    );
    assert_eq!(a["Code"], "                 1");
    assert_eq!(a["Country"], "NL ");
    assert!(a["Blocked"].is_boolean() && a["IsSales"].is_boolean() && a["IsSupplier"].is_boolean());
    assert!(a["IsAccountant"].is_number() && a["IsMailing"].is_number());
    assert!(a["Created"].as_str().unwrap().starts_with("/Date("));
    assert!(a["AddressLine2"].is_null() && a.as_object().unwrap().contains_key("AddressLine2"));
    assert!(a.get("Timestamp").is_none());
    // By key: {"d":{...}}.
    let one = e
        .get_json(&format!("{MASTER}/crm/Accounts(guid'{id}')"))
        .await;
    assert_eq!(one["d"]["ID"], id);
    // $select drops the others.
    let sel = e
        .get_json(&format!("{MASTER}/crm/Accounts?$select=Name&$filter={f}"))
        .await;
    let keys: Vec<_> = sel["d"]["results"][0]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(keys, vec!["Name", "__metadata"]);
    // Items: byte flag and real boolean; GL accounts readable.
    let item = e
        .get_json(&format!(
            "{MASTER}/logistics/Items?$filter={}",
            enc("Code eq 'ART-0001'")
        ))
        .await;
    let it = &item["d"]["results"][0];
    assert!(it["IsWebshopItem"].is_number() && it["IsSalesItem"].is_boolean());
    assert_eq!(
        it["StartDate"]
            .as_str()
            .unwrap()
            .trim_start_matches("/Date(")
            .trim_end_matches(")/")
            .parse::<i64>()
            .unwrap()
            % 86_400_000,
        0
    );
    let gl = e
        .get_json(&format!(
            "{MASTER}/financial/GLAccounts?$select=Code,Description"
        ))
        .await;
    assert!(gl["d"]["results"].as_array().unwrap().len() >= 20);
}
