//! The edge handler's routing, forwarding and relaying with arbitrary
//! requests and upstream answers (`heymilo_ingest::edge::EdgeHandler`).
//!
//! Input: two configuration bytes, then NUL-separated sections: method, path,
//! request header lines, request body, upstream status (decimal), upstream
//! header lines, upstream body. `$BASE` in the path becomes the configured
//! base path plus `/api/v2/postings`; `$KEY`, `$K64`, … anywhere become forms
//! of the API key (see `heymilo_ingest_fuzz::with_key`). With configuration
//! bit `flags & 0x40` the handler checks Turnstile, and the upstream sections
//! are first siteverify's answer.
//!
//! Invariants:
//! - no phase panics;
//! - a request that goes on is a `POST` to an enabled route and a configured
//!   posting;
//! - a forwarded request goes to exactly the configured upstream base +
//!   `/api/v2/postings/` + the percent-encoded posting + the route, with
//!   exactly the handler's own headers (so no client-sent value), and a body
//!   that is the normalized candidate(s): valid again and unchanged by it;
//! - no response of any phase contains the key (or the Turnstile secret) in
//!   any form, in a header name, a header value or the body; no `*` or
//!   foreign origin is ever allowed;
//! - with Turnstile, a request goes on only after a 2xx JSON yes for an
//!   allowed host and the configured action; every refusal is a 403.
#![no_main]

use heymilo_ingest::edge::{
    EdgeHandler, EdgeResponse, Forwarding, HandlerConfig, Receipt, Routing, TurnstileConfig,
    UpstreamRequest, Verification, USER_AGENT,
};
use heymilo_ingest::edge::{SiteverifyAnswer, SiteverifyRequest, DEFAULT_SITEVERIFY_URL};
use heymilo_ingest::{
    parse_json, validate_candidate_json, Endpoint, JsonValue as Value, ValidateOptions,
};
use heymilo_ingest_fuzz::{assert_no_key, header_lines, sections, with_key, KEYS};
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

const POSTINGS: [&str; 6] = ["p1", "a/b", "13D77095", "ü x", "%41", "$KEY"];
const ORIGINS: [&str; 2] = ["https://careers.example.com", "http://127.0.0.1:8787"];
const BASE_PATHS: [&str; 4] = ["/heymilo", "", "/a/b", "/api"];
const UPSTREAMS: [&str; 4] = [
    "https://api.heymilo.ai",
    "http://127.0.0.1:4010/",
    "https://proxy.test/heymilo/v",
    "https://upstream.test",
];
const METHODS: [&str; 6] = ["POST", "OPTIONS", "GET", "PUT", "post", "HEAD"];
const TURNSTILE_SECRET: &str = "0x4AAAAAAA/Turn+stile?Secret=";
const TURNSTILE_ACTION: &str = "apply";

