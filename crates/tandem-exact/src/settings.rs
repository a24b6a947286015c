//! The app registration and client settings: plain data that comes from the
//! user's settings (a firm registers its own app in Exact's App Center), with
//! the simulator's demo app built in.

use crate::country::Country;
use crate::secret::Secret;
use std::time::Duration;

/// Client id of the simulator's demo app (the same constant as
/// `tandem_exact_sim::DEMO_CLIENT_ID`; repeated so this crate does not depend
/// on the simulator).
pub const DEMO_CLIENT_ID: &str = "b81cc4de-d192-400e-bcb4-09254394c52a";
/// Client secret of the simulator's demo app.
pub const DEMO_CLIENT_SECRET: &str = "tandem-demo-secret";

/// An app registered in Exact Online's App Center.
#[derive(Debug, Clone)]
pub struct AppRegistration {
    /// OAuth2 client id (a GUID).
    pub client_id: String,
    /// OAuth2 client secret.
    pub client_secret: Secret,
    /// The registered redirect URI, e.g. `http://127.0.0.1:8976/callback`,
    /// or a hosted page that shows the code to paste.
    pub redirect_uri: String,
    /// The site, e.g. `https://start.exactonline.nl`, or the simulator.
    pub base_url: String,
    /// The registration accepts any loopback port (only the simulator's demo
    /// app does): the listener may bind port 0 and send the real port.
    pub any_loopback_port: bool,
}

impl AppRegistration {
    /// A firm's own app in one country.
    pub fn for_country(
        country: Country,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        redirect_uri: impl Into<String>,
    ) -> AppRegistration {
        AppRegistration {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            redirect_uri: redirect_uri.into(),
            base_url: country.base_url().to_string(),
            any_loopback_port: false,
        }
    }

    /// The simulator's demo app at `base_url` (e.g. `http://127.0.0.1:41234`).
    pub fn demo(base_url: impl Into<String>) -> AppRegistration {
        AppRegistration {
            client_id: DEMO_CLIENT_ID.to_string(),
            client_secret: Secret::new(DEMO_CLIENT_SECRET),
            redirect_uri: "http://127.0.0.1:0/callback".to_string(),
            base_url: base_url.into().trim_end_matches('/').to_string(),
            any_loopback_port: true,
        }
    }

    /// The base URL without a trailing slash.
    pub fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

/// How the client behaves; defaults suit the real service.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    /// Keyring service name the tokens are stored under (tests use their
    /// own; `TANDEM_KEYRING_SERVICE` overrides the default).
    pub keyring_service: String,
    /// Time to open a connection.
    pub connect_timeout: Duration,
    /// Time for a whole request.
    pub request_timeout: Duration,
    /// How long the login waits for the browser's callback.
    pub login_timeout: Duration,
    /// Attempts per call, first one included, for retryable errors.
    pub max_attempts: u32,
    /// First back-off of transient errors; doubles per attempt.
    pub backoff_base: Duration,
    /// Client errors (400/401/403/404) per company and endpoint per hour at
    /// which the client stops calling; the service blocks after 10.
    pub hourly_error_budget: u32,
    /// Text comparisons in `$filter` are case-insensitive on the service
    /// (assumed: SQL Server collation; not verified).
    pub case_insensitive_text_filters: bool,
}

/// The keyring service name used unless settings say otherwise.
pub const DEFAULT_KEYRING_SERVICE: &str = "tandem-exact-online";

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            keyring_service: std::env::var("TANDEM_KEYRING_SERVICE")
                .ok()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_KEYRING_SERVICE.to_string()),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(120),
            login_timeout: Duration::from_secs(300),
            max_attempts: 6,
            backoff_base: Duration::from_millis(500),
            hourly_error_budget: 8,
            case_insensitive_text_filters: true,
        }
    }
}
