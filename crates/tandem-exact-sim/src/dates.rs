//! Date arithmetic and Exact's date encodings, without a date crate.
//!
//! Exact sends dates as `"/Date(ms)/"` holding the company's local wall-clock
//! time encoded as if it were UTC, takes ISO `YYYY-MM-DDTHH:MM:SS` on writes,
//! and `$filter` has `datetime'...'` literals. The few conversions needed are
//! small enough to own (civil-from-days per Howard Hinnant's algorithms).

/// Milliseconds in a day.
pub(crate) const DAY_MS: i64 = 86_400_000;

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number since 1970-01-01.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `"/Date(ms)/"`, Exact's JSON date form.
pub(crate) fn wire(ms: i64) -> String {
    format!("/Date({ms})/")
}

/// The milliseconds of a `"/Date(ms)/"` string.
pub(crate) fn parse_wire(s: &str) -> Option<i64> {
    s.strip_prefix("/Date(")?.strip_suffix(")/")?.parse().ok()
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]][Z]` as milliseconds of
/// that wall-clock time read as UTC (Exact does not shift zones).
pub(crate) fn parse_iso(s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z').unwrap_or(s);
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut dp = date.split('-');
    let y: i64 = dp.next()?.parse().ok()?;
    let m: u32 = dp.next()?.parse().ok()?;
    let d: u32 = dp.next()?.parse().ok()?;
    if dp.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) || date.len() != 10 {
        return None;
    }
    let mut ms = days_from_civil(y, m, d) * DAY_MS;
    if let Some(t) = time {
        let (hms, frac) = match t.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (t, None),
        };
        let mut tp = hms.split(':');
        let h: i64 = tp.next()?.parse().ok()?;
        let mi: i64 = tp.next()?.parse().ok()?;
        let sec: i64 = match tp.next() {
            Some(v) => v.parse().ok()?,
            None => 0,
        };
        if tp.next().is_some() || h > 23 || mi > 59 || sec > 59 {
            return None;
        }
        ms += (h * 3600 + mi * 60 + sec) * 1000;
        if let Some(f) = frac {
            let digits: String = f.chars().take(3).collect();
            if !f.chars().all(|c| c.is_ascii_digit()) || digits.is_empty() {
                return None;
            }
            let v: i64 = digits.parse().ok()?;
            ms += v * 10_i64.pow(3 - digits.len() as u32);
        }
    }
    Some(ms)
}

/// `YYYY-MM-DDTHH:MM:SSZ` of a UTC instant, for messages and the control API.
pub(crate) fn iso(ms: i64) -> String {
    let days = ms.div_euclid(DAY_MS);
    let rem = ms.rem_euclid(DAY_MS) / 1000;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// Dutch (and Belgian) wall-clock time of a UTC instant, as Exact stores
/// dates: CET, or CEST between the last Sundays of March and October at
/// 01:00 UTC.
pub(crate) fn local_wall_clock(utc_ms: i64) -> i64 {
    let (y, _, _) = civil_from_days(utc_ms.div_euclid(DAY_MS));
    let last_sunday = |month: u32| {
        let last = days_from_civil(y, month, 31);
        // 1970-01-01 was a Thursday: (days + 4) % 7 == 0 is a Sunday.
        last - (last + 4).rem_euclid(7)
    };
    let start = last_sunday(3) * DAY_MS + 3_600_000;
    let end = last_sunday(10) * DAY_MS + 3_600_000;
    let offset = if utc_ms >= start && utc_ms < end {
        2
    } else {
        1
    };
    utc_ms + offset * 3_600_000
}

/// The start of the UTC day holding `ms`, and of the next one.
pub(crate) fn next_utc_midnight(ms: i64) -> i64 {
    (ms.div_euclid(DAY_MS) + 1) * DAY_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(parse_iso("1970-01-02"), Some(DAY_MS));
        assert_eq!(parse_iso("2023-01-01T00:00:00Z"), Some(1_672_531_200_000));
        assert_eq!(iso(1_672_531_200_000), "2023-01-01T00:00:00Z");
        assert_eq!(parse_wire("/Date(5)/"), Some(5));
        assert_eq!(parse_iso("2023-13-01"), None);
        // 2024-07-01 12:00 UTC is 14:00 in Amsterdam; 2024-01-01 is +1.
        let summer = parse_iso("2024-07-01T12:00:00").unwrap();
        assert_eq!(local_wall_clock(summer) - summer, 7_200_000);
        let winter = parse_iso("2024-01-01T12:00:00").unwrap();
        assert_eq!(local_wall_clock(winter) - winter, 3_600_000);
    }
}
