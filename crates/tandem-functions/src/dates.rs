//! Date functions: `sysdate`, `sysdateutc`, `to_char(date)`, `to_date`,
//! `add_months`, `trunc(date)`.
//!
//! Dates come in and go out as the engine's ISO text; a result keeps the
//! shape of its input, so `add_months('2026-01-31', 1)` is `2026-02-28`
//! without a time, while a value with a time keeps it.

use chrono::{Datelike, Local, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use rusqlite::functions::Context;
use rusqlite::types::Value;

use crate::error::{Error, Result};
use crate::format::{parse_date, Case, DateElement};
use crate::value::{date_arg, int_arg, parse_iso, text_of, IsoDate};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
/// Oracle pads `MONTH` and `DAY` to the longest name unless `FM` is on.
const NAME_WIDTH: usize = 9;

fn iso_seconds(at: NaiveDateTime) -> Value {
    Value::Text(at.format("%Y-%m-%d %H:%M:%S").to_string())
}

/// `sysdate`: the local date and time, to the second.
pub(crate) fn sysdate(_: &Context<'_>) -> Result<Value> {
    Ok(iso_seconds(Local::now().naive_local()))
}

/// `sysdateutc`: the date and time in UTC, to the second.
pub(crate) fn sysdateutc(_: &Context<'_>) -> Result<Value> {
    Ok(iso_seconds(Utc::now().naive_utc()))
}

/// `to_char(date [, fmt])`; without a format the ISO text itself.
pub(crate) fn to_char(date: IsoDate, format: Option<&str>) -> Result<Value> {
    let Some(format) = format else {
        return Ok(date.to_sql());
    };
    let elements = parse_date(format).map_err(|reason| Error::format("to_char", format, reason))?;
    Ok(Value::Text(render(date.at, &elements)))
}

fn render(at: NaiveDateTime, elements: &[DateElement]) -> String {
    let mut out = String::new();
    let mut fill = false;
    let number = |out: &mut String, n: u32, width: usize, fill: bool| {
        if fill {
            out.push_str(&n.to_string());
        } else {
            out.push_str(&format!("{n:0width$}"));
        }
    };
    let name = |out: &mut String, text: &str, case: Case, fill: bool, pad: bool| {
        let text = case.apply(text);
        if pad && !fill {
            out.push_str(&format!("{text:<NAME_WIDTH$}"));
        } else {
            out.push_str(&text);
        }
    };
    let month = at.month0() as usize;
    let weekday = at.weekday().num_days_from_monday() as usize;
    for element in elements {
        match element {
            DateElement::Year4 => out.push_str(&format!("{:04}", at.year())),
            DateElement::Year2 => number(&mut out, at.year().rem_euclid(100) as u32, 2, false),
            DateElement::Month => number(&mut out, at.month(), 2, fill),
            DateElement::MonthAbbr(case) => name(&mut out, &MONTHS[month][..3], *case, fill, false),
            DateElement::MonthName(case) => name(&mut out, MONTHS[month], *case, fill, true),
            DateElement::Day => number(&mut out, at.day(), 2, fill),
            DateElement::Weekday => number(&mut out, weekday as u32 + 1, 1, fill),
            DateElement::WeekdayAbbr(case) => {
                name(&mut out, &WEEKDAYS[weekday][..3], *case, fill, false)
            }
            DateElement::WeekdayName(case) => name(&mut out, WEEKDAYS[weekday], *case, fill, true),
            DateElement::Hour12 => number(&mut out, at.hour12().1, 2, fill),
            DateElement::Hour24 => number(&mut out, at.hour(), 2, fill),
            DateElement::Minute => number(&mut out, at.minute(), 2, fill),
            DateElement::Second => number(&mut out, at.second(), 2, fill),
            DateElement::Meridian(case) => {
                let text = if at.hour12().0 { "PM" } else { "AM" };
                name(&mut out, text, *case, fill, false);
            }
            DateElement::FillMode => fill = !fill,
            DateElement::Literal(text) => out.push_str(text),
        }
    }
    out
}

/// `to_date(text [, fmt])`: reads `text` by the format model and returns ISO
/// text, without a time when the model has no time elements. Without a
/// format the text must be ISO already.
pub(crate) fn to_date(ctx: &Context<'_>) -> Result<Value> {
    let Some(text) = text_of(ctx.get_raw(0)) else {
        return Ok(Value::Null);
    };
    if ctx.len() == 1 {
        return parse_iso(&text).map(IsoDate::to_sql).ok_or_else(|| {
            Error::value(
                "to_date",
                &text,
                "is not a date (expected YYYY-MM-DD [HH:MI:SS])",
            )
        });
    }
    let Some(format) = text_of(ctx.get_raw(1)) else {
        return Ok(Value::Null);
    };
    let elements =
        parse_date(&format).map_err(|reason| Error::format("to_date", &format, reason))?;
    let mismatch = |reason: String| {
        let mut message = format!("does not match format '{format}'");
        if !reason.is_empty() {
            message = format!("{message}: {reason}");
        }
        Error::value("to_date", &text, message)
    };
    let at = read(text.trim(), &elements).map_err(mismatch)?;
    Ok(IsoDate {
        at,
        has_time: elements.iter().any(DateElement::is_time),
    }
    .to_sql())
}

/// Fields read so far; a missing year or month is today's (as in Oracle), a
/// missing day the first.
#[derive(Default)]
struct Fields {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    hour: Option<u32>,
    hour12: bool,
    pm: Option<bool>,
    minute: u32,
    second: u32,
}

fn read(mut input: &str, elements: &[DateElement]) -> std::result::Result<NaiveDateTime, String> {
    let mut f = Fields::default();
    for element in elements {
        match element {
            DateElement::Year4 => f.year = Some(take_number(&mut input, 4)? as i32),
            DateElement::Year2 => {
                let century = Local::now().year() / 100 * 100;
                f.year = Some(century + take_number(&mut input, 2)? as i32);
            }
            DateElement::Month => f.month = Some(take_number(&mut input, 2)?),
            DateElement::MonthAbbr(_) | DateElement::MonthName(_) => {
                f.month = Some(take_name(&mut input, &MONTHS)? as u32 + 1)
            }
            DateElement::Day => f.day = Some(take_number(&mut input, 2)?),
            DateElement::Weekday => {
                take_number(&mut input, 1)?;
            }
            DateElement::WeekdayAbbr(_) | DateElement::WeekdayName(_) => {
                take_name(&mut input, &WEEKDAYS)?;
            }
            DateElement::Hour12 => {
                f.hour = Some(take_number(&mut input, 2)?);
                f.hour12 = true;
            }
            DateElement::Hour24 => f.hour = Some(take_number(&mut input, 2)?),
            DateElement::Minute => f.minute = take_number(&mut input, 2)?,
            DateElement::Second => f.second = take_number(&mut input, 2)?,
            DateElement::Meridian(_) => f.pm = Some(take_meridian(&mut input)?),
            DateElement::FillMode => {}
            DateElement::Literal(text) => take_literal(&mut input, text)?,
        }
    }
    if !input.is_empty() {
        return Err(format!("'{input}' is left over"));
    }
    let today = Local::now().date_naive();
    let year = f.year.unwrap_or(today.year());
    let month = f.month.unwrap_or(today.month());
    let day = f.day.unwrap_or(1);
    if !(1..=12).contains(&month) {
        return Err(format!("month {month} does not exist"));
    }
    let date = NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("{} {year} has no day {day}", MONTHS[month as usize - 1]))?;
    let hour = match (f.hour, f.hour12, f.pm) {
        (Some(h), true, _) if !(1..=12).contains(&h) => {
            return Err(format!("hour {h} is not between 1 and 12"))
        }
        (Some(h), true, pm) => h % 12 + if pm == Some(true) { 12 } else { 0 },
        (Some(h), false, _) => h,
        (None, _, pm) => {
            if pm == Some(true) {
                12
            } else {
                0
            }
        }
    };
    let time = NaiveTime::from_hms_opt(hour, f.minute, f.second).ok_or_else(|| {
        format!(
            "{hour:02}:{:02}:{:02} is not a time of day",
            f.minute, f.second
        )
    })?;
    Ok(date.and_time(time))
}

