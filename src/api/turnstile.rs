//! Cloudflare Turnstile's siteverify protocol: what the edge handler sends to
//! check a visitor's token, and what the sandbox's stand-in answers.
//!
//! Every fact about the protocol lives here once, from Cloudflare's
//! documentation: "Validate the token"
//! (developers.cloudflare.com/turnstile/get-started/server-side-validation/)
//! for the request and answer, and "Test your Turnstile implementation"
//! (developers.cloudflare.com/turnstile/troubleshooting/testing/) for the
//! test secret keys and the dummy token.

use crate::json::{self, Value};

/// The request header that carries the visitor's token to the edge handler.
/// (A plain HTML form posts it as the `cf-turnstile-response` field; the
/// handler reads JSON bodies only, so the page sends it as this header.)
pub const TOKEN_HEADER: &str = "CF-Turnstile-Response";

/// The path of the siteverify endpoint, on Cloudflare and on the sandbox.
pub const SITEVERIFY_PATH: &str = "/turnstile/v0/siteverify";

/// Cloudflare's siteverify endpoint.
pub const DEFAULT_SITEVERIFY_URL: &str =
    "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/// The longest token Turnstile issues.
pub const MAX_TOKEN_CHARS: usize = 2048;

/// The longest widget `action`: up to 32 letters, digits, `_` and `-`.
pub const MAX_ACTION_CHARS: usize = 32;

/// The token Cloudflare's test sitekeys produce, the only one the test
/// secret keys accept.
pub const DUMMY_TOKEN: &str = "XXXX.DUMMY.TOKEN.XXXX";

/// Test secret key: every validation of the dummy token passes.
pub const TEST_SECRET_PASSES: &str = "1x0000000000000000000000000000000AA";
/// Test secret key: every validation fails (`invalid-input-response`).
pub const TEST_SECRET_FAILS: &str = "2x0000000000000000000000000000000AA";
/// Test secret key: every token is already spent (`timeout-or-duplicate`).
pub const TEST_SECRET_SPENT: &str = "3x0000000000000000000000000000000AA";

/// The `error-codes` siteverify answers with.
pub mod error_code {
    /// No `secret` was sent.
    pub const MISSING_INPUT_SECRET: &str = "missing-input-secret";
    /// The `secret` is not a widget's secret key.
    pub const INVALID_INPUT_SECRET: &str = "invalid-input-secret";
    /// No `response` (token) was sent.
    pub const MISSING_INPUT_RESPONSE: &str = "missing-input-response";
    /// The token is invalid or has expired.
    pub const INVALID_INPUT_RESPONSE: &str = "invalid-input-response";
    /// The request was malformed.
    pub const BAD_REQUEST: &str = "bad-request";
    /// The token was already validated, or is older than five minutes.
    pub const TIMEOUT_OR_DUPLICATE: &str = "timeout-or-duplicate";
    /// Siteverify failed itself; the request can be retried.
    pub const INTERNAL_ERROR: &str = "internal-error";
}

/// One siteverify request. Sent as JSON, one of the two encodings the
/// endpoint accepts (the other is a form).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SiteverifyRequest {
    /// The widget's secret key.
    pub secret: String,
    /// The visitor's token.
    pub response: String,
    /// The visitor's IP address.
    pub remoteip: Option<String>,
    /// A UUID that makes a retried validation of the same token succeed again.
    pub idempotency_key: Option<String>,
}

impl std::fmt::Debug for SiteverifyRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteverifyRequest")
            .field("secret", &format_args!("{}", crate::api::REDACTED))
            .field("response", &self.response)
            .field("remoteip", &self.remoteip)
            .field("idempotency_key", &self.idempotency_key)
            .finish()
    }
}

impl SiteverifyRequest {
    /// The JSON body: `{"secret","response","remoteip"?,"idempotency_key"?}`.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(96 + self.secret.len() + self.response.len());
        out.push_str("{\"secret\":");
        json::write_string(&mut out, &self.secret);
        out.push_str(",\"response\":");
        json::write_string(&mut out, &self.response);
        if let Some(ip) = &self.remoteip {
            out.push_str(",\"remoteip\":");
            json::write_string(&mut out, ip);
        }
        if let Some(key) = &self.idempotency_key {
            out.push_str(",\"idempotency_key\":");
            json::write_string(&mut out, key);
        }
        out.push('}');
        out
    }

    /// Reads the fields of a JSON object; a missing or non-string field is empty (or `None`).
    pub fn from_json(value: &Value) -> Option<SiteverifyRequest> {
        let Value::Object(_) = value else {
            return None;
        };
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        Some(SiteverifyRequest {
            secret: text("secret").unwrap_or_default(),
            response: text("response").unwrap_or_default(),
            remoteip: text("remoteip"),
            idempotency_key: text("idempotency_key"),
        })
    }
}