fuzz_target!(|data: &[u8]| {
    let [flags, more, rest @ ..] = data else {
        return;
    };
    let (flags, more) = (*flags, *more);
    let key = KEYS[usize::from(flags & 3)];
    let base_path = BASE_PATHS[usize::from(flags >> 2 & 3)];
    let upstream = UPSTREAMS[usize::from(flags >> 4 & 3)];
    let config = HandlerConfig {
        api_key: key.to_owned(),
        // A posting id that contains the key must still never echo it.
        postings: POSTINGS.iter().map(|p| with_key(p, key)).collect(),
        allowed_origins: ORIGINS.iter().map(|o| (*o).to_owned()).collect(),
        base_path: base_path.to_owned(),
        upstream_base_url: upstream.to_owned(),
        max_body_bytes: if more & 4 != 0 { 96 } else { 65_536 },
        max_response_bytes: 1 << 20,
        bulk: more & 1 == 0,
        asynchronous: more & 2 == 0,
        workspace_id: (more & 8 != 0).then(|| "ws_42".to_owned()),
        require_origin: more & 16 != 0,
        max_bulk_rows: if more & 128 != 0 { 2 } else { 100 },
        receipt: if more & 32 != 0 {
            Receipt::Full
        } else {
            Receipt::Minimal
        },
        honeypot_field: (more & 64 != 0).then(|| "website".to_owned()),
        key_budget: None,
        turnstile: (flags & 0x40 != 0).then(|| TurnstileConfig {
            secret_key: TURNSTILE_SECRET.to_owned(),
            action: Some(TURNSTILE_ACTION.to_owned()),
            ..TurnstileConfig::default()
        }),
    };
    // One handler per configuration, built (and checked) once.
    type Handlers = HashMap<(u8, u8), Option<Rc<EdgeHandler>>>;
    thread_local! {
        static HANDLERS: RefCell<Handlers> = RefCell::default();
    }
    let handler = HANDLERS.with(|handlers| {
        handlers
            .borrow_mut()
            .entry((flags & 0x7f, more))
            .or_insert_with(|| match EdgeHandler::new(config.clone()) {
                Ok(handler) => {
                    assert_no_key(&format!("{handler:?}"), key, "the handler's Debug");
                    Some(Rc::new(handler))
                }
                Err(error) => {
                    assert_no_key(&error.to_string(), key, "a configuration error");
                    None
                }
            })
            .clone()
    });
    let Some(handler) = handler else {
        return;
    };

    let parts = sections(rest, 7);
    let text = |bytes: &[u8]| with_key(&String::from_utf8_lossy(bytes), key);
    let method_text = text(parts[0]);
    let method = match method_text.as_bytes().first() {
        Some(&b) if method_text.len() == 1 => METHODS[usize::from(b) % METHODS.len()].to_owned(),
        _ => method_text.clone(),
    };
    let base = format!("{}/api/v2/postings", base_path.trim_end_matches('/'));
    let path = text(parts[1]).replace("$BASE", &base);
    let client_headers = header_lines(&text(parts[2]));
    let body: Vec<u8> = match std::str::from_utf8(parts[3]) {
        Ok(body) => with_key(body, key).into_bytes(),
        Err(_) => parts[3].to_vec(),
    };
    let upstream_status: u16 = text(parts[4]).trim().parse().unwrap_or(201);
    let upstream_headers = header_lines(&text(parts[5]));
    let upstream_body = text(parts[6]).into_bytes();

    let routed = match handler.route(&method, &path, &client_headers) {
        Routing::Respond(response) => {
            check_response(&response, key, "a routing answer");
            return;
        }
        Routing::ReadBody(routed) => routed,
    };
    assert_eq!(method, "POST", "{method} went past routing");
    assert!(config.postings.iter().any(|p| p == routed.posting_id()));
    let endpoint = routed.endpoint();
    assert!(config.bulk || !endpoint.is_bulk());
    assert!(config.asynchronous || !endpoint.is_async());
    check_headers(routed.cors_headers(), key);

    if config.turnstile.is_some() {
        let call = match handler.verification(
            &routed,
            &client_headers,
            "9b2e7c1a-5d4f-4e8b-a1c3-0f6d2b8e4a71",
        ) {
            Verification::Respond(response) => {
                assert_eq!(response.status, 403);
                check_response(&response, key, "a Turnstile refusal");
                return;
            }
            Verification::NotRequired => panic!("Turnstile is configured"),
            Verification::Siteverify(call) => call,
        };
        assert_eq!(call.url, DEFAULT_SITEVERIFY_URL);
        let document = parse_json(call.body.as_bytes()).expect("the siteverify body is JSON");
        let sent = SiteverifyRequest::from_json(&document.value).expect("an object");
        assert_eq!(sent.secret, TURNSTILE_SECRET);
        assert_no_key(
            &format!("{call:?}"),
            TURNSTILE_SECRET,
            "the siteverify call's Debug",
        );
        if let Some(response) = handler.judge_siteverify(&routed, upstream_status, &upstream_body) {
            assert_eq!(response.status, 403);
            check_response(&response, key, "a siteverify verdict");
            return;
        }
        let answer = SiteverifyAnswer::parse(&upstream_body).expect("only an answer passes");
        assert!(answer.success && (200..=299).contains(&upstream_status));
        let hostname = answer.hostname.unwrap_or_default().to_ascii_lowercase();
        assert!(ORIGINS.iter().any(|origin| origin
            .split("://")
            .nth(1)
            .and_then(|a| a.split(':').next())
            == Some(hostname.as_str())));
        assert_eq!(answer.action.as_deref(), Some(TURNSTILE_ACTION));
    }

    if body.len() > routed.max_body_bytes() {
        check_response(&handler.body_too_large(&routed), key, "a 413");
        return;
    }
    let request = match handler.forward(&routed, &body, u64::from(flags) << 8 | u64::from(more)) {
        Forwarding::Respond(response) => {
            // 201/202: the honeypot's fake receipt.
            let fake =
                config.honeypot_field.is_some() && response.status == endpoint.success_status();
            assert!(
                [400, 404, 413, 422].contains(&response.status) || fake,
                "forward answered {}",
                response.status
            );
            check_response(&response, key, "a forwarding answer");
            return;
        }
        Forwarding::Upstream(request) => request,
    };

    // Where it goes: the configured base, the posting re-encoded, the route.
    let mut expected_url = upstream.trim_end_matches('/').to_owned();
    expected_url.push_str("/api/v2/postings/");
    heymilo_ingest::percent_encode_segment(routed.posting_id(), &mut expected_url);
    expected_url.push_str("/candidates");
    expected_url.push_str(endpoint.path_suffix());
    assert_eq!(request.url, expected_url);
    assert_eq!(request.method, "POST");

    // Exactly the handler's own headers: nothing a client sent.
    let mut expected_headers = vec![
        ("Content-Type", "application/json"),
        ("Accept", "application/json"),
        ("X-API-KEY", key),
        ("User-Agent", USER_AGENT),
    ];
    if let Some(workspace) = &config.workspace_id {
        expected_headers.push(("X-Workspace-Id", workspace));
    }
    let sent: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(sent, expected_headers, "upstream headers");
    // Its Debug output (for logs) hides the key; the URL and the body hold
    // only what the operator configured and the client sent, so leave them out.
    let shown = UpstreamRequest {
        url: String::new(),
        body: String::new(),
        ..request.clone()
    };
    assert_no_key(&format!("{shown:?}"), key, "the upstream request's Debug");

    // What goes: normalized candidates, stable under validation.
    check_forwarded_body(endpoint, &request.body, &body);

    // The answer, relayed.
    let relayed = handler.relay(&routed, upstream_status, &upstream_headers, &upstream_body);
    check_response(&relayed, key, "a relayed answer");
    // A minimal receipt that cannot be read from a 2xx is 502 too.
    let unreadable = config.receipt == Receipt::Minimal && (200..300).contains(&upstream_status);
    if (200..=599).contains(&upstream_status) && !(unreadable && relayed.status == 502) {
        assert_eq!(relayed.status, upstream_status);
    } else {
        assert_eq!(relayed.status, 502);
    }
    let full = config.receipt == Receipt::Full;
    for (name, _) in &relayed.headers {
        let name = name.to_ascii_lowercase();
        let edge = [
            "content-type",
            "retry-after",
            "vary",
            "cache-control",
            "x-content-type-options",
        ];
        let kept = edge.contains(&name.as_str())
            || (full && (name == "x-request-id" || name.starts_with("x-ratelimit-")))
            || name.starts_with("access-control-");
        assert!(kept, "relayed header {name}");
    }
    check_response(&handler.upstream_unreachable(&routed), key, "a 502");
    check_response(&handler.upstream_timeout(&routed), key, "a 504");
    // Every other answer the adapter can ask for, a veto built from the fuzzed upstream parts included.
    check_response(
        &handler.rate_limited(&routed, u64::from(more)),
        key,
        "a 429",
    );
    check_response(
        &handler.budget_exhausted(&routed, u64::from(flags)),
        key,
        "a 429",
    );
    check_response(&handler.limiter_unavailable(&routed), key, "a 503");
    check_response(&handler.hook_failed(&routed), key, "a 500");
    let vetoed = handler.vetoed(&routed, upstream_status, &upstream_headers, &upstream_body);
    check_response(&vetoed, key, "a veto");
    assert_no_key(
        &handler.redact(&String::from_utf8_lossy(&upstream_body)),
        key,
        "a log line",
    );
});

