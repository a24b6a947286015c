//! The countries Exact Online runs a site in, each with its own host.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A country with its own Exact Online site; a login belongs to one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Country {
    /// The Netherlands: start.exactonline.nl
    Nl,
    /// Belgium: start.exactonline.be
    Be,
    /// Germany: start.exactonline.de
    De,
    /// France: start.exactonline.fr
    Fr,
    /// Spain: start.exactonline.es
    Es,
    /// The United Kingdom: start.exactonline.co.uk
    Uk,
    /// The United States: start.exactonline.com
    Us,
}

impl Country {
    /// Every country, in the order a picker lists them.
    pub const ALL: [Country; 7] = [
        Country::Nl,
        Country::Be,
        Country::De,
        Country::Fr,
        Country::Es,
        Country::Uk,
        Country::Us,
    ];

    /// The base URL of the country's Exact Online site.
    pub fn base_url(self) -> &'static str {
        match self {
            Country::Nl => "https://start.exactonline.nl",
            Country::Be => "https://start.exactonline.be",
            Country::De => "https://start.exactonline.de",
            Country::Fr => "https://start.exactonline.fr",
            Country::Es => "https://start.exactonline.es",
            Country::Uk => "https://start.exactonline.co.uk",
            Country::Us => "https://start.exactonline.com",
        }
    }

    /// The country's name in English, for screens and messages.
    pub fn display_name(self) -> &'static str {
        match self {
            Country::Nl => "Netherlands",
            Country::Be => "Belgium",
            Country::De => "Germany",
            Country::Fr => "France",
            Country::Es => "Spain",
            Country::Uk => "United Kingdom",
            Country::Us => "United States",
        }
    }

    /// Parses the short code users type (`nl`, `uk`, ...), ignoring case.
    pub fn from_code(code: &str) -> Option<Country> {
        Country::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The short code: `nl`, `be`, `de`, `fr`, `es`, `uk`, `us`.
    pub fn code(self) -> &'static str {
        match self {
            Country::Nl => "nl",
            Country::Be => "be",
            Country::De => "de",
            Country::Fr => "fr",
            Country::Es => "es",
            Country::Uk => "uk",
            Country::Us => "us",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        for c in Country::ALL {
            assert_eq!(Country::from_code(c.code()), Some(c));
        }
        assert_eq!(Country::from_code(" UK "), Some(Country::Uk));
        assert_eq!(Country::from_code("gb"), None);
    }

    #[test]
    fn us_and_uk_have_their_own_hosts() {
        assert_eq!(Country::Us.base_url(), "https://start.exactonline.com");
        assert_eq!(Country::Uk.base_url(), "https://start.exactonline.co.uk");
    }
}
