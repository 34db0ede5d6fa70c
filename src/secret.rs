//! Keeping the API key out of everything we show: error messages, excerpts,
//! headers, logs. Anything that came from outside (a server's message, a
//! response excerpt) passes through [`redact`] before it is surfaced.

use crate::client::request::percent_encode_segment;

/// What a secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// `text` with every occurrence of `secret` removed, also in its
/// percent-encoded and base64 (standard and URL-safe) forms.
pub fn redact(text: &str, secret: &str) -> String {
    SecretForms::new(secret).redact(text)
}

/// Whether `text` contains `secret` in any form [`redact`] removes.
pub fn contains_secret(text: &str, secret: &str) -> bool {
    SecretForms::new(secret).found_in(text)
}

/// The forms of one secret that [`redact`] removes, computed once: for a
/// caller that checks many texts against the same key (the edge handler
/// checks every header and body it answers with).
#[derive(Clone, Default)]
pub struct SecretForms {
    /// Non-empty, in the order they are replaced.
    forms: Vec<String>,
}

impl SecretForms {
    /// The forms of `secret` (none for an empty secret).
    pub fn new(secret: &str) -> Self {
        if secret.is_empty() {
            return SecretForms::default();
        }
        let mut encoded = String::new();
        percent_encode_segment(secret, &mut encoded);
        let standard = base64(secret.as_bytes(), b'+', b'/');
        let url_safe = base64(secret.as_bytes(), b'-', b'_');
        let forms = [
            secret,
            &encoded,
            &encode_uri_component(secret),
            &standard,
            standard.trim_end_matches('='),
            &url_safe,
            url_safe.trim_end_matches('='),
        ];
        SecretForms {
            forms: forms
                .into_iter()
                .filter(|form| !form.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }

    /// `text` with every form replaced by [`REDACTED`], as [`redact`] does.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for form in &self.forms {
            if out.contains(form.as_str()) {
                out = out.replace(form.as_str(), REDACTED);
            }
        }
        out
    }

    /// Whether [`Self::redact`] would change `text` (without copying it when no form occurs).
    pub fn found_in(&self, text: &str) -> bool {
        self.forms.iter().any(|form| text.contains(form.as_str())) && self.redact(text) != text
    }
}

impl std::fmt::Debug for SecretForms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretForms([redacted])")
    }
}

/// What JavaScript's `encodeURIComponent` makes of `text` (it keeps `!'()*`
/// besides the RFC 3986 unreserved characters).
fn encode_uri_component(text: &str) -> String {
    let mut out = String::new();
    for piece in text.split_inclusive(['!', '\'', '(', ')', '*']) {
        match piece.char_indices().last() {
            Some((at, last @ ('!' | '\'' | '(' | ')' | '*'))) => {
                percent_encode_segment(piece.get(..at).unwrap_or_default(), &mut out);
                out.push(last);
            }
            _ => percent_encode_segment(piece, &mut out),
        }
    }
    out
}

fn base64(bytes: &[u8], plus: u8, slash: u8) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789++";
    let symbol = |index: u32| -> char {
        match index & 63 {
            62 => char::from(plus),
            63 => char::from(slash),
            i => char::from(ALPHABET[i as usize]),
        }
    };
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(symbol(n >> 18));
        out.push(symbol(n >> 12));
        out.push(if chunk.len() > 1 { symbol(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { symbol(n) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes(), b'+', b'/'), encoded);
        }
        assert_eq!(base64(&[0xfb, 0xff], b'+', b'/'), "+/8=");
        assert_eq!(base64(&[0xfb, 0xff], b'-', b'_'), "-_8=");
    }

    #[test]
    fn removes_every_form_of_the_key() {
        let key = "sk_live/+key?";
        let text = format!(
            "a {key} b sk_live%2F%2Bkey%3F c {} d {}",
            base64(key.as_bytes(), b'+', b'/'),
            base64(key.as_bytes(), b'-', b'_').trim_end_matches('=')
        );
        let clean = redact(&text, key);
        assert_eq!(clean.matches(REDACTED).count(), 4, "{clean}");
        assert!(!contains_secret(&clean, key));
        assert!(contains_secret(&text, key));
        assert_eq!(redact("nothing here", ""), "nothing here");
        assert_eq!(encode_uri_component("a/b!c'(d)*e f"), "a%2Fb!c'(d)*e%20f");
        let key = "hm_test_4f9a1c?>~";
        let padded = base64(key.as_bytes(), b'+', b'/');
        assert!(padded.ends_with('=') && padded.contains('/'), "{padded}");
        assert!(contains_secret(padded.trim_end_matches('='), key));
    }
}
