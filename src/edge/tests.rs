use super::*;
use crate::api::contains_secret;
use crate::issue::Issue;
use crate::validate::{validate_candidate_json, validate_document};

/// A key with characters that change when percent-encoded, so every form is checked.
const KEY: &str = "sk_live_S3cret/Key+42";
const APP: &str = "https://app.example.com";
const ADA: &str = r#"{"name":" Ada ","email":"ada@EXAMPLE.com","phone_number":"+1 206 555 1234","metadata":{"k":"v"},"extra":1}"#;
const ADA_NORMALIZED: &str = r#"{"name":"Ada","email":"ada@example.com","phone_number":"+12065551234","metadata":{"k":"v"}}"#;
const SINGLE: &str = "/heymilo/api/v2/postings/p1/candidates";
const BULK: &str = "/heymilo/api/v2/postings/p1/candidates/bulk";

/// Every route on, Origin optional and full receipts: the tests of routing,
/// validation and relaying see everything. The safe defaults have their own tests.
fn config() -> HandlerConfig {
    HandlerConfig {
        api_key: KEY.to_owned(),
        postings: vec!["p1".to_owned(), "a/b".to_owned(), "ü".to_owned()],
        allowed_origins: vec![APP.to_owned(), "http://localhost:5173".to_owned()],
        bulk: true,
        asynchronous: true,
        require_origin: false,
        receipt: Receipt::Full,
        ..HandlerConfig::default()
    }
}

