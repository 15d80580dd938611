//! [`DateTime`], the Smithy `timestamp`, and its three wire formats (`date-time`,
//! `http-date`, `epoch-seconds`).
//!
//! Date handling is written by hand (a few civil-calendar formulas) instead of going through a
//! date crate: the three wire formats are small and fixed, and owning the code lets the parser
//! accept exactly what servers send (offsets, any number of fractional digits) while the
//! formatter always writes the canonical form.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A point in time with nanosecond precision, stored as seconds since the Unix epoch plus a
/// sub-second part.
///
/// `nanos` is always in `0..1_000_000_000` and counts *forward* from `seconds`, so
/// `1969-12-31T23:59:59.5Z` is `{ seconds: -1, nanos: 500_000_000 }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    seconds: i64,
    nanos: u32,
}

/// The textual or numeric representation a timestamp takes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// Seconds since the Unix epoch, with an optional fraction (`1515531081.123`).
    EpochSeconds,
    /// RFC 3339 / ISO 8601 (`2019-12-16T23:48:18.52Z`).
    DateTime,
    /// IMF-fixdate as used in HTTP headers (`Tue, 29 Apr 2014 18:30:38 GMT`).
    HttpDate,
}

/// A timestamp string could not be parsed in the requested format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    format: TimestampFormat,
    reason: &'static str,
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = match self.format {
            TimestampFormat::EpochSeconds => "epoch-seconds",
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
        };
        write!(f, "invalid {format} timestamp: {}", self.reason)
    }
}

impl std::error::Error for DateTimeParseError {}

/// A [`DateTime`] does not fit into the platform's [`SystemTime`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeOutOfRangeError {
    value: DateTime,
}

impl fmt::Display for DateTimeOutOfRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "timestamp {}.{:09} is outside the range of SystemTime",
            self.value.seconds, self.value.nanos
        )
    }
}

impl std::error::Error for DateTimeOutOfRangeError {}

const NANOS_PER_SEC: u32 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;

impl DateTime {
    /// A timestamp at a whole number of seconds since the epoch.
    pub const fn from_secs(seconds: i64) -> Self {
        Self { seconds, nanos: 0 }
    }

    /// A timestamp from seconds plus nanoseconds; nanoseconds beyond one second carry over.
    pub const fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Self {
        Self {
            seconds: seconds.saturating_add((nanos / NANOS_PER_SEC) as i64),
            nanos: nanos % NANOS_PER_SEC,
        }
    }

    /// A timestamp from fractional epoch seconds (`1.5` is 1500 ms after the epoch).
    ///
    /// The fraction is taken from the shortest decimal text that round-trips the `f64`, so a JSON
    /// number like `1515531081.123` yields exactly 123 ms instead of `122999906` ns of binary
    /// noise. NaN maps to the epoch and out-of-range values saturate (no panic).
    pub fn from_fractional_secs(value: f64) -> Self {
        if value.is_nan() {
            return Self::from_secs(0);
        }
        if value >= 9.0e18 {
            return Self::from_secs(i64::MAX);
        }
        if value <= -9.0e18 {
            return Self::from_secs(i64::MIN);
        }
        if value.fract() == 0.0 {
            return Self::from_secs(value as i64);
        }
        // `{}` on f64 never uses exponent notation, so the epoch parser can read it back.
        let text = value.to_string();
        parse_epoch_seconds(&text).unwrap_or_else(|_| {
            let whole = value.floor();
            let nanos = ((value - whole) * 1e9).round() as u32;
            Self::from_secs_and_nanos(whole as i64, nanos)
        })
    }

    /// Whole seconds since the epoch (rounded towards negative infinity).
    pub const fn secs(&self) -> i64 {
        self.seconds
    }

