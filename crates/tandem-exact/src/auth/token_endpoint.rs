//! The token endpoint through the `oauth2` crate, with a token response type
//! of our own: Exact sends `expires_in` as a string (`"600"`), which
//! oauth2's `StandardTokenResponse` (a `u64`) refuses. Plugging a custom
//! [`TokenResponse`] into oauth2's `Client` generics keeps oauth2's request
//! building, client authentication and error parsing.
//!
//! Errors never include oauth2's parse error, which carries the raw body
//! (tokens included).

use crate::clock::SharedClock;
use crate::error::Error;
use crate::secret::Secret;
use crate::settings::AppRegistration;
use crate::tokens::TokenSet;
use oauth2::basic::{
    BasicErrorResponse, BasicErrorResponseType, BasicRevocationErrorResponse,
    BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AccessToken, AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, EndpointNotSet,
    EndpointSet, RedirectUrl, RefreshToken, RequestTokenError, Scope, StandardRevocableToken,
    TokenResponse, TokenUrl,
};
use serde::{Deserialize, Deserializer, Serialize};
use std::time::Duration;

/// Exact's token answer.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ExactTokenResponse {
    access_token: AccessToken,
    #[serde(default = "bearer")]
    token_type: BasicTokenType,
    #[serde(default, deserialize_with = "seconds")]
    expires_in: Option<u64>,
    refresh_token: Option<RefreshToken>,
    #[serde(skip)]
    scopes: Option<Vec<Scope>>,
}

fn bearer() -> BasicTokenType {
    BasicTokenType::Bearer
}

/// `"600"` or `600`.
fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Text(String),
        Number(u64),
    }
    Ok(match Option::<Either>::deserialize(d)? {
        None => None,
        Some(Either::Number(n)) => Some(n),
        Some(Either::Text(s)) => Some(
            s.trim()
                .parse()
                .map_err(|_| serde::de::Error::custom("expires_in is not a number"))?,
        ),
    })
}

impl TokenResponse for ExactTokenResponse {
    type TokenType = BasicTokenType;
    fn access_token(&self) -> &AccessToken {
        &self.access_token
    }
    fn token_type(&self) -> &BasicTokenType {
        &self.token_type
    }
    fn expires_in(&self) -> Option<Duration> {
        self.expires_in.map(Duration::from_secs)
    }
    fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }
    fn scopes(&self) -> Option<&Vec<Scope>> {
        self.scopes.as_ref()
    }
}

/// oauth2's client with our token response, auth and token URLs set.
pub(crate) type OAuthClient = oauth2::Client<
    BasicErrorResponse,
    ExactTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// Builds the oauth2 client for a registration and redirect URI.
pub(crate) fn oauth_client(
    reg: &AppRegistration,
    redirect_uri: &str,
) -> Result<OAuthClient, Error> {
    let base = reg.base();
    let bad = |what: &str| {
        Error::Login(format!(
            "the {what} of the app registration is not a valid URL"
        ))
    };
    Ok(oauth2::Client::new(ClientId::new(reg.client_id.clone()))
        .set_client_secret(ClientSecret::new(reg.client_secret.expose().to_string()))
        .set_auth_uri(AuthUrl::new(format!("{base}/api/oauth2/auth")).map_err(|_| bad("base URL"))?)
        .set_token_uri(
            TokenUrl::new(format!("{base}/api/oauth2/token")).map_err(|_| bad("base URL"))?,
        )
        .set_redirect_uri(
            RedirectUrl::new(redirect_uri.to_string()).map_err(|_| bad("redirect URI"))?,
        )
        // Exact documents the credentials in the form body.
        .set_auth_type(AuthType::RequestBody))
}

/// Why the token endpoint said no.
#[derive(Debug)]
pub(crate) enum TokenFailure {
    /// Too early to refresh (less than ~570 s after the last token): the
    /// current access token is still the one to use.
    TooEarly,
    /// The grant is dead (expired, rotated away, revoked, consent gone).
    Refused(String),
    /// Could not ask (network, 5xx): the grant may still be good.
    Unreachable(Error),
}

fn to_failure<RE: std::error::Error + 'static>(
    e: RequestTokenError<RE, BasicErrorResponse>,
) -> TokenFailure {
    match e {
        RequestTokenError::ServerResponse(r) => {
            let desc = r.error_description().cloned().unwrap_or_default();
            let code = r.error().as_ref().to_string();
            // Exact answers a refresh before ~570 s with access_denied and
            // header `Reason: TooEarlyToRefreshTokens`; oauth2 does not hand
            // over headers, so its documented description identifies it.
            if matches!(r.error(), BasicErrorResponseType::Extension(x) if x == "access_denied")
                && desc.contains("not expired")
            {
                TokenFailure::TooEarly
            } else {
                TokenFailure::Refused(format!("{code}: {desc}"))
            }
        }
        RequestTokenError::Request(_) => TokenFailure::Unreachable(Error::Transient {
            detail: "the token endpoint could not be reached".into(),
            maybe_applied: true,
        }),
        // The body of a failed parse may hold tokens: never quote it.
        RequestTokenError::Parse(..) => TokenFailure::Unreachable(Error::Bug(
            "the token endpoint's answer could not be read".into(),
        )),
        RequestTokenError::Other(_) => TokenFailure::Unreachable(Error::Transient {
            detail: "the token endpoint answered unexpectedly".into(),
            maybe_applied: true,
        }),
    }
}

fn to_set(r: ExactTokenResponse, now_ms: i64) -> Result<TokenSet, TokenFailure> {
    let refresh = r.refresh_token.ok_or_else(|| {
        TokenFailure::Unreachable(Error::Bug("the token answer has no refresh token".into()))
    })?;
    let life_ms = r.expires_in.unwrap_or(600).saturating_mul(1000) as i64;
    Ok(TokenSet {
        access_token: Secret::new(r.access_token.secret().clone()),
        expires_at_ms: now_ms + life_ms,
        refresh_token: Secret::new(refresh.secret().clone()),
        obtained_at_ms: now_ms,
    })
}

/// Exchanges an authorization code.
pub(crate) async fn exchange_code(
    client: &OAuthClient,
    http: &reqwest::Client,
    clock: &SharedClock,
    code: &str,
) -> Result<TokenSet, TokenFailure> {
    let now = clock.now_ms();
    let r = client
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .request_async(http)
        .await
        .map_err(to_failure)?;
    to_set(r, now)
}

/// Renews with a refresh token.
pub(crate) async fn refresh(
    client: &OAuthClient,
    http: &reqwest::Client,
    clock: &SharedClock,
    refresh_token: &Secret,
) -> Result<TokenSet, TokenFailure> {
    let now = clock.now_ms();
    let rt = RefreshToken::new(refresh_token.expose().to_string());
    let r = client
        .exchange_refresh_token(&rt)
        .request_async(http)
        .await
        .map_err(to_failure)?;
    to_set(r, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_in_as_string_or_number() {
        let s: ExactTokenResponse = serde_json::from_str(
            r#"{"access_token":"a","token_type":"bearer","expires_in":"600","refresh_token":"r"}"#,
        )
        .unwrap();
        assert_eq!(s.expires_in(), Some(Duration::from_secs(600)));
        let n: ExactTokenResponse =
            serde_json::from_str(r#"{"access_token":"a","expires_in":599,"refresh_token":"r"}"#)
                .unwrap();
        assert_eq!(n.expires_in, Some(599));
        assert!(serde_json::from_str::<ExactTokenResponse>(
            r#"{"access_token":"a","expires_in":"soon"}"#
        )
        .is_err());
    }
}
