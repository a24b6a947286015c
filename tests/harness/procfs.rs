//! The app's processes and their memory, read from Linux's `/proc`.
//!
//! The app is not the harness's child: `tauri-driver` starts
//! WebKitWebDriver, which starts the app, which starts WebKit's page and
//! network processes. The page (the grid, the editor) lives in WebKit's
//! web process, so the app's memory is the sum over all of them.

use std::collections::HashMap;
use std::path::Path;

use crate::Result;

/// Every process and its parent.
fn parents() -> Result<HashMap<u32, u32>> {
    let mut map = HashMap::new();
    for entry in std::fs::read_dir("/proc")? {
        let entry = entry?;
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
            continue;
        };
        // A process may end while the table is read; skip it.
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // `pid (comm) state ppid ...`; comm may hold spaces and parentheses.
        let Some(after) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
            continue;
        };
        if let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
            map.insert(pid, ppid);
        }
    }
    Ok(map)
}

fn descendants(root: u32, parents: &HashMap<u32, u32>) -> Vec<u32> {
    let mut found = Vec::new();
    let mut frontier = vec![root];
    while let Some(parent) = frontier.pop() {
        let mut children: Vec<u32> = parents
            .iter()
            .filter(|(_, p)| **p == parent)
            .map(|(c, _)| *c)
            .collect();
        children.sort_unstable();
        found.extend(&children);
        frontier.extend(children);
    }
    found
}

fn runs(pid: u32, binary: &Path) -> bool {
    let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok();
    let want = binary.canonicalize().ok();
    exe.is_some() && exe == want
}

/// The app's process under the driver `driver`, then the app's own
/// descendants (WebKit's web and network processes). Empty when the app
/// is not running.
pub fn app_processes(driver: u32, binary: &Path) -> Result<Vec<u32>> {
    let parents = parents()?;
    let Some(app) = descendants(driver, &parents)
        .into_iter()
        .find(|pid| runs(*pid, binary))
    else {
        return Ok(Vec::new());
    };
    let mut pids = vec![app];
    pids.extend(descendants(app, &parents));
    Ok(pids)
}

/// The resident memory of a process in KiB (`VmRSS`), or `None` when it is
/// gone.
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// The proportional memory of a process in KiB (`Pss` from
/// `smaps_rollup`): its resident pages, with each page shared with other
/// processes (GTK and WebKit libraries, mostly) divided among them, so
/// that a sum over the app's processes counts a shared library once.
/// `None` when the process is gone.
pub fn pss_kib(pid: u32) -> Option<u64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    rollup
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// The process's short name (`comm`), for reports.
pub fn name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}