    /// The sub-second part in nanoseconds, always counting forward from [`secs`](Self::secs).
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Seconds since the epoch as a float (loses precision far from the epoch).
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.nanos) / 1e9
    }

    /// Parses `text` in the given wire format.
    pub fn parse(text: &str, format: TimestampFormat) -> Result<Self, DateTimeParseError> {
        match format {
            TimestampFormat::EpochSeconds => parse_epoch_seconds(text),
            TimestampFormat::DateTime => parse_rfc3339(text),
            TimestampFormat::HttpDate => parse_http_date(text),
        }
    }

    /// Formats the timestamp in the given wire format (always UTC).
    pub fn fmt(&self, format: TimestampFormat) -> String {
        let mut out = String::with_capacity(32);
        match format {
            TimestampFormat::EpochSeconds => self.write_epoch_seconds(&mut out),
            TimestampFormat::DateTime => self.write_rfc3339(&mut out),
            TimestampFormat::HttpDate => self.write_http_date(&mut out),
        }
        out
    }

    pub(crate) fn write_epoch_seconds(&self, out: &mut String) {
        use fmt::Write as _;
        if self.nanos == 0 {
            let _ = write!(out, "{}", self.seconds);
            return;
        }
        // Render sign and magnitude separately so `{-1, 500ms}` prints as `-0.5`.
        let (negative, whole, frac) = if self.seconds < 0 {
            (
                true,
                (self.seconds + 1).unsigned_abs(),
                NANOS_PER_SEC - self.nanos,
            )
        } else {
            (false, self.seconds.unsigned_abs(), self.nanos)
        };
        if negative {
            out.push('-');
        }
        let _ = write!(out, "{whole}.");
        push_trimmed_fraction(out, frac, false);
    }

    fn civil(&self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.seconds.div_euclid(SECS_PER_DAY);
        let secs_of_day = self.seconds.rem_euclid(SECS_PER_DAY) as u32;
        let (year, month, day) = civil_from_days(days);
        (
            year,
            month,
            day,
            secs_of_day / 3600,
            secs_of_day / 60 % 60,
            secs_of_day % 60,
        )
    }

    pub(crate) fn write_rfc3339(&self, out: &mut String) {
        use fmt::Write as _;
        let (year, month, day, hour, minute, second) = self.civil();
        let _ = write!(
            out,
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"
        );
        if self.nanos != 0 {
            out.push('.');
            push_trimmed_fraction(out, self.nanos, true);
        }
        out.push('Z');
    }

    pub(crate) fn write_http_date(&self, out: &mut String) {
        use fmt::Write as _;
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        let (year, month, day, hour, minute, second) = self.civil();
        // Day 0 (1970-01-01) was a Thursday.
        let weekday = DAYS[self.seconds.div_euclid(SECS_PER_DAY).rem_euclid(7) as usize];
        let month = MONTHS[(month - 1) as usize];
        let _ = write!(
            out,
            "{weekday}, {day:02} {month} {year:04} {hour:02}:{minute:02}:{second:02}"
        );
        if self.nanos != 0 {
            out.push('.');
            push_trimmed_fraction(out, self.nanos, true);
        }
        out.push_str(" GMT");
    }
}

