//! `/_sim/`: the test-only control surface, served only when the config
//! turns it on and kept apart from the Exact surface (no token, no limits,
//! not in the call log). Its JSON is documented in the crate README.

use crate::config::Settings;
use crate::dataset;
use crate::dates;
use crate::entities;
use crate::error_budget::Budget;
use crate::rate_limit::Limiter;
use crate::responses::{empty, json, odata_error};
use crate::state::{lock, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/_sim/divisions/{division}/{entity}", get(table))
        .route("/_sim/calls", get(calls))
        .route("/_sim/counters", get(counters))
        .route("/_sim/reset", axum::routing::post(reset))
        .route("/_sim/settings", get(get_settings).put(put_settings))
        .route("/_sim/clock", get(get_clock).post(post_clock))
}

async fn table(
    State(st): State<Arc<AppState>>,
    Path((division, entity)): Path<(i64, String)>,
) -> Response {
    if entities::stored(&entity).is_none() || !st.store.read().divisions.contains_key(&division) {
        return odata_error(StatusCode::NOT_FOUND, "No such division or entity.");
    }
    json(StatusCode::OK, &st.store.rows(division, &entity))
}

async fn calls(State(st): State<Arc<AppState>>) -> Response {
    json(StatusCode::OK, &*lock(&st.calls))
}

async fn counters(State(st): State<Arc<AppState>>) -> Response {
    let now = st.clock.now_ms();
    let calls = lock(&st.calls);
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    for c in calls.iter() {
        *by_status.entry(c.status.to_string()).or_default() += 1;
    }
    let writes = calls
        .iter()
        .filter(|c| c.method != "GET" && c.path.starts_with("/api/v1/"))
        .count();
    json(
        StatusCode::OK,
        &json!({
            "calls": calls.len(),
            "writes": writes,
            "committed_writes": st.committed_writes.load(Ordering::SeqCst),
            "by_status": by_status,
            "rate_limits": lock(&st.limits).report(now),
            "blocked_endpoints": lock(&st.errors).blocked_count(now),
        }),
    )
}

async fn reset(State(st): State<Arc<AppState>>) -> Response {
    st.store.replace(dataset::generate(st.seed, &st.dataset));
    lock(&st.calls).clear();
    st.committed_writes.store(0, Ordering::SeqCst);
    *lock(&st.limits) = Limiter::default();
    *lock(&st.errors) = Budget::default();
    st.dirty.store(true, Ordering::Relaxed);
    empty(StatusCode::NO_CONTENT)
}

async fn get_settings(State(st): State<Arc<AppState>>) -> Response {
    json(StatusCode::OK, &st.settings())
}

/// Merges the given fields into the current settings, so a test can change
/// one knob without restating the others.
async fn put_settings(State(st): State<Arc<AppState>>, body: String) -> Response {
    let Ok(patch) = serde_json::from_str::<Value>(&body) else {
        return odata_error(StatusCode::BAD_REQUEST, "Invalid JSON.");
    };
    let mut current = serde_json::to_value(st.settings()).unwrap_or(Value::Null);
    merge(&mut current, patch);
    match serde_json::from_value::<Settings>(current) {
        Ok(s) => {
            *st.settings.write().unwrap_or_else(|e| e.into_inner()) = s.clone();
            json(StatusCode::OK, &s)
        }
        Err(e) => odata_error(StatusCode::BAD_REQUEST, &e.to_string()),
    }
}

fn merge(into: &mut Value, patch: Value) {
    match (into, patch) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (slot, v) => *slot = v,
    }
}

fn clock_json(st: &AppState) -> Value {
    let now = st.clock.now_ms();
    json!({"now_ms": now, "now": dates::iso(now), "speed": st.clock.speed()})
}

async fn get_clock(State(st): State<Arc<AppState>>) -> Response {
    json(StatusCode::OK, &clock_json(&st))
}

/// `{"advance_ms": n}`, `{"set_ms": n}`, `{"speed": f}`, in any combination.
async fn post_clock(State(st): State<Arc<AppState>>, body: String) -> Response {
    let Ok(v) = serde_json::from_str::<Value>(&body) else {
        return odata_error(StatusCode::BAD_REQUEST, "Invalid JSON.");
    };
    if let Some(ms) = v.get("set_ms").and_then(Value::as_i64) {
        st.clock.set_ms(ms);
    }
    if let Some(ms) = v.get("advance_ms").and_then(Value::as_u64) {
        st.clock.advance(std::time::Duration::from_millis(ms));
    }
    if let Some(s) = v.get("speed").and_then(Value::as_f64) {
        st.clock.set_speed(s);
    }
    json(StatusCode::OK, &clock_json(&st))
}
