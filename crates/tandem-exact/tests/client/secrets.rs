//! Secrets stay out of logs and error texts: everything logged (at every
//! level, by every crate in the process, the simulator included) and every
//! error text of a login, a refresh and failing calls is searched for the
//! tokens, the code and the client secret.

use crate::support::*;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tandem_exact::odata::Select;
use tandem_exact::tokens::{MemoryStore, StoreKey, TokenStore};
use tandem_exact::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET};
use tandem_exact_sim::{DEMO_FORBIDDEN_DIVISION, DEMO_SOURCE_DIVISION};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_token_code_or_secret_in_any_log_line_or_error() {
    let buf = Buffer::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let sim = sim(demo_config()).await;
    sim.clock().set_speed(0.0);
    let store = MemoryStore::new();
    let dir = temp_dir();
    let client = client_with(&sim, Arc::new(store.clone()), &dir, settings());
    let seen = Seen::default();
    client
        .login_interactive(&browser(seen.clone(), vec![]))
        .await
        .unwrap();
    let key = StoreKey {
        base_url: sim.base_url(),
        client_id: DEMO_CLIENT_ID.into(),
    };
    let mut secrets = vec![DEMO_CLIENT_SECRET.to_string()];
    secrets.extend(seen.codes.lock().unwrap().iter().cloned());
    let mut errors = Vec::new();
    let mut remember = |store: &MemoryStore, secrets: &mut Vec<String>| {
        let t = store.load(&key).unwrap().unwrap();
        secrets.push(t.access_token.expose().to_string());
        secrets.push(t.refresh_token.expose().to_string());
        errors.push(format!("{t:?}"));
    };
    remember(&store, &mut secrets);
    client.me().await.unwrap();
    sim.clock().advance(Duration::from_secs(600));
    client.me().await.unwrap();
    remember(&store, &mut secrets);

    // Failing calls, and their error texts.
    let mut errors: Vec<String> = errors;
    let r = client.read(
        "Accounts",
        DEMO_FORBIDDEN_DIVISION,
        Select::new(["ID"]),
        None,
    );
    if let Ok(s) = r {
        use futures_util::StreamExt;
        let mut s = std::pin::pin!(s);
        while let Some(p) = s.next().await {
            if let Err(e) = p {
                errors.push(e.to_string());
                errors.push(format!("{e:?}"));
            }
        }
    }
    let e = client
        .insert("Accounts", DEMO_SOURCE_DIVISION, serde_json::Map::new())
        .await
        .unwrap_err();
    errors.push(e.to_string());
    errors.push(format!("{e:?}"));
    // Refresh with a token the service no longer accepts: reuse the first.
    let mut t = store.load(&key).unwrap().unwrap();
    t.refresh_token = tandem_exact::Secret::new(secrets[3].clone());
    t.expires_at_ms = 0;
    store.save(&key, &t).unwrap();
    sim.clock().advance(Duration::from_secs(600));
    let fresh = client_with(&sim, Arc::new(store.clone()), &dir, settings());
    let e = fresh.me().await.unwrap_err();
    errors.push(e.to_string());
    errors.push(format!("{e:?}"));
    errors.push(format!("{client:?} {store:?}"));

    let logs = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(logs.lines().count() > 5, "the capture works: {logs}");
    assert!(secrets.len() >= 6);
    for s in &secrets {
        assert!(s.len() >= 8);
        assert!(!logs.contains(s.as_str()), "a secret is in the logs");
        for e in &errors {
            assert!(!e.contains(s.as_str()), "a secret is in an error: {e}");
        }
    }
}
