//! POST, PUT and DELETE with the real service's validation: request-stream
//! errors (400) for bad JSON, unknown properties and wrong types; business
//! errors (500) for a missing Name or a duplicate Code ("Gegeven bestaat
//! reeds."); Code padded to 18 and assigned as highest + 1 when omitted;
//! every write takes a new Timestamp; deletes leave a `sync/Deleted` row;
//! an account still used by contacts cannot be deleted (500).

use crate::api::{Ctx, Target};
use crate::dataset::make_row;
use crate::dates;
use crate::entities::{self, pad_left, EntityDef, FieldType};
use crate::odata::filter::is_guid;
use crate::odata::shape::{Projection, RowView, D};
use crate::responses::{empty, json, odata_error, set_header};
use crate::server::ConnKill;
use crate::state::lock;
use crate::store::{Data, Row, Table};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;

/// The kind of write.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Create,
    Update,
    Delete,
}

/// Why a write was refused; becomes the error envelope.
enum Refusal {
    /// The body could not be read as the entity (400).
    Stream(String),
    /// Validation failed (the real service answers these with 500).
    Business(String),
    /// No row with that key (404).
    NotFound(&'static str),
}

impl Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Stream(detail) => odata_error(
                StatusCode::BAD_REQUEST,
                &format!("Error processing request stream. {detail}"),
            ),
            Refusal::Business(m) => odata_error(StatusCode::INTERNAL_SERVER_ERROR, &m),
            Refusal::NotFound(name) => odata_error(
                StatusCode::NOT_FOUND,
                &format!("Resource not found for the segment '{name}'."),
            ),
        }
    }
}

fn stream_error(detail: &str) -> Refusal {
    Refusal::Stream(detail.to_string())
}

fn business_error(message: &str) -> Refusal {
    Refusal::Business(message.to_string())
}

/// Converts one JSON property to its stored form, or names the Edm type it
/// failed to become.
fn convert(ty: FieldType, v: &Value) -> Result<Value, &'static str> {
    let fail = Err(ty.edm_name());
    if v.is_null() {
        return Ok(Value::Null);
    }
    Ok(match ty {
        FieldType::Text => match v {
            Value::String(_) => v.clone(),
            _ => return fail,
        },
        FieldType::Guid => match v.as_str() {
            Some(s) if is_guid(s) => json!(s.to_ascii_lowercase()),
            _ => return fail,
        },
        FieldType::Boolean => match v {
            Value::Bool(_) => v.clone(),
            _ => return fail,
        },
        // OData v2 JSON sends Int64 as a string; numbers are taken too.
        FieldType::Int32 | FieldType::Int64 | FieldType::Byte => {
            let n = match v {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.parse().ok(),
                _ => None,
            };
            let ok = match (ty, n) {
                (FieldType::Int32, Some(n)) => i32::try_from(n).is_ok(),
                (FieldType::Byte, Some(n)) => (0..=255).contains(&n),
                (_, n) => n.is_some(),
            };
            match n {
                Some(n) if ok => json!(n),
                _ => return fail,
            }
        }
        FieldType::Double => match v {
            Value::Number(_) => v.clone(),
            Value::String(s) => match s.parse::<f64>() {
                Ok(f) => json!(f),
                Err(_) => return fail,
            },
            _ => return fail,
        },
        FieldType::DateTime => match v
            .as_str()
            .and_then(|s| dates::parse_wire(s).or_else(|| dates::parse_iso(s)))
        {
            Some(ms) => json!(dates::wire(ms)),
            None => return fail,
        },
    })
}

/// Parses the body into (field index, value) pairs the client may set.
fn parse_body(def: &EntityDef, body: &[u8]) -> Result<Vec<(usize, Value)>, Refusal> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| stream_error("JSON text specified is not valid."))?;
    let Value::Object(obj) = value else {
        return Err(stream_error(
            "The request should be a valid top-level resource object.",
        ));
    };
    let mut out = Vec::new();
    for (k, v) in obj {
        if k == "__metadata" || def.deferred.contains(&k.as_str()) {
            continue;
        }
        let Some(i) = def.field_index(&k).filter(|i| !def.fields[*i].sync_only) else {
            return Err(stream_error(&format!(
                "The property name '{k}' specified for type '{}' is not valid.",
                def.type_name
            )));
        };
        let field = &def.fields[i];
        let stored = convert(field.ty, &v).map_err(|edm| {
            stream_error(&format!(
                "Cannot convert a primitive value to the expected type '{edm}'. See the inner exception for more details."
            ))
        })?;
        if field.writable {
            out.push((i, stored));
        }
    }
    Ok(out)
}

fn parse_key(key: &str) -> Option<String> {
    key.strip_prefix("guid'")
        .and_then(|k| k.strip_suffix('\''))
        .filter(|g| is_guid(g))
        .map(|g| g.to_ascii_lowercase())
}

fn not_found(def: &EntityDef) -> Refusal {
    Refusal::NotFound(def.name)
}