/// Up to `max` digits; fewer are fine (`5-1-2026` reads as `DD-MM-YYYY`).
fn take_number(input: &mut &str, max: usize) -> std::result::Result<u32, String> {
    let len = input
        .bytes()
        .take(max)
        .take_while(u8::is_ascii_digit)
        .count();
    if len == 0 {
        return Err(String::new());
    }
    let (digits, rest) = input.split_at(len);
    *input = rest;
    Ok(digits.parse().expect("ASCII digits"))
}

/// A full or three-letter English name, any case; its index.
fn take_name(input: &mut &str, names: &[&str]) -> std::result::Result<usize, String> {
    for width in [None, Some(3)] {
        for (i, name) in names.iter().enumerate() {
            let name = width.map_or(*name, |w| &name[..w]);
            if input
                .get(..name.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(name))
            {
                *input = &input[name.len()..];
                return Ok(i);
            }
        }
    }
    Err(String::new())
}

/// `AM`, `PM`, `A.M.` or `P.M.`; whether it is PM.
fn take_meridian(input: &mut &str) -> std::result::Result<bool, String> {
    for (text, pm) in [("A.M.", false), ("P.M.", true), ("AM", false), ("PM", true)] {
        if input
            .get(..text.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(text))
        {
            *input = &input[text.len()..];
            return Ok(pm);
        }
    }
    Err(String::new())
}

