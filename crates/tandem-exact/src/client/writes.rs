//! Writing: POST with `Prefer: return=representation` (without it master
//! data comes back nearly all null), PUT with only the changed fields (204),
//! DELETE (204). Padded columns are padded on the way out. A POST that may
//! have reached the service is never repeated here: the caller looks the
//! row up by its key first.

use super::call::CallSpec;
use super::Client;
use crate::catalog::{self, Table};
use crate::error::{Error, Result};
use crate::http::{self, values::pad_code};
use crate::odata::Literal;
use crate::row::Row;
use reqwest::Method;
use serde_json::{Map, Value};

fn table_for_write(name: &str) -> Result<&'static Table> {
    let t = catalog::find(name).ok_or_else(|| Error::Bug(format!("unknown table {name}")))?;
    if !t.writable {
        return Err(Error::Bug(format!("{} cannot be written", t.full_name())));
    }
    Ok(t)
}

/// The body: padded columns padded; unknown or read-only columns refused
/// (the service would ignore them silently, hiding a mistake).
fn body(table: &Table, fields: Map<String, Value>) -> Result<Vec<u8>> {
    let mut out = Map::new();
    for (k, v) in fields {
        let col = table
            .column(&k)
            .filter(|c| c.writable)
            .ok_or_else(|| Error::Bug(format!("{k} is not a writable column of {}", table.name)))?;
        let v = match (col.padded_width, v) {
            (Some(w), Value::String(s)) if k == "Code" => Value::String(pad_code(&s, w)),
            (_, v) => v,
        };
        out.insert(k, v);
    }
    serde_json::to_vec(&Value::Object(out)).map_err(|e| Error::Bug(e.to_string()))
}

impl Client {
    /// Creates a row; returns it as the service stored it.
    pub async fn insert(
        &self,
        table: &str,
        division: i64,
        fields: Map<String, Value>,
    ) -> Result<Row> {
        let t = table_for_write(table)?;
        let path = &t.endpoints.standard;
        let url = self.entity_url(t, division, path);
        let a = self
            .call(&CallSpec {
                method: Method::POST,
                url: &url,
                division,
                endpoint: path,
                body: Some(body(t, fields)?),
                prefer_representation: true,
            })
            .await?;
        self.inner.usage.add_rows(division, path, 1);
        let mut row = http::parse_single(&a.body)?;
        for c in t.columns.iter().filter(|c| c.padded_width.is_some()) {
            row.trim_in_place(&c.name);
        }
        Ok(row)
    }

    /// Updates the given (changed) fields of the row with GUID key `id`.
    pub async fn update(
        &self,
        table: &str,
        division: i64,
        id: &str,
        changed: Map<String, Value>,
    ) -> Result<()> {
        if changed.is_empty() {
            return Ok(());
        }
        let t = table_for_write(table)?;
        self.keyed(t, division, id, Method::PUT, Some(body(t, changed)?))
            .await
    }

    /// Deletes the row with GUID key `id`.
    pub async fn delete(&self, table: &str, division: i64, id: &str) -> Result<()> {
        let t = table_for_write(table)?;
        self.keyed(t, division, id, Method::DELETE, None).await
    }

    async fn keyed(
        &self,
        t: &Table,
        division: i64,
        id: &str,
        method: Method,
        body: Option<Vec<u8>>,
    ) -> Result<()> {
        let path = &t.endpoints.standard;
        let key = Literal::Guid(id.to_string()).to_odata()?;
        let url = format!("{}({})", self.entity_url(t, division, path), key);
        self.call(&CallSpec {
            method,
            url: &url,
            division,
            endpoint: path,
            body,
            prefer_representation: false,
        })
        .await?;
        self.inner.usage.add_rows(division, path, 1);
        Ok(())
    }
}
