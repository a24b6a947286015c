//! Reading: the 5,000 master accounts in 5 bulk calls, streamed page by
//! page; point look-ups and filters on the standard endpoint.

use crate::support::*;
use futures_util::StreamExt;
use tandem_exact::odata::{Filter, Literal, Select};
use tandem_exact_sim::DEMO_SOURCE_DIVISION;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_thousand_accounts_in_five_bulk_calls() {
    let sim = sim(demo_config()).await;
    let (client, _store, _dir) = logged_in(&sim).await;
    let pages = client
        .read(
            "ExactOnlineREST.CRM.Accounts",
            DEMO_SOURCE_DIVISION,
            Select::new(["ID", "Code", "Name", "Created", "IsMailing"]),
            None,
        )
        .unwrap();
    let mut pages = std::pin::pin!(pages);
    let (mut n_pages, mut rows) = (0, 0);
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        n_pages += 1;
        rows += page.rows.len();
        for r in &page.rows {
            let code = r.text("Code").unwrap();
            assert_eq!(code, code.trim(), "codes are read trimmed");
            assert!(r.datetime("Created").is_some());
            assert!(r.flag("IsMailing").is_some());
        }
    }
    assert_eq!((n_pages, rows), (5, 5000));
    let bulk: Vec<_> = sim
        .call_log()
        .into_iter()
        .filter(|c| c.path.contains("/bulk/CRM/Accounts"))
        .collect();
    assert_eq!(bulk.len(), 5, "exactly five bulk calls");
    assert!(bulk.iter().all(|c| c.status == 200));
    let usage = client.usage();
    let u = usage
        .iter()
        .find(|u| u.endpoint == "bulk/CRM/Accounts")
        .unwrap();
    assert_eq!((u.calls, u.rows), (5, 5000));
    assert!(u.bytes > 0 && u.limits.minutely_remaining.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_with_padded_codes_and_hostile_text_on_the_standard_endpoint() {
    let sim = sim(demo_config()).await;
    let (client, _store, _dir) = logged_in(&sim).await;
    let table = tandem_exact::catalog::find("Accounts").unwrap();
    let read = |filter: Filter| {
        let client = client.clone();
        async move {
            let req = tandem_exact::ReadRequest {
                table,
                division: DEMO_SOURCE_DIVISION,
                endpoint: Some(tandem_exact::odata::Endpoint::Standard),
                options: tandem_exact::odata::QueryOptions {
                    select: Select::new(["ID", "Code", "Name"]),
                    filter: Some(filter),
                    ..Default::default()
                },
            };
            let mut rows = Vec::new();
            let mut s = std::pin::pin!(client.read_with(req).unwrap());
            while let Some(p) = s.next().await {
                rows.extend(p.unwrap().rows);
            }
            rows
        }
    };
    let one = read(Filter::eq("Code", Literal::padded_code("1", 18))).await;
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].text("Code"), Some("1"));
    let id = one[0].text("ID").unwrap().to_string();
    for hostile in ["' or 1 eq 1", "x') or (Name ne '", "O'Brien 😀 ''"] {
        let rows = read(Filter::eq("Name", Literal::Text(hostile.into()))).await;
        assert!(rows.is_empty(), "{hostile}");
    }
    let aanneming = read(Filter::starts_with("Name", "Aanneming")).await;
    assert!(aanneming.len() > 60, "paged over the 60-row standard pages");
    let found = client
        .lookup(
            "Accounts",
            DEMO_SOURCE_DIVISION,
            &id,
            Select::new(["ID", "Name"]),
        )
        .await
        .unwrap();
    assert!(found.is_some());
    let missing = client
        .lookup(
            "Accounts",
            DEMO_SOURCE_DIVISION,
            "00000000-0000-0000-0000-000000000001",
            Select::new(["ID"]),
        )
        .await
        .unwrap();
    assert!(missing.is_none());
}
