//! A token store in memory, for unit tests and for callers that must not
//! touch the OS keyring. Clones share the same map.

use super::{StoreKey, TokenSet, TokenStore};
use crate::error::Result;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

/// Token sets in a shared map.
#[derive(Clone, Default)]
pub struct MemoryStore {
    sets: Arc<Mutex<HashMap<StoreKey, TokenSet>>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MemoryStore")
    }
}

impl TokenStore for MemoryStore {
    fn load(&self, key: &StoreKey) -> Result<Option<TokenSet>> {
        Ok(self
            .sets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned())
    }

    fn save(&self, key: &StoreKey, tokens: &TokenSet) -> Result<()> {
        self.sets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.clone(), tokens.clone());
        Ok(())
    }

    fn delete(&self, key: &StoreKey) -> Result<()> {
        self.sets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
        Ok(())
    }
}
