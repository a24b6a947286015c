//! The Exact Online client: everything Tandem says to Exact Online goes
//! through this crate.
//!
//! It will hold the OAuth2 login (authorization code through a loopback
//! redirect), token storage in the OS keyring, the HTTP client with OData
//! paging and `$filter` building, the per-company rate governor, the retry
//! policy and the entity catalog. It talks to the real service and to the
//! simulator (`tandem-exact-sim`) with the same code; only the base URL
//! differs.
//!
//! It must not depend on Tauri, on the engine or on SQLite: it knows Exact
//! Online's wire format and nothing about how the rows are used.
#![deny(missing_docs)]

mod country;

pub use country::Country;
