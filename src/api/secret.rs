//! Keeping the API key out of everything we show: error messages, excerpts,
//! headers, logs. Anything that came from outside (a server's message, a
//! response excerpt, a relayed body) passes through [`redact`] before it is
//! surfaced.
//!
//! A server (or anything between) can echo the key in many spellings, so the
//! key is looked for in *decoded views* of the text, not only in the text:
//! the text as it is, with backslash escapes decoded (JSON's `\u0073`,
//! `\/`, `\x73`), with percent escapes decoded (any case), with HTML
//! character references decoded (`&#115;`, `&#x73;`, `&gt;`), and each of
//! those applied after each (an escaped escape is one more layer). In every view it looks for the key's forms: the
//! key, its hex (any case), its base64 and base64url (padded, unpadded, and
//! the part a key at any of the 3 byte offsets inside a longer blob
//! determines) and its UTF-16 LE/BE bytes read as text. A match in a view
//! maps back to the span of the original text it was decoded from, and that
//! span is replaced, so whatever the encoding, the original text loses the
//! whole key.

use super::percent::hex_value;

/// What a secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// The shortest base64 run that is matched on its own (the part of a
/// blob that a short key determines could occur by chance).
const MIN_BASE64_CORE: usize = 8;

/// `text` with every occurrence of `secret`, in any form listed in the
/// module documentation, replaced by [`REDACTED`].
pub fn redact(text: &str, secret: &str) -> String {
    SecretForms::new(secret).redact(text)
}

/// Whether `text` contains `secret` in any form [`redact`] removes.
pub fn contains_secret(text: &str, secret: &str) -> bool {
    SecretForms::new(secret).found_in(text)
}

/// One form of the secret to look for in a view.
#[derive(Clone)]
struct Target {
    chars: Vec<char>,
    /// Matched regardless of ASCII case (hex).
    any_case: bool,
}

/// The forms of one secret that [`redact`] removes, computed once: for a
/// caller that checks many texts against the same key (the edge handler
/// checks every header and body it answers with).
#[derive(Clone, Default)]
pub struct SecretForms {
    targets: Vec<Target>,
}

impl SecretForms {
    /// The forms of `secret` (none for an empty secret).
    pub fn new(secret: &str) -> Self {
        if secret.is_empty() {
            return SecretForms::default();
        }
        let bytes = secret.as_bytes();
        let mut forms: Vec<(String, bool)> = vec![(secret.to_owned(), false)];
        forms.push((hex(bytes), true));
        for (plus, slash) in [(b'+', b'/'), (b'-', b'_')] {
            let aligned = base64(bytes, plus, slash);
            forms.push((aligned.trim_end_matches('=').to_owned(), false));
            forms.push((aligned.clone(), false));
            for offset in 0..3 {
                let core = base64_core(bytes, offset, plus, slash);
                if core.len() >= MIN_BASE64_CORE {
                    forms.push((core, false));
                }
            }
        }
        let units: Vec<u16> = secret.encode_utf16().collect();
        let le: String = units
            .iter()
            .flat_map(|unit| unit.to_le_bytes())
            .map(char::from)
            .collect();
        let be: String = units
            .iter()
            .flat_map(|unit| unit.to_be_bytes())
            .map(char::from)
            .collect();
        forms.push((le, false));
        forms.push((be, false));
        let mut targets: Vec<Target> = Vec::with_capacity(forms.len());
        for (form, any_case) in forms {
            let chars: Vec<char> = form.chars().collect();
            if !chars.is_empty() && !targets.iter().any(|t| t.chars == chars) {
                targets.push(Target { chars, any_case });
            }
        }
        SecretForms { targets }
    }

