//! Scripts that are not worth running, or very large: each gets a clear
//! message and the editor keeps the text as it was.

use tandem_e2e::Launch;

use crate::steps::{demo_app, messages, open_editor, run, run_script, script, FIND_VIEW};

#[test]
fn an_empty_script_or_only_comments_says_there_is_nothing_to_run() {
    let app = demo_app(
        "an_empty_script_or_only_comments_says_there_is_nothing_to_run",
        Launch::default(),
    );
    open_editor(&app);
    run_script(&app, "");
    let shown = messages(&app);
    assert!(
        shown
            .iter()
            .any(|m| m.contains("Nothing to run: the script is empty")),
        "{shown:?}"
    );
    assert_eq!(script(&app), "");

    let comments = "-- only a remark\n/* and a block\n   of them */\n  -- indented\n";
    run_script(&app, comments);
    app.wait_until(
        "the comments-only message",
        "return [...document.querySelectorAll('[data-testid=messages] .message')]
             .some(m => m.innerText.includes('holds only comments'));",
    )
    .unwrap();
    assert_eq!(script(&app), comments);
}

#[test]
fn a_ten_megabyte_paste_is_kept_and_runs() {
    let app = demo_app("a_ten_megabyte_paste_is_kept_and_runs", Launch::default());
    open_editor(&app);
    // 10 MB of remarks and one query at the end, pasted as a user would
    // (a paste event on the editor), made in the page so that 10 MB do not
    // travel through the driver.
    let pasted = app
        .execute(&format!(
            "{FIND_VIEW}
             const line = '-- ' + 'x'.repeat(96) + '\\n';
             const text = line.repeat(100000) + 'select 42 as answer';
             window.__pasted = text;
             const data = new DataTransfer();
             data.setData('text/plain', text);
             view.focus();
             view.contentDOM.dispatchEvent(new ClipboardEvent('paste', {{
                 clipboardData: data, bubbles: true, cancelable: true }}));
             return view.state.doc.length === text.length;"
        ))
        .unwrap();
    assert_eq!(
        pasted,
        serde_json::json!(true),
        "the paste reached the editor"
    );
    app.find("[data-testid=too-large-note]").unwrap();
    let note = app.text("[data-testid=too-large-note]").unwrap();
    assert!(note.contains("will not be kept after it closes"), "{note}");

    run(&app);
    app.wait_for_text("[data-testid=row-count]", "1 row")
        .unwrap();
    let unchanged = app
        .execute(&format!(
            "{FIND_VIEW} return view.state.doc.toString() === window.__pasted;"
        ))
        .unwrap();
    assert_eq!(
        unchanged,
        serde_json::json!(true),
        "the editor kept the text"
    );
    app.click("[data-testid=messages-tab]").unwrap();
    let shown = messages(&app);
    assert!(shown.iter().any(|m| m.contains("Finished in")), "{shown:?}");
}
