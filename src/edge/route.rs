//! Matching a raw request path against the ingest routes.
//!
//! The path is matched still percent-encoded, segment by segment and byte for
//! byte, so `..`, `%2e%2e`, `//`, a trailing `/`, a changed case or a
//! look-alike character simply fails to match. Only the posting segment is
//! percent-decoded, exactly once.

use crate::client::Endpoint;

/// The fixed segments between the base path and the posting id.
const PREFIX: [&str; 3] = ["api", "v2", "postings"];

/// The endpoint and (decoded) posting id of `raw_path`, if it is one of the
/// ingest routes under `base` with the endpoint enabled.
pub(super) fn match_route(
    raw_path: &str,
    base: &[String],
    bulk: bool,
    asynchronous: bool,
) -> Option<(Endpoint, String)> {
    let mut segments = raw_path.strip_prefix('/')?.split('/');
    for expected in base.iter().map(String::as_str).chain(PREFIX) {
        if segments.next()? != expected {
            return None;
        }
    }
    let raw_posting = segments.next()?;
    if segments.next()? != "candidates" {
        return None;
    }
    let endpoint = match (segments.next(), segments.next(), segments.next()) {
        (None, _, _) => Endpoint::Single,
        (Some("bulk"), None, _) => Endpoint::Bulk,
        (Some("async"), None, _) => Endpoint::SingleAsync,
        (Some("bulk"), Some("async"), None) => Endpoint::BulkAsync,
        _ => return None,
    };
    if !enabled(endpoint, bulk, asynchronous) {
        return None;
    }
    Some((endpoint, percent_decode(raw_posting)?))
}

/// Whether the configuration serves `endpoint`.
pub(super) fn enabled(endpoint: Endpoint, bulk: bool, asynchronous: bool) -> bool {
    (bulk || !endpoint.is_bulk()) && (asynchronous || !endpoint.is_async())
}

/// `raw` with each `%XX` decoded; `None` for a broken escape or bytes that are not UTF-8.
pub(super) fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let high = hex_digit(*bytes.get(i + 1)?)?;
            let low = hex_digit(*bytes.get(i + 2)?)?;
            out.push(high << 4 | low);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn hex_digit(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}