    /// `text` with every form, in every view, replaced by [`REDACTED`].
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        // A second round only runs when the first found something (and a
        // third is a bound, never reached in practice).
        for _ in 0..3 {
            let spans = self.spans(&out, false);
            if spans.is_empty() {
                break;
            }
            out = replace_spans(&out, &spans);
        }
        out
    }

    /// Whether [`Self::redact`] would change `text`.
    pub fn found_in(&self, text: &str) -> bool {
        !self.spans(text, false).is_empty()
    }

    /// Whether `name` (a header name, which HTTP lower-cases on the way)
    /// holds the secret in any form, regardless of ASCII case.
    pub fn found_in_name(&self, name: &str) -> bool {
        !self.spans(name, true).is_empty()
    }

    /// The spans of `text` (byte ranges, sorted, merged) that decode to a form.
    fn spans(&self, text: &str, any_case: bool) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        if self.targets.is_empty() {
            return spans;
        }
        let identity: View = text
            .char_indices()
            .map(|(at, c)| Unit {
                c,
                start: at,
                end: at + c.len_utf8(),
            })
            .collect();
        let decoders: [Decoder; 3] = [decode_backslashes, decode_percent, decode_html];
        let mut views = vec![identity];
        for decode in &decoders {
            let Some(once) = decode(&views[0]) else {
                continue;
            };
            // Twice the same too: an escaped escape (`\\u0073` in a JSON
            // string holding `\u0073`, `%2573`, `&amp;#115;`) is one more
            // layer of the same encoding.
            for then in &decoders {
                if let Some(twice) = then(&once) {
                    views.push(twice);
                }
            }
            views.push(once);
        }
        for view in &views {
            for target in &self.targets {
                find_all(view, target, any_case || target.any_case, &mut spans);
            }
        }
        merge(spans, text.len())
    }
}

impl std::fmt::Debug for SecretForms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretForms([redacted])")
    }
}

/// A decoded character and the byte span of the original text it came from.
#[derive(Clone, Copy)]
struct Unit {
    c: char,
    start: usize,
    end: usize,
}

type View = Vec<Unit>;
/// A decoding of a view, or `None` when the view has nothing it decodes.
type Decoder = fn(&[Unit]) -> Option<View>;

/// The number `digits` hex (or decimal) characters at `at` spell, if they
/// all are digits. Hex digits are read by the percent codec's
/// [`hex_value`], so `%HH`, `\xHH`, `\uHHHH` and `&#xH;` take exactly the
/// digits a URL decoder takes.
fn number_at(view: &[Unit], at: usize, digits: usize, radix: u32) -> Option<u32> {
    let slice = view.get(at..at + digits)?;
    slice.iter().try_fold(0u32, |total, unit| {
        let digit = if radix == 16 {
            hex_value(u8::try_from(unit.c).ok()?).map(u32::from)
        } else {
            unit.c.to_digit(radix)
        };
        total.checked_mul(radix)?.checked_add(digit?)
    })
}

fn unit(c: char, from: &[Unit]) -> Unit {
    Unit {
        c,
        start: from.first().map_or(0, |u| u.start),
        end: from.last().map_or(0, |u| u.end),
    }
}

/// `\uXXXX` (a surrogate pair as one character), `\xHH`, and `\` before any
/// other character (`\/`, `\\`, `\"`; `\n`, `\t`, `\r` as the controls).
fn decode_backslashes(view: &[Unit]) -> Option<View> {
    if !view.iter().any(|u| u.c == '\\') {
        return None;
    }
    let mut out = Vec::with_capacity(view.len());
    let mut i = 0;
    while i < view.len() {
        let here = view[i];
        if here.c != '\\' || i + 1 >= view.len() {
            out.push(here);
            i += 1;
            continue;
        }
        let next = view[i + 1].c;
        if next == 'u' {
            if let Some(high) = number_at(view, i + 2, 4, 16) {
                let pair = (0xD800..0xDC00).contains(&high)
                    && view.get(i + 6).is_some_and(|u| u.c == '\\')
                    && view.get(i + 7).is_some_and(|u| u.c == 'u');
                if let Some(low) = pair.then(|| number_at(view, i + 8, 4, 16)).flatten() {
                    if (0xDC00..0xE000).contains(&low) {
                        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        let c = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
                        out.push(unit(c, &view[i..i + 12]));
                        i += 12;
                        continue;
                    }
                }
                let c = char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER);
                out.push(unit(c, &view[i..i + 6]));
                i += 6;
                continue;
            }
        }
        if next == 'x' {
            if let Some(byte) = number_at(view, i + 2, 2, 16) {
                let c = char::from_u32(byte).unwrap_or(char::REPLACEMENT_CHARACTER);
                out.push(unit(c, &view[i..i + 4]));
                i += 4;
                continue;
            }
        }
        let c = match next {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'b' => '\u{8}',
            'f' => '\u{c}',
            '0' => '\0',
            other => other,
        };
        out.push(unit(c, &view[i..i + 2]));
        i += 2;
    }
    Some(out)
}

