//! The six `X-RateLimit-*` headers Exact sends on every answer (resets in
//! epoch milliseconds); a 429 carries only the tripped limit's three.

use reqwest::header::HeaderMap;
use serde::Serialize;
use ts_rs::TS;

/// What one answer said about the limits; absent headers stay `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct LimitSnapshot {
    /// Calls per day.
    #[ts(type = "number | null")]
    pub daily_limit: Option<u64>,
    /// Calls left today.
    #[ts(type = "number | null")]
    pub daily_remaining: Option<u64>,
    /// When the day resets (00:00 UTC), epoch ms.
    #[ts(type = "number | null")]
    pub daily_reset_ms: Option<i64>,
    /// Calls per minute.
    #[ts(type = "number | null")]
    pub minutely_limit: Option<u64>,
    /// Calls left this minute.
    #[ts(type = "number | null")]
    pub minutely_remaining: Option<u64>,
    /// When the minute resets, epoch ms.
    #[ts(type = "number | null")]
    pub minutely_reset_ms: Option<i64>,
}

fn num<T: std::str::FromStr>(h: &HeaderMap, name: &str) -> Option<T> {
    h.get(name)?.to_str().ok()?.trim().parse().ok()
}

impl LimitSnapshot {
    /// Reads the headers of an answer.
    pub fn from_headers(h: &HeaderMap) -> LimitSnapshot {
        LimitSnapshot {
            daily_limit: num(h, "X-RateLimit-Limit"),
            daily_remaining: num(h, "X-RateLimit-Remaining"),
            daily_reset_ms: num(h, "X-RateLimit-Reset"),
            minutely_limit: num(h, "X-RateLimit-Minutely-Limit"),
            minutely_remaining: num(h, "X-RateLimit-Minutely-Remaining"),
            minutely_reset_ms: num(h, "X-RateLimit-Minutely-Reset"),
        }
    }

    /// Whether any limit header was present.
    pub fn is_empty(&self) -> bool {
        *self == LimitSnapshot::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_six() {
        let mut h = HeaderMap::new();
        for (k, v) in [
            ("X-RateLimit-Limit", "5000"),
            ("X-RateLimit-Remaining", "4999"),
            ("X-RateLimit-Reset", "1700006400000"),
            ("X-RateLimit-Minutely-Limit", "60"),
            ("X-RateLimit-Minutely-Remaining", "59"),
            ("X-RateLimit-Minutely-Reset", "1700000060000"),
        ] {
            h.insert(k, v.parse().unwrap());
        }
        let s = LimitSnapshot::from_headers(&h);
        assert_eq!(s.daily_remaining, Some(4999));
        assert_eq!(s.minutely_reset_ms, Some(1_700_000_060_000));
        assert!(LimitSnapshot::from_headers(&HeaderMap::new()).is_empty());
    }
}
