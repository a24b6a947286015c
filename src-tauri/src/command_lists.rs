//! The four places that name the app's commands must agree: the handler
//! (`lib.rs`), the permission set generated from `build.rs`, the window's
//! capability, and the UI's `Commands` contract. A command missing from
//! the capability fails only at run time, with "not allowed", when a user
//! presses its button; this test fails first.

use std::collections::BTreeSet;

/// The words between `start` and the next `end` in `text`.
fn section<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} is there"))
        + start.len();
    let len = text[from..].find(end).expect("the section ends");
    &text[from..from + len]
}

fn handler() -> BTreeSet<String> {
    section(include_str!("lib.rs"), "generate_handler![", "]")
        .split(',')
        .filter_map(|p| p.trim().rsplit("::").next())
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

fn manifest() -> BTreeSet<String> {
    section(include_str!("../build.rs"), ".commands(&[", "]")
        .split(',')
        .map(|p| p.trim().trim_matches('"'))
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

fn capability() -> BTreeSet<String> {
    let json: serde_json::Value =
        serde_json::from_str(include_str!("../capabilities/main.json")).expect("valid JSON");
    json["permissions"]
        .as_array()
        .expect("a permission list")
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

fn ui_contract() -> BTreeSet<String> {
    section(
        include_str!("../../ui/src/ipc/index.ts"),
        "interface Commands {",
        "\n}",
    )
    .lines()
    .filter_map(|line| {
        // A command is a line `  name: {` or `  name: { args ... }` at the
        // interface's own indentation.
        let name = line.strip_prefix("  ")?.split(':').next()?;
        (!name.starts_with(' ') && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .then(|| name.to_owned())
    })
    .filter(|n| !n.is_empty())
    .collect()
}

#[test]
fn every_command_is_handled_permitted_allowed_and_in_the_ui_contract() {
    let handled = handler();
    assert!(handled.len() > 30, "{handled:?}");
    assert_eq!(manifest(), handled, "build.rs's command list");
    // (The dialog plugin's `dialog:allow-...` are not commands of ours.)
    let allowed = capability();
    let not_allowed: Vec<&String> = handled.difference(&allowed).collect();
    assert!(
        not_allowed.is_empty(),
        "capabilities/main.json lacks {not_allowed:?}"
    );
    assert_eq!(ui_contract(), handled, "ui/src/ipc/index.ts's Commands");
}
