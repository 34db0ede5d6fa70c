//! Validation exports. The general path takes `JSON.stringify(input)` (which
//! keeps lone surrogates as `\u` escapes, so they can be reported) and returns
//! the result as JSON text. The plain path serves the common case, a plain
//! object with only `name`, `email` and `phone_number` strings, without any
//! JSON: one joined string in, numbers out, for one candidate or a whole
//! list, and it only ever says "accepted"; everything else goes the general
//! path, so every issue and warning comes from the same rules in one place.

use crate::phone::normalize_phone_number;
use crate::validate::{
    accept_plain_candidate, validate_candidate_json, validate_candidates_json, PlainCandidate,
    ValidateOptions,
};
use wasm_bindgen::prelude::wasm_bindgen;

pub(super) fn options(default_country: &Option<String>) -> ValidateOptions<'_> {
    ValidateOptions {
        default_country: default_country.as_deref(),
    }
}

/// Validates JSON text holding one candidate, or a list of them when `many`;
/// returns the result as JSON text. (One export for both keeps the glue small.)
#[wasm_bindgen(js_name = validateJson)]
pub fn validate_json_text(json: &str, many: bool, default_country: Option<String>) -> String {
    let options = options(&default_country);
    if many {
        validate_candidates_json(json.as_bytes(), options).to_json()
    } else {
        validate_candidate_json(json.as_bytes(), options).to_json()
    }
}

/// Normalizes a phone number to E.164, or returns `undefined` when it cannot be.
#[wasm_bindgen(js_name = normalizePhoneNumber)]
pub fn normalize_phone_text(raw: &str, default_country: Option<String>) -> Option<String> {
    normalize_phone_number(raw, default_country.as_deref()).ok()
}

/// The answer's flag bits; the phone's digits are the answer divided by
/// [`PHONE_DIGITS_UNIT`].
pub(super) const ACCEPTED: f64 = 1.0;
pub(super) const NAME_TRIMMED: f64 = 2.0;
pub(super) const PHONE_DIGITS_UNIT: f64 = 4.0;
/// E.164 numbers have at most 15 digits, so `digits × 4 + 3` stays below 2^53.
pub(super) const E164_MAX_DIGITS: usize = 15;

/// Accepts `rows` plain candidates (one for `validateCandidate`) in one call.
///
/// `joined` holds one row after another, each ended by `\x01`: a header,
/// then the fields, each preceded by `\0`: name, email, the phone number if
/// the header says so, then each metadata key and its value. The header is
/// `2` (no phone) or `3` (a phone), then `m` and the number of metadata keys
/// when `metadata` is an object (`m0` for `{}`), then `d` when `data` is
/// `{}` (`3m2d\0name\0email\0phone\0k1\0v1\0k2\0v2\x01`). A `\0` or
/// `\x01` inside a field changes the counts, so such input is never
/// misread. The glue puts U+FFFD in place of every lone surrogate, which
/// only the JSON path sees, so a row holding U+FFFD (or, to keep the check
/// a byte search, any character from U+F000 to U+FFFF) is not accepted
/// either.
///
/// Answers nothing when any row is not accepted as it is (a rule fails, a
/// warning applies, or the email changes when normalized): the caller then
/// uses the JSON path, which says why. Otherwise three numbers per row:
/// `digits × 4 + flags`, where bit 0 is set, bit 1 says the name was trimmed
/// and `digits` are the phone number's in E.164 (0 without one, also when
/// the given one is blank: E.164 never starts with 0); then the accepted
/// name's start and end in the given one (UTF-16 offsets, 0 and 0 when not
/// trimmed). Metadata and `data` are accepted as they are.
#[wasm_bindgen(js_name = acceptPlainRows)]
pub fn accept_plain_rows(joined: &str, rows: u32, default_country: Option<String>) -> Vec<f64> {
    accept_rows(joined, rows, options(&default_country)).unwrap_or_default()
}

/// Ends a field: `\0` (more fields of the row follow) or `\x01` (the row ends).
const FIELD_END: u8 = 0;
const ROW_END: u8 = 1;

/// The next field of a row: the text before the first `\0` or `\x01`, that
/// byte, and the text after it. One byte search finds both separators, so
/// each byte of a row is looked at once (issue 14: a 36 KB row of metadata
/// was searched twice, for its end and for its fields); `split_once` with a
/// `char` would bring a searcher and its slicing panics into the wasm.
fn next_field(text: &str) -> Option<(&str, u8, &str)> {
    let at = text.bytes().position(|b| b <= ROW_END)?;
    Some((
        text.get(..at)?,
        *text.as_bytes().get(at)?,
        text.get(at + 1..)?,
    ))
}

