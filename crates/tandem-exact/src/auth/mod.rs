//! Logging in: the OAuth2 authorization-code flow through the `oauth2`
//! crate. The browser goes to the country's (or simulator's) authorize page
//! and comes back to a loopback listener on 127.0.0.1 — or, where the app's
//! registration has no loopback redirect, the user pastes the code (or the
//! whole address the browser ended on).

mod browser;
mod loopback;
pub(crate) mod token_endpoint;

pub use browser::BrowserOpener;

use crate::error::{Error, Result};
use crate::settings::AppRegistration;
use loopback::{consent_error, form_urlencoded, Loopback};
use oauth2::CsrfToken;
use std::fmt;

/// A login started but not finished: the address to open and what the
/// answer must match. Finish it with `Client::complete_login`.
pub struct PendingLogin {
    /// The authorize address to open in a browser.
    pub authorize_url: String,
    pub(crate) state: String,
    pub(crate) redirect_uri: String,
}

impl fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingLogin")
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// Starts a login for `redirect_uri`: a fresh random `state` and the
/// authorize URL.
pub(crate) fn begin(reg: &AppRegistration, redirect_uri: &str) -> Result<PendingLogin> {
    let client = token_endpoint::oauth_client(reg, redirect_uri)?;
    let (url, state) = client.authorize_url(CsrfToken::new_random).url();
    Ok(PendingLogin {
        authorize_url: url.to_string(),
        state: state.secret().clone(),
        redirect_uri: redirect_uri.to_string(),
    })
}

/// The code in what the user pasted: the code itself, or the whole address
/// the browser ended on (then its `state` must match).
pub(crate) fn code_from_paste(pending: &PendingLogin, pasted: &str) -> Result<String> {
    let pasted = pasted.trim();
    if pasted.is_empty() {
        return Err(Error::Login("nothing was pasted".into()));
    }
    let Some((_, query)) = pasted.split_once('?') else {
        if pasted.contains(['&', '=', ' ']) {
            return Err(Error::Login("that does not look like a login code".into()));
        }
        return Ok(pasted.to_string());
    };
    let query = query.split('#').next().unwrap_or("");
    let params = form_urlencoded(query);
    if params.get("state").map(String::as_str) != Some(pending.state.as_str()) {
        return Err(Error::Login(
            "the pasted address belongs to another login attempt; start the login again".into(),
        ));
    }
    if let Some(err) = params.get("error") {
        return Err(consent_error(err));
    }
    params
        .get("code")
        .filter(|c| !c.is_empty())
        .cloned()
        .ok_or_else(|| Error::Login("the pasted address carries no code".into()))
}

/// Binds the loopback listener for a registration.
pub(crate) async fn listen(reg: &AppRegistration) -> Result<Loopback> {
    Loopback::bind(&reg.redirect_uri, reg.any_loopback_port).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_code_or_address() {
        let reg = AppRegistration::demo("http://127.0.0.1:1");
        let p = begin(&reg, "http://127.0.0.1:5000/callback").unwrap();
        assert!(p.authorize_url.contains("response_type=code"));
        assert!(p
            .authorize_url
            .starts_with("http://127.0.0.1:1/api/oauth2/auth?"));
        assert!(!format!("{p:?}").contains(&p.state));
        assert_eq!(code_from_paste(&p, " abc ").unwrap(), "abc");
        let url = format!("http://127.0.0.1:5000/callback?code=xyz&state={}", p.state);
        assert_eq!(code_from_paste(&p, &url).unwrap(), "xyz");
        assert!(
            code_from_paste(&p, "http://127.0.0.1:5000/callback?code=xyz&state=other").is_err()
        );
        let denied = format!(
            "http://127.0.0.1:5000/callback?error=access_denied&state={}",
            p.state
        );
        assert!(code_from_paste(&p, &denied)
            .unwrap_err()
            .to_string()
            .contains("consent was denied"));
    }
}
