//! The `/_sim/` control surface: off by default, and its JSON when on.

use crate::support::*;
use serde_json::{json, Value};

#[tokio::test]
async fn control_surface_is_off_by_default() {
    let mut cfg = config();
    cfg.control = false;
    let sim = sim(cfg).await;
    let r = client()
        .get(format!("{}/_sim/calls", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn tables_calls_counters_settings_clock_reset() {
    let e = env().await;
    let base = e.sim.base_url();
    let http = client();
    assert_eq!(e.get(&format!("{MASTER}/crm/Nope")).await.status(), 404);
    let rows: Value = http
        .get(format!("{base}/_sim/divisions/{MASTER}/Accounts"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 5000);
    assert!(rows[0]["Timestamp"].is_number());
    let calls: Value = http
        .get(format!("{base}/_sim/calls"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let last = calls.as_array().unwrap().last().unwrap();
    assert_eq!(last["method"], "GET");
    assert_eq!(last["path"], format!("/api/v1/{MASTER}/crm/Nope"));
    assert_eq!(last["status"], 404);
    assert_eq!(last["client_id"], tandem_exact_sim::DEMO_CLIENT_ID);
    assert_eq!(last["division"], MASTER);
    assert_eq!(last["time_ms"], T0);
    let counters: Value = http
        .get(format!("{base}/_sim/counters"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(counters["by_status"]["404"], 1);
    assert_eq!(counters["rate_limits"][0]["used_today"], 1);

    let s: Value = http
        .put(format!("{base}/_sim/settings"))
        .body(r#"{"minutely_limit":2,"write_latency":{"fixed_ms":3}}"#)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(s["minutely_limit"], 2);
    assert_eq!(s["daily_limit"], 5000);
    assert_eq!(s["write_latency"], json!({"fixed_ms": 3, "jitter_ms": 0}));
    assert_eq!(e.sim.settings().minutely_limit, 2);

    let c: Value = http
        .post(format!("{base}/_sim/clock"))
        .body(r#"{"advance_ms":60000}"#)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(c["now_ms"], T0 + 60_000);
    assert_eq!(c["now"], "2024-03-04T10:01:20Z");

    assert_eq!(
        http.get(format!("{base}/_sim/divisions/{MASTER}/Nope"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let r = e
        .send(
            reqwest::Method::POST,
            &format!("{MASTER}/crm/Accounts"),
            Some(r#"{"Name":"Weg na reset"}"#),
            false,
        )
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(e.sim.store().count(MASTER, "Accounts"), 5001);
    assert_eq!(
        http.post(format!("{base}/_sim/reset"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(e.sim.store().count(MASTER, "Accounts"), 5000);
    assert!(e.sim.call_log().is_empty());
}