/// Normalises Code and Country and enforces the unique code.
fn check_codes(table: &mut Table, def: &EntityDef, row: &mut Row, id: &str) -> Result<(), Refusal> {
    if let Some(i) = def.field_index("Country") {
        if let Some(c) = row[i].as_str().filter(|c| c.trim().len() <= 3) {
            row[i] = json!(format!("{:<3}", c.trim().to_ascii_uppercase()));
        }
    }
    let Some((field, width)) = def.unique_code else {
        return Ok(());
    };
    let Some(ci) = def.field_index(field) else {
        return Ok(());
    };
    let codes = table.codes(ci);
    let code = match row[ci].as_str().map(str::trim) {
        Some(c) if !c.is_empty() => c.to_string(),
        _ => match width {
            // Numeric codes are assigned as the highest existing + 1.
            Some(_) => (codes.highest() + 1).to_string(),
            None => return Ok(()),
        },
    };
    if let Some(w) = width {
        if code.chars().count() > w {
            return Err(business_error(&format!("{field}: maximaal {w} tekens.")));
        }
    }
    if codes.holder(&code).is_some_and(|holder| holder != id) {
        return Err(business_error("Gegeven bestaat reeds."));
    }
    row[ci] = json!(match width {
        Some(w) => pad_left(&code, w),
        None => code,
    });
    Ok(())
}

fn check_required(def: &EntityDef, row: &Row) -> Result<(), Refusal> {
    for (field, message) in def.required {
        let Some(i) = def.field_index(field) else {
            continue;
        };
        let empty = match &row[i] {
            Value::Null => true,
            Value::String(s) => s.trim().is_empty(),
            _ => false,
        };
        if empty {
            return Err(business_error(message));
        }
    }
    Ok(())
}

fn stamp(
    data: &mut Data,
    def: &EntityDef,
    row: &mut Row,
    now_local: i64,
    user: &str,
    created: bool,
) {
    let ts = data.next_timestamp();
    let mut set = |name: &str, v: Value| {
        if let Some(i) = def.field_index(name) {
            row[i] = v;
        }
    };
    set("Timestamp", json!(ts));
    set("Modified", json!(dates::wire(now_local)));
    set("Modifier", json!(user));
    if created {
        set("Created", json!(dates::wire(now_local)));
        set("Creator", json!(user));
    }
    if def.name == "Contacts" {
        let get = |n: &str| {
            def.field_index(n)
                .and_then(|i| row[i].as_str())
                .unwrap_or("")
                .to_string()
        };
        let full = format!("{} {}", get("FirstName"), get("LastName"));
        if let Some(i) = def.field_index("FullName") {
            row[i] = json!(full.trim());
        }
    }
}

pub(crate) async fn write(
    ctx: &Ctx<'_>,
    t: &Target,
    op: Op,
    body: &[u8],
    kill: Option<Extension<ConnKill>>,
) -> Response {
    let def = t.def;
    let settings = ctx.st.settings();
    let pairs = if op == Op::Delete {
        Vec::new()
    } else {
        match parse_body(def, body) {
            Ok(p) => p,
            Err(r) => return r.into_response(),
        }
    };
    if lock(&ctx.st.rng).chance(settings.faults.error_before_write) {
        return crate::responses::with_type(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            b"<html><body><h1>503 Service Unavailable</h1></body></html>".to_vec(),
        );
    }
    let key = match (&t.key, op) {
        (Some(k), _) => match parse_key(k) {
            Some(k) => Some(k),
            None => return not_found(def).into_response(),
        },
        (None, _) => None,
    };
    let now_local = dates::local_wall_clock(ctx.st.clock.now_ms());
    let user = ctx.who.user_id.clone();
    let new_id = ctx.st.guid();
    let result = {
        let mut data = ctx.st.store.write();
        match op {
            Op::Create => create(&mut data, t, pairs, new_id, now_local, &user),
            Op::Update => update(
                &mut data,
                t,
                pairs,
                key.unwrap_or_default(),
                now_local,
                &user,
            ),
            Op::Delete => delete(
                &mut data,
                t,
                key.unwrap_or_default(),
                new_id,
                now_local,
                &user,
            ),
        }
    };
    let row = match result {
        Ok(row) => row,
        Err(r) => return r.into_response(),
    };
    ctx.st.dirty.store(true, Ordering::Relaxed);
    ctx.st.committed_writes.fetch_add(1, Ordering::SeqCst);
    tracing::debug!(entity = def.name, division = t.division, "write committed");
    let mut dropped = false;
    if lock(&ctx.st.rng).chance(settings.faults.drop_after_write) {
        if let Some(Extension(k)) = kill {
            k.kill();
            dropped = true;
        }
    }
    // A dropped answer never leaves, so there is nothing to hold.
    if settings.answer_delay_after_write_ms > 0 && !dropped {
        tokio::time::sleep(std::time::Duration::from_millis(
            settings.answer_delay_after_write_ms,
        ))
        .await;
    }
    match (op, row) {
        (Op::Create, Some(row)) => {
            let full = ctx
                .headers
                .get("prefer")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("return=representation"));
            let set_uri = format!("{}/{}/{}", ctx.api_base, t.division, def.path);
            let proj = Projection {
                cols: (0..def.fields.len())
                    .filter(|i| !def.fields[*i].sync_only)
                    .collect(),
                deferred: def.deferred.to_vec(),
            };
            let view = RowView {
                def,
                row: &row,
                projection: &proj,
                set_uri: &set_uri,
                blank: !full,
            };
            let location = format!("{set_uri}({})", crate::odata::shape::key_literal(def, &row));
            let mut r = json(StatusCode::CREATED, &D { d: view });
            set_header(&mut r, "location", &location);
            r
        }
        _ => empty(StatusCode::NO_CONTENT),
    }
}

