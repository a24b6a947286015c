//! The crate's one error type, classified by kind so that retrying is a
//! policy (see `retry`) and not string matching.
//!
//! No variant carries a token, an authorization code, a client secret or a
//! row's contents: error texts end up in logs and on screens.

/// Everything that can go wrong talking to Exact Online.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The service refused the access token (401) and it could not be renewed
    /// on the spot; retried once after a refresh.
    #[error("Exact Online refused the access token (401 Unauthorized)")]
    Unauthorized,
    /// The login is gone (refresh refused, expired or never made): the user
    /// must log in again. Never retried.
    #[error("please log in again: {reason}")]
    LoginRequired {
        /// Why, in words a user understands.
        reason: String,
    },
    /// 403, with Exact's `Reason` header (`NoDivisionAccess`,
    /// `DivisionBlocked`, `LicenseExpired`, ...).
    #[error("Exact Online refused access ({reason}){}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Forbidden {
        /// The `Reason` header, or `unknown`.
        reason: String,
        /// The message of the error envelope, if any.
        message: Option<String>,
    },
    /// 429: over the minutely limit; wait until `reset` (epoch ms).
    #[error("Exact Online's minutely call limit was reached{}", reset.map(|r| format!("; it resets at {r} (epoch ms)")).unwrap_or_default())]
    RateLimited {
        /// When the limit resets, epoch milliseconds.
        reset: Option<i64>,
    },
    /// The daily call budget of a company cannot pay for the work asked.
    #[error("not enough Exact Online calls left today for this company: {remaining} left, {needed} needed")]
    DailyBudgetExhausted {
        /// Calls left today (as last reported by the service).
        remaining: u64,
        /// Calls the work needs.
        needed: u64,
    },
    /// The service rejected the request (validation, bad `$filter`, ...):
    /// 400 or 500 with an error envelope. Not retried.
    #[error("Exact Online rejected the request (HTTP {status}): {message}")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// The service's message.
        message: String,
    },
    /// 404.
    #[error("not found in Exact Online{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    NotFound {
        /// The service's message, if any.
        message: Option<String>,
    },
    /// A failure that may pass: 5xx without an envelope, time-outs,
    /// connection errors.
    #[error("temporary failure talking to Exact Online: {detail}")]
    Transient {
        /// What happened (no URL query, no tokens).
        detail: String,
        /// Whether the request may have reached the service (a write may have
        /// been applied).
        maybe_applied: bool,
    },
    /// Too many client errors on this company and endpoint in the last hour:
    /// the client stops before the service blocks the endpoint for an hour.
    #[error("stopped calling {endpoint} for company {division}: {errors} errors in the last hour (Exact Online blocks an endpoint after 10)")]
    ErrorBudgetExhausted {
        /// Company.
        division: i64,
        /// Endpoint path.
        endpoint: String,
        /// Errors counted in the hour.
        errors: u32,
    },
    /// The user refused Tandem access on Exact Online's consent page.
    #[error("login failed: consent was denied: Exact Online did not give Tandem access")]
    ConsentDenied,
    /// The browser did not come back from the login in time.
    #[error("login failed: timed out after {seconds} s waiting for the browser to come back from Exact Online; start the login again")]
    LoginTimedOut {
        /// How long the login waited.
        seconds: u64,
    },
    /// The login flow did not complete for another reason (state mismatch
    /// in a pasted URL, no browser, a refused code, ...).
    #[error("login failed: {0}")]
    Login(String),
    /// The OS keyring or the data folder failed.
    #[error("token storage failed: {0}")]
    Storage(String),
    /// A broken invariant or an answer the client does not understand.
    #[error("unexpected answer or internal error: {0}")]
    Bug(String),
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How an error should be treated by a caller or the retry policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Try again after a back-off.
    Transient,
    /// Try again after the rate limit resets.
    RateLimited,
    /// Renew the token and try once more.
    AuthExpired,
    /// Needs the user (log in, consent).
    UserAction,
    /// The request itself is wrong or not allowed: do not retry.
    Rejected,
    /// The budget (daily calls, hourly errors) is spent: stop.
    BudgetExhausted,
    /// A defect: do not retry.
    Bug,
}

impl Error {
    /// The error's kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Transient { .. } => ErrorKind::Transient,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::Unauthorized => ErrorKind::AuthExpired,
            Error::LoginRequired { .. }
            | Error::Login(_)
            | Error::ConsentDenied
            | Error::LoginTimedOut { .. } => ErrorKind::UserAction,
            Error::Forbidden { .. } | Error::Rejected { .. } | Error::NotFound { .. } => {
                ErrorKind::Rejected
            }
            Error::DailyBudgetExhausted { .. } | Error::ErrorBudgetExhausted { .. } => {
                ErrorKind::BudgetExhausted
            }
            Error::Storage(_) | Error::Bug(_) => ErrorKind::Bug,
        }
    }

    /// A `LoginRequired` with a reason.
    pub(crate) fn login_required(reason: impl Into<String>) -> Error {
        Error::LoginRequired {
            reason: reason.into(),
        }
    }

    /// A transient failure from reqwest, without the URL (which may carry a
    /// query with company data) and without tokens.
    pub(crate) fn from_reqwest(e: &reqwest::Error, sent: bool) -> Error {
        let what = if e.is_timeout() {
            "the request timed out"
        } else if e.is_connect() {
            "could not connect"
        } else if e.is_body() || e.is_decode() {
            "the answer broke off"
        } else {
            "the connection failed"
        };
        Error::Transient {
            detail: what.to_string(),
            maybe_applied: sent && !e.is_connect(),
        }
    }
}
