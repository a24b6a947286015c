//! What a simulator instance is: its address, data, strictness and faults.
//!
//! Tests, the binary's flags and the app's demo mode all build a
//! [`SimConfig`]; the run-time part ([`Settings`]) can also be changed while
//! the simulator runs, through `/_sim/settings`.

use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Client id of the registered demo app.
pub const DEMO_CLIENT_ID: &str = "b81cc4de-d192-400e-bcb4-09254394c52a";
/// Client secret of the registered demo app.
pub const DEMO_CLIENT_SECRET: &str = "tandem-demo-secret";
/// Redirect URI registered for the demo app. Any loopback URI
/// `http://127.0.0.1:<port>/<path>` is also accepted for it.
pub const DEMO_REDIRECT_URI: &str = "http://127.0.0.1:8976/callback";
/// Login name of the demo user (on the consent page).
pub const DEMO_USER: &str = "demo";
/// Password of the demo user.
pub const DEMO_PASSWORD: &str = "demo";
/// UserID (GUID) of the demo user, as `current/Me` reports it.
pub const DEMO_USER_ID: &str = "5e1c6b0a-7a51-4d3e-9c7e-2f0d0b5a6e01";
/// The demo master company, holding exactly 5,000 accounts.
pub const DEMO_SOURCE_DIVISION: i64 = 102673;
/// A company that exists but the demo user may not use (403 tests).
pub const DEMO_FORBIDDEN_DIVISION: i64 = 999001;

/// Everything a simulator instance starts from.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// Listen address; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Seed of the demo dataset.
    pub seed: u64,
    /// How much data to generate.
    pub dataset: DatasetSize,
    /// Run-time settings (latency, limits, faults, strictness).
    pub settings: Settings,
    /// Serve HTTPS instead of HTTP.
    pub tls: Option<TlsConfig>,
    /// Serve the `/_sim/` control surface.
    pub control: bool,
    /// The authorize endpoint approves the demo user at once (302) instead
    /// of showing the login and consent page.
    pub demo_auto_approve: bool,
    /// Load the data from this file if it exists, and save it there.
    pub state_file: Option<PathBuf>,
    /// Start the clock at this instant (ms since epoch) instead of now.
    pub clock_start_ms: Option<i64>,
    /// Apps registered besides the demo app (exact redirect matching).
    pub apps: Vec<RegisteredApp>,
}

/// An app registered in the (simulated) App Center.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RegisteredApp {
    /// Client id.
    pub client_id: String,
    /// Client secret.
    pub client_secret: String,
    /// The registered redirect URI, matched exactly.
    pub redirect_uri: String,
}

/// Dataset size knobs.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DatasetSize {
    /// Accounts in the master company (5,000 in the demo).
    pub master_accounts: usize,
    /// Other companies (at least 12 in the demo).
    pub other_divisions: usize,
    /// Master accounts copied (equal, changed or left out) per other company.
    pub copies_per_division: usize,
    /// Items per company.
    pub items: usize,
    /// Contacts in the master company.
    pub master_contacts: usize,
}

impl Default for DatasetSize {
    fn default() -> Self {
        DatasetSize {
            master_accounts: 5_000,
            other_divisions: 12,
            copies_per_division: 400,
            items: 150,
            master_contacts: 300,
        }
    }
}

/// Certificate and key for HTTPS; both `None` generates a self-signed
/// certificate for `localhost` and `127.0.0.1`.
#[derive(Clone, Debug, Default)]
pub struct TlsConfig {
    /// PEM certificate chain file.
    pub cert_pem: Option<PathBuf>,
    /// PEM private key file.
    pub key_pem: Option<PathBuf>,
}

/// Settings that may change while the simulator runs.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    /// Added delay of reads.
    pub read_latency: Latency,
    /// Added delay of write calls (the real service writes slower than it
    /// reads). Applied to every POST, PUT and DELETE once it has been
    /// handled, so after a successful write committed, refused ones included.
    pub write_latency: Latency,
    /// Holds the answer to a successful POST, PUT or DELETE for this many ms
    /// after the write committed (before `write_latency`), so a test can stop
    /// a client between the commit and the answer it never gets.
    pub answer_delay_after_write_ms: u64,
    /// Calls per app per division per clock-aligned minute.
    pub minutely_limit: u64,
    /// Calls per app per division per UTC day.
    pub daily_limit: u64,
    /// Fault injection.
    pub faults: Faults,
    /// Refuse unfiltered GETs on standard endpoints that have a sync twin.
    pub mandatory_filtering: bool,
    /// Answer list calls with `$top` ≤ 60 with `d` as a bare array, as the
    /// real service has been recorded doing.
    pub bare_array_for_small_top: bool,
    /// Token endpoint calls per app per user per UTC day.
    pub token_calls_per_day: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            read_latency: Latency::default(),
            write_latency: Latency::default(),
            answer_delay_after_write_ms: 0,
            minutely_limit: 60,
            daily_limit: 5_000,
            faults: Faults::default(),
            mandatory_filtering: true,
            bare_array_for_small_top: false,
            token_calls_per_day: 200,
        }
    }
}

/// A fixed delay plus a uniformly drawn jitter, in milliseconds.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Latency {
    /// Always added.
    pub fixed_ms: u64,
    /// Up to this much more, drawn per call.
    pub jitter_ms: u64,
}

/// Shares of calls that fail on purpose.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Faults {
    /// Share of writes answered 503 before anything is written.
    pub error_before_write: f64,
    /// Share of writes whose connection is dropped after the write
    /// committed (the client never sees the answer).
    pub drop_after_write: f64,
    /// Share of calls that start a burst of 429 answers.
    pub burst_429: f64,
    /// Calls in each 429 burst.
    pub burst_429_length: u32,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: 42,
            dataset: DatasetSize::default(),
            settings: Settings::default(),
            tls: None,
            control: false,
            demo_auto_approve: false,
            state_file: None,
            clock_start_ms: None,
            apps: Vec::new(),
        }
    }
}

impl SimConfig {
    /// The app's demo mode: demo dataset, approval without a login page, no
    /// added latency, real limits.
    pub fn demo() -> SimConfig {
        SimConfig {
            demo_auto_approve: true,
            ..SimConfig::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_saved_before_a_field_existed_still_load() {
        let s: Settings = serde_json::from_str(r#"{"minutely_limit":5}"#).unwrap();
        assert_eq!(s.minutely_limit, 5);
        assert_eq!(s.answer_delay_after_write_ms, 0);
        assert_eq!(s.daily_limit, Settings::default().daily_limit);
    }
}
