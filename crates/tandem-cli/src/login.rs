//! `tandem login` and `tandem logout`: the browser sign-in that keeps a
//! connection for later runs, and forgetting it again. Tokens go to the
//! keyring, never to a file or the screen.
//!
//! The app registration is the environment's, else the one saved in the
//! app (see `connection`), so a firm that entered its app once in the app
//! need not set variables. `logout` forgets only the command's own
//! connection: the app's login is the app's to end.

use std::path::Path;

use anyhow::Result;
use tandem_engine::{ConnectionState, Session};

use crate::args::LoginArgs;
use crate::connection::{existing_store, Saved};
use crate::home;

pub async fn login(a: LoginArgs, home: Option<&Path>) -> Result<()> {
    let saved = match (&a.base_url, &a.country) {
        (Some(url), _) => Saved {
            base_url: Some(url.clone()),
            country: None,
        },
        (None, Some(c)) => Saved {
            base_url: None,
            country: Some(c.to_ascii_lowercase()),
        },
        (None, None) => Saved {
            base_url: None,
            country: Some("nl".into()),
        },
    };
    saved.country()?;
    let home = home::home(home);
    let store = existing_store(&home)?;
    let client = saved.client(&home, store.as_ref())?;
    eprintln!("Opening the Exact Online login in your browser...");
    client
        .login_interactive(&tandem_exact::BrowserOpener::System)
        .await?;
    saved.save(&home)?;
    let me = client.me().await?;
    eprintln!("Logged in; current company {}", me.current_division);
    Ok(())
}

pub async fn logout(home: Option<&Path>) -> Result<()> {
    let home = home::home(home);
    let store = existing_store(&home)?;
    if let Some(saved) = Saved::load(&home)? {
        saved.client(&home, store.as_ref())?.logout().await?;
    }
    Saved::forget(&home)?;
    eprintln!("Logged out");
    let app = match &store {
        Some(store) => Session::app_connection(store)?,
        None => None,
    };
    if let Some(ConnectionState::ExactOnline { .. }) = app {
        eprintln!(
            "The app is still logged in to Exact Online, and `tandem run` uses its login; \
             log out in the app to end that too"
        );
    }
    Ok(())
}
