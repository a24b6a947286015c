//! Exact's call limits per app (client id) per company: 60 per clock-aligned
//! minute and 5,000 per UTC day, reported in six headers on every answer
//! (resets in epoch milliseconds); a refused call (429) carries only the
//! headers of the limit that tripped, and is not counted.

use crate::dates;
use std::collections::HashMap;

#[derive(Debug, Default, Clone)]
struct Usage {
    day: i64,
    day_count: u64,
    minute: i64,
    minute_count: u64,
}

/// Outcome of counting one call.
#[derive(Debug, PartialEq)]
pub(crate) enum Verdict {
    /// Allowed; all six headers.
    Allowed(Vec<(&'static str, String)>),
    /// Refused; only the tripped limit's headers.
    Refused(Vec<(&'static str, String)>),
}

/// Per (client id, division) usage and 429 bursts.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    usage: HashMap<(String, i64), Usage>,
    bursts: HashMap<(String, i64), u32>,
}

/// What `/_sim/counters` shows of one app and division.
#[derive(Debug, serde::Serialize)]
pub(crate) struct UsageReport {
    pub(crate) client_id: String,
    pub(crate) division: i64,
    pub(crate) used_today: u64,
    pub(crate) used_this_minute: u64,
}

impl Limiter {
    /// Counts a call, or refuses it. `start_burst` asks for a fault-injected
    /// run of `burst_len` refusals starting with this call.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn check(
        &mut self,
        client: &str,
        division: i64,
        now_ms: i64,
        minutely: u64,
        daily: u64,
        start_burst: bool,
        burst_len: u32,
    ) -> Verdict {
        let key = (client.to_string(), division);
        let u = self.usage.entry(key.clone()).or_default();
        let day = now_ms.div_euclid(dates::DAY_MS);
        let minute = now_ms.div_euclid(60_000);
        if u.day != day {
            u.day = day;
            u.day_count = 0;
        }
        if u.minute != minute {
            u.minute = minute;
            u.minute_count = 0;
        }
        let day_reset = dates::next_utc_midnight(now_ms).to_string();
        let minute_reset = ((minute + 1) * 60_000).to_string();
        let daily_headers = |remaining: u64| {
            vec![
                ("X-RateLimit-Limit", daily.to_string()),
                ("X-RateLimit-Remaining", remaining.to_string()),
                ("X-RateLimit-Reset", day_reset.clone()),
            ]
        };
        let minutely_headers = |remaining: u64| {
            vec![
                ("X-RateLimit-Minutely-Limit", minutely.to_string()),
                ("X-RateLimit-Minutely-Remaining", remaining.to_string()),
                ("X-RateLimit-Minutely-Reset", minute_reset.clone()),
            ]
        };
        if start_burst && burst_len > 0 {
            self.bursts.insert(key.clone(), burst_len);
        }
        if let Some(left) = self.bursts.get_mut(&key) {
            if *left > 0 {
                *left -= 1;
                return Verdict::Refused(minutely_headers(0));
            }
        }
        if u.day_count >= daily {
            return Verdict::Refused(daily_headers(0));
        }
        if u.minute_count >= minutely {
            return Verdict::Refused(minutely_headers(0));
        }
        u.day_count += 1;
        u.minute_count += 1;
        let mut h = daily_headers(daily - u.day_count);
        h.extend(minutely_headers(minutely - u.minute_count));
        Verdict::Allowed(h)
    }

    pub(crate) fn report(&self, now_ms: i64) -> Vec<UsageReport> {
        let day = now_ms.div_euclid(dates::DAY_MS);
        let minute = now_ms.div_euclid(60_000);
        let mut v: Vec<UsageReport> = self
            .usage
            .iter()
            .map(|((c, d), u)| UsageReport {
                client_id: c.clone(),
                division: *d,
                used_today: if u.day == day { u.day_count } else { 0 },
                used_this_minute: if u.minute == minute {
                    u.minute_count
                } else {
                    0
                },
            })
            .collect();
        v.sort_by(|a, b| (&a.client_id, a.division).cmp(&(&b.client_id, b.division)));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minute_window_is_clock_aligned() {
        let mut l = Limiter::default();
        let t = 1_700_000_080_000; // 40 s into a minute
        for _ in 0..2 {
            assert!(matches!(
                l.check("a", 1, t, 2, 10, false, 0),
                Verdict::Allowed(_)
            ));
        }
        let Verdict::Refused(h) = l.check("a", 1, t, 2, 10, false, 0) else {
            panic!()
        };
        assert_eq!(h.len(), 3);
        assert_eq!(h[2].1, (1_700_000_100_000_i64).to_string());
        assert!(matches!(
            l.check("a", 1, t + 20_000, 2, 10, false, 0),
            Verdict::Allowed(_)
        ));
    }
}