/// Writes `nanos` as a decimal fraction without the leading dot. With `groups`, trailing zeros
/// are trimmed only down to milli/micro/nano precision (`.520`), otherwise completely (`.52`).
fn push_trimmed_fraction(out: &mut String, nanos: u32, groups: bool) {
    use fmt::Write as _;
    if groups {
        if nanos.is_multiple_of(1_000_000) {
            let _ = write!(out, "{:03}", nanos / 1_000_000);
        } else if nanos.is_multiple_of(1_000) {
            let _ = write!(out, "{:06}", nanos / 1_000);
        } else {
            let _ = write!(out, "{nanos:09}");
        }
    } else {
        let mut digits = 9;
        let mut value = nanos;
        while value.is_multiple_of(10) && digits > 1 {
            value /= 10;
            digits -= 1;
        }
        let _ = write!(out, "{value:0digits$}");
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::with_capacity(32);
        self.write_rfc3339(&mut out);
        f.write_str(&out)
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(d) => Self::from_secs_and_nanos(
                i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                d.subsec_nanos(),
            ),
            Err(e) => {
                let d = e.duration();
                let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                if d.subsec_nanos() == 0 {
                    Self::from_secs(-secs)
                } else {
                    Self {
                        seconds: -secs - 1,
                        nanos: NANOS_PER_SEC - d.subsec_nanos(),
                    }
                }
            }
        }
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = DateTimeOutOfRangeError;

    fn try_from(value: DateTime) -> Result<Self, Self::Error> {
        let err = DateTimeOutOfRangeError { value };
        let base = if value.seconds >= 0 {
            UNIX_EPOCH.checked_add(Duration::from_secs(value.seconds.unsigned_abs()))
        } else {
            UNIX_EPOCH.checked_sub(Duration::from_secs(value.seconds.unsigned_abs()))
        };
        base.and_then(|t| t.checked_add(Duration::from_nanos(u64::from(value.nanos))))
            .ok_or(err)
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A tiny cursor over ASCII input; every accessor is bounds-checked so malformed input only
/// ever produces an error.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    format: TimestampFormat,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, format: TimestampFormat) -> Self {
        Self {
            bytes: text.as_bytes(),
            pos: 0,
            format,
        }
    }

    fn err(&self, reason: &'static str) -> DateTimeParseError {
        DateTimeParseError {
            format: self.format,
            reason,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8, reason: &'static str) -> Result<(), DateTimeParseError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.err(reason))
        }
    }

    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize, reason: &'static str) -> Result<u32, DateTimeParseError> {
        let mut value = 0u32;
        for _ in 0..n {
            match self.peek() {
                Some(b @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(b - b'0');
                    self.pos += 1;
                }
                _ => return Err(self.err(reason)),
            }
        }
        Ok(value)
    }

    /// One or more digits after a dot, as nanoseconds; digits past the ninth are truncated.
    fn fraction(&mut self) -> Result<u32, DateTimeParseError> {
        let mut nanos = 0u32;
        let mut count = 0usize;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            if count < 9 {
                nanos = nanos * 10 + u32::from(b - b'0');
            }
            count += 1;
            self.pos += 1;
        }
        if count == 0 {
            return Err(self.err("expected digits after the decimal point"));
        }
        for _ in count..9 {
            nanos *= 10;
        }
        Ok(nanos)
    }

    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

fn parse_epoch_seconds(text: &str) -> Result<DateTime, DateTimeParseError> {
    let mut c = Cursor::new(text.trim(), TimestampFormat::EpochSeconds);
    let negative = if c.eat(b'-') {
        true
    } else {
        c.eat(b'+');
        false
    };
    let mut whole: i64 = 0;
    let mut any = false;
    while let Some(b @ b'0'..=b'9') = c.peek() {
        whole = whole
            .checked_mul(10)
            .and_then(|w| w.checked_add(i64::from(b - b'0')))
            .ok_or_else(|| c.err("value out of range"))?;
        any = true;
        c.pos += 1;
    }
    if !any {
        return Err(c.err("expected digits"));
    }
    let nanos = if c.eat(b'.') { c.fraction()? } else { 0 };
    if !c.at_end() {
        return Err(c.err("unexpected trailing characters"));
    }
    Ok(if !negative {
        DateTime {
            seconds: whole,
            nanos,
        }
    } else if nanos == 0 {
        DateTime::from_secs(-whole)
    } else {
        DateTime {
            seconds: -whole - 1,
            nanos: NANOS_PER_SEC - nanos,
        }
    })
}

fn time_of_day(c: &mut Cursor<'_>) -> Result<(u32, u32, u32, u32), DateTimeParseError> {
    let hour = c.digits(2, "expected a two-digit hour")?;
    c.expect(b':', "expected ':' after the hour")?;
    let minute = c.digits(2, "expected two-digit minutes")?;
    c.expect(b':', "expected ':' after the minutes")?;
    let second = c.digits(2, "expected two-digit seconds")?;
    let nanos = if c.eat(b'.') { c.fraction()? } else { 0 };
    // 60 is a leap second; it is accepted and simply rolls into the next minute.
    if hour > 23 || minute > 59 || second > 60 {
        return Err(c.err("time of day out of range"));
    }
    Ok((hour, minute, second, nanos))
}

