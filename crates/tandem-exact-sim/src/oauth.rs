//! OAuth2 as Exact Online runs it: authorization codes (single use, three
//! minutes), 600-second access tokens, rotating refresh tokens (the old one
//! dies at once; unused ones expire after 30 days), a refresh floor of 570
//! seconds, 200 token calls per app per user per day, `expires_in` as a
//! string, client credentials in the form or as HTTP Basic.
//!
//! Tokens and codes never reach a log line.

use crate::config::{DEMO_CLIENT_ID, DEMO_PASSWORD, DEMO_USER, DEMO_USER_ID};
use crate::dates;
use crate::responses::{json, set_header, with_type};
use crate::state::{lock, AppState};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine as _;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

const ACCESS_MS: i64 = 600_000;
const REFRESH_FLOOR_MS: i64 = 570_000;
const CODE_MS: i64 = 180_000;
const REFRESH_MS: i64 = 30 * 86_400_000;

struct Code {
    client_id: String,
    redirect_uri: String,
    user_id: String,
    issued_ms: i64,
}

/// Who an access token belongs to.
#[derive(Clone, Debug)]
pub(crate) struct Identity {
    pub(crate) client_id: String,
    pub(crate) user_id: String,
}

struct Access {
    who: Identity,
    expires_ms: i64,
}

struct Refresh {
    who: Identity,
    issued_ms: i64,
}

/// Live codes and tokens.
#[derive(Default)]
pub(crate) struct Tokens {
    codes: HashMap<String, Code>,
    access: HashMap<String, Access>,
    refresh: HashMap<String, Refresh>,
    calls: HashMap<(String, String, i64), u64>,
}

/// Why a bearer token was refused; an expired token still names its owner,
/// so the 401 counts against the error budget.
pub(crate) enum AuthFailure {
    Unknown,
    Expired(Identity),
}

/// Checks `Authorization: Bearer ...`.
pub(crate) fn authenticate(st: &AppState, headers: &HeaderMap) -> Result<Identity, AuthFailure> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .ok_or(AuthFailure::Unknown)?;
    let tokens = lock(&st.tokens);
    let a = tokens
        .access
        .get(token.trim())
        .ok_or(AuthFailure::Unknown)?;
    if st.clock.now_ms() >= a.expires_ms {
        return Err(AuthFailure::Expired(a.who.clone()));
    }
    Ok(a.who.clone())
}

/// Whether `uri` is acceptable for `client_id`: the demo app takes any
/// loopback `http://127.0.0.1:<port>/...`; other apps match exactly.
fn redirect_allowed(st: &AppState, client_id: &str, uri: &str) -> bool {
    let Some(app) = st.app(client_id) else {
        return false;
    };
    if app.redirect_uri == uri {
        return true;
    }
    if client_id != DEMO_CLIENT_ID {
        return false;
    }
    let Some(rest) = uri.strip_prefix("http://127.0.0.1:") else {
        return false;
    };
    let (port, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    port.parse::<u16>().is_ok() && (path.is_empty() || path.starts_with('/'))
}

fn html(status: StatusCode, body: String) -> Response {
    with_type(status, "text/html; charset=utf-8", body.into_bytes())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn redirect_with_code(st: &AppState, client_id: &str, redirect_uri: &str, state: &str) -> Response {
    let code = st.random_token(48);
    lock(&st.tokens).codes.insert(
        code.clone(),
        Code {
            client_id: client_id.to_string(),
            redirect_uri: redirect_uri.to_string(),
            user_id: DEMO_USER_ID.to_string(),
            issued_ms: st.clock.now_ms(),
        },
    );
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("code", &code)
        .append_pair("state", state)
        .finish();
    let mut r = html(StatusCode::FOUND, String::new());
    set_header(&mut r, "location", &format!("{redirect_uri}{sep}{query}"));
    r
}

fn params(raw: &str) -> HashMap<String, String> {
    form_urlencoded::parse(raw.as_bytes())
        .into_owned()
        .collect()
}

/// `GET /api/oauth2/auth`: approve at once in demo mode, else the login page.
pub(crate) async fn authorize(State(st): State<Arc<AppState>>, RawQuery(q): RawQuery) -> Response {
    let p = params(q.as_deref().unwrap_or(""));
    let get = |k: &str| p.get(k).cloned().unwrap_or_default();
    let (client_id, redirect_uri, state) = (get("client_id"), get("redirect_uri"), get("state"));
    if st.app(&client_id).is_none() {
        return html(
            StatusCode::BAD_REQUEST,
            "<html><body><h1>Unknown client_id</h1></body></html>".into(),
        );
    }
    if !redirect_allowed(&st, &client_id, &redirect_uri) {
        return html(
            StatusCode::BAD_REQUEST,
            "<html><body><h1>The redirect_uri does not match the registered redirect URI.</h1></body></html>".into(),
        );
    }
    if get("response_type") != "code" {
        let mut r = html(StatusCode::FOUND, String::new());
        set_header(
            &mut r,
            "location",
            &format!("{redirect_uri}?error=unsupported_response_type&state={state}"),
        );
        return r;
    }
    if st.auto_approve && get("force_login") != "1" {
        return redirect_with_code(&st, &client_id, &redirect_uri, &state);
    }
    login_page(&client_id, &redirect_uri, &state, None)
}

fn login_page(client_id: &str, redirect_uri: &str, state: &str, error: Option<&str>) -> Response {
    let err = error
        .map(|e| format!("<p class=\"error\">{}</p>", escape(e)))
        .unwrap_or_default();
    html(
        StatusCode::OK,
        format!(
            "<!DOCTYPE html><html><head><title>Exact Online (simulator) - Inloggen</title></head><body>\
<h1>Exact Online simulator</h1>{err}\
<form method=\"post\" action=\"/api/oauth2/auth\">\
<input type=\"hidden\" name=\"client_id\" value=\"{}\">\
<input type=\"hidden\" name=\"redirect_uri\" value=\"{}\">\
<input type=\"hidden\" name=\"state\" value=\"{}\">\
<label>Gebruikersnaam <input name=\"username\"></label>\
<label>Wachtwoord <input type=\"password\" name=\"password\"></label>\
<p>De app vraagt toegang tot uw administraties.</p>\
<button type=\"submit\" name=\"consent\" value=\"allow\">Toestaan</button>\
</form></body></html>",
            escape(client_id),
            escape(redirect_uri),
            escape(state)
        ),
    )
}

/// `POST /api/oauth2/auth`: the login and consent form.
pub(crate) async fn login(State(st): State<Arc<AppState>>, body: String) -> Response {
    let p = params(&body);
    let get = |k: &str| p.get(k).cloned().unwrap_or_default();
    let (client_id, redirect_uri, state) = (get("client_id"), get("redirect_uri"), get("state"));
    if st.app(&client_id).is_none() || !redirect_allowed(&st, &client_id, &redirect_uri) {
        return html(
            StatusCode::BAD_REQUEST,
            "<html><body><h1>Invalid request</h1></body></html>".into(),
        );
    }
    if get("username") != DEMO_USER || get("password") != DEMO_PASSWORD {
        return login_page(
            &client_id,
            &redirect_uri,
            &state,
            Some("Onjuiste gebruikersnaam of wachtwoord."),
        );
    }
    redirect_with_code(&st, &client_id, &redirect_uri, &state)
}

fn oauth_error(error: &str, description: &str) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        &json!({"error": error, "error_description": description}),
    )
}

