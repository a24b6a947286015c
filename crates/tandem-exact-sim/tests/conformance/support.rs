//! Starting a simulator, logging in through the real OAuth flow, and small
//! request helpers shared by the conformance tests.

use reqwest::{Client, Response};
use serde_json::Value;
use tandem_exact_sim::{start, SimConfig, Simulator, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET};

/// 2024-03-04T10:00:20Z: a Monday, 20 s into a minute.
pub const T0: i64 = 1_709_546_420_000;
pub const MASTER: i64 = tandem_exact_sim::DEMO_SOURCE_DIVISION;

pub fn config() -> SimConfig {
    SimConfig {
        clock_start_ms: Some(T0),
        control: true,
        demo_auto_approve: true,
        ..SimConfig::default()
    }
}

pub struct Env {
    pub sim: Simulator,
    pub http: Client,
    pub token: String,
    pub refresh: String,
}

pub fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub async fn sim(cfg: SimConfig) -> Simulator {
    let start_ms = cfg.clock_start_ms;
    let sim = start(cfg).await.unwrap();
    // Frozen at exactly the configured start, so time rules are exact.
    sim.clock().set_speed(0.0);
    if let Some(t) = start_ms {
        sim.clock().set_ms(t);
    }
    sim
}

/// A simulator and a logged-in demo session.
pub async fn env() -> Env {
    env_with(config()).await
}

pub async fn env_with(cfg: SimConfig) -> Env {
    let sim = sim(cfg).await;
    let http = client();
    let redirect = "http://127.0.0.1:45678/cb";
    let code = authorize(&http, &sim, DEMO_CLIENT_ID, redirect).await;
    let tokens = exchange(&http, &sim, &code, redirect).await;
    Env {
        token: tokens["access_token"].as_str().unwrap().to_string(),
        refresh: tokens["refresh_token"].as_str().unwrap().to_string(),
        sim,
        http,
    }
}

/// Runs the authorize step and returns the code from the redirect.
pub async fn authorize(http: &Client, sim: &Simulator, client_id: &str, redirect: &str) -> String {
    let r = http
        .get(format!("{}/api/oauth2/auth", sim.base_url()))
        .query(&[
            ("client_id", client_id),
            ("redirect_uri", redirect),
            ("response_type", "code"),
            ("state", "xyz"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    let loc = r.headers()["location"].to_str().unwrap().to_string();
    code_from(&loc, redirect)
}

pub fn code_from(location: &str, redirect: &str) -> String {
    assert!(location.starts_with(redirect), "{location}");
    let url = reqwest::Url::parse(location).unwrap();
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert!(pairs.contains(&("state".into(), "xyz".into())));
    pairs.into_iter().find(|(k, _)| k == "code").unwrap().1
}

pub async fn token_call(http: &Client, sim: &Simulator, form: &[(&str, &str)]) -> Response {
    http.post(format!("{}/api/oauth2/token", sim.base_url()))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// The demo app's authorization-code grant, answered as it comes.
pub async fn code_grant(http: &Client, sim: &Simulator, code: &str, redirect: &str) -> Response {
    token_call(
        http,
        sim,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect),
            ("client_id", DEMO_CLIENT_ID),
            ("client_secret", DEMO_CLIENT_SECRET),
        ],
    )
    .await
}

pub async fn exchange(http: &Client, sim: &Simulator, code: &str, redirect: &str) -> Value {
    let r = code_grant(http, sim, code, redirect).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

impl Env {
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1/{}", self.sim.base_url(), path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.get_url(&self.url(path)).await
    }

    pub async fn get_url(&self, url: &str) -> Response {
        self.http
            .get(url)
            .bearer_auth(&self.token)
            .header("Accept", "application/json")
            .send()
            .await
            .unwrap()
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let r = self.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        r.json().await.unwrap()
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&str>,
        prefer: bool,
    ) -> Response {
        let mut b = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json");
        if prefer {
            b = b.header("Prefer", "return=representation");
        }
        if let Some(body) = body {
            b = b.body(body.to_string());
        }
        b.send().await.unwrap()
    }

    /// Follows `__next` from `path`, returning (rows, calls).
    pub async fn read_all(&self, path: &str) -> (Vec<Value>, usize) {
        let mut url = self.url(path);
        let mut rows = Vec::new();
        let mut calls = 0;
        loop {
            let r = self.get_url(&url).await;
            calls += 1;
            // Pace like a client honouring 60 calls a minute.
            self.sim.clock().advance(std::time::Duration::from_secs(1));
            assert_eq!(r.status(), 200, "{url}");
            let v: Value = r.json().await.unwrap();
            rows.extend(v["d"]["results"].as_array().unwrap().iter().cloned());
            match v["d"]["__next"].as_str() {
                Some(next) => url = next.to_string(),
                None => return (rows, calls),
            }
        }
    }
}

/// The error envelope's message.
pub async fn error_message(r: Response) -> String {
    let v: Value = r.json().await.unwrap();
    v["error"]["message"]["value"].as_str().unwrap().to_string()
}

pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'$'
            | b','
            | b'\''
            | b'('
            | b')' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
