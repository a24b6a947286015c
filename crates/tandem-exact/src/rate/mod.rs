//! Rate limits: reading the service's limit headers, and one
//! [`Governor`] per (app, company) so companies run in parallel, each at
//! its own pace.

mod governor;
mod headers;

pub use governor::{Governor, Permit};
pub use headers::LimitSnapshot;

use crate::clock::SharedClock;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The governors of one client, by (client id, division).
#[derive(Debug, Default)]
pub(crate) struct Governors {
    map: Mutex<HashMap<(String, i64), Arc<Governor>>>,
}

impl Governors {
    pub(crate) fn get(&self, client_id: &str, division: i64, clock: &SharedClock) -> Arc<Governor> {
        self.map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry((client_id.to_string(), division))
            .or_insert_with(|| Arc::new(Governor::new(clock.clone())))
            .clone()
    }
}
