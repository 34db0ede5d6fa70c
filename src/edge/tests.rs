use super::*;
use crate::secret::contains_secret;
use crate::validate::validate_candidate_json;

/// A key with characters that change when percent-encoded, so every form is checked.
const KEY: &str = "sk_live_S3cret/Key+42";
const APP: &str = "https://app.example.com";
const ADA: &str = r#"{"name":" Ada ","email":"ada@EXAMPLE.com","phone_number":"+1 206 555 1234","metadata":{"k":"v"},"extra":1}"#;
const ADA_NORMALIZED: &str = r#"{"name":"Ada","email":"ada@example.com","phone_number":"+12065551234","metadata":{"k":"v"}}"#;
const SINGLE: &str = "/heymilo/api/v2/postings/p1/candidates";
const BULK: &str = "/heymilo/api/v2/postings/p1/candidates/bulk";

fn config() -> HandlerConfig {
    HandlerConfig {
        api_key: KEY.to_owned(),
        postings: vec!["p1".to_owned(), "a/b".to_owned(), "ü".to_owned()],
        allowed_origins: vec![APP.to_owned(), "http://localhost:5173".to_owned()],
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
    match handler.forward(&routed, body) {
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
    assert!(config.bulk && config.asynchronous);
    assert_eq!(config.workspace_id, None);
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
    let Forwarding::Respond(response) = no_bulk.forward(&bulk_routed, b"{\"data\":[]}") else {
        panic!("forwarded");
    };
    assert_eq!(response.status, 404);
    let other = EdgeHandler::new(HandlerConfig {
        postings: vec!["p2".into()],
        ..config()
    })
    .unwrap();
    let Forwarding::Respond(response) =
        other.forward(&routed(&handler(), SINGLE, &json_headers()), ADA.as_bytes())
    else {
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
        match handler.forward(&routed, b"{") {
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
    let Forwarding::Upstream(request) = handler.forward(&routed, ADA.as_bytes()) else {
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
    let Forwarding::Upstream(request) = with_workspace.forward(&routed, ADA.as_bytes()) else {
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
    crate::client::request::percent_encode_segment(KEY, &mut encoded);
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
    assert_eq!(named.headers.len(), 2, "{:?}", named.headers);
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
