//! The six rate-limit headers, the minutely and daily limits, per app and
//! division, and 429 with only the tripped limit's headers.

use crate::support::*;
use std::time::Duration;
use tandem_exact_sim::{Faults, Settings};

const SIX: [&str; 6] = [
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-ratelimit-minutely-limit",
    "x-ratelimit-minutely-remaining",
    "x-ratelimit-minutely-reset",
];

fn h(r: &reqwest::Response, name: &str) -> String {
    r.headers()[name].to_str().unwrap().to_string()
}

#[tokio::test]
async fn every_response_carries_all_six_headers_with_ms_resets() {
    let e = env().await;
    let r = e.get("current/Me").await;
    for name in SIX {
        assert!(r.headers().contains_key(name), "{name}");
    }
    assert_eq!(h(&r, "x-ratelimit-limit"), "5000");
    assert_eq!(h(&r, "x-ratelimit-remaining"), "4999");
    assert_eq!(h(&r, "x-ratelimit-minutely-limit"), "60");
    assert_eq!(h(&r, "x-ratelimit-minutely-remaining"), "59");
    // T0 = 2024-03-04T10:00:20Z: next minute 10:01:00, next day 2024-03-05.
    assert_eq!(h(&r, "x-ratelimit-minutely-reset"), "1709546460000");
    assert_eq!(h(&r, "x-ratelimit-reset"), "1709596800000");
    // Errors carry them too.
    let r = e.get(&format!("{MASTER}/crm/Nope")).await;
    assert_eq!(r.status(), 404);
    assert_eq!(h(&r, "x-ratelimit-remaining"), "4998");
}

#[tokio::test]
async fn the_61st_call_in_a_minute_gets_429_with_minutely_headers_only() {
    let e = env().await;
    for _ in 0..60 {
        assert_eq!(e.get("current/Me").await.status(), 200);
    }
    let r = e.get("current/Me").await;
    assert_eq!(r.status(), 429);
    assert_eq!(h(&r, "x-ratelimit-minutely-remaining"), "0");
    assert_eq!(h(&r, "x-ratelimit-minutely-reset"), "1709546460000");
    assert!(!r.headers().contains_key("x-ratelimit-limit"));
    assert!(!r.headers().contains_key("x-ratelimit-remaining"));
    // Another division has its own budget.
    let other = e.sim.store().divisions()[1];
    assert_eq!(
        e.get(&format!("{other}/system/Divisions")).await.status(),
        200
    );
    // The window is clock-aligned: 40 s later a new minute starts.
    e.sim.clock().advance(Duration::from_secs(40));
    let r = e.get("current/Me").await;
    assert_eq!(r.status(), 200);
    assert_eq!(h(&r, "x-ratelimit-minutely-remaining"), "59");
    assert_eq!(h(&r, "x-ratelimit-remaining"), "4939");
}

#[tokio::test]
async fn the_daily_limit_trips_with_daily_headers_and_resets_at_midnight_utc() {
    let e = env().await;
    e.sim.set_settings(Settings {
        daily_limit: 3,
        ..e.sim.settings()
    });
    for _ in 0..3 {
        assert_eq!(e.get("current/Me").await.status(), 200);
    }
    let r = e.get("current/Me").await;
    assert_eq!(r.status(), 429);
    assert_eq!(h(&r, "x-ratelimit-remaining"), "0");
    assert_eq!(h(&r, "x-ratelimit-reset"), "1709596800000");
    assert!(!r.headers().contains_key("x-ratelimit-minutely-remaining"));
}

#[tokio::test]
async fn daily_reset_lets_calls_through_again() {
    let e = env().await;
    e.sim.set_settings(Settings {
        daily_limit: 1,
        ..e.sim.settings()
    });
    assert_eq!(e.get("current/Me").await.status(), 200);
    assert_eq!(e.get("current/Me").await.status(), 429);
    // Move to 23:59:59.9 and let the token be fresh by re-running the flow.
    e.sim.clock().set_ms(1709596800000 - 100);
    let http = client();
    let redirect = "http://127.0.0.1:1/cb";
    let code = authorize(&http, &e.sim, tandem_exact_sim::DEMO_CLIENT_ID, redirect).await;
    let t = exchange(&http, &e.sim, &code, redirect).await;
    let tok = t["access_token"].as_str().unwrap();
    let call = || http.get(e.url("current/Me")).bearer_auth(tok).send();
    assert_eq!(call().await.unwrap().status(), 429);
    e.sim.clock().advance(Duration::from_millis(100));
    assert_eq!(call().await.unwrap().status(), 200);
}

#[tokio::test]
async fn injected_429_bursts() {
    let e = env().await;
    e.sim.set_settings(Settings {
        faults: Faults {
            burst_429: 1.0,
            burst_429_length: 2,
            ..Faults::default()
        },
        ..e.sim.settings()
    });
    let r = e.get("current/Me").await;
    assert_eq!(r.status(), 429);
    assert_eq!(h(&r, "x-ratelimit-minutely-remaining"), "0");
}
