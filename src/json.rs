//! A small JSON reader and writer, so the wasm build carries no serde.
//!
//! It reads bytes (RFC 8259), keeps object keys in order with "last duplicate
//! wins" (what `JSON.parse` and Python's `json` do), keeps numbers as their
//! source text, and instead of failing on the two things a candidate may
//! legitimately contain but cannot be sent as text, it records where they are:
//! lone UTF-16 surrogates in `\u` escapes (what `JSON.stringify` produces from
//! a JS string with one) and values nested deeper than [`MAX_DEPTH`].
//! Recursion is bounded by [`MAX_DEPTH`]; deeper values are skipped
//! iteratively, so no input can exhaust the stack.

use crate::issue::PathSegment;
use std::fmt;

/// How deep values may nest (the root object is depth 1).
pub const MAX_DEPTH: usize = 64;

/// A JSON value.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as its (validated) source text so nothing is lost.
    Number(Box<str>),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object: keys in first-seen order, each key once (the last value wins).
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The value of `key` if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The JSON type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// Appends the compact JSON text of this value to `out`.
    pub fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(true) => out.push_str("true"),
            Value::Bool(false) => out.push_str("false"),
            Value::Number(text) => out.push_str(text),
            Value::String(s) => write_string(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Value::Object(entries) => write_object(out, entries),
        }
    }

    /// The compact JSON text of this value.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

/// The decimal digits of `n` (a small `to_string` that keeps `core::fmt` out of the wasm).
pub fn decimal(mut n: usize) -> String {
    let mut digits = Vec::with_capacity(20);
    loop {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

/// Most digits Python's `int()` reads from text (its default
/// `sys.int_info.default_max_str_digits`): `json.loads` of a longer integer
/// raises `ValueError`, so HeyMilo's server (FastAPI) could not read it.
pub const PYTHON_INT_MAX_DIGITS: usize = 4300;

/// The digits of 2^1024 − 2^970, the point halfway between the largest
/// finite double (1.7976931348623157e308, (2^53 − 1) · 2^971) and 2^1024.
/// Python's `float()` rounds correctly, to even on a tie, and that largest
/// double is odd, so from this value up a number becomes infinity.
const DOUBLE_OVERFLOW_DIGITS: &[u8; 309] = b"\
179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587\
207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711\
531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093\
042880177904174497792";

/// Whether Python's `json` reads the number `text` (valid JSON number
/// syntax, as [`parse`] keeps it) as a finite value it can use: an integer of
/// at most [`PYTHON_INT_MAX_DIGITS`] digits, or a number with a fraction or
/// an exponent that does not round to infinity as a double. Decided on the
/// text alone, by its digits and exponent: the browser wasm links no float
/// parsing.
pub fn python_reads_number(text: &str) -> bool {
    // Plain loops over bytes, not iterator chains: this runs in the browser
    // build, where every generic adapter costs wasm bytes.
    let bytes = text.as_bytes();
    let mut at = usize::from(bytes.first() == Some(&b'-'));
    let int_start = at;
    while let Some(b'0'..=b'9') = bytes.get(at) {
        at += 1;
    }
    let int = bytes.get(int_start..at).unwrap_or_default();
    if at == bytes.len() {
        return int.len() <= PYTHON_INT_MAX_DIGITS;
    }
    let mut frac: &[u8] = &[];
    if bytes.get(at) == Some(&b'.') {
        let frac_start = at + 1;
        at = frac_start;
        while let Some(b'0'..=b'9') = bytes.get(at) {
            at += 1;
        }
        frac = bytes.get(frac_start..at).unwrap_or_default();
    }
    // The exponent saturates far beyond any length a document can have.
    let mut exp: i64 = 0;
    let negative = bytes.get(at + 1) == Some(&b'-');
    for &digit in bytes.get(at + 1..).unwrap_or_default() {
        if digit.is_ascii_digit() && exp < 1 << 50 {
            exp = exp * 10 + i64::from(digit - b'0');
        }
    }
    if negative {
        exp = -exp;
    }
    // The value is 0.d₁d₂… × 10^point with d₁ ≠ 0, its digits `high` then
    // `low`. JSON integer parts have no leading zeros: only "0" does.
    let (high, low, point) = if int == b"0" {
        let mut zeros = 0;
        while frac.get(zeros) == Some(&b'0') {
            zeros += 1;
        }
        if zeros == frac.len() {
            return true; // zero
        }
        (
            frac.get(zeros..).unwrap_or_default(),
            &[][..],
            -(zeros as i64),
        )
    } else {
        (int, frac, int.len() as i64)
    };
    let point = point + exp;
    let overflow_point = DOUBLE_OVERFLOW_DIGITS.len() as i64;
    if point != overflow_point {
        return point < overflow_point;
    }
    // Same magnitude: it overflows when its digits are at least those of the halfway point.
    for (k, &limit) in DOUBLE_OVERFLOW_DIGITS.iter().enumerate() {
        let digit = match high.get(k) {
            Some(&digit) => digit,
            None => low.get(k - high.len()).copied().unwrap_or(b'0'),
        };
        if digit != limit {
            return digit < limit;
        }
    }
    false
}

/// The number of Unicode code points in `text`: the bytes that do not
/// continue one. (`str::chars().count()` links a 900-byte counting routine
/// into the wasm.)
pub fn code_points(text: &str) -> usize {
    let mut count = 0;
    for byte in text.bytes() {
        count += usize::from(byte & 0xC0 != 0x80);
    }
    count
}

/// Something that can write itself as JSON text.
pub trait WriteJson {
    /// Appends the compact JSON text of `self` to `out`.
    fn write_json(&self, out: &mut String);
}

impl WriteJson for Value {
    fn write_json(&self, out: &mut String) {
        Value::write_json(self, out);
    }
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

/// Appends `{"key":value,…}` for `entries` to `out`.
pub fn write_object<V: WriteJson>(out: &mut String, entries: &[(String, V)]) {
    out.push('{');
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, key);
        out.push(':');
        value.write_json(out);
    }
    out.push('}');
}

impl WriteJson for String {
    fn write_json(&self, out: &mut String) {
        write_string(out, self);
    }
}

/// Appends `s` as a JSON string literal (quoted and escaped) to `out`.
pub fn write_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut plain_from = 0;
    for (i, byte) in s.bytes().enumerate() {
        let escape: &str = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(plain_from..i).unwrap_or_default());
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push_str(escape);
        }
        plain_from = i + 1;
    }
    out.push_str(s.get(plain_from..).unwrap_or_default());
    out.push('"');
}

