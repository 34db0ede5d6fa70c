//! The sandbox's siteverify stand-in (`POST /turnstile/v0/siteverify`):
//! Cloudflare's documented test secret keys, answered the way Cloudflare
//! answers them, so an edge handler with `turnstile` runs offline.
//!
//! - `1x0000000000000000000000000000000AA` passes, for the dummy token
//!   `XXXX.DUMMY.TOKEN.XXXX` only (test secret keys reject real tokens);
//! - `2x0000000000000000000000000000000AA` always fails (`invalid-input-response`);
//! - `3x0000000000000000000000000000000AA` says the token was already spent
//!   (`timeout-or-duplicate`);
//! - any other secret is `invalid-input-secret`.
//!
//! A passing answer names the hostname and action the sandbox was configured
//! with (Cloudflare's example answer, `localhost` and `test`, by default).

use super::{json_response, query_pairs, SandboxRequest, SandboxResponse};
use crate::api::civil_from_days;
use crate::api::turnstile::{
    error_code, SiteverifyAnswer, SiteverifyRequest, DUMMY_TOKEN, TEST_SECRET_FAILS,
    TEST_SECRET_PASSES, TEST_SECRET_SPENT,
};
use crate::json;

/// The hostname a passing answer names unless configured otherwise (Cloudflare's test answer's).
pub const DEFAULT_TURNSTILE_HOSTNAME: &str = "localhost";
/// The action a passing answer names unless configured otherwise (Cloudflare's test answer's).
pub const DEFAULT_TURNSTILE_ACTION: &str = "test";

/// The stand-in's answer to `request` at `now_ms`, claiming `hostname` and `action` when it passes.
pub(super) fn siteverify(
    request: SandboxRequest<'_>,
    now_ms: u64,
    hostname: &str,
    action: &str,
) -> SandboxResponse {
    let refuse = |status: u16, code: &str| {
        let answer = SiteverifyAnswer {
            success: false,
            error_codes: vec![code.to_owned()],
            ..SiteverifyAnswer::default()
        };
        json_response(status, answer.to_json())
    };
    if request.method != "POST" {
        let mut response = refuse(405, error_code::BAD_REQUEST);
        response.headers.push(("Allow".into(), "POST".into()));
        return response;
    }
    let Some(fields) = read(request) else {
        return refuse(400, error_code::BAD_REQUEST);
    };
    if fields.secret.is_empty() {
        return refuse(200, error_code::MISSING_INPUT_SECRET);
    }
    if fields.response.is_empty() {
        return refuse(200, error_code::MISSING_INPUT_RESPONSE);
    }
    match fields.secret.as_str() {
        TEST_SECRET_PASSES if fields.response == DUMMY_TOKEN => {
            let answer = SiteverifyAnswer {
                success: true,
                error_codes: Vec::new(),
                challenge_ts: Some(iso_timestamp(now_ms)),
                hostname: Some(hostname.to_owned()),
                action: Some(action.to_owned()),
                cdata: None,
            };
            json_response(200, answer.to_json())
        }
        TEST_SECRET_PASSES | TEST_SECRET_FAILS => refuse(200, error_code::INVALID_INPUT_RESPONSE),
        TEST_SECRET_SPENT => refuse(200, error_code::TIMEOUT_OR_DUPLICATE),
        _ => refuse(200, error_code::INVALID_INPUT_SECRET),
    }
}

/// The answer for a status forced by a fault: siteverify's own failure.
pub(super) fn forced(status: u16) -> SandboxResponse {
    let answer = SiteverifyAnswer {
        success: false,
        error_codes: vec![error_code::INTERNAL_ERROR.to_owned()],
        ..SiteverifyAnswer::default()
    };
    json_response(status, answer.to_json())
}

/// The fields of a JSON or form-encoded body, as siteverify accepts both.
fn read(request: SandboxRequest<'_>) -> Option<SiteverifyRequest> {
    let media_type = request
        .header("content-type")
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match media_type.as_str() {
        "application/json" => SiteverifyRequest::from_json(&json::parse(request.body).ok()?.value),
        "application/x-www-form-urlencoded" => {
            let text = std::str::from_utf8(request.body).ok()?;
            let mut fields = SiteverifyRequest::default();
            for (name, value) in query_pairs(text) {
                match name.as_str() {
                    "secret" => fields.secret = value,
                    "response" => fields.response = value,
                    "remoteip" => fields.remoteip = Some(value),
                    "idempotency_key" => fields.idempotency_key = Some(value),
                    _ => {}
                }
            }
            Some(fields)
        }
        _ => None,
    }
}