/// `%HH` in any case; a run of them is read as UTF-8.
fn decode_percent(view: &[Unit]) -> Option<View> {
    if !view.iter().any(|u| u.c == '%') {
        return None;
    }
    let mut out = Vec::with_capacity(view.len());
    let mut i = 0;
    while i < view.len() {
        // A run of %HH: bytes with their spans.
        let mut run: Vec<(u8, usize, usize)> = Vec::new();
        while view[i].c == '%' {
            let Some(byte) = number_at(view, i + 1, 2, 16).map(|b| b as u8) else {
                break;
            };
            run.push((byte, view[i].start, view[i + 2].end));
            i += 3;
            if i >= view.len() {
                break;
            }
        }
        if run.is_empty() {
            out.push(view[i]);
            i += 1;
            continue;
        }
        let mut at = 0;
        while at < run.len() {
            let length = match run[at].0 {
                0x00..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            let bytes: Vec<u8> = run.iter().skip(at).take(length).map(|b| b.0).collect();
            let decoded = std::str::from_utf8(&bytes)
                .ok()
                .and_then(|s| s.chars().next());
            let (c, used) = match decoded {
                Some(c) if bytes.len() == length => (c, length),
                _ => (char::REPLACEMENT_CHARACTER, 1),
            };
            out.push(Unit {
                c,
                start: run[at].1,
                end: run[at + used - 1].2,
            });
            at += used;
        }
    }
    Some(out)
}

/// HTML named references for the ASCII punctuation a key can hold.
const HTML_NAMED: [(&str, char); 33] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("excl", '!'),
    ("quest", '?'),
    ("num", '#'),
    ("dollar", '$'),
    ("percnt", '%'),
    ("lpar", '('),
    ("rpar", ')'),
    ("ast", '*'),
    ("midast", '*'),
    ("plus", '+'),
    ("comma", ','),
    ("period", '.'),
    ("sol", '/'),
    ("colon", ':'),
    ("semi", ';'),
    ("equals", '='),
    ("commat", '@'),
    ("lsqb", '['),
    ("lbrack", '['),
    ("bsol", '\\'),
    ("rsqb", ']'),
    ("rbrack", ']'),
    ("Hat", '^'),
    ("lowbar", '_'),
    ("grave", '`'),
    ("lcub", '{'),
    ("verbar", '|'),
    ("rcub", '}'),
];

