//! Command-line options of the desktop app.

use tandem_engine::ConnectionState;

/// How the app was asked to start.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LaunchOptions {
    /// Start on the built-in demo data instead of a saved login.
    pub demo: bool,
}

impl LaunchOptions {
    /// Parses the app's arguments. Unknown arguments are refused rather than
    /// ignored, so a mistyped flag in a shortcut is noticed.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Self, String> {
        let mut options = LaunchOptions::default();
        for arg in args {
            match arg.as_str() {
                "--demo" => options.demo = true,
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        Ok(options)
    }

    /// The connection the session starts with.
    pub fn connection(&self) -> ConnectionState {
        if self.demo {
            ConnectionState::Demo
        } else {
            ConnectionState::NotConnected
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<LaunchOptions, String> {
        LaunchOptions::from_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn demo_flag_selects_demo_connection() {
        assert_eq!(
            parse(&["--demo"]).unwrap().connection(),
            ConnectionState::Demo
        );
        assert_eq!(
            parse(&[]).unwrap().connection(),
            ConnectionState::NotConnected
        );
    }

    #[test]
    fn unknown_flags_are_refused_by_name() {
        assert_eq!(
            parse(&["--dmeo"]).unwrap_err(),
            "unknown argument \"--dmeo\""
        );
    }
}