fn handler() -> EdgeHandler {
    EdgeHandler::new(config()).unwrap()
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn json_headers() -> Vec<(String, String)> {
    headers(&[("Content-Type", "application/json")])
}

/// Every response the tests see passes here: no key in any form, no `*`, no credentials.
fn checked(response: EdgeResponse) -> EdgeResponse {
    let body = String::from_utf8_lossy(&response.body);
    assert!(!contains_secret(&body, KEY), "key in body: {body}");
    for (name, value) in &response.headers {
        assert!(
            !contains_secret(value, KEY) && !contains_secret(name, KEY),
            "key in {name}: {value}"
        );
        assert!(
            !name.eq_ignore_ascii_case("access-control-allow-credentials"),
            "{name}"
        );
        if name.eq_ignore_ascii_case("access-control-allow-origin") {
            assert!(
                value != "*" && (value == APP || value == "http://localhost:5173"),
                "{value}"
            );
        }
    }
    response
}

fn respond(routing: Routing) -> EdgeResponse {
    match routing {
        Routing::Respond(response) => checked(response),
        Routing::ReadBody(routed) => panic!("expected an answer, got {routed:?}"),
    }
}

fn routed(handler: &EdgeHandler, path: &str, request_headers: &[(String, String)]) -> Routed {
    match handler.route("POST", path, request_headers) {
        Routing::ReadBody(routed) => routed,
        Routing::Respond(response) => panic!("{path}: {} {}", response.status, text(&response)),
    }
}

fn forward(handler: &EdgeHandler, path: &str, body: &[u8]) -> Forwarding {
    let routed = routed(handler, path, &json_headers());
    match handler.forward(&routed, body, 1) {
        Forwarding::Respond(response) => Forwarding::Respond(checked(response)),
        upstream => upstream,
    }
}

fn upstream(handler: &EdgeHandler, path: &str, body: &str) -> UpstreamRequest {
    match forward(handler, path, body.as_bytes()) {
        Forwarding::Upstream(request) => request,
        Forwarding::Respond(response) => panic!("{} {}", response.status, text(&response)),
    }
}

fn answer(handler: &EdgeHandler, path: &str, body: &[u8]) -> EdgeResponse {
    match forward(handler, path, body) {
        Forwarding::Respond(response) => response,
        Forwarding::Upstream(request) => panic!("forwarded {request:?}"),
    }
}

fn text(response: &EdgeResponse) -> &str {
    std::str::from_utf8(&response.body).unwrap()
}

fn error_code(response: &EdgeResponse) -> String {
    let document = json::parse(&response.body).unwrap();
    let error = document.value.get("error").expect("an error envelope");
    assert_eq!(
        error.get("type").and_then(Value::as_str).map(str::is_empty),
        Some(false)
    );
    assert!(error.get("message").and_then(Value::as_str).is_some());
    error
        .get("code")
        .and_then(Value::as_str)
        .unwrap()
        .to_owned()
}

fn upstream_header<'a>(request: &'a UpstreamRequest, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

// ---- configuration ----

#[test]
fn defaults_are_the_documented_ones() {
    let config = HandlerConfig::default();
    assert_eq!(config.base_path, "/heymilo");
    assert_eq!(config.upstream_base_url, "https://api.heymilo.ai");
    assert_eq!(config.max_body_bytes, 65_536);
    assert!(
        !config.bulk && !config.asynchronous,
        "a public form sends one candidate"
    );
    assert_eq!(config.workspace_id, None);
    assert!(config.require_origin);
    assert_eq!(config.max_bulk_rows, 100);
    assert_eq!(config.receipt, Receipt::Minimal);
    assert_eq!(config.honeypot_field, None);
    assert_eq!(
        config.key_budget,
        Some(KeyBudgetConfig {
            per_minute: 200,
            burst: 50
        })
    );
    assert_eq!(
        EdgeHandler::new(config).unwrap_err(),
        ConfigError::MissingApiKey
    );
}

#[test]
fn config_errors_name_the_setting() {
    let with = |change: fn(&mut HandlerConfig)| {
        let mut config = config();
        change(&mut config);
        EdgeHandler::new(config).unwrap_err()
    };
    assert_eq!(with(|c| c.api_key.clear()), ConfigError::MissingApiKey);
    assert_eq!(with(|c| c.api_key.push(' ')), ConfigError::InvalidApiKey);
    assert_eq!(
        with(|c| c.api_key.push_str("\r\nX-Evil: 1")),
        ConfigError::InvalidApiKey
    );
    assert_eq!(with(|c| c.postings.clear()), ConfigError::NoPostings);
    assert_eq!(
        with(|c| c.postings.push(String::new())),
        ConfigError::InvalidPosting { index: 3 }
    );
    assert_eq!(
        with(|c| c.postings[0] = "  ".into()),
        ConfigError::InvalidPosting { index: 0 }
    );
    assert_eq!(
        with(|c| c.postings[1] = "..".into()),
        ConfigError::InvalidPosting { index: 1 }
    );
    assert_eq!(
        with(|c| c.postings[1] = ".".into()),
        ConfigError::InvalidPosting { index: 1 }
    );
    assert!(matches!(
        with(|c| c.allowed_origins.push("*".into())),
        ConfigError::InvalidOrigin { index: 2, .. }
    ));
    assert!(matches!(
        with(|c| c.base_path = "heymilo".into()),
        ConfigError::InvalidBasePath { .. }
    ));
    assert!(matches!(
        with(|c| c.upstream_base_url = "ftp://x".into()),
        ConfigError::InvalidUpstreamUrl { .. }
    ));
    assert_eq!(
        with(|c| c.max_body_bytes = 0),
        ConfigError::ZeroMaxBodyBytes
    );
    assert_eq!(
        with(|c| c.workspace_id = Some(String::new())),
        ConfigError::InvalidWorkspaceId
    );
    assert_eq!(
        with(|c| c.workspace_id = Some("ws 1".into())),
        ConfigError::InvalidWorkspaceId
    );
    let message = with(|c| c.allowed_origins.push("https://x.com/".into())).to_string();
    assert_eq!(
        message,
        "allowedOrigins[2] is not an origin: remove the trailing slash. Write it as scheme://host[:port], like https://www.example.com."
    );
}

#[test]
fn origin_syntax_is_exactly_scheme_host_and_port() {
    let check = |origin: &str| {
        let mut config = config();
        config.allowed_origins = vec![origin.to_owned()];
        EdgeHandler::new(config).map(|_| ())
    };
    for good in [
        "https://example.com",
        "http://localhost:8787",
        "https://a.b-c.example:8443",
        "http://127.0.0.1:3000",
        "https://[::1]:8443",
        "https://xn--bcher-kva.example",
    ] {
        assert_eq!(check(good), Ok(()), "{good}");
    }
    for bad in [
        "HTTPS://example.com",
        "Https://example.com",
        "https://Example.com",
        "https://example.com/",
        "https://example.com/app",
        "https://example.com?x=1",
        "https://example.com#top",
        "https://*.example.com",
        "*",
        "https://user:pw@example.com",
        "https://user@example.com",
        "ftp://example.com",
        "null",
        "example.com",
        "https://",
        "https://:443",
        "https://example.com:443",
        "http://example.com:80",
        "https://example.com:",
        "https://example.com:0",
        "https://example.com:08080",
        "https://example.com:99999",
        "https://example.com:8a",
        "https://exa mple.com",
        "https://bücher.example",
        "https://[::1",
        "https://[]",
        "https://[::1]x",
        " https://example.com",
    ] {
        assert!(
            matches!(check(bad), Err(ConfigError::InvalidOrigin { .. })),
            "{bad}"
        );
    }
}

#[test]
fn base_path_and_upstream_url_syntax() {
    let base = |path: &str| {
        let mut config = config();
        config.base_path = path.to_owned();
        EdgeHandler::new(config).map(|_| ())
    };
    for good in ["", "/heymilo", "/api/heymilo-proxy", "/v1.2/~x_y"] {
        assert_eq!(base(good), Ok(()), "{good}");
    }
    for bad in [
        "heymilo",
        "/",
        "/heymilo/",
        "//heymilo",
        "/a//b",
        "/..",
        "/a/../b",
        "/a/./b",
        "/a..b",
        "/he ymilo",
        "/a%2Fb",
        "/ü",
        "/a?b",
        "/a#b",
    ] {
        assert!(
            matches!(base(bad), Err(ConfigError::InvalidBasePath { .. })),
            "{bad}"
        );
    }
    let with_upstream = |url: &str| {
        let mut config = config();
        config.upstream_base_url = url.to_owned();
        EdgeHandler::new(config)
    };
    for good in [
        "https://api.heymilo.ai",
        "http://localhost:8787/",
        "http://127.0.0.1:4010",
        "http://[::1]:4010/api",
        "https://proxy.example/heymilo//",
    ] {
        assert!(with_upstream(good).is_ok(), "{good}");
    }
    for bad in [
        "",
        "api.heymilo.ai",
        "ftp://api.heymilo.ai",
        "HTTPS://api.heymilo.ai",
        "https://api.heymilo.ai?x=1",
        "https://api.heymilo.ai/#x",
        "https://",
        "https:///path",
        "https://user:pw@api.heymilo.ai",
        "https://api.heymilo.ai/a b",
        "https://api.heymilo.ai\n",
        // Clear text to anything but this machine shows the key to every hop.
        "http://api.heymilo.ai",
        "http://10.0.0.7:8080",
        "http://127.0.0.1.example.com",
        "http://localhost.example.com",
    ] {
        assert!(
            matches!(
                with_upstream(bad),
                Err(ConfigError::InvalidUpstreamUrl { .. })
            ),
            "{bad:?}"
        );
    }
    let request = upstream(
        &with_upstream("https://proxy.example/heymilo//").unwrap(),
        SINGLE,
        ADA,
    );
    assert_eq!(
        request.url,
        "https://proxy.example/heymilo/api/v2/postings/p1/candidates"
    );
}

#[test]
fn the_key_never_shows_in_config_errors_or_debug_output() {
    let configured = config();
    let shown = format!("{configured:?} {:?}", handler());
    assert!(!contains_secret(&shown, KEY), "{shown}");
    assert!(shown.contains("[redacted]"));
    let bad_configs = [
        HandlerConfig {
            api_key: format!("{KEY} "),
            ..config()
        },
        HandlerConfig {
            api_key: format!("{KEY}\n"),
            ..config()
        },
        HandlerConfig {
            postings: vec![KEY.to_owned(), String::new()],
            ..config()
        },
        HandlerConfig {
            allowed_origins: vec![format!("https://{KEY}/")],
            ..config()
        },
        HandlerConfig {
            base_path: format!("/{KEY}?"),
            ..config()
        },
        HandlerConfig {
            upstream_base_url: format!("https://x/?key={KEY}"),
            ..config()
        },
        HandlerConfig {
            upstream_base_url: format!("{KEY}://x"),
            ..config()
        },
        HandlerConfig {
            workspace_id: Some(format!("{KEY} ")),
            ..config()
        },
        HandlerConfig {
            max_body_bytes: 0,
            ..config()
        },
    ];
    for bad in bad_configs {
        let error = EdgeHandler::new(bad.clone()).unwrap_err();
        let shown = format!("{error} {error:?} {bad:?}");
        assert!(!contains_secret(&shown, KEY), "{shown}");
        assert!(error.to_string().ends_with('.'), "{error}");
    }
    let Forwarding::Upstream(request) = forward(&handler(), SINGLE, ADA.as_bytes()) else {
        panic!("not forwarded");
    };
    let shown = format!("{request:?} {:?}", Forwarding::Upstream(request.clone()));
    assert!(!contains_secret(&shown, KEY), "{shown}");
    assert_eq!(upstream_header(&request, "x-api-key"), Some(KEY));
}

// ---- routes ----

#[test]
fn the_four_routes_mirror_heymilo_under_the_base_path() {
    let handler = handler();
    for (suffix, endpoint) in [
        ("", Endpoint::Single),
        ("/bulk", Endpoint::Bulk),
        ("/async", Endpoint::SingleAsync),
        ("/bulk/async", Endpoint::BulkAsync),
    ] {
        let routed = routed(&handler, &format!("{SINGLE}{suffix}"), &json_headers());
        assert_eq!(routed.endpoint(), endpoint);
        assert_eq!(routed.posting_id(), "p1");
        assert_eq!(routed.max_body_bytes(), 65_536);
    }
    let root = EdgeHandler::new(HandlerConfig {
        base_path: String::new(),
        ..config()
    })
    .unwrap();
    assert_eq!(
        routed(&root, "/api/v2/postings/p1/candidates", &json_headers()).posting_id(),
        "p1"
    );
    let status = respond(root.route("POST", SINGLE, &json_headers())).status;
    assert_eq!(status, 404);
    let deep = EdgeHandler::new(HandlerConfig {
        base_path: "/x/y".into(),
        ..config()
    })
    .unwrap();
    routed(
        &deep,
        "/x/y/api/v2/postings/p1/candidates/bulk",
        &json_headers(),
    );
}

#[test]
fn disabled_bulk_and_async_routes_do_not_exist() {
    let no_bulk = EdgeHandler::new(HandlerConfig {
        bulk: false,
        ..config()
    })
    .unwrap();
    let no_async = EdgeHandler::new(HandlerConfig {
        asynchronous: false,
        ..config()
    })
    .unwrap();
    for (handler, served, missing) in [
        (&no_bulk, ["", "/async"], ["/bulk", "/bulk/async"]),
        (&no_async, ["", "/bulk"], ["/async", "/bulk/async"]),
    ] {
        for suffix in served {
            routed(handler, &format!("{SINGLE}{suffix}"), &json_headers());
        }
        for suffix in missing {
            let response =
                respond(handler.route("POST", &format!("{SINGLE}{suffix}"), &json_headers()));
            assert_eq!(
                (response.status, error_code(&response).as_str()),
                (404, "not_found")
            );
        }
    }
    // A Routed from a handler that serves more is refused by one that serves less.
    let bulk_routed = routed(&handler(), BULK, &json_headers());
    let Forwarding::Respond(response) = no_bulk.forward(&bulk_routed, b"{\"data\":[]}", 1) else {
        panic!("forwarded");
    };
    assert_eq!(response.status, 404);
    let other = EdgeHandler::new(HandlerConfig {
        postings: vec!["p2".into()],
        ..config()
    })
    .unwrap();
    let Forwarding::Respond(response) = other.forward(
        &routed(&handler(), SINGLE, &json_headers()),
        ADA.as_bytes(),
        1,
    ) else {
        panic!("forwarded");
    };
    assert_eq!(response.status, 404);
}

#[test]
fn posting_segment_is_decoded_once_and_must_equal_a_configured_id() {
    let handler = handler();
    for (raw, posting) in [
        ("p1", "p1"),
        ("%70%31", "p1"),
        ("a%2Fb", "a/b"),
        ("a%2fb", "a/b"),
        ("%C3%BC", "ü"),
        ("%c3%bc", "ü"),
    ] {
        let path = format!("/heymilo/api/v2/postings/{raw}/candidates");
        assert_eq!(
            routed(&handler, &path, &json_headers()).posting_id(),
            posting,
            "{raw}"
        );
    }
    let request = upstream(
        &handler,
        "/heymilo/api/v2/postings/a%2fb/candidates/async",
        ADA,
    );
    assert_eq!(
        request.url,
        "https://api.heymilo.ai/api/v2/postings/a%2Fb/candidates/async"
    );
    let request = upstream(&handler, "/heymilo/api/v2/postings/%c3%bc/candidates", ADA);
    assert_eq!(
        request.url,
        "https://api.heymilo.ai/api/v2/postings/%C3%BC/candidates"
    );
}

#[test]
fn no_path_trick_reaches_an_unlisted_posting_or_route() {
    let handler = handler();
    for path in [
        "",
        "/",
        "/heymilo",
        "/heymilo/api/v2/postings/p2/candidates",
        "/heymilo/api/v2/postings/P1/candidates",
        "/heymilo/api/v2/postings/a/b/candidates",
        "/heymilo/api/v2/postings/a%252Fb/candidates",
        "/heymilo/api/v2/postings/%2570%2531/candidates",
        "/heymilo/api/v2/postings/../candidates",
        "/heymilo/api/v2/postings/./candidates",
        "/heymilo/api/v2/postings/%2e%2e/candidates",
        "/heymilo/api/v2/postings/%2E/candidates",
        "/heymilo/api/v2/postings/p1/../p2/candidates",
        "/heymilo/api/v2/postings/p2/../p1/candidates",
        "/heymilo/api/v2/postings/p1/candidates/../../p2/candidates",
        "/heymilo/./api/v2/postings/p1/candidates",
        "/heymilo/x/../api/v2/postings/p1/candidates",
        "/heymilo/%2e%2e/heymilo/api/v2/postings/p1/candidates",
        "/HEYMILO/api/v2/postings/p1/candidates",
        "/heymilo/API/v2/postings/p1/candidates",
        "/heymilo/api/V2/postings/p1/candidates",
        "/heymilo/api/v2/postings/p1/Candidates",
        "/heymilo/api/v2/postings/p1/candidates/BULK",
        "/heymilo/api/v2/postings/p1/candidates/",
        "/heymilo/api/v2/postings/p1/candidates/bulk/",
        "/heymilo/api/v2/postings/p1/candidates//",
        "/heymilo//api/v2/postings/p1/candidates",
        "//heymilo/api/v2/postings/p1/candidates",
        "/heymilo/api/v2/postings//p1/candidates",
        "/heymilo/api/v2/postings//candidates",
        "/heymilo/api/v2/postings/p1//candidates",
        "/heymilo/api/v2/postings/p1/candidates?x=1",
        "/heymilo/api/v2/postings/p1?/candidates",
        "/heymilo/api/v2/postings/p1%3F/candidates",
        "/heymilo/api/v2/postings/p1/candidates#x",
        "/heymilo/api/v2/postings/p1/candidates/async/bulk",
        "/heymilo/api/v2/postings/p1/candidates/bulk/async/x",
        "/heymilo/api/v2/postings/p1/candidates/x",
        "/heymilo/api/v2/postings/p1/candidate",
        "/heymilo/api/v2/postings/p1",
        "/heymilo/api/v2/postings",
        "/heymilo/api/v2/candidates",
        "/heymilo/api/v1/postings/p1/candidates",
        "/api/v2/postings/p1/candidates",
        "heymilo/api/v2/postings/p1/candidates",
        "https://evil.example/heymilo/api/v2/postings/p1/candidates",
        "/heymilo%2Fapi/v2/postings/p1/candidates",
        "/heymilo/api%2Fv2/postings/p1/candidates",
        "/heymilo/api/v2/postings/p1%2Fcandidates",
        "/heymilo/api/v2/postings/p1/candidates%2Fbulk",
        "/%68eymilo/api/v2/postings/p1/candidates",
        "/heymilo/api/v2/postings/%EF%BD%90%EF%BC%91/candidates",
        "/heymilo/api/v2/postings/ｐ１/candidates",
        "/%EF%BD%88eymilo/api/v2/postings/p1/candidates",
        "/heymilo/api/v2/postings/%D1%801/candidates",
        "/heymilo/api/v2/postings/р1/candidates",
        "/heymilo/api/v2/postings/u%CC%88/candidates",
        "/heymilo/api/v2/postings/p1%00/candidates",
        "/heymilo/api/v2/postings/%00/candidates",
        "/heymilo/api/v2/postings/p1\0/candidates",
        "/heymilo/api/v2/postings/p1%/candidates",
        "/heymilo/api/v2/postings/p1%2/candidates",
        "/heymilo/api/v2/postings/%zz/candidates",
        "/heymilo/api/v2/postings/%+1/candidates",
        "/heymilo/api/v2/postings/%FF/candidates",
        "/heymilo/api/v2/postings/%C3/candidates",
        "/heymilo/api/v2/postings/p1%20/candidates",
        "/heymilo/api/v2/postings/%20p1/candidates",
        "/heymilo/api/v2/postings/p1;x/candidates",
        "/heymilo/api/v2/postings/p1\\candidates",
        "/heymilo\\api\\v2\\postings\\p1\\candidates",
    ] {
        for method in ["POST", "OPTIONS", "GET"] {
            let request_headers = headers(&[
                ("Content-Type", "application/json"),
                ("Origin", APP),
                ("Access-Control-Request-Method", "POST"),
            ]);
            let response = respond(handler.route(method, path, &request_headers));
            assert_eq!(response.status, 404, "{method} {path:?}");
            assert_eq!(error_code(&response), "not_found");
            assert_eq!(response.header("content-type"), Some("application/json"));
        }
    }
    let response = respond(handler.route("POST", "/nope", &[]));
    assert_eq!(
        text(&response),
        r#"{"error":{"type":"invalid_request_error","code":"not_found","message":"No such route or posting."}}"#
    );
}

#[test]
fn only_post_and_options_are_allowed_on_a_route() {
    let handler = handler();
    for method in [
        "GET", "HEAD", "PUT", "PATCH", "DELETE", "CONNECT", "TRACE", "post", "Post", "options", "",
    ] {
        let response = respond(handler.route(method, SINGLE, &json_headers()));
        assert_eq!(response.status, 405, "{method}");
        assert_eq!(error_code(&response), "method_not_allowed");
        assert_eq!(response.header("allow"), Some("POST, OPTIONS"));
        assert_eq!(response.header("vary"), Some("Origin"));
    }
}

#[test]
fn only_application_json_is_accepted() {
    let handler = handler();
    for good in [
        "application/json",
        "Application/JSON",
        "application/json; charset=utf-8",
        "application/json;charset=UTF-8",
        "application/json ; charset=\"utf-8\"",
        "  application/json  ",
        "application/json;",
    ] {
        routed(&handler, SINGLE, &headers(&[("content-type", good)]));
    }
    for bad in [
        "",
        "text/plain",
        "text/plain; charset=utf-8",
        "application/json-patch+json",
        "application/jsonx",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/problem+json",
        "application/json; charset=latin1",
        "application/json; charset",
        "application/json; =x",
        "application/json, text/plain",
        "application/*",
        "*/*",
        "json",
    ] {
        let response = respond(handler.route("POST", SINGLE, &headers(&[("Content-Type", bad)])));
        assert_eq!(
            (response.status, error_code(&response).as_str()),
            (415, "unsupported_media_type"),
            "{bad}"
        );
    }
    let response = respond(handler.route("POST", SINGLE, &[]));
    assert_eq!(response.status, 415);
    let twice = headers(&[
        ("Content-Type", "application/json"),
        ("content-type", "text/plain"),
    ]);
    assert_eq!(respond(handler.route("POST", SINGLE, &twice)).status, 415);
}

#[test]
fn content_length_over_the_limit_is_413_before_reading() {
    let small = EdgeHandler::new(HandlerConfig {
        max_body_bytes: 100,
        ..config()
    })
    .unwrap();
    let with_length = |length: &str| {
        headers(&[
            ("Content-Type", "application/json"),
            ("Content-Length", length),
        ])
    };
    routed(&small, SINGLE, &with_length("100"));
    routed(&small, SINGLE, &with_length("0"));
    for over in ["101", "1000000", "99999999999999999999999999999"] {
        let response = respond(small.route("POST", SINGLE, &with_length(over)));
        assert_eq!(
            (response.status, error_code(&response).as_str()),
            (413, "payload_too_large"),
            "{over}"
        );
    }
    let response = respond(handler().route("POST", SINGLE, &with_length("1048576")));
    assert_eq!(response.status, 413);
    assert!(text(&response).contains("65536 bytes"));
    for invalid in ["", "-1", "1e3", "0x10", "10, 10", "ten"] {
        let response = respond(small.route("POST", SINGLE, &with_length(invalid)));
        assert_eq!(
            (response.status, error_code(&response).as_str()),
            (400, "invalid_content_length"),
            "{invalid}"
        );
    }
}

// ---- CORS ----

#[test]
fn allowed_origins_get_their_own_origin_back_and_others_are_refused() {
    let handler = handler();
    let routed = routed(
        &handler,
        SINGLE,
        &headers(&[("Content-Type", "application/json"), ("Origin", APP)]),
    );
    assert_eq!(
        routed.cors_headers(),
        headers(&[
            ("Vary", "Origin"),
            ("Access-Control-Allow-Origin", APP),
            ("Access-Control-Expose-Headers", "Retry-After, X-Request-Id"),
        ])
    );
    for response in [
        checked(handler.relay(&routed, 201, &[], b"{}")),
        checked(handler.body_too_large(&routed)),
        checked(handler.upstream_unreachable(&routed)),
        checked(handler.upstream_timeout(&routed)),
        match handler.forward(&routed, b"{", 1) {
            Forwarding::Respond(response) => checked(response),
            Forwarding::Upstream(_) => panic!("forwarded"),
        },
    ] {
        assert_eq!(response.header("access-control-allow-origin"), Some(APP));
        assert_eq!(response.header("vary"), Some("Origin"));
    }
    // No Origin: a server or same-origin caller; allowed, with no Allow-Origin.
    let plain = self::routed(&handler, SINGLE, &json_headers());
    assert_eq!(plain.cors_headers(), headers(&[("Vary", "Origin")]));
    for origin in [
        "https://evil.example",
        "https://app.example.com.evil.example",
        "https://app.example.com/",
        "https://APP.example.com",
        "http://app.example.com",
        "https://app.example.com:443",
        "null",
        "*",
        "",
        " https://app.example.com",
        "https://app.example.com, https://evil.example",
    ] {
        let response = respond(handler.route(
            "POST",
            SINGLE,
            &headers(&[("Content-Type", "application/json"), ("Origin", origin)]),
        ));
        assert_eq!(
            (response.status, error_code(&response).as_str()),
            (403, "origin_not_allowed"),
            "{origin}"
        );
        assert_eq!(response.header("access-control-allow-origin"), None);
        assert_eq!(response.header("vary"), Some("Origin"));
    }
    let two_origins = headers(&[
        ("Content-Type", "application/json"),
        ("Origin", APP),
        ("origin", "https://evil.example"),
    ]);
    assert_eq!(
        respond(handler.route("POST", SINGLE, &two_origins)).status,
        403
    );
    // Unknown routes still say Vary, and name only a configured origin.
    let response = respond(handler.route(
        "POST",
        "/nope",
        &headers(&[("Origin", "https://evil.example")]),
    ));
    assert_eq!(
        (
            response.status,
            response.header("access-control-allow-origin")
        ),
        (404, None)
    );
}

#[test]
fn preflight_allows_only_post_with_content_type_and_accept() {
    let handler = handler();
    let preflight =
        |pairs: &[(&str, &str)]| respond(handler.route("OPTIONS", BULK, &headers(pairs)));
    for request_headers in [
        None,
        Some("content-type"),
        Some("Content-Type, Accept"),
        Some("ACCEPT,content-type"),
        Some(" content-type , "),
    ] {
        let mut pairs = vec![
            ("Origin", "http://localhost:5173"),
            ("Access-Control-Request-Method", "POST"),
        ];
        pairs.extend(request_headers.map(|names| ("Access-Control-Request-Headers", names)));
        let response = preflight(&pairs);
        assert_eq!(response.status, 204, "{request_headers:?}");
        assert!(response.body.is_empty());
        assert_eq!(
            response.headers,
            headers(&[
                ("Access-Control-Allow-Origin", "http://localhost:5173"),
                ("Access-Control-Allow-Methods", "POST"),
                ("Access-Control-Allow-Headers", "Content-Type, Accept"),
                ("Access-Control-Max-Age", "600"),
                ("Vary", "Origin"),
                ("Cache-Control", "no-store"),
                ("X-Content-Type-Options", "nosniff"),
            ])
        );
    }
    let refusals: [&[(&str, &str)]; 10] = [
        &[("Access-Control-Request-Method", "POST")],
        &[
            ("Origin", "https://evil.example"),
            ("Access-Control-Request-Method", "POST"),
        ],
        &[("Origin", APP)],
        &[("Origin", APP), ("Access-Control-Request-Method", "GET")],
        &[("Origin", APP), ("Access-Control-Request-Method", "PUT")],
        &[("Origin", APP), ("Access-Control-Request-Method", "post")],
        &[
            ("Origin", APP),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "x-api-key"),
        ],
        &[
            ("Origin", APP),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "content-type, Authorization",
            ),
        ],
        &[
            ("Origin", APP),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "content-type,x-workspace-id",
            ),
        ],
        &[
            ("Origin", APP),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "cookie"),
        ],
    ];
    for pairs in refusals {
        let response = preflight(pairs);
        assert_eq!(response.status, 403, "{pairs:?}");
        assert!(
            ["origin_not_allowed", "preflight_refused"].contains(&error_code(&response).as_str())
        );
        assert_eq!(
            response.header("access-control-allow-origin"),
            None,
            "{pairs:?}"
        );
        assert_eq!(response.header("access-control-allow-headers"), None);
        assert_eq!(response.header("vary"), Some("Origin"));
    }
}

