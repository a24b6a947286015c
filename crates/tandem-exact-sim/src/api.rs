//! `/api/v1/...`: the checks every call passes, in the real service's order —
//! token, error-budget block, rate limit, division access, entity — and the
//! bookkeeping after it (limit headers, the error budget, the call log).

use crate::config::DEMO_SOURCE_DIVISION;
use crate::entities::{self, EntityDef, Variant};
use crate::oauth::{authenticate, AuthFailure, Identity};
use crate::rate_limit::Verdict;
use crate::responses::{odata_error, set_header, unauthorized};
use crate::server::ConnKill;
use crate::state::{lock, AppState, CallInfo};
use crate::{dates, reads, writes};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use std::sync::Arc;
use std::time::Duration;

/// What a call addresses, parsed from its path.
pub(crate) struct Target {
    pub(crate) division: i64,
    pub(crate) def: &'static EntityDef,
    pub(crate) variant: Variant,
    /// The key in `Accounts(guid'...')`, as written.
    pub(crate) key: Option<String>,
    /// `/$count`.
    pub(crate) count: bool,
}

/// Everything a read or write needs besides the target.
pub(crate) struct Ctx<'a> {
    pub(crate) st: &'a AppState,
    pub(crate) who: &'a Identity,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) query: Option<&'a str>,
    /// `{scheme}://{host}/api/v1`, from the Host the client called.
    pub(crate) api_base: String,
}

/// Parsed path: division (None for `current/...`), entity path, key, $count.
struct PathParts {
    division: Option<i64>,
    entity: String,
    key: Option<String>,
    count: bool,
}

fn parse_path(path: &str) -> Option<PathParts> {
    let rest = path.strip_prefix("/api/v1/")?;
    // The real service tolerates doubled slashes, so empty segments go.
    let mut segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let first = segs.first()?;
    let division = if first.eq_ignore_ascii_case("current") {
        None
    } else {
        let d = first.parse::<i64>().ok()?;
        segs.remove(0);
        Some(d)
    };
    let count = segs.last().is_some_and(|s| *s == "$count");
    if count {
        segs.pop();
    }
    let last = segs.pop()?;
    let (name, key) = match last.find('(') {
        Some(i) if last.ends_with(')') => {
            (&last[..i], Some(last[i + 1..last.len() - 1].to_string()))
        }
        _ => (last, None),
    };
    segs.push(name);
    Some(PathParts {
        division,
        entity: segs.join("/"),
        key,
        count,
    })
}

/// The API handler.
pub(crate) async fn handle(
    State(st): State<Arc<AppState>>,
    kill: Option<Extension<ConnKill>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // Like IIS in front of the real service, the path is matched after
    // percent-decoding, so `Accounts(guid%27...%27)` names the same entity.
    let decoded = percent_encoding::percent_decode_str(uri.path()).decode_utf8_lossy();
    let parts = parse_path(&decoded);
    let mut info = CallInfo::default();
    let who = match authenticate(&st, &headers) {
        Ok(w) => w,
        Err(AuthFailure::Expired(w)) => {
            if let Some(p) = &parts {
                let division = p.division.unwrap_or(DEMO_SOURCE_DIVISION);
                lock(&st.errors).record(budget_key(&w, division, &p.entity), st.clock.now_ms());
                info.division = Some(division);
            }
            info.client_id = Some(w.client_id);
            let mut r = unauthorized();
            r.extensions_mut().insert(info);
            return r;
        }
        Err(AuthFailure::Unknown) => return unauthorized(),
    };
    info.client_id = Some(who.client_id.clone());
    let Some(parts) = parts else {
        let mut r = odata_error(
            StatusCode::NOT_FOUND,
            "The requested resource was not found.",
        );
        r.extensions_mut().insert(info);
        return r;
    };
    let division = parts.division.unwrap_or(DEMO_SOURCE_DIVISION);
    info.division = Some(division);
    let now = st.clock.now_ms();
    let key = budget_key(&who, division, &parts.entity);
    if let Some(until) = lock(&st.errors).blocked_until(&key, now) {
        let mut r = odata_error(
            StatusCode::FORBIDDEN,
            &format!(
                "Too many errors on this endpoint: blocked until {} (more than 10 errors in an hour).",
                dates::iso(until)
            ),
        );
        r.extensions_mut().insert(info);
        return r;
    }
    let settings = st.settings();
    let burst = lock(&st.rng).chance(settings.faults.burst_429);
    let verdict = lock(&st.limits).check(
        &who.client_id,
        division,
        now,
        settings.minutely_limit,
        settings.daily_limit,
        burst,
        settings.faults.burst_429_length,
    );
    let limit_headers = match verdict {
        Verdict::Refused(h) => {
            let mut r = odata_error(StatusCode::TOO_MANY_REQUESTS, "API rate limit exceeded.");
            for (k, v) in h {
                set_header(&mut r, k, &v);
            }
            r.extensions_mut().insert(info);
            return r;
        }
        Verdict::Allowed(h) => h,
    };
    let is_write = method != Method::GET;
    let mut r = route(
        &st, &who, &headers, &uri, &method, parts, division, body, kill,
    )
    .await;
    let latency = if is_write {
        settings.write_latency
    } else {
        settings.read_latency
    };
    if latency.fixed_ms > 0 || latency.jitter_ms > 0 {
        let jitter = lock(&st.rng).below(latency.jitter_ms + 1);
        tokio::time::sleep(Duration::from_millis(latency.fixed_ms + jitter)).await;
    }
    for (k, v) in limit_headers {
        set_header(&mut r, k, &v);
    }
    if matches!(r.status().as_u16(), 400 | 401 | 403 | 404) {
        lock(&st.errors).record(key, st.clock.now_ms());
    }
    r.extensions_mut().insert(info);
    r
}