/// A separator matches any one punctuation character or blank, or nothing
/// (Oracle is as lenient: `20261126` reads as `YYYY-MM-DD`); quoted text
/// must be there, in any case.
fn take_literal(input: &mut &str, text: &str) -> std::result::Result<(), String> {
    if text.chars().count() == 1 && is_separator(text.chars().next().unwrap_or(' ')) {
        if let Some(c) = input.chars().next().filter(|c| is_separator(*c)) {
            *input = &input[c.len_utf8()..];
        }
        return Ok(());
    }
    match input.get(..text.len()) {
        Some(head) if head.eq_ignore_ascii_case(text) => {
            *input = &input[text.len()..];
            Ok(())
        }
        _ => Err(format!("expected \"{text}\"")),
    }
}

fn is_separator(c: char) -> bool {
    c.is_ascii_punctuation() || c.is_whitespace()
}

/// `add_months(date, n)`, with Oracle's end-of-month rule: the last day of
/// a month maps to the last day of the target month, and a day the target
/// month lacks becomes its last day.
pub(crate) fn add_months(ctx: &Context<'_>) -> Result<Value> {
    let Some(date) = date_arg("add_months", ctx.get_raw(0))? else {
        return Ok(Value::Null);
    };
    let Some(n) = int_arg("add_months", ctx.get_raw(1))? else {
        return Ok(Value::Null);
    };
    let d = date.at.date();
    let total = i64::from(d.year()) * 12 + i64::from(d.month0()) + n;
    let out_of_range = || {
        Error::value(
            "add_months",
            &n.to_string(),
            "months take the date out of range",
        )
    };
    let year = i32::try_from(total.div_euclid(12)).map_err(|_| out_of_range())?;
    let month = total.rem_euclid(12) as u32 + 1;
    let last = last_day(year, month).ok_or_else(out_of_range)?;
    let day = if Some(d.day()) == last_day(d.year(), d.month()) {
        last
    } else {
        d.day().min(last)
    };
    let new = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(out_of_range)?;
    Ok(IsoDate {
        at: new.and_time(date.at.time()),
        has_time: date.has_time,
    }
    .to_sql())
}

fn last_day(year: i32, month: u32) -> Option<u32> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some(first_next.pred_opt()?.day())
}

/// `trunc(date [, unit])`: the start of the day (default), ISO week (`IW`,
/// Monday), month (`MM`), quarter (`Q`) or year (`YYYY`), as a date without
/// a time; or of the hour (`HH`) or minute (`MI`), with one.
pub(crate) fn trunc(date: IsoDate, unit: Option<&str>) -> Result<Value> {
    let d = date.at.date();
    let day_start = |d: NaiveDate| IsoDate {
        at: d.and_time(NaiveTime::MIN),
        has_time: false,
    };
    let unit_upper = unit.unwrap_or("DD").trim().to_ascii_uppercase();
    let truncated = match unit_upper.as_str() {
        "DD" | "DDD" | "J" => day_start(d),
        "IW" => day_start(d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday()))),
        "MM" | "MON" | "MONTH" | "RM" => day_start(d.with_day(1).expect("day 1 exists")),
        "Q" => day_start(
            NaiveDate::from_ymd_opt(d.year(), d.month0() / 3 * 3 + 1, 1)
                .expect("quarter start exists"),
        ),
        "YYYY" | "YYY" | "YY" | "Y" | "YEAR" | "SYYYY" | "SYEAR" | "RRRR" | "RR" => {
            day_start(NaiveDate::from_ymd_opt(d.year(), 1, 1).expect("1 January exists"))
        }
        "HH" | "HH12" | "HH24" => IsoDate {
            at: d
                .and_hms_opt(date.at.hour(), 0, 0)
                .expect("same hour exists"),
            has_time: true,
        },
        "MI" => IsoDate {
            at: d
                .and_hms_opt(date.at.hour(), date.at.minute(), 0)
                .expect("same minute exists"),
            has_time: true,
        },
        _ => {
            return Err(Error::format(
                "trunc",
                unit.unwrap_or_default(),
                "unknown unit (expected DD, IW, MM, Q, YYYY, HH or MI)",
            ))
        }
    };
    Ok(truncated.to_sql())
}

