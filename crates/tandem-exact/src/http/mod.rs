//! HTTP to Exact Online: one reqwest client for everything (rustls with the
//! platform's roots, gzip, time-outs, connection reuse), `Accept:
//! application/json` on every call, and the answer kept as bytes so paging,
//! usage counting and error classification all read the same thing.

mod envelope;
pub mod values;

pub use envelope::{classify, parse_page, parse_single, Page};

use crate::error::{Error, Result};
use crate::settings::ClientSettings;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT};
use std::time::{Duration, Instant};

/// An answer read to the end.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) elapsed: Duration,
}

/// The shared HTTP client.
pub(crate) fn build_client(settings: &ClientSettings) -> Result<reqwest::Client> {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    reqwest::Client::builder()
        .default_headers(headers)
        .user_agent(concat!("Tandem/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(settings.connect_timeout)
        .timeout(settings.request_timeout)
        .gzip(true)
        .pool_idle_timeout(Duration::from_secs(90))
        .build()
        .map_err(|e| Error::Bug(format!("cannot build the HTTP client: {e}")))
}

/// A client for the token endpoint: redirects off, so a misconfigured URL
/// can never forward credentials elsewhere (oauth2's advice).
pub(crate) fn build_token_client(settings: &ClientSettings) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(settings.connect_timeout)
        .timeout(settings.request_timeout)
        .build()
        .map_err(|e| Error::Bug(format!("cannot build the HTTP client: {e}")))
}

/// Sends a request and reads the whole answer.
pub(crate) async fn send(req: reqwest::RequestBuilder) -> Result<Answer> {
    let started = Instant::now();
    let resp = req
        .send()
        .await
        .map_err(|e| Error::from_reqwest(&e, true))?;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp
        .bytes()
        .await
        .map_err(|e| Error::from_reqwest(&e, true))?
        .to_vec();
    Ok(Answer {
        status,
        headers,
        body,
        elapsed: started.elapsed(),
    })
}