/// A path from the root of a document to one value.
pub type Path = Vec<PathSegment>;

/// A parsed document and the places that need reporting.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The value. Strings with lone surrogates hold U+FFFD in their place;
    /// values nested too deep are replaced by [`Value::Null`].
    pub value: Value,
    /// Paths of strings (or of object keys, as the key's own path) that held lone surrogates.
    pub lone_surrogates: Vec<Path>,
    /// Paths of values nested deeper than [`MAX_DEPTH`].
    pub too_deep: Vec<Path>,
}

impl Document {
    /// The value of `key` in the root object as a document of its own, with
    /// the recorded places below it re-rooted; `None` when there is no such key.
    pub fn member(&self, key: &str) -> Option<Document> {
        let below = |paths: &[Path]| -> Vec<Path> {
            paths
                .iter()
                .filter_map(|path| match path.split_first() {
                    Some((PathSegment::Key(first), rest)) if first == key => Some(rest.to_vec()),
                    _ => None,
                })
                .collect()
        };
        Some(Document {
            value: self.value.get(key)?.clone(),
            lone_surrogates: below(&self.lone_surrogates),
            too_deep: below(&self.too_deep),
        })
    }
}

/// Why bytes are not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset where reading stopped.
    pub offset: usize,
    /// What was wrong there.
    pub reason: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.reason, self.offset)
    }
}

impl std::error::Error for ParseError {}

