//! Candidate validation from arbitrary bytes (`validate_candidate_json`, and
//! `validate_candidates_json` when the input is a list).
//!
//! Invariants:
//! - never panics; `value` is present exactly when there are no issues;
//! - a valid candidate's normalized JSON validates again, with the same and
//!   with no default country, to the identical value and JSON (stable), and
//!   its fields are normalized (trimmed, E.164 phone);
//! - every issue and warning path points at something that exists in the
//!   parsed input, or is `[]`, or names a missing required field; an
//!   `invalid_unicode` path holds a replaced surrogate and a `too_deep` path a
//!   value that was cut off;
//! - unreadable bytes give exactly one `invalid_json` issue at `[]`;
//! - for a candidate of only `name`, `email` and `phone_number` strings, the
//!   plain path (`accept_plain_candidate`, what the JS API runs for plain
//!   objects) accepts exactly when validation has no issue and no warning,
//!   with the same value, and so does `accept_plain_candidate_utf16` with the
//!   metadata as UTF-16.
#![no_main]

use heymilo_ingest::{
    accept_plain_candidate, accept_plain_candidate_utf16, parse_json, validate_candidate_json,
    validate_candidates_json, CandidateIngestRequest, Issue, IssueCode, JsonDocument,
    JsonValue as Value, PathSegment, PlainCandidate, Utf16Text, ValidateOptions, Validation,
    MAX_JSON_DEPTH as MAX_DEPTH,
};
use heymilo_ingest_fuzz::value_at;
use libfuzzer_sys::fuzz_target;

/// Default countries tried, chosen by input length (so the bytes stay pure JSON).
const COUNTRIES: [Option<&str>; 8] = [
    None,
    Some("GB"),
    Some("US"),
    Some("DE"),
    Some("AR"),
    Some("JP"),
    Some("zz"),
    Some(" fr "),
];

fuzz_target!(|data: &[u8]| {
    let options = ValidateOptions {
        default_country: COUNTRIES[data.len() % COUNTRIES.len()],
    };
    let parsed = parse_json(data);
    let single = validate_candidate_json(data, options);
    check_shape(&single);
    match &parsed {
        Err(_) => {
            assert_eq!(single.issues.len(), 1, "{single:?}");
            assert_eq!(single.issues[0].code, IssueCode::InvalidJson);
            assert!(single.issues[0].path.is_empty());
            assert!(single.warnings.is_empty());
        }
        Ok(document) => {
            for issue in single.issues.iter().chain(&single.warnings) {
                check_path(&document.value, &[], issue);
            }
            if let Some(candidate) = &single.value {
                check_normalized(candidate);
                check_stable(candidate, options);
            }
            check_plain_path(document, &single, options);
        }
    }

    let first = data.iter().copied().find(|b| !b" \t\r\n".contains(b));
    if first == Some(b'[') {
        let bulk = validate_candidates_json(data, options);
        check_shape(&bulk);
        if let Ok(document) = &parsed {
            let Value::Array(rows) = &document.value else {
                panic!("a list parsed as {:?}", document.value)
            };
            for issue in bulk.issues.iter().chain(&bulk.warnings) {
                check_path(&document.value, rows, issue);
            }
            if let Some(values) = &bulk.value {
                assert_eq!(values.len(), rows.len());
                for candidate in values {
                    check_normalized(candidate);
                    check_stable(candidate, options);
                }
                let again: Vec<String> = values.iter().map(|c| c.to_json()).collect();
                let text = format!("[{}]", again.join(","));
                let revalidated = validate_candidates_json(text.as_bytes(), options);
                assert_eq!(revalidated.value.as_ref(), Some(values));
            }
        }
    }
});

fn check_shape<T>(outcome: &Validation<T>) {
    assert_eq!(outcome.value.is_some(), outcome.issues.is_empty());
    for issue in outcome.issues.iter().chain(&outcome.warnings) {
        assert!(!issue.message.is_empty());
        assert!(IssueCode::parse(issue.code.as_str()) == Some(issue.code));
    }
    for warning in &outcome.warnings {
        assert!(
            matches!(
                warning.code,
                IssueCode::UnknownField | IssueCode::EmailDomainTypo
            ),
            "{warning:?}"
        );
    }
}

/// The path of `issue` exists in `root` (rows: a bulk input's rows).
fn check_path(root: &Value, rows: &[Value], issue: &Issue) {
    let path = &issue.path;
    if path.is_empty() {
        return;
    }
    // In bulk, the row index comes first; the rest is relative to the row.
    let (candidate, rest) = match path.split_first() {
        Some((PathSegment::Index(i), rest)) if !rows.is_empty() => {
            let row = rows
                .get(*i)
                .unwrap_or_else(|| panic!("no row {i}: {issue:?}"));
            (row, rest)
        }
        _ => (root, path.as_slice()),
    };
    if rest.is_empty() {
        return;
    }
    if issue.code == IssueCode::Required {
        assert_eq!(rest.len(), 1, "{issue:?}");
        let PathSegment::Key(field) = &rest[0] else {
            panic!("{issue:?}")
        };
        assert!(
            ["name", "email"].contains(&field.as_str()),
            "required {field}"
        );
        assert!(candidate.get(field).is_none(), "{issue:?} but it is there");
        return;
    }
    let found = value_at(candidate, rest)
        .unwrap_or_else(|| panic!("issue path does not exist in the input: {issue:?}"));
    match issue.code {
        IssueCode::InvalidUnicode => {
            // The string (or the key, for a key's own path) held a lone
            // surrogate, which the reader replaced with U+FFFD.
            let in_value = found.as_str().is_some_and(|s| s.contains('\u{FFFD}'));
            let in_key = matches!(rest.last(), Some(PathSegment::Key(k)) if k.contains('\u{FFFD}'));
            assert!(
                in_value || in_key,
                "invalid_unicode where there is no replaced surrogate: {issue:?} -> {found:?}"
            );
        }
        IssueCode::TooDeep => {
            assert_eq!(found, &Value::Null, "too_deep at a kept value: {issue:?}");
            assert!(rest.len() >= MAX_DEPTH - 1, "{issue:?}");
        }
        _ => {}
    }
}

