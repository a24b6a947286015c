//! The saved connection: which site `tandem run` talks to without `--demo`,
//! kept in `connection.json` in the data folder (see `home`). Tokens are not
//! here: they live in the OS keyring under `TANDEM_KEYRING_SERVICE`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, Context, Result};
use serde::{Deserialize, Serialize};
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

    fn registration(&self) -> Result<AppRegistration> {
        if let Some(url) = &self.base_url {
            return Ok(AppRegistration::demo(url.clone()));
        }
        let country = self
            .country()?
            .ok_or_else(|| anyhow!("no site in the saved connection"))?;
        let var = |n: &str| {
            std::env::var(n).map_err(|_| anyhow!("{n} is not set: register an app in Exact Online's App Center and set TANDEM_CLIENT_ID, TANDEM_CLIENT_SECRET and TANDEM_REDIRECT_URI"))
        };
        Ok(AppRegistration::for_country(
            country,
            var("TANDEM_CLIENT_ID")?,
            var("TANDEM_CLIENT_SECRET")?,
            var("TANDEM_REDIRECT_URI")?,
        ))
    }

    /// A client on this connection, tokens in the keyring.
    pub fn client(&self, home: &Path) -> Result<Client> {
        std::fs::create_dir_all(home)?;
        let settings = ClientSettings::default();
        let store = KeyringStore::new(settings.keyring_service.clone());
        Ok(Client::with_options(
            self.registration()?,
            Arc::new(store),
            home,
            settings,
            Arc::new(tandem_exact::clock::SystemClock),
        )?)
    }
}
