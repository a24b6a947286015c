//! `tandem login` and `tandem logout`: the browser sign-in that keeps a
//! connection for later runs, and forgetting it again. Tokens go to the
//! keyring, never to a file or the screen.

use anyhow::Result;

use crate::args::LoginArgs;
use crate::connection::Saved;
use crate::home;

pub async fn login(a: LoginArgs) -> Result<()> {
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
    let home = home::home();
    let client = saved.client(&home)?;
    eprintln!("Opening the Exact Online login in your browser...");
    client
        .login_interactive(&tandem_exact::BrowserOpener::System)
        .await?;
    saved.save(&home)?;
    let me = client.me().await?;
    eprintln!("Logged in; current company {}", me.current_division);
    Ok(())
}

pub async fn logout() -> Result<()> {
    let home = home::home();
    if let Some(saved) = Saved::load(&home)? {
        saved.client(&home)?.logout().await?;
    }
    Saved::forget(&home)?;
    eprintln!("Logged out");
    Ok(())
}
