//! The JSON shapes: `{"d":{"results":[...],"__next":...}}`, `{"d":{...}}`,
//! entities with `__metadata` and `__deferred` navigation properties.
//!
//! Rows are serialised straight from storage through a borrowed view, so a
//! 1,000-row bulk page costs no intermediate JSON tree.

use crate::entities::{EntityDef, FieldType};
use crate::store::Row;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// Which columns and navigation properties a response carries.
#[derive(Clone, Debug)]
pub(crate) struct Projection {
    pub(crate) cols: Vec<usize>,
    pub(crate) deferred: Vec<&'static str>,
}

/// An entity as sent: `__metadata`, the projected fields, deferred links.
pub(crate) struct RowView<'a> {
    pub(crate) def: &'static EntityDef,
    pub(crate) row: &'a Row,
    pub(crate) projection: &'a Projection,
    /// `{base}/api/v1/{division}/{path}`: the entity URI is this plus the key.
    pub(crate) set_uri: &'a str,
    /// Replace every field but the key by null (POST without
    /// `Prefer: return=representation`).
    pub(crate) blank: bool,
}

/// The key as it appears in a URI: `guid'...'` or a number.
pub(crate) fn key_literal(def: &EntityDef, row: &Row) -> String {
    let i = def.key_index();
    match (&row[i], def.fields[i].ty) {
        (Value::String(s), FieldType::Guid) => format!("guid'{s}'"),
        (Value::String(s), _) => format!("'{s}'"),
        (v, _) => v.to_string(),
    }
}

impl Serialize for RowView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let uri = format!("{}({})", self.set_uri, key_literal(self.def, self.row));
        let mut m = s.serialize_map(None)?;
        m.serialize_entry(
            "__metadata",
            &Metadata {
                uri: &uri,
                ty: self.def.type_name,
            },
        )?;
        let key = self.def.key_index();
        for &c in &self.projection.cols {
            let v = if self.blank && c != key {
                &Value::Null
            } else {
                &self.row[c]
            };
            m.serialize_entry(self.def.fields[c].name, v)?;
        }
        for nav in &self.projection.deferred {
            m.serialize_entry(
                nav,
                &Deferred {
                    uri: format!("{uri}/{nav}"),
                },
            )?;
        }
        m.end()
    }
}

struct Metadata<'a> {
    uri: &'a str,
    ty: &'a str,
}

impl Serialize for Metadata<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("uri", self.uri)?;
        m.serialize_entry("type", self.ty)?;
        m.end()
    }
}

struct Deferred {
    uri: String,
}

impl Serialize for Deferred {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("__deferred", &serde_json::json!({ "uri": self.uri }))?;
        m.end()
    }
}

/// `{"results":[...],"__count":"N","__next":"..."}`.
#[derive(serde::Serialize)]
pub(crate) struct Collection<'a> {
    pub(crate) results: Vec<RowView<'a>>,
    #[serde(rename = "__count", skip_serializing_if = "Option::is_none")]
    pub(crate) count: Option<String>,
    #[serde(rename = "__next", skip_serializing_if = "Option::is_none")]
    pub(crate) next: Option<String>,
}

/// The `{"d": ...}` wrapper of every OData answer.
#[derive(serde::Serialize)]
pub(crate) struct D<T> {
    pub(crate) d: T,
}
