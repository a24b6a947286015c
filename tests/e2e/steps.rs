//! Steps several tests take: connecting to the demo, typing a script into
//! the editor and running it, switching the theme.
//!
//! The editor is CodeMirror, which keeps its document in its own state
//! rather than in the DOM, so a script is put in (and read back) through
//! the `EditorView` that CodeMirror hangs on its content element. That is
//! CodeMirror's internal link (`cmTile` from 6.4x, `cmView` before), the
//! same one its own `EditorView.findFromDOM` follows.

use serde_json::Value;
use tandem_e2e::{App, Launch};

/// The page script that finds the editor's `EditorView` as `view`.
pub const FIND_VIEW: &str = "
    const content = document.querySelector('[data-testid=editor] .cm-content');
    const tile = content && (content.cmTile || content.cmView);
    const view = tile && ((tile.root && tile.root.view) || (tile.rootView && tile.rootView.view));
    if (!view) throw new Error('no CodeMirror view in the editor');
";

/// Starts the app on the demo data with `launch`'s hooks and waits until the
/// status bar says it is connected.
pub fn demo_app(test: &str, launch: Launch) -> App {
    let app = App::start(
        test,
        Launch {
            demo: true,
            ..launch
        },
    )
    .expect("the app starts");
    app.wait_for_text("[data-testid=status-connection]", "Demo data")
        .unwrap();
    app
}

/// Opens the Editor view and waits until the editor takes input.
pub fn open_editor(app: &App) {
    app.click("[data-view=editor]").unwrap();
    app.wait_for_text("#view-title", "Editor").unwrap();
    app.find("[data-testid=editor] .cm-content").unwrap();
    app.wait_until(
        "the Run button to be enabled",
        "const b = document.querySelector('[data-testid=run-button]'); return !!b && !b.disabled;",
    )
    .unwrap();
}

/// Replaces the editor's text, as a paste over everything would.
pub fn set_script(app: &App, text: &str) {
    app.execute_with(
        &format!(
            "{FIND_VIEW}
             view.dispatch({{ changes: {{ from: 0, to: view.state.doc.length, insert: arguments[0] }} }});
             return view.state.doc.length;"
        ),
        vec![Value::from(text)],
    )
    .unwrap();
}

/// The editor's text.
pub fn script(app: &App) -> String {
    app.execute(&format!("{FIND_VIEW} return view.state.doc.toString();"))
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Clicks Run and waits until the run has ended and its results show.
///
/// The previous run's results may still be on screen when Run is clicked,
/// so "results are shown" alone could be the old ones. A mutation observer
/// notes the first change below the editor (the results replaced, or their
/// messages re-rendered) after the click; only then do the results count.
pub fn run(app: &App) {
    app.execute(
        "window.__tandemResultsChanged = false;
         if (window.__tandemObserver) window.__tandemObserver.disconnect();
         const seen = () => { window.__tandemResultsChanged = true; };
         const observer = new MutationObserver(seen);
         const screen = document.querySelector('.editor-screen');
         observer.observe(screen, { childList: true });
         const results = screen.querySelector('.results');
         if (results) observer.observe(results, { childList: true, subtree: true, characterData: true });
         window.__tandemObserver = observer;
         return true;",
    )
    .unwrap();
    app.click("[data-testid=run-button]").unwrap();
    accept_parameters(app);
    wait_for_results(app, std::time::Duration::from_secs(60));
}

/// A script with `${...}` parameters asks for their values before it runs;
/// the form comes filled with the script's own defaults, which the tests
/// take. Returns at once for a script without parameters.
fn accept_parameters(app: &App) {
    app.wait_until(
        "the run to start or ask for parameters",
        "return !!document.querySelector('[data-testid=param-dialog]')
             || window.__tandemResultsChanged === true
             || !!document.querySelector('[data-testid=cancel-button]');",
    )
    .unwrap();
    if app.count("[data-testid=param-dialog]").unwrap() > 0 {
        // The dialog's coming may have counted as a change below the
        // editor; only what the run changes counts from here.
        app.execute("window.__tandemResultsChanged = false; return true;")
            .unwrap();
        app.click("[data-testid=param-run]").unwrap();
    }
}

/// Waits up to `patience` until a run started after [`run`]'s click has
/// ended and its results show.
pub fn wait_for_results(app: &App, patience: std::time::Duration) {
    app.wait_until_for(
        "the run to end",
        "const r = document.querySelector('.results');
         const b = document.querySelector('[data-testid=run-button]');
         return window.__tandemResultsChanged === true && !!r && !!b && !b.disabled;",
        patience,
    )
    .unwrap();
}

/// Puts `text` in the editor and runs it.
pub fn run_script(app: &App, text: &str) {
    set_script(app, text);
    run(app);
}

/// The texts of the Messages tab, in order (it must be the one shown).
pub fn messages(app: &App) -> Vec<String> {
    app.find("[data-testid=messages]").unwrap();
    let value = app
        .execute(
            "return [...document.querySelectorAll('[data-testid=messages] .message')]
                 .map(m => m.innerText.trim());",
        )
        .unwrap();
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Saves a screenshot `<name>-light` and `<name>-dark` of the screen as it is.
pub fn both_themes(app: &App, name: &str) {
    for theme in ["light", "dark"] {
        choose_theme(app, theme);
        app.screenshot(&format!("{name}-{theme}")).unwrap();
    }
}

/// Chooses a theme in the status bar, as a user would, and waits until the
/// page has it.
pub fn choose_theme(app: &App, theme: &str) {
    app.execute_with(
        "const s = document.querySelector('[data-testid=theme-select]');
         s.value = arguments[0];
         s.dispatchEvent(new Event('change', { bubbles: true }));
         return s.value;",
        vec![Value::from(theme)],
    )
    .unwrap();
    app.wait_until(
        &format!("the {theme} theme"),
        &format!("return document.documentElement.dataset.theme === '{theme}';"),
    )
    .unwrap();
}

/// The seed article's script up to (not including) its last `use` and the
/// synchronize after it: the statements that build `targetcompanies` and
/// `accounts_soll` in memory.
pub fn seed_script_first_part() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/tandem-sql/tests/golden/seed_article.sql"
    );
    let text = std::fs::read_to_string(path).expect("the seed script is in the repository");
    let lines: Vec<&str> = text.lines().collect();
    let last_use = lines
        .iter()
        .rposition(|l| l.trim_start().to_ascii_lowercase().starts_with("use "))
        .expect("the seed script has a use statement");
    lines[..last_use].join("\n")
}
