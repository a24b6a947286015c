//! Demo mode: the simulator in-process, logged in to through the normal
//! OAuth2 code path.
//!
//! A new user can try Tandem without an Exact Online account, and tests
//! exercise the same client code that talks to the real service. The
//! "browser" follows the authorize redirect itself (the simulator approves
//! the demo user at once), and tokens stay in memory: nothing touches the
//! keyring.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use tandem_exact::tokens::MemoryStore;
use tandem_exact::{AppRegistration, BrowserOpener, Client, ClientSettings};
use tandem_exact_sim::SimConfig;

use crate::error::{Error, Result};
use crate::provider::exact::ExactProvider;
use crate::session::Session;
use crate::ConnectionState;

/// A browser that follows the authorize redirect to the loopback listener.
pub fn redirect_following_browser() -> BrowserOpener {
    BrowserOpener::Callback(Arc::new(|url: String| {
        tokio::spawn(async move {
            let Ok(http) = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
            else {
                return;
            };
            let Ok(answer) = http.get(&url).send().await else {
                return;
            };
            let location = answer
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .map(str::to_string);
            if let Some(location) = location {
                // The login waits for this callback; its failure shows there.
                let _ = http.get(&location).send().await;
            }
        });
    }))
}

fn demo_dir() -> std::path::PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    std::env::temp_dir().join(format!(
        "tandem-demo-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ))
}

/// The demo client reads the simulator's clock, as a real client's clock
/// agrees with the service's: the rate limits' reset instants, token expiry
/// and back-off are all in the service's time. At the simulator's normal
/// speed this is the system clock; a test or a demo that runs the simulator
/// faster (a minute in two seconds) makes the client wait correspondingly
/// less for a minutely limit to reset.
struct ServiceTime(tandem_exact_sim::Clock);

impl tandem_exact::clock::Clock for ServiceTime {
    fn now_ms(&self) -> i64 {
        self.0.now_ms()
    }

    fn sleep(&self, d: std::time::Duration) -> tandem_exact::clock::SleepFuture {
        let speed = self.0.speed();
        // A frozen clock would never wake a sleeper: wait real time then.
        let real = if speed > 0.0 { d.div_f64(speed) } else { d };
        Box::pin(tokio::time::sleep(real))
    }
}

impl Session {
    /// A session on the demo simulator with its demo dataset.
    pub async fn demo() -> Result<Session> {
        Session::demo_with(SimConfig::demo()).await
    }

    /// A session on a simulator started with `config` (latency, limits,
    /// faults...). The simulator lives as long as the session.
    pub async fn demo_with(config: SimConfig) -> Result<Session> {
        let sim = tandem_exact_sim::start(config)
            .await
            .map_err(|e| Error::Connection(format!("cannot start the demo simulator: {e}")))?;
        let dir = demo_dir();
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::Io(format!("cannot create {}: {e}", dir.display())))?;
        let settings = ClientSettings {
            login_timeout: std::time::Duration::from_secs(30),
            ..ClientSettings::default()
        };
        let client = Client::with_options(
            AppRegistration::demo(sim.base_url()),
            Arc::new(MemoryStore::new()),
            &dir,
            settings,
            Arc::new(ServiceTime(sim.clock())),
        )
        .map_err(|e| Error::Connection(e.to_string()))?;
        client
            .login_interactive(&redirect_following_browser())
            .await
            .map_err(|e| Error::Connection(format!("demo login failed: {e}")))?;
        let mut session = Session::new(ConnectionState::Demo);
        session.demo = Some(sim);
        session
            .connect(Arc::new(ExactProvider::new("eol", client, true)))
            .await?;
        Ok(session)
    }

    /// Ends the session. With the demo simulator, stops it so that its
    /// state file (if it has one) is saved: a command-line run exits right
    /// after, and the demo companies' changes must outlive it.
    pub async fn close(mut self) {
        if let Some(sim) = self.demo.take() {
            sim.shutdown().await;
        }
    }

    /// A session over a logged-in Exact Online client (alias `eol`).
    pub async fn exact_online(connection: ConnectionState, client: Client) -> Result<Session> {
        let mut session = Session::new(connection);
        session
            .connect(Arc::new(ExactProvider::new("eol", client, true)))
            .await?;
        Ok(session)
    }
}