fn check_normalized(candidate: &CandidateIngestRequest) {
    let name = candidate.name();
    assert!(!name.is_empty() && name.trim() == name, "{name:?}");
    let email = candidate.email();
    assert!(email.trim() == email && email.contains('@'), "{email:?}");
    if let Some(phone) = candidate.phone_number() {
        let digits = phone.strip_prefix('+').expect("E.164 starts with +");
        assert!(
            !digits.is_empty() && digits.len() <= 17 && digits.bytes().all(|b| b.is_ascii_digit()),
            "{phone:?}"
        );
    }
    if let Some(metadata) = candidate.metadata() {
        assert!(metadata.len() <= 50);
        for (key, value) in metadata {
            assert!(!key.is_empty() && key.chars().count() <= 40);
            assert!(value.chars().count() <= 500);
        }
    }
}

/// The normalized JSON is valid again and normalizes to itself.
fn check_stable(candidate: &CandidateIngestRequest, options: ValidateOptions<'_>) {
    let text = candidate.to_json();
    for again_options in [options, ValidateOptions::default()] {
        let again = validate_candidate_json(text.as_bytes(), again_options);
        assert!(
            again.issues.is_empty(),
            "normalized candidate {text} is invalid: {:?}",
            again.issues
        );
        assert_eq!(again.value.as_ref(), Some(candidate), "not stable: {text}");
        assert_eq!(
            again.value.as_ref().map(|c| c.to_json()),
            Some(text.clone())
        );
        assert!(
            again
                .warnings
                .iter()
                .all(|w| w.code != IssueCode::UnknownField),
            "normalized JSON has an unknown field: {text}"
        );
    }
}

/// The plain path answers exactly when the full validation is clean, with the same value.
fn check_plain_path(
    document: &JsonDocument,
    full: &Validation<CandidateIngestRequest>,
    options: ValidateOptions<'_>,
) {
    // Lone surrogates never reach the plain path (the JS side sends them the JSON way).
    if !document.lone_surrogates.is_empty() {
        return;
    }
    let Value::Object(fields) = &document.value else {
        return;
    };
    let (mut name, mut email, mut phone_number) = (None, None, None);
    let (mut metadata, mut empty_data) = (None, false);
    for (key, value) in fields {
        match (key.as_str(), value) {
            ("name", Value::String(text)) => name = Some(text.as_str()),
            ("email", Value::String(text)) => email = Some(text.as_str()),
            ("phone_number", Value::String(text)) => phone_number = Some(text.as_str()),
            ("phone_number" | "metadata" | "data", Value::Null) => {}
            // String metadata and an empty `data` go the plain path too.
            ("metadata", Value::Object(entries)) => {
                let mut pairs = Vec::new();
                for (k, v) in entries {
                    let Value::String(v) = v else { return };
                    pairs.push((k.as_str(), v.as_str()));
                }
                metadata = Some(pairs);
            }
            ("data", Value::Object(entries)) if entries.is_empty() => empty_data = true,
            _ => return,
        }
    }
    let (Some(name), Some(email)) = (name, email) else {
        return;
    };
    let plain = PlainCandidate {
        name,
        email,
        phone_number,
        metadata: metadata.as_deref(),
        empty_data,
    };
    let accepted = accept_plain_candidate(plain, options);
    // The metadata as UTF-16 (the Node entries' rows) answers exactly alike.
    let units: Option<Vec<(Vec<u16>, Vec<u16>)>> = metadata.as_ref().map(|m| {
        m.iter()
            .map(|(k, v)| (k.encode_utf16().collect(), v.encode_utf16().collect()))
            .collect()
    });
    let texts: Option<Vec<(Utf16Text, Utf16Text)>> = units.as_ref().map(|m| {
        m.iter()
            .map(|(k, v)| (Utf16Text::new(k), Utf16Text::new(v)))
            .map(|(k, v)| Some((k?, v?)))
            .collect::<Option<_>>()
            .expect("text from UTF-8 is well-formed UTF-16")
    });
    assert_eq!(
        accept_plain_candidate_utf16(plain, texts.as_deref(), options),
        accepted,
        "UTF-16 metadata: {plain:?}"
    );
    let clean = full.value.is_some() && full.warnings.is_empty();
    assert_eq!(accepted.is_some(), clean, "{plain:?} {full:?}");
    if let (Some(accepted), Some(value)) = (accepted, &full.value) {
        assert_eq!(accepted.name, value.name());
        assert_eq!(accepted.email, value.email());
        assert_eq!(accepted.phone_number.as_deref(), value.phone_number());
        let given: Option<Vec<(String, String)>> = metadata.map(|m| {
            m.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        });
        assert_eq!(value.metadata().map(<[_]>::to_vec), given);
        assert_eq!(value.data().map(<[_]>::len), empty_data.then_some(0));
    }
}
