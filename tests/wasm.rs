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