/// Parses one JSON document from `bytes` (surrounding whitespace allowed).
pub fn parse(bytes: &[u8]) -> Result<Document, ParseError> {
    let mut reader = Reader {
        bytes,
        pos: 0,
        marks: Vec::new(),
    };
    reader.skip_whitespace();
    let value = reader.value(1)?;
    reader.skip_whitespace();
    if reader.pos != bytes.len() {
        return Err(reader.error("unexpected data after the JSON value"));
    }
    let mut lone_surrogates = Vec::new();
    let mut too_deep = Vec::new();
    for mark in reader.marks {
        // Not `reverse()`: its split brings a panic path (and core::fmt) into the wasm.
        let path: Path = mark.reversed_path.into_iter().rev().collect();
        match mark.kind {
            MarkKind::LoneSurrogate => lone_surrogates.push(path),
            MarkKind::TooDeep => too_deep.push(path),
        }
    }
    Ok(Document {
        value,
        lone_surrogates,
        too_deep,
    })
}

enum MarkKind {
    LoneSurrogate,
    TooDeep,
}

/// A place found while reading; its path is built backwards while the reader
/// returns from the containers around it, so reading costs nothing extra
/// when there is nothing to report.
struct Mark {
    kind: MarkKind,
    reversed_path: Path,
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    marks: Vec<Mark>,
}

