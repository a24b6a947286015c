//! OAuth2: codes, tokens, rotation and the time rules, with the clock.

use crate::support::*;
use serde_json::{json, Value};
use std::time::Duration;
use tandem_exact_sim::{RegisteredApp, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET};

#[tokio::test]
async fn full_round_trip_and_rotation() {
    let sim = sim(config()).await;
    let http = client();
    let redirect = "http://127.0.0.1:50123/oauth/callback";
    let code = authorize(&http, &sim, DEMO_CLIENT_ID, redirect).await;
    let r = code_grant(&http, &sim, &code, redirect).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "application/json;charset=utf-8"
    );
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["expires_in"], json!("600"));
    assert_eq!(t["token_type"], json!("bearer"));
    let access = t["access_token"].as_str().unwrap();
    let me = http
        .get(format!("{}/api/v1/current/Me", sim.base_url()))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);

    sim.clock().advance(Duration::from_secs(571));
    let old_refresh = t["refresh_token"].as_str().unwrap();
    let r = token_call(
        &http,
        &sim,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", old_refresh),
            ("client_id", DEMO_CLIENT_ID),
            ("client_secret", DEMO_CLIENT_SECRET),
        ],
    )
    .await;
    assert_eq!(r.status(), 200);
    let t2: Value = r.json().await.unwrap();
    assert_ne!(t2["refresh_token"], t["refresh_token"]);
    let me = http
        .get(format!("{}/api/v1/current/Me", sim.base_url()))
        .bearer_auth(t2["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);

    // The old refresh token died at once.
    sim.clock().advance(Duration::from_secs(600));
    let r = token_call(
        &http,
        &sim,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", old_refresh),
            ("client_id", DEMO_CLIENT_ID),
            ("client_secret", DEMO_CLIENT_SECRET),
        ],
    )
    .await;
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"], "invalid_grant");
}

#[tokio::test]
async fn basic_auth_is_accepted_and_wrong_secret_refused() {
    let sim = sim(config()).await;
    let http = client();
    let redirect = "http://127.0.0.1:1234/";
    let code = authorize(&http, &sim, DEMO_CLIENT_ID, redirect).await;
    let r = http
        .post(format!("{}/api/oauth2/token", sim.base_url()))
        .basic_auth(DEMO_CLIENT_ID, Some(DEMO_CLIENT_SECRET))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", redirect),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let code = authorize(&http, &sim, DEMO_CLIENT_ID, redirect).await;
    let r = token_call(
        &http,
        &sim,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
            ("client_id", DEMO_CLIENT_ID),
            ("client_secret", "wrong"),
        ],
    )
    .await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_client");
}

#[tokio::test]
async fn codes_are_single_use_and_live_three_minutes() {
    let sim = sim(config()).await;
    let http = client();
    let redirect = "http://127.0.0.1:1234/cb";
    let code = authorize(&http, &sim, DEMO_CLIENT_ID, redirect).await;
    exchange(&http, &sim, &code, redirect).await;
    let form = |c: &str| {
        vec![
            ("grant_type", "authorization_code".to_string()),
            ("code", c.to_string()),
            ("redirect_uri", redirect.to_string()),
            ("client_id", DEMO_CLIENT_ID.to_string()),
            ("client_secret", DEMO_CLIENT_SECRET.to_string()),
        ]
    };
    let reuse = http
        .post(format!("{}/api/oauth2/token", sim.base_url()))
        .form(&form(&code))
        .send()
        .await
        .unwrap();
    assert_eq!(reuse.status(), 400);

    let code = authorize(&http, &sim, DEMO_CLIENT_ID, redirect).await;
    sim.clock().advance(Duration::from_secs(181));
    let late = http
        .post(format!("{}/api/oauth2/token", sim.base_url()))
        .form(&form(&code))
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), 400);
    assert_eq!(
        late.json::<Value>().await.unwrap()["error_description"],
        "The authorization code has expired."
    );

    // The redirect_uri of the token call must match the authorize call.
    let code = authorize(&http, &sim, DEMO_CLIENT_ID, redirect).await;
    let mut f = form(&code);
    f[2].1 = "http://127.0.0.1:1234/other".into();
    let r = http
        .post(format!("{}/api/oauth2/token", sim.base_url()))
        .form(&f)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn too_early_refresh_is_refused_with_reason() {
    let e = env().await;
    e.sim.clock().advance(Duration::from_secs(569));
    let r = token_call(
        &e.http,
        &e.sim,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &e.refresh),
            ("client_id", DEMO_CLIENT_ID),
            ("client_secret", DEMO_CLIENT_SECRET),
        ],
    )
    .await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["reason"], "TooEarlyToRefreshTokens");
    assert_eq!(
        r.text().await.unwrap(),
        r#"{"error":"access_denied","error_description":"Rate limit exceeded: access_token not expired"}"#
    );
}

