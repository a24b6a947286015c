//! Token rules against the simulator: rotation persisted in the keyring,
//! 16 concurrent readers over two simulated hours, two "processes" sharing
//! one login.

use crate::support::*;
use futures_util::future::join_all;
use std::sync::Arc;
use std::time::Duration;
use tandem_exact::tokens::{KeyringBackend, KeyringStore, StoreKey, TokenStore};
use tandem_exact::{Client, DEMO_CLIENT_ID};
use tandem_exact_sim::Simulator;

fn key(sim: &Simulator) -> StoreKey {
    StoreKey {
        base_url: sim.base_url(),
        client_id: DEMO_CLIENT_ID.into(),
    }
}

/// The entry as the keyring crate itself reads it.
fn raw_entry(store: &KeyringStore, key: &StoreKey) -> serde_json::Value {
    let entry = match store.backend() {
        KeyringBackend::KernelKeyring => keyring::Entry::new_with_credential(Box::new(
            keyring::keyutils::KeyutilsCredential::new_with_target(
                None,
                store.service(),
                &key.account(),
            )
            .unwrap(),
        )),
        _ => keyring::Entry::new(store.service(), &key.account()).unwrap(),
    };
    serde_json::from_str(&entry.get_password().unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotation_is_persisted_in_the_keyring() {
    let sim = sim(demo_config()).await;
    let clock = sim.clock();
    clock.set_speed(0.0);
    let store = Arc::new(KeyringStore::new(keyring_service()));
    let dir = temp_dir();
    let client = client_with(&sim, store.clone(), &dir, settings());
    client
        .login_interactive(&browser(Seen::default(), vec![]))
        .await
        .unwrap();
    let k = key(&sim);
    let first = raw_entry(&store, &k);
    client.me().await.unwrap();
    clock.advance(Duration::from_secs(601));
    client.me().await.unwrap();
    let second = raw_entry(&store, &k);
    assert_ne!(first["refresh_token"], second["refresh_token"]);
    assert_ne!(first["access_token"], second["access_token"]);
    assert_eq!(token_calls(&sim), vec![200, 200]);
    // A second client (a restart) works from what the keyring holds.
    let again = client_with(&sim, store.clone(), &dir, settings());
    again.me().await.unwrap();
    assert_eq!(
        token_calls(&sim).len(),
        2,
        "no refresh needed after a restart"
    );
    store.delete(&k).unwrap();
    assert!(store.load(&k).unwrap().is_none());
}

/// Runs `steps` simulated minutes; each minute every client makes
/// `per_client` concurrent calls.
async fn run_minutes(sim: &Simulator, clients: &[Client], steps: u32, per_client: usize) {
    let clock = sim.clock();
    for _ in 0..steps {
        clock.advance(Duration::from_secs(60));
        let calls = clients.iter().flat_map(|c| {
            (0..per_client).map(move |_| {
                let c = c.clone();
                async move { c.me().await }
            })
        });
        for r in join_all(calls).await {
            r.unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_readers_over_two_hours_refresh_exactly_twelve_times() {
    let sim = sim(demo_config()).await;
    sim.clock().set_speed(0.0);
    let (client, _store, _dir) = logged_in(&sim).await;
    run_minutes(&sim, std::slice::from_ref(&client), 120, 16).await;
    let calls = token_calls(&sim);
    assert_eq!(calls.len(), 13, "one login and twelve refreshes: {calls:?}");
    assert!(calls.iter().all(|s| *s == 200), "none refused: {calls:?}");
    let api = sim
        .call_log()
        .into_iter()
        .filter(|c| c.path.starts_with("/api/v1/"))
        .collect::<Vec<_>>();
    assert_eq!(api.len(), 120 * 16);
    assert!(api.iter().all(|c| c.status == 200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_one_login_without_locking_each_other_out() {
    let sim = sim(demo_config()).await;
    sim.clock().set_speed(0.0);
    let service = keyring_service();
    let dir = temp_dir();
    // Two clients with their own memory, one keyring entry and data folder:
    // the app and a scheduled `tandem run`.
    let app = client_with(
        &sim,
        Arc::new(KeyringStore::new(&service)),
        &dir,
        settings(),
    );
    app.login_interactive(&browser(Seen::default(), vec![]))
        .await
        .unwrap();
    let run = client_with(
        &sim,
        Arc::new(KeyringStore::new(&service)),
        &dir,
        settings(),
    );
    run_minutes(&sim, &[app.clone(), run.clone()], 120, 4).await;
    let calls = token_calls(&sim);
    assert!(
        calls.iter().all(|s| *s == 200),
        "no refresh with a dead token: {calls:?}"
    );
    assert_eq!(calls.len(), 13, "{calls:?}");
    app.me().await.unwrap();
    run.me().await.unwrap();
    KeyringStore::new(&service).delete(&key(&sim)).unwrap();
}