/// `POST /api/oauth2/token`.
pub(crate) async fn token(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let p = params(&body);
    let get = |k: &str| p.get(k).cloned().unwrap_or_default();
    let (mut client_id, mut secret) = (get("client_id"), get("client_secret"));
    if let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(basic.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        if let Some((id, s)) = decoded.split_once(':') {
            let dec = |x: &str| {
                form_urlencoded::parse(format!("v={x}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            client_id = dec(id);
            secret = dec(s);
        }
    }
    match st.app(&client_id) {
        Some(app) if app.client_secret == secret => {}
        _ => return oauth_error("invalid_client", "Invalid client credentials."),
    }
    let now = st.clock.now_ms();
    let settings = st.settings();
    let mut tokens = lock(&st.tokens);
    let who = match get("grant_type").as_str() {
        "authorization_code" => {
            let code = get("code");
            let Some(c) = tokens.codes.remove(&code) else {
                return oauth_error(
                    "invalid_grant",
                    "The authorization code is invalid or has already been used.",
                );
            };
            if now - c.issued_ms > CODE_MS {
                return oauth_error("invalid_grant", "The authorization code has expired.");
            }
            if c.client_id != client_id || c.redirect_uri != get("redirect_uri") {
                return oauth_error(
                    "invalid_grant",
                    "The redirect_uri does not match the one of the authorization request.",
                );
            }
            Identity {
                client_id: client_id.clone(),
                user_id: c.user_id,
            }
        }
        "refresh_token" => {
            let rt = get("refresh_token");
            let Some(r) = tokens.refresh.get(&rt) else {
                return oauth_error("invalid_grant", "The refresh token is invalid.");
            };
            if r.who.client_id != client_id {
                return oauth_error("invalid_grant", "The refresh token is invalid.");
            }
            if now >= r.issued_ms + REFRESH_MS {
                let at = dates::iso(r.issued_ms + REFRESH_MS);
                tokens.refresh.remove(&rt);
                return oauth_error(
                    "invalid_request",
                    &format!("The refresh token expired at {at}"),
                );
            }
            if now - r.issued_ms < REFRESH_FLOOR_MS {
                let mut resp = oauth_error(
                    "access_denied",
                    "Rate limit exceeded: access_token not expired",
                );
                set_header(&mut resp, "Reason", "TooEarlyToRefreshTokens");
                return resp;
            }
            let who = r.who.clone();
            // Rotation: the old refresh token dies now, used or not.
            tokens.refresh.remove(&rt);
            who
        }
        "" => return oauth_error("invalid_request", "The grant_type parameter is missing."),
        _ => return oauth_error("unsupported_grant_type", "The grant_type is not supported."),
    };
    let day = now.div_euclid(dates::DAY_MS);
    let calls = tokens
        .calls
        .entry((who.client_id.clone(), who.user_id.clone(), day))
        .or_default();
    *calls += 1;
    if *calls > settings.token_calls_per_day {
        return oauth_error(
            "access_denied",
            "Rate limit exceeded: too many token requests today",
        );
    }
    let access = st.random_token(64);
    let refresh = st.random_token(48);
    tokens.access.insert(
        access.clone(),
        Access {
            who: who.clone(),
            expires_ms: now + ACCESS_MS,
        },
    );
    tokens.refresh.insert(
        refresh.clone(),
        Refresh {
            who,
            issued_ms: now,
        },
    );
    tracing::debug!("token issued");
    json(
        StatusCode::OK,
        &json!({
            "access_token": access,
            "token_type": "bearer",
            "expires_in": "600",
            "refresh_token": refresh,
        }),
    )
}
