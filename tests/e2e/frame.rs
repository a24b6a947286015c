//! The app frame: window, navigation, status bar.

use tandem_e2e::{App, Launch};

fn demo(test: &str) -> App {
    App::start(test, Launch::demo()).expect("the app starts")
}

#[test]
fn window_opens_with_the_frame() {
    let app = demo("window_opens_with_the_frame");
    assert_eq!(app.title().unwrap(), "Tandem");
    assert_eq!(app.count("nav[aria-label=Main] .nav-item").unwrap(), 5);
    app.wait_for_text("#view-title", "Connect").unwrap();
    app.screenshot("frame").unwrap();
}

#[test]
fn theme_can_be_forced_light_or_dark() {
    let app = demo("theme_can_be_forced_light_or_dark");
    app.wait_for_text("[data-testid=status-connection]", "Demo data")
        .unwrap();
    let background = |theme: &str| {
        app.execute(&format!(
            "document.documentElement.dataset.theme = '{theme}';\
             return getComputedStyle(document.body).backgroundColor;"
        ))
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
    };
    assert_eq!(background("light"), "rgb(246, 247, 249)");
    app.screenshot("frame-light").unwrap();
    assert_eq!(background("dark"), "rgb(21, 24, 29)");
    app.screenshot("frame-dark").unwrap();
}

#[test]
fn navigation_switches_views() {
    let app = demo("navigation_switches_views");
    for (view, title) in [
        ("companies", "Companies"),
        ("editor", "Editor"),
        ("library", "Library"),
        ("runs", "Runs"),
        ("connect", "Connect"),
    ] {
        app.click(&format!("[data-view={view}]")).unwrap();
        app.wait_for_text("#view-title", title).unwrap();
        assert_eq!(
            app.attribute(&format!("[data-view={view}]"), "aria-current")
                .unwrap()
                .as_deref(),
            Some("page"),
            "{view} is marked as the current view"
        );
        assert_eq!(app.count("[aria-current=page]").unwrap(), 1);
    }
}

#[test]
fn status_bar_shows_demo_mode() {
    let app = demo("status_bar_shows_demo_mode");
    // The label comes from the engine through the app_info command.
    app.wait_for_text("[data-testid=status-connection]", "Demo data")
        .unwrap();
    assert_eq!(
        app.attribute("[data-testid=status-connection]", "data-kind")
            .unwrap()
            .as_deref(),
        Some("demo")
    );
    let version = app.text("[data-testid=status-version]").unwrap();
    assert!(
        version.starts_with(&format!("Tandem {} · SQLite 3.", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
}

#[test]
fn without_demo_flag_the_app_is_not_connected() {
    let app = App::start(
        "without_demo_flag_the_app_is_not_connected",
        Launch::default(),
    )
    .expect("the app starts");
    app.wait_for_text("[data-testid=status-connection]", "Not connected")
        .unwrap();
}

#[test]
fn only_our_commands_are_allowed() {
    let app = demo("only_our_commands_are_allowed");
    app.wait_for_text("[data-testid=status-connection]", "Demo data")
        .unwrap();
    // A core command the capability does not grant must be refused. The page
    // itself has no access to Tauri's API object (withGlobalTauri is off), so
    // the test goes through the internal IPC bridge the API package uses.
    let outcome = app
        .execute(
            "return window.__TAURI_INTERNALS__.invoke('plugin:window|close', {})\
               .then(() => 'allowed', (e) => 'refused: ' + e);",
        )
        .unwrap();
    let outcome = outcome.as_str().unwrap_or_default().to_owned();
    assert!(
        outcome.starts_with("refused: ") && outcome.contains("not allowed"),
        "{outcome}"
    );
}
