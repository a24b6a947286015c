//! Logging in through the client: the loopback flow (open the browser,
//! wait for the callback) and the paste flow (show the address, take the
//! code back).

use super::Client;
use crate::auth::token_endpoint::TokenFailure;
use crate::auth::{self, token_endpoint, BrowserOpener, PendingLogin};
use crate::error::{Error, Result};

impl Client {
    /// Logs in through the browser and the loopback listener; waits up to
    /// the settings' login time-out.
    pub async fn login_interactive(&self, browser: &BrowserOpener) -> Result<()> {
        let listener = auth::listen(&self.inner.reg).await?;
        let pending = auth::begin(&self.inner.reg, listener.redirect_uri())?;
        browser.open(&pending.authorize_url)?;
        tracing::info!("waiting for the browser to return from the Exact Online login");
        let code = listener
            .wait_for_code(&pending.state, self.inner.settings.login_timeout)
            .await?;
        self.finish(&pending, &code).await
    }

    /// Starts a login to finish by pasting: open
    /// [`PendingLogin::authorize_url`] and pass what the browser shows to
    /// [`Client::complete_login`].
    pub fn begin_login(&self) -> Result<PendingLogin> {
        auth::begin(&self.inner.reg, &self.inner.reg.redirect_uri)
    }

    /// Finishes a pasted login: `pasted` is the code, or the whole address
    /// the browser ended on.
    pub async fn complete_login(&self, pending: &PendingLogin, pasted: &str) -> Result<()> {
        let code = auth::code_from_paste(pending, pasted)?;
        self.finish(pending, &code).await
    }

    async fn finish(&self, pending: &PendingLogin, code: &str) -> Result<()> {
        let oauth = token_endpoint::oauth_client(&self.inner.reg, &pending.redirect_uri)?;
        let set =
            token_endpoint::exchange_code(&oauth, &self.inner.token_http, &self.inner.clock, code)
                .await
                .map_err(|f| match f {
                    TokenFailure::Refused(why) => Error::Login(format!(
                        "Exact Online did not accept the login code ({why})"
                    )),
                    TokenFailure::TooEarly => {
                        Error::Login("Exact Online refused the login code".into())
                    }
                    TokenFailure::Unreachable(e) => e,
                })?;
        self.inner.tokens.install(set).await?;
        tracing::info!("logged in to Exact Online");
        Ok(())
    }
}
