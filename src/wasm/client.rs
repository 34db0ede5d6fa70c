//! Client exports: the JS driver asks the core what to send, then what a
//! response (or a failure) means. All decisions are made here.

use super::{headers_of, write_headers_json};
use crate::client::{
    build_ingest_request, classify_network_failure, next_retry_delay_ms,
    outcome::check_ingest_response, request::CLIENT_NAME, Attempt, Endpoint, Failure, HttpResponse,
    NetworkFailure, RequestOptions, RetryPolicy,
};
use crate::issue::write_issues_json;
use crate::json::{write_string, Value};
use crate::validate::ValidateOptions;
use wasm_bindgen::prelude::wasm_bindgen;

fn endpoint(operation: &str) -> Endpoint {
    Endpoint::from_operation_id(operation).unwrap_or(Endpoint::Single)
}

/// Validates and builds the request (`identify` adds a `User-Agent`, for runtimes that allow it); JSON `{ok:true,url,headers,body}` or `{ok:false,issues}`.
#[wasm_bindgen(js_name = planIngest)]
pub fn plan_ingest(
    operation: &str,
    candidates_json: &str,
    posting_id: &str,
    base_url: Option<String>,
    workspace_id: Option<String>,
    identify: bool,
    default_country: Option<String>,
) -> String {
    let options = RequestOptions {
        base_url: base_url.as_deref(),
        posting_id,
        workspace_id: workspace_id.as_deref(),
        user_agent: identify.then_some(CLIENT_NAME),
        validate: ValidateOptions {
            default_country: default_country.as_deref(),
        },
    };
    let mut out = String::with_capacity(256);
    match build_ingest_request(endpoint(operation), candidates_json.as_bytes(), options) {
        Ok(request) => {
            out.push_str("{\"ok\":true,\"method\":\"POST\",\"url\":");
            write_string(&mut out, &request.url);
            out.push_str(",\"headers\":");
            write_headers_json(&mut out, &request.headers);
            out.push_str(",\"body\":");
            write_string(&mut out, &request.body);
            out.push('}');
        }
        Err(issues) => {
            out.push_str("{\"ok\":false,\"issues\":");
            write_issues_json(&mut out, &issues);
            out.push('}');
        }
    }
    out
}

fn policy(max_retries: u32, retry_uncertain: bool) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        retry_uncertain,
        ..RetryPolicy::default()
    }
}

/// The response headers `judgeResponse` reads, comma-separated: the driver
/// passes only these (see `outcome::RESPONSE_HEADERS_READ`).
#[wasm_bindgen(js_name = responseHeaderNames)]
pub fn response_header_names() -> String {
    crate::client::outcome::RESPONSE_HEADERS_READ.join(",")
}

/// What a response from `url` means: JSON `{kind:"ok"}`, `{kind:"retry",delayMs}` or `{kind:"error",…}`.
/// `ok` means the body has the documented shape; the JS side keeps its own
/// `JSON.parse` of it, so the body is only checked, never decoded.
#[wasm_bindgen(js_name = judgeResponse)]
#[allow(clippy::too_many_arguments)]
pub fn judge_response(
    operation: &str,
    url: &str,
    status: u16,
    headers_json: &str,
    body: &[u8],
    retries_done: u32,
    max_retries: u32,
    retry_uncertain: bool,
    now_ms: f64,
    jitter: f64,
    secret: &str,
) -> String {
    let endpoint = endpoint(operation);
    let headers = headers_of(headers_json);
    let response = HttpResponse {
        status,
        headers: &headers,
        body,
        url,
    };
    let now_ms = super::unix_ms(now_ms);
    let attempt = Attempt::Response {
        status,
        retry_after: response.header("retry-after"),
    };
    let policy = policy(max_retries, retry_uncertain);
    if let Some(delay) =
        next_retry_delay_ms(&policy, endpoint, attempt, retries_done, now_ms, jitter)
    {
        return format!("{{\"kind\":\"retry\",\"delayMs\":{delay}}}");
    }
    match check_ingest_response(endpoint, response, now_ms, secret) {
        Ok(_) => "{\"kind\":\"ok\"}".to_owned(),
        Err(failure) => failure_json(&failure),
    }
}

