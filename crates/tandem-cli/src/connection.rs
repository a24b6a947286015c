//! The saved connection: which site `tandem run` talks to without `--demo`,
//! and with which app registration. Tokens are not here: they live in the
//! OS keyring under `TANDEM_KEYRING_SERVICE`.
//!
//! The command's own connection is `connection.json` in the data folder
//! (see `home`), written by `tandem login`; without it, the app's login is
//! used: the connection and app registration the app saved in the app
//! database, the registration's secret and the tokens from the keyring the
//! app put them in. The engine reads the app's (`Session::app_connection`,
//! `Session::app_registration`), so both read the same thing the same way.
//! That is what lets "Run on a schedule" in the app work without a second
//! login. The environment's `TANDEM_CLIENT_*` still win over the app's
//! registration.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, bail, Context, Result};
use serde::{Deserialize, Serialize};
use tandem_engine::{ConnectionState, Session, Store};
use tandem_exact::tokens::KeyringStore;
use tandem_exact::{AppRegistration, Client, ClientSettings, Country};

/// Where a login goes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Saved {
    /// A simulator's address (its demo app), when not a country site.
    pub base_url: Option<String>,
    /// The country site's code (`nl`, `be`, ...).
    pub country: Option<String>,
}

fn file(home: &Path) -> PathBuf {
    home.join("connection.json")
}

/// The environment's app registration: `TANDEM_CLIENT_ID`,
/// `TANDEM_CLIENT_SECRET`, `TANDEM_REDIRECT_URI` (empty counts as unset).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct EnvRegistration {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub redirect_uri: Option<String>,
}

const CLIENT_VARS: &str = "TANDEM_CLIENT_ID, TANDEM_CLIENT_SECRET and TANDEM_REDIRECT_URI";

impl EnvRegistration {
    pub fn from_env() -> EnvRegistration {
        let var = |n: &str| std::env::var(n).ok().filter(|v| !v.trim().is_empty());
        EnvRegistration {
            client_id: var("TANDEM_CLIENT_ID"),
            client_secret: var("TANDEM_CLIENT_SECRET"),
            redirect_uri: var("TANDEM_REDIRECT_URI"),
        }
    }

    fn is_given(&self) -> bool {
        self.client_id.is_some() || self.client_secret.is_some() || self.redirect_uri.is_some()
    }
}

/// The app registration a login on `country` uses: the environment's when
/// any of its variables is set (then all three must be: half of one
/// registration mixed with half of another would log in as neither), else
/// the app's saved one. `app` reads that; it touches the keyring, so it is
/// called only when needed.
fn choose_registration(
    country: Country,
    env: EnvRegistration,
    app: impl FnOnce() -> Result<Option<AppRegistration>>,
) -> Result<AppRegistration> {
    if env.is_given() {
        let need = |v: Option<String>, name: &str| {
            v.ok_or_else(|| anyhow!("{name} is not set, but the rest of {CLIENT_VARS} is"))
        };
        return Ok(AppRegistration::for_country(
            country,
            need(env.client_id, "TANDEM_CLIENT_ID")?,
            need(env.client_secret, "TANDEM_CLIENT_SECRET")?,
            need(env.redirect_uri, "TANDEM_REDIRECT_URI")?,
        ));
    }
    app()?.ok_or_else(|| {
        anyhow!(
            "no app registration: enter your firm's app from Exact Online's App Center in the \
             app's login (Advanced), or set {CLIENT_VARS}"
        )
    })
}

/// Where a run without `--demo` connects: `--base-url`, else the command's
/// own saved connection (`file`), else the app's (`app`). The app's demo is
/// not taken for a login: a run without `--demo` must never quietly write
/// to the demo companies instead of the real ones, nor the other way round.
fn choose_connection(
    base_url: Option<&str>,
    file: Option<Saved>,
    app: Option<ConnectionState>,
) -> Result<Saved> {
    if let Some(url) = base_url {
        return Ok(Saved {
            base_url: Some(url.to_string()),
            country: None,
        });
    }
    if let Some(saved) = file {
        return Ok(saved);
    }
    match app {
        Some(ConnectionState::ExactOnline { country }) => Ok(Saved {
            base_url: None,
            country: Some(country.code().to_string()),
        }),
        Some(ConnectionState::Demo) => bail!(
            "not logged in: the app is on its demo data, not logged in to Exact Online; add \
             --demo to run on the demo companies, or log in to Exact Online in the app (or run \
             `tandem login`) first"
        ),
        _ => bail!(
            "not logged in: log in to Exact Online in the app, or run `tandem login` first (or \
             use --demo to try the demo companies)"
        ),
    }
}

