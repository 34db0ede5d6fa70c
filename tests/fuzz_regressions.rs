//! Regression tests for what fuzzing found (see RELIABILITY.md, "Findings").
//! The inputs that found them are also in the seed corpus under
//! `fuzz/corpus/<target>/regression-*`, which `scripts/fuzz/smoke.sh` replays.

use heymilo_ingest::{contains_secret, redact};
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
            url: "https://api.heymilo.ai/api/v2/postings/p/candidates",
        },
        0,
        key,
    )
    .expect_err("a 429");
    assert_eq!(failure.param.as_deref(), Some("[redacted]"));
}

/// F6 (validate_candidate, found by its slowest inputs): validating an email
/// whose domain has punycode labels decoding to characters far into the
/// Unicode tables (CJK here) scanned the tables linearly per character, about
/// 0.7 ms per such label natively and 10 ms in the wasm. A 64 KiB bulk body of
/// them cost the edge handler 4–6 s of CPU, against 60 ms for as many bytes of
/// ordinary addresses. The tables now have skip indexes, and validation must
/// cost about the same whatever the characters: here a body of CJK addresses
/// within 8 times a body of the same size whose addresses have as many Latin
/// letters (2–4 times natively with the indexes, 35 times without).
///
/// This one compares timings, so the test suite never runs it; the tests of
/// `src/email/unicode.rs` check the same without timings, by counting what
/// every lookup decodes (`*_lookups_equal_linear_scans_and_take_one_block`,
/// `validation_steps_do_not_depend_on_which_characters`). Run it with
/// `cargo test --release --test fuzz_regressions -- --ignored --nocapture`.
#[test]
#[ignore = "compares timings"]
fn validation_cost_does_not_depend_on_which_characters() {
    use std::time::Instant;
    fn body_of(email: &str) -> String {
        let row = format!(r#"{{"name":"A","email":"{email}"}}"#);
        let rows = 8_192 / (row.len() + 1);
        format!("[{}]", vec![row.as_str(); rows].join(","))
    }
    /// The best of a few runs, so that a busy machine does not decide.
    fn best(email: &str) -> f64 {
        let body = body_of(email);
        let once = || {
            let started = Instant::now();
            let outcome = heymilo_ingest::validate_candidates_json(
                body.as_bytes(),
                ValidateOptions::default(),
            );
            assert!(outcome.is_ok(), "{:?}", outcome.issues.first());
            started.elapsed().as_secs_f64()
        };
        (0..7).map(|_| once()).fold(f64::MAX, f64::min)
    }
    let ascii = best("ada.lovelace@mail.example-domain.com");
    // 22 and 16 Latin letters (U+00E0–U+00F5), then as many CJK characters
    // (U+358B–U+35A4).
    let latin = best("b@xn--0cacdefghijklmnopqrstuvw.xn--0cacdefghijklmnopq.com");
    let crafted = best("b@xn--K2K8KKKIKKKCKK2KKKKIKKKCKKKKK.xn--K2K8KKKIKKKCKK2KKKKIKKK.com");
    println!(
        "8 KiB bodies: ASCII {:.2} ms, Latin {:.2} ms, CJK {:.2} ms",
        ascii * 1e3,
        latin * 1e3,
        crafted * 1e3
    );
    assert!(
        crafted < latin * 8.0,
        "CJK addresses cost {:.0} times as much as Latin ones ({:.1} ms against {:.1} ms)",
        crafted / latin,
        crafted * 1e3,
        latin * 1e3
    );
}
