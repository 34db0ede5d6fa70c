//! Regression tests for what fuzzing found (see RELIABILITY.md, "Findings").
//! The inputs that found them are also in the seed corpus under
//! `fuzz/corpus/<target>/regression-*`, which `scripts/fuzz/smoke.sh` replays.

use heymilo_ingest::secret::{contains_secret, redact};
use heymilo_ingest::{
    read_ingest_response, validate_candidate_json, Endpoint, HttpResponse, IssueCode,
    ValidateOptions,
};

fn validate(json: &str) -> Vec<(String, IssueCode)> {
    validate_candidate_json(json.as_bytes(), ValidateOptions::default())
        .issues
        .into_iter()
        .map(|issue| (format!("{:?}", issue.path), issue.code))
        .collect()
}

/// F1 (validate_candidate): a duplicate key's replaced value still produced
/// issues. The last duplicate wins, as in `JSON.parse` and Python's `json`, so
/// what the replaced value held must not be reported.
#[test]
fn a_replaced_duplicate_value_is_not_reported() {
    assert_eq!(
        validate(r#"{"name":"\ud800","name":"Ada","email":"a@example.com"}"#),
        []
    );
    let deep = format!(
        r#"{{"name":"A","email":"a@example.com","data":{{"x":{}{},"x":1}}}}"#,
        "[".repeat(80),
        "]".repeat(80)
    );
    assert_eq!(validate(&deep), []);
    assert_eq!(
        validate(r#"{"name":"A","email":"a@example.com","metadata":{"k":"\udfff","k":"v"}}"#),
        []
    );
    // What the winning value holds is still reported.
    assert_eq!(
        validate(r#"{"name":"Ada","name":"\ud800","email":"a@example.com"}"#),
        [("[Key(\"name\")]".to_owned(), IssueCode::InvalidUnicode)]
    );
    // Another key's marks are kept.
    assert_eq!(
        validate(r#"{"name":"\ud800","email":"a@example.com","email":"b@example.com"}"#),
        [("[Key(\"name\")]".to_owned(), IssueCode::InvalidUnicode)]
    );
}

/// F3 (validate_candidate): a lone surrogate inside a value nested too deep
/// was reported as well, at the path of the value that was cut off (which
/// holds no string): only `too_deep` belongs there.
#[test]
fn nothing_inside_a_cut_off_value_is_reported() {
    let deep = format!(
        r#"{{"name":"A","email":"a@example.com","data":{{"d":{}"\udfff"{}}}}}"#,
        "[".repeat(70),
        "]".repeat(70)
    );
    let codes: Vec<IssueCode> = validate(&deep).into_iter().map(|(_, code)| code).collect();
    assert_eq!(codes, [IssueCode::TooDeep]);
}

/// F2 (responses): `secret::redact` missed two forms of the key: standard
/// base64 without padding (when the key's base64 has `+` or `/`), and
/// JavaScript's `encodeURIComponent`, which keeps `!'()*` as they are.
#[test]
fn every_form_of_the_key_is_redacted() {
    // base64: aG1fdGVzdF80ZjlhMWM/Pn4=
    let key = "hm_test_4f9a1c?>~";
    assert!(contains_secret("id aG1fdGVzdF80ZjlhMWM/Pn4 end", key));
    assert_eq!(
        redact("id aG1fdGVzdF80ZjlhMWM/Pn4 end", key),
        "id [redacted] end"
    );
    // encodeURIComponent: sk_live_Zq9%2Fx%2BY~k!
    let key = "sk_live_Zq9/x+Y~k!";
    assert!(contains_secret("k=sk_live_Zq9%2Fx%2BY~k!", key));
    assert_eq!(redact("k=sk_live_Zq9%2Fx%2BY~k!", key), "k=[redacted]");

    // Through the client's response reading, as the fuzzer found it.
    let key = "hm_test_4f9a1c?>~";
    let headers = vec![("retry-after".to_owned(), "1".to_owned())];
    let body = br#"{"error":{"type":"rate_limit_error","code":"rate_limit_exceeded","message":"slow down","param":"aG1fdGVzdF80ZjlhMWM/Pn4"}}"#;
    let failure = read_ingest_response(
        Endpoint::Single,
        HttpResponse {
            status: 429,
            headers: &headers,
            body,
        },
        0,
        key,
    )
    .expect_err("a 429");
    assert_eq!(failure.param.as_deref(), Some("[redacted]"));
}
