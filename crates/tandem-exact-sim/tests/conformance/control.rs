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

/// `answer_delay_after_write_ms` holds a successful write's answer after the
/// commit: the row and `committed_writes` show before the client hears back,
/// while the call log (and its `writes` counter) waits for the answer.
#[tokio::test]
async fn answer_delay_holds_the_answer_after_the_commit() {
    let e = env().await;
    let base = e.sim.base_url();
    let http = client();
    let counters = |http: reqwest::Client| {
        let url = format!("{base}/_sim/counters");
        async move {
            let v: Value = http.get(url).send().await.unwrap().json().await.unwrap();
            v
        }
    };
    let c = counters(http.clone()).await;
    assert_eq!(
        (c["committed_writes"].clone(), c["writes"].clone()),
        (json!(0), json!(0))
    );
    let s: Value = http
        .get(format!("{base}/_sim/settings"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(s["answer_delay_after_write_ms"], 0);
    let s: Value = http
        .put(format!("{base}/_sim/settings"))
        .body(r#"{"answer_delay_after_write_ms":3000}"#)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(s["answer_delay_after_write_ms"], 3000);
    assert_eq!(s["minutely_limit"], 60, "the other settings are kept");
    assert_eq!(e.sim.settings().answer_delay_after_write_ms, 3000);

    let post = tokio::spawn(
        e.http
            .post(e.url(&format!("{MASTER}/crm/Accounts")))
            .bearer_auth(&e.token)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .header("Prefer", "return=representation")
            .body(r#"{"Name":"Vastgehouden B.V."}"#)
            .send(),
    );
    let started = std::time::Instant::now();
    loop {
        let c = counters(http.clone()).await;
        if c["committed_writes"] == 1 {
            assert_eq!(c["writes"], 0, "the call is logged once answered");
            break;
        }
        assert!(started.elapsed().as_secs() < 10, "the POST never committed");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let rows: Value = http
        .get(format!("{base}/_sim/divisions/{MASTER}/Accounts"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["Name"] == "Vastgehouden B.V.")
        .expect("the row is committed")
        .clone();
    assert!(!post.is_finished(), "the answer is still held");
    assert_eq!(e.sim.committed_writes(), 1);

    let r = post.await.unwrap().unwrap();
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["d"]["ID"], row["ID"]);
    assert!(started.elapsed().as_millis() >= 2_000);
    let c = counters(http.clone()).await;
    assert_eq!(
        (c["committed_writes"].clone(), c["writes"].clone()),
        (json!(1), json!(1))
    );

    // Refused writes commit nothing and are not held.
    let started = std::time::Instant::now();
    let r = e
        .send(
            reqwest::Method::POST,
            &format!("{MASTER}/crm/Accounts"),
            Some(r#"{"City":"Zonder naam"}"#),
            false,
        )
        .await;
    assert_eq!(r.status(), 500);
    assert!(started.elapsed().as_millis() < 2_000);
    assert_eq!(counters(http.clone()).await["committed_writes"], 1);

    assert_eq!(
        http.post(format!("{base}/_sim/reset"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(counters(http).await["committed_writes"], 0);
}
