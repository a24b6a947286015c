//! The answers every endpoint shares: the OData error envelope, JSON with
//! Exact's content type, and the 401 page.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde::Serialize;

/// Exact's JSON content type, byte for byte.
pub(crate) const JSON: &str = "application/json;charset=utf-8";

/// A JSON response.
pub(crate) fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    with_type(status, JSON, bytes)
}

/// A response with a body of the given content type.
pub(crate) fn with_type(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// `{"error":{"code":"","message":{"lang":"","value":"..."}}}`.
pub(crate) fn odata_error(status: StatusCode, message: &str) -> Response {
    json(
        status,
        &serde_json::json!({
            "error": {"code": "", "message": {"lang": "", "value": message}}
        }),
    )
}

/// An empty answer (204 of PUT and DELETE).
pub(crate) fn empty(status: StatusCode) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = status;
    r
}

/// The API's 401: an HTML page, not JSON, as the real service sends.
pub(crate) fn unauthorized() -> Response {
    with_type(
        StatusCode::UNAUTHORIZED,
        "text/html; charset=utf-8",
        b"<!DOCTYPE html><html><head><title>401 - Unauthorized</title></head><body><h1>401 - Unauthorized: Access is denied due to invalid credentials.</h1></body></html>".to_vec(),
    )
}

/// Adds a header, ignoring values that cannot be headers.
pub(crate) fn set_header(r: &mut Response, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        r.headers_mut().insert(name, v);
    }
}
