//! The history reopens what a past run showed, after the app was closed.

use tandem_e2e::{App, Launch};

use crate::steps::{both_themes, demo_app, messages, open_editor, run_script};

/// The cells of the shown grid's first row, as the grid writes them.
fn first_row(app: &App) -> Vec<String> {
    app.find("[data-testid=grid-row][data-row='0']").unwrap();
    app.execute(
        "return [...document.querySelectorAll(\"[data-testid=grid-row][data-row='0'] [role=gridcell]\")]
             .map(c => c.innerText);",
    )
    .unwrap()
    .as_array()
    .unwrap()
    .iter()
    .map(|v| v.as_str().unwrap_or_default().to_owned())
    .collect()
}

/// Shows result set `index` (0-based) of the active tab.
fn show_result(app: &App, index: usize) {
    app.click(&format!(
        "[data-testid=result-tab][data-result-key='{index}']"
    ))
    .unwrap();
    app.wait_until(
        "the result set to show",
        &format!(
            "const t = document.querySelector(\"[data-testid=result-tab][data-result-key='{index}']\");
             return !!t && t.getAttribute('aria-selected') === 'true';"
        ),
    )
    .unwrap();
}

#[test]
fn a_past_runs_results_reopen_from_the_history_after_a_restart() {
    let mut app = demo_app(
        "a_past_runs_results_reopen_from_the_history_after_a_restart",
        Launch::default(),
    );
    open_editor(&app);
    run_script(
        &app,
        "select code, name, created from exactonlinerest..accounts order by code desc\n\
         select 42 as answer, 'kept' as word",
    );
    assert_eq!(app.count("[data-testid=result-tab]").unwrap(), 2);
    show_result(&app, 0);
    let rows = app.text("[data-testid=row-count]").unwrap();
    let first = first_row(&app);
    assert_eq!(first.len(), 3, "{first:?}");

    // Closed and opened again: the session, and its result sets, are new.
    app.restart(true).unwrap();
    app.wait_for_text("[data-testid=status-connection]", "Demo data")
        .unwrap();
    app.click("[data-view=library]").unwrap();
    app.wait_for_text("#view-title", "Library").unwrap();
    app.click("[data-testid=library-tab-history]").unwrap();
    let newest = "[data-testid=history-item]:first-child";
    app.find(&format!("{newest} [data-testid=history-open-results]"))
        .unwrap();
    both_themes(&app, "01-history-open-results");
    app.click(&format!("{newest} [data-testid=history-open-results]"))
        .unwrap();

    app.wait_for_text("#view-title", "Editor").unwrap();
    app.wait_for_text("[data-testid=row-count]", &rows).unwrap();
    assert_eq!(app.count("[data-testid=result-tab]").unwrap(), 2);
    assert_eq!(
        first_row(&app),
        first,
        "the same first row, in the run's order"
    );
    both_themes(&app, "02-reopened-results");
    show_result(&app, 1);
    app.wait_for_text("[data-testid=row-count]", "1 row")
        .unwrap();
    assert_eq!(first_row(&app), ["42", "kept"]);

    app.click("[data-testid=messages-tab]").unwrap();
    let shown = messages(&app);
    assert!(
        shown.iter().any(|m| m.contains("as it left them")),
        "the tab says the results are a past run's: {shown:?}"
    );
}

#[test]
fn kept_results_can_be_removed_from_the_computer() {
    let app = demo_app(
        "kept_results_can_be_removed_from_the_computer",
        Launch::default(),
    );
    open_editor(&app);
    run_script(&app, "select 7 as kept");
    let folder = app.tandem_home().join("results");
    let files = || std::fs::read_dir(&folder).map_or(0, |d| d.count());
    assert_eq!(files(), 1, "the run's results are kept on disk");

    app.click("[data-view=library]").unwrap();
    app.wait_for_text("#view-title", "Library").unwrap();
    app.click("[data-testid=library-tab-history]").unwrap();
    app.find("[data-testid=history-open-results]").unwrap();
    app.click("[data-testid=forget-results]").unwrap();
    app.find("[data-testid=confirm-dialog]").unwrap();
    both_themes(&app, "01-remove-kept-results");
    app.click("[data-testid=confirm-yes]").unwrap();
    app.wait_for_text(
        "[data-testid=kept-results-status]",
        "The results of 1 run were removed.",
    )
    .unwrap();
    app.wait_until(
        "Open results to go",
        "return !document.querySelector('[data-testid=history-open-results]');",
    )
    .unwrap();
    assert_eq!(files(), 0, "no results file is left");
}
