//! A scheduled `tandem run` uses the app's login: the app registration and
//! connection the app saved in the app database, the registration's secret
//! and the login's tokens in the keyring, as the app keeps them. No
//! `tandem login`, no `TANDEM_CLIENT_*`. (Regression: the command knew only
//! its own login, so "Run on a schedule" gave a command that failed with
//! "TANDEM_CLIENT_ID is not set".)
//!
//! The app's connection names a country, whose site is the real Exact
//! Online; the app's login here is made against the simulator instead, and
//! `TANDEM_TEST_SITE` puts the simulator in the country site's place for
//! the command too.

use std::path::Path;
use std::process::Output;
use std::sync::Arc;

use tandem_engine::{
    redirect_following_browser, ConnectionState, Country, Store, CONNECTION_SETTING,
    REGISTRATION_SETTING,
};
use tandem_exact::tokens::KeyringStore;
use tandem_exact::{AppRegistration, Client, ClientSettings, Secret};
use tandem_exact_sim::{RegisteredApp, SimConfig};

use crate::support::{command, output, readable_companies, temp_dir, text};

const CLIENT_ID: &str = "3f1c0a52-firm-app";
const SECRET: &str = "the firm's own secret";
const COUNT: &str = "select count(*) n from systemdivisions";

/// The keyring service `support::command` gives the `tandem` of `home`.
fn keyring_service(home: &Path) -> String {
    format!("tandem-cli-test-{}", home.display())
}

/// What the app keeps after "Log in to Exact Online" with its own app
/// registration (`Session::login`): the registration (no secret) and the
/// connection in the app database's settings, the secret and the tokens in
/// the keyring, the tokens under `client id@site`.
async fn log_in_as_the_app(home: &Path, registration: AppRegistration) {
    let service = keyring_service(home);
    let keyring = KeyringStore::new(service.clone());
    keyring
        .save_client_secret(CLIENT_ID, &Secret::new(SECRET))
        .unwrap();
    let store = Store::open(&home.join("tandem.db")).unwrap();
    let saved = serde_json::json!({
        "clientId": registration.client_id,
        "redirectUri": registration.redirect_uri,
    });
    store.settings().set(REGISTRATION_SETTING, &saved).unwrap();
    let settings = ClientSettings {
        keyring_service: service,
        ..ClientSettings::default()
    };
    let client = Client::with_options(
        registration,
        Arc::new(keyring),
        home,
        settings,
        Arc::new(tandem_exact::clock::SystemClock),
    )
    .unwrap();
    client
        .login_interactive(&redirect_following_browser())
        .await
        .unwrap();
    let connection = ConnectionState::ExactOnline {
        country: Country::Nl,
    };
    let connection = serde_json::to_value(&connection).unwrap();
    store
        .settings()
        .set(CONNECTION_SETTING, &connection)
        .unwrap();
}

/// `tandem run` of `COUNT` in `home`, the simulator at `site` standing in
/// for the app's country site, with `env` added.
fn run(home: &Path, site: &str, env: &[(&str, &str)]) -> Output {
    let mut c = command(home);
    for var in [
        "TANDEM_CLIENT_ID",
        "TANDEM_CLIENT_SECRET",
        "TANDEM_REDIRECT_URI",
    ] {
        c.env_remove(var);
    }
    c.env("TANDEM_TEST_SITE", site).envs(env.iter().copied());
    output(c.args(["run", "--format", "csv", "-"]), COUNT)
}

#[test]
fn a_run_uses_the_apps_login_without_tandem_login_or_variables() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut config = SimConfig::demo();
    config.dataset.master_accounts = 20;
    config.dataset.other_divisions = 2;
    config.apps.push(RegisteredApp {
        client_id: CLIENT_ID.into(),
        client_secret: SECRET.into(),
        redirect_uri: redirect.clone(),
    });
    let sim = runtime.block_on(tandem_exact_sim::start(config)).unwrap();
    let site = sim.base_url();
    let expected = readable_companies(&sim);

    let home = temp_dir("app-login");
    let mut registration =
        AppRegistration::for_country(Country::Nl, CLIENT_ID, SECRET, redirect.as_str());
    registration.base_url = site.clone();
    runtime.block_on(log_in_as_the_app(&home, registration));

    let out = run(&home, &site, &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(text(&out.stdout), format!("n\n{expected}\n"));
    assert!(!stderr.contains(SECRET), "{stderr}");
    assert!(
        !home.join("connection.json").exists(),
        "the app's login is used, not copied"
    );
    let store = Store::open(&home.join("tandem.db")).unwrap();
    let runs = store.history().list(None, 10).unwrap();
    assert_eq!(runs.len(), 1, "recorded in the app's history");
    assert_eq!(runs[0].script, COUNT);

    // The environment's registration wins: another app has no login here.
    let other = [
        ("TANDEM_CLIENT_ID", "another-app"),
        ("TANDEM_CLIENT_SECRET", "another secret"),
        ("TANDEM_REDIRECT_URI", redirect.as_str()),
    ];
    let out = run(&home, &site, &other);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not logged in"), "{stderr}");

    // `tandem logout` is the command's own: the app stays logged in.
    let out = output(command(&home).arg("logout"), "");
    assert!(text(&out.stderr).contains("log out in the app"));
    let out = run(&home, &site, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // The app on its demo data is not a login: without --demo, no run.
    let demo = serde_json::to_value(ConnectionState::Demo).unwrap();
    store.settings().set(CONNECTION_SETTING, &demo).unwrap();
    let out = run(&home, &site, &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--demo"), "{stderr}");
    runtime.block_on(sim.shutdown());
}
