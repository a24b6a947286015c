//! Keeping one login's access token fresh, by the service's rules:
//!
//! - renew only when the access token is expired or in its last 30 seconds
//!   (a refresh sooner than ~570 s after the last one is refused);
//! - one refresh at a time: an async mutex inside the process, an exclusive
//!   lock file across processes, and the store re-read under that lock — if
//!   another process already renewed, its token is used;
//! - rotation: the new refresh token is saved before the new access token is
//!   used (losing it would lock the user out);
//! - a refused refresh ends in [`Error::LoginRequired`], never a loop.

use super::{lock_file, StoreKey, TokenSet, TokenStore};
use crate::auth::token_endpoint::{self, OAuthClient, TokenFailure};
use crate::clock::SharedClock;
use crate::error::{Error, Result};
use crate::secret::Secret;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::Mutex;

/// Renew this long before expiry.
pub(crate) const MARGIN_MS: i64 = 30_000;
/// The service refuses a refresh sooner than this after the last token.
pub(crate) const FLOOR_MS: i64 = 570_000;

/// After a dead login, the tokens in memory must not be used again.
fn forget(cur: &mut Option<TokenSet>, e: &Error) {
    if matches!(e, Error::LoginRequired { .. }) {
        *cur = None;
    }
}

/// The token of one login, shared by every request of a client.
pub(crate) struct TokenManager {
    store: Arc<dyn TokenStore>,
    key: StoreKey,
    lock_path: PathBuf,
    current: Mutex<Option<TokenSet>>,
    oauth: OAuthClient,
    http: reqwest::Client,
    clock: SharedClock,
}

impl TokenManager {
    pub(crate) fn new(
        store: Arc<dyn TokenStore>,
        key: StoreKey,
        lock_path: PathBuf,
        oauth: OAuthClient,
        http: reqwest::Client,
        clock: SharedClock,
    ) -> TokenManager {
        TokenManager {
            store,
            key,
            lock_path,
            current: Mutex::new(None),
            oauth,
            http,
            clock,
        }
    }

    fn fresh(&self, t: &TokenSet) -> bool {
        self.clock.now_ms() < t.expires_at_ms - MARGIN_MS
    }

    async fn load(&self) -> Result<Option<TokenSet>> {
        let store = self.store.clone();
        let key = self.key.clone();
        tokio::task::spawn_blocking(move || store.load(&key))
            .await
            .map_err(|e| Error::Bug(format!("the keyring task failed: {e}")))?
    }

    async fn save(&self, t: &TokenSet) -> Result<()> {
        let store = self.store.clone();
        let key = self.key.clone();
        let t = t.clone();
        tokio::task::spawn_blocking(move || store.save(&key, &t))
            .await
            .map_err(|e| Error::Bug(format!("the keyring task failed: {e}")))?
    }

    async fn delete(&self) -> Result<()> {
        let store = self.store.clone();
        let key = self.key.clone();
        tokio::task::spawn_blocking(move || store.delete(&key))
            .await
            .map_err(|e| Error::Bug(format!("the keyring task failed: {e}")))?
    }

    /// Installs the tokens of a new login: saved first, then used.
    pub(crate) async fn install(&self, t: TokenSet) -> Result<()> {
        let mut cur = self.current.lock().await;
        let _lock = lock_file::acquire(self.lock_path.clone()).await?;
        self.save(&t).await?;
        *cur = Some(t);
        Ok(())
    }

    /// Forgets the login here and in the store.
    pub(crate) async fn logout(&self) -> Result<()> {
        let mut cur = self.current.lock().await;
        let _lock = lock_file::acquire(self.lock_path.clone()).await?;
        *cur = None;
        self.delete().await
    }

    /// Whether a login is stored.
    pub(crate) async fn has_login(&self) -> Result<bool> {
        if self.current.lock().await.is_some() {
            return Ok(true);
        }
        Ok(self.load().await?.is_some())
    }

    /// A valid access token, renewed if due.
    pub(crate) async fn access_token(&self) -> Result<Secret> {
        let mut cur = self.current.lock().await;
        if let Some(t) = cur.as_ref().filter(|t| self.fresh(t)) {
            return Ok(t.access_token.clone());
        }
        let t = self
            .renew(cur.as_ref(), None)
            .await
            .inspect_err(|e| forget(&mut cur, e))?;
        let access = t.access_token.clone();
        *cur = Some(t);
        Ok(access)
    }

    /// The service refused `used` (401): renew unless someone already did.
    /// Errs with `Unauthorized` when renewing is not allowed yet (the token
    /// should have been good: a retry would loop).
    pub(crate) async fn after_unauthorized(&self, used: &Secret) -> Result<Secret> {
        let mut cur = self.current.lock().await;
        if let Some(t) = cur
            .as_ref()
            .filter(|t| &t.access_token != used && self.fresh(t))
        {
            return Ok(t.access_token.clone());
        }
        let t = self
            .renew(cur.as_ref(), Some(used))
            .await
            .inspect_err(|e| forget(&mut cur, e))?;
        let access = t.access_token.clone();
        *cur = Some(t);
        Ok(access)
    }

    /// Renews under the cross-process lock. `refused` is an access token the
    /// service said no to.
    async fn renew(&self, known: Option<&TokenSet>, refused: Option<&Secret>) -> Result<TokenSet> {
        let _lock = lock_file::acquire(self.lock_path.clone()).await?;
        let Some(stored) = self.load().await? else {
            return Err(Error::login_required(
                "there is no Exact Online login for this app; log in first",
            ));
        };
        let usable = |t: &TokenSet| Some(&t.access_token) != refused && self.fresh(t);
        // Another process (or an earlier login) renewed: use its token.
        if usable(&stored) && known.is_none_or(|k| k.access_token != stored.access_token) {
            return Ok(stored);
        }
        if known.is_none() && usable(&stored) {
            return Ok(stored);
        }
        let now = self.clock.now_ms();
        if now < stored.obtained_at_ms + FLOOR_MS {
            // Too early for the service. The stored token is the newest; if
            // it was refused anyway, asking again would loop.
            return match refused {
                Some(r) if *r == stored.access_token => Err(Error::Unauthorized),
                _ => Ok(stored),
            };
        }
        tracing::debug!("refreshing the Exact Online access token");
        match token_endpoint::refresh(&self.oauth, &self.http, &self.clock, &stored.refresh_token)
            .await
        {
            Ok(new) => {
                // Rotation: the old refresh token is dead now; the new one
                // must be stored before anything uses the new access token.
                self.save(&new).await.inspect_err(|_| {
                    tracing::error!("the renewed Exact Online login could not be stored");
                })?;
                Ok(new)
            }
            Err(TokenFailure::TooEarly) => match refused {
                Some(r) if *r == stored.access_token => Err(Error::Unauthorized),
                _ => Ok(stored),
            },
            Err(TokenFailure::Refused(why)) => {
                tracing::warn!("Exact Online refused to renew the login");
                // The grant is dead: forget it so nothing retries with it.
                let _ = self.delete().await;
                Err(Error::login_required(format!(
                    "Exact Online no longer accepts this login ({why})"
                )))
            }
            Err(TokenFailure::Unreachable(e)) => Err(e),
        }
    }
}
