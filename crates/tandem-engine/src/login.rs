//! Connecting a window's session: the demo on demand, a real Exact Online
//! login with the firm's own app registration, logging out, and picking the
//! saved connection up again at the next start.
//!
//! The session keeps its SQLite connection, result sets and app database
//! across these: only the data containers, the companies and the demo
//! simulator change. The registration's client id and redirect URI are
//! settings; its secret lives in the OS keyring only, like the tokens.

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tandem_exact::tokens::KeyringStore;
use tandem_exact::{AppRegistration, BrowserOpener, Client, ClientSettings, Country, Secret};
use tandem_exact_sim::SimConfig;
use ts_rs::TS;

use crate::error::{Error, LoginProblem, Result};
use crate::provider::exact::ExactProvider;
use crate::session::{AppInfo, Session};
use crate::ConnectionState;

/// The settings key of the app registration (client id and redirect URI).
pub const REGISTRATION_SETTING: &str = "registration";
/// The settings key of the connection to pick up at the next start.
pub const CONNECTION_SETTING: &str = "connection";

/// What "Log in to Exact Online" sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LoginRequest {
    /// The Exact Online site: `nl`, `be`, `de`, `fr`, `es`, `uk` or `us`.
    pub country: String,
    /// The firm's own app registration (the advanced section); `None` uses
    /// the one saved before.
    pub registration: Option<AppRegistrationInput>,
}

/// A firm's own Exact Online app registration, as typed in the advanced
/// section. The secret goes to the keyring and is never sent back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppRegistrationInput {
    /// The client id from Exact's App Center.
    pub client_id: String,
    /// The client secret; empty keeps the saved one.
    pub client_secret: String,
    /// The redirect URI registered with the app (a loopback address).
    pub redirect_uri: String,
}

/// The saved app registration, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SavedRegistration {
    /// The client id.
    pub client_id: String,
    /// The redirect URI.
    pub redirect_uri: String,
    /// Whether a secret is kept in the keyring.
    pub has_secret: bool,
}

/// The registration as kept in the settings (no secret).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredRegistration {
    client_id: String,
    redirect_uri: String,
}

/// Where the demo keeps its companies' data between starts (the CLI's
/// `--demo` uses the same file).
pub fn demo_state_file(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("demo").join("simulator-state.json")
}

/// A login failure of the Exact Online client as the engine reports it.
pub(crate) fn login_error(e: tandem_exact::Error) -> Error {
    use tandem_exact::Error as E;
    let problem = match &e {
        E::ConsentDenied => LoginProblem::Denied,
        E::LoginTimedOut { .. } => LoginProblem::TimedOut,
        E::LoginRequired { .. } => LoginProblem::Required,
        E::Login(_) => LoginProblem::Failed,
        _ => return Error::Connection(e.to_string()),
    };
    Error::Login {
        message: e.to_string(),
        problem,
    }
}

fn registration_missing(what: &str) -> Error {
    Error::Login {
        message: format!(
            "{what}: register an app in Exact Online's App Center and enter its client id, secret and redirect URI"
        ),
        problem: LoginProblem::Failed,
    }
}

fn keyring() -> KeyringStore {
    KeyringStore::new(ClientSettings::default().keyring_service)
}

fn storage(e: tandem_exact::Error) -> Error {
    Error::Io(format!("the keyring failed: {e}"))
}

/// What the app saved of its login, for the `tandem` command: a scheduled
/// run uses the app's login when the command has none of its own. Read
/// from the app database alone, before any session is connected.
impl Session {
    /// The connection the app picks up at its next start, as it saved it;
    /// `None` when it saved none (or one written by another version).
    pub fn app_connection(store: &tandem_store::Store) -> Result<Option<ConnectionState>> {
        let value = store
            .settings()
            .get(CONNECTION_SETTING)
            .map_err(|e| Error::Io(format!("the app database failed: {e}")))?;
        Ok(value.and_then(|v| serde_json::from_value(v).ok()))
    }