/// `&#DDD;`, `&#xHH;` (the `;` optional, as browsers read them) and the named
/// references above.
fn decode_html(view: &[Unit]) -> Option<View> {
    if !view.iter().any(|u| u.c == '&') {
        return None;
    }
    let mut out = Vec::with_capacity(view.len());
    let mut i = 0;
    while i < view.len() {
        if view[i].c != '&' {
            out.push(view[i]);
            i += 1;
            continue;
        }
        if let Some((c, used)) = html_reference(&view[i..]) {
            out.push(unit(c, &view[i..i + used]));
            i += used;
        } else {
            out.push(view[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The character a reference at the start of `view` (at its `&`) stands for, and its length.
fn html_reference(view: &[Unit]) -> Option<(char, usize)> {
    let c = |at: usize| view.get(at).map(|u| u.c);
    if c(1) == Some('#') {
        let hex = matches!(c(2), Some('x' | 'X'));
        let (from, radix) = if hex { (3, 16) } else { (2, 10) };
        let digits = view
            .iter()
            .skip(from)
            .take(8)
            .take_while(|u| u.c.is_digit(radix))
            .count();
        if digits == 0 {
            return None;
        }
        let code = number_at(view, from, digits, radix)?;
        let decoded = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
        let end = from + digits;
        let used = if c(end) == Some(';') { end + 1 } else { end };
        return Some((decoded, used));
    }
    let name: String = view
        .iter()
        .skip(1)
        .take(8)
        .take_while(|u| u.c.is_ascii_alphabetic())
        .map(|u| u.c)
        .collect();
    if c(1 + name.len()) != Some(';') {
        return None;
    }
    HTML_NAMED
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, decoded)| (*decoded, name.len() + 2))
}

/// Pushes the original span of every occurrence of `target` in `view` (KMP:
/// linear in the view, whatever it holds).
fn find_all(view: &[Unit], target: &Target, any_case: bool, spans: &mut Vec<(usize, usize)>) {
    let pattern = &target.chars;
    let same = |a: char, b: char| a == b || (any_case && a.eq_ignore_ascii_case(&b));
    let mut failure = vec![0usize; pattern.len()];
    let mut k = 0;
    for i in 1..pattern.len() {
        while k > 0 && !same(pattern[i], pattern[k]) {
            k = failure[k - 1];
        }
        if same(pattern[i], pattern[k]) {
            k += 1;
        }
        failure[i] = k;
    }
    let mut k = 0;
    for (i, unit) in view.iter().enumerate() {
        while k > 0 && !same(unit.c, pattern[k]) {
            k = failure[k - 1];
        }
        if same(unit.c, pattern[k]) {
            k += 1;
        }
        if k == pattern.len() {
            let first = view[i + 1 - k];
            spans.push((first.start, unit.end));
            k = failure[k - 1];
        }
    }
}

/// Sorted, with overlapping and touching spans joined: through a map of
/// the covered bytes, linear whatever the number of matches (and no library
/// sort, which would add kilobytes to the wasm).
fn merge(spans: Vec<(usize, usize)>, length: usize) -> Vec<(usize, usize)> {
    if spans.is_empty() {
        return spans;
    }
    let mut covered = vec![false; length + 1];
    // `covered[i]`: byte i is in a span; spans ending where another starts join.
    for (start, end) in spans {
        for flag in covered.iter_mut().take(end).skip(start) {
            *flag = true;
        }
    }
    let mut merged = Vec::new();
    let mut open: Option<usize> = None;
    for (at, &inside) in covered.iter().enumerate() {
        match (inside, open) {
            (true, None) => open = Some(at),
            (false, Some(start)) => {
                merged.push((start, at));
                open = None;
            }
            _ => {}
        }
    }
    merged
}

fn replace_spans(text: &str, spans: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for &(start, end) in spans {
        out.push_str(text.get(at..start).unwrap_or_default());
        out.push_str(REDACTED);
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
    out
}

/// The base64 characters that `bytes` alone determine when they start
/// `offset` bytes into a longer blob: the ones whose 6 bits all fall inside.
fn base64_core(bytes: &[u8], offset: usize, plus: u8, slash: u8) -> String {
    let mut padded = vec![0u8; offset];
    padded.extend_from_slice(bytes);
    padded.push(0);
    padded.push(0);
    let encoded = base64(&padded, plus, slash);
    let first = (8 * offset).div_ceil(6);
    let end = (8 * (offset + bytes.len())) / 6;
    encoded.get(first..end).unwrap_or_default().to_owned()
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

    const KEY: &str = "sk_live_Wq7?x>4!~Zp";

    fn percent_all(text: &str, upper: bool) -> String {
        text.bytes()
            .map(|b| {
                if upper {
                    format!("%{b:02X}")
                } else {
                    format!("%{b:02x}")
                }
            })
            .collect()
    }

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

    /// Every spelling the module promises, each inside other text.
    fn every_form(key: &str) -> Vec<(String, String)> {
        let bytes = key.as_bytes();
        let mut forms = vec![
            ("plain".to_owned(), key.to_owned()),
            ("percent, upper case".to_owned(), percent_all(key, true)),
            ("percent, lower case".to_owned(), percent_all(key, false)),
            (
                "JSON \\u escapes, lower".to_owned(),
                key.chars()
                    .map(|c| format!("\\u{:04x}", c as u32))
                    .collect(),
            ),
            (
                "JSON \\u escapes, upper".to_owned(),
                key.chars()
                    .map(|c| format!("\\u{:04X}", c as u32))
                    .collect(),
            ),
            (
                "JSON \\u escapes, some".to_owned(),
                key.chars()
                    .enumerate()
                    .map(|(i, c)| {
                        if i % 2 == 0 {
                            format!("\\u{:04x}", c as u32)
                        } else {
                            c.to_string()
                        }
                    })
                    .collect(),
            ),
            (
                "\\x escapes".to_owned(),
                key.bytes().map(|b| format!("\\x{b:02x}")).collect(),
            ),
            ("hex".to_owned(), hex(bytes)),
            ("HEX".to_owned(), hex(bytes).to_uppercase()),
            (
                "HTML decimal".to_owned(),
                key.chars().map(|c| format!("&#{};", c as u32)).collect(),
            ),
            (
                "HTML hex".to_owned(),
                key.chars().map(|c| format!("&#x{:x};", c as u32)).collect(),
            ),
            (
                "HTML named".to_owned(),
                key.replace('>', "&gt;")
                    .replace('!', "&excl;")
                    .replace('?', "&quest;"),
            ),
            (
                "UTF-16LE".to_owned(),
                key.encode_utf16()
                    .flat_map(|u| u.to_le_bytes())
                    .map(char::from)
                    .collect(),
            ),
            (
                "UTF-16BE".to_owned(),
                key.encode_utf16()
                    .flat_map(|u| u.to_be_bytes())
                    .map(char::from)
                    .collect(),
            ),
            (
                "UTF-16LE as JSON text".to_owned(),
                key.chars().map(|c| format!("{c}\\u0000")).collect(),
            ),
            (
                "percent inside JSON".to_owned(),
                percent_all(key, false).replace('%', "\\u0025"),
            ),
            (
                "JSON \\u escapes inside a JSON string".to_owned(),
                key.chars()
                    .map(|c| format!("\\\\u{:04x}", c as u32))
                    .collect(),
            ),
            (
                "percent-encoded twice".to_owned(),
                percent_all(key, true).replace('%', "%25"),
            ),
            (
                "HTML entities escaped".to_owned(),
                key.chars()
                    .map(|c| format!("&amp;#{};", c as u32))
                    .collect(),
            ),
        ];
        for (name, plus, slash) in [("base64", b'+', b'/'), ("base64url", b'-', b'_')] {
            let aligned = base64(bytes, plus, slash);
            forms.push((format!("{name} padded"), aligned.clone()));
            forms.push((
                format!("{name} unpadded"),
                aligned.trim_end_matches('=').to_owned(),
            ));
            forms.push((format!("{name} with \\/"), aligned.replace('/', "\\/")));
            for offset in 0..3 {
                let mut blob: Vec<u8> = b"\x01\xfe\x7f"[..offset].to_vec();
                blob.extend_from_slice(bytes);
                blob.extend_from_slice(b"\x80tail of the blob");
                forms.push((
                    format!("{name} at offset {offset} in a blob"),
                    base64(&blob, plus, slash),
                ));
            }
        }
        forms
    }

    #[test]
    fn removes_every_form_of_the_key_inside_other_text() {
        for key in [
            KEY,
            "hm_test_4f9a1c?>~",
            "sk_live/+key?",
            "0123456789abcdef",
        ] {
            let forms = SecretForms::new(key);
            for (name, form) in every_form(key) {
                let text = format!("before {form} after");
                assert!(forms.found_in(&text), "{key}: {name} not found in {text}");
                let clean = forms.redact(&text);
                assert!(
                    clean.starts_with("before ") && clean.ends_with(" after"),
                    "{name}: {clean}"
                );
                assert!(clean.contains(REDACTED), "{name}: {clean}");
                assert!(!forms.found_in(&clean), "{key}: {name} survives in {clean}");
                // What remains of the form tells nothing: at most the two
                // base64 characters a blob's neighbours share with the key.
                let rest = clean.replace(REDACTED, "").len() - "before  after".len();
                assert!(
                    rest <= 3 + "tail of the blob".len() * 2,
                    "{key}: {name}: {clean}"
                );
            }
        }
    }

    #[test]
    fn header_names_are_matched_in_any_case() {
        let forms = SecretForms::new(KEY);
        assert!(forms.found_in_name(&format!("x-ratelimit-{}", KEY.to_ascii_lowercase())));
        assert!(!forms.found_in(&format!("x-ratelimit-{}", KEY.to_ascii_lowercase())));
        assert!(!forms.found_in_name("x-ratelimit-remaining"));
    }

    #[test]
    fn leaves_other_text_alone() {
        let forms = SecretForms::new(KEY);
        for text in [
            "",
            "nothing here",
            "100% of \\u the & entities &#; &#x; &bogus; %zz \\",
            "{\"error\":{\"message\":\"a\\/b \\u00e9\"}}",
            "sk_live_Wq7?x>4!~Z",
        ] {
            assert!(!forms.found_in(text), "{text}");
            assert_eq!(forms.redact(text), text);
        }
        assert_eq!(redact("nothing here", ""), "nothing here");
        assert!(!contains_secret("anything", ""));
    }

    #[test]
    fn many_occurrences_and_hostile_text_stay_linear_and_exact() {
        let text = format!("{}{KEY}", "sk_live_".repeat(10_000));
        let clean = redact(&text, KEY);
        assert!(clean.ends_with(REDACTED) && !contains_secret(&clean, KEY));
        let text = [KEY; 20_000].join(",");
        assert_eq!(redact(&text, KEY), [REDACTED; 20_000].join(","));
        let escapes = "\\u".repeat(10_000) + &"%".repeat(10_000) + &"&#".repeat(10_000);
        assert_eq!(redact(&escapes, KEY), escapes);
    }
}