fn check_headers(headers: &[(String, String)], key: &str) {
    for (name, value) in headers {
        assert_no_key(name, key, "a response header name");
        assert_no_key(value, key, "a response header value");
        if name.eq_ignore_ascii_case("access-control-allow-origin") {
            assert!(
                ORIGINS.contains(&value.as_str()),
                "allowed origin {value:?}"
            );
        }
        assert!(!name.eq_ignore_ascii_case("access-control-allow-credentials"));
    }
}

fn check_response(response: &EdgeResponse, key: &str, what: &str) {
    assert!(
        (100..=599).contains(&response.status),
        "{what}: {}",
        response.status
    );
    check_headers(&response.headers, key);
    assert_no_key(&String::from_utf8_lossy(&response.body), key, what);
    for (name, value) in &response.headers {
        assert_no_key(name, TURNSTILE_SECRET, what);
        assert_no_key(value, TURNSTILE_SECRET, what);
    }
    assert_no_key(
        &String::from_utf8_lossy(&response.body),
        TURNSTILE_SECRET,
        what,
    );
}

fn check_forwarded_body(endpoint: Endpoint, forwarded: &str, client_body: &[u8]) {
    let options = ValidateOptions::default();
    let rows: Vec<String> = if endpoint.is_bulk() {
        let document = parse_json(forwarded.as_bytes()).expect("forwarded JSON");
        let Value::Object(entries) = &document.value else {
            panic!("bulk body {forwarded}")
        };
        assert_eq!(entries.len(), 1, "{forwarded}");
        let Some(Value::Array(items)) = document.value.get("data") else {
            panic!("bulk body {forwarded}")
        };
        assert!(!items.is_empty());
        items.iter().map(Value::to_json).collect()
    } else {
        // The same candidate as validating the client's body directly.
        let direct = validate_candidate_json(client_body, options)
            .value
            .expect("forwarded, so valid");
        assert_eq!(direct.to_json(), forwarded);
        vec![forwarded.to_owned()]
    };
    for row in rows {
        let again = validate_candidate_json(row.as_bytes(), options);
        let value = again
            .value
            .unwrap_or_else(|| panic!("forwarded {row} is invalid: {:?}", again.issues));
        assert_eq!(
            value.to_json(),
            row,
            "forwarded candidate is not normalized"
        );
        assert!(again
            .warnings
            .iter()
            .all(|w| w.code.as_str() != "unknown_field"));
    }
}