impl Reader<'_> {
    fn error(&self, reason: &'static str) -> ParseError {
        ParseError {
            offset: self.pos,
            reason,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect_literal(&mut self, literal: &'static [u8]) -> Result<(), ParseError> {
        if self.bytes.get(self.pos..self.pos + literal.len()) == Some(literal) {
            self.pos += literal.len();
            Ok(())
        } else {
            Err(self.error("invalid literal"))
        }
    }

    fn mark_children_since(&mut self, first_mark: usize, segment: impl Fn() -> PathSegment) {
        for mark in self.marks.iter_mut().skip(first_mark) {
            mark.reversed_path.push(segment());
        }
    }

    /// Drops the marks recorded in `[from, to)` below `key` of the object being read.
    fn forget_marks_under(&mut self, from: usize, to: usize, key: &str) {
        let mut at = 0;
        self.marks.retain(|mark| {
            let inside = (from..to).contains(&at);
            at += 1;
            !(inside && matches!(mark.reversed_path.last(), Some(PathSegment::Key(k)) if k == key))
        });
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        match self.peek() {
            Some(b'{' | b'[') if depth > MAX_DEPTH => {
                // Nothing inside a value that is cut off is reported, only the cut.
                let before = self.marks.len();
                self.skip_nested()?;
                self.marks.truncate(before);
                self.marks.push(Mark {
                    kind: MarkKind::TooDeep,
                    reversed_path: Vec::new(),
                });
                Ok(Value::Null)
            }
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.expect_literal(b"true").map(|()| Value::Bool(true)),
            Some(b'f') => self.expect_literal(b"false").map(|()| Value::Bool(false)),
            Some(b'n') => self.expect_literal(b"null").map(|()| Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("unexpected character")),
            None => Err(self.error("unexpected end of input")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.pos += 1;
        let mut entries: Vec<(String, Value)> = Vec::new();
        let mut index = KeyIndex::default();
        let object_marks = self.marks.len();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(entries));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key"));
            }
            let key_marks = self.marks.len();
            let key = self.string()?;
            self.mark_children_since(key_marks, || PathSegment::Key(key.clone()));
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':'"));
            }
            self.pos += 1;
            self.skip_whitespace();
            let value_marks = self.marks.len();
            let value = self.value(depth + 1)?;
            self.mark_children_since(value_marks, || PathSegment::Key(key.clone()));
            let replaced_marks_key = (self.marks.len() > object_marks).then(|| key.clone());
            if insert_last_wins(&mut entries, &mut index, key, value) {
                if let Some(key) = replaced_marks_key {
                    // The last duplicate wins: what the replaced value held is gone.
                    self.forget_marks_under(object_marks, key_marks, &key);
                }
            }
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(entries));
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            let index = items.len();
            let item_marks = self.marks.len();
            items.push(self.value(depth + 1)?);
            self.mark_children_since(item_marks, || PathSegment::Index(index));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    /// Checks the syntax of a too-deep container without recursing.
    fn skip_nested(&mut self) -> Result<(), ParseError> {
        let mut open: Vec<u8> = Vec::new();
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    open.push(b'}');
                }
                Some(b'[') => {
                    self.pos += 1;
                    open.push(b']');
                }
                Some(close @ (b'}' | b']')) => {
                    if open.pop() != Some(close) {
                        return Err(self.error("mismatched bracket"));
                    }
                    self.pos += 1;
                    if open.is_empty() {
                        return Ok(());
                    }
                }
                Some(b',' | b':') => self.pos += 1,
                Some(b'"') => {
                    self.string()?;
                }
                Some(b't') => self.expect_literal(b"true")?,
                Some(b'f') => self.expect_literal(b"false")?,
                Some(b'n') => self.expect_literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                }
                Some(_) => return Err(self.error("unexpected character")),
                None => return Err(self.error("unexpected end of input")),
            }
        }
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.skip_digits(),
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("invalid number"));
            }
            self.skip_digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("invalid number"));
            }
            self.skip_digits();
        }
        let text = self
            .bytes
            .get(start..self.pos)
            .and_then(|b| std::str::from_utf8(b).ok())
            .ok_or_else(|| self.error("invalid number"))?;
        Ok(Value::Number(text.into()))
    }

    fn skip_digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn hex4(&mut self) -> Result<u16, ParseError> {
        let mut unit: u16 = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.error("invalid \\u escape")),
            };
            unit = (unit << 4) | u16::from(digit);
            self.pos += 1;
        }
        Ok(unit)
    }

    /// Reads a string starting at its opening quote. A lone surrogate becomes
    /// U+FFFD and leaves a mark whose path the callers complete.
    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1;
        let mut out = String::new();
        let mut lone_surrogate = false;
        loop {
            let run_start = self.pos;
            while let Some(byte) = self.peek() {
                if byte == b'"' || byte == b'\\' || byte < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            let run = self.bytes.get(run_start..self.pos).unwrap_or_default();
            match std::str::from_utf8(run) {
                Ok(text) => out.push_str(text),
                Err(e) => {
                    self.pos = run_start + e.valid_up_to();
                    return Err(self.error("invalid UTF-8 in string"));
                }
            }
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escape = self.peek();
                    self.pos += 1;
                    match escape {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let unit = self.hex4()?;
                            match unit {
                                0xD800..=0xDBFF => {
                                    let low =
                                        if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                                            let save = self.pos;
                                            self.pos += 2;
                                            let low = self.hex4()?;
                                            if (0xDC00..=0xDFFF).contains(&low) {
                                                Some(low)
                                            } else {
                                                self.pos = save;
                                                None
                                            }
                                        } else {
                                            None
                                        };
                                    match low {
                                        Some(low) => {
                                            let code = 0x10000
                                                + ((u32::from(unit) - 0xD800) << 10)
                                                + (u32::from(low) - 0xDC00);
                                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                                        }
                                        None => {
                                            lone_surrogate = true;
                                            out.push('\u{FFFD}');
                                        }
                                    }
                                }
                                0xDC00..=0xDFFF => {
                                    lone_surrogate = true;
                                    out.push('\u{FFFD}');
                                }
                                _ => {
                                    out.push(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}'))
                                }
                            }
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.error("invalid escape"));
                        }
                    }
                }
                Some(_) => return Err(self.error("control character in string")),
                None => return Err(self.error("unterminated string")),
            }
        }
        if lone_surrogate {
            self.marks.push(Mark {
                kind: MarkKind::LoneSurrogate,
                reversed_path: Vec::new(),
            });
        }
        Ok(out)
    }
}

/// Objects this small are searched linearly for duplicate keys; larger ones get a hash index.
const LINEAR_KEY_SEARCH_LIMIT: usize = 16;

