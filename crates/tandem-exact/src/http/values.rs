//! Exact Online's value quirks: `/Date(ms)/` date-times that are the
//! company's local wall clock encoded as if it were UTC, codes padded with
//! spaces to a fixed width, and flags that are sometimes 0/1 numbers.

use chrono::{DateTime, NaiveDateTime};

/// Parses `/Date(1382667872203)/` (an optional `+0100` offset is ignored:
/// the number already is the wall-clock time) into a naive date-time. Never
/// shifted by the machine's time zone.
pub fn parse_date(s: &str) -> Option<NaiveDateTime> {
    let inner = s.trim().strip_prefix("/Date(")?.strip_suffix(")/")?;
    // An offset suffix, if any, starts at the last sign after the first char.
    let end = inner[1..]
        .find(['+', '-'])
        .map(|i| i + 1)
        .unwrap_or(inner.len());
    let ms: i64 = inner[..end].parse().ok()?;
    DateTime::from_timestamp_millis(ms).map(|d| d.naive_utc())
}

/// The wire form of a date-time for writes and `$filter`: ISO without a zone.
pub fn format_date(d: NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// `/Date(ms)/` of a naive date-time (what the service would send back).
pub fn wire_date(d: NaiveDateTime) -> String {
    format!("/Date({})/", d.and_utc().timestamp_millis())
}

/// A padded code as users see it: without the padding.
pub fn trim_code(s: &str) -> &str {
    s.trim()
}

/// Width of Account `Code` on the service.
pub const ACCOUNT_CODE_WIDTH: usize = 18;

/// A code as the service stores it: right-aligned, space-padded to `width`
/// (Account `Code`: 18). Needed in `$filter` and on writes.
pub fn pad_code(code: &str, width: usize) -> String {
    format!("{:>width$}", code.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn dates_stay_on_the_wall_clock() {
        let d = parse_date("/Date(1382667872203)/").unwrap();
        assert_eq!(format_date(d), "2013-10-25T02:24:32");
        // Local midnight stays midnight whatever the machine's zone is.
        let midnight = parse_date("/Date(1420070400000)/").unwrap();
        assert_eq!(
            midnight,
            NaiveDate::from_ymd_opt(2015, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
        );
        assert_eq!(wire_date(midnight), "/Date(1420070400000)/");
        assert_eq!(
            parse_date("/Date(1420070400000+0100)/"),
            Some(midnight),
            "offsets are ignored"
        );
        assert!(parse_date("/Date(-86400000)/").is_some());
        assert_eq!(parse_date("2015-01-01"), None);
    }

    #[test]
    fn codes_pad_right_aligned() {
        assert_eq!(pad_code("1", 18), "                 1");
        assert_eq!(pad_code(" 42 ", 18).len(), 18);
        assert_eq!(trim_code("                 1"), "1");
        assert_eq!(trim_code("NL "), "NL");
    }
}
