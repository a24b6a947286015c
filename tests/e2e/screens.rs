//! Screenshots of every screen in the light and the dark theme, for people
//! to look at (layout, contrast, clipping): `artifacts/e2e/<test>/NN-screen-theme.png`.
//! The test checks only that each screen shows what it is named after.

use tandem_e2e::{App, Launch};

use crate::steps::{both_themes, open_editor, run_script, seed_script_first_part};

#[test]
fn screenshots_of_every_screen_in_both_themes() {
    let app = App::start(
        "screenshots_of_every_screen_in_both_themes",
        Launch::default(),
    )
    .expect("the app starts");
    app.wait_for_text("[data-testid=status-connection]", "Not connected")
        .unwrap();
    both_themes(&app, "01-connect");

    app.click("[data-testid=demo-button]").unwrap();
    app.wait_for_text("[data-testid=status-connection]", "Demo data")
        .unwrap();
    both_themes(&app, "02-connect-demo");

    app.click("[data-view=companies]").unwrap();
    app.find("[data-testid=company-row]").unwrap();
    // The demo's source company as master, so the badge shows.
    app.click("[data-testid=company-row][data-code='102673'] [data-testid=master-radio]")
        .unwrap();
    both_themes(&app, "03-companies");

    open_editor(&app);
    run_script(
        &app,
        &format!(
            "{}\nselect * from accounts_soll@inmemorystorage",
            seed_script_first_part()
        ),
    );
    app.find("[data-testid=grid-row][data-row='0']").unwrap();
    both_themes(&app, "04-editor-grid");

    app.click("[data-testid=messages-tab]").unwrap();
    app.find("[data-testid=messages]").unwrap();
    both_themes(&app, "05-messages");

    run_script(
        &app,
        "select code\nfrom   systemdivisons\nwhere  code = 102673\n",
    );
    app.find(".cm-content .error-underline").unwrap();
    both_themes(&app, "06-error");
}
