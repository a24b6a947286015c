//! The `settings` table: one JSON value per key.
//!
//! Values are JSON so that each setting keeps its type (a flag stays a
//! boolean, a list a list) without a column per setting; the caller decides
//! what a key means.

use rusqlite::{Connection, OptionalExtension};

use crate::{Error, Result};

/// Reads and writes settings; from [`Store::settings`](crate::Store::settings).
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    conn: &'a Connection,
}

impl<'a> Settings<'a> {
    pub(crate) fn new(conn: &'a Connection) -> Settings<'a> {
        Settings { conn }
    }

    /// The value stored under `key`, if any.
    pub fn get(&self, key: &str) -> Result<Option<serde_json::Value>> {
        let text: Option<String> = self
            .conn
            .query_row("select value from settings where key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?;
        text.map(|text| {
            serde_json::from_str(&text).map_err(|source| Error::Json {
                what: format!("setting '{key}'"),
                source,
            })
        })
        .transpose()
    }

    /// Stores `value` under `key`, replacing what was there.
    pub fn set(&self, key: &str, value: &serde_json::Value) -> Result<()> {
        self.conn.execute(
            "insert into settings (key, value) values (?1, ?2) \
             on conflict (key) do update set value = excluded.value",
            (key, value.to_string()),
        )?;
        Ok(())
    }

    /// Removes `key`; whether it was there.
    pub fn delete(&self, key: &str) -> Result<bool> {
        Ok(self
            .conn
            .execute("delete from settings where key = ?1", [key])?
            > 0)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Error, Store};
    use serde_json::json;

    #[test]
    fn set_get_replace_delete() {
        let store = Store::open_in_memory().unwrap();
        let settings = store.settings();
        assert_eq!(settings.get("theme").unwrap(), None);
        settings.set("theme", &json!("dark")).unwrap();
        assert_eq!(settings.get("theme").unwrap(), Some(json!("dark")));
        settings
            .set("theme", &json!({"name": "light", "contrast": 2}))
            .unwrap();
        assert_eq!(
            settings.get("theme").unwrap(),
            Some(json!({"name": "light", "contrast": 2}))
        );
        assert!(settings.delete("theme").unwrap());
        assert!(!settings.delete("theme").unwrap());
        assert_eq!(settings.get("theme").unwrap(), None);
    }

    #[test]
    fn values_keep_their_type() {
        let store = Store::open_in_memory().unwrap();
        let settings = store.settings();
        for (key, value) in [
            ("flag", json!(true)),
            ("count", json!(3)),
            ("ratio", json!(0.5)),
            ("list", json!([1, "two", null])),
            ("none", json!(null)),
        ] {
            settings.set(key, &value).unwrap();
            assert_eq!(settings.get(key).unwrap(), Some(value), "{key}");
        }
    }

    #[test]
    fn an_unreadable_value_names_its_key() {
        let store = Store::open_in_memory().unwrap();
        store
            .conn
            .execute("insert into settings values ('broken', '{nope')", [])
            .unwrap();
        let err = store.settings().get("broken").unwrap_err();
        assert!(matches!(err, Error::Json { .. }), "{err:?}");
        assert!(
            err.to_string()
                .starts_with("the app database holds an unreadable setting 'broken': "),
            "{err}"
        );
    }
}
