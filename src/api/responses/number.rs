//! [`Number`]: a JSON number kept as its source text.

use super::{DecodeError, Encode, FromJson};
use crate::json::Value;
use std::fmt;
use std::str::FromStr;

/// A JSON number, kept as its validated source text (`78.5`, `12.50`, `1e3`,
/// `-0`), for the contract's `number` fields (scores and Unix timestamps).
///
/// Decoding takes the text as received and encoding writes it back verbatim,
/// so neither links floating-point parsing or formatting: code that only
/// checks a response's shape stays small (in WebAssembly, float parsing alone
/// is about 15 KB gzip). Ask for a value with [`Number::as_f64`], which parses
/// (and so links float parsing) only where it is called.
///
/// Any JSON number is accepted, whatever its magnitude; [`Number::as_f64`]
/// tells whether it fits an `f64`.
///
/// Equality compares the text, not the value: `12.5`, `12.50` and `1.25e1`
/// are different `Number`s (and all equal as `f64`).
///
/// ```
/// use heymilo_ingest::Number;
///
/// let score: Number = "78.50".parse().expect("a JSON number");
/// assert_eq!(score.as_str(), "78.50");
/// assert_eq!(score.as_f64(), Some(78.5));
/// assert_eq!(Number::from_unix_millis(1_710_288_000_123).as_str(), "1710288000.123");
/// assert_eq!(Number::from_i64(-7).to_string(), "-7");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number(Box<str>);

impl Number {
    /// The number's JSON text, exactly as received or built.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64`, or `None` if the number is beyond `f64`'s range
    /// (`1e400`). Numbers too small to represent become zero (`1e-400` is
    /// `0.0`) and digits past `f64`'s precision are rounded away.
    ///
    /// This parses the text with `str::parse::<f64>`, so calling it links
    /// float parsing (about 15 KB gzip in WebAssembly); compare
    /// [`Number::as_str`] if you only need to know what was sent.
    pub fn as_f64(&self) -> Option<f64> {
        self.0.parse::<f64>().ok().filter(|n| n.is_finite())
    }

    /// The integer `n` (`-7`, `0`, `1710288000`).
    pub fn from_i64(n: i64) -> Number {
        Number(n.to_string().into())
    }

    /// A Unix timestamp in seconds, as the contract's timestamps are, from
    /// milliseconds since the epoch: the whole seconds, then up to three
    /// decimals without trailing zeros (`1710288000123` is `1710288000.123`,
    /// `1500` is `1.5`, `1000` is `1`). Integer arithmetic only.
    pub fn from_unix_millis(ms: u64) -> Number {
        let mut text = (ms / 1000).to_string();
        let millis = ms % 1000;
        if millis != 0 {
            let fraction = format!("{millis:03}");
            text.push('.');
            text.push_str(fraction.trim_end_matches('0'));
        }
        Number(text.into())
    }
}

/// Why text is not a [`Number`]: it does not follow JSON's number grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidNumber;

impl fmt::Display for InvalidNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a JSON number")
    }
}

impl std::error::Error for InvalidNumber {}

/// Accepts exactly JSON's number grammar (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`),
/// without surrounding whitespace; the text is kept as given.
impl FromStr for Number {
    type Err = InvalidNumber;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if is_json_number(text.as_bytes()) {
            Ok(Number(text.into()))
        } else {
            Err(InvalidNumber)
        }
    }
}

/// Whether `text` is a number in JSON's grammar.
fn is_json_number(text: &[u8]) -> bool {
    /// The length of the run of ASCII digits at the start of `text`.
    fn digits(text: &[u8]) -> usize {
        text.iter().take_while(|b| b.is_ascii_digit()).count()
    }
    let mut rest = text.strip_prefix(b"-").unwrap_or(text);
    match digits(rest) {
        0 => return false,
        n if n > 1 && rest[0] == b'0' => return false,
        n => rest = &rest[n..],
    }
    if let Some(fraction) = rest.strip_prefix(b".") {
        match digits(fraction) {
            0 => return false,
            n => rest = &fraction[n..],
        }
    }
    if let Some(exponent) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        let exponent = exponent
            .strip_prefix(b"+")
            .or_else(|| exponent.strip_prefix(b"-"))
            .unwrap_or(exponent);
        match digits(exponent) {
            0 => return false,
            n => rest = &exponent[n..],
        }
    }
    rest.is_empty()
}

/// Writes the text as is. Formatting options (width, precision) are ignored:
/// `{:.1}` does not round; use [`Number::as_f64`] for that.
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Any JSON number, its text kept.
impl FromJson for Number {
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        match value {
            Value::Number(text) => Ok(Number(text.clone())),
            other => Err(DecodeError::expected("number", other)),
        }
    }
}

/// The text, verbatim.
impl Encode for Number {
    fn encode(&self, out: &mut String) {
        out.push_str(&self.0);
    }
}

impl From<Number> for Value {
    fn from(number: Number) -> Value {
        Value::Number(number.0)
    }
}
