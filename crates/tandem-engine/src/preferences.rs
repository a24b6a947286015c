//! The user's preferences (theme, window size, the company selection), kept
//! in the app database's settings table so that they outlive the window.
//!
//! Values are JSON in the store; the window reads and writes plain strings,
//! and gets a JSON value that is not a string as its JSON text.

use crate::error::{Error, Result};
use crate::session::Session;

fn store_error(e: tandem_store::Error) -> Error {
    Error::Io(format!("the app database failed: {e}"))
}

impl Session {
    /// A setting as text; `None` when it was never set (or no app database
    /// is open).
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.setting_value(key)?.map(|v| match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        }))
    }

    /// Sets a setting to a text.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.set_setting_value(key, &serde_json::Value::String(value.to_string()))
    }

    pub(crate) fn setting_value(&self, key: &str) -> Result<Option<serde_json::Value>> {
        match &self.store {
            Some(store) => store.settings().get(key).map_err(store_error),
            None => Ok(None),
        }
    }

    pub(crate) fn set_setting_value(&self, key: &str, value: &serde_json::Value) -> Result<()> {
        let store = self
            .store
            .as_ref()
            .ok_or_else(|| Error::Io("settings cannot be saved: no app database is open".into()))?;
        store.settings().set(key, value).map_err(store_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ConnectionState;

    #[test]
    fn settings_round_trip_through_the_store() {
        let mut session = Session::new(ConnectionState::NotConnected);
        assert_eq!(session.setting("theme").unwrap(), None);
        assert!(
            session.set_setting("theme", "dark").is_err(),
            "no store yet"
        );
        session.attach_store(tandem_store::Store::open_in_memory().unwrap());
        session.set_setting("theme", "dark").unwrap();
        assert_eq!(session.setting("theme").unwrap().as_deref(), Some("dark"));
        session
            .set_setting_value("selection", &serde_json::json!({"active": [1]}))
            .unwrap();
        assert_eq!(
            session.setting("selection").unwrap().as_deref(),
            Some(r#"{"active":[1]}"#)
        );
    }
}
