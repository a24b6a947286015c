//! Shared test plumbing: a simulator per test, the simulator's clock as the
//! client's clock, a scripted "browser", temporary folders and keyring names.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tandem_exact::clock::{Clock, SleepFuture};
use tandem_exact::tokens::{MemoryStore, TokenStore};
use tandem_exact::{AppRegistration, BrowserOpener, Client, ClientSettings};
use tandem_exact_sim::{SimConfig, Simulator};

/// The client reads the simulator's clock, so moving it moves both.
pub struct SimClock(pub tandem_exact_sim::Clock);

impl Clock for SimClock {
    fn now_ms(&self) -> i64 {
        self.0.now_ms()
    }

    fn sleep(&self, d: Duration) -> SleepFuture {
        let clock = self.0.clone();
        let target = clock.now_ms() + d.as_millis() as i64;
        Box::pin(async move {
            // Wait for the condition "simulated time reached the target",
            // whether the clock runs (at any speed) or a test moves it.
            while clock.now_ms() < target {
                let speed = clock.speed();
                let left = (target - clock.now_ms()).max(0) as f64;
                let real = if speed > 0.0 {
                    (left / speed).clamp(1.0, 50.0)
                } else {
                    5.0
                };
                tokio::time::sleep(Duration::from_millis(real as u64)).await;
            }
        })
    }
}

pub async fn sim(config: SimConfig) -> Simulator {
    tandem_exact_sim::start(config)
        .await
        .expect("simulator starts")
}

pub fn demo_config() -> SimConfig {
    SimConfig::demo()
}

static N: AtomicU32 = AtomicU32::new(0);

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

pub fn temp_dir() -> PathBuf {
    let d = std::env::temp_dir().join(unique("tandem-exact-test"));
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn keyring_service() -> String {
    unique("tandem-exact-test")
}

pub fn settings() -> ClientSettings {
    ClientSettings {
        backoff_base: Duration::from_millis(20),
        login_timeout: Duration::from_secs(20),
        ..ClientSettings::default()
    }
}

pub fn client_with(
    sim: &Simulator,
    store: Arc<dyn TokenStore>,
    dir: &std::path::Path,
    settings: ClientSettings,
) -> Client {
    Client::with_options(
        AppRegistration::demo(sim.base_url()),
        store,
        dir,
        settings,
        Arc::new(SimClock(sim.clock())),
    )
    .unwrap()
}

/// What the scripted browser saw (to prove secrets stay out of logs).
#[derive(Default, Clone)]
pub struct Seen {
    pub codes: Arc<Mutex<Vec<String>>>,
    pub statuses: Arc<Mutex<Vec<u16>>>,
}

/// A "browser" that follows the authorize redirect to the loopback
/// listener; `before` lists mangled callbacks it sends first.
pub fn browser(seen: Seen, before: Vec<fn(&str) -> String>) -> BrowserOpener {
    BrowserOpener::Callback(Arc::new(move |url: String| {
        let seen = seen.clone();
        let before = before.clone();
        tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let r = http.get(&url).send().await.unwrap();
            assert_eq!(r.status().as_u16(), 302, "authorize redirects");
            let location = r.headers()["location"].to_str().unwrap().to_string();
            if let Some(code) = location
                .split(['?', '&'])
                .find_map(|p| p.strip_prefix("code="))
            {
                seen.codes.lock().unwrap().push(code.to_string());
            }
            for mangle in before {
                let s = http.get(mangle(&location)).send().await.unwrap().status();
                seen.statuses.lock().unwrap().push(s.as_u16());
            }
            let s = http.get(&location).send().await.unwrap().status();
            seen.statuses.lock().unwrap().push(s.as_u16());
        });
    }))
}

/// A logged-in client on a memory store.
pub async fn logged_in(sim: &Simulator) -> (Client, MemoryStore, PathBuf) {
    let store = MemoryStore::new();
    let dir = temp_dir();
    let client = client_with(sim, Arc::new(store.clone()), &dir, settings());
    client
        .login_interactive(&browser(Seen::default(), vec![]))
        .await
        .unwrap();
    (client, store, dir)
}

/// Token endpoint calls the simulator answered, with their statuses.
pub fn token_calls(sim: &Simulator) -> Vec<u16> {
    sim.call_log()
        .into_iter()
        .filter(|c| c.path == "/api/oauth2/token")
        .map(|c| c.status)
        .collect()
}
