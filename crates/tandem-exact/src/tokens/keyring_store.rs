//! Token sets in the OS keyring: Windows Credential Manager and the macOS
//! Keychain natively; on Linux the Secret Service when the session has an
//! unlocked one, else the kernel keyring (keyutils), with a warning that its
//! entries do not survive a reboot.
//!
//! One entry per (site, app): service = the configured keyring service name,
//! user = `client_id@base_url`, secret = the token set as JSON.

use super::{StoreKey, TokenSet, TokenStore};
use crate::error::{Error, Result};
use crate::secret::Secret;
use std::fmt;

/// Which keyring holds the tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyringBackend {
    /// The platform's own store (Windows, macOS).
    Platform,
    /// The freedesktop Secret Service (GNOME Keyring, KWallet) over D-Bus.
    SecretService,
    /// Linux's kernel keyring: works headless, lost at reboot.
    KernelKeyring,
}

/// The real token store.
pub struct KeyringStore {
    service: String,
    backend: KeyringBackend,
    warning: Option<String>,
}

impl fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyringStore")
            .field("service", &self.service)
            .field("backend", &self.backend)
            .finish()
    }
}

const KERNEL_WARNING: &str = "No unlocked Secret Service (GNOME Keyring, KWallet) answers on this session, so the Exact Online login is kept in the kernel keyring, which does not survive a reboot: after a restart you will have to log in again.";

impl KeyringStore {
    /// A store under `service`, on the best keyring this session offers.
    pub fn new(service: impl Into<String>) -> KeyringStore {
        let (backend, warning) = detect();
        if let Some(w) = &warning {
            tracing::warn!("{w}");
        }
        KeyringStore {
            service: service.into(),
            backend,
            warning,
        }
    }

    /// A store on a given backend (tests, or a user's explicit choice).
    pub fn with_backend(service: impl Into<String>, backend: KeyringBackend) -> KeyringStore {
        KeyringStore {
            service: service.into(),
            backend,
            warning: (backend == KeyringBackend::KernelKeyring).then(|| KERNEL_WARNING.into()),
        }
    }

    /// The backend in use.
    pub fn backend(&self) -> KeyringBackend {
        self.backend
    }

    /// The warning to show the user, if the backend is a fallback.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// The keyring service name.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The keyring entry of a login, as the keyring crate sees it.
    pub fn entry(&self, key: &StoreKey) -> Result<keyring::Entry> {
        entry_on(self.backend, &self.service, &key.account())
    }

    /// An app registration's client secret, kept next to the tokens (user
    /// `client-secret:<client id>`), so that it is never in a file.
    pub fn load_client_secret(&self, client_id: &str) -> Result<Option<Secret>> {
        match self.secret_entry(client_id)?.get_password() {
            Ok(s) => Ok(Some(Secret::new(s))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(describe(e)),
        }
    }

    /// Keeps a client secret (see [`KeyringStore::load_client_secret`]).
    pub fn save_client_secret(&self, client_id: &str, secret: &Secret) -> Result<()> {
        self.secret_entry(client_id)?
            .set_password(secret.expose())
            .map_err(describe)
    }

    /// Forgets a client secret.
    pub fn delete_client_secret(&self, client_id: &str) -> Result<()> {
        match self.secret_entry(client_id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(describe(e)),
        }
    }

    fn secret_entry(&self, client_id: &str) -> Result<keyring::Entry> {
        entry_on(
            self.backend,
            &self.service,
            &format!("client-secret:{client_id}"),
        )
    }
}

/// The keyring entry `service`/`user` on a backend.
pub(crate) fn entry_on(
    backend: KeyringBackend,
    service: &str,
    user: &str,
) -> Result<keyring::Entry> {
    match backend {
        #[cfg(target_os = "linux")]
        KeyringBackend::KernelKeyring => {
            let c = keyring::keyutils::KeyutilsCredential::new_with_target(None, service, user)
                .map_err(describe)?;
            Ok(keyring::Entry::new_with_credential(Box::new(c)))
        }
        #[cfg(target_os = "linux")]
        KeyringBackend::SecretService => {
            let c = keyring::secret_service::SsCredential::new_with_target(None, service, user)
                .map_err(describe)?;
            Ok(keyring::Entry::new_with_credential(Box::new(c)))
        }
        _ => keyring::Entry::new(service, user).map_err(describe),
    }
}

/// A keyring error in words, never with the stored bytes some variants carry.
fn describe(e: keyring::Error) -> Error {
    let what = match e {
        keyring::Error::PlatformFailure(_) => "the keyring failed",
        keyring::Error::NoStorageAccess(_) => "the keyring is locked or not reachable",
        keyring::Error::NoEntry => "no entry",
        keyring::Error::BadEncoding(_) => "the entry is not text",
        keyring::Error::TooLong(..) => "a name is too long for the keyring",
        keyring::Error::Invalid(..) => "an entry attribute is invalid",
        keyring::Error::Ambiguous(_) => "several keyring entries match",
        _ => "unknown keyring error",
    };
    Error::Storage(what.to_string())
}

#[cfg(target_os = "linux")]
fn detect() -> (KeyringBackend, Option<String>) {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        return (KeyringBackend::KernelKeyring, Some(KERNEL_WARNING.into()));
    }
    // A locked collection would make the Secret Service prompt for a
    // password, which a headless run cannot answer: probe on a thread with a
    // deadline and only accept an unlocked default collection.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let ok = (|| -> Option<bool> {
            use dbus_secret_service::{EncryptionType, SecretService};
            let ss = SecretService::connect(EncryptionType::Plain).ok()?;
            let c = ss.get_default_collection().ok()?;
            Some(!c.is_locked().ok()?)
        })()
        .unwrap_or(false);
        let _ = tx.send(ok);
    });
    match rx.recv_timeout(std::time::Duration::from_secs(3)) {
        Ok(true) => (KeyringBackend::SecretService, None),
        _ => (KeyringBackend::KernelKeyring, Some(KERNEL_WARNING.into())),
    }
}

#[cfg(not(target_os = "linux"))]
fn detect() -> (KeyringBackend, Option<String>) {
    (KeyringBackend::Platform, None)
}

impl TokenStore for KeyringStore {
    fn load(&self, key: &StoreKey) -> Result<Option<TokenSet>> {
        match self.entry(key)?.get_password() {
            Ok(s) => TokenSet::from_json(&s).map(Some),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(describe(e)),
        }
    }

    fn save(&self, key: &StoreKey, tokens: &TokenSet) -> Result<()> {
        self.entry(key)?
            .set_password(&tokens.to_json())
            .map_err(describe)
    }

    fn delete(&self, key: &StoreKey) -> Result<()> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(describe(e)),
        }
    }
}
