//! The values of `${NAME}` parameters.
//!
//! The engine owns one `Defines` per session: it starts from the CLI's
//! `--define NAME=VALUE` (or the GUI's prompt fields) and the script reader
//! changes it as it passes `local define` / `local undefine`, so that a
//! definition affects exactly the statements after it. Names are
//! case-insensitive, as in Invantive; the spelling of the last definition is
//! kept for messages.
//!
//! A value given from outside the script ([`Defines::give`]: `--define`, the
//! app's form) wins over the script's own `local define` of that name: a
//! saved script's `local define` is its default, and the person running it
//! chose otherwise. The CLI and the app give values the same way, so a
//! script runs alike from both.

use std::collections::{BTreeMap, BTreeSet};

/// Case-insensitive parameter values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defines {
    // Keyed by the lowercased name; the value keeps the name as written.
    values: BTreeMap<String, (String, String)>,
    // Lowercased names given from outside the script.
    given: BTreeSet<String>,
}

impl Defines {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `name` to `value`, replacing any earlier value.
    pub fn set(&mut self, name: &str, value: &str) {
        self.values
            .insert(name.to_lowercase(), (name.to_string(), value.to_string()));
    }

    /// Removes `name`; returns whether it was defined.
    pub fn remove(&mut self, name: &str) -> bool {
        self.given.remove(&name.to_lowercase());
        self.values.remove(&name.to_lowercase()).is_some()
    }

    /// Sets `name` to a value given from outside the script (CLI
    /// `--define`, the app's parameter form): the script's `local define`
    /// and `local undefine` of `name` leave it as given.
    pub fn give(&mut self, name: &str, value: &str) {
        self.set(name, value);
        self.given.insert(name.to_lowercase());
    }

    /// Whether `name` was given from outside the script.
    pub fn is_given(&self, name: &str) -> bool {
        self.given.contains(&name.to_lowercase())
    }

    /// The script's `local define`: sets `name` unless it was given.
    pub fn define_local(&mut self, name: &str, value: &str) {
        if !self.is_given(name) {
            self.set(name, value);
        }
    }

    /// The script's `local undefine`: removes `name` unless it was given.
    pub fn undefine_local(&mut self, name: &str) {
        if !self.is_given(name) {
            self.remove(name);
        }
    }

    /// The raw value of `name` (not yet expanded: it may hold `${OTHER}`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .get(&name.to_lowercase())
            .map(|(_, value)| value.as_str())
    }

    /// Whether `name` is defined.
    pub fn contains(&self, name: &str) -> bool {
        self.values.contains_key(&name.to_lowercase())
    }

    /// `(name, value)` pairs, ordered by lowercased name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values
            .values()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// Number of defined parameters.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether no parameter is defined.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Reads a CLI `NAME=VALUE` argument; `None` when there is no `=` or the
    /// name is empty.
    pub fn parse_assignment(argument: &str) -> Option<(String, String)> {
        let (name, value) = argument.split_once('=')?;
        let name = name.trim();
        (!name.is_empty()).then(|| (name.to_string(), value.to_string()))
    }
}

impl<N: AsRef<str>, V: AsRef<str>> FromIterator<(N, V)> for Defines {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        let mut defines = Defines::new();
        for (name, value) in iter {
            defines.set(name.as_ref(), value.as_ref());
        }
        defines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_case_insensitive() {
        let mut defines = Defines::new();
        defines.set("Source_Company", "1");
        assert_eq!(defines.get("SOURCE_COMPANY"), Some("1"));
        defines.set("SOURCE_COMPANY", "2");
        assert_eq!(defines.len(), 1);
        assert_eq!(defines.iter().next(), Some(("SOURCE_COMPANY", "2")));
        assert!(defines.remove("source_company"));
        assert!(defines.is_empty());
    }

    #[test]
    fn given_values_win_over_the_scripts_own_defines() {
        let mut defines = Defines::new();
        defines.give("SOURCE_COMPANY", "1");
        defines.define_local("source_company", "102673");
        defines.undefine_local("Source_Company");
        assert_eq!(defines.get("SOURCE_COMPANY"), Some("1"));
        defines.define_local("OTHER", "x");
        assert_eq!(defines.get("other"), Some("x"));
        defines.undefine_local("OTHER");
        assert!(!defines.contains("OTHER"));
    }

    #[test]
    fn cli_assignments() {
        assert_eq!(
            Defines::parse_assignment("A=b=c"),
            Some(("A".into(), "b=c".into()))
        );
        assert_eq!(Defines::parse_assignment("=x"), None);
        assert_eq!(Defines::parse_assignment("x"), None);
    }
}
