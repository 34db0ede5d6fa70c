//! Helpers shared by the fuzz targets: the API keys they guard, every form of
//! a key that must never surface, placeholders that let the fuzzer put a key
//! anywhere in its input, and JSON path lookups.
//!
//! The key forms are computed here, independently of `heymilo_ingest::secret`,
//! so a form the crate forgets to redact is a finding, not a blind spot.

use heymilo_ingest::{JsonValue as Value, PathSegment};
use std::borrow::Cow;
use std::sync::OnceLock;

/// API keys the targets use: lengths 0, 1 and 2 modulo 3 (so every base64
/// padding occurs), alphabets with and without `+` / `/` in their base64 form,
/// and characters that percent-encoding and `encodeURIComponent` treat
/// differently. All are visible ASCII, as the edge handler requires.
pub const KEYS: [&str; 4] = [
    "sk_live_edge_7Qx9Zp2",
    "hm_test_4f9a1c?>~",
    "sk_live_Zq9/x+Y~k!",
    "HM-prod-0a1b2c3d4e5f6a7b8c9d",
];

/// `bytes` in base64 with the given two last symbols, padded with `=`.
pub fn base64(bytes: &[u8], plus: char, slash: char) -> String {
    const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let symbol = |i: u32| match i & 63 {
        62 => plus,
        63 => slash,
        i => char::from(ALPHABET[i as usize]),
    };
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(symbol(n >> 18));
        out.push(symbol(n >> 12));
        out.push(if chunk.len() > 1 { symbol(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { symbol(n) } else { '=' });
    }
    out
}

/// Percent-encodes every byte except those in `keep` and ASCII alphanumerics.
fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || keep.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Every form of `key` that must never appear in anything a caller sees:
/// as is, percent-encoded (RFC 3986 and JavaScript's `encodeURIComponent`),
/// and base64 (standard and URL-safe alphabets, padded and unpadded).
pub fn key_forms(key: &str) -> Vec<(&'static str, String)> {
    let standard = base64(key.as_bytes(), '+', '/');
    let url_safe = base64(key.as_bytes(), '-', '_');
    let mut forms = vec![
        ("plain", key.to_owned()),
        ("percent-encoded", percent_encode(key, b"-._~")),
        ("encodeURIComponent", percent_encode(key, b"-._~!*'()")),
        ("base64", standard.clone()),
        ("base64 unpadded", standard.trim_end_matches('=').to_owned()),
        ("base64url", url_safe.clone()),
        (
            "base64url unpadded",
            url_safe.trim_end_matches('=').to_owned(),
        ),
    ];
    let mut seen = Vec::new();
    forms.retain(|(_, form)| {
        let fresh = !seen.contains(form);
        seen.push(form.clone());
        fresh
    });
    forms
}

/// [`key_forms`] of each of [`KEYS`], computed once.
fn cached_forms(key: &str) -> Option<&'static [(&'static str, String)]> {
    static FORMS: OnceLock<Vec<Vec<(&'static str, String)>>> = OnceLock::new();
    let all = FORMS.get_or_init(|| KEYS.iter().map(|k| key_forms(k)).collect());
    let at = KEYS.iter().position(|k| *k == key)?;
    Some(&all[at])
}

/// The forms of `key`: cached for the fuzzed keys, computed for any other.
fn forms_of(key: &str) -> Cow<'static, [(&'static str, String)]> {
    cached_forms(key).map_or_else(|| Cow::Owned(key_forms(key)), Cow::Borrowed)
}

/// The name of the first form of `key` found in `text`.
pub fn leaked_form(text: &str, key: &str) -> Option<&'static str> {
    let forms = forms_of(key);
    forms
        .iter()
        .find(|(_, form)| text.contains(form.as_str()))
        .map(|(name, _)| *name)
}

/// Panics (a fuzz finding) when `text` holds any form of `key`.
#[track_caller]
pub fn assert_no_key(text: &str, key: &str, where_: &str) {
    if let Some(form) = leaked_form(text, key) {
        panic!("the API key ({form}) is in {where_}: {text:?}");
    }
}

/// Replaces placeholders with forms of `key`, so the fuzzer (helped by the
/// dictionaries in `fuzz/dict/`) can put the key anywhere: `$KEY` (as is),
/// `$KPC` (percent-encoded), `$KEC` (encodeURIComponent), `$K64` (base64),
/// `$K6U` (unpadded), `$KUR` (base64url), `$KUU` (base64url unpadded).
pub fn with_key(text: &str, key: &str) -> String {
    if !text.contains('$') {
        return text.to_owned();
    }
    let forms = forms_of(key);
    let form = |name: &str| {
        forms
            .iter()
            .find(|(n, _)| *n == name)
            .map_or_else(|| key.to_owned(), |(_, f)| f.clone())
    };
    text.replace("$KEY", key)
        .replace("$KPC", &form("percent-encoded"))
        .replace("$KEC", &form("encodeURIComponent"))
        .replace("$K64", &form("base64"))
        .replace("$K6U", &form("base64 unpadded"))
        .replace("$KUR", &form("base64url"))
        .replace("$KUU", &form("base64url unpadded"))
}

/// The value at `path` below `value`, if there is one.
pub fn value_at<'v>(value: &'v Value, path: &[PathSegment]) -> Option<&'v Value> {
    let mut at = value;
    for segment in path {
        at = match (segment, at) {
            (PathSegment::Key(key), Value::Object(_)) => at.get(key)?,
            (PathSegment::Index(index), Value::Array(items)) => items.get(*index)?,
            _ => return None,
        };
    }
    Some(at)
}

/// Splits `data` at NUL bytes into at most `n` sections (the last keeps any
/// further NULs); missing sections are empty.
pub fn sections(data: &[u8], n: usize) -> Vec<&[u8]> {
    let mut out: Vec<&[u8]> = data.splitn(n, |&b| b == 0).collect();
    out.resize(n, &[]);
    out
}

/// `name: value` lines as header pairs (lines without a colon are skipped).
pub fn header_lines(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(base64(b"foob", '+', '/'), "Zm9vYg==");
        let forms = key_forms("sk_live_Zq9/x+Y~k!");
        let names: Vec<_> = forms.iter().map(|(n, _)| *n).collect();
        assert!(names.contains(&"encodeURIComponent"));
        assert_eq!(with_key("a$KPCb", "a/b"), "aa%2Fbb");
    }
}
