//! One API call, start to finish: the hourly error budget, the company's
//! governor, a fresh token, the request, the limit headers, the usage
//! counters, error classification, one renewal on 401, and the retry policy.
//!
//! Logs name the company and endpoint, never the query (it holds filter
//! values) nor a token.

use super::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{self, Answer};
use crate::rate::LimitSnapshot;
use crate::retry::{counts_as_error, Decision};
use crate::usage::CallFigures;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use reqwest::Method;

/// What to send.
pub(crate) struct CallSpec<'a> {
    pub(crate) method: Method,
    pub(crate) url: &'a str,
    /// Company the call counts against (0: the user's current one).
    pub(crate) division: i64,
    /// Endpoint path, for budgets and usage.
    pub(crate) endpoint: &'a str,
    pub(crate) body: Option<Vec<u8>>,
    /// `Prefer: return=representation` (POST of master data).
    pub(crate) prefer_representation: bool,
}

impl CallSpec<'_> {
    fn idempotent(&self) -> bool {
        self.method != Method::POST
    }
}

impl Client {
    /// Makes the call, with retries; returns the successful answer.
    pub(crate) async fn call(&self, spec: &CallSpec<'_>) -> Result<Answer> {
        // Failures are counted per kind: waiting out a 429 burst must not use
        // up the tries a 5xx is allowed, or a busy minute makes a call give up.
        let (mut transient, mut limited) = (0u32, 0u32);
        let mut renewed = false;
        loop {
            match self.attempt(spec).await {
                Ok(a) => return Ok(a),
                Err(Error::Unauthorized) if !renewed => {
                    renewed = true;
                    continue;
                }
                Err(Error::Unauthorized) => {
                    return Err(Error::login_required(
                        "Exact Online refuses the login even after renewing it",
                    ))
                }
                Err(e) => {
                    let attempt = if e.kind() == ErrorKind::RateLimited {
                        limited += 1;
                        limited
                    } else {
                        transient += 1;
                        transient
                    };
                    match self.inner.retry.decide(&e, attempt, spec.idempotent()) {
                        Decision::Retry(d) => {
                            tracing::debug!(
                                division = spec.division,
                                endpoint = spec.endpoint,
                                attempt,
                                "retrying after: {e}"
                            );
                            if !d.is_zero() {
                                self.inner.clock.sleep(d).await;
                            }
                        }
                        Decision::GiveUp => return Err(e),
                    }
                }
            }
        }
    }

    async fn attempt(&self, spec: &CallSpec<'_>) -> Result<Answer> {
        let inner = &self.inner;
        inner
            .errors
            .check(spec.division, spec.endpoint, inner.clock.now_ms())?;
        let governor = self.governor(spec.division);
        let permit = governor.acquire().await?;
        let token = match inner.tokens.access_token().await {
            Ok(t) => t,
            Err(e) => {
                governor.abandon(permit);
                return Err(e);
            }
        };
        let mut req = inner
            .http
            .request(spec.method.clone(), spec.url)
            .header(AUTHORIZATION, format!("Bearer {}", token.expose()));
        if let Some(body) = &spec.body {
            req = req
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        if spec.prefer_representation {
            req = req.header("Prefer", "return=representation");
        }
        let answer = match http::send(req).await {
            Ok(a) => a,
            Err(e) => {
                governor.abandon(permit);
                inner.usage.record(CallFigures {
                    division: spec.division,
                    endpoint: spec.endpoint,
                    rows: 0,
                    bytes: 0,
                    elapsed: std::time::Duration::ZERO,
                    error: true,
                    limits: &LimitSnapshot::default(),
                });
                return Err(e);
            }
        };
        let snap = LimitSnapshot::from_headers(&answer.headers);
        governor.complete(permit, &snap, answer.status == 429);
        let ok = (200..300).contains(&answer.status);
        inner.usage.record(CallFigures {
            division: spec.division,
            endpoint: spec.endpoint,
            rows: 0,
            bytes: answer.body.len() as u64,
            elapsed: answer.elapsed,
            error: !ok,
            limits: &snap,
        });
        if ok {
            return Ok(answer);
        }
        if counts_as_error(answer.status) {
            inner
                .errors
                .record(spec.division, spec.endpoint, inner.clock.now_ms());
        }
        let err = http::classify(answer.status, &answer.headers, &answer.body);
        tracing::debug!(
            division = spec.division,
            endpoint = spec.endpoint,
            status = answer.status,
            "Exact Online call failed"
        );
        if matches!(err, Error::Unauthorized) {
            // Renew (or adopt another process's renewal) before the retry;
            // a refused renewal surfaces as LoginRequired.
            inner.tokens.after_unauthorized(&token).await?;
        }
        Err(err)
    }
}
