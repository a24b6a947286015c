//! The desktop app as a user meets it: how long it takes to start, how much
//! memory it holds, and how the result grid copes with a million rows.
//!
//! Each figure is printed with the bound it is compared against, measured
//! in the same run on the same machine:
//!
//! - **Start-up**: from asking for the app (the WebDriver session request,
//!   which starts it) to a usable window (the view title drawn) and to the
//!   demo being connected. Bound: the moment the driver reports the window
//!   open with its page loaded, which no UI work can beat.
//! - **Memory**: of the app and the WebKit processes it starts (the page
//!   lives in WebKit's web process), from `/proc`: resident (RSS) per
//!   process and proportional (PSS, shared libraries counted once) summed;
//!   idle after start-up (the bound) and with the million-row result shown.
//! - **Grid**: the query's time as the engine reports it, then a jump to the
//!   last row (the grid's scroller set to its bottom, as dragging the
//!   scrollbar does), counted in animation frames and milliseconds until
//!   that row is drawn with its values. Bound: a scroll of one screen near
//!   the top, whose rows are already loaded.
//!
//! It measures whichever build `TANDEM_APP_BIN` names (`make bench` builds
//! and names the release build), else the debug build. With
//! `TANDEM_BENCH_SMOKE=1` (`make test`) the result has 10,000 rows, so the
//! benchmark is checked in seconds; its figures are then not measurements.

use std::time::{Duration, Instant};

use serde_json::Value;
use tandem_e2e::{app_binary, procfs, App, Launch};

const FIND_VIEW: &str = "
    const content = document.querySelector('[data-testid=editor] .cm-content');
    const tile = content && (content.cmTile || content.cmView);
    const view = tile && ((tile.root && tile.root.view) || (tile.rootView && tile.rootView.view));
    if (!view) throw new Error('no CodeMirror view in the editor');
";

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing
    // that matters here. Both run the same measurement.
    let smoke = std::env::var_os("TANDEM_BENCH_SMOKE").is_some();
    let rows: u64 = if smoke { 10_000 } else { 1_000_000 };
    println!(
        "app benchmark: {} ({} rows{})",
        app_binary().display(),
        rows,
        if smoke {
            ", smoke run: not a measurement"
        } else {
            ""
        }
    );

    let app = App::start("bench_app", Launch::demo()).expect("the app starts");
    let window_open = app.launched_at().elapsed();
    app.wait_until(
        "the view title",
        "return !!document.querySelector('#view-title');",
    )
    .unwrap();
    let usable = app.launched_at().elapsed();
    app.wait_for_text("[data-testid=status-connection]", "Demo data")
        .unwrap();
    let connected = app.launched_at().elapsed();
    println!(
        "start-up: window open {:.0} ms (bound) · usable {:.0} ms ({:.2}x) · demo connected {:.0} ms ({:.2}x)",
        ms(window_open),
        ms(usable),
        ratio(usable, window_open),
        ms(connected),
        ratio(connected, window_open),
    );

    let idle = memory(&app);
    println!("memory idle: {}", idle.describe());

    // The query.
    app.click("[data-view=editor]").unwrap();
    app.find("[data-testid=editor] .cm-content").unwrap();
    app.wait_until(
        "the Run button",
        "const b = document.querySelector('[data-testid=run-button]'); return !!b && !b.disabled;",
    )
    .unwrap();
    let script = format!(
        "with recursive n(i) as (select 1 union all select i + 1 from n where i < {rows})\n\
         select i, i * 2 as twice, printf('row %d', i) as label, i % 7 = 0 as weekly from n"
    );
    app.execute_with(
        &format!(
            "{FIND_VIEW} view.dispatch({{ changes: {{ from: 0, to: view.state.doc.length, insert: arguments[0] }} }}); return true;"
        ),
        vec![Value::from(script)],
    )
    .unwrap();
    let clicked = Instant::now();
    app.click("[data-testid=run-button]").unwrap();
    app.wait_until_for(
        "the last row's count",
        &format!(
            "const c = document.querySelector('[data-testid=row-count]');
             return !!c && c.innerText.replace(/[^0-9]/g, '') === '{rows}';"
        ),
        Duration::from_secs(600),
    )
    .unwrap();
    let shown = clicked.elapsed();
    let engine_ms = app.text("[data-testid=elapsed]").unwrap_or_default();
    println!(
        "query: {rows} rows shown {:.0} ms after Run ({engine_ms}) · {:.0} rows/s",
        ms(shown),
        rows as f64 / shown.as_secs_f64()
    );
    app.find("[data-testid=grid-row][data-row='0']").unwrap();

    let loaded = memory(&app);
    println!(
        "memory with the result: {} ({:.2}x idle)",
        loaded.describe(),
        loaded.total() as f64 / idle.total().max(1) as f64
    );

    // One screen down near the top: rows already loaded (the bound).
    let near = jump(&app, "scroller.clientHeight", None);
    // The last row.
    let far = jump(&app, "scroller.scrollHeight", Some(rows - 1));
    println!(
        "grid: one screen near the top {:.1} ms / {} frames (bound) · jump to row {} {:.1} ms / {} frames ({:.2}x)",
        near.millis,
        near.frames,
        rows,
        far.millis,
        far.frames,
        far.millis / near.millis.max(1.0)
    );
    let after = memory(&app);
    println!(
        "memory after the jump: {} ({:.2}x idle)",
        after.describe(),
        after.total() as f64 / idle.total().max(1) as f64
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

/// Memory of each of the app's processes, in KiB: name, resident (RSS)
/// and proportional (PSS, shared pages divided among their users).
struct Memory(Vec<(String, u64, u64)>);

impl Memory {
    /// The PSS sum: what the app as a whole costs the machine.
    fn total(&self) -> u64 {
        self.0.iter().map(|(_, _, pss)| pss).sum()
    }

    fn describe(&self) -> String {
        let mib = |kib: u64| kib as f64 / 1024.0;
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(name, rss, pss)| {
                format!("{name} RSS {:.0} / PSS {:.0} MiB", mib(*rss), mib(*pss))
            })
            .collect();
        format!("PSS {:.0} MiB ({})", mib(self.total()), parts.join(", "))
    }
}

