//! The synchronize flow of issue 8 as an accountant goes through it: save
//! the seed's script in the library, run it from there with the source
//! company chosen in its form, check the plan, apply it, watch it finish,
//! find the run in the Runs view and undo it — checked against the demo
//! simulator's own state file, not through the engine under test. Then the
//! bad inputs: an empty parameter, a sync stopped halfway, a library file
//! that is not valid. Each step saves screenshots in both themes
//! (`artifacts/e2e/<test>/`), for people to look at.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;
use tandem_e2e::{App, Launch};
use tandem_exact_sim::{SimConfig, DEMO_SOURCE_DIVISION};

use crate::steps::{both_themes, demo_app, open_editor, set_script};

/// Calls per company per minute for the demo in these tests: the seed's
/// thousands of changes would otherwise wait minutes for Exact Online's 60.
const NO_MINUTELY_LIMIT: u64 = 100_000;

/// Every division's accounts, code to (name, chamber of commerce) — the
/// fields the seed's sync writes — from a simulator's store.
type Accounts = BTreeMap<i64, BTreeMap<String, (String, String)>>;

fn seed_script() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/tandem-sql/tests/golden/seed_article.sql"
    );
    std::fs::read_to_string(path).expect("the seed script is in the repository")
}

/// The accounts of a simulator started on `state` (a copy of it, so the
/// app's file is never written), or on the demo's seeded dataset.
fn accounts(state: Option<&Path>) -> Accounts {
    let mut config = SimConfig::demo();
    let copy = state.map(|file| {
        let copy = file.with_extension("copy.json");
        std::fs::copy(file, &copy).expect("the simulator's state file can be copied");
        copy
    });
    config.state_file = copy.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let found = runtime.block_on(async {
        let sim = tandem_exact_sim::start(config).await.unwrap();
        let store = sim.store();
        let found: Accounts = store
            .divisions()
            .into_iter()
            .map(|d| {
                let rows = store
                    .rows(d, "Accounts")
                    .iter()
                    .map(|a| {
                        (
                            a["Code"].to_string(),
                            (a["Name"].to_string(), a["ChamberOfCommerce"].to_string()),
                        )
                    })
                    .collect();
                (d, rows)
            })
            .collect();
        sim.shutdown().await;
        found
    });
    if let Some(copy) = copy {
        let _ = std::fs::remove_file(copy);
    }
    found
}

/// How many accounts of the demo's source company the seed script copies
/// (their names start with 'Aanneming'), counted in the seeded dataset.
fn builders(seeded: &Accounts) -> usize {
    seeded[&DEMO_SOURCE_DIVISION]
        .values()
        .filter(|(name, _)| {
            name.trim_matches('"')
                .to_lowercase()
                .starts_with("aanneming")
        })
        .count()
}

