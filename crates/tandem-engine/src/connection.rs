//! What the session is connected to, as the status bar and the CLI report it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use tandem_exact::Country;

/// The data source a session talks to.
///
/// Demo mode is a connection like any other: the built-in simulator is reached
/// through the same client code as the real service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum ConnectionState {
    /// Nobody is logged in.
    NotConnected,
    /// The built-in simulator with its demo companies.
    Demo,
    /// A real Exact Online login, in the country the user picked.
    ExactOnline {
        /// The country whose Exact Online site the user logged in to.
        country: Country,
    },
}

impl ConnectionState {
    /// A short text for the status bar, understandable without knowing Exact.
    pub fn label(&self) -> String {
        match self {
            ConnectionState::NotConnected => "Not connected".to_owned(),
            ConnectionState::Demo => "Demo data".to_owned(),
            ConnectionState::ExactOnline { country } => {
                format!("Exact Online {}", country.display_name())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_tagged_object_for_the_ui() {
        let json = serde_json::to_string(&ConnectionState::ExactOnline {
            country: Country::Be,
        })
        .unwrap();
        assert_eq!(json, r#"{"kind":"exactOnline","country":"be"}"#);
        assert_eq!(
            serde_json::to_string(&ConnectionState::Demo).unwrap(),
            r#"{"kind":"demo"}"#
        );
    }

    #[test]
    fn labels_name_the_country() {
        let state = ConnectionState::ExactOnline {
            country: Country::Nl,
        };
        assert_eq!(state.label(), "Exact Online Netherlands");
        assert_eq!(ConnectionState::Demo.label(), "Demo data");
    }
}