fn accept_rows(joined: &str, rows: u32, options: ValidateOptions<'_>) -> Option<Vec<f64>> {
    let expected = usize::try_from(rows).ok()?.checked_mul(3)?;
    let mut answers = Vec::with_capacity(expected);
    let mut rest = joined;
    while !rest.is_empty() {
        if answers.len() == expected {
            return None;
        }
        let (answer, after) = accept(rest, options)?;
        answers.extend_from_slice(&answer);
        rest = after;
    }
    (answers.len() == expected).then_some(answers)
}

/// What a row's header announces.
pub(super) struct Header {
    pub(super) with_phone: bool,
    pub(super) metadata_keys: Option<usize>,
    pub(super) empty_data: bool,
}

pub(super) fn header(text: &str) -> Option<Header> {
    let bytes = text.as_bytes();
    let with_phone = match bytes.first()? {
        b'2' => false,
        b'3' => true,
        _ => return None,
    };
    let mut at = 1;
    let mut metadata_keys = None;
    if bytes.get(at) == Some(&b'm') {
        at += 1;
        let mut keys: usize = 0;
        let start = at;
        while let Some(digit @ b'0'..=b'9') = bytes.get(at) {
            keys = keys
                .checked_mul(10)?
                .checked_add(usize::from(digit - b'0'))?;
            at += 1;
        }
        if at == start {
            return None;
        }
        metadata_keys = Some(keys);
    }
    let empty_data = bytes.get(at) == Some(&b'd');
    at += usize::from(empty_data);
    (at == bytes.len()).then_some(Header {
        with_phone,
        metadata_keys,
        empty_data,
    })
}

/// One row's three answers (see [`accept_plain_rows`]) and the text after
/// the row, if it is accepted.
fn accept<'t>(text: &'t str, options: ValidateOptions<'_>) -> Option<([f64; 3], &'t str)> {
    let (head, end, fields) = next_field(text)?;
    if end != FIELD_END {
        return None;
    }
    let head = header(head)?;
    // The fields up to the row's end; `None` after the last. `after` is the
    // text after the row once its last field is read.
    let mut rest = Some(fields);
    let mut after = None;
    let mut next = || {
        let (field, end, tail) = next_field(rest?)?;
        if end == ROW_END {
            rest = None;
            after = Some(tail);
        } else {
            rest = Some(tail);
        }
        // The glue turns lone surrogates into U+FFFD: the JSON path must see them.
        (!may_hold_replacement_character(field)).then_some(field)
    };
    let name = next()?;
    let email = next()?;
    let phone_number = if head.with_phone { Some(next()?) } else { None };
    let mut pairs = Vec::new();
    if let Some(keys) = head.metadata_keys {
        // More keys than any accepted candidate has: the JSON path reports them.
        if keys > crate::candidate::METADATA_MAX_KEYS {
            return None;
        }
        pairs.reserve(keys);
        for _ in 0..keys {
            pairs.push((next()?, next()?));
        }
    }
    // The row ends with its last field: `after` is set only then.
    let after = after?;
    let candidate = PlainCandidate {
        name,
        email,
        phone_number,
        metadata: head.metadata_keys.map(|_| pairs.as_slice()),
        empty_data: head.empty_data,
    };
    let accepted = accept_plain_candidate(candidate, options)?;
    if accepted.email != email {
        return None;
    }
    let mut digits = 0.0;
    if let Some(e164) = &accepted.phone_number {
        // Normalized E.164 is "+" and ASCII digits only; 15 digits are exact in an f64.
        let e164_digits = e164.as_bytes().get(1..)?;
        if e164_digits.len() > E164_MAX_DIGITS {
            return None;
        }
        for digit in e164_digits {
            digits = digits * 10.0 + f64::from(*digit - b'0');
        }
    }
    if accepted.name.len() == name.len() {
        return Some(([digits * PHONE_DIGITS_UNIT + ACCEPTED, 0.0, 0.0], after));
    }
    // The accepted name is a slice of the given one.
    let start = accepted.name.as_ptr() as usize - name.as_ptr() as usize;
    let start_utf16 = utf16_len(name.get(..start)?);
    let end_utf16 = start_utf16 + utf16_len(accepted.name);
    Some((
        [
            digits * PHONE_DIGITS_UNIT + ACCEPTED + NAME_TRIMMED,
            start_utf16 as f64,
            end_utf16 as f64,
        ],
        after,
    ))
}

/// Whether `text` may hold U+FFFD: any character from U+F000 to U+FFFF
/// (lead byte 0xEF) counts, which only sends a few more rows to the JSON path.
/// (`str::contains` with a non-ASCII char brings a large searcher into the wasm.)
fn may_hold_replacement_character(text: &str) -> bool {
    text.as_bytes().contains(&0xEF)
}

/// UTF-16 length of `text`, from its UTF-8 bytes: one unit per character, two
/// for those of four bytes.
pub(super) fn utf16_len(text: &str) -> usize {
    text.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}
