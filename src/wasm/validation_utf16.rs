//! The plain validation path with its rows as UTF-16 code units (feature
//! `utf16-rows`, the Node, Deno and Bun entries): the same rows as
//! `acceptPlainRows` (see `validation.rs`), in the form JavaScript holds them.
//!
//! Why: `TextEncoder` spends about 2 ns per character turning a string with
//! characters beyond Latin-1 into UTF-8, where Node's `Buffer` copies its
//! UTF-16 in a memcpy. A candidate with metadata at the limits (50 values of
//! 500 characters) spent most of its time there (issue 14). Here metadata is
//! checked as UTF-16, without transcoding; only name, email and phone number
//! (short) become UTF-8 for their rules. Lone surrogates arrive as they are,
//! so they are found exactly (and sent to the JSON path, which reports them)
//! rather than by the U+FFFD stand-in of the UTF-8 rows.

use super::validation::{
    header, options, utf16_len, ACCEPTED, E164_MAX_DIGITS, NAME_TRIMMED, PHONE_DIGITS_UNIT,
};
use crate::validate::{accept_plain_candidate_utf16, PlainCandidate, Utf16Text, ValidateOptions};
use wasm_bindgen::prelude::wasm_bindgen;

/// [`super::validation::accept_plain_rows`] for the same rows given as UTF-16
/// code units: the same answers, three numbers per row, or none at all when
/// any row is not accepted as it is.
#[wasm_bindgen(js_name = acceptPlainRows16)]
pub fn accept_plain_rows_utf16(
    units: &[u16],
    rows: u32,
    default_country: Option<String>,
) -> Vec<f64> {
    accept_rows(units, rows, options(&default_country)).unwrap_or_default()
}

const FIELD_END: u16 = 0;
const ROW_END: u16 = 1;

/// Four units in the lanes of a `u64`, for testing them at once.
const LANES: u64 = 0x0001_0001_0001_0001;
const LANE_TOPS: u64 = 0x8000_8000_8000_8000;

/// The next field of a row, in one pass: its text (surrogates paired, code
/// points counted), the `\0` or `\x01` after it, and the units after that;
/// `None` without a separator or at a lone surrogate. Four units at a time
/// while none of them is a separator or a surrogate (all of an ASCII value),
/// one at a time around those that are.
fn next_field(units: &[u16]) -> Option<(Utf16Text<'_>, u16, &[u16])> {
    let mut at = 0;
    let mut pairs = 0;
    loop {
        while let Some(&[a, b, c, d]) = units.get(at..at + 4) {
            let word = u64::from(a) | u64::from(b) << 16 | u64::from(c) << 32 | u64::from(d) << 48;
            // A lane below 2: a separator. (The classic "has a byte less than n", in 16-bit lanes.)
            let separator = word.wrapping_sub(2 * LANES) & !word & LANE_TOPS;
            // A lane in 0xD800..=0xDFFF: a surrogate.
            let masked = (word & (0xF800 * LANES)) ^ (0xD800 * LANES);
            let surrogate = masked.wrapping_sub(LANES) & !masked & LANE_TOPS;
            if separator | surrogate != 0 {
                break;
            }
            at += 4;
        }
        let unit = *units.get(at)?;
        if unit <= ROW_END {
            let text = Utf16Text::counted(units.get(..at)?, at - pairs);
            return Some((text, unit, units.get(at + 1..)?));
        }
        at += 1;
        if unit & 0xF800 == 0xD800 {
            // A high surrogate and then a low one; anything else is lone.
            let low = *units.get(at)?;
            if unit >= 0xDC00 || low & 0xFC00 != 0xDC00 {
                return None;
            }
            at += 1;
            pairs += 1;
        }
    }
}

fn accept_rows(units: &[u16], rows: u32, options: ValidateOptions<'_>) -> Option<Vec<f64>> {
    let expected = usize::try_from(rows).ok()?.checked_mul(3)?;
    let mut answers = Vec::with_capacity(expected);
    let mut rest = units;
    // Reused for every row: the UTF-8 of its name, email and phone number.
    let mut text = String::new();
    while !rest.is_empty() {
        if answers.len() == expected {
            return None;
        }
        let (answer, after) = accept(rest, options, &mut text)?;
        answers.extend_from_slice(&answer);
        rest = after;
    }
    (answers.len() == expected).then_some(answers)
}

/// Appends `text` to `out` as UTF-8.
fn push_utf8(out: &mut String, text: Utf16Text<'_>) -> Option<()> {
    for c in char::decode_utf16(text.units().iter().copied()) {
        out.push(c.ok()?);
    }
    Some(())
}

fn accept<'u>(
    units: &'u [u16],
    options: ValidateOptions<'_>,
    text: &mut String,
) -> Option<([f64; 3], &'u [u16])> {
    let (head, end, fields) = next_field(units)?;
    if end != FIELD_END || head.units().len() > 8 {
        return None;
    }
    // The header is ASCII: one byte per unit (anything else is no header).
    let head: Vec<u8> = head
        .units()
        .iter()
        .map(|&u| u8::try_from(u).ok().filter(u8::is_ascii))
        .collect::<Option<_>>()?;
    let head = header(core::str::from_utf8(&head).ok()?)?;
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
        Some(field)
    };
    // Name, email and phone as UTF-8, one after another in `text`.
    text.clear();
    push_utf8(text, next()?)?;
    let name_end = text.len();
    push_utf8(text, next()?)?;
    let email_end = text.len();
    if head.with_phone {
        push_utf8(text, next()?)?;
    }
    let mut pairs = Vec::new();
    if let Some(keys) = head.metadata_keys {
        if keys > crate::candidate::METADATA_MAX_KEYS {
            return None;
        }
        pairs.reserve(keys);
        for _ in 0..keys {
            pairs.push((next()?, next()?));
        }
    }
    let after = after?;
    let name = text.get(..name_end)?;
    let email = text.get(name_end..email_end)?;
    let candidate = PlainCandidate {
        name,
        email,
        phone_number: head.with_phone.then(|| text.get(email_end..)).flatten(),
        metadata: None,
        empty_data: head.empty_data,
    };
    let metadata = head.metadata_keys.map(|_| pairs.as_slice());
    let accepted = accept_plain_candidate_utf16(candidate, metadata, options)?;
    if accepted.email != email {
        return None;
    }
    let mut digits = 0.0;
    if let Some(e164) = &accepted.phone_number {
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