// ---- forwarding ----

#[test]
fn a_valid_candidate_is_forwarded_normalized_with_fresh_headers() {
    let handler = handler();
    let hostile = headers(&[
        ("Content-Type", "application/json"),
        ("X-API-KEY", "sk_attacker"),
        ("x-api-key", "sk_other"),
        ("Authorization", "Bearer sk_attacker"),
        ("Cookie", "session=1"),
        ("Connection", "keep-alive, X-API-KEY"),
        ("Keep-Alive", "timeout=5"),
        ("Transfer-Encoding", "chunked"),
        ("TE", "trailers"),
        ("Upgrade", "websocket"),
        ("Proxy-Authorization", "Basic eA=="),
        ("Host", "evil.example"),
        ("X-Forwarded-For", "1.2.3.4"),
        ("X-Workspace-Id", "ws_attacker"),
        ("User-Agent", "evil"),
        ("Accept", "text/html"),
    ]);
    let routed = routed(&handler, SINGLE, &hostile);
    let Forwarding::Upstream(request) = handler.forward(&routed, ADA.as_bytes(), 1) else {
        panic!("not forwarded");
    };
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.url,
        "https://api.heymilo.ai/api/v2/postings/p1/candidates"
    );
    assert_eq!(request.body, ADA_NORMALIZED);
    assert_eq!(
        request.headers,
        headers(&[
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
            ("X-API-KEY", KEY),
            ("User-Agent", USER_AGENT),
        ])
    );
    assert!(USER_AGENT.starts_with("heymilo-ingest-edge/") && USER_AGENT.len() > 20);
    let with_workspace = EdgeHandler::new(HandlerConfig {
        workspace_id: Some("ws_1".into()),
        upstream_base_url: "http://localhost:8787/".into(),
        ..config()
    })
    .unwrap();
    let routed = self::routed(&with_workspace, SINGLE, &hostile);
    let Forwarding::Upstream(request) = with_workspace.forward(&routed, ADA.as_bytes(), 1) else {
        panic!("not forwarded");
    };
    assert_eq!(
        request.url,
        "http://localhost:8787/api/v2/postings/p1/candidates"
    );
    assert_eq!(upstream_header(&request, "x-workspace-id"), Some("ws_1"));
    let api_keys = request
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("x-api-key"))
        .count();
    assert_eq!(api_keys, 1);
}

