//! The loopback listener that receives the authorization code: bound to
//! 127.0.0.1 only (never `localhost`, which may resolve elsewhere, and never
//! all interfaces), it answers requests without the right `state` with 400
//! and keeps waiting — a stray or forged request must not end the login —,
//! shows the browser a page saying the tab may be closed, takes exactly one
//! good callback, and closes.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A bound listener and the redirect URI that reaches it.
#[derive(Debug)]
pub(crate) struct Loopback {
    listener: TcpListener,
    path: String,
    redirect_uri: String,
}

/// The port and path of a loopback redirect URI, or `None` when the URI is
/// not `http://127.0.0.1:<port>/...`.
pub(crate) fn parse_redirect(uri: &str) -> Option<(u16, String)> {
    let rest = uri.strip_prefix("http://127.0.0.1:")?;
    let (port, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    if path.contains(['?', '#']) {
        return None;
    }
    Some((port.parse().ok()?, path.to_string()))
}

impl Loopback {
    /// Binds the registered port (or any, when `any_port`).
    pub(crate) async fn bind(redirect_uri: &str, any_port: bool) -> Result<Loopback> {
        let (port, path) = parse_redirect(redirect_uri).ok_or_else(|| {
            Error::Login(
                "the registered redirect URI is not a loopback address (http://127.0.0.1:<port>/...); paste the code instead"
                    .into(),
            )
        })?;
        let port = if any_port { 0 } else { port };
        let listener = TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| {
            Error::Login(format!(
                "cannot listen on 127.0.0.1:{port} for the login callback: {e}"
            ))
        })?;
        let actual = listener
            .local_addr()
            .map_err(|e| Error::Login(format!("cannot read the listener's address: {e}")))?
            .port();
        Ok(Loopback {
            listener,
            redirect_uri: format!("http://127.0.0.1:{actual}{path}"),
            path,
        })
    }

    /// The redirect URI to send in the authorize request.
    pub(crate) fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Waits for the one good callback and returns its code.
    pub(crate) async fn wait_for_code(self, state: &str, timeout: Duration) -> Result<String> {
        let wait = async {
            loop {
                let (stream, _) = self.listener.accept().await.map_err(|e| {
                    Error::Login(format!("the login callback listener failed: {e}"))
                })?;
                if let Some(outcome) = self.serve(stream, state).await {
                    return outcome;
                }
            }
        };
        match tokio::time::timeout(timeout, wait).await {
            Ok(r) => r,
            Err(_) => Err(Error::LoginTimedOut {
                seconds: timeout.as_secs(),
            }),
        }
        // The listener drops here: the port closes.
    }

    /// Serves one connection: `Some` ends the wait, `None` keeps waiting.
    async fn serve(&self, mut stream: TcpStream, state: &str) -> Option<Result<String>> {
        let head = match tokio::time::timeout(Duration::from_secs(10), read_head(&mut stream)).await
        {
            Ok(Some(h)) => h,
            _ => return None,
        };
        let target = head
            .lines()
            .next()
            .and_then(|l| {
                let mut p = l.split_whitespace();
                (p.next() == Some("GET")).then(|| p.next()).flatten()
            })
            .unwrap_or("")
            .to_string();
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        if path != self.path {
            respond(
                &mut stream,
                404,
                "Not found",
                "This address is not used by Tandem.",
            )
            .await;
            return None;
        }
        let params: HashMap<String, String> = form_urlencoded(query);
        if params.get("state").map(String::as_str) != Some(state) {
            tracing::warn!("ignored a login callback without the expected state");
            respond(
                &mut stream,
                400,
                "Unexpected login response",
                "This login response does not belong to the login Tandem is waiting for, so it was ignored.",
            )
            .await;
            return None;
        }
        if let Some(err) = params.get("error") {
            respond(
                &mut stream,
                200,
                "Login cancelled",
                "Tandem was not given access. You may close this tab.",
            )
            .await;
            return Some(Err(consent_error(err)));
        }
        match params.get("code").filter(|c| !c.is_empty()) {
            Some(code) => {
                respond(
                    &mut stream,
                    200,
                    "Logged in",
                    "Tandem is now connected to Exact Online. You may close this tab.",
                )
                .await;
                Some(Ok(code.clone()))
            }
            None => {
                respond(
                    &mut stream,
                    400,
                    "No code",
                    "The login response carried no code.",
                )
                .await;
                None
            }
        }
    }
}

/// The error for `error=...` in a callback.
pub(crate) fn consent_error(err: &str) -> Error {
    if err == "access_denied" {
        Error::ConsentDenied
    } else {
        Error::Login(format!("Exact Online refused the login ({err})"))
    }
}

pub(crate) fn form_urlencoded(query: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        out.insert(decode(k), decode(v));
    }
    out
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        if buf.len() > 16 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(String::from_utf8_lossy(&buf).into_owned())
}

async fn respond(stream: &mut TcpStream, status: u16, title: &str, text: &str) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        _ => "Not Found",
    };
    let body = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Tandem - {title}</title></head>\
<body style=\"font-family:sans-serif;margin:3em\"><h1>{title}</h1><p>{text}</p></body></html>"
    );
    let resp = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(resp.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_127_0_0_1_redirects_are_loopback() {
        assert_eq!(
            parse_redirect("http://127.0.0.1:8976/callback"),
            Some((8976, "/callback".into()))
        );
        assert_eq!(parse_redirect("http://127.0.0.1:0"), Some((0, "/".into())));
        assert_eq!(parse_redirect("http://localhost:8976/callback"), None);
        assert_eq!(parse_redirect("https://oauth.example.com/"), None);
    }

    #[test]
    fn query_decoding() {
        let q = form_urlencoded("code=a%2Bb+c&state=x%3D&error");
        assert_eq!(q["code"], "a+b c");
        assert_eq!(q["state"], "x=");
        assert_eq!(q["error"], "");
        assert_eq!(decode("%zz%4"), "%zz%4");
    }
}