/// An open-addressing index from key to entry position, built only for large
/// objects (a hand-rolled table keeps std's hashing and sorting out of the wasm).
#[derive(Default)]
struct KeyIndex {
    /// Entry position + 1 per slot; 0 is empty. Length is a power of two.
    slots: Vec<u32>,
}

fn fnv1a(key: &str) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in key.bytes() {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    hash as usize
}

impl KeyIndex {
    /// The slot holding `key`, or the empty slot where it belongs.
    fn slot(&self, entries: &[(String, Value)], key: &str) -> usize {
        let mask = self.slots.len().wrapping_sub(1);
        let mut at = fnv1a(key) & mask;
        loop {
            match self.slots.get(at).copied() {
                Some(0) | None => return at,
                Some(taken) => {
                    let same = entries
                        .get(taken as usize - 1)
                        .is_some_and(|(existing, _)| existing == key);
                    if same {
                        return at;
                    }
                }
            }
            at = (at + 1) & mask;
        }
    }

    fn rebuild(&mut self, entries: &[(String, Value)]) {
        self.slots = vec![0; (entries.len() * 4).next_power_of_two()];
        for (position, (key, _)) in entries.iter().enumerate() {
            let at = self.slot(entries, key);
            if let Some(slot) = self.slots.get_mut(at) {
                *slot = position as u32 + 1;
            }
        }
    }
}