    /// The app's saved registration for `country`, with its secret from the
    /// keyring: what the app's login and resume use. `None` when the app
    /// has none saved; an error when it is damaged or its secret is not in
    /// the keyring.
    pub fn app_registration(
        store: &tandem_store::Store,
        country: Country,
    ) -> Result<Option<AppRegistration>> {
        let value = store
            .settings()
            .get(REGISTRATION_SETTING)
            .map_err(|e| Error::Io(format!("the app database failed: {e}")))?;
        let Some(value) = value else {
            return Ok(None);
        };
        let stored: StoredRegistration = serde_json::from_value(value)
            .map_err(|_| registration_missing("the saved app registration is damaged"))?;
        let secret = keyring()
            .load_client_secret(&stored.client_id)
            .map_err(storage)?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                registration_missing("the app registration's client secret is not in the keyring")
            })?;
        Ok(Some(AppRegistration::for_country(
            country,
            stored.client_id,
            secret,
            stored.redirect_uri,
        )))
    }
}

impl Session {
    /// Ends the current connection: stops the demo simulator (saving its
    /// state) and forgets the data containers and companies. Result sets
    /// and in-memory tables stay. The window calls it when the app exits,
    /// so the demo companies' changes outlive it.
    pub async fn disconnect(&mut self) {
        if let Some(sim) = self.demo.take() {
            sim.shutdown().await;
        }
        self.providers.clear();
        self.active.clear();
        self.accessible.clear();
        self.connection = ConnectionState::NotConnected;
    }

    /// Takes over the connection of a freshly connected session, then
    /// applies the remembered company selection.
    async fn adopt(&mut self, mut next: Session) -> Result<AppInfo> {
        self.connection = next.connection.clone();
        self.providers = std::mem::take(&mut next.providers);
        self.active = std::mem::take(&mut next.active);
        self.accessible = std::mem::take(&mut next.accessible);
        self.demo = next.demo.take();
        self.restore_selection().await?;
        Ok(self.info())
    }