fn assemble(
    c: &Cursor<'_>,
    year: i64,
    month: u32,
    day: u32,
    (hour, minute, second, nanos): (u32, u32, u32, u32),
    offset_secs: i64,
) -> Result<DateTime, DateTimeParseError> {
    if !(1..=12).contains(&month) {
        return Err(c.err("month out of range"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(c.err("day out of range"));
    }
    let seconds = days_from_civil(year, month, day) * SECS_PER_DAY
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second)
        - offset_secs;
    Ok(DateTime { seconds, nanos })
}

fn parse_rfc3339(text: &str) -> Result<DateTime, DateTimeParseError> {
    let mut c = Cursor::new(text, TimestampFormat::DateTime);
    let year = c.digits(4, "expected a four-digit year")?;
    c.expect(b'-', "expected '-' after the year")?;
    let month = c.digits(2, "expected a two-digit month")?;
    c.expect(b'-', "expected '-' after the month")?;
    let day = c.digits(2, "expected a two-digit day")?;
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return Err(c.err("expected 'T' between date and time"));
    }
    let tod = time_of_day(&mut c)?;
    let offset = if c.eat(b'Z') || c.eat(b'z') {
        0
    } else {
        let sign = if c.eat(b'+') {
            1
        } else if c.eat(b'-') {
            -1
        } else {
            return Err(c.err("expected 'Z' or a UTC offset"));
        };
        let oh = c.digits(2, "expected a two-digit offset hour")?;
        c.expect(b':', "expected ':' in the UTC offset")?;
        let om = c.digits(2, "expected two-digit offset minutes")?;
        if oh > 23 || om > 59 {
            return Err(c.err("UTC offset out of range"));
        }
        sign * i64::from(oh * 3600 + om * 60)
    };
    if !c.at_end() {
        return Err(c.err("unexpected trailing characters"));
    }
    assemble(&c, i64::from(year), month, day, tod, offset)
}