/// `ms` since the Unix epoch as `2022-02-28T15:14:30.096Z`.
fn iso_timestamp(ms: u64) -> String {
    let seconds = ms / 1000;
    let (year, month, day) = civil_from_days(seconds / 86_400);
    let time = seconds % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        time / 3600,
        time / 60 % 60,
        time % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::FaultRule;
    use crate::sandbox::{Sandbox, SandboxConfig};

    fn verify(sandbox: &mut Sandbox, content_type: &str, body: &str) -> (u16, SiteverifyAnswer) {
        let headers = vec![("Content-Type".to_owned(), content_type.to_owned())];
        let response = sandbox.handle(
            SandboxRequest {
                method: "POST",
                path: "/turnstile/v0/siteverify",
                query: "",
                headers: &headers,
                body: body.as_bytes(),
            },
            1_646_061_270_096,
        );
        assert_eq!(
            crate::api::first_header(&response.headers, "content-type"),
            Some("application/json")
        );
        (
            response.status,
            SiteverifyAnswer::parse(&response.body).unwrap(),
        )
    }

    fn json_body(secret: &str, token: &str) -> String {
        SiteverifyRequest {
            secret: secret.to_owned(),
            response: token.to_owned(),
            remoteip: Some("203.0.113.9".to_owned()),
            idempotency_key: Some("9b2e7c1a-5d4f-4e8b-a1c3-0f6d2b8e4a71".to_owned()),
        }
        .to_json()
    }

    #[test]
    fn the_test_secret_keys_answer_as_cloudflare_documents() {
        let mut sandbox = Sandbox::new(SandboxConfig::default());
        let json = "application/json";
        let (status, passed) = verify(
            &mut sandbox,
            json,
            &json_body(TEST_SECRET_PASSES, DUMMY_TOKEN),
        );
        assert_eq!(status, 200);
        assert_eq!(
            passed,
            SiteverifyAnswer {
                success: true,
                error_codes: Vec::new(),
                challenge_ts: Some("2022-02-28T15:14:30.096Z".to_owned()),
                hostname: Some("localhost".to_owned()),
                action: Some("test".to_owned()),
                cdata: None,
            }
        );
        let codes = |sandbox: &mut Sandbox, body: &str| {
            let (status, answer) = verify(sandbox, json, body);
            assert_eq!((status, answer.success), (200, false), "{body}");
            answer.error_codes
        };
        // Test secret keys accept the dummy token only.
        assert_eq!(
            codes(&mut sandbox, &json_body(TEST_SECRET_PASSES, "real.token")),
            ["invalid-input-response"]
        );
        assert_eq!(
            codes(&mut sandbox, &json_body(TEST_SECRET_FAILS, DUMMY_TOKEN)),
            ["invalid-input-response"]
        );
        assert_eq!(
            codes(&mut sandbox, &json_body(TEST_SECRET_SPENT, DUMMY_TOKEN)),
            ["timeout-or-duplicate"]
        );
        assert_eq!(
            codes(&mut sandbox, &json_body("0x4AAAAAAAreal", DUMMY_TOKEN)),
            ["invalid-input-secret"]
        );
        assert_eq!(
            codes(&mut sandbox, &json_body("", DUMMY_TOKEN)),
            ["missing-input-secret"]
        );
        assert_eq!(
            codes(&mut sandbox, &json_body(TEST_SECRET_PASSES, "")),
            ["missing-input-response"]
        );
        assert_eq!(
            sandbox.requests_seen(),
            0,
            "siteverify calls are not Candidates API requests"
        );
    }

    #[test]
    fn forms_are_read_too_and_anything_else_is_a_bad_request() {
        let mut sandbox = Sandbox::new(SandboxConfig {
            turnstile_hostname: "careers.example.com".to_owned(),
            turnstile_action: "apply".to_owned(),
            ..SandboxConfig::default()
        });
        let form = format!(
            "secret={TEST_SECRET_PASSES}&response=XXXX.DUMMY.TOKEN.XXXX&remoteip=203.0.113.9"
        );
        let (status, answer) = verify(
            &mut sandbox,
            "application/x-www-form-urlencoded; charset=utf-8",
            &form,
        );
        assert_eq!((status, answer.success), (200, true));
        assert_eq!(answer.hostname.as_deref(), Some("careers.example.com"));
        assert_eq!(answer.action.as_deref(), Some("apply"));
        for (content_type, body) in [
            ("text/plain", form.as_str()),
            ("application/json", "{not json"),
            ("application/json", "[]"),
        ] {
            let (status, answer) = verify(&mut sandbox, content_type, body);
            assert_eq!(
                (status, answer.error_codes.as_slice()),
                (400, &["bad-request".to_owned()][..])
            );
        }
        let headers = Vec::new();
        let get = sandbox.handle(
            SandboxRequest {
                method: "GET",
                path: "/turnstile/v0/siteverify",
                query: "",
                headers: &headers,
                body: b"",
            },
            0,
        );
        assert_eq!(get.status, 405);
    }

    #[test]
    fn only_faults_planned_for_siteverify_apply_to_it() {
        let rule = |json: &str| {
            FaultRule::from_json(&json::parse(json.as_bytes()).unwrap().value).unwrap()
        };
        let mut sandbox = Sandbox::new(SandboxConfig {
            faults: vec![
                rule(r#"{"status":503}"#),
                rule(r#"{"operation":"siteverify","times":1,"delayMs":5000,"body":"html"}"#),
                rule(r#"{"operation":"siteverify","times":1,"status":500}"#),
            ],
            ..SandboxConfig::default()
        });
        let body = json_body(TEST_SECRET_PASSES, DUMMY_TOKEN);
        let headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        let mut send = || {
            sandbox.handle(
                SandboxRequest {
                    method: "POST",
                    path: "/turnstile/v0/siteverify",
                    query: "",
                    headers: &headers,
                    body: body.as_bytes(),
                },
                0,
            )
        };
        let slow = send();
        assert_eq!(slow.delay_ms, 5000);
        assert!(
            SiteverifyAnswer::parse(&slow.body).is_none(),
            "an HTML page"
        );
        let failed = send();
        assert_eq!(failed.status, 500);
        assert_eq!(
            SiteverifyAnswer::parse(&failed.body).unwrap().error_codes,
            ["internal-error"]
        );
        let normal = send();
        assert_eq!(
            normal.status, 200,
            "the operation-less 503 rule is the Candidates API's"
        );
        assert!(SiteverifyAnswer::parse(&normal.body).unwrap().success);
    }

    #[test]
    fn timestamps_are_iso_8601_utc() {
        assert_eq!(iso_timestamp(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_timestamp(1_646_061_270_096), "2022-02-28T15:14:30.096Z");
    }
}