    /// Switches to the demo companies ("Try with demo data"). With an app
    /// database open, the demo keeps its data next to it between starts.
    pub async fn start_demo(&mut self) -> Result<AppInfo> {
        self.disconnect().await;
        let mut config = SimConfig::demo();
        if let Some(companies) = self.demo_companies {
            config.dataset.other_divisions = companies;
        }
        if let Some(dir) = &self.data_dir {
            let state = demo_state_file(dir);
            if let Some(parent) = state.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::Io(format!("cannot create {}: {e}", parent.display())))?;
            }
            config.state_file = Some(state);
        }
        let next = Session::demo_with(config).await?;
        self.set_setting_value(CONNECTION_SETTING, &serde_json::json!({"kind": "demo"}))
            .ok();
        self.adopt(next).await
    }

    /// The saved app registration, without its secret.
    pub fn saved_registration(&self) -> Result<Option<SavedRegistration>> {
        let Some(value) = self.setting_value(REGISTRATION_SETTING)? else {
            return Ok(None);
        };
        let Ok(stored) = serde_json::from_value::<StoredRegistration>(value) else {
            return Ok(None);
        };
        let has_secret = keyring()
            .load_client_secret(&stored.client_id)
            .map_err(storage)?
            .is_some_and(|s| !s.is_empty());
        Ok(Some(SavedRegistration {
            client_id: stored.client_id,
            redirect_uri: stored.redirect_uri,
            has_secret,
        }))
    }

    /// Logs in to Exact Online in the browser `browser` opens, with the
    /// registration given (saved for next time; its secret to the keyring)
    /// or the one saved before.
    pub async fn login(
        &mut self,
        request: &LoginRequest,
        browser: &BrowserOpener,
    ) -> Result<AppInfo> {
        let country =
            Country::from_code(&request.country.to_ascii_lowercase()).ok_or_else(|| {
                Error::Login {
                    message: format!(
                        "there is no Exact Online site for country {:?}",
                        request.country
                    ),
                    problem: LoginProblem::Failed,
                }
            })?;
        if let Some(input) = &request.registration {
            self.save_registration(input)?;
        }
        let registration = self.registration(country)?;
        let client = self.exact_client(registration)?;
        client
            .login_interactive(browser)
            .await
            .map_err(login_error)?;
        self.connect_exact(country, client).await
    }

    /// Picks up the saved connection at start: the demo (when asked for, or
    /// when it was the last connection) or the last Exact Online login if
    /// its tokens are still in the keyring. Without either the session
    /// stays not connected, which is not an error.
    pub async fn resume(&mut self, demo: bool) -> Result<AppInfo> {
        let saved = match &self.store {
            Some(store) => Session::app_connection(store)?,
            None => None,
        };
        match saved {
            _ if demo => self.start_demo().await,
            Some(ConnectionState::Demo) => self.start_demo().await,
            Some(ConnectionState::ExactOnline { country }) => {
                let client = self.exact_client(self.registration(country)?)?;
                if !client.is_logged_in().await.map_err(login_error)? {
                    return Err(Error::Login {
                        message: "please log in again: the saved Exact Online login has ended"
                            .into(),
                        problem: LoginProblem::Required,
                    });
                }
                self.connect_exact(country, client).await
            }
            _ => Ok(self.info()),
        }
    }

    /// Forgets the login: its tokens leave the keyring, and the next start
    /// is not connected. The app registration stays.
    pub async fn logout(&mut self) -> Result<AppInfo> {
        if let ConnectionState::ExactOnline { country } = self.connection.clone() {
            let client = self.exact_client(self.registration(country)?)?;
            client.logout().await.map_err(login_error)?;
        }
        self.disconnect().await;
        if let Some(store) = &self.store {
            store
                .settings()
                .delete(CONNECTION_SETTING)
                .map_err(|e| Error::Io(format!("the app database failed: {e}")))?;
        }
        Ok(self.info())
    }

    async fn connect_exact(&mut self, country: Country, client: Client) -> Result<AppInfo> {
        self.disconnect().await;
        let connection = ConnectionState::ExactOnline { country };
        let value = serde_json::to_value(&connection)
            .map_err(|e| Error::Bug(format!("connection as JSON: {e}")))?;
        let mut next = Session::new(connection);
        next.connect(Arc::new(ExactProvider::new("eol", client, true)))
            .await?;
        self.set_setting_value(CONNECTION_SETTING, &value).ok();
        self.adopt(next).await
    }

    fn save_registration(&self, input: &AppRegistrationInput) -> Result<()> {
        let client_id = input.client_id.trim();
        if client_id.is_empty() {
            return Err(Error::Login {
                message: "the app registration needs a client id".into(),
                problem: LoginProblem::Failed,
            });
        }
        if !input.client_secret.is_empty() {
            keyring()
                .save_client_secret(client_id, &Secret::new(input.client_secret.clone()))
                .map_err(storage)?;
        }
        let stored = StoredRegistration {
            client_id: client_id.to_string(),
            redirect_uri: input.redirect_uri.trim().to_string(),
        };
        let value = serde_json::to_value(&stored)
            .map_err(|e| Error::Bug(format!("registration as JSON: {e}")))?;
        self.set_setting_value(REGISTRATION_SETTING, &value)
    }

    fn registration(&self, country: Country) -> Result<AppRegistration> {
        let saved = match &self.store {
            Some(store) => Session::app_registration(store, country)?,
            None => None,
        };
        saved.ok_or_else(|| registration_missing("no app registration is saved"))
    }

    fn exact_client(&self, registration: AppRegistration) -> Result<Client> {
        let dir = self
            .data_dir
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("tandem"));
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::Io(format!("cannot create {}: {e}", dir.display())))?;
        let settings = ClientSettings::default();
        let tokens = KeyringStore::new(settings.keyring_service.clone());
        Client::with_options(
            registration,
            Arc::new(tokens),
            &dir,
            settings,
            Arc::new(tandem_exact::clock::SystemClock),
        )
        .map_err(login_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_errors_keep_their_reason() {
        let problem = |e| match login_error(e) {
            Error::Login { problem, .. } => Some(problem),
            _ => None,
        };
        assert_eq!(
            problem(tandem_exact::Error::ConsentDenied),
            Some(LoginProblem::Denied)
        );
        assert_eq!(
            problem(tandem_exact::Error::LoginTimedOut { seconds: 300 }),
            Some(LoginProblem::TimedOut)
        );
        assert_eq!(
            problem(tandem_exact::Error::LoginRequired {
                reason: "expired".into()
            }),
            Some(LoginProblem::Required)
        );
        assert_eq!(problem(tandem_exact::Error::Bug("x".into())), None);
    }

    #[tokio::test]
    async fn login_without_a_registration_says_what_to_do() {
        let mut session = Session::new(ConnectionState::NotConnected);
        session.attach_store(tandem_store::Store::open_in_memory().unwrap());
        let request = LoginRequest {
            country: "nl".into(),
            registration: None,
        };
        let e = session
            .login(&request, &BrowserOpener::Callback(Arc::new(|_| {})))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("App Center"), "{e}");
        let request = LoginRequest {
            country: "xx".into(),
            registration: None,
        };
        let e = session
            .login(&request, &BrowserOpener::Callback(Arc::new(|_| {})))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("\"xx\""), "{e}");
    }
}
