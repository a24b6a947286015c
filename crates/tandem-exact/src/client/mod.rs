//! The facade the engine uses: one [`Client`] per (site, app) login, shared
//! by every company and task. It ties the login, the token rules, the
//! governors, the retry policy and the usage counters together.

mod call;
mod login;
mod read;
mod writes;

pub use read::{Division, Me, ReadRequest};

use crate::auth::token_endpoint;
use crate::clock::{SharedClock, SystemClock};
use crate::error::Result;
use crate::rate::{Governors, LimitSnapshot};
use crate::retry::{ErrorBudget, RetryPolicy};
use crate::settings::{AppRegistration, ClientSettings};
use crate::tokens::refresh::TokenManager;
use crate::tokens::{StoreKey, TokenStore};
use crate::usage::{EndpointUsage, Usage};
use crate::{http, tokens};
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// An Exact Online client. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    reg: AppRegistration,
    settings: ClientSettings,
    http: reqwest::Client,
    token_http: reqwest::Client,
    tokens: TokenManager,
    governors: Governors,
    usage: Usage,
    errors: ErrorBudget,
    retry: RetryPolicy,
    clock: SharedClock,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.reg.base_url)
            .field("client_id", &self.inner.reg.client_id)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with default settings and the system clock. `data_dir` holds
    /// the lock file that serialises token refreshes across processes.
    pub fn new(
        registration: AppRegistration,
        token_store: Arc<dyn TokenStore>,
        data_dir: impl Into<PathBuf>,
    ) -> Result<Client> {
        Client::with_options(
            registration,
            token_store,
            data_dir,
            ClientSettings::default(),
            Arc::new(SystemClock),
        )
    }

    /// A client with explicit settings and clock.
    pub fn with_options(
        registration: AppRegistration,
        token_store: Arc<dyn TokenStore>,
        data_dir: impl Into<PathBuf>,
        settings: ClientSettings,
        clock: SharedClock,
    ) -> Result<Client> {
        let http = http::build_client(&settings)?;
        let token_http = http::build_token_client(&settings)?;
        let key = StoreKey {
            base_url: registration.base().to_string(),
            client_id: registration.client_id.clone(),
        };
        let lock_path = tokens::lock_path(&data_dir.into(), &key);
        // The refresh grant does not use the redirect URI; any valid one does.
        let oauth = token_endpoint::oauth_client(&registration, &registration.redirect_uri)?;
        let manager = TokenManager::new(
            token_store,
            key,
            lock_path,
            oauth,
            token_http.clone(),
            clock.clone(),
        );
        let retry = RetryPolicy {
            max_attempts: settings.max_attempts.max(1),
            base: settings.backoff_base,
            ..RetryPolicy::default()
        };
        Ok(Client {
            inner: Arc::new(Inner {
                errors: ErrorBudget::new(settings.hourly_error_budget),
                reg: registration,
                settings,
                http,
                token_http,
                tokens: manager,
                governors: Governors::default(),
                usage: Usage::default(),
                retry,
                clock,
            }),
        })
    }

    /// The app registration.
    pub fn registration(&self) -> &AppRegistration {
        &self.inner.reg
    }

    /// Whether a login is stored for this site and app.
    pub async fn is_logged_in(&self) -> Result<bool> {
        self.inner.tokens.has_login().await
    }

    /// Forgets the login (here and in the keyring).
    pub async fn logout(&self) -> Result<()> {
        self.inner.tokens.logout().await
    }

    /// Calls made so far, per company and endpoint.
    pub fn usage(&self) -> Vec<EndpointUsage> {
        self.inner.usage.snapshot()
    }

    /// The limits last reported for a company.
    pub fn limits(&self, division: i64) -> LimitSnapshot {
        self.governor(division).snapshot()
    }

    /// Fails with `DailyBudgetExhausted` (saying how many calls are left)
    /// unless the company's day still has `needed` calls.
    pub fn ensure_budget(&self, division: i64, needed: u64) -> Result<()> {
        self.governor(division).ensure_budget(needed)
    }

    fn governor(&self, division: i64) -> Arc<crate::rate::Governor> {
        self.inner
            .governors
            .get(&self.inner.reg.client_id, division, &self.inner.clock)
    }

    /// `{base}/api/v1`.
    fn api_base(&self) -> String {
        format!("{}/api/v1", self.inner.reg.base())
    }
}