#[cfg(test)]
mod tests {
    use crate::testing::*;
    use rusqlite::types::Value;

    #[test]
    fn sysdate_is_iso_to_the_second() {
        for f in ["sysdate()", "sysdateutc()"] {
            let now = text(f);
            assert_eq!(now.len(), 19, "{now}");
            assert!(crate::value::parse_iso(&now).unwrap().has_time);
        }
    }

    #[test]
    fn to_char_dates() {
        let at = "'2026-03-05 14:07:09'";
        for (format, expected) in [
            ("YYYY-MM-DD", "2026-03-05"),
            ("DD-MM-YYYY HH24:MI:SS", "05-03-2026 14:07:09"),
            ("DD/MM/YY", "05/03/26"),
            ("HH:MI AM", "02:07 PM"),
            ("hh12.mi pm", "02.07 pm"),
            ("DD MON YYYY", "05 MAR 2026"),
            ("Mon", "Mar"),
            ("MONTH", "MARCH    "),
            ("FMMonth DD, YYYY", "March 5, 2026"),
            ("FMDD-MM FMDD-MM", "5-3 05-03"),
            ("D DY Day", "4 THU Thursday "),
            ("\"week of\" YYYY;MM", "week of 2026;03"),
        ] {
            assert_eq!(
                text(&format!("to_char({at}, '{format}')")),
                expected,
                "{format}"
            );
        }
        assert_eq!(text("to_char('2026-03-05T00:30:00', 'HH12 AM')"), "12 AM");
        assert_eq!(text("to_char('2026-03-05')"), "2026-03-05");
        assert_eq!(
            text("to_char('2026-03-05T01:02:03')"),
            "2026-03-05 01:02:03"
        );
    }

    #[test]
    fn to_char_refuses_unknown_elements() {
        assert_eq!(
            error("to_char('2026-03-05', 'YYYY-QQ')"),
            "to_char: unknown format element at 'QQ' in format 'YYYY-QQ'"
        );
    }

    #[test]
    fn to_date_reads_by_format() {
        for (input, format, expected) in [
            ("26-11-2026", "DD-MM-YYYY", "2026-11-26"),
            ("5-1-2026", "DD-MM-YYYY", "2026-01-05"),
            ("20261126", "YYYYMMDD", "2026-11-26"),
            ("2026/11/26", "YYYY-MM-DD", "2026-11-26"),
            ("26 nov 2026", "DD MON YYYY", "2026-11-26"),
            ("November 26, 2026", "Month DD, YYYY", "2026-11-26"),
            (
                "26-11-2026 14:30",
                "DD-MM-YYYY HH24:MI",
                "2026-11-26 14:30:00",
            ),
            (
                "26-11-2026 02:30:15 PM",
                "DD-MM-YYYY HH:MI:SS AM",
                "2026-11-26 14:30:15",
            ),
            (
                "26-11-2026 12:00 a.m.",
                "DD-MM-YYYY HH:MI AM",
                "2026-11-26 00:00:00",
            ),
            (" 26-11-2026 ", "DD-MM-YYYY", "2026-11-26"),
            ("week 2026-11", "\"WEEK\" YYYY-MM", "2026-11-01"),
        ] {
            assert_eq!(
                text(&format!("to_date('{input}', '{format}')")),
                expected,
                "{input} / {format}"
            );
        }
        assert_eq!(
            text("to_date('2026-11-26T08:00:00')"),
            "2026-11-26 08:00:00"
        );
        assert_eq!(text("to_date(20261126, 'YYYYMMDD')"), "2026-11-26");
    }

