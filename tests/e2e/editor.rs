//! The Editor: running the seed article's script into a grid, errors
//! underlined where they are, and cancelling a slow query.

use std::time::{Duration, Instant};

use tandem_e2e::Launch;
use tandem_exact_sim::{SimConfig, DEMO_FORBIDDEN_DIVISION, DEMO_SOURCE_DIVISION};

use crate::steps::{
    demo_app, messages, open_editor, run_script, seed_script_first_part, set_script, FIND_VIEW,
};

/// How many rows `accounts_soll` gets from the demo data, counted in the
/// simulator's own dataset rather than through the engine under test:
/// the seed script pairs its (at most) ten target companies with every
/// account of the source company whose name starts with 'Aanneming'.
fn expected_accounts_soll_rows() -> usize {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let sim = tandem_exact_sim::start(SimConfig::demo()).await.unwrap();
        let store = sim.store();
        let targets = store
            .divisions()
            .into_iter()
            .filter(|d| *d != DEMO_SOURCE_DIVISION && *d != DEMO_FORBIDDEN_DIVISION)
            .count()
            .min(10);
        let builders = store
            .rows(DEMO_SOURCE_DIVISION, "Accounts")
            .iter()
            .filter(|a| {
                a["Name"]
                    .as_str()
                    .is_some_and(|n| n.to_lowercase().starts_with("aanneming"))
            })
            .count();
        sim.shutdown().await;
        assert!(builders > 0, "the demo's source company has builders");
        targets * builders
    })
}

/// `12345` as the grid writes it (`12,345`).
fn with_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn seed_script_fills_the_grid() {
    let app = demo_app("seed_script_fills_the_grid", Launch::default());
    open_editor(&app);
    let expected = expected_accounts_soll_rows();
    let script = format!(
        "{}\nselect * from accounts_soll@inmemorystorage",
        seed_script_first_part()
    );
    run_script(&app, &script);
    app.wait_for_text(
        "[data-testid=row-count]",
        &format!("{} rows", with_thousands(expected)),
    )
    .unwrap();
    // One result set: the two `create table ... as select` make none.
    assert_eq!(app.count("[data-testid=result-tab]").unwrap(), 1);
    app.find("[data-testid=grid-row][data-row='0']").unwrap();
    let headers = app
        .execute(
            "return [...document.querySelectorAll('[data-testid=grid-header] .grid-th-name')]
                 .map(h => h.innerText.trim().toLowerCase());",
        )
        .unwrap();
    assert_eq!(
        headers,
        serde_json::json!(["division", "code", "name", "chamberofcommerce"])
    );
    let first_name = app
        .execute(
            "const cells = document.querySelectorAll(\"[data-testid=grid-row][data-row='0'] [role=gridcell]\");
             return cells[2].innerText;",
        )
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(first_name.starts_with("Aanneming"), "{first_name}");
}

#[test]
fn a_typo_is_underlined_where_it_is() {
    let app = demo_app("a_typo_is_underlined_where_it_is", Launch::default());
    open_editor(&app);
    // The table name on line 4, column 8, is misspelt.
    run_script(
        &app,
        "select 1 as one\n\nselect code\nfrom   systemdivisons\n",
    );
    let shown = messages(&app);
    // The position once, counted in the document, then the engine's words.
    assert!(
        shown
            .iter()
            .any(|m| m.ends_with("Line 4, column 8: Unknown table systemdivisons")),
        "{shown:?}"
    );
    app.find(".cm-content .error-underline").unwrap();
    let mark = app
        .execute(&format!(
            "{FIND_VIEW}
             const mark = document.querySelector('.cm-content .error-underline');
             const pos = view.posAtDOM(mark);
             const line = view.state.doc.lineAt(pos);
             return {{ text: mark.innerText, line: line.number, column: pos - line.from + 1 }};"
        ))
        .unwrap();
    assert_eq!(
        mark,
        serde_json::json!({ "text": "systemdivisons", "line": 4, "column": 8 })
    );
    assert_eq!(app.count(".cm-content .error-underline").unwrap(), 1);
}

#[test]
fn a_slow_query_can_be_cancelled() {
    const LATENCY_MS: u64 = 8_000;
    let app = demo_app(
        "a_slow_query_can_be_cancelled",
        Launch {
            demo_read_latency_ms: Some(LATENCY_MS),
            ..Launch::default()
        },
    );
    open_editor(&app);
    set_script(&app, "select code, name from exactonlinerest..accounts");
    app.click("[data-testid=run-button]").unwrap();
    app.find("[data-testid=cancel-button]").unwrap();
    app.find("[data-testid=run-progress]").unwrap();
    let clicked = Instant::now();
    app.click("[data-testid=cancel-button]").unwrap();
    app.find("[data-testid=messages]").unwrap();
    let took = clicked.elapsed();
    eprintln!("e2e: the run ended {took:?} after Cancel was clicked");
    let shown = messages(&app);
    assert!(
        shown.iter().any(|m| m.contains("Cancelled after")),
        "{shown:?}"
    );
    // The read in flight takes LATENCY_MS; a cancel that waited for it
    // would take that long.
    assert!(
        took < Duration::from_millis(LATENCY_MS / 2),
        "cancelling took {took:?}"
    );
    app.find("[data-testid=run-button]").unwrap();
}
