//! The `turnstile` option: its checks, the siteverify call, the verdicts,
//! and that its secret never shows. The JS tests (tests/js/turnstile.test.mjs)
//! drive the same phases over fetch, against the sandbox and local servers.

use super::super::*;
use crate::api::contains_secret;
use crate::api::turnstile::{SiteverifyRequest, DUMMY_TOKEN, TEST_SECRET_PASSES};

const KEY: &str = "sk_live_S3cret/Key+42";
/// A secret with characters that change when percent-encoded, so every form is checked.
const SECRET: &str = "0x4AAAAAAA/Turnstile+Secret==";
const APP: &str = "https://app.example.com";
const SINGLE: &str = "/heymilo/api/v2/postings/p1/candidates";
const UUID: &str = "9b2e7c1a-5d4f-4e8b-a1c3-0f6d2b8e4a71";

fn turnstile() -> TurnstileConfig {
    TurnstileConfig {
        secret_key: SECRET.to_owned(),
        ..TurnstileConfig::default()
    }
}

fn config(turnstile: TurnstileConfig) -> HandlerConfig {
    HandlerConfig {
        api_key: KEY.to_owned(),
        postings: vec!["p1".to_owned()],
        allowed_origins: vec![APP.to_owned(), "http://[::1]:5173".to_owned()],
        turnstile: Some(turnstile),
        ..HandlerConfig::default()
    }
}