/// Adds `key: value`, or replaces the value of an earlier `key`; true when it replaced.
fn insert_last_wins(
    entries: &mut Vec<(String, Value)>,
    index: &mut KeyIndex,
    key: String,
    value: Value,
) -> bool {
    if entries.len() < LINEAR_KEY_SEARCH_LIMIT {
        return match entries.iter_mut().find(|(existing, _)| *existing == key) {
            Some(entry) => {
                entry.1 = value;
                true
            }
            None => {
                entries.push((key, value));
                false
            }
        };
    }
    if index.slots.len() < entries.len() * 2 {
        index.rebuild(entries);
    }
    let at = index.slot(entries, &key);
    match index.slots.get(at).copied() {
        Some(taken) if taken > 0 => {
            if let Some(entry) = entries.get_mut(taken as usize - 1) {
                entry.1 = value;
            }
            true
        }
        _ => {
            entries.push((key, value));
            if let Some(slot) = index.slots.get_mut(at) {
                *slot = entries.len() as u32;
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Document {
        parse(text.as_bytes()).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    #[test]
    fn round_trips_compact_json() {
        for text in [
            r#"{"a":1,"b":[true,false,null],"c":{"d":"e"},"n":-1.5e+10}"#,
            r#"[]"#,
            r#"{}"#,
            r#""\"\\\n\r\t\u0001 ü 😀""#,
            "0",
        ] {
            assert_eq!(parse_ok(text).value.to_json(), text);
        }
    }

    #[test]
    fn accepts_whitespace_and_escapes() {
        let doc = parse_ok(" { \"a\" : \"\\u00fc\\ud83d\\ude00\\/\" } ");
        assert_eq!(doc.value.get("a").and_then(Value::as_str), Some("ü😀/"));
        assert!(doc.lone_surrogates.is_empty());
    }

    #[test]
    fn last_duplicate_wins_in_first_position() {
        let doc = parse_ok(r#"{"a":1,"b":2,"a":3}"#);
        assert_eq!(doc.value.to_json(), r#"{"a":3,"b":2}"#);
        let many: Vec<String> = (0..4000)
            .map(|i| format!("\"k{}\":{i}", i % 2000))
            .collect();
        let doc = parse_ok(&format!("{{{}}}", many.join(",")));
        match doc.value {
            Value::Object(entries) => {
                assert_eq!(entries.len(), 2000);
                assert_eq!(entries[0], ("k0".to_owned(), Value::Number("2000".into())));
                assert_eq!(
                    entries[1999],
                    ("k1999".to_owned(), Value::Number("3999".into()))
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn records_lone_surrogates_with_their_paths() {
        let doc = parse_ok(r#"{"name":"a\ud800","m":{"k\udc00":"v","x":["ok","\ud800\u0041"]}}"#);
        assert_eq!(
            doc.lone_surrogates,
            vec![
                vec![PathSegment::from("name")],
                vec!["m".into(), "k\u{FFFD}".into()],
                vec!["m".into(), "x".into(), PathSegment::Index(1)],
            ]
        );
        assert_eq!(
            doc.value.get("name").and_then(Value::as_str),
            Some("a\u{FFFD}")
        );
    }

    #[test]
    fn replaced_duplicates_and_cut_off_values_leave_no_marks() {
        let doc = parse_ok(r#"{"a":"\ud800","b":{"c":"\udc00","c":"ok"},"a":"fine","d":"\ud800"}"#);
        assert_eq!(doc.lone_surrogates, vec![vec![PathSegment::from("d")]]);
        let doc = parse_ok(r#"{"a":"ok","a":"\ud800"}"#);
        assert_eq!(doc.lone_surrogates, vec![vec![PathSegment::from("a")]]);
        let deep = format!(
            "{{\"x\":{}\"\\ud800\"{}}}",
            "[".repeat(MAX_DEPTH + 5),
            "]".repeat(MAX_DEPTH + 5)
        );
        let doc = parse_ok(&deep);
        assert!(doc.lone_surrogates.is_empty());
        assert_eq!(doc.too_deep.len(), 1);
    }

    #[test]
    fn nesting_past_the_limit_is_recorded_not_recursed() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let doc = parse_ok(&format!(r#"{{"data":{{"x":{deep}}}}}"#));
        assert_eq!(doc.too_deep.len(), 1);
        assert_eq!(doc.too_deep[0].len(), MAX_DEPTH);
        assert_eq!(doc.too_deep[0][0], PathSegment::from("data"));
        assert!(parse(format!("[{}", "[".repeat(100_000)).as_bytes()).is_err());
        assert!(parse(format!("{}}}", "[".repeat(100)).as_bytes()).is_err());
    }

    #[test]
    fn rejects_malformed_input() {
        for text in [
            "",
            "{",
            "}",
            "[1,]",
            "{\"a\"}",
            "{\"a\":}",
            "{a:1}",
            "01",
            "1.",
            "-",
            "1e",
            "nul",
            "\"abc",
            "\"\\x\"",
            "\"\\u12\"",
            "\"a\u{1}\"",
            "[1] 2",
            "{\"a\":1,}",
            "tru",
        ] {
            assert!(parse(text.as_bytes()).is_err(), "accepted {text:?}");
        }
        assert!(parse(b"\"\xff\"").is_err());
        assert!(parse(b"\"\xc3\"").is_err());
    }

    #[test]
    fn decimal_matches_to_string() {
        for n in [0usize, 7, 10, 99, 100, 65_535, usize::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }

    /// 2^1024 − 2^970 in decimal, by doubling: the overflow point, computed
    /// here independently of the constant.
    fn halfway_above_the_largest_double() -> String {
        let power = |exponent: u32| {
            let mut digits = vec![1u8]; // little-endian decimal
            for _ in 0..exponent {
                let mut carry = 0;
                for d in &mut digits {
                    let twice = *d * 2 + carry;
                    (*d, carry) = (twice % 10, twice / 10);
                }
                if carry > 0 {
                    digits.push(carry);
                }
            }
            digits
        };
        let (mut a, b) = (power(1024), power(970));
        let mut borrow = 0;
        for (i, d) in a.iter_mut().enumerate() {
            let sub = b.get(i).copied().unwrap_or(0) + borrow;
            (*d, borrow) = if *d >= sub {
                (*d - sub, 0)
            } else {
                (*d + 10 - sub, 1)
            };
        }
        let text: String = a.iter().rev().map(|d| char::from(b'0' + d)).collect();
        text.trim_start_matches('0').to_owned()
    }

    #[test]
    fn numbers_python_cannot_read_are_told_apart_at_the_exact_boundary() {
        let halfway = halfway_above_the_largest_double();
        assert_eq!(halfway.as_bytes(), DOUBLE_OVERFLOW_DIGITS);
        let below = {
            let mut digits = halfway.clone().into_bytes();
            *digits.last_mut().unwrap() -= 1; // …792 → …791
            String::from_utf8(digits).unwrap()
        };
        let finite = [
            "0",
            "-0",
            "0.0e999999",
            "1e308",
            "1.7976931348623157e308",
            "-1.7976931348623157e308",
            "1.797693134862315807e308",
            "1e-999999",
            "123.456e-7",
            "0.00000000000000000000000000001e337",
            "1e-9223372036854775808999",
        ];
        let infinite = [
            "1e309",
            "1e999999",
            "-1e999999",
            "1.7976931348623159e308",
            "1.797693134862315808e308",
            "1e99999999999999999999999999999",
            "0.1e310",
            "10000e305",
        ];
        let mut cases: Vec<(String, bool)> = Vec::new();
        cases.extend(finite.iter().map(|t| (t.to_string(), true)));
        cases.extend(infinite.iter().map(|t| (t.to_string(), false)));
        // Both sides of the overflow point, written every way JSON allows.
        for (digits, reads) in [(&halfway, false), (&below, true)] {
            cases.push((format!("{digits}.0"), reads));
            cases.push((format!("-{digits}.000"), reads));
            cases.push((format!("{digits}e0"), reads));
            cases.push((format!("{}.{}e308", &digits[..1], &digits[1..]), reads));
            cases.push((format!("0.{digits}e309"), reads));
            cases.push((format!("0.000{digits}E+312"), reads));
            cases.push((format!("{digits}0e-1"), reads));
        }
        cases.push((format!("{below}.99999999999999999999"), true));
        cases.push((format!("{halfway}.00000000000000000001"), false));
        for (text, reads) in &cases {
            assert!(parse(text.as_bytes()).is_ok(), "{text}");
            assert_eq!(python_reads_number(text), *reads, "{text}");
            // Rust rounds correctly too, like Python's float(): an independent oracle.
            let as_float: f64 = text.parse().unwrap();
            assert_eq!(as_float.is_finite(), *reads, "{text}");
        }
    }

    #[test]
    fn python_reads_every_float_the_oracle_finds_finite() {
        // Numbers around the overflow point, of every length: digits of the
        // halfway point, cut and changed at each position.
        let halfway = halfway_above_the_largest_double();
        let mut checked = 0;
        for cut in 1..=halfway.len() {
            for change in [None, Some(b'0'), Some(b'9')] {
                let mut digits = halfway.as_bytes()[..cut].to_vec();
                if let Some(d) = change {
                    *digits.last_mut().unwrap() = d;
                }
                let digits = String::from_utf8(digits).unwrap();
                for text in [
                    format!("{digits}e{}", 309 - cut),
                    format!("0.{digits}e309"),
                    format!("{}.{}e308", &digits[..1], &digits[1..]),
                ] {
                    let as_float: f64 = text.parse().unwrap();
                    assert_eq!(python_reads_number(&text), as_float.is_finite(), "{text}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 2000);
    }

    #[test]
    fn integers_longer_than_python_reads_are_refused() {
        let at_limit = "9".repeat(PYTHON_INT_MAX_DIGITS);
        assert!(python_reads_number(&at_limit));
        assert!(python_reads_number(&format!("-{at_limit}")));
        assert!(!python_reads_number(&format!("{at_limit}9")));
        assert!(!python_reads_number(&format!("-1{at_limit}")));
        // With a fraction it is a float: only its size matters.
        assert!(!python_reads_number(&format!("{at_limit}.5")));
        assert!(python_reads_number(&format!("0.{at_limit}9")));
    }

    #[test]
    fn writes_control_characters_escaped() {
        let mut out = String::new();
        write_string(&mut out, "a\u{0}\u{1f}\"\\b");
        assert_eq!(out, r#""a\u0000\u001f\"\\b""#);
    }
}
