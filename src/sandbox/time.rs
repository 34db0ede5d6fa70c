//! The time bounds `listCandidates` accepts: Unix epoch seconds, or an
//! ISO-8601 date-time (naive values are UTC). Read exactly, in integer
//! milliseconds, so that they compare exactly with stored creation times.

use crate::api::days_from_civil;

/// A point in time, as milliseconds since the Unix epoch rounded down, and
/// whether the exact time lies after that millisecond (it had finer digits).
///
/// The derived order is that of `(floor_ms, inexact)`: when two bounds
/// compare as less, their exact times are in that order; two equal bounds
/// with `inexact` set may still differ below the millisecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeBound {
    /// Whole milliseconds since the epoch, rounded down (saturating at the
    /// `i128` range, far beyond any `u64` time).
    pub floor_ms: i128,
    /// Whether the exact time is later than `floor_ms`.
    pub inexact: bool,
}

impl TimeBound {
    /// Whether this time is at or before the millisecond `ms` (`ms` is not earlier).
    pub fn is_at_or_before(self, ms: u64) -> bool {
        i128::from(ms) >= self.floor_ms.saturating_add(i128::from(self.inexact))
    }

    /// Whether this time is at or after the millisecond `ms` (`ms` is not later).
    pub fn is_at_or_after(self, ms: u64) -> bool {
        i128::from(ms) <= self.floor_ms
    }
}

/// The time `text` denotes, or `None` if it is neither form.
///
/// Epoch seconds take the forms Rust's float parsing does (`1710288000`,
/// `-1.5`, `+.5`, `1.71e9`), but are read exactly; values beyond the `i128`
/// millisecond range saturate.
pub fn parse_time_bound(text: &str) -> Option<TimeBound> {
    let text = text.trim();
    parse_seconds(text).or_else(|| parse_iso8601(text))
}

fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn all_digits(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

/// `[+-](digits[.[digits]]|.digits)[(e|E)[+-]digits]` seconds.
fn parse_seconds(text: &str) -> Option<TimeBound> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, parse_exponent(exponent)?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    // Milliseconds: the decimal point moves three places further right.
    let point = (whole.len() as i64)
        .saturating_add(exponent)
        .saturating_add(3);
    Some(scaled(
        negative,
        whole.bytes().chain(fraction.bytes()),
        point,
    ))
}

/// `[+-]digits`, saturating far beyond any exponent that matters.
fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if unsigned.is_empty() || !all_digits(unsigned) {
        return None;
    }
    let magnitude = unsigned.bytes().fold(0i64, |n, b| {
        n.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    });
    Some(if negative { -magnitude } else { magnitude })
}

/// The number whose decimal `digits` have the point after the first `point`
/// of them (zeros appended as needed), rounded down to an integer.
fn scaled(negative: bool, digits: impl Iterator<Item = u8>, point: i64) -> TimeBound {
    let mut magnitude: Option<u128> = Some(0);
    let mut inexact = false;
    let mut count: i64 = 0;
    for byte in digits {
        let digit = u128::from(byte - b'0');
        if count < point {
            magnitude = magnitude.and_then(|m| m.checked_mul(10)?.checked_add(digit));
        } else if digit != 0 {
            inexact = true;
        }
        count += 1;
    }
    // Forty more zeros overflow any non-zero magnitude, so this is bounded.
    for _ in count..point.min(count + 40) {
        magnitude = magnitude.and_then(|m| m.checked_mul(10));
    }
    match magnitude.and_then(|m| i128::try_from(m).ok()) {
        Some(m) if negative => TimeBound {
            floor_ms: -m - i128::from(inexact),
            inexact,
        },
        Some(m) => TimeBound {
            floor_ms: m,
            inexact,
        },
        None if negative => TimeBound {
            floor_ms: i128::MIN,
            inexact: false,
        },
        None => TimeBound {
            floor_ms: i128::MAX,
            inexact: true,
        },
    }
}

/// `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH:MM]`.
fn parse_iso8601(text: &str) -> Option<TimeBound> {
    let date = text.get(..10)?;
    let rest = text.get(10..)?;
    let mut parts = date.split('-');
    let year = digits(parts.next()?)?;
    let month = digits(parts.next()?)?;
    let day = digits(parts.next()?)?;
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let midnight_ms = i128::from(days_from_civil(year, month, day)?) * 86_400_000;
    let Some(time) = rest.strip_prefix(['T', 't', ' ']) else {
        return rest.is_empty().then_some(TimeBound {
            floor_ms: midnight_ms,
            inexact: false,
        });
    };
    let (clock, offset_seconds) = split_offset(time)?;
    let mut fields = clock.split(':');
    let hour = digits(fields.next()?)?;
    let minute = digits(fields.next()?)?;
    let second = match fields.next() {
        Some(s) => {
            let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
            if whole.is_empty() && fraction.is_empty()
                || !all_digits(whole)
                || !all_digits(fraction)
            {
                return None;
            }
            scaled(
                false,
                whole.bytes().chain(fraction.bytes()),
                whole.len() as i64 + 3,
            )
        }
        None => TimeBound {
            floor_ms: 0,
            inexact: false,
        },
    };
    // Up to a leap second (60.999…).
    if fields.next().is_some() || hour > 23 || minute > 59 || second.floor_ms >= 61_000 {
        return None;
    }
    let clock_ms =
        (i128::from(hour * 3600 + minute * 60) - offset_seconds) * 1000 + second.floor_ms;
    Some(TimeBound {
        floor_ms: midnight_ms + clock_ms,
        inexact: second.inexact,
    })
}