fn parse_http_date(text: &str) -> Result<DateTime, DateTimeParseError> {
    const WEEKDAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
    let mut c = Cursor::new(text.trim(), TimestampFormat::HttpDate);
    let name = c
        .bytes
        .get(..3)
        .ok_or_else(|| c.err("expected a weekday"))?;
    if !WEEKDAYS.iter().any(|w| w.eq_ignore_ascii_case(name)) {
        return Err(c.err("expected a weekday"));
    }
    c.pos = 3;
    c.expect(b',', "expected ',' after the weekday")?;
    c.expect(b' ', "expected ' ' after the weekday")?;
    let mut day = c.digits(1, "expected the day of the month")?;
    if let Some(b @ b'0'..=b'9') = c.peek() {
        day = day * 10 + u32::from(b - b'0');
        c.pos += 1;
    }
    c.expect(b' ', "expected ' ' after the day")?;
    let month_name = c
        .bytes
        .get(c.pos..c.pos + 3)
        .ok_or_else(|| c.err("expected a month name"))?;
    let month = MONTHS
        .iter()
        .position(|m| m.as_bytes().eq_ignore_ascii_case(month_name))
        .ok_or_else(|| c.err("expected a month name"))? as u32
        + 1;
    c.pos += 3;
    c.expect(b' ', "expected ' ' after the month")?;
    let year = c.digits(4, "expected a four-digit year")?;
    c.expect(b' ', "expected ' ' after the year")?;
    let tod = time_of_day(&mut c)?;
    c.expect(b' ', "expected ' GMT'")?;
    let zone = c.bytes.get(c.pos..).unwrap_or_default();
    if !(zone.eq_ignore_ascii_case(b"GMT") || zone.eq_ignore_ascii_case(b"UTC")) {
        return Err(c.err("expected the GMT time zone"));
    }
    assemble(&c, i64::from(year), month, day, tod, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(text: &str) -> DateTime {
        DateTime::parse(text, TimestampFormat::DateTime).expect(text)
    }

    #[test]
    fn rfc3339_round_trip_and_canonical_output() {
        assert_eq!(
            dt("2023-05-01T20:37:46Z").fmt(TimestampFormat::DateTime),
            "2023-05-01T20:37:46Z"
        );
        assert_eq!(dt("2023-05-01T20:37:46Z").secs(), 1_682_973_466);
        assert_eq!(
            dt("2019-12-16T23:48:18.52Z").fmt(TimestampFormat::DateTime),
            "2019-12-16T23:48:18.520Z"
        );
        assert_eq!(
            dt("2019-12-16T23:48:18.123456Z").to_string(),
            "2019-12-16T23:48:18.123456Z"
        );
        assert_eq!(
            dt("2019-12-16T23:48:18.123456789Z").subsec_nanos(),
            123_456_789
        );
        // More than nine fractional digits are truncated, not rejected.
        assert_eq!(
            dt("2019-12-16T23:48:18.1234567891234Z").subsec_nanos(),
            123_456_789
        );
        assert_eq!(dt("1970-01-01T00:00:00Z"), DateTime::from_secs(0));
        assert_eq!(dt("1969-12-31T23:59:59.5Z").secs(), -1);
        assert_eq!(dt("1969-12-31T23:59:59.5Z").subsec_nanos(), 500_000_000);
        assert_eq!(
            dt("0001-01-01T00:00:00Z").fmt(TimestampFormat::DateTime),
            "0001-01-01T00:00:00Z"
        );
        assert_eq!(
            dt("9999-12-31T23:59:59Z").fmt(TimestampFormat::DateTime),
            "9999-12-31T23:59:59Z"
        );
    }

    #[test]
    fn rfc3339_offsets_are_normalized_to_utc() {
        assert_eq!(dt("2023-05-01T21:37:46+01:00"), dt("2023-05-01T20:37:46Z"));
        assert_eq!(dt("2023-05-01T15:07:46-05:30"), dt("2023-05-01T20:37:46Z"));
        assert_eq!(
            dt("2023-05-01T00:30:00.25+01:00").fmt(TimestampFormat::DateTime),
            "2023-04-30T23:30:00.250Z"
        );
        assert_eq!(dt("2023-05-01t20:37:46z"), dt("2023-05-01T20:37:46Z"));
        // Leap second rolls over.
        assert_eq!(dt("2016-12-31T23:59:60Z"), dt("2017-01-01T00:00:00Z"));
    }

    #[test]
    fn rfc3339_rejects_garbage() {
        for bad in [
            "",
            "2023",
            "2023-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2023-01-01T24:00:00Z",
            "2023-01-01T00:00:00",
            "2023-01-01T00:00:00.Z",
            "2023-01-01T00:00:00+0100",
            "2023-01-01T00:00:00Zjunk",
            "２０２３-01-01T00:00:00Z",
        ] {
            assert!(
                DateTime::parse(bad, TimestampFormat::DateTime).is_err(),
                "{bad}"
            );
        }
        assert!(DateTime::parse("2024-02-29T00:00:00Z", TimestampFormat::DateTime).is_ok());
    }

    #[test]
    fn epoch_seconds_text() {
        let p = |s| DateTime::parse(s, TimestampFormat::EpochSeconds).unwrap();
        assert_eq!(p("1515531081"), DateTime::from_secs(1_515_531_081));
        assert_eq!(
            p("1515531081.123"),
            DateTime::from_secs_and_nanos(1_515_531_081, 123_000_000)
        );
        assert_eq!(p("-1.5"), DateTime::from_secs_and_nanos(-2, 500_000_000));
        assert_eq!(
            p("1515531081.123").fmt(TimestampFormat::EpochSeconds),
            "1515531081.123"
        );
        assert_eq!(p("-1.5").fmt(TimestampFormat::EpochSeconds), "-1.5");
        assert_eq!(p("-0.25").fmt(TimestampFormat::EpochSeconds), "-0.25");
        assert_eq!(
            p("1.000000001").fmt(TimestampFormat::EpochSeconds),
            "1.000000001"
        );
        assert_eq!(
            DateTime::from_secs(7).fmt(TimestampFormat::EpochSeconds),
            "7"
        );
        for bad in ["", "-", "1.", "1e5", "abc", "99999999999999999999"] {
            assert!(
                DateTime::parse(bad, TimestampFormat::EpochSeconds).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn fractional_seconds_use_the_decimal_text() {
        let t = DateTime::from_fractional_secs(1_515_531_081.123);
        assert_eq!(t.secs(), 1_515_531_081);
        assert_eq!(t.subsec_nanos(), 123_000_000);
        assert_eq!(
            DateTime::from_fractional_secs(1.5),
            DateTime::from_secs_and_nanos(1, 500_000_000)
        );
        assert_eq!(
            DateTime::from_fractional_secs(-1.5),
            DateTime::from_secs_and_nanos(-2, 500_000_000)
        );
        assert_eq!(
            DateTime::from_fractional_secs(f64::NAN),
            DateTime::from_secs(0)
        );
        assert_eq!(
            DateTime::from_fractional_secs(f64::INFINITY).secs(),
            i64::MAX
        );
        assert_eq!(DateTime::from_fractional_secs(1e-7).subsec_nanos(), 100);
        assert!((t.as_secs_f64() - 1_515_531_081.123).abs() < 1e-6);
    }

    #[test]
    fn http_date() {
        let t =
            DateTime::parse("Tue, 29 Apr 2014 18:30:38 GMT", TimestampFormat::HttpDate).unwrap();
        assert_eq!(t.secs(), 1_398_796_238);
        assert_eq!(
            t.fmt(TimestampFormat::HttpDate),
            "Tue, 29 Apr 2014 18:30:38 GMT"
        );
        assert_eq!(
            DateTime::from_secs(0).fmt(TimestampFormat::HttpDate),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        let frac = DateTime::parse(
            "Tue, 29 Apr 2014 18:30:38.25 GMT",
            TimestampFormat::HttpDate,
        )
        .unwrap();
        assert_eq!(frac.subsec_nanos(), 250_000_000);
        assert_eq!(
            frac.fmt(TimestampFormat::HttpDate),
            "Tue, 29 Apr 2014 18:30:38.250 GMT"
        );
        for bad in [
            "",
            "Tue",
            "Tue, 29 Foo 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 18:30:38 PST",
            "Xyz, 29 Apr 2014 18:30:38 GMT",
            "Tue, 31 Apr 2014 18:30:38 GMT",
        ] {
            assert!(
                DateTime::parse(bad, TimestampFormat::HttpDate).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn system_time_conversions() {
        let t = UNIX_EPOCH + Duration::new(1_000, 5);
        let d = DateTime::from(t);
        assert_eq!(d, DateTime::from_secs_and_nanos(1_000, 5));
        assert_eq!(SystemTime::try_from(d).unwrap(), t);
        let before = UNIX_EPOCH - Duration::from_millis(1500);
        let d = DateTime::from(before);
        assert_eq!(d, DateTime::from_secs_and_nanos(-2, 500_000_000));
        assert_eq!(SystemTime::try_from(d).unwrap(), before);
        // Whether the extremes fit is platform-specific; it must just never panic.
        let _ = SystemTime::try_from(DateTime::from_secs(i64::MAX));
        let _ = SystemTime::try_from(DateTime::from_secs(i64::MIN));
    }

    #[test]
    fn civil_round_trip_over_many_days() {
        for days in (-800_000i64..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