/// What siteverify answered. Only `success` is always there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteverifyAnswer {
    /// Whether the token is valid.
    pub success: bool,
    /// Why not, when it is not (`error-codes`).
    pub error_codes: Vec<String>,
    /// When the challenge was solved (ISO 8601).
    pub challenge_ts: Option<String>,
    /// The hostname of the page the widget was served on.
    pub hostname: Option<String>,
    /// The widget's `action`.
    pub action: Option<String>,
    /// The widget's `cData`.
    pub cdata: Option<String>,
}

impl SiteverifyAnswer {
    /// Reads an answer; `None` when it is not a JSON object with a boolean
    /// `success` (an error page, a truncated body): such an answer has not
    /// said yes.
    pub fn parse(body: &[u8]) -> Option<SiteverifyAnswer> {
        let document = json::parse(body).ok()?;
        let value = document.value;
        let Some(Value::Bool(success)) = value.get("success") else {
            return None;
        };
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        let error_codes = match value.get("error-codes") {
            Some(Value::Array(codes)) => codes
                .iter()
                .filter_map(|code| code.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        Some(SiteverifyAnswer {
            success: *success,
            error_codes,
            challenge_ts: text("challenge_ts"),
            hostname: text("hostname"),
            action: text("action"),
            cdata: text("cdata"),
        })
    }

    /// The JSON text, fields in the order Cloudflare's examples show them.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(160);
        out.push_str("{\"success\":");
        out.push_str(if self.success { "true" } else { "false" });
        out.push_str(",\"error-codes\":[");
        for (i, code) in self.error_codes.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::write_string(&mut out, code);
        }
        out.push(']');
        for (key, value) in [
            ("challenge_ts", &self.challenge_ts),
            ("hostname", &self.hostname),
            ("action", &self.action),
            ("cdata", &self.cdata),
        ] {
            if let Some(value) = value {
                out.push_str(",\"");
                out.push_str(key);
                out.push_str("\":");
                json::write_string(&mut out, value);
            }
        }
        out.push('}');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_is_json_with_the_documented_field_names() {
        let request = SiteverifyRequest {
            secret: "s\"1".into(),
            response: "tok".into(),
            remoteip: Some("203.0.113.7".into()),
            idempotency_key: Some("4f6b8a3e-0000-4000-8000-000000000001".into()),
        };
        let text = request.to_json();
        assert_eq!(
            text,
            r#"{"secret":"s\"1","response":"tok","remoteip":"203.0.113.7","idempotency_key":"4f6b8a3e-0000-4000-8000-000000000001"}"#
        );
        let parsed = SiteverifyRequest::from_json(&json::parse(text.as_bytes()).unwrap().value);
        assert_eq!(parsed, Some(request.clone()));
        let bare = SiteverifyRequest {
            secret: "s".into(),
            response: "t".into(),
            ..SiteverifyRequest::default()
        };
        assert_eq!(bare.to_json(), r#"{"secret":"s","response":"t"}"#);
        assert!(
            !format!("{request:?}").contains("s\\\"1")
                && format!("{request:?}").contains("[redacted]")
        );
    }

    #[test]
    fn answers_parse_as_documented_and_round_trip() {
        let documented = br#"{"success":true,"challenge_ts":"2022-02-28T15:14:30.096Z","hostname":"example.com","error-codes":[],"action":"login","cdata":"sessionid-123456789"}"#;
        let answer = SiteverifyAnswer::parse(documented).unwrap();
        assert!(answer.success);
        assert_eq!(answer.hostname.as_deref(), Some("example.com"));
        assert_eq!(answer.action.as_deref(), Some("login"));
        assert_eq!(
            SiteverifyAnswer::parse(answer.to_json().as_bytes()),
            Some(answer)
        );

        let failed =
            SiteverifyAnswer::parse(br#"{"success":false,"error-codes":["timeout-or-duplicate"]}"#)
                .unwrap();
        assert!(!failed.success);
        assert_eq!(failed.error_codes, [error_code::TIMEOUT_OR_DUPLICATE]);
    }

    #[test]
    fn anything_without_a_boolean_success_is_no_answer() {
        for body in [
            &b"<!doctype html><h1>502</h1>"[..],
            b"",
            b"[]",
            b"{}",
            br#"{"success":"true"}"#,
            br#"{"success":1}"#,
            br#"{"success":true"#,
        ] {
            assert_eq!(SiteverifyAnswer::parse(body), None, "{body:?}");
        }
    }
}
