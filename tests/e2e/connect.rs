//! Connecting: the demo from the Connect view, without the `--demo` flag.

use tandem_e2e::{App, Launch};

#[test]
fn try_with_demo_data_connects_to_the_demo() {
    // TANDEM_THEME is checked on the way: the page starts dark.
    let app = App::start(
        "try_with_demo_data_connects_to_the_demo",
        Launch {
            theme: Some("dark".into()),
            ..Launch::default()
        },
    )
    .expect("the app starts");
    app.wait_until(
        "the dark theme from TANDEM_THEME",
        "return document.documentElement.dataset.theme === 'dark';",
    )
    .unwrap();
    app.wait_for_text("[data-testid=status-connection]", "Not connected")
        .unwrap();
    app.wait_for_text("#view-title", "Connect").unwrap();
    app.click("[data-testid=demo-button]").unwrap();
    app.wait_for_text("[data-testid=status-connection]", "Demo data")
        .unwrap();
    assert_eq!(
        app.attribute("[data-testid=status-connection]", "data-kind")
            .unwrap()
            .as_deref(),
        Some("demo")
    );
    app.wait_for_text("#connection-title", "You are using demo data")
        .unwrap();
    // The demo's companies are listed once connected.
    let companies = app.text("[data-testid=status-companies]").unwrap();
    assert!(!companies.is_empty(), "the status bar names the companies");
}