#[test]
fn bulk_bodies_are_rebuilt_from_the_validated_rows() {
    let handler = handler();
    let body = format!(
        r#"{{"data":[{ADA},{{"name":"Bo","email":"bo@example.com"}}],"extra":{{"x":1}},"callback":"https://evil"}}"#
    );
    let request = upstream(&handler, &format!("{BULK}/async"), &body);
    assert_eq!(
        request.url,
        "https://api.heymilo.ai/api/v2/postings/p1/candidates/bulk/async"
    );
    assert_eq!(
        request.body,
        format!(r#"{{"data":[{ADA_NORMALIZED},{{"name":"Bo","email":"bo@example.com"}}]}}"#)
    );
    for (input, code, loc) in [
        (r#"{"data":[]}"#, "too_few_items", r#"["body","data"]"#),
        (r#"{}"#, "required", r#"["body","data"]"#),
        (r#"{"rows":[]}"#, "required", r#"["body","data"]"#),
        (r#"{"data":{}}"#, "invalid_type", r#"["body","data"]"#),
        (r#"{"data":null}"#, "invalid_type", r#"["body","data"]"#),
        (
            r#"[{"name":"A","email":"a@example.com"}]"#,
            "invalid_type",
            r#"["body"]"#,
        ),
        ("null", "invalid_type", r#"["body"]"#),
        ("7", "invalid_type", r#"["body"]"#),
        (
            r#"{"data":[{"name":"A","email":"a@example.com"},{"name":"B"}]}"#,
            "required",
            r#"["body","data",1,"email"]"#,
        ),
        (r#"{"data":[null]}"#, "invalid_type", r#"["body","data",0]"#),
    ] {
        let response = answer(&handler, BULK, input.as_bytes());
        assert_eq!(response.status, 422, "{input}");
        let shown = text(&response);
        assert!(
            shown.starts_with(&format!(r#"{{"detail":[{{"loc":{loc},"#)),
            "{input}: {shown}"
        );
        assert!(
            shown.contains(&format!(r#""ctx":{{"code":"{code}"}}"#)),
            "{input}: {shown}"
        );
    }
}

#[test]
fn invalid_candidates_get_the_fastapi_422_with_our_codes() {
    let handler = handler();
    let input = r#"{"name":"","email":"nope","phone_number":"+999","metadata":{"k":1}}"#;
    let response = answer(&handler, SINGLE, input.as_bytes());
    assert_eq!(response.status, 422);
    assert_eq!(response.header("content-type"), Some("application/json"));
    let issues = validate_candidate_json(input.as_bytes(), ValidateOptions::default()).issues;
    assert_eq!(issues.len(), 4);
    let mut expected = String::new();
    write_validation_error(&mut expected, &issues, false);
    assert_eq!(text(&response), expected);
    assert!(text(&response).starts_with(r#"{"detail":[{"loc":["body","name"],"#));
    let bulk = answer(
        &handler,
        BULK,
        br#"{"data":[{"name":"A","email":"a@example.com"},{"name":"B","email":"x"}]}"#,
    );
    let rows =
        validate_candidate_json(br#"{"name":"B","email":"x"}"#, ValidateOptions::default()).issues;
    let mut expected = String::new();
    let rows: Vec<Issue> = rows
        .into_iter()
        .map(|issue| issue.prefixed(crate::PathSegment::Index(1)))
        .collect();
    write_validation_error(&mut expected, &rows, true);
    assert_eq!(text(&bulk), expected);
}

#[test]
fn unreadable_bodies_are_400_malformed_json() {
    let handler = handler();
    for body in [
        &b""[..],
        b"   ",
        b"{",
        b"{\"name\":\"A\",}",
        b"{'name':'A'}",
        b"\xef\xbb\xbf{}",
        b"\xff\xfe{\0}",
        b"{\"name\":\"\xc3\x28\",\"email\":\"a@example.com\"}",
        b"{\"name\":\"A\"} trailing",
        b"NaN",
    ] {
        for path in [SINGLE, BULK] {
            let response = answer(&handler, path, body);
            assert_eq!(
                (response.status, error_code(&response).as_str()),
                (400, "malformed_json"),
                "{body:?}"
            );
        }
    }
}

#[test]
fn non_object_bodies_are_422_invalid_type() {
    let handler = handler();
    for body in ["null", "[]", "[1]", "0", "-1.5e3", "\"Ada\"", "true"] {
        let response = answer(&handler, SINGLE, body.as_bytes());
        assert_eq!(response.status, 422, "{body}");
        assert!(text(&response).starts_with(r#"{"detail":[{"loc":["body"],"#));
        assert!(
            text(&response).contains(r#""ctx":{"code":"invalid_type"}"#),
            "{body}"
        );
    }
}

#[test]
fn prototype_pollution_keys_are_plain_keys() {
    let handler = handler();
    let body = r#"{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"name":"A","email":"a@example.com","metadata":{"__proto__":"m","constructor":"c"},"data":{"__proto__":{"polluted":true},"constructor":{"prototype":null},"prototype":1}}"#;
    let request = upstream(&handler, SINGLE, body);
    assert_eq!(
        request.body,
        r#"{"name":"A","email":"a@example.com","metadata":{"__proto__":"m","constructor":"c"},"data":{"__proto__":{"polluted":true},"constructor":{"prototype":null},"prototype":1}}"#
    );
    let bulk = format!(r#"{{"__proto__":{{"data":[]}},"data":[{body}],"constructor":1}}"#);
    let request = upstream(&handler, BULK, &bulk);
    assert!(
        request
            .body
            .starts_with(r#"{"data":[{"name":"A","email":"a@example.com","metadata""#),
        "{}",
        request.body
    );
    let response = answer(
        &handler,
        SINGLE,
        br#"{"__proto__":null,"constructor":null}"#,
    );
    assert_eq!(response.status, 422);
}

#[test]
fn duplicate_keys_last_wins_and_are_forwarded_once() {
    let handler = handler();
    let body = r#"{"name":"Eve","email":"eve@example.com","name":"Ada","data":{"x":1,"x":2},"email":"ada@example.com"}"#;
    let request = upstream(&handler, SINGLE, body);
    assert_eq!(
        request.body,
        r#"{"name":"Ada","email":"ada@example.com","data":{"x":2}}"#
    );
    let request = upstream(
        &handler,
        BULK,
        r#"{"data":[],"data":[{"name":"A","email":"a@example.com"}]}"#,
    );
    assert_eq!(
        request.body,
        r#"{"data":[{"name":"A","email":"a@example.com"}]}"#
    );
    let response = answer(
        &handler,
        BULK,
        br#"{"data":[{"name":"A","email":"a@example.com"}],"data":[]}"#,
    );
    assert_eq!(response.status, 422);
}

#[test]
fn a_megabyte_is_refused_by_length_and_by_forward() {
    let handler = handler();
    let huge = format!(
        r#"{{"name":"{}","email":"a@example.com"}}"#,
        "A".repeat(1 << 20)
    );
    let length = huge.len().to_string();
    let response = respond(handler.route(
        "POST",
        SINGLE,
        &headers(&[
            ("Content-Type", "application/json"),
            ("Content-Length", &length),
        ]),
    ));
    assert_eq!(response.status, 413);
    // An adapter that read it anyway (no Content-Length, chunked) still gets 413.
    let response = answer(&handler, SINGLE, huge.as_bytes());
    assert_eq!(
        (response.status, error_code(&response).as_str()),
        (413, "payload_too_large")
    );
    let at_limit = EdgeHandler::new(HandlerConfig {
        max_body_bytes: huge.len(),
        ..config()
    })
    .unwrap();
    assert!(matches!(
        forward(&at_limit, SINGLE, huge.as_bytes()),
        Forwarding::Upstream(_)
    ));
    let routed = routed(&handler, SINGLE, &json_headers());
    let response = checked(handler.body_too_large(&routed));
    assert_eq!(
        text(&response),
        r#"{"error":{"type":"invalid_request_error","code":"payload_too_large","message":"The request body is larger than 65536 bytes."}}"#
    );
}

#[test]
fn deep_nesting_is_an_issue_not_a_stack_overflow() {
    let handler = EdgeHandler::new(HandlerConfig {
        max_body_bytes: 1 << 20,
        ..config()
    })
    .unwrap();
    let deep = |open: &str, close: &str| format!("{}{}", open.repeat(10_000), close.repeat(10_000));
    let in_data = format!(
        r#"{{"name":"A","email":"a@example.com","data":{{"x":{}}}}}"#,
        deep("[", "]")
    );
    let response = answer(&handler, SINGLE, in_data.as_bytes());
    assert_eq!(response.status, 422);
    assert!(text(&response).contains(r#""ctx":{"code":"too_deep"}"#));
    let objects = format!(
        r#"{{"name":"A","email":"a@example.com","data":{{"x":{}1{}}}}}"#,
        "{\"a\":".repeat(10_000),
        "}".repeat(10_000)
    );
    let response = answer(&handler, SINGLE, objects.as_bytes());
    assert!(
        text(&response).contains(r#""ctx":{"code":"too_deep"}"#),
        "{}",
        response.status
    );
    let in_bulk = format!(
        r#"{{"data":[{{"name":"A","email":"a@example.com","data":{{"x":{}}}}}]}}"#,
        deep("[", "]")
    );
    let response = answer(&handler, BULK, in_bulk.as_bytes());
    assert!(
        text(&response).contains(r#""loc":["body","data",0,"data","x""#),
        "{}",
        text(&response)
    );
    let top = deep("[", "]");
    let response = answer(&handler, SINGLE, top.as_bytes());
    assert_eq!(response.status, 422);
    assert!(text(&response).contains(r#""ctx":{"code":"invalid_type"}"#));
    let unbalanced = "[".repeat(10_000);
    assert_eq!(answer(&handler, SINGLE, unbalanced.as_bytes()).status, 400);
    assert_eq!(
        answer(&handler, BULK, "{\"data\":".repeat(10_000).as_bytes()).status,
        400
    );
    let response = answer(&handler, BULK, deep("{\"data\":", "}").as_bytes());
    assert!(
        text(&response).contains(r#""loc":["body","data"],"#),
        "{}",
        text(&response)
    );
}

// ---- relaying ----

#[test]
fn relay_passes_status_and_body_and_keeps_only_safe_headers() {
    let handler = handler();
    let routed = routed(
        &handler,
        SINGLE,
        &headers(&[("Content-Type", "application/json"), ("Origin", APP)]),
    );
    let body = br#"{"error":{"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Slow down."}}"#;
    let upstream_headers = headers(&[
        ("content-type", "application/json"),
        ("Retry-After", "30"),
        ("x-request-id", "req_1"),
        ("X-RateLimit-Limit", "300"),
        ("x-ratelimit-remaining", "0"),
        ("Set-Cookie", "s=1"),
        ("Connection", "close"),
        ("Transfer-Encoding", "chunked"),
        ("Content-Length", "91"),
        ("Content-Encoding", "gzip"),
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Allow-Credentials", "true"),
        ("Vary", "Accept-Encoding"),
        ("Server", "uvicorn"),
        ("X-RateLimit", "odd"),
        ("WWW-Authenticate", "ApiKey"),
    ]);
    let response = checked(handler.relay(&routed, 429, &upstream_headers, body));
    assert_eq!(response.status, 429);
    assert_eq!(response.body, body);
    assert_eq!(
        response.headers,
        headers(&[
            ("content-type", "application/json"),
            ("Retry-After", "30"),
            ("x-request-id", "req_1"),
            ("X-RateLimit-Limit", "300"),
            ("x-ratelimit-remaining", "0"),
            ("Vary", "Origin"),
            ("Access-Control-Allow-Origin", APP),
            ("Access-Control-Expose-Headers", "Retry-After, X-Request-Id"),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ])
    );
    for status in [200, 201, 202, 401, 404, 422, 500, 503, 599] {
        assert_eq!(
            checked(handler.relay(&routed, status, &[], b"x")).status,
            status
        );
    }
    for status in [101, 199, 600, 999] {
        let response = checked(handler.relay(&routed, status, &[], b"x"));
        assert_eq!(
            (response.status, error_code(&response).as_str()),
            (502, "bad_upstream_response"),
            "{status}"
        );
    }
    // A redirect is never relayed: the browser would follow it with the
    // candidate (307/308) or read it as an answer; 0 is an opaque redirect.
    for status in [0, 300, 301, 302, 303, 304, 307, 308] {
        let location = headers(&[("Location", "https://elsewhere.example/steal")]);
        let response = checked(handler.relay(&routed, status, &location, b"x"));
        assert_eq!(
            (response.status, error_code(&response).as_str()),
            (502, "upstream_redirect"),
            "{status}"
        );
        assert_eq!(response.header("location"), None);
    }
    let raw = checked(handler.relay(&routed, 201, &[], b"\xff\x00not json"));
    assert_eq!(raw.body, b"\xff\x00not json");
}

#[test]
fn relay_redacts_the_key_in_any_form() {
    let handler = handler();
    let routed = routed(&handler, SINGLE, &json_headers());
    let mut encoded = String::new();
    crate::api::percent_encode_segment(KEY, &mut encoded);
    let echoes = [
        format!(r#"{{"error":{{"message":"bad key {KEY}"}}}}"#),
        format!(r#"{{"url":"/x?k={encoded}"}}"#),
        format!("{KEY}{KEY}"),
    ];
    for echo in echoes {
        let response = checked(handler.relay(
            &routed,
            401,
            &headers(&[
                ("X-Request-Id", &format!("req_{KEY}")),
                ("Content-Type", "application/json"),
            ]),
            echo.as_bytes(),
        ));
        assert!(text(&response).contains("[redacted]"));
        assert_eq!(response.header("x-request-id"), Some("req_[redacted]"));
    }
    let named = checked(handler.relay(
        &routed,
        200,
        &headers(&[
            (&format!("X-RateLimit-{KEY}"), "1"),
            ("X-RateLimit-Limit", "300"),
        ]),
        b"{}",
    ));
    assert_eq!(named.headers.len(), 4, "{:?}", named.headers);
    assert_eq!(named.header("x-ratelimit-limit"), Some("300"));
    // fetch lower-cases header names: a key with capitals is still found.
    let lower = KEY.to_ascii_lowercase();
    for name in [
        format!("x-ratelimit-{lower}"),
        format!("x-request-id-{lower}"),
        lower.clone(),
    ] {
        let named = checked(handler.relay(&routed, 200, &headers(&[(&name, "1")]), b"{}"));
        assert!(
            !named.headers.iter().any(|(n, _)| n.contains(&lower)),
            "{:?}",
            named.headers
        );
    }
    // Encodings the key can hide in, inside a body.
    let key_hex: String = KEY.bytes().map(|b| format!("{b:02x}")).collect();
    let json_escaped: String = KEY
        .chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect();
    let entities: String = KEY.chars().map(|c| format!("&#x{:x};", c as u32)).collect();
    let utf16: Vec<u8> = KEY.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for body in [
        format!(r#"{{"error":{{"message":"{json_escaped}"}}}}"#).into_bytes(),
        format!("<p>{entities}</p>").into_bytes(),
        format!("dump {key_hex}").into_bytes(),
        utf16,
    ] {
        let response = checked(handler.relay(&routed, 500, &[], &body));
        assert!(
            text(&response).contains("[redacted]"),
            "{}",
            text(&response)
        );
    }
    let base64 =
        checked(handler.relay(&routed, 500, &[], b"c2tfbGl2ZV9TM2NyZXQvS2V5KzQy and \xff"));
    assert!(String::from_utf8_lossy(&base64.body).contains("[redacted]"));
}

#[test]
fn an_oversized_upstream_answer_is_a_502_and_the_limit_is_configurable() {
    let handler = handler();
    assert_eq!(handler.max_response_bytes(), DEFAULT_MAX_RESPONSE_BYTES);
    let routed = routed(&handler, SINGLE, &json_headers());
    let response = checked(handler.upstream_too_large(&routed));
    assert_eq!(
        (response.status, error_code(&response).as_str()),
        (502, "upstream_response_too_large")
    );
    let small = EdgeHandler::new(HandlerConfig {
        max_response_bytes: 4096,
        ..config()
    })
    .unwrap();
    assert_eq!(small.max_response_bytes(), 4096);
    assert!(matches!(
        EdgeHandler::new(HandlerConfig {
            max_response_bytes: 0,
            ..config()
        }),
        Err(ConfigError::ZeroMaxResponseBytes)
    ));
}

#[test]
fn failure_answers_use_heymilos_envelope() {
    let handler = handler();
    let routed = routed(&handler, BULK, &json_headers());
    for (response, status, error_type, code) in [
        (
            handler.body_too_large(&routed),
            413,
            "invalid_request_error",
            "payload_too_large",
        ),
        (
            handler.upstream_unreachable(&routed),
            502,
            "api_error",
            "upstream_unreachable",
        ),
        (
            handler.upstream_timeout(&routed),
            504,
            "api_error",
            "upstream_timeout",
        ),
    ] {
        let response = checked(response);
        assert_eq!(
            (response.status, error_code(&response).as_str()),
            (status, code)
        );
        assert!(text(&response).starts_with(&format!(r#"{{"error":{{"type":"{error_type}""#)));
        assert_eq!(response.header("content-type"), Some("application/json"));
        assert_eq!(response.header("vary"), Some("Origin"));
    }
    let response = checked(misconfigured());
    assert_eq!(response.status, 500);
    assert_eq!(
        text(&response),
        r#"{"error":{"type":"api_error","code":"handler_misconfigured","message":"handler misconfigured"}}"#
    );
    assert_eq!(response.header("content-type"), Some("application/json"));
}

#[test]
fn a_client_cannot_make_the_handler_echo_the_key() {
    let handler = handler();
    let key_in_input = format!(
        r#"{{"name":"","email":"x","metadata":{{"{}":"v"}}}}"#,
        KEY.repeat(3)
    );
    let response = answer(&handler, SINGLE, key_in_input.as_bytes());
    assert_eq!(response.status, 422);
    assert!(text(&response).contains("[redacted]"));
    let response = respond(handler.route(
        "POST",
        &format!("/heymilo/api/v2/postings/{KEY}/candidates"),
        &json_headers(),
    ));
    assert_eq!(response.status, 404);
    let response = respond(handler.route(
        "POST",
        SINGLE,
        &headers(&[("Content-Type", "application/json"), ("Origin", KEY)]),
    ));
    assert_eq!(response.status, 403);
}

// ---- public-form defaults and abuse controls ----

/// The safe defaults: only what `HandlerConfig::default()` gives, plus the key and postings.
fn public_config() -> HandlerConfig {
    HandlerConfig {
        api_key: KEY.to_owned(),
        postings: vec!["p1".to_owned()],
        allowed_origins: vec![APP.to_owned()],
        ..HandlerConfig::default()
    }
}

fn from_app() -> Vec<(String, String)> {
    headers(&[("Content-Type", "application/json"), ("Origin", APP)])
}

fn has_edge_headers(response: &EdgeResponse) -> bool {
    response.header("cache-control") == Some("no-store")
        && response.header("x-content-type-options") == Some("nosniff")
        && response
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("cache-control"))
            .count()
            == 1
}

const ASYNC: &str = "/heymilo/api/v2/postings/p1/candidates/async";
const BULK_ASYNC: &str = "/heymilo/api/v2/postings/p1/candidates/bulk/async";
const FULL_SINGLE: &str = r#"{"data":{"object":"candidate","interview_id":"D536A69A4090E13F","interview_url":"https://candidates.heymilo.io/acme/i/D536A69A4090E13F","posting_id":"p1","candidate":{"object":"candidate","interview_id":"D536A69A4090E13F","posting_id":"p1","name":"Ada","email":"ada@example.com","score":91.5,"status":"completed","metadata":{"salary":"x"}},"secret_extra":1},"meta":{"trace":"t"}}"#;

#[test]
fn bulk_and_async_routes_are_off_unless_asked_for() {
    let handler = EdgeHandler::new(public_config()).unwrap();
    for path in [BULK, ASYNC, BULK_ASYNC] {
        let response = respond(handler.route("POST", path, &from_app()));
        assert_eq!(response.status, 404, "{path}");
    }
    assert!(matches!(
        handler.route("POST", SINGLE, &from_app()),
        Routing::ReadBody(_)
    ));
}

#[test]
fn bulk_bodies_over_max_bulk_rows_are_413_before_upstream() {
    let handler = EdgeHandler::new(HandlerConfig {
        bulk: true,
        max_bulk_rows: 3,
        ..public_config()
    })
    .unwrap();
    let rows = |n: usize| format!(r#"{{"data":[{}]}}"#, vec![ADA; n].join(","));
    let routed = routed(&handler, BULK, &from_app());
    let Forwarding::Respond(response) = handler.forward(&routed, rows(4).as_bytes(), 1) else {
        panic!("4 rows were forwarded");
    };
    assert_eq!(response.status, 413);
    assert_eq!(error_code(&response), "too_many_candidates");
    assert!(has_edge_headers(&response));
    assert!(matches!(
        handler.forward(&routed, rows(3).as_bytes(), 1),
        Forwarding::Upstream(_)
    ));
    assert_eq!(
        HandlerConfig::default().max_bulk_rows,
        DEFAULT_MAX_BULK_ROWS
    );
}

#[test]
fn with_allowed_origins_a_request_without_origin_is_refused_unless_opted_out() {
    let handler = EdgeHandler::new(public_config()).unwrap();
    let response = respond(handler.route("POST", SINGLE, &json_headers()));
    assert_eq!(response.status, 403);
    assert_eq!(error_code(&response), "origin_required");
    assert!(has_edge_headers(&response));
    let opted_out = EdgeHandler::new(HandlerConfig {
        require_origin: false,
        ..public_config()
    })
    .unwrap();
    assert!(matches!(
        opted_out.route("POST", SINGLE, &json_headers()),
        Routing::ReadBody(_)
    ));
    let no_list = EdgeHandler::new(HandlerConfig {
        allowed_origins: Vec::new(),
        ..public_config()
    })
    .unwrap();
    assert!(
        matches!(
            no_list.route("POST", SINGLE, &json_headers()),
            Routing::ReadBody(_)
        ),
        "without an origin list there is nothing to require"
    );
}

#[test]
fn by_default_a_success_relays_only_the_minimal_receipt() {
    let handler = EdgeHandler::new(HandlerConfig {
        bulk: true,
        asynchronous: true,
        ..public_config()
    })
    .unwrap();
    let relay = |path: &str, status: u16, body: &str| {
        let routed = routed(&handler, path, &from_app());
        checked(handler.relay(&routed, status, &[], body.as_bytes()))
    };
    let single = relay(SINGLE, 201, FULL_SINGLE);
    assert_eq!(single.status, 201);
    assert_eq!(
        text(&single),
        r#"{"data":{"object":"candidate","interview_id":"D536A69A4090E13F","interview_url":"https://candidates.heymilo.io/acme/i/D536A69A4090E13F","posting_id":"p1"}}"#
    );
    let bulk = relay(
        BULK,
        201,
        r#"{"data":[{"interview_id":"A","interview_url":"https://x/i/A","metadata":{"k":"v"}},{"object":"candidate","interview_id":"B","interview_url":"https://x/i/B","score":1}],"meta":null}"#,
    );
    assert_eq!(
        text(&bulk),
        r#"{"data":[{"object":"candidate","interview_id":"A","interview_url":"https://x/i/A"},{"object":"candidate","interview_id":"B","interview_url":"https://x/i/B"}]}"#
    );
    for path in [ASYNC, BULK_ASYNC] {
        let job = relay(
            path,
            202,
            r#"{"data":{"ingestion_id":"intake_1","candidates":[{"name":"Ada"}]}}"#,
        );
        assert_eq!(
            text(&job),
            r#"{"data":{"object":"ingestion","ingestion_id":"intake_1","status":"queued"}}"#
        );
    }
    // The receipt still reads as HeyMilo's answer.
    let decoded: crate::api::responses::SingleResponse<
        crate::api::responses::IngestCandidateResponse,
    > = crate::api::responses::decode(&single.body).unwrap();
    assert_eq!(decoded.data.interview_id, "D536A69A4090E13F");
    // Not the documented answer: nothing of it is relayed.
    let odd = relay(SINGLE, 201, r#"{"data":{"name":"Ada","score":3}}"#);
    assert_eq!(odd.status, 502);
    assert_eq!(error_code(&odd), "bad_upstream_response");
    assert!(!text(&odd).contains("Ada"));
    // Errors are HeyMilo's own envelope, unchanged.
    let error =
        r#"{"error":{"type":"invalid_request_error","code":"not_found","message":"No posting."}}"#;
    assert_eq!(text(&relay(SINGLE, 404, error)), error);
    let routed_single = routed(&handler, SINGLE, &from_app());
    let limited = handler.relay(
        &routed_single,
        429,
        &headers(&[
            ("Content-Type", "application/json"),
            ("Retry-After", "9"),
            ("X-Request-Id", "req_1"),
            ("X-RateLimit-Remaining", "0"),
        ]),
        error.as_bytes(),
    );
    assert_eq!(limited.header("retry-after"), Some("9"));
    assert_eq!(
        limited.header("x-request-id"),
        None,
        "the operator's headers are for receipt: full"
    );
    assert_eq!(limited.header("x-ratelimit-remaining"), None);
    // receipt: full relays everything.
    let full = EdgeHandler::new(HandlerConfig {
        receipt: Receipt::Full,
        ..public_config()
    })
    .unwrap();
    let routed = routed(&full, SINGLE, &from_app());
    assert_eq!(
        full.relay(&routed, 201, &[], FULL_SINGLE.as_bytes()).body,
        FULL_SINGLE.as_bytes()
    );
}

#[test]
fn every_answer_carries_no_store_and_nosniff() {
    let handler = EdgeHandler::new(public_config()).unwrap();
    let routed = routed(&handler, SINGLE, &from_app());
    let preflight = headers(&[("Origin", APP), ("Access-Control-Request-Method", "POST")]);
    let answers = [
        respond(handler.route("POST", "/nope", &from_app())),
        respond(handler.route("GET", SINGLE, &from_app())),
        respond(handler.route("OPTIONS", SINGLE, &preflight)),
        respond(handler.route("OPTIONS", SINGLE, &json_headers())),
        respond(handler.route(
            "POST",
            SINGLE,
            &headers(&[("Origin", "https://evil.example")]),
        )),
        respond(handler.route("POST", SINGLE, &headers(&[("Origin", APP)]))),
        match handler.forward(&routed, b"{", 1) {
            Forwarding::Respond(response) => response,
            Forwarding::Upstream(_) => unreachable!(),
        },
        match handler.forward(&routed, br#"{"name":""}"#, 1) {
            Forwarding::Respond(response) => response,
            Forwarding::Upstream(_) => unreachable!(),
        },
        handler.relay(
            &routed,
            201,
            &[("Cache-Control".into(), "public, max-age=600".into())],
            FULL_SINGLE.as_bytes(),
        ),
        handler.relay(&routed, 500, &[], b"oops"),
        handler.body_too_large(&routed),
        handler.upstream_timeout(&routed),
        handler.upstream_unreachable(&routed),
        handler.rate_limited(&routed, 3),
        handler.budget_exhausted(&routed, 3),
        handler.limiter_unavailable(&routed),
        handler.hook_failed(&routed),
        handler.vetoed(
            &routed,
            200,
            &[("cache-control".into(), "max-age=60".into())],
            b"ok",
        ),
        misconfigured(),
    ];
    for response in &answers {
        assert!(
            has_edge_headers(response),
            "{} {:?}",
            response.status,
            response.headers
        );
    }
}

#[test]
fn refusals_before_upstream_are_heymilo_envelopes_with_retry_after() {
    let handler = EdgeHandler::new(public_config()).unwrap();
    let routed = routed(&handler, SINGLE, &from_app());
    for (response, status, code) in [
        (handler.rate_limited(&routed, 7), 429, "rate_limited"),
        (handler.budget_exhausted(&routed, 7), 429, "rate_limited"),
        (
            handler.limiter_unavailable(&routed),
            503,
            "rate_limiter_unavailable",
        ),
    ] {
        let response = checked(response);
        assert_eq!(response.status, status);
        assert_eq!(error_code(&response), code);
        assert!(response.header("retry-after").is_some());
        assert_eq!(response.header("access-control-allow-origin"), Some(APP));
    }
    assert_eq!(
        handler.rate_limited(&routed, 7).header("retry-after"),
        Some("7")
    );
    assert_eq!(
        handler.rate_limited(&routed, 0).header("retry-after"),
        Some("1")
    );
    let hook = checked(handler.hook_failed(&routed));
    assert_eq!(
        (hook.status, error_code(&hook).as_str()),
        (500, "hook_failed")
    );
}

#[test]
fn a_veto_gets_the_edge_headers_and_never_the_key() {
    let handler = EdgeHandler::new(public_config()).unwrap();
    let routed = routed(&handler, SINGLE, &from_app());
    let body = format!(r#"{{"error":"blocked","debug":"{KEY}"}}"#);
    let response = checked(handler.vetoed(
        &routed,
        451,
        &headers(&[
            ("Content-Type", "application/json"),
            ("X-Why", KEY),
            ("Access-Control-Allow-Origin", "*"),
            (KEY, "named after the key"),
        ]),
        body.as_bytes(),
    ));
    assert_eq!(response.status, 451);
    assert_eq!(response.header("access-control-allow-origin"), Some(APP));
    assert_eq!(response.header("x-why"), Some("[redacted]"));
    assert!(text(&response).contains("blocked"));
    assert!(has_edge_headers(&response));
    for status in [0, 101, 199, 600, 999] {
        let broken = checked(handler.vetoed(&routed, status, &[], b""));
        assert_eq!(
            (broken.status, error_code(&broken).as_str()),
            (500, "hook_failed")
        );
    }
}

fn honeypot_handler() -> EdgeHandler {
    EdgeHandler::new(HandlerConfig {
        honeypot_field: Some("website".to_owned()),
        bulk: true,
        asynchronous: true,
        ..public_config()
    })
    .unwrap()
}

/// The keys of `data` (or of each row), in order.
fn receipt_keys(body: &[u8]) -> Vec<Vec<String>> {
    let value = json::parse(body).unwrap().value;
    let keys = |v: &Value| match v {
        Value::Object(entries) => entries.iter().map(|(k, _)| k.clone()).collect(),
        _ => panic!("not an object"),
    };
    match value.get("data").unwrap() {
        Value::Array(rows) => rows.iter().map(keys).collect(),
        data => vec![keys(data)],
    }
}

#[test]
fn a_filled_honeypot_gets_a_fake_receipt_shaped_like_the_real_one_and_nothing_is_sent() {
    let handler = honeypot_handler();
    let filled = r#"{"name":"Ada","email":"ada@example.com","website":"http://spam.example"}"#;
    let routed = routed(&handler, SINGLE, &from_app());
    let Forwarding::Respond(fake) = handler.forward(&routed, filled.as_bytes(), 42) else {
        panic!("a filled honeypot was forwarded");
    };
    let fake = checked(fake);
    assert_eq!(fake.status, 201);
    assert!(has_edge_headers(&fake));
    assert_eq!(fake.header("access-control-allow-origin"), Some(APP));
    let real = handler.relay(&routed, 201, &[], FULL_SINGLE.as_bytes());
    assert_eq!(receipt_keys(&fake.body), receipt_keys(&real.body));
    let real_with_headers = handler.relay(
        &routed,
        201,
        &headers(&[
            ("Content-Type", "application/json; charset=utf-8"),
            ("X-Request-Id", "req_1"),
            ("X-RateLimit-Remaining", "299"),
        ]),
        FULL_SINGLE.as_bytes(),
    );
    assert_eq!(
        real_with_headers.headers, fake.headers,
        "the headers tell the fake apart"
    );
    let decoded: crate::api::responses::SingleResponse<
        crate::api::responses::IngestCandidateResponse,
    > = crate::api::responses::decode(&fake.body).unwrap();
    assert_eq!(decoded.data.posting_id, "p1");
    assert_eq!(decoded.data.interview_id.len(), 16);
    assert!(decoded
        .data
        .interview_url
        .ends_with(&decoded.data.interview_id));
    // Fresh randomness, fresh ids.
    let Forwarding::Respond(other) = handler.forward(&routed, filled.as_bytes(), 43) else {
        panic!()
    };
    assert_ne!(other.body, fake.body);

    // Bulk: one fake row per row; async: a fake job.
    let bulk_body = format!(r#"{{"data":[{ADA},{ADA},{filled}]}}"#);
    let bulk_routed = routed_for(&handler, BULK);
    let Forwarding::Respond(bulk) = handler.forward(&bulk_routed, bulk_body.as_bytes(), 1) else {
        panic!("a bulk body with a filled honeypot row was forwarded");
    };
    let real_bulk = handler.relay(
        &bulk_routed,
        201,
        &[],
        br#"{"data":[{"interview_id":"A","interview_url":"u"}]}"#,
    );
    assert_eq!(receipt_keys(&bulk.body).len(), 3);
    assert_eq!(
        receipt_keys(&bulk.body)[0],
        receipt_keys(&real_bulk.body)[0]
    );
    let async_routed = routed_for(&handler, ASYNC);
    let Forwarding::Respond(job) = handler.forward(&async_routed, filled.as_bytes(), 1) else {
        panic!()
    };
    assert_eq!(job.status, 202);
    let real_job = handler.relay(
        &async_routed,
        202,
        &[],
        br#"{"data":{"ingestion_id":"intake_x"}}"#,
    );
    assert_eq!(receipt_keys(&job.body), receipt_keys(&real_job.body));
}

fn routed_for(handler: &EdgeHandler, path: &str) -> Routed {
    routed(handler, path, &from_app())
}

#[test]
fn an_empty_honeypot_is_taken_out_and_the_candidate_forwarded() {
    let handler = honeypot_handler();
    for body in [
        r#"{"name":"Ada","email":"ada@example.com","website":""}"#,
        r#"{"name":"Ada","email":"ada@example.com","website":null}"#,
        r#"{"name":"Ada","email":"ada@example.com"}"#,
    ] {
        let Forwarding::Upstream(request) =
            handler.forward(&routed_for(&handler, SINGLE), body.as_bytes(), 1)
        else {
            panic!("{body} was not forwarded");
        };
        assert_eq!(request.body, r#"{"name":"Ada","email":"ada@example.com"}"#);
    }
    // Taken out before validation: no unknown-field warning for it.
    let mut document =
        json::parse(br#"{"name":"Ada","email":"ada@example.com","website":"","nick":"A"}"#)
            .unwrap();
    let honeypot = take_honeypot(&mut document, "website", false);
    assert!(!honeypot.filled);
    let outcome = validate_document(&document, ValidateOptions::default());
    let warned: Vec<_> = outcome.warnings.iter().map(|w| w.path.clone()).collect();
    assert_eq!(warned, [vec![PathSegment::Key("nick".to_owned())]]);
}

#[test]
fn a_filled_honeypot_on_an_invalid_candidate_is_still_422() {
    let handler = honeypot_handler();
    let body = br#"{"name":"","email":"x","website":"spam"}"#;
    let Forwarding::Respond(response) = handler.forward(&routed_for(&handler, SINGLE), body, 1)
    else {
        panic!("forwarded")
    };
    assert_eq!(response.status, 422);
}

#[test]
fn what_counts_as_filled() {
    for (value, filled) in [
        (r#""""#, false),
        ("null", false),
        (r#"" ""#, true),
        (r#""x""#, true),
        ("0", true),
        ("false", true),
        ("[]", true),
        ("{}", true),
    ] {
        let text = format!(r#"{{"name":"Ada","email":"ada@example.com","website":{value}}}"#);
        let mut document = json::parse(text.as_bytes()).unwrap();
        assert_eq!(
            take_honeypot(&mut document, "website", false).filled,
            filled,
            "{value}"
        );
        assert!(document.value.get("website").is_none());
    }
}

#[test]
fn new_settings_are_checked() {
    let with = |change: fn(&mut HandlerConfig)| {
        let mut config = public_config();
        change(&mut config);
        EdgeHandler::new(config).err()
    };
    assert_eq!(
        with(|c| c.max_bulk_rows = 0),
        Some(ConfigError::ZeroMaxBulkRows)
    );
    for field in ["", "name", "email", "phone_number", "metadata", "data"] {
        let mut config = public_config();
        config.honeypot_field = Some(field.to_owned());
        assert_eq!(
            EdgeHandler::new(config).err(),
            Some(ConfigError::InvalidHoneypotField),
            "{field}"
        );
    }
    assert_eq!(
        with(|c| c.key_budget = Some(KeyBudgetConfig {
            per_minute: 0,
            burst: 1
        })),
        Some(ConfigError::InvalidKeyBudget)
    );
    assert_eq!(
        with(|c| c.key_budget = Some(KeyBudgetConfig {
            per_minute: 1,
            burst: 0
        })),
        Some(ConfigError::InvalidKeyBudget)
    );
    assert_eq!(with(|c| c.key_budget = None), None);
    assert!(EdgeHandler::new(HandlerConfig {
        key_budget: None,
        ..public_config()
    })
    .unwrap()
    .key_budget()
    .is_none());
    assert!(EdgeHandler::new(public_config())
        .unwrap()
        .key_budget()
        .is_some());
}

#[test]
fn redact_removes_the_key_from_log_text() {
    let handler = handler();
    let line = handler.redact(&format!(
        "hook threw: {KEY} / {}",
        crate::api::redact(KEY, "x")
    ));
    assert!(!contains_secret(&line, KEY), "{line}");
    assert_eq!(handler.redact("nothing here"), "nothing here");
}
