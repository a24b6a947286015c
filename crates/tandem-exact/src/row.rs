//! One entity as read from Exact Online: the JSON properties, without the
//! OData bookkeeping (`__metadata`, unexpanded `__deferred` navigation), with
//! typed accessors that know the service's quirks.
//!
//! `Debug` prints the column names only: rows are customer data and must
//! not end up in logs.

use crate::http::values;
use chrono::NaiveDateTime;
use serde_json::{Map, Value};
use std::fmt;

/// One entity's properties.
#[derive(Clone, Default, PartialEq)]
pub struct Row {
    fields: Map<String, Value>,
}

impl fmt::Debug for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Row")
            .field("columns", &self.fields.keys().collect::<Vec<_>>())
            .finish()
    }
}

fn is_deferred(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|o| o.len() == 1 && o.contains_key("__deferred"))
}

impl Row {
    /// A row from the wire, dropping `__metadata` and deferred navigation.
    pub(crate) fn from_wire(mut map: Map<String, Value>) -> Row {
        map.remove("__metadata");
        map.retain(|_, v| !is_deferred(v));
        Row { fields: map }
    }

    /// A row from properties (for writes and tests).
    pub fn from_map(fields: Map<String, Value>) -> Row {
        Row { fields }
    }

    /// The raw value of a property.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.fields.get(name)
    }

    /// All properties.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    /// Consumes the row into its properties.
    pub fn into_map(self) -> Map<String, Value> {
        self.fields
    }

    /// A text property as sent.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.get(name)?.as_str()
    }

    /// A padded code (Account `Code`, `Country`) without its padding.
    pub fn code(&self, name: &str) -> Option<&str> {
        self.text(name).map(values::trim_code)
    }

    /// An integer property (Int32/Int64, also sent as a string).
    pub fn int(&self, name: &str) -> Option<i64> {
        match self.get(name)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// A decimal property.
    pub fn decimal(&self, name: &str) -> Option<f64> {
        match self.get(name)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// A flag: a real boolean or an Edm.Byte 0/1.
    pub fn flag(&self, name: &str) -> Option<bool> {
        match self.get(name)? {
            Value::Bool(b) => Some(*b),
            Value::Number(n) => n.as_i64().map(|i| i != 0),
            _ => None,
        }
    }

    /// A `/Date(ms)/` property as the company's wall-clock time.
    pub fn datetime(&self, name: &str) -> Option<NaiveDateTime> {
        values::parse_date(self.text(name)?)
    }

    /// Trims the padding of a text property in place (read normalisation).
    pub(crate) fn trim_in_place(&mut self, name: &str) {
        if let Some(Value::String(s)) = self.fields.get_mut(name) {
            let t = s.trim();
            if t.len() != s.len() {
                *s = t.to_string();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accessors_know_the_quirks() {
        let Value::Object(m) = json!({"Code":"                 7","IsMailing":1,"Blocked":false,
            "Created":"/Date(1420070400000)/","Division":102673,"Name":"Secret BV"})
        else {
            panic!()
        };
        let r = Row::from_map(m);
        assert_eq!(r.code("Code"), Some("7"));
        assert_eq!(r.flag("IsMailing"), Some(true));
        assert_eq!(r.flag("Blocked"), Some(false));
        assert_eq!(r.int("Division"), Some(102673));
        assert!(r.datetime("Created").is_some());
        assert!(!format!("{r:?}").contains("Secret BV"));
    }
}