fn handler_with(turnstile: TurnstileConfig) -> EdgeHandler {
    EdgeHandler::new(config(turnstile)).unwrap()
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn request_headers(token: Option<&str>) -> Vec<(String, String)> {
    let mut pairs = vec![
        ("Content-Type", "application/json"),
        ("Origin", APP),
        ("CF-Connecting-IP", "203.0.113.9"),
    ];
    pairs.extend(token.map(|token| ("CF-Turnstile-Response", token)));
    headers(&pairs)
}

fn routed(handler: &EdgeHandler, request: &[(String, String)]) -> Routed {
    match handler.route("POST", SINGLE, request) {
        Routing::ReadBody(routed) => routed,
        Routing::Respond(response) => panic!("{} {:?}", response.status, response.body),
    }
}

/// Every answer: no key, no secret, in any form.
fn checked(response: EdgeResponse) -> EdgeResponse {
    let body = String::from_utf8_lossy(&response.body);
    for secret in [KEY, SECRET] {
        assert!(!contains_secret(&body, secret), "secret in body: {body}");
        for (name, value) in &response.headers {
            assert!(!contains_secret(name, secret) && !contains_secret(value, secret));
        }
    }
    response
}

fn code(response: &EdgeResponse) -> String {
    let document = json::parse(&response.body).unwrap();
    let error = document
        .value
        .get("error")
        .expect("HeyMilo's error envelope");
    assert!(error.get("type").and_then(Value::as_str).is_some());
    assert!(error.get("message").and_then(Value::as_str).is_some());
    error
        .get("code")
        .and_then(Value::as_str)
        .unwrap()
        .to_owned()
}

fn call(handler: &EdgeHandler, token: &str) -> SiteverifyCall {
    let request = request_headers(Some(token));
    match handler.verification(&routed(handler, &request), &request, UUID) {
        Verification::Siteverify(call) => call,
        other => panic!("{other:?}"),
    }
}

/// The verdict on a siteverify answer, for a request from [`APP`].
fn verdict(handler: &EdgeHandler, status: u16, answer: &str) -> Option<EdgeResponse> {
    let request = request_headers(Some(DUMMY_TOKEN));
    handler
        .judge_siteverify(&routed(handler, &request), status, answer.as_bytes())
        .map(checked)
}

const PASSED: &str = r#"{"success":true,"error-codes":[],"challenge_ts":"2022-02-28T15:14:30.096Z","hostname":"app.example.com","action":"apply"}"#;

// ---- configuration ----

#[test]
fn defaults_are_cloudflares_endpoint_and_ten_seconds() {
    let defaults = TurnstileConfig::default();
    assert_eq!(
        defaults.siteverify_url,
        "https://challenges.cloudflare.com/turnstile/v0/siteverify"
    );
    assert_eq!(defaults.timeout_ms, 10_000);
    assert_eq!(defaults.action, None);
    assert_eq!(HandlerConfig::default().turnstile, None);
}

#[test]
fn settings_are_checked_and_errors_name_them_without_values() {
    let refused = |turnstile: TurnstileConfig| -> (String, String) {
        let error = EdgeHandler::new(config(turnstile)).unwrap_err();
        let ConfigError::InvalidTurnstile { setting, .. } = error else {
            panic!("{error:?}")
        };
        (setting.to_owned(), error.to_string())
    };
    let url = |siteverify_url: &str| TurnstileConfig {
        siteverify_url: siteverify_url.to_owned(),
        ..turnstile()
    };
    let cases = [
        (TurnstileConfig::default(), "secretKey"),
        (
            TurnstileConfig {
                secret_key: format!("{SECRET} "),
                ..turnstile()
            },
            "secretKey",
        ),
        (
            TurnstileConfig {
                secret_key: KEY.to_owned(),
                ..turnstile()
            },
            "secretKey",
        ),
        (
            url("http://challenges.cloudflare.com/turnstile/v0/siteverify"),
            "siteverifyUrl",
        ),
        (
            url("http://127.0.0.1.example.com/siteverify"),
            "siteverifyUrl",
        ),
        (url("ftp://challenges.cloudflare.com/"), "siteverifyUrl"),
        (
            url("https://challenges.cloudflare.com/x?secret=1"),
            "siteverifyUrl",
        ),
        (
            url("https://user:pw@challenges.cloudflare.com/"),
            "siteverifyUrl",
        ),
        (url("https:///siteverify"), "siteverifyUrl"),
        (url("https://exa mple.com/"), "siteverifyUrl"),
        (
            TurnstileConfig {
                action: Some(String::new()),
                ..turnstile()
            },
            "action",
        ),
        (
            TurnstileConfig {
                action: Some("a".repeat(33)),
                ..turnstile()
            },
            "action",
        ),
        (
            TurnstileConfig {
                action: Some("apply now".to_owned()),
                ..turnstile()
            },
            "action",
        ),
        (
            TurnstileConfig {
                timeout_ms: 0,
                ..turnstile()
            },
            "timeoutMs",
        ),
        (
            TurnstileConfig {
                timeout_ms: u32::MAX,
                ..turnstile()
            },
            "timeoutMs",
        ),
    ];
    for (options, setting) in cases {
        let (named, message) = refused(options.clone());
        assert_eq!(named, setting, "{options:?}");
        assert!(
            message.starts_with(&format!("turnstile.{setting} ")),
            "{message}"
        );
        assert!(
            !contains_secret(&message, SECRET) && !contains_secret(&message, KEY),
            "{message}"
        );
    }
    for usable in [
        "https://challenges.cloudflare.com/turnstile/v0/siteverify",
        "http://127.0.0.1:8787/turnstile/v0/siteverify",
        "http://localhost:4010/turnstile/v0/siteverify",
        "http://[::1]:4010/turnstile/v0/siteverify",
    ] {
        assert!(EdgeHandler::new(config(url(usable))).is_ok(), "{usable}");
    }
    let action = TurnstileConfig {
        action: Some("careers_apply-2".to_owned()),
        timeout_ms: 1,
        ..turnstile()
    };
    assert!(EdgeHandler::new(config(action)).is_ok());
}

#[test]
fn the_secret_never_shows_in_debug_output() {
    let options = config(TurnstileConfig {
        action: Some("apply".to_owned()),
        ..turnstile()
    });
    let handler = EdgeHandler::new(options.clone()).unwrap();
    let call = call(&handler, DUMMY_TOKEN);
    for text in [
        format!("{options:?}"),
        format!("{options:#?}"),
        format!("{handler:?}"),
        format!("{call:?}"),
        format!("{:?}", options.turnstile),
    ] {
        assert!(!contains_secret(&text, SECRET), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
    }
}

// ---- the siteverify call ----

#[test]
fn without_the_option_nothing_is_verified() {
    let handler = EdgeHandler::new(HandlerConfig {
        turnstile: None,
        ..config(turnstile())
    })
    .unwrap();
    let request = request_headers(None);
    assert_eq!(
        handler.verification(&routed(&handler, &request), &request, UUID),
        Verification::NotRequired
    );
}

#[test]
fn the_call_posts_the_documented_fields_as_json() {
    let handler = handler_with(turnstile());
    let call = call(&handler, DUMMY_TOKEN);
    assert_eq!(call.method, "POST");
    assert_eq!(
        call.url,
        "https://challenges.cloudflare.com/turnstile/v0/siteverify"
    );
    assert!(call
        .headers
        .contains(&("Content-Type".to_owned(), "application/json".to_owned())));
    assert_eq!((call.timeout_ms, call.max_answer_bytes), (10_000, 16_384));
    let body = json::parse(call.body.as_bytes()).unwrap().value;
    let sent = SiteverifyRequest::from_json(&body).unwrap();
    assert_eq!(
        sent,
        SiteverifyRequest {
            secret: SECRET.to_owned(),
            response: DUMMY_TOKEN.to_owned(),
            remoteip: Some("203.0.113.9".to_owned()),
            idempotency_key: Some(UUID.to_owned()),
        }
    );
}

#[test]
fn a_missing_or_impossible_token_is_403_before_anything_is_sent() {
    let handler = handler_with(turnstile());
    let long = "x".repeat(2049);
    for token in [
        None,
        Some(""),
        Some("a b"),
        Some("tok\u{e9}n"),
        Some(long.as_str()),
    ] {
        let request = request_headers(token);
        let Verification::Respond(response) =
            handler.verification(&routed(&handler, &request), &request, UUID)
        else {
            panic!("{token:?} was sent to siteverify");
        };
        let response = checked(response);
        assert_eq!(response.status, 403);
        assert_eq!(code(&response), "turnstile_token_missing");
        assert_eq!(response.header("access-control-allow-origin"), Some(APP));
    }
    // Two token headers are joined (", "), which is no token either.
    let mut request = request_headers(Some("a"));
    request.push(("cf-turnstile-response".to_owned(), "b".to_owned()));
    assert!(matches!(
        handler.verification(&routed(&handler, &request), &request, UUID),
        Verification::Respond(_)
    ));
    assert!(matches!(
        handler.verification(
            &routed(&handler, &request_headers(Some(&long[..2048]))),
            &request_headers(Some(&long[..2048])),
            UUID
        ),
        Verification::Siteverify(_)
    ));
}

#[test]
fn a_remote_ip_that_is_not_an_address_is_left_out() {
    let handler = handler_with(turnstile());
    let request = headers(&[
        ("Content-Type", "application/json"),
        ("Origin", APP),
        ("CF-Turnstile-Response", DUMMY_TOKEN),
        ("CF-Connecting-IP", "203.0.113.9\",\"secret\":\"x"),
    ]);
    let Verification::Siteverify(call) =
        handler.verification(&routed(&handler, &request), &request, "")
    else {
        panic!()
    };
    let sent = SiteverifyRequest::from_json(&json::parse(call.body.as_bytes()).unwrap().value);
    let sent = sent.unwrap();
    assert_eq!(
        (sent.secret.as_str(), sent.remoteip, sent.idempotency_key),
        (SECRET, None, None)
    );
}

// ---- verdicts ----

#[test]
fn a_yes_for_an_allowed_host_passes() {
    let handler = handler_with(turnstile());
    assert_eq!(verdict(&handler, 200, PASSED), None);
    let upper = PASSED.replace("app.example.com", "APP.Example.COM");
    assert_eq!(verdict(&handler, 200, &upper), None);
    let v6 = PASSED.replace("app.example.com", "::1");
    assert_eq!(verdict(&handler, 200, &v6), None);
}

#[test]
fn every_answer_that_is_not_a_yes_is_403_in_heymilos_envelope() {
    let handler = handler_with(TurnstileConfig {
        action: Some("apply".to_owned()),
        ..turnstile()
    });
    let cases = [
        (
            200,
            r#"{"success":false,"error-codes":["invalid-input-response"]}"#,
            "turnstile_failed",
        ),
        (
            200,
            r#"{"success":false,"error-codes":["timeout-or-duplicate"]}"#,
            "turnstile_failed",
        ),
        (200, r#"{"success":false}"#, "turnstile_failed"),
        (
            200,
            &PASSED.replace("app.example.com", "evil.example"),
            "turnstile_failed",
        ),
        (
            200,
            &PASSED.replace(r#","hostname":"app.example.com""#, ""),
            "turnstile_failed",
        ),
        (200, &PASSED.replace("apply", "login"), "turnstile_failed"),
        (
            200,
            &PASSED.replace(r#","action":"apply""#, ""),
            "turnstile_failed",
        ),
        (
            200,
            "<!doctype html><h1>Bad gateway</h1>",
            "turnstile_unavailable",
        ),
        (200, "", "turnstile_unavailable"),
        (200, r#"{"success":"true"}"#, "turnstile_unavailable"),
        (502, PASSED, "turnstile_unavailable"),
        (302, PASSED, "turnstile_unavailable"),
        (0, PASSED, "turnstile_unavailable"),
    ];
    for (status, answer, expected) in cases {
        let response =
            verdict(&handler, status, answer).unwrap_or_else(|| panic!("{status} {answer} passed"));
        assert_eq!(response.status, 403, "{answer}");
        assert_eq!(code(&response), expected, "{status} {answer}");
        assert_eq!(response.header("access-control-allow-origin"), Some(APP));
    }
    let oversized = format!("{} {}", PASSED, " ".repeat(MAX_SITEVERIFY_ANSWER_BYTES));
    assert_eq!(
        code(&verdict(&handler, 200, &oversized).unwrap()),
        "turnstile_unavailable"
    );
    let spent = verdict(
        &handler,
        200,
        r#"{"success":false,"error-codes":["timeout-or-duplicate"]}"#,
    );
    assert!(String::from_utf8_lossy(&spent.unwrap().body).contains("already used"));
}

#[test]
fn without_allowed_origins_the_hostname_is_not_checked() {
    let handler = EdgeHandler::new(HandlerConfig {
        allowed_origins: Vec::new(),
        ..config(turnstile())
    })
    .unwrap();
    let request = headers(&[("Content-Type", "application/json")]);
    let routed = routed(&handler, &request);
    let anywhere = PASSED.replace("app.example.com", "anywhere.example");
    assert_eq!(
        handler.judge_siteverify(&routed, 200, anywhere.as_bytes()),
        None
    );
}

#[test]
fn an_answer_without_the_option_proves_nothing() {
    let handler = EdgeHandler::new(HandlerConfig {
        turnstile: None,
        ..config(turnstile())
    })
    .unwrap();
    let request = request_headers(None);
    let response = handler.judge_siteverify(&routed(&handler, &request), 200, PASSED.as_bytes());
    assert_eq!(response.map(|r| r.status), Some(403));
    let unavailable = handler.siteverify_unavailable(&routed(&handler, &request));
    assert_eq!(
        (unavailable.status, code(&unavailable).as_str()),
        (403, "turnstile_unavailable")
    );
}

// ---- the secret stays here ----

#[test]
fn the_secret_is_redacted_from_relayed_answers() {
    // The full receipt relays HeyMilo's body, echo and all.
    let handler = EdgeHandler::new(HandlerConfig {
        receipt: Receipt::Full,
        ..config(turnstile())
    })
    .unwrap();
    let request = request_headers(Some(DUMMY_TOKEN));
    let routed = routed(&handler, &request);
    let encoded = SECRET
        .replace('/', "%2F")
        .replace('+', "%2B")
        .replace('=', "%3D");
    let body = format!(r#"{{"data":{{"echo":"{SECRET}","again":"{encoded}"}}}}"#);
    let upstream = headers(&[
        ("Content-Type", "application/json"),
        ("X-Request-Id", SECRET),
    ]);
    let relayed = checked(handler.relay(&routed, 201, &upstream, body.as_bytes()));
    assert!(String::from_utf8_lossy(&relayed.body).contains("[redacted]"));
}

#[test]
fn preflight_allows_the_token_header_only_with_the_option() {
    let preflight = |handler: &EdgeHandler| {
        let request = headers(&[
            ("Origin", APP),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "content-type, cf-turnstile-response",
            ),
        ]);
        match handler.route("OPTIONS", SINGLE, &request) {
            Routing::Respond(response) => response,
            Routing::ReadBody(_) => panic!("a preflight is answered"),
        }
    };
    let with = preflight(&handler_with(turnstile()));
    assert_eq!(with.status, 204);
    assert_eq!(
        with.header("access-control-allow-headers"),
        Some("Content-Type, Accept, CF-Turnstile-Response")
    );
    let without = preflight(
        &EdgeHandler::new(HandlerConfig {
            turnstile: None,
            ..config(turnstile())
        })
        .unwrap(),
    );
    assert_eq!(without.status, 403);
}

#[test]
fn the_sandbox_stand_in_answers_the_call_the_handler_makes() {
    use crate::sandbox::{Sandbox, SandboxConfig, SandboxRequest};
    let mut sandbox = Sandbox::new(SandboxConfig {
        turnstile_hostname: "app.example.com".to_owned(),
        turnstile_action: "apply".to_owned(),
        ..SandboxConfig::default()
    });
    let mut verify = |secret: &str, action: Option<&str>| {
        let handler = handler_with(TurnstileConfig {
            secret_key: secret.to_owned(),
            siteverify_url: "http://127.0.0.1:4010/turnstile/v0/siteverify".to_owned(),
            action: action.map(str::to_owned),
            ..TurnstileConfig::default()
        });
        let call = call(&handler, DUMMY_TOKEN);
        let answer = sandbox.handle(
            SandboxRequest {
                method: call.method,
                path: "/turnstile/v0/siteverify",
                query: "",
                headers: &call.headers,
                body: call.body.as_bytes(),
            },
            1_700_000_000_000,
        );
        verdict(
            &handler,
            answer.status,
            std::str::from_utf8(&answer.body).unwrap(),
        )
        .map(|response| code(&response))
    };
    assert_eq!(verify(TEST_SECRET_PASSES, Some("apply")), None);
    assert_eq!(
        verify(TEST_SECRET_PASSES, Some("login")).as_deref(),
        Some("turnstile_failed")
    );
    assert_eq!(
        verify("2x0000000000000000000000000000000AA", None).as_deref(),
        Some("turnstile_failed")
    );
    assert_eq!(
        verify("3x0000000000000000000000000000000AA", None).as_deref(),
        Some("turnstile_failed")
    );
    assert_eq!(
        sandbox.requests_seen(),
        0,
        "siteverify is not the Candidates API"
    );
}