#[tokio::test]
async fn refresh_token_expires_after_30_days_unused() {
    let e = env().await;
    e.sim.clock().advance(Duration::from_secs(30 * 86_400 + 1));
    let r = token_call(
        &e.http,
        &e.sim,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &e.refresh),
            ("client_id", DEMO_CLIENT_ID),
            ("client_secret", DEMO_CLIENT_SECRET),
        ],
    )
    .await;
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"], "invalid_request");
    assert_eq!(
        v["error_description"],
        "The refresh token expired at 2024-04-03T10:00:20Z"
    );
}

#[tokio::test]
async fn access_token_lives_600_seconds_and_bad_ones_get_401() {
    let e = env().await;
    e.sim.clock().advance(Duration::from_secs(599));
    assert_eq!(e.get("current/Me").await.status(), 200);
    e.sim.clock().advance(Duration::from_secs(1));
    let r = e.get("current/Me").await;
    assert_eq!(r.status(), 401);
    let r = e
        .http
        .get(e.url("current/Me"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("401 - Unauthorized"));
    let r = e.http.get(e.url("current/Me")).send().await.unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn redirect_matching_loopback_for_demo_exact_for_others() {
    let mut cfg = config();
    cfg.apps.push(RegisteredApp {
        client_id: "other-app".into(),
        client_secret: "s".into(),
        redirect_uri: "https://example.com/oauth".into(),
    });
    let sim = sim(cfg).await;
    let http = client();
    let ask = |client_id: &'static str, redirect: &'static str| {
        http.get(format!("{}/api/oauth2/auth", sim.base_url()))
            .query(&[
                ("client_id", client_id),
                ("redirect_uri", redirect),
                ("response_type", "code"),
                ("state", "xyz"),
            ])
            .send()
    };
    assert_eq!(
        ask(DEMO_CLIENT_ID, "http://127.0.0.1:9/any/path")
            .await
            .unwrap()
            .status(),
        302
    );
    assert_eq!(
        ask(DEMO_CLIENT_ID, "http://evil.example/cb")
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        ask("other-app", "https://example.com/oauth")
            .await
            .unwrap()
            .status(),
        302
    );
    assert_eq!(
        ask("other-app", "https://example.com/oauth/")
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        ask("other-app", "http://127.0.0.1:9/cb")
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        ask("unknown", "http://127.0.0.1:9/cb")
            .await
            .unwrap()
            .status(),
        400
    );
}

#[tokio::test]
async fn login_and_consent_page_without_auto_approve() {
    let mut cfg = config();
    cfg.demo_auto_approve = false;
    let sim = sim(cfg).await;
    let http = client();
    let redirect = "http://127.0.0.1:7777/cb";
    let r = http
        .get(format!("{}/api/oauth2/auth", sim.base_url()))
        .query(&[
            ("client_id", DEMO_CLIENT_ID),
            ("redirect_uri", redirect),
            ("response_type", "code"),
            ("state", "xyz"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("<form method=\"post\" action=\"/api/oauth2/auth\">"));
    let post = |pw: &'static str| {
        http.post(format!("{}/api/oauth2/auth", sim.base_url()))
            .form(&[
                ("client_id", DEMO_CLIENT_ID),
                ("redirect_uri", redirect),
                ("state", "xyz"),
                ("username", "demo"),
                ("password", pw),
                ("consent", "allow"),
            ])
            .send()
    };
    let bad = post("nope").await.unwrap();
    assert_eq!(bad.status(), 200);
    assert!(bad
        .text()
        .await
        .unwrap()
        .contains("Onjuiste gebruikersnaam of wachtwoord."));
    let ok = post("demo").await.unwrap();
    assert_eq!(ok.status(), 302);
    let code = code_from(ok.headers()["location"].to_str().unwrap(), redirect);
    exchange(&http, &sim, &code, redirect).await;
}

#[tokio::test]
async fn at_most_200_token_calls_per_app_user_day() {
    let sim = sim(config()).await;
    let http = client();
    let redirect = "http://127.0.0.1:1234/cb";
    for _ in 0..200 {
        let code = authorize(&http, &sim, DEMO_CLIENT_ID, redirect).await;
        exchange(&http, &sim, &code, redirect).await;
    }
    let code = authorize(&http, &sim, DEMO_CLIENT_ID, redirect).await;
    let r = code_grant(&http, &sim, &code, redirect).await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "access_denied");
    // A new UTC day starts a new budget (T0 is 10:00:20 UTC).
    sim.clock().advance(Duration::from_secs(14 * 3600));
    let code = authorize(&http, &sim, DEMO_CLIENT_ID, redirect).await;
    exchange(&http, &sim, &code, redirect).await;
}
