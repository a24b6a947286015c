//! The whole login: browser, loopback listener, state checks, consent
//! denied, time-out, and the paste path.

use crate::support::*;
use std::sync::Arc;
use std::time::Duration;
use tandem_exact::tokens::{MemoryStore, TokenStore};
use tandem_exact::{BrowserOpener, Error};
use tandem_exact_sim::DEMO_SOURCE_DIVISION;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_login_through_the_loopback_listener() {
    let sim = sim(demo_config()).await;
    let (client, store, _dir) = logged_in(&sim).await;
    assert!(client.is_logged_in().await.unwrap());
    let me = client.me().await.unwrap();
    assert_eq!(me.current_division, DEMO_SOURCE_DIVISION);
    let divisions = client.divisions().await.unwrap();
    assert!(divisions
        .iter()
        .any(|d| d.code == DEMO_SOURCE_DIVISION && d.current));
    let key = tandem_exact::tokens::StoreKey {
        base_url: sim.base_url(),
        client_id: tandem_exact::DEMO_CLIENT_ID.into(),
    };
    assert!(store.load(&key).unwrap().is_some());
    assert_eq!(token_calls(&sim), vec![200]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_or_missing_state_is_ignored_then_the_good_callback_accepted() {
    let sim = sim(demo_config()).await;
    let dir = temp_dir();
    let client = client_with(&sim, Arc::new(MemoryStore::new()), &dir, settings());
    let seen = Seen::default();
    let forged: fn(&str) -> String = |loc| {
        let (base, q) = loc.split_once('?').unwrap();
        let q: Vec<String> = q
            .split('&')
            .map(|p| {
                if p.starts_with("state=") {
                    "state=forged".to_string()
                } else {
                    p.to_string()
                }
            })
            .collect();
        format!("{base}?{}", q.join("&"))
    };
    let missing: fn(&str) -> String = |loc| {
        let (base, q) = loc.split_once('?').unwrap();
        let q: Vec<&str> = q.split('&').filter(|p| !p.starts_with("state=")).collect();
        format!("{base}?{}", q.join("&"))
    };
    client
        .login_interactive(&browser(seen.clone(), vec![forged, missing]))
        .await
        .unwrap();
    assert_eq!(*seen.statuses.lock().unwrap(), vec![400, 400, 200]);
    client.me().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn denied_consent_gives_a_clear_error() {
    let sim = sim(demo_config()).await;
    let dir = temp_dir();
    let client = client_with(&sim, Arc::new(MemoryStore::new()), &dir, settings());
    // The user clicks "deny": Exact sends the browser back with an error.
    let deny = BrowserOpener::Callback(Arc::new(|url: String| {
        tokio::spawn(async move {
            let q = url.split_once('?').unwrap().1;
            let get = |k: &str| {
                q.split('&')
                    .find_map(|p| p.strip_prefix(&format!("{k}=")))
                    .unwrap()
                    .to_string()
            };
            let redirect = get("redirect_uri").replace("%3A", ":").replace("%2F", "/");
            let back = format!("{redirect}?error=access_denied&state={}", get("state"));
            reqwest::get(back).await.unwrap();
        });
    }));
    let err = client.login_interactive(&deny).await.unwrap_err();
    assert!(matches!(err, Error::ConsentDenied), "{err:?}");
    assert!(err.to_string().contains("consent was denied"), "{err}");
    assert!(!client.is_logged_in().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_that_never_returns_times_out() {
    let sim = sim(demo_config()).await;
    let dir = temp_dir();
    let mut s = settings();
    s.login_timeout = Duration::from_millis(300);
    let client = client_with(&sim, Arc::new(MemoryStore::new()), &dir, s);
    let nothing = BrowserOpener::Callback(Arc::new(|_url: String| {}));
    let err = client.login_interactive(&nothing).await.unwrap_err();
    assert!(matches!(err, Error::LoginTimedOut { .. }), "{err:?}");
    assert!(err.to_string().contains("timed out"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pasting_the_address_the_browser_ended_on_logs_in() {
    let sim = sim(demo_config()).await;
    let dir = temp_dir();
    let client = client_with(&sim, Arc::new(MemoryStore::new()), &dir, settings());
    let pending = client.begin_login().unwrap();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = http.get(&pending.authorize_url).send().await.unwrap();
    let location = r.headers()["location"].to_str().unwrap().to_string();
    // Nothing listens there: the user copies the address from the browser.
    client.complete_login(&pending, &location).await.unwrap();
    client.me().await.unwrap();
    // The code is single use: pasting it again is refused, clearly.
    let again = client
        .complete_login(&pending, &location)
        .await
        .unwrap_err();
    assert!(
        again.to_string().contains("did not accept the login code"),
        "{again}"
    );
}
