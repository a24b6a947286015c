//! Where the app keeps its data, and the environment variables tests use
//! to steer it without a person at the screen.

use std::path::PathBuf;

/// Settings taken from the environment at start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hooks {
    /// `TANDEM_EXPORT_DIR`: exports go to `<dir>/result-N.<ext>` without
    /// the save dialog.
    pub export_dir: Option<PathBuf>,
    /// `TANDEM_THEME`: replaces the theme setting at start.
    pub theme: Option<String>,
    /// `TANDEM_HOME`: the data folder instead of the platform's app-data
    /// folder.
    pub home: Option<PathBuf>,
    /// `TANDEM_DEMO_READ_LATENCY_MS`: every read of the demo simulator takes
    /// this long, so a test can cancel a query while it is still reading.
    /// Applied once the demo is connected, so logging in stays quick.
    pub demo_read_latency_ms: Option<u64>,
    /// `TANDEM_DEMO_WRITE_LATENCY_MS`: every write to the demo simulator
    /// takes this long, so a test can watch a synchronize's progress and
    /// stop it halfway.
    pub demo_write_latency_ms: Option<u64>,
    /// `TANDEM_DEMO_MINUTELY_LIMIT`: the demo simulator's calls per company
    /// per minute (60, as Exact Online's, unless set), so a test can make
    /// thousands of changes without waiting minutes for the limit.
    pub demo_minutely_limit: Option<u64>,
    /// `TANDEM_DEMO_COMPANIES`: how many companies besides the source
    /// company a new demo dataset gets (12 unless set), to try screens and
    /// syncs with hundreds of companies.
    pub demo_companies: Option<usize>,
    /// `TANDEM_LIBRARY_DIR`: library export and import use this folder
    /// without the folder picker.
    pub library_dir: Option<PathBuf>,
    /// `TANDEM_OPEN_FILE`: "Open .sql file" opens this file without the
    /// file picker.
    pub open_file: Option<PathBuf>,
}

impl Hooks {
    /// Reads the hooks through `var` (the process environment in the app).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Hooks {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        Hooks {
            export_dir: set("TANDEM_EXPORT_DIR").map(PathBuf::from),
            theme: set("TANDEM_THEME"),
            home: set("TANDEM_HOME").map(PathBuf::from),
            demo_read_latency_ms: set("TANDEM_DEMO_READ_LATENCY_MS")
                .and_then(|v| v.trim().parse().ok()),
            demo_write_latency_ms: set("TANDEM_DEMO_WRITE_LATENCY_MS")
                .and_then(|v| v.trim().parse().ok()),
            demo_minutely_limit: set("TANDEM_DEMO_MINUTELY_LIMIT")
                .and_then(|v| v.trim().parse().ok()),
            demo_companies: set("TANDEM_DEMO_COMPANIES").and_then(|v| v.trim().parse().ok()),
            library_dir: set("TANDEM_LIBRARY_DIR").map(PathBuf::from),
            open_file: set("TANDEM_OPEN_FILE").map(PathBuf::from),
        }
    }

    /// Applies the demo hooks to the session's simulator, if it runs one.
    pub fn apply_to_demo(&self, session: &tandem_engine::Session) {
        let Some(sim) = session.simulator() else {
            return;
        };
        if self.demo_read_latency_ms.is_none()
            && self.demo_write_latency_ms.is_none()
            && self.demo_minutely_limit.is_none()
        {
            return;
        }
        let mut settings = sim.settings();
        if let Some(ms) = self.demo_read_latency_ms {
            settings.read_latency.fixed_ms = ms;
            tracing::info!(ms, "TANDEM_DEMO_READ_LATENCY_MS: demo reads slowed down");
        }
        if let Some(ms) = self.demo_write_latency_ms {
            settings.write_latency.fixed_ms = ms;
            tracing::info!(ms, "TANDEM_DEMO_WRITE_LATENCY_MS: demo writes slowed down");
        }
        if let Some(limit) = self.demo_minutely_limit {
            settings.minutely_limit = limit;
            tracing::info!(limit, "TANDEM_DEMO_MINUTELY_LIMIT: demo calls per minute");
        }
        sim.set_settings(settings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_variables_count_as_unset() {
        let hooks = Hooks::from_env(|name| match name {
            "TANDEM_EXPORT_DIR" => Some("/tmp/out".into()),
            "TANDEM_THEME" => Some(" ".into()),
            _ => None,
        });
        assert_eq!(hooks.export_dir, Some(PathBuf::from("/tmp/out")));
        assert_eq!(hooks.theme, None);
        assert_eq!(hooks.home, None);
        assert_eq!(hooks.demo_read_latency_ms, None);
    }

    #[test]
    fn demo_read_latency_is_a_number_of_milliseconds() {
        let hooks = Hooks::from_env(|name| {
            (name == "TANDEM_DEMO_READ_LATENCY_MS").then(|| "1500".to_string())
        });
        assert_eq!(hooks.demo_read_latency_ms, Some(1500));
    }

    #[test]
    fn demo_write_latency_and_minutely_limit_are_numbers() {
        let hooks = Hooks::from_env(|name| match name {
            "TANDEM_DEMO_WRITE_LATENCY_MS" => Some("40".into()),
            "TANDEM_DEMO_MINUTELY_LIMIT" => Some(" 100000 ".into()),
            "TANDEM_DEMO_COMPANIES" => Some("500".into()),
            _ => None,
        });
        assert_eq!(hooks.demo_write_latency_ms, Some(40));
        assert_eq!(hooks.demo_minutely_limit, Some(100_000));
        assert_eq!(hooks.demo_companies, Some(500));
    }
}
