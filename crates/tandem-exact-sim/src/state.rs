//! The state every handler shares, and the call log.

use crate::clock::Clock;
use crate::config::{DatasetSize, RegisteredApp, Settings};
use crate::error_budget::Budget;
use crate::oauth::Tokens;
use crate::random::Prng;
use crate::rate_limit::Limiter;
use crate::store::Store;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::{Mutex, MutexGuard, RwLock};

/// One call as the simulator saw it (for tests and `/_sim/calls`).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CallRecord {
    /// HTTP method.
    pub method: String,
    /// Path, without the query.
    pub path: String,
    /// The OData query of API calls (never of OAuth calls, which carry codes).
    pub query: Option<String>,
    /// Status answered.
    pub status: u16,
    /// The app, when the call carried a valid token.
    pub client_id: Option<String>,
    /// The division the call addressed.
    pub division: Option<i64>,
    /// Simulated time of the call, ms since the epoch.
    pub time_ms: i64,
}

/// Who made an API call and where: attached to responses so the call log can
/// record it.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallInfo {
    pub(crate) client_id: Option<String>,
    pub(crate) division: Option<i64>,
}

pub(crate) struct AppState {
    pub(crate) settings: RwLock<Settings>,
    pub(crate) clock: Clock,
    pub(crate) store: Store,
    pub(crate) tokens: Mutex<Tokens>,
    pub(crate) limits: Mutex<Limiter>,
    pub(crate) errors: Mutex<Budget>,
    pub(crate) calls: Mutex<Vec<CallRecord>>,
    pub(crate) rng: Mutex<Prng>,
    pub(crate) apps: Vec<RegisteredApp>,
    pub(crate) auto_approve: bool,
    pub(crate) scheme: &'static str,
    pub(crate) seed: u64,
    pub(crate) dataset: DatasetSize,
    /// Data changed since the state file was last written.
    pub(crate) dirty: AtomicBool,
    /// Successful writes committed since the start (or the last reset),
    /// counted at commit time, before the answer is sent.
    pub(crate) committed_writes: AtomicU64,
}

/// Locks a mutex, ignoring poisoning: every critical section leaves its
/// state consistent, so a panic elsewhere does not corrupt it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    pub(crate) fn settings(&self) -> Settings {
        self.settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn app(&self, client_id: &str) -> Option<&RegisteredApp> {
        self.apps.iter().find(|a| a.client_id == client_id)
    }

    pub(crate) fn random_token(&self, bytes: usize) -> String {
        lock(&self.rng).token(bytes)
    }

    pub(crate) fn guid(&self) -> String {
        lock(&self.rng).guid()
    }
}
