//! Failures: retries under injected faults, and a typed error for each
//! kind of refusal.

use crate::support::*;
use futures_util::StreamExt;
use serde_json::{json, Map, Value};
use std::sync::Arc;
use tandem_exact::odata::{Filter, Literal, Select};
use tandem_exact::tokens::{MemoryStore, StoreKey, TokenSet, TokenStore};
use tandem_exact::{Error, ErrorKind, Secret, DEMO_CLIENT_ID};
use tandem_exact_sim::{Faults, DEMO_FORBIDDEN_DIVISION, DEMO_SOURCE_DIVISION};

fn fields(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("object expected"),
    }
}

async fn read_all(
    client: &tandem_exact::Client,
    table: &str,
    division: i64,
) -> Result<usize, Error> {
    let mut s = std::pin::pin!(client.read(table, division, Select::new(["ID", "Code"]), None)?);
    let mut n = 0;
    while let Some(p) = s.next().await {
        n += p?.rows.len();
    }
    Ok(n)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_ride_out_429_bursts_and_5xx() {
    // Only the injected faults are under test here: the real minutely limit
    // is lifted so that, with the clock sped up on a loaded machine, calls
    // refused for pace (the pacing test's subject) do not mix in.
    let mut config = demo_config();
    config.settings.minutely_limit = 1_000_000;
    let sim = sim(config).await;
    let store = MemoryStore::new();
    let dir = temp_dir();
    let mut st = settings();
    st.max_attempts = 10;
    let client = client_with(&sim, Arc::new(store), &dir, st);
    client
        .login_interactive(&browser(Seen::default(), vec![]))
        .await
        .unwrap();
    // Log in at real speed (a code lives 3 simulated minutes), then let a
    // simulated minute pass in half a second so 429 resets come quickly.
    sim.clock().set_speed(120.0);
    let mut s = sim.settings();
    s.faults = Faults {
        burst_429: 0.3,
        burst_429_length: 2,
        error_before_write: 0.3,
        ..Faults::default()
    };
    sim.set_settings(s);
    let seen = |status: u16| sim.call_log().iter().any(|c| c.status == status);
    // Faults are random: go on until each has fired (and every call
    // succeeded despite it).
    let mut reads = 0;
    while reads < 5 || (!seen(429) && reads < 40) {
        assert_eq!(
            read_all(&client, "GLAccounts", DEMO_SOURCE_DIVISION)
                .await
                .unwrap(),
            22
        );
        reads += 1;
    }
    // Updates are idempotent, so 503s before the write are retried.
    let id = {
        let mut s = std::pin::pin!(client
            .read("Accounts", DEMO_SOURCE_DIVISION, Select::new(["ID"]), None)
            .unwrap());
        s.next().await.unwrap().unwrap().rows[0]
            .text("ID")
            .unwrap()
            .to_string()
    };
    let mut updates = 0;
    while updates < 5 || (!seen(503) && updates < 40) {
        client
            .update(
                "Accounts",
                DEMO_SOURCE_DIVISION,
                &id,
                fields(json!({"City": format!("Stad {updates}")})),
            )
            .await
            .unwrap();
        updates += 1;
    }
    assert!(seen(429), "the burst fault fired");
    assert!(seen(503), "the 5xx fault fired");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_refusal_has_its_typed_error() {
    let sim = sim(demo_config()).await;
    let (client, _store, _dir) = logged_in(&sim).await;

    let e = read_all(&client, "Accounts", DEMO_FORBIDDEN_DIVISION)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Forbidden { reason, .. } if reason == "NoDivisionAccess"),
        "{e:?}"
    );

    let e = client
        .insert(
            "Accounts",
            DEMO_SOURCE_DIVISION,
            fields(json!({"City": "Zwolle"})),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Rejected { message, .. } if message.contains("Naam")),
        "{e:?}"
    );
    assert_eq!(e.kind(), ErrorKind::Rejected);

    let e = client
        .insert(
            "Accounts",
            DEMO_SOURCE_DIVISION,
            fields(json!({"Name": "Dubbel B.V.", "Code": "1"})),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Rejected { status: 500, message } if message.contains("Gegeven bestaat reeds")),
        "{e:?}"
    );

    let created = client
        .insert(
            "Accounts",
            DEMO_SOURCE_DIVISION,
            fields(json!({"Name": "Nieuw B.V.", "Code": "777777"})),
        )
        .await
        .unwrap();
    assert_eq!(
        created.text("Code"),
        Some("777777"),
        "returned in full, trimmed"
    );
    assert_eq!(created.text("Name"), Some("Nieuw B.V."));
    let id = created.text("ID").unwrap().to_string();
    client
        .delete("Accounts", DEMO_SOURCE_DIVISION, &id)
        .await
        .unwrap();
    let e = client
        .delete("Accounts", DEMO_SOURCE_DIVISION, &id)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e:?}");

    // Bulk without $select is refused before it costs a call.
    let calls = sim.call_log().len();
    let e = client
        .read("Accounts", DEMO_SOURCE_DIVISION, Select::default(), None)
        .err()
        .unwrap();
    assert_eq!(e.kind(), ErrorKind::Bug);
    assert_eq!(sim.call_log().len(), calls);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_filter_stops_before_the_service_blocks_the_endpoint() {
    let sim = sim(demo_config()).await;
    let (client, _store, _dir) = logged_in(&sim).await;
    let bad = || {
        let table = tandem_exact::catalog::find("Accounts").unwrap();
        tandem_exact::ReadRequest {
            table,
            division: DEMO_SOURCE_DIVISION,
            endpoint: Some(tandem_exact::odata::Endpoint::Standard),
            options: tandem_exact::odata::QueryOptions {
                select: Select::new(["ID"]),
                // Remarks is a memo: the service refuses to filter on it.
                filter: Some(Filter::eq("Remarks", Literal::Text("x".into()))),
                ..Default::default()
            },
        }
    };
    let mut kinds = Vec::new();
    for _ in 0..12 {
        let mut s = std::pin::pin!(client.read_with(bad()).unwrap());
        let e = s.next().await.unwrap().unwrap_err();
        kinds.push(e.kind());
        if let Error::Rejected { message, .. } = &e {
            assert!(message.contains("Filtering on these fields is not supported"));
        }
    }
    assert_eq!(kinds[..8], [ErrorKind::Rejected; 8]);
    assert_eq!(kinds[8..], [ErrorKind::BudgetExhausted; 4]);
    let errors = sim.call_log().iter().filter(|c| c.status == 400).count();
    assert_eq!(errors, 8, "the service saw 8 errors, below its block at 10");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_401_with_a_dead_refresh_token_asks_to_log_in_again() {
    let sim = sim(demo_config()).await;
    let store = MemoryStore::new();
    let key = StoreKey {
        base_url: sim.base_url(),
        client_id: DEMO_CLIENT_ID.into(),
    };
    let now = sim.clock().now_ms();
    store
        .save(
            &key,
            &TokenSet {
                access_token: Secret::new("revoked-access"),
                expires_at_ms: now + 500_000,
                refresh_token: Secret::new("revoked-refresh"),
                obtained_at_ms: now - 100_000 - 600_000,
            },
        )
        .unwrap();
    let dir = temp_dir();
    let client = client_with(&sim, Arc::new(store.clone()), &dir, settings());
    let e = client.me().await.unwrap_err();
    assert!(matches!(e, Error::LoginRequired { .. }), "{e:?}");
    assert!(e.to_string().contains("please log in again"));
    assert!(
        store.load(&key).unwrap().is_none(),
        "the dead login is forgotten"
    );
    // No loop: one API call, one token call.
    let e = client.me().await.unwrap_err();
    assert!(matches!(e, Error::LoginRequired { .. }));
    assert_eq!(token_calls(&sim), vec![400]);
    assert_eq!(
        sim.call_log()
            .iter()
            .filter(|c| c.path.starts_with("/api/v1/"))
            .count(),
        1
    );
}