fn memory(app: &App) -> Memory {
    let pids = app.process_ids().unwrap();
    assert!(
        !pids.is_empty(),
        "the app's process is found under the driver"
    );
    Memory(
        pids.into_iter()
            .filter_map(|pid| {
                let rss = procfs::rss_kib(pid)?;
                let pss = procfs::pss_kib(pid).unwrap_or(rss);
                Some((procfs::name(pid), rss, pss))
            })
            .collect(),
    )
}

struct Jump {
    millis: f64,
    frames: u64,
}

/// Sets the grid's scroller to `top` (a page expression over `scroller`)
/// and counts animation frames until the grid has moved (its first row
/// changed) and has drawn, with their values, its new first row and `row`
/// when one is named.
fn jump(app: &App, top: &str, row: Option<u64>) -> Jump {
    let target = row.map_or("null".to_owned(), |r| r.to_string());
    app.execute(&format!(
        "const scroller = document.querySelector('[data-testid=grid] .grid-scroll');
         const grid = document.querySelector('[data-testid=grid]');
         const before = grid.dataset.firstRow;
         const target = {target};
         const state = {{ frames: 0, start: performance.now(), millis: null }};
         window.__tandemJump = state;
         const drawn = (n) => {{
             const r = document.querySelector(`[data-testid=grid-row][data-row=\"${{n}}\"]`);
             return !!r && !r.classList.contains('loading') && r.innerText.trim() !== '';
         }};
         const tick = () => {{
             state.frames++;
             const first = grid.dataset.firstRow;
             if (first !== before && drawn(first) && (target === null || drawn(target))) {{
                 state.millis = performance.now() - state.start;
                 return;
             }}
             if (performance.now() - state.start > 120000) {{ state.millis = -1; return; }}
             requestAnimationFrame(tick);
         }};
         scroller.scrollTop = {top};
         state.scrollTop = scroller.scrollTop;
         state.scrollHeight = scroller.scrollHeight;
         requestAnimationFrame(tick);
         return true;"
    ))
    .unwrap();
    app.wait_until_for(
        "the row to be drawn",
        "return !!window.__tandemJump && window.__tandemJump.millis !== null;",
        Duration::from_secs(150),
    )
    .unwrap();
    let state = app
        .execute(
            "const s = window.__tandemJump;
             s.drawnRows = [...document.querySelectorAll('[data-testid=grid-row]')]
                 .map(r => r.dataset.row + (r.classList.contains('loading') ? ' (loading)' : ''));
             return s;",
        )
        .unwrap();
    let millis = state["millis"].as_f64().unwrap_or(-1.0);
    assert!(
        millis >= 0.0,
        "the grid did not draw its rows within two minutes: {state}"
    );
    Jump {
        millis,
        frames: state["frames"].as_u64().unwrap_or(0),
    }
}
