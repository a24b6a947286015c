//! A local simulator of the Exact Online REST API.
//!
//! Exact Online cannot be reached from a test machine, and a new user should
//! be able to try Tandem without an account. This crate serves the OAuth2 and
//! `/api/v1` endpoints the way the real service does, quirks included, over
//! real HTTP on loopback; it is Tandem's demo mode and the peer of every
//! client test.
//!
//! It must not depend on Tandem's client, engine or Tauri: it is judged
//! against the real service's documented behaviour, never against our own
//! client, so third-party Exact Online clients work against it unchanged.
#![deny(missing_docs)]

mod api;
mod clock;
mod config;
mod control;
mod dataset;
mod dates;
mod entities;
mod error;
mod error_budget;
mod oauth;
mod odata;
mod random;
mod rate_limit;
mod reads;
mod responses;
mod server;
mod state;
mod store;
mod tls;
mod writes;

pub use clock::Clock;
pub use config::{
    DatasetSize, Faults, Latency, RegisteredApp, Settings, SimConfig, TlsConfig, DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET, DEMO_FORBIDDEN_DIVISION, DEMO_PASSWORD, DEMO_REDIRECT_URI,
    DEMO_SOURCE_DIVISION, DEMO_USER, DEMO_USER_ID,
};
pub use error::{Error, Result};
pub use state::CallRecord;
pub use store::Store;

use axum::routing::{any, get};
use axum::Router;
use state::{lock, AppState};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tokio::task::JoinHandle;

/// A running simulator. Dropping it leaves the server running until the
/// runtime stops; call [`Simulator::shutdown`] to stop it and save state.
pub struct Simulator {
    addr: SocketAddr,
    state: Arc<AppState>,
    server: JoinHandle<()>,
    saver: Option<JoinHandle<()>>,
    state_file: Option<PathBuf>,
    certificate_pem: Option<String>,
}

/// Binds the listen address and serves in a background task.
pub async fn start(config: SimConfig) -> Result<Simulator> {
    let data = match config.state_file.as_deref().filter(|p| p.exists()) {
        Some(path) => load_state(path)?,
        None => dataset::generate(config.seed, &config.dataset),
    };
    let mut apps = vec![RegisteredApp {
        client_id: DEMO_CLIENT_ID.into(),
        client_secret: DEMO_CLIENT_SECRET.into(),
        redirect_uri: DEMO_REDIRECT_URI.into(),
    }];
    apps.extend(config.apps.iter().cloned());
    let tls = match &config.tls {
        Some(t) => Some(tls::acceptor(t)?),
        None => None,
    };
    let time_seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let state = Arc::new(AppState {
        settings: RwLock::new(config.settings.clone()),
        clock: Clock::new(config.clock_start_ms),
        store: Store::new(data),
        tokens: Mutex::default(),
        limits: Mutex::default(),
        errors: Mutex::default(),
        calls: Mutex::default(),
        rng: Mutex::new(random::Prng::new(config.seed ^ time_seed)),
        apps,
        auto_approve: config.demo_auto_approve,
        scheme: if tls.is_some() { "https" } else { "http" },
        seed: config.seed,
        dataset: config.dataset.clone(),
        dirty: AtomicBool::new(false),
        committed_writes: AtomicU64::new(0),
    });
    let mut router = Router::new()
        .route("/api/oauth2/auth", get(oauth::authorize).post(oauth::login))
        .route("/api/oauth2/token", axum::routing::post(oauth::token))
        .route("/api/v1/{*rest}", any(api::handle));
    if config.control {
        router = router.merge(control::routes());
    }
    let router = router
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            server::log_calls,
        ))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| Error::Bind {
            addr: config.listen.to_string(),
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| Error::Bind {
        addr: config.listen.to_string(),
        source,
    })?;
    let (acceptor, certificate_pem) = match tls {
        Some((a, pem)) => (Some(a), Some(pem)),
        None => (None, None),
    };
    let server = tokio::spawn(server::serve(listener, acceptor, router));
    let saver = config.state_file.clone().map(|path| {
        let st = state.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                if st.dirty.swap(false, Ordering::Relaxed) {
                    if let Err(e) = save_state(&st, &path) {
                        tracing::warn!("{e}");
                    }
                }
            }
        })
    });
    tracing::info!(%addr, "Exact Online simulator listening");
    Ok(Simulator {
        addr,
        state,
        server,
        saver,
        state_file: config.state_file,
        certificate_pem,
    })
}

fn load_state(path: &std::path::Path) -> Result<store::Data> {
    let err = |reason: String| Error::State {
        path: path.to_path_buf(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    let snap: store::Snapshot = serde_json::from_str(&text).map_err(|e| err(e.to_string()))?;
    Ok(snap.into_data())
}

fn save_state(st: &AppState, path: &std::path::Path) -> Result<()> {
    let err = |reason: String| Error::State {
        path: path.to_path_buf(),
        reason,
    };
    let snap = store::Snapshot::of(&st.store.read());
    let text = serde_json::to_string(&snap).map_err(|e| err(e.to_string()))?;
    // Write then rename, so a crash never leaves half a file.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).map_err(|e| err(e.to_string()))?;
    std::fs::rename(&tmp, path).map_err(|e| err(e.to_string()))
}

impl Simulator {
    /// `http://127.0.0.1:<port>` (or `https://` with TLS): the host to give
    /// an Exact Online client instead of `https://start.exactonline.nl`.
    pub fn base_url(&self) -> String {
        format!("{}://{}", self.state.scheme, self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The clock every time rule reads.
    pub fn clock(&self) -> Clock {
        self.state.clock.clone()
    }

    /// Read access to the stored data.
    pub fn store(&self) -> Store {
        self.state.store.clone()
    }

    /// Every Exact call served so far.
    pub fn call_log(&self) -> Vec<CallRecord> {
        lock(&self.state.calls).clone()
    }

    /// Successful POSTs, PUTs and DELETEs committed since the start (or the
    /// last `/_sim/reset`), counted when the write commits, before its answer
    /// leaves (which it may never do, with `drop_after_write`).
    pub fn committed_writes(&self) -> u64 {
        self.state.committed_writes.load(Ordering::SeqCst)
    }

    /// The run-time settings now in force.
    pub fn settings(&self) -> Settings {
        self.state.settings()
    }

    /// Replaces the run-time settings (latency, limits, faults, strictness).
    pub fn set_settings(&self, settings: Settings) {
        *self
            .state
            .settings
            .write()
            .unwrap_or_else(|e| e.into_inner()) = settings;
    }

    /// The certificate (PEM) a client must trust when TLS is on.
    pub fn certificate_pem(&self) -> Option<String> {
        self.certificate_pem.clone()
    }

    /// Stops serving, closes open connections and saves the state file.
    pub async fn shutdown(self) {
        self.server.abort();
        let _ = self.server.await;
        if let Some(s) = self.saver {
            s.abort();
        }
        if let Some(path) = &self.state_file {
            if let Err(e) = save_state(&self.state, path) {
                tracing::warn!("{e}");
            }
        }
    }
}
