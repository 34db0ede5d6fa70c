//! The core compiled to wasm32, run by wasm-bindgen-test in Node and (with
//! WASM_BINDGEN_USE_BROWSER=1) in headless Chromium: the same answers as natively.
#![cfg(target_arch = "wasm32")]

use heymilo_ingest::{
    normalize_phone_number, validate_candidate_json, validate_candidates_json, IssueCode,
    PathSegment, ValidateOptions,
};
use wasm_bindgen_test::wasm_bindgen_test;

fn codes(json: &str) -> Vec<IssueCode> {
    validate_candidate_json(json.as_bytes(), ValidateOptions::default())
        .issues
        .iter()
        .map(|issue| issue.code)
        .collect()
}

#[wasm_bindgen_test]
fn valid_candidate_is_normalized() {
    let options = ValidateOptions {
        default_country: Some("GB"),
    };
    let outcome = validate_candidate_json(
        br#"{"name":" Ada ","email":"ada@EXAMPLE.com","phone_number":"020 7946 0958","metadata":{"k":"v"}}"#,
        options,
    );
    assert!(outcome.issues.is_empty(), "{:?}", outcome.issues);
    assert_eq!(
        outcome.value.map(|c| c.to_json()).as_deref(),
        Some(
            r#"{"name":"Ada","email":"ada@example.com","phone_number":"+442079460958","metadata":{"k":"v"}}"#
        )
    );
}

#[wasm_bindgen_test]
fn every_issue_is_reported() {
    assert_eq!(
        codes(r#"{"name":"","email":"x","phone_number":"+999123","metadata":{"":"v"}}"#),
        [
            IssueCode::Blank,
            IssueCode::InvalidEmail,
            IssueCode::UnknownCountryCode,
            IssueCode::EmptyKey
        ]
    );
    assert_eq!(codes(r#"{"name":"A","email":"a@b.co","x":"\ud800"}"#), []);
    assert_eq!(
        codes(r#"{"name":"A\ud800","email":"a@b.co"}"#),
        [IssueCode::InvalidUnicode]
    );
    assert_eq!(codes("[1"), [IssueCode::InvalidJson]);
}

#[wasm_bindgen_test]
fn deep_nesting_and_huge_strings_do_not_trap() {
    let deep = format!(
        r#"{{"name":"A","email":"a@b.co","data":{{"x":{}{}}}}}"#,
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    assert_eq!(codes(&deep), [IssueCode::TooDeep]);
    let huge = format!(r#"{{"name":"A","email":"{}@b.co"}}"#, "x".repeat(10 << 20));
    assert_eq!(codes(&huge), [IssueCode::TooLong]);
}

#[wasm_bindgen_test]
fn bulk_paths_start_with_the_row() {
    let outcome = validate_candidates_json(
        br#"[{"name":"A","email":"a@b.co"},{"name":"B"}]"#,
        ValidateOptions::default(),
    );
    assert_eq!(outcome.issues.len(), 1);
    assert_eq!(
        outcome.issues[0].path,
        [PathSegment::Index(1), PathSegment::from("email")]
    );
}

#[wasm_bindgen_test]
fn phone_numbers_normalize() {
    assert_eq!(
        normalize_phone_number("(206) 555-1234", Some("US"))
            .ok()
            .as_deref(),
        Some("+12065551234")
    );
    assert!(normalize_phone_number("+1 555", None).is_err());
}

/// The wasm builds normalize with the host's `String.prototype.normalize`,
/// the native ones with the generated tables: both must give the same NFC
/// for every character the email rules accept; for every first character of
/// a composition followed by every second; for
/// every combining mark with one mark of each combining class, both ways,
/// after a letter (canonical order); for Hangul jamo; and for random strings
/// of all of those. Cases go to the host in batches, each after a space (a
/// starter that composes with nothing, so cases cannot affect one another);
/// a batch that differs is checked case by case to name the case.
#[wasm_bindgen_test]
fn host_nfc_agrees_with_the_tables() {
    use heymilo_ingest::host_nfc_check::{accepted, by_host, by_tables, composing};
    let mut batch = String::new();
    let mut cases: Vec<String> = Vec::new();
    let mut checked = 0usize;
    let mut flush = |batch: &mut String, cases: &mut Vec<String>| {
        if by_host(batch) != by_tables(batch) {
            for case in cases.iter() {
                let escaped = case.escape_unicode().to_string();
                assert_eq!(by_host(case), by_tables(case), "{escaped}");
            }
            panic!("a batch differs but no case alone does: {batch:?}");
        }
        checked += cases.len();
        batch.clear();
        cases.clear();
    };
    let mut add = |case: String, batch: &mut String, cases: &mut Vec<String>| {
        batch.push(' ');
        batch.push_str(&case);
        cases.push(case);
        if cases.len() == 2000 {
            flush(batch, cases);
        }
    };
    let accepted = accepted();
    let [marks, classes, firsts, seconds] = composing();
    assert!(
        accepted.len() > 90_000 && marks.len() > 100,
        "{}",
        marks.len()
    );
    assert!(classes.len() > 10 && firsts.len() > 300 && seconds.len() > 50);
    for &c in &accepted {
        add(c.to_string(), &mut batch, &mut cases);
    }
    for &a in &firsts {
        for &b in &seconds {
            add(format!("{a}{b}"), &mut batch, &mut cases);
        }
    }
    for &m in &marks {
        for &n in &classes {
            add(format!("a{m}{n}"), &mut batch, &mut cases);
            add(format!("a{n}{m}"), &mut batch, &mut cases);
        }
    }
    for l in '\u{1100}'..='\u{1112}' {
        for v in '\u{1161}'..='\u{1175}' {
            add(format!("{l}{v}"), &mut batch, &mut cases);
            add(format!("{l}{v}\u{11a8}"), &mut batch, &mut cases);
        }
    }
    let pool: Vec<char> = [&firsts, &seconds, &marks, &seconds]
        .into_iter()
        .flatten()
        .copied()
        .collect();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for _ in 0..20_000 {
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let len = 1 + (next() % 6) as usize;
        let case: String = (0..len)
            .map(|_| pool[(next() % pool.len() as u64) as usize])
            .collect();
        add(case, &mut batch, &mut cases);
    }
    flush(&mut batch, &mut cases);
    assert!(checked > 100_000, "{checked}");
}