    #[test]
    fn to_date_errors_name_value_and_format() {
        assert_eq!(
            error("to_date('31-02-2026', 'DD-MM-YYYY')"),
            "to_date: '31-02-2026' does not match format 'DD-MM-YYYY': February 2026 has no day 31"
        );
        assert_eq!(
            error("to_date('26-11', 'DD-MM-YYYY')"),
            "to_date: '26-11' does not match format 'DD-MM-YYYY'"
        );
        assert_eq!(
            error("to_date('26-11-2026x', 'DD-MM-YYYY')"),
            "to_date: '26-11-2026x' does not match format 'DD-MM-YYYY': 'x' is left over"
        );
        assert_eq!(
            error("to_date('26-13-2026', 'DD-MM-YYYY')"),
            "to_date: '26-13-2026' does not match format 'DD-MM-YYYY': month 13 does not exist"
        );
        assert_eq!(
            error("to_date('13:00 PM', 'HH:MI AM')"),
            "to_date: '13:00 PM' does not match format 'HH:MI AM': hour 13 is not between 1 and 12"
        );
        assert_eq!(
            error("to_date('26-11-2026', 'DD-MM-JJJJ')"),
            "to_date: unknown format element at 'JJJJ' in format 'DD-MM-JJJJ'"
        );
        assert_eq!(
            error("to_date('26-11-2026')"),
            "to_date: '26-11-2026' is not a date (expected YYYY-MM-DD [HH:MI:SS])"
        );
    }

    #[test]
    fn to_date_nulls() {
        assert_eq!(eval("to_date(null, 'YYYY')"), Value::Null);
        assert_eq!(eval("to_date('2026', null)"), Value::Null);
        assert_eq!(eval("to_date(null)"), Value::Null);
    }

    #[test]
    fn add_months_end_of_month_rule() {
        for (date, n, expected) in [
            ("2026-01-15", 1, "2026-02-15"),
            ("2026-01-31", 1, "2026-02-28"),
            ("2024-01-31", 1, "2024-02-29"),
            ("2026-02-28", 1, "2026-03-31"),
            ("2026-04-30", 1, "2026-05-31"),
            ("2026-03-31", -1, "2026-02-28"),
            ("2026-11-26", 14, "2028-01-26"),
            ("2026-11-26", -11, "2025-12-26"),
            ("2026-11-26 14:30:00", 1, "2026-12-26 14:30:00"),
        ] {
            assert_eq!(
                text(&format!("add_months('{date}', {n})")),
                expected,
                "{date} + {n}"
            );
        }
        assert_eq!(text("add_months('2026-01-15', 1.9)"), "2026-02-15");
        assert_eq!(text("add_months('2026-01-15', '2')"), "2026-03-15");
    }

    #[test]
    fn add_months_nulls_and_errors() {
        assert_eq!(eval("add_months(null, 1)"), Value::Null);
        assert_eq!(eval("add_months('2026-01-01', null)"), Value::Null);
        assert_eq!(
            error("add_months('26-11-2026', 1)"),
            "add_months: '26-11-2026' is not a date (expected YYYY-MM-DD [HH:MI:SS])"
        );
        assert_eq!(
            error("add_months('2026-11-26', 'one')"),
            "add_months: 'one' is not a number"
        );
        assert_eq!(
            error("add_months('2026-11-26', 9000000000000000000)"),
            "add_months: '9000000000000000000' months take the date out of range"
        );
    }

    #[test]
    fn trunc_dates() {
        let at = "'2026-11-26 14:37:12'";
        for (unit, expected) in [
            ("DD", "2026-11-26"),
            ("dd", "2026-11-26"),
            ("MM", "2026-11-01"),
            ("MON", "2026-11-01"),
            ("Q", "2026-10-01"),
            ("YYYY", "2026-01-01"),
            ("YEAR", "2026-01-01"),
            ("IW", "2026-11-23"),
            ("HH24", "2026-11-26 14:00:00"),
            ("MI", "2026-11-26 14:37:00"),
        ] {
            assert_eq!(text(&format!("trunc({at}, '{unit}')")), expected, "{unit}");
        }
        assert_eq!(text(&format!("trunc({at})")), "2026-11-26");
        assert_eq!(
            error(&format!("trunc({at}, 'WEEK')")),
            "trunc: unknown unit (expected DD, IW, MM, Q, YYYY, HH or MI) in format 'WEEK'"
        );
    }
}
