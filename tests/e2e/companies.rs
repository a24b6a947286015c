//! Choosing companies, and the choice surviving a restart.

use tandem_e2e::Launch;

use crate::steps::demo_app;

/// The codes of the companies ticked in the Companies view, in list order.
fn ticked(app: &tandem_e2e::App) -> Vec<String> {
    let value = app
        .execute(
            "return [...document.querySelectorAll('[data-testid=company-row]')]
                 .filter(r => r.querySelector('[data-testid=company-check]').checked)
                 .map(r => r.dataset.code);",
        )
        .unwrap();
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// The code of the company marked master in the Companies view.
fn master(app: &tandem_e2e::App) -> Option<String> {
    app.execute(
        "const r = [...document.querySelectorAll('[data-testid=company-row]')]
             .find(r => r.querySelector('[data-testid=master-radio]').checked);
         return r ? r.dataset.code : null;",
    )
    .unwrap()
    .as_str()
    .map(str::to_owned)
}

fn open_companies(app: &tandem_e2e::App) {
    app.click("[data-view=companies]").unwrap();
    app.wait_for_text("#view-title", "Companies").unwrap();
    app.find("[data-testid=company-row]").unwrap();
}

#[test]
fn company_selection_survives_a_restart() {
    let mut app = demo_app("company_selection_survives_a_restart", Launch::default());
    open_companies(&app);
    // Start from nothing chosen, whatever the demo chose by itself.
    for code in ticked(&app) {
        app.click(&format!(
            "[data-testid=company-row][data-code='{code}'] [data-testid=company-check]"
        ))
        .unwrap();
    }
    let codes: Vec<String> = app
        .execute(
            "return [...document.querySelectorAll('[data-testid=company-row]')]
                 .slice(1, 4).map(r => r.dataset.code);",
        )
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 3, "the demo has at least four companies");
    for code in &codes {
        app.click(&format!(
            "[data-testid=company-row][data-code='{code}'] [data-testid=company-check]"
        ))
        .unwrap();
    }
    let chosen_master = &codes[1];
    app.click(&format!(
        "[data-testid=company-row][data-code='{chosen_master}'] [data-testid=master-radio]"
    ))
    .unwrap();
    let label = format!("3 companies · master {chosen_master}");
    app.wait_for_text("[data-testid=draft-summary]", &label)
        .unwrap();
    app.click("[data-testid=apply-companies]").unwrap();
    app.wait_for_text("[data-testid=status-companies]", &label)
        .unwrap();
    let mut before = ticked(&app);
    before.sort();

    // Without --demo: the app resumes the demo because it was the last
    // connection, and the selection because it was applied.
    app.restart(false).unwrap();
    app.wait_for_text("[data-testid=status-connection]", "Demo data")
        .unwrap();
    app.wait_for_text("[data-testid=status-companies]", &label)
        .unwrap();
    open_companies(&app);
    app.wait_for_text("[data-testid=draft-summary]", &label)
        .unwrap();
    let mut after = ticked(&app);
    after.sort();
    let mut expected = codes.clone();
    expected.sort();
    assert_eq!(before, expected);
    assert_eq!(
        after, expected,
        "the same companies are ticked after a restart"
    );
    assert_eq!(master(&app).as_ref(), Some(chosen_master));
}