/// What a failure without a response means: the retry delay in ms, or -1 to give up.
/// `kind` is `"timeout"` or `"network"`; for `"network"`, `description` holds the error's codes and messages.
#[wasm_bindgen(js_name = judgeNoResponse)]
pub fn judge_no_response(
    operation: &str,
    kind: &str,
    description: &str,
    retries_done: u32,
    max_retries: u32,
    retry_uncertain: bool,
    jitter: f64,
) -> f64 {
    let attempt = match kind {
        "timeout" => Attempt::TimedOut,
        _ => match classify_network_failure(description) {
            NetworkFailure::NotSent => Attempt::NotSent,
            NetworkFailure::Lost => Attempt::Lost,
        },
    };
    let policy = policy(max_retries, retry_uncertain);
    next_retry_delay_ms(
        &policy,
        endpoint(operation),
        attempt,
        retries_done,
        0,
        jitter,
    )
    .map_or(-1.0, |delay| delay as f64)
}

fn failure_json(failure: &Failure) -> String {
    let mut out = String::with_capacity(256);
    out.push_str("{\"kind\":\"error\",\"name\":\"");
    out.push_str(failure.kind.error_name());
    out.push_str("\",\"status\":");
    out.push_str(&failure.status.to_string());
    let optional = [
        ("type", &failure.error_type),
        ("code", &failure.code),
        ("param", &failure.param),
        ("docUrl", &failure.doc_url),
        ("requestId", &failure.request_id),
    ];
    for (name, value) in optional {
        out.push_str(",\"");
        out.push_str(name);
        out.push_str("\":");
        match value {
            Some(text) => write_string(&mut out, text),
            None => out.push_str("null"),
        }
    }
    out.push_str(",\"message\":");
    write_string(&mut out, &failure.message);
    out.push_str(",\"retryAfterMs\":");
    match failure.retry_after_ms {
        Some(ms) => out.push_str(&ms.to_string()),
        None => out.push_str("null"),
    }
    out.push_str(",\"issues\":[");
    for (i, issue) in failure.issues.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let path: Vec<Value> = issue
            .path
            .iter()
            .map(|segment| match segment {
                crate::issue::PathSegment::Key(key) => Value::String(key.clone()),
                crate::issue::PathSegment::Index(index) => Value::Number(index.to_string().into()),
            })
            .collect();
        out.push_str("{\"path\":");
        Value::Array(path).write_json(&mut out);
        out.push_str(",\"code\":");
        write_string(&mut out, &issue.code);
        out.push_str(",\"message\":");
        write_string(&mut out, &issue.message);
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// The failure for an answer whose body passed `limit` bytes (the driver
/// stopped reading there): a `{kind:"error",…}` like `judgeResponse`'s.
#[wasm_bindgen(js_name = judgeTooLarge)]
pub fn judge_too_large(
    url: &str,
    status: u16,
    headers_json: &str,
    limit: usize,
    now_ms: f64,
    secret: &str,
) -> String {
    let headers = headers_of(headers_json);
    let response = HttpResponse {
        status,
        headers: &headers,
        body: &[],
        url,
    };
    failure_json(&crate::client::outcome::response_too_large(
        response,
        limit,
        super::unix_ms(now_ms),
        secret,
    ))
}

/// Why `base_url` may not carry the key and the candidate (clear text to a
/// host that is not this machine), or `undefined`.
#[wasm_bindgen(js_name = transportProblem)]
pub fn transport_problem(base_url: &str) -> Option<String> {
    crate::client::check_transport_url(base_url)
        .err()
        .map(str::to_owned)
}

/// The answer size limit unless `maxResponseBytes` says otherwise.
#[wasm_bindgen(js_name = defaultMaxResponseBytes)]
pub fn default_max_response_bytes() -> usize {
    crate::client::DEFAULT_MAX_RESPONSE_BYTES
}

/// Whether a response header `name` holds the secret in any form, any case
/// (such a header is not shown to the caller).
#[wasm_bindgen(js_name = nameHoldsSecret)]
pub fn name_holds_secret(name: &str, secret: &str) -> bool {
    crate::api::SecretForms::new(secret).found_in_name(name)
}

/// `text` with the secret removed in every form (see `secret::redact`).
#[wasm_bindgen(js_name = redactSecret)]
pub fn redact_secret(text: &str, secret: &str) -> String {
    crate::api::redact(text, secret)
}