fn budget_key(who: &Identity, division: i64, entity: &str) -> crate::error_budget::Key {
    (
        who.client_id.clone(),
        who.user_id.clone(),
        division,
        entity.to_ascii_lowercase(),
    )
}

#[allow(clippy::too_many_arguments)]
async fn route(
    st: &AppState,
    who: &Identity,
    headers: &HeaderMap,
    uri: &Uri,
    method: &Method,
    parts: PathParts,
    division: i64,
    body: Bytes,
    kill: Option<Extension<ConnKill>>,
) -> Response {
    let accessible = st
        .store
        .read()
        .divisions
        .get(&division)
        .is_some_and(|d| d.info.accessible);
    if !accessible {
        let mut r = odata_error(
            StatusCode::FORBIDDEN,
            &format!("Forbidden: no access to division {division}."),
        );
        set_header(&mut r, "Reason", "NoDivisionAccess");
        return r;
    }
    let entity_path = if parts.division.is_none() {
        format!("current/{}", parts.entity.trim_start_matches("current/"))
    } else {
        parts.entity.clone()
    };
    let resolved = if parts.division.is_none() {
        entity_path
            .eq_ignore_ascii_case("current/Me")
            .then_some((&entities::ME, Variant::Standard))
    } else {
        entities::resolve(&entity_path)
    };
    let Some((def, variant)) = resolved else {
        let last = entity_path.rsplit('/').next().unwrap_or_default();
        return odata_error(
            StatusCode::NOT_FOUND,
            &format!("Resource not found for the segment '{last}'."),
        );
    };
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let ctx = Ctx {
        st,
        who,
        headers,
        query: uri.query(),
        api_base: format!("{}://{}/api/v1", st.scheme, host),
    };
    let target = Target {
        division,
        def,
        variant,
        key: parts.key,
        count: parts.count,
    };
    let collection_write = target.key.is_none() && !target.count;
    match (method, variant) {
        (&Method::GET, _) => reads::get(&ctx, &target),
        (&Method::POST, Variant::Standard) if def.writable && collection_write => {
            writes::write(&ctx, &target, writes::Op::Create, &body, kill).await
        }
        (&Method::PUT, Variant::Standard) if def.writable && target.key.is_some() => {
            writes::write(&ctx, &target, writes::Op::Update, &body, kill).await
        }
        (&Method::DELETE, Variant::Standard) if def.writable && target.key.is_some() => {
            writes::write(&ctx, &target, writes::Op::Delete, &body, kill).await
        }
        _ => odata_error(
            StatusCode::METHOD_NOT_ALLOWED,
            &format!("The requested resource does not support http method '{method}'."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let p = parse_path("/api/v1/123//crm/Accounts(guid'x')").unwrap();
        assert_eq!(
            (p.division, p.entity.as_str(), p.key.as_deref()),
            (Some(123), "crm/Accounts", Some("guid'x'"))
        );
        let p = parse_path("/api/v1/current/Me").unwrap();
        assert_eq!((p.division, p.entity.as_str()), (None, "current/Me"));
        assert!(parse_path("/api/v1/7/crm/Accounts/$count").unwrap().count);
    }
}
