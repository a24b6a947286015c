//! The Exact Online client: everything Tandem says to Exact Online goes
//! through this crate.
//!
//! It holds the OAuth2 login (authorization code through a loopback
//! redirect, or a pasted code), token storage in the OS keyring with the
//! service's refresh rules, the HTTP client with OData paging and `$filter`
//! building, the per-company rate governor, the retry policy, usage counters
//! and the entity catalog. It talks to the real service and to the
//! simulator (`tandem-exact-sim`) with the same code; only the base URL
//! differs.
//!
//! It must not depend on Tauri, on the engine or on SQLite: it knows Exact
//! Online's wire format and nothing about how the rows are used.
#![deny(missing_docs)]

mod auth;
pub mod catalog;
mod client;
pub mod clock;
mod country;
mod error;
pub mod http;
pub mod odata;
pub mod rate;
pub mod retry;
mod row;
mod secret;
mod settings;
pub mod tokens;
mod usage;

pub use auth::{BrowserOpener, PendingLogin};
pub use client::{Client, Division, Me, ReadRequest};
pub use country::Country;
pub use error::{Error, ErrorKind, Result};
pub use row::Row;
pub use secret::Secret;
pub use settings::{
    AppRegistration, ClientSettings, DEFAULT_KEYRING_SERVICE, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET,
};
pub use usage::EndpointUsage;