fn create(
    data: &mut Data,
    t: &Target,
    pairs: Vec<(usize, Value)>,
    new_id: String,
    now: i64,
    user: &str,
) -> Result<Option<Row>, Refusal> {
    let def = t.def;
    let mut row = make_row(def, vec![("Division", json!(t.division))]);
    for (i, v) in pairs {
        row[i] = v;
    }
    let ki = def.key_index();
    let id = match row[ki].as_str() {
        Some(id) => id.to_string(),
        None => new_id,
    };
    if data
        .table(t.division, def.name)
        .is_some_and(|tb| tb.rows.contains_key(&id))
    {
        return Err(business_error("Gegeven bestaat reeds."));
    }
    row[ki] = json!(id);
    check_required(def, &row)?;
    let table = data
        .table_mut(t.division, def.name)
        .ok_or_else(|| not_found(def))?;
    check_codes(table, def, &mut row, &id)?;
    stamp(data, def, &mut row, now, user, true);
    if let Some(table) = data.table_mut(t.division, def.name) {
        table.put(id, row.clone());
    }
    Ok(Some(row))
}

fn update(
    data: &mut Data,
    t: &Target,
    pairs: Vec<(usize, Value)>,
    id: String,
    now: i64,
    user: &str,
) -> Result<Option<Row>, Refusal> {
    let def = t.def;
    let ki = def.key_index();
    let mut row = data
        .table(t.division, def.name)
        .and_then(|tb| tb.rows.get(&id))
        .cloned()
        .ok_or_else(|| not_found(def))?;
    for (i, v) in pairs {
        // The key cannot change through PUT.
        if i != ki {
            row[i] = v;
        }
    }
    check_required(def, &row)?;
    let table = data
        .table_mut(t.division, def.name)
        .ok_or_else(|| not_found(def))?;
    check_codes(table, def, &mut row, &id)?;
    stamp(data, def, &mut row, now, user, false);
    if let Some(table) = data.table_mut(t.division, def.name) {
        table.put(id, row);
    }
    Ok(None)
}

/// Refuses to delete an account that contacts of the same division still
/// point at (their `Account` field), as the real service refuses to delete
/// an account in use. The real message differs in wording.
fn check_not_in_use(data: &Data, t: &Target, id: &str) -> Result<(), Refusal> {
    if t.def.name != "Accounts" {
        return Ok(());
    }
    let Some(ai) = entities::stored("Contacts").and_then(|d| d.field_index("Account")) else {
        return Ok(());
    };
    let users = data.table(t.division, "Contacts").map_or(0, |tb| {
        tb.rows
            .values()
            .filter(|row| {
                row.get(ai)
                    .and_then(Value::as_str)
                    .is_some_and(|a| a.eq_ignore_ascii_case(id))
            })
            .count()
    });
    match users {
        0 => Ok(()),
        1 => Err(business_error(
            "The account cannot be deleted: it is still used by 1 contact.",
        )),
        n => Err(business_error(&format!(
            "The account cannot be deleted: it is still used by {n} contacts."
        ))),
    }
}

fn delete(
    data: &mut Data,
    t: &Target,
    id: String,
    tomb_id: String,
    now: i64,
    user: &str,
) -> Result<Option<Row>, Refusal> {
    let def = t.def;
    let exists = data
        .table(t.division, def.name)
        .is_some_and(|tb| tb.rows.contains_key(&id));
    if !exists {
        return Err(not_found(def));
    }
    check_not_in_use(data, t, &id)?;
    let removed = data
        .table_mut(t.division, def.name)
        .and_then(|tb| tb.take(&id));
    if removed.is_none() {
        return Err(not_found(def));
    }
    let Some(ddef) = entities::stored("Deleted") else {
        return Ok(None);
    };
    let ts = data.next_timestamp();
    let tomb = make_row(
        ddef,
        vec![
            ("DeletedBy", json!(user)),
            ("DeletedDate", json!(dates::wire(now))),
            ("Division", json!(t.division)),
            ("EntityKey", json!(id)),
            ("EntityType", json!(def.deleted_type)),
            ("ID", json!(tomb_id.clone())),
            ("Timestamp", json!(ts)),
        ],
    );
    if let Some(tb) = data.table_mut(t.division, ddef.name) {
        tb.put(tomb_id, tomb);
    }
    Ok(None)
}
