//! The login's tokens: what a token set is, where it is kept (the
//! [`TokenStore`] trait: the OS keyring for real, memory for unit tests), and
//! the rules for renewing it (see `refresh`).
//!
//! Tokens never go to files, logs or error texts; their `Debug` prints `***`.

mod keyring_store;
mod lock_file;
mod memory;
pub(crate) mod refresh;

pub use keyring_store::{KeyringBackend, KeyringStore};
pub use memory::MemoryStore;

use crate::error::{Error, Result};
use crate::secret::Secret;
use serde_json::{json, Value};
use std::fmt;

/// Which login a token set belongs to: one per (site, app).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StoreKey {
    /// The site's base URL (`https://start.exactonline.nl` or the simulator).
    pub base_url: String,
    /// The app's client id.
    pub client_id: String,
}

impl StoreKey {
    /// The keyring entry's user name: `client_id@base_url`.
    pub fn account(&self) -> String {
        format!("{}@{}", self.client_id, self.base_url.trim_end_matches('/'))
    }
}

/// An access token with its expiry and the refresh token that renews it.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSet {
    /// The bearer token for API calls.
    pub access_token: Secret,
    /// When the access token expires, epoch ms (client clock).
    pub expires_at_ms: i64,
    /// The (rotating) refresh token.
    pub refresh_token: Secret,
    /// When this set was obtained, epoch ms (client clock); the service
    /// refuses a refresh less than ~570 s after it.
    pub obtained_at_ms: i64,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &"***")
            .field("expires_at_ms", &self.expires_at_ms)
            .field("refresh_token", &"***")
            .field("obtained_at_ms", &self.obtained_at_ms)
            .finish()
    }
}

impl TokenSet {
    /// The JSON kept in the keyring.
    pub(crate) fn to_json(&self) -> String {
        json!({
            "access_token": self.access_token.expose(),
            "expires_at_ms": self.expires_at_ms,
            "refresh_token": self.refresh_token.expose(),
            "obtained_at_ms": self.obtained_at_ms,
        })
        .to_string()
    }

    /// Parses what [`TokenSet::to_json`] wrote; the error never quotes it.
    pub(crate) fn from_json(s: &str) -> Result<TokenSet> {
        let bad = || Error::Storage("the stored login is unreadable; log in again".into());
        let v: Value = serde_json::from_str(s).map_err(|_| bad())?;
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(Secret::new);
        let int = |k: &str| v.get(k).and_then(Value::as_i64);
        Ok(TokenSet {
            access_token: text("access_token").ok_or_else(bad)?,
            expires_at_ms: int("expires_at_ms").ok_or_else(bad)?,
            refresh_token: text("refresh_token").ok_or_else(bad)?,
            obtained_at_ms: int("obtained_at_ms").ok_or_else(bad)?,
        })
    }
}

/// Where token sets are kept between runs.
///
/// Guarantees asked of an implementation: `save` is durable when it returns
/// (the refresh token it holds is the only one that still works); `load`
/// sees what any process saved last; no method logs or returns the tokens in
/// an error.
pub trait TokenStore: Send + Sync + fmt::Debug + 'static {
    /// The saved set, if any.
    fn load(&self, key: &StoreKey) -> Result<Option<TokenSet>>;
    /// Saves (replaces) the set.
    fn save(&self, key: &StoreKey, tokens: &TokenSet) -> Result<()>;
    /// Forgets the set (log out, or a refused refresh).
    fn delete(&self, key: &StoreKey) -> Result<()>;
}

/// The lock file serialising refreshes of one login.
pub(crate) fn lock_path(data_dir: &std::path::Path, key: &StoreKey) -> std::path::PathBuf {
    lock_file::path_for(data_dir, &key.account())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_and_debug_hides_tokens() {
        let t = TokenSet {
            access_token: Secret::new("AT-123"),
            expires_at_ms: 5,
            refresh_token: Secret::new("RT-456"),
            obtained_at_ms: 1,
        };
        assert_eq!(TokenSet::from_json(&t.to_json()).unwrap(), t);
        let dbg = format!("{t:?}");
        assert!(!dbg.contains("AT-123") && !dbg.contains("RT-456"));
        let err = TokenSet::from_json("{\"access_token\":\"AT-9\"}").unwrap_err();
        assert!(!err.to_string().contains("AT-9"));
    }
}
