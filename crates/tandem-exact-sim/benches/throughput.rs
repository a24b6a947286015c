//! Requests per second the simulator serves on loopback, for a 1,000-row
//! bulk page and for a single-row POST, so we know the simulator is never
//! the bottleneck of a sync benchmark. Each figure is printed as a ratio
//! against a stated bound: the issue asks for "thousands of small requests a
//! second", and a 10-company sync at the real limits (60 calls a minute per
//! company) needs only 10 calls a second.
//!
//! `TANDEM_BENCH_SMOKE=1` runs a few iterations only (for `make test`).

use std::sync::Arc;
use std::time::Instant;
use tandem_exact_sim::{
    start, Settings, SimConfig, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_SOURCE_DIVISION,
};

const CONCURRENCY: usize = 4;
const POST_BOUND: f64 = 1000.0;
const BULK_BOUND: f64 = 50.0;
const REAL_NEED: f64 = 10.0;

async fn login(http: &reqwest::Client, base: &str) -> String {
    let redirect = "http://127.0.0.1:1/cb";
    let r = http
        .get(format!("{base}/api/oauth2/auth"))
        .query(&[
            ("client_id", DEMO_CLIENT_ID),
            ("redirect_uri", redirect),
            ("response_type", "code"),
            ("state", "b"),
        ])
        .send()
        .await
        .expect("authorize");
    let loc = r.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let url = reqwest::Url::parse(&loc).expect("url");
    let code = url
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .expect("code");
    let t: serde_json::Value = http
        .post(format!("{base}/api/oauth2/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
            ("client_id", DEMO_CLIENT_ID),
            ("client_secret", DEMO_CLIENT_SECRET),
        ])
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("json");
    t["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

/// Runs `total` requests over `CONCURRENCY` connections; returns req/s.
async fn run<F, Fut>(total: usize, make: F) -> f64
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let make = Arc::new(make);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..CONCURRENCY {
        let make = make.clone();
        tasks.push(tokio::spawn(async move {
            let mut i = w;
            while i < total {
                make(i).await;
                i += CONCURRENCY;
            }
        }));
    }
    for t in tasks {
        t.await.expect("worker");
    }
    total as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let smoke = std::env::var("TANDEM_BENCH_SMOKE").is_ok_and(|v| v == "1");
    let (pages, posts) = if smoke { (10, 50) } else { (400, 4000) };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let mut cfg = SimConfig::demo();
        cfg.settings = Settings {
            minutely_limit: u64::MAX / 2,
            daily_limit: u64::MAX / 2,
            ..Settings::default()
        };
        let sim = start(cfg).await.expect("start");
        let base = sim.base_url();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let token = Arc::new(login(&http, &base).await);

        let url = Arc::new(format!(
            "{base}/api/v1/{DEMO_SOURCE_DIVISION}/bulk/CRM/Accounts?$select=ID,Code,Name,City,Email,Phone,Postcode,Country,Blocked,Modified"
        ));
        let (h, t, u) = (http.clone(), token.clone(), url.clone());
        let bulk = run(pages, move |_| {
            let (h, t, u) = (h.clone(), t.clone(), u.clone());
            async move {
                let r = h.get(u.as_str()).bearer_auth(t.as_str()).send().await.expect("get");
                assert_eq!(r.status(), 200);
                let body = r.bytes().await.expect("body");
                assert!(body.len() > 100_000);
            }
        })
        .await;

        let post_url = Arc::new(format!("{base}/api/v1/{DEMO_SOURCE_DIVISION}/crm/Accounts"));
        let (h, t, u) = (http.clone(), token.clone(), post_url.clone());
        let post = run(posts, move |i| {
            let (h, t, u) = (h.clone(), t.clone(), u.clone());
            async move {
                let r = h
                    .post(u.as_str())
                    .bearer_auth(t.as_str())
                    .header("Content-Type", "application/json")
                    .body(format!("{{\"Name\":\"Bench {i}\"}}"))
                    .send()
                    .await
                    .expect("post");
                assert_eq!(r.status(), 201);
            }
        })
        .await;

        let mode = if smoke { " (smoke run, few iterations)" } else { "" };
        println!("tandem-exact-sim throughput on loopback, {CONCURRENCY} connections{mode}");
        println!(
            "bulk page (1000 rows): {bulk:.0} req/s = {:.0} rows/s, {:.1}x the {BULK_BOUND:.0} pages/s bound, {:.0}x the {REAL_NEED:.0} calls/s a 10-company sync at the real limits needs",
            bulk * 1000.0,
            bulk / BULK_BOUND,
            bulk / REAL_NEED
        );
        println!(
            "single-row POST: {post:.0} req/s, {:.1}x the {POST_BOUND:.0} req/s bound, {:.0}x the {REAL_NEED:.0} calls/s a 10-company sync at the real limits needs",
            post / POST_BOUND,
            post / REAL_NEED
        );
        sim.shutdown().await;
    });
}