/// Polls the app's simulator state file (saved every ~2 s when changed)
/// until `done` holds for the accounts in it; the last accounts read.
fn wait_for_state(app: &App, what: &str, done: impl Fn(&Accounts) -> bool) -> Accounts {
    let file = app.tandem_home().join("demo/simulator-state.json");
    let start = Instant::now();
    loop {
        if file.exists() {
            let found = accounts(Some(&file));
            if done(&found) {
                return found;
            }
            if start.elapsed() > Duration::from_secs(60) {
                panic!("the simulator's state never showed {what}");
            }
        } else if start.elapsed() > Duration::from_secs(60) {
            panic!("the simulator never saved its state to {}", file.display());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// How many of `company`'s accounts in `now` are new or changed since
/// `before`: the inserts and updates a sync made there.
fn written(before: &Accounts, now: &Accounts, company: i64) -> usize {
    let empty = BTreeMap::new();
    let was = before.get(&company).unwrap_or(&empty);
    now.get(&company)
        .unwrap_or(&empty)
        .iter()
        .filter(|(code, fields)| was.get(*code) != Some(fields))
        .count()
}

/// The divisions whose accounts differ between `a` and `b`.
fn changed(a: &Accounts, b: &Accounts) -> Vec<i64> {
    let divisions: BTreeSet<i64> = a.keys().chain(b.keys()).copied().collect();
    divisions
        .into_iter()
        .filter(|d| a.get(d) != b.get(d))
        .collect()
}

/// Types `value` into the input `css`, as the user would (Preact listens
/// for input events).
fn fill(app: &App, css: &str, value: &str) {
    app.find(css).unwrap();
    app.execute_with(
        "const e = document.querySelector(arguments[0]);
         const proto = e instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype
                     : e instanceof HTMLSelectElement ? HTMLSelectElement.prototype
                     : HTMLInputElement.prototype;
         Object.getOwnPropertyDescriptor(proto, 'value').set.call(e, arguments[1]);
         e.dispatchEvent(new Event('input', { bubbles: true }));
         e.dispatchEvent(new Event('change', { bubbles: true }));
         return e.value;",
        vec![Value::from(css), Value::from(value)],
    )
    .unwrap();
}

/// Saves the editor's script in the library with "Save as…".
fn save_as(app: &App, name: &str, folder: &str, screenshots: bool) {
    app.click("[data-testid=save-as]").unwrap();
    app.find("[data-testid=save-dialog]").unwrap();
    fill(app, "[data-testid=save-name]", name);
    fill(app, "[data-testid=save-folder]", folder);
    if screenshots {
        both_themes(app, "02-save-as-dialog");
    }
    app.click("[data-testid=save-confirm]").unwrap();
    app.wait_until(
        "the save dialog to close",
        "return !document.querySelector('[data-testid=save-dialog]');",
    )
    .unwrap();
    let status = app.text("[data-testid=save-status]").unwrap();
    assert!(
        status.contains(name),
        "the editor says it saved: {status:?}"
    );
}

/// Opens the Library and selects the query named `name`; its id.
fn select_in_library(app: &App, name: &str) -> String {
    app.click("[data-view=library]").unwrap();
    app.wait_for_text("#view-title", "Library").unwrap();
    app.find("[data-testid=library-item]").unwrap();
    let id = app
        .execute_with(
            "const item = [...document.querySelectorAll('[data-testid=library-item]')]
                 .find(b => b.querySelector('.library-item-name').innerText.trim() === arguments[0]);
             return item ? item.dataset.id : null;",
            vec![Value::from(name)],
        )
        .unwrap()
        .as_str()
        .unwrap_or_else(|| panic!("{name:?} is in the library"))
        .to_owned();
    app.click(&format!("[data-testid=library-item][data-id='{id}']"))
        .unwrap();
    app.wait_for_text("[data-testid=library-detail-name]", name)
        .unwrap();
    id
}

/// Runs the selected library query with the source company chosen in its
/// form's company picker.
fn run_from_library(app: &App, screenshots: bool) {
    app.click("[data-testid=library-run]").unwrap();
    app.find("[data-testid=param-form]").unwrap();
    let field = "[data-testid=param-field][data-name=SOURCE_COMPANY]";
    let picker = format!("{field} select.company-list");
    app.find(&picker).unwrap();
    app.wait_until(
        "the company picker to offer the source company",
        &format!(
            "return !!document.querySelector(\"{picker} option[value='{DEMO_SOURCE_DIVISION}']\");"
        ),
    )
    .unwrap();
    fill(app, &picker, &DEMO_SOURCE_DIVISION.to_string());
    let hint = app.text(&format!("{field} .hint")).unwrap();
    assert!(
        hint.contains(&format!("Chosen: {DEMO_SOURCE_DIVISION}")),
        "the picker says which company is chosen: {hint:?}"
    );
    if screenshots {
        both_themes(app, "03-parameter-form");
    }
    app.click("[data-testid=param-run]").unwrap();
}

/// A number as the screens write it (`2,900`) back to a number.
fn number(text: &str) -> usize {
    text.replace(',', "").trim().parse().unwrap_or_else(|_| {
        panic!("{text:?} is a number");
    })
}

/// The plan's totals: (to add, to change, to remove, already the same).
fn plan_totals(app: &App) -> (usize, usize, usize, usize) {
    app.find("[data-testid=plan-total]").unwrap();
    let strong = app
        .execute(
            "return [...document.querySelectorAll('[data-testid=plan-total] span')]
                 .map(s => s.innerText.trim());",
        )
        .unwrap();
    let parts: Vec<String> = strong
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect();
    let first = |i: usize| {
        number(
            parts[i]
                .split_whitespace()
                .next()
                .expect("a total starts with its number"),
        )
    };
    (first(0), first(1), first(2), first(3))
}

/// Waits for the plan, ticks the mass-delete box when it asks for it, and
/// applies it.
fn apply_plan(app: &App) {
    app.find("[data-testid=plan-total]").unwrap();
    if app.count("[data-testid=plan-confirm-mass-delete]").unwrap() > 0 {
        app.click("[data-testid=plan-confirm-mass-delete]").unwrap();
    }
    app.wait_until(
        "Apply to be enabled",
        "const b = document.querySelector('[data-testid=plan-apply]'); return !!b && !b.disabled;",
    )
    .unwrap();
    app.click("[data-testid=plan-apply]").unwrap();
}

/// Waits until the sync's summary shows and returns its outcome.
fn wait_for_summary(app: &App) -> String {
    app.wait_until_for(
        "the sync's summary",
        "return !!document.querySelector('[data-testid=sync-summary]');",
        Duration::from_secs(300),
    )
    .unwrap();
    app.attribute("[data-testid=sync-summary]", "data-outcome")
        .unwrap()
        .unwrap_or_default()
}

/// The run number the summary names ("… as run 3 …").
fn summary_run(app: &App) -> String {
    let text = app.text("[data-testid=sync-summary]").unwrap();
    let at = text.find("as run ").expect("the summary names its run") + "as run ".len();
    text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

/// Per company in the Runs view's open run: (done, not done), from each
/// group's heading ("Company 1 — 5 changes: 3 done · 2 not done").
fn run_groups(app: &App) -> BTreeMap<i64, (usize, usize)> {
    app.find("[data-testid=run-company-group]").unwrap();
    let groups = app
        .execute(
            "return [...document.querySelectorAll('[data-testid=run-company-group]')]
                 .map(g => [g.dataset.company, g.querySelector('h3').innerText]);",
        )
        .unwrap();
    let mut found = BTreeMap::new();
    for g in groups.as_array().unwrap() {
        let company: i64 = g[0].as_str().unwrap().parse().unwrap();
        let heading = g[1].as_str().unwrap();
        let counts = heading.rsplit(": ").next().unwrap_or_default();
        let (mut done, mut not_done) = (0, 0);
        for part in counts.split(" · ") {
            if let Some(n) = part.strip_suffix(" not done") {
                not_done += number(n);
            } else if let Some(n) = part.strip_suffix(" done") {
                done += number(n);
            }
        }
        found.insert(company, (done, not_done));
    }
    found
}

#[test]
fn seed_sync_from_the_library_then_undo_restores_the_targets() {
    let test = "seed_sync_from_the_library_then_undo_restores_the_targets";
    let seeded = accounts(None);
    let builders = builders(&seeded);
    assert!(builders > 0, "the demo's source company has builders");

    let app = demo_app(
        test,
        Launch {
            demo_minutely_limit: Some(NO_MINUTELY_LIMIT),
            ..Launch::default()
        },
    );
    open_editor(&app);
    set_script(&app, &seed_script());
    save_as(&app, "Builders to the targets", "Monthly", true);

    select_in_library(&app, "Builders to the targets");
    both_themes(&app, "01-library");
    run_from_library(&app, true);

    // The plan, checked against the seeded dataset: ten target companies,
    // each getting every builder of the source company (as new accounts or
    // as ones already there).
    app.find("[data-testid=plan-total]").unwrap();
    let desc = app.text("#sync-dialog-desc").unwrap();
    assert!(
        desc.contains("in 10 companies"),
        "the plan names its ten target companies: {desc:?}"
    );
    let (inserts, updates, deletes, unchanged) = plan_totals(&app);
    assert!(inserts > 0, "the plan adds accounts");
    assert_eq!(deletes, 0, "the seed's sync only inserts and updates");
    assert_eq!(
        inserts + updates + unchanged,
        10 * builders,
        "every target company gets each of the {builders} builders"
    );
    // Drill down to one company and its rows.
    app.click("[data-testid=plan-company]").unwrap();
    app.find("[data-testid=plan-row]").unwrap();
    both_themes(&app, "04-plan-drill-down");

    apply_plan(&app);
    assert_eq!(wait_for_summary(&app), "completed");
    let run = summary_run(&app);
    both_themes(&app, "05-sync-summary");
    app.click("[data-testid=sync-close]").unwrap();

    // The simulator has the accounts: ten divisions changed, each by the
    // builders it did not have.
    let synced = wait_for_state(&app, "the sync's inserts", |now| {
        changed(&seeded, now).len() == 10
            && changed(&seeded, now)
                .iter()
                .map(|d| now[d].len() - seeded[d].len())
                .sum::<usize>()
                == inserts
    });
    let targets = changed(&seeded, &synced);
    assert!(!targets.contains(&DEMO_SOURCE_DIVISION));

    // The Runs view has the run, its changes per target company.
    app.click("[data-view=runs]").unwrap();
    app.wait_for_text("#view-title", "Runs").unwrap();
    let item = format!("[data-testid=run-item][data-run='{run}']");
    app.click(&item).unwrap();
    assert_eq!(
        app.attribute(&item, "data-state").unwrap().as_deref(),
        Some("ok")
    );
    let groups = run_groups(&app);
    assert_eq!(
        groups.keys().copied().collect::<Vec<_>>(),
        targets,
        "the run's changes are grouped by the companies that changed"
    );
    both_themes(&app, "06-runs-view");

    // Undo: its own plan first, then the companies are as they were.
    app.click(".run-detail [data-testid=undo-run]").unwrap();
    app.find("[data-testid=plan-total]").unwrap();
    let title = app.text("#sync-dialog-title").unwrap();
    assert!(title.contains(&format!("Undo run {run}")), "{title:?}");
    let (_, _, removes, _) = plan_totals(&app);
    assert_eq!(removes, inserts, "the undo removes what the run added");
    both_themes(&app, "07-undo-plan");
    apply_plan(&app);
    assert_eq!(wait_for_summary(&app), "completed");
    app.click("[data-testid=sync-close]").unwrap();

    let after = wait_for_state(&app, "the targets back as they were", |now| {
        changed(&seeded, now).is_empty()
    });
    assert_eq!(after, seeded);
}

#[test]
fn a_sync_stopped_halfway_logs_exactly_what_was_done() {
    let test = "a_sync_stopped_halfway_logs_exactly_what_was_done";
    let seeded = accounts(None);
    let app = demo_app(
        test,
        Launch {
            demo_minutely_limit: Some(NO_MINUTELY_LIMIT),
            demo_write_latency_ms: Some(150),
            ..Launch::default()
        },
    );
    open_editor(&app);
    set_script(&app, &seed_script());
    save_as(&app, "Builders, stopped", "", false);
    select_in_library(&app, "Builders, stopped");
    run_from_library(&app, false);
    let (inserts, updates, _, _) = plan_totals(&app);
    apply_plan(&app);

    // Progress: some changes made, far from all; then Stop.
    app.find("[data-testid=sync-progress-total]").unwrap();
    app.wait_until(
        "a few changes to be made",
        "const t = document.querySelector('[data-testid=sync-progress-total] p');
         const m = t && t.innerText.match(/^([\\d,]+) of/);
         return !!m && Number(m[1].replace(/,/g, '')) >= 20;",
    )
    .unwrap();
    both_themes(&app, "01-sync-progress");
    app.click("[data-testid=sync-cancel]").unwrap();
    both_themes(&app, "02-stop-question");
    app.click("[data-testid=sync-stop-confirm]").unwrap();
    assert_eq!(wait_for_summary(&app), "cancelled");
    let run = summary_run(&app);
    // The summary does not claim what it does not know, nor calls the
    // user's own stop an error.
    let said = app.text("[data-testid=sync-summary]").unwrap();
    assert!(
        !said.contains(" 0 changes were not made"),
        "the summary of a stopped sync says nothing was left undone: {said:?}"
    );
    assert_eq!(
        app.count("[data-testid=sync-summary] [role=alert]")
            .unwrap(),
        0,
        "a stop the user asked for shows no error: {said:?}"
    );
    both_themes(&app, "03-cancelled-summary");
    app.click("[data-testid=sync-close]").unwrap();

    // The log: cancelled, every planned change either done or not done.
    app.click("[data-view=runs]").unwrap();
    let item = format!("[data-testid=run-item][data-run='{run}']");
    app.click(&item).unwrap();
    assert_eq!(
        app.attribute(&item, "data-state").unwrap().as_deref(),
        Some("cancelled")
    );
    let groups = run_groups(&app);
    let done: usize = groups.values().map(|g| g.0).sum();
    let not_done: usize = groups.values().map(|g| g.1).sum();
    assert!(done > 0, "some changes were made before the stop");
    assert!(not_done > 0, "the stop left changes not done");
    assert_eq!(
        done + not_done,
        inserts + updates,
        "each planned change is accounted for"
    );
    both_themes(&app, "04-runs-cancelled");

    // And the simulator has exactly the done ones, company by company.
    let now = wait_for_state(&app, "exactly the changes done", |now| {
        groups
            .iter()
            .all(|(company, (done, _))| written(&seeded, now, *company) == *done)
    });
    for company in changed(&seeded, &now) {
        assert!(
            groups.contains_key(&company),
            "company {company} changed outside the run"
        );
    }
}

#[test]
fn an_empty_parameter_blocks_the_run_and_names_the_field() {
    let app = demo_app(
        "an_empty_parameter_blocks_the_run_and_names_the_field",
        Launch::default(),
    );
    open_editor(&app);
    let script = "select code, name\nfrom   systemdivisions\nwhere  name = '${CUSTOMER_NAME}'\n";
    set_script(&app, script);
    app.click("[data-testid=run-button]").unwrap();
    app.find("[data-testid=param-form]").unwrap();
    let field = "[data-testid=param-field][data-name=CUSTOMER_NAME]";
    let label = app.text(&format!("{field} .param-label")).unwrap();
    let label = label.trim_end_matches("(required)").trim().to_owned();
    app.click("[data-testid=param-run]").unwrap();
    let problem = app.text("[data-testid=param-problem]").unwrap();
    assert!(
        problem.contains(&label),
        "the message {problem:?} names the field {label:?}"
    );
    both_themes(&app, "01-empty-parameter");
    // Nothing ran and nothing was lost: the form stays, the script too.
    assert_eq!(app.count("[data-testid=param-form]").unwrap(), 1);
    assert_eq!(crate::steps::script(&app), script);
}

#[test]
fn a_library_import_skips_an_invalid_file_with_its_reason() {
    let test = "a_library_import_skips_an_invalid_file_with_its_reason";
    let folder = tandem_e2e::artifacts_dir(test).join("shared-library");
    let app = demo_app(
        test,
        Launch {
            library_dir: Some(folder.clone()),
            ..Launch::default()
        },
    );
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("good.sql"),
        "-- tandem:name Companies by name\n-- tandem:tags monthly\n\nselect code, name from systemdivisions\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("typo.sql"),
        "-- tandem:name Broken header\n-- tandem:nmae Typo\n\nselect 1\n",
    )
    .unwrap();
    app.click("[data-view=library]").unwrap();
    app.click("[data-testid=library-import]").unwrap();
    app.find("[data-testid=import-summary]").unwrap();
    assert_eq!(
        app.attribute("[data-testid=import-imported]", "data-count")
            .unwrap()
            .as_deref(),
        Some("1")
    );
    assert_eq!(app.count("[data-testid=import-skipped]").unwrap(), 1);
    let skipped = app.text("[data-testid=import-skipped]").unwrap();
    assert!(
        skipped.contains("typo.sql") && skipped.contains("tandem:nmae"),
        "the skipped file is named with its reason: {skipped:?}"
    );
    select_in_library(&app, "Companies by name");
    both_themes(&app, "01-import-summary");
}

/// How a scroll of `css` to its end went: animation frames, the longest
/// frame and the time taken, in ms.
fn scroll_to_end(app: &App, css: &str, steps: u32) -> (u64, f64, f64) {
    app.execute_with(
        "const list = document.querySelector(arguments[0]);
         const steps = arguments[1];
         const state = { frames: 0, longest: 0, start: performance.now(), last: performance.now(), done: false };
         window.__tandemScroll = state;
         const tick = (now) => {
             state.frames++;
             state.longest = Math.max(state.longest, now - state.last);
             state.last = now;
             const end = list.scrollHeight - list.clientHeight;
             list.scrollTop = Math.min(end, (end * state.frames) / steps);
             if (state.frames < steps) requestAnimationFrame(tick);
             else requestAnimationFrame(() => { state.millis = performance.now() - state.start; state.done = true; });
         };
         requestAnimationFrame(tick);
         return true;",
        vec![Value::from(css), Value::from(steps)],
    )
    .unwrap();
    app.wait_until_for(
        "the scroll to end",
        "return !!window.__tandemScroll && window.__tandemScroll.done;",
        Duration::from_secs(120),
    )
    .unwrap();
    let state = app.execute("return window.__tandemScroll;").unwrap();
    (
        state["frames"].as_u64().unwrap_or(0),
        state["longest"].as_f64().unwrap_or(f64::MAX),
        state["millis"].as_f64().unwrap_or(f64::MAX),
    )
}

/// With 500 companies in the demo, the seed's sync to all of them: the
/// plan opens, and its company list scrolls to the last company in about
/// as many frames as it was asked to take, none of them long.
#[test]
fn a_plan_of_500_companies_opens_and_scrolls_smoothly() {
    let test = "a_plan_of_500_companies_opens_and_scrolls_smoothly";
    let app = demo_app(
        test,
        Launch {
            demo_companies: Some(500),
            demo_minutely_limit: Some(NO_MINUTELY_LIMIT),
            ..Launch::default()
        },
    );
    open_editor(&app);
    // Every company but the source, and only the builders whose name
    // starts with "Aanneming B", to keep the plan's rows few.
    let script = seed_script()
        .replace("limit 10\n", "\n")
        .replace("'Aanneming%'", "'Aanneming B%'");
    set_script(&app, &script);
    let asked = Instant::now();
    app.click("[data-testid=run-button]").unwrap();
    app.click("[data-testid=param-run]").unwrap();
    eprintln!("e2e: 500 companies: running");
    app.wait_until_for(
        "the plan",
        "return !!document.querySelector('[data-testid=plan-total]');",
        // Within nextest's 180 s for an e2e test, so a timeout still
        // leaves its screenshot.
        Duration::from_secs(140),
    )
    .unwrap();
    let opened = asked.elapsed();
    let desc = app.text("#sync-dialog-desc").unwrap();
    assert!(desc.contains("in 500 companies"), "{desc:?}");
    app.screenshot("01-plan-500").unwrap();

    let steps = 120;
    let (frames, longest, millis) = scroll_to_end(&app, "[data-testid=plan-companies]", steps);
    app.screenshot("02-plan-500-scrolled").unwrap();
    eprintln!(
        "e2e: 500 companies: the plan opened {:.1} s after Run; scrolling its companies to the end took {frames} frames in {millis:.0} ms, the longest frame {longest:.0} ms",
        opened.as_secs_f64()
    );
    let last = app
        .execute(
            "const rows = [...document.querySelectorAll('[data-testid=plan-company]')];
             return rows.length ? rows[rows.length - 1].id : null;",
        )
        .unwrap();
    assert_eq!(
        last.as_str(),
        Some("plan-opt-499"),
        "the last company shows"
    );
    assert_eq!(frames, u64::from(steps));
    // Smooth: no frame anywhere near a visible stall.
    assert!(longest < 250.0, "the longest frame took {longest:.0} ms");
    app.click("[data-testid=plan-cancel]").unwrap();
}
