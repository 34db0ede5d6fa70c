//! Phone normalization from arbitrary strings with arbitrary default countries.
//!
//! Input: one selector byte, then (for an arbitrary country) two more bytes,
//! then the raw text. The selector picks no default country, one of the
//! known regions (every one is reachable), or two arbitrary bytes.
//!
//! Invariants:
//! - never panics;
//! - a normalized number is `+` and at most 15 ASCII digits (more only for
//!   the calling codes whose plan has longer numbers), and normalizes to
//!   itself with no default country, with the same one, and with another
//!   known region;
//! - an unknown non-blank default country is the same as none (a number
//!   with `+` never depends on it), except that a number which needs one
//!   gets `unknown_default_country` instead of the missing `+` error;
//! - every error has one of the documented issue codes and a message;
//! - the validator gives the same answer for the same text in a candidate.
#![no_main]

use heymilo_ingest::{
    is_known_region, normalize_phone_number, regions, validate_candidate, IssueCode,
    JsonValue as Value, PhoneError, ValidateOptions,
};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// E.164 allows 15 digits; libphonenumber's metadata (the reference, in
/// libphonenumber-js 1.13.16 "max") lets these calling codes have more: the
/// code's length plus the longest possible national number.
const LONGER_PLANS: [(&str, usize); 6] = [
    ("49", 17),
    ("62", 19),
    ("81", 19),
    ("82", 16),
    ("234", 17),
    ("598", 16),
];

fn max_digits(digits: &str) -> usize {
    LONGER_PLANS
        .iter()
        .find(|(code, _)| digits.starts_with(code))
        .map_or(15, |&(_, max)| max)
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    static KNOWN: OnceLock<Vec<&'static str>> = OnceLock::new();
    let known = KNOWN.get_or_init(|| regions().map(|(region, _)| region).collect());
    let (country, raw): (Option<String>, &[u8]) = match selector {
        0..=15 => (None, rest),
        16..=239 => {
            let pick = rest.first().copied().unwrap_or(0);
            let index = (usize::from(selector - 16) * 256 + usize::from(pick)) % known.len();
            (Some(known[index].to_owned()), rest.get(1..).unwrap_or(&[]))
        }
        _ => {
            let (code, raw) = rest.split_at(rest.len().min(2));
            (Some(String::from_utf8_lossy(code).into_owned()), raw)
        }
    };
    let raw = String::from_utf8_lossy(raw);
    let country = country.as_deref();
    let result = normalize_phone_number(&raw, country);

    let unknown_country =
        country.is_some_and(|c| !c.trim().is_empty() && !is_known_region(c.trim()));
    if unknown_country {
        let without = normalize_phone_number(&raw, None);
        match (&result, &without) {
            (Err(error), Err(PhoneError::MissingPlus)) => {
                assert_eq!(
                    error.code(),
                    "unknown_default_country",
                    "{raw:?} {country:?}"
                );
            }
            _ => assert_eq!(
                result, without,
                "{raw:?}: unknown {country:?} is not the same as none"
            ),
        }
    }
    match &result {
        Ok(phone) => {
            let digits = phone.strip_prefix('+').expect("E.164 starts with +");
            assert!(
                digits.len() <= max_digits(digits) && digits.bytes().all(|b| b.is_ascii_digit()),
                "{raw:?} ({country:?}) -> {phone:?}: too many digits or not digits"
            );
            let other = known[data.len() % known.len()];
            for again_in in [None, country, Some(other)] {
                assert_eq!(
                    normalize_phone_number(phone, again_in).as_ref(),
                    Ok(phone),
                    "{raw:?} ({country:?}) -> {phone} does not normalize to itself in {again_in:?}"
                );
            }
        }
        Err(error) => {
            assert!(
                IssueCode::parse(error.code()).is_some(),
                "undocumented code {}",
                error.code()
            );
            assert!(!error.message().is_empty());
        }
    }

    // The validator reports exactly what the normalizer says (a blank phone is absent).
    let candidate = Value::Object(vec![
        ("name".into(), Value::String("Ada".into())),
        ("email".into(), Value::String("ada@example.com".into())),
        (
            "phone_number".into(),
            Value::String(raw.clone().into_owned()),
        ),
    ]);
    let outcome = validate_candidate(
        &candidate,
        ValidateOptions {
            default_country: country,
        },
    );
    match &result {
        // A blank phone number is absent: forms send "" for untouched inputs.
        _ if raw.trim().is_empty() => {
            let value = outcome.value.expect("a blank phone, a valid candidate");
            assert_eq!(value.phone_number(), None);
        }
        Ok(phone) => {
            let value = outcome.value.expect("valid phone, valid candidate");
            assert_eq!(value.phone_number(), Some(phone.as_str()));
        }
        Err(error) => {
            assert_eq!(outcome.issues.len(), 1, "{:?}", outcome.issues);
            assert_eq!(outcome.issues[0].code.as_str(), error.code());
        }
    }
});
