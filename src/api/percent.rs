//! Percent-encoding (RFC 3986 §2.1), the crate's one codec: the client and
//! the edge encode a posting id into its path segment with it, the edge and
//! the sandbox decode that segment with it, and the key search of
//! [`super::secret`] reads `%HH` escapes with its [`escaped_byte`]. One codec,
//! so a segment one side writes is the segment the other side reads.

/// Upper-case hex digits: RFC 3986 §2.1 says producers should use them.
const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Appends `segment` to `out`, percent-encoding every byte except RFC 3986
/// unreserved characters (`A-Z a-z 0-9 - . _ ~`), so the result is exactly
/// one path segment whatever `segment` holds (`/`, `%`, `?`, `#`, spaces).
pub fn percent_encode_segment(segment: &str, out: &mut String) {
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
}

/// The value of one hex digit (either case); `None` for anything else
/// (no sign, no space: `u8::from_str_radix` would take `"+5"`).
pub(crate) fn hex_value(digit: u8) -> Option<u8> {
    // `to_digit` takes exactly the ASCII hex digits, and the rest of the
    // crate links it already: a table of our own would only add bytes.
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}

#[cfg(any(feature = "edge", feature = "sandbox", test))]
/// The byte the escape `%` `high` `low` stands for, if both are hex digits.
pub(crate) fn escaped_byte(high: u8, low: u8) -> Option<u8> {
    Some(hex_value(high)? << 4 | hex_value(low)?)
}

#[cfg(any(feature = "edge", feature = "sandbox", test))]
/// `raw` with each `%HH` decoded; `None` for a broken escape (`%`, `%4`,
/// `%zz`) or decoded bytes that are not UTF-8. Strict on purpose: a segment
/// that does not decode cleanly names no posting.
pub(crate) fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            out.push(escaped_byte(*bytes.get(i + 1)?, *bytes.get(i + 2)?)?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_keeps_only_unreserved_bytes() {
        let mut out = String::new();
        percent_encode_segment("aZ09-._~ ü/?#%+", &mut out);
        assert_eq!(out, "aZ09-._~%20%C3%BC%2F%3F%23%25%2B");
    }

    #[test]
    fn decoding_undoes_encoding_and_refuses_broken_escapes() {
        for text in ["", "p1", "a/b", "ü x", "%41", "..", "\u{1F600}"] {
            let mut encoded = String::new();
            percent_encode_segment(text, &mut encoded);
            assert_eq!(percent_decode(&encoded).as_deref(), Some(text), "{encoded}");
        }
        assert_eq!(percent_decode("%c3%BC").as_deref(), Some("ü"));
        for broken in ["%", "%4", "%zz", "%+5", "% 5", "%C3", "%FF"] {
            assert_eq!(percent_decode(broken), None, "{broken}");
        }
    }
}