/// The site a test's simulator stands in for, from `TANDEM_TEST_SITE`:
/// the only way to try the app's login path (whose connection names a
/// country, not an address) without the real Exact Online. Loopback
/// addresses only, so that it can never send a firm's secret and tokens to
/// another machine.
fn test_site(value: Option<&str>) -> Result<Option<String>> {
    let Some(url) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let host = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .map(|rest| rest.split(['/', ':']).next().unwrap_or(""));
    match host {
        Some("127.0.0.1" | "localhost") => Ok(Some(url.trim_end_matches('/').to_string())),
        _ => bail!("TANDEM_TEST_SITE must be a simulator on this computer (http://127.0.0.1:PORT)"),
    }
}

impl Saved {
    pub fn load(home: &Path) -> Result<Option<Saved>> {
        match std::fs::read_to_string(file(home)) {
            Ok(text) => Ok(Some(
                serde_json::from_str(&text).context("connection.json is damaged")?,
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).context("cannot read the saved connection"),
        }
    }

    /// `--base-url`, else `connection.json` in `home`, else the app's
    /// connection in `store` (see [`choose_connection`]).
    pub fn find(base_url: Option<&str>, home: &Path, store: &Store) -> Result<Saved> {
        let file = match base_url {
            Some(_) => None,
            None => Saved::load(home)?,
        };
        let app = match (base_url, &file) {
            (None, None) => Session::app_connection(store)?,
            _ => None,
        };
        choose_connection(base_url, file, app)
    }

    pub fn save(&self, home: &Path) -> Result<()> {
        std::fs::create_dir_all(home)?;
        std::fs::write(file(home), serde_json::to_string_pretty(self)?)?;
        Ok(())
    }

    pub fn forget(home: &Path) -> Result<()> {
        match std::fs::remove_file(file(home)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    pub fn country(&self) -> Result<Option<Country>> {
        self.country
            .as_deref()
            .map(|c| Country::from_code(c).ok_or_else(|| anyhow!("unknown country {c}")))
            .transpose()
    }

    /// The registration: a simulator's demo app, else the environment's or
    /// the app's (in `store`, when there is an app database).
    fn registration(&self, store: Option<&Store>) -> Result<AppRegistration> {
        if let Some(url) = &self.base_url {
            return Ok(AppRegistration::demo(url.clone()));
        }
        let country = self
            .country()?
            .ok_or_else(|| anyhow!("no site in the saved connection"))?;
        let app = || match store {
            Some(store) => Ok(Session::app_registration(store, country)?),
            None => Ok(None),
        };
        let mut registration = choose_registration(country, EnvRegistration::from_env(), app)?;
        if let Some(site) = test_site(std::env::var("TANDEM_TEST_SITE").ok().as_deref())? {
            registration.base_url = site;
        }
        Ok(registration)
    }

    /// A client on this connection, tokens in the keyring; `store` is the
    /// app database, whose app registration is used when the environment
    /// names none.
    pub fn client(&self, home: &Path, store: Option<&Store>) -> Result<Client> {
        std::fs::create_dir_all(home)?;
        let settings = ClientSettings::default();
        // The app's own keyring service and entry names (`client_id@site`):
        // the tokens of the app's login are found here too.
        let tokens = KeyringStore::new(settings.keyring_service.clone());
        Ok(Client::with_options(
            self.registration(store)?,
            Arc::new(tokens),
            home,
            settings,
            Arc::new(tandem_exact::clock::SystemClock),
        )?)
    }
}

/// The app database in `home` if the app (or an earlier run) made one:
/// `tandem login` and `logout` read the app's registration from it, but
/// need not create it.
pub fn existing_store(home: &Path) -> Result<Option<Store>> {
    let database = home.join(tandem_engine::DATABASE_FILE);
    if !database.is_file() {
        return Ok(None);
    }
    let store = Store::open(&database)
        .with_context(|| format!("cannot open the app database {}", database.display()))?;
    Ok(Some(store))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(id: Option<&str>, secret: Option<&str>, redirect: Option<&str>) -> EnvRegistration {
        EnvRegistration {
            client_id: id.map(str::to_string),
            client_secret: secret.map(str::to_string),
            redirect_uri: redirect.map(str::to_string),
        }
    }

    fn apps(id: &str) -> Result<Option<AppRegistration>> {
        Ok(Some(AppRegistration::for_country(
            Country::Be,
            id,
            "app secret",
            "http://127.0.0.1:1/app",
        )))
    }

    #[test]
    fn the_environments_registration_wins_over_the_apps() {
        let given = env(
            Some("env-id"),
            Some("env secret"),
            Some("http://127.0.0.1:2/env"),
        );
        let r =
            choose_registration(Country::Be, given, || panic!("the app's is not read")).unwrap();
        assert_eq!(r.client_id, "env-id");
        assert_eq!(r.redirect_uri, "http://127.0.0.1:2/env");
        assert_eq!(r.base_url, Country::Be.base_url());
    }

    #[test]
    fn without_the_environment_the_apps_registration_is_used() {
        let r = choose_registration(Country::Be, env(None, None, None), || apps("app-id")).unwrap();
        assert_eq!(r.client_id, "app-id");
        assert_eq!(r.client_secret.expose(), "app secret");
    }

    #[test]
    fn half_an_environment_registration_is_an_error_not_a_mix() {
        let given = env(Some("env-id"), None, Some("http://127.0.0.1:2/env"));
        let e = choose_registration(Country::Be, given, || apps("app-id")).unwrap_err();
        assert!(
            e.to_string().starts_with("TANDEM_CLIENT_SECRET is not set"),
            "{e}"
        );
    }

    #[test]
    fn without_either_registration_the_error_says_where_to_enter_one() {
        let e = choose_registration(Country::Nl, env(None, None, None), || Ok(None)).unwrap_err();
        let e = e.to_string();
        assert!(
            e.contains("App Center") && e.contains("TANDEM_CLIENT_ID"),
            "{e}"
        );
        // The app's own errors (a secret gone from the keyring) come through.
        let e = choose_registration(Country::Nl, env(None, None, None), || {
            Err(anyhow!(
                "the app registration's client secret is not in the keyring"
            ))
        })
        .unwrap_err();
        assert!(e.to_string().contains("keyring"), "{e}");
    }

    fn saved(country: &str) -> Saved {
        Saved {
            base_url: None,
            country: Some(country.into()),
        }
    }

    #[test]
    fn the_commands_own_connection_wins_over_the_apps() {
        let app = Some(ConnectionState::ExactOnline {
            country: Country::Be,
        });
        assert_eq!(
            choose_connection(None, Some(saved("de")), app.clone()).unwrap(),
            saved("de")
        );
        assert_eq!(
            choose_connection(None, None, app.clone()).unwrap(),
            saved("be")
        );
        let sim = choose_connection(Some("http://127.0.0.1:9"), Some(saved("de")), app).unwrap();
        assert_eq!(sim.base_url.as_deref(), Some("http://127.0.0.1:9"));
    }

    #[test]
    fn the_apps_demo_or_no_login_is_not_a_connection() {
        let e = choose_connection(None, None, Some(ConnectionState::Demo)).unwrap_err();
        assert!(e.to_string().contains("--demo"), "{e}");
        for app in [None, Some(ConnectionState::NotConnected)] {
            let e = choose_connection(None, None, app).unwrap_err().to_string();
            assert!(
                e.contains("in the app") && e.contains("run `tandem login`"),
                "{e}"
            );
        }
    }

    #[test]
    fn the_test_site_is_only_ever_on_this_computer() {
        assert_eq!(test_site(None).unwrap(), None);
        assert_eq!(test_site(Some(" ")).unwrap(), None);
        assert_eq!(
            test_site(Some("http://127.0.0.1:4100/"))
                .unwrap()
                .as_deref(),
            Some("http://127.0.0.1:4100")
        );
        for far in [
            "https://start.exactonline.nl",
            "http://127.0.0.1.evil.example",
            "http://evil.example/127.0.0.1",
            "127.0.0.1:80",
        ] {
            assert!(test_site(Some(far)).is_err(), "{far}");
        }
    }
}