/// Splits `HH:MM:SS(Z|±HH:MM)` into the clock and the offset in seconds.
fn split_offset(time: &str) -> Option<(&str, i128)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    match time.rfind(['+', '-']) {
        Some(at) => {
            let (clock, offset) = time.split_at(at);
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let (hours, minutes) = offset
                .get(1..)?
                .split_once(':')
                .unwrap_or((offset.get(1..3)?, offset.get(3..)?));
            let (hours, minutes) = (digits(hours)?, digits(minutes).unwrap_or(0));
            if hours > 23 || minutes > 59 {
                return None;
            }
            Some((clock, sign * i128::from(hours * 3600 + minutes * 60)))
        }
        None => Some((time, 0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(floor_ms, inexact)` of `text`.
    fn ms(text: &str) -> Option<(i128, bool)> {
        parse_time_bound(text).map(|b| (b.floor_ms, b.inexact))
    }

    const MARCH_13: Option<(i128, bool)> = Some((1_710_288_000_000, false));

    #[test]
    fn epoch_seconds_and_iso_forms() {
        assert_eq!(ms("1710288000"), MARCH_13);
        assert_eq!(ms(" 1710288000 "), MARCH_13);
        assert_eq!(ms("2024-03-13T00:00:00Z"), MARCH_13);
        assert_eq!(ms("2024-03-13T00:00:00+00:00"), MARCH_13);
        assert_eq!(ms("2024-03-13T01:00:00+01:00"), MARCH_13);
        assert_eq!(ms("2024-03-12T23:00:00-0100"), MARCH_13);
        assert_eq!(ms("2024-03-13T00:00:00"), MARCH_13);
        assert_eq!(ms("2024-03-13 00:00"), MARCH_13);
        assert_eq!(ms("2024-03-13"), MARCH_13);
        assert_eq!(
            ms("2024-03-13T00:00:00.5Z"),
            Some((1_710_288_000_500, false))
        );
        assert_eq!(
            ms("2024-03-13T00:00:00.1234Z"),
            Some((1_710_288_000_123, true))
        );
        assert_eq!(
            ms("2024-03-13T00:00:60.999Z"),
            Some((1_710_288_060_999, false))
        );
    }

    #[test]
    fn epoch_seconds_are_read_exactly() {
        for (text, expected) in [
            ("1710288000.123", (1_710_288_000_123, false)),
            ("1710288000.1230", (1_710_288_000_123, false)),
            ("1710288000.1235", (1_710_288_000_123, true)),
            ("1.710288000123e9", (1_710_288_000_123, false)),
            ("1710288000123E-3", (1_710_288_000_123, false)),
            ("1.001", (1_001, false)),
            ("+.5", (500, false)),
            ("5.", (5_000, false)),
            ("0", (0, false)),
            ("-0", (0, false)),
            ("-1.5", (-1_500, false)),
            ("-0.0005", (-1, true)),
            ("1e-300", (0, true)),
            ("0e99999999999999999999", (0, false)),
            ("1e30", (10_i128.pow(33), false)),
            ("-1e30", (-(10_i128.pow(33)), false)),
            ("1e300", (i128::MAX, true)),
            ("-1e300", (i128::MIN, false)),
        ] {
            assert_eq!(ms(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn bounds_compare_with_milliseconds_exactly() {
        let bound = |text| parse_time_bound(text).expect("bound");
        // 1.001 s is 1001 ms, though 1.001 * 1000.0 is 1000.9999999999999 in f64.
        assert!(bound("1.001").is_at_or_before(1_001) && bound("1.001").is_at_or_after(1_001));
        assert!(!bound("1.001").is_at_or_before(1_000) && !bound("1.001").is_at_or_after(1_002));
        // 1.0005 s lies strictly between 1000 and 1001 ms.
        assert!(bound("1.0005").is_at_or_before(1_001) && !bound("1.0005").is_at_or_before(1_000));
        assert!(bound("1.0005").is_at_or_after(1_000) && !bound("1.0005").is_at_or_after(1_001));
        assert!(bound("-1").is_at_or_before(0) && !bound("-1").is_at_or_after(0));
        assert!(
            !bound("1e300").is_at_or_before(u64::MAX) && bound("1e300").is_at_or_after(u64::MAX)
        );
        assert!(bound("1") < bound("1.0005") && bound("1.0005") < bound("1.001"));
    }

    #[test]
    fn rejects_other_text() {
        for text in [
            "",
            "yesterday",
            "2024-13-01",
            "2024-03-13T25:00:00Z",
            "2024-03-13T00:00:61Z",
            "2024-03-13T00:00:00+24:00",
            "2024-03-13X",
            "NaN",
            "inf",
            ".",
            "-",
            "e5",
            "1e",
            "1e+",
            "--1",
            "1.2.3",
            "1_000",
            "0x10",
        ] {
            assert_eq!(parse_time_bound(text), None, "{text}");
        }
    }
}
