//! Bad input and the hourly error budget, fault injection, latency, TLS and
//! the state file: answered as the real service would, never a panic or a
//! hang.

use crate::support::*;
use reqwest::Method;
use std::time::{Duration, Instant};
use tandem_exact_sim::{Faults, Latency, Settings, TlsConfig};

#[tokio::test]
async fn unknown_entity_is_404_with_the_envelope() {
    let e = env().await;
    let r = e.get(&format!("{MASTER}/crm/Nope")).await;
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.text().await.unwrap(),
        r#"{"error":{"code":"","message":{"lang":"","value":"Resource not found for the segment 'Nope'."}}}"#
    );
    let r = e.get("abc/crm/Accounts").await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn oversized_or_malformed_top_is_400() {
    let e = env().await;
    for top in ["99999999999", "-1", "abc"] {
        let r = e
            .get(&format!(
                "{MASTER}/crm/Accounts?$top={top}&$filter={}",
                enc("Name ne null")
            ))
            .await;
        assert_eq!(r.status(), 400);
        assert_eq!(
            error_message(r).await,
            format!("Incorrect format for $top argument '{top}'.")
        );
    }
    let r = e
        .get(&format!(
            "{MASTER}/crm/Accounts?$select=ID&$skiptoken=bogus&$filter={}",
            enc("Name ne null")
        ))
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        error_message(r).await,
        "The skip token value 'bogus' is not valid."
    );
}

#[tokio::test]
async fn more_than_10_errors_in_an_hour_block_the_endpoint_for_an_hour() {
    let e = env().await;
    for _ in 0..11 {
        assert_eq!(
            e.get(&format!("{MASTER}/crm/Accounts?$filter=bad("))
                .await
                .status(),
            400
        );
    }
    let ok = format!(
        "{MASTER}/crm/Accounts?$select=ID&$top=1&$filter={}",
        enc("Name ne null")
    );
    let r = e.get(&ok).await;
    assert_eq!(r.status(), 403);
    assert!(error_message(r)
        .await
        .starts_with("Too many errors on this endpoint"));
    // Other endpoints are not blocked.
    assert_eq!(
        e.get(&format!(
            "{MASTER}/crm/Contacts?$select=ID&$top=1&$filter={}",
            enc("LastName ne null")
        ))
        .await
        .status(),
        200
    );
    e.sim.clock().advance(Duration::from_secs(3600));
    // The token expired meanwhile; a fresh login reaches the endpoint again.
    let http = client();
    let redirect = "http://127.0.0.1:1/cb";
    let code = authorize(&http, &e.sim, tandem_exact_sim::DEMO_CLIENT_ID, redirect).await;
    let t = exchange(&http, &e.sim, &code, redirect).await;
    let r = http
        .get(e.url(&ok))
        .bearer_auth(t["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn fault_5xx_before_write_writes_nothing() {
    let e = env().await;
    e.sim.set_settings(Settings {
        faults: Faults {
            error_before_write: 1.0,
            ..Faults::default()
        },
        ..e.sim.settings()
    });
    let r = e
        .send(
            Method::POST,
            &format!("{MASTER}/crm/Accounts"),
            Some(r#"{"Name":"Nooit"}"#),
            false,
        )
        .await;
    assert_eq!(r.status(), 503);
    assert_eq!(e.sim.store().count(MASTER, "Accounts"), 5000);
}

#[tokio::test]
async fn dropped_connection_after_a_committed_write() {
    let e = env().await;
    e.sim.set_settings(Settings {
        faults: Faults {
            drop_after_write: 1.0,
            ..Faults::default()
        },
        ..e.sim.settings()
    });
    let r = e
        .http
        .post(e.url(&format!("{MASTER}/crm/Accounts")))
        .bearer_auth(&e.token)
        .header("Content-Type", "application/json")
        .body(r#"{"Name":"Misschien"}"#)
        .send()
        .await;
    assert!(r.is_err(), "{r:?}");
    assert_eq!(e.sim.store().count(MASTER, "Accounts"), 5001);
}

#[tokio::test]
async fn writes_are_slower_than_reads_when_latency_is_set() {
    let e = env().await;
    e.sim.set_settings(Settings {
        read_latency: Latency {
            fixed_ms: 5,
            jitter_ms: 0,
        },
        write_latency: Latency {
            fixed_ms: 60,
            jitter_ms: 10,
        },
        ..e.sim.settings()
    });
    let t = Instant::now();
    assert_eq!(e.get("current/Me").await.status(), 200);
    assert!(t.elapsed() >= Duration::from_millis(5));
    let t = Instant::now();
    let r = e
        .send(
            Method::POST,
            &format!("{MASTER}/crm/Accounts"),
            Some(r#"{"Name":"Traag"}"#),
            false,
        )
        .await;
    assert_eq!(r.status(), 201);
    assert!(t.elapsed() >= Duration::from_millis(60));
}

#[tokio::test]
async fn tls_with_a_generated_certificate() {
    let mut cfg = config();
    cfg.tls = Some(TlsConfig::default());
    let sim = sim(cfg).await;
    assert!(sim.base_url().starts_with("https://127.0.0.1:"));
    let cert = reqwest::Certificate::from_pem(sim.certificate_pem().unwrap().as_bytes()).unwrap();
    let http = reqwest::Client::builder()
        .add_root_certificate(cert)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let redirect = "http://127.0.0.1:1/cb";
    let code = authorize(&http, &sim, tandem_exact_sim::DEMO_CLIENT_ID, redirect).await;
    let t = exchange(&http, &sim, &code, redirect).await;
    let v: serde_json::Value = http
        .get(format!(
            "{}/api/v1/{MASTER}/bulk/CRM/Accounts?$select=ID",
            sim.base_url()
        ))
        .bearer_auth(t["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(v["d"]["__next"]
        .as_str()
        .unwrap()
        .starts_with("https://127.0.0.1:"));
}

#[tokio::test]
async fn state_file_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("tandem-sim-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let _ = std::fs::remove_file(&file);
    let mut cfg = config();
    cfg.state_file = Some(file.clone());
    let e = env_with(cfg.clone()).await;
    let r = e
        .send(
            Method::POST,
            &format!("{MASTER}/crm/Accounts"),
            Some(r#"{"Name":"Blijvend"}"#),
            false,
        )
        .await;
    assert_eq!(r.status(), 201);
    e.sim.shutdown().await;
    let again = tandem_exact_sim::start(cfg).await.unwrap();
    let rows = again.store().rows(MASTER, "Accounts");
    assert_eq!(rows.len(), 5001);
    assert!(rows.iter().any(|r| r["Name"] == "Blijvend"));
    again.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
