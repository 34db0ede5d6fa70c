//! The edge handler (`handleIngestRequest`): a validating, key-injecting
//! reverse proxy for HeyMilo's Candidates ingest routes, so a browser can
//! ingest candidates without ever holding the API key.
//!
//! Sans-IO, in three phases an adapter (the JS `handleIngestRequest`) drives:
//!
//! 1. [`EdgeHandler::route`] looks at the method, the raw path and the
//!    headers, and either answers at once (404, 405, 403, 415, 413, a CORS
//!    preflight) or asks for the body, with a byte limit
//!    ([`EdgeHandler::body_too_large`] is the answer when the limit is hit
//!    while reading); with the `turnstile` option, [`EdgeHandler::verification`]
//!    and [`EdgeHandler::judge_siteverify`] check the visitor's token first;
//! 2. [`EdgeHandler::forward`] validates the body exactly as HeyMilo would and
//!    either answers (400, 422, 413) or gives the [`UpstreamRequest`] to send:
//!    the normalized candidate(s), fresh headers, the key;
//! 3. [`EdgeHandler::relay`] turns HeyMilo's answer into the client's, or
//!    [`EdgeHandler::upstream_unreachable`] / [`EdgeHandler::upstream_timeout`]
//!    answer when there is none.
//!
//! Nothing the client sends reaches HeyMilo except the validated candidate
//! fields: no header, no query, no path beyond a configured posting id. The
//! key never appears in a response, an error or a `Debug` output.

mod budget;
mod config;
mod cors;
mod limiter;
mod receipt;
mod route;
mod turnstile;

pub use crate::api::DEFAULT_MAX_RESPONSE_BYTES;
// Cloudflare Turnstile's siteverify, which the handler calls (and the
// sandbox stands in for): the token header, the request and answer, the
// test keys to try a configuration with.
pub use crate::api::turnstile::{
    error_code, SiteverifyAnswer, SiteverifyRequest, DEFAULT_SITEVERIFY_URL, DUMMY_TOKEN,
    MAX_ACTION_CHARS, MAX_TOKEN_CHARS, SITEVERIFY_PATH, TEST_SECRET_FAILS, TEST_SECRET_PASSES,
    TEST_SECRET_SPENT, TOKEN_HEADER,
};
pub use budget::KeyBudget;
pub use config::{
    ConfigError, HandlerConfig, KeyBudgetConfig, Receipt, DEFAULT_BASE_PATH,
    DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BULK_ROWS,
};
pub use limiter::{MemoryRateLimiter, DEFAULT_MAX_KEYS};
pub use turnstile::{
    SiteverifyCall, TurnstileConfig, Verification, DEFAULT_TURNSTILE_TIMEOUT_MS,
    MAX_SITEVERIFY_ANSWER_BYTES,
};

/// The upstream response headers relayed to the client (any case) with
/// `receipt: "full"`; with the minimal receipt only the first two.
pub const RELAYED_HEADERS: [&str; 7] = [
    "content-type",
    "retry-after",
    "x-request-id",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-ratelimit-reset-after",
];

use crate::api::{
    error_body, is_unfollowed_redirect, posting_path, read_ingest_body, write_validation_error,
    BodyIssues, Endpoint, SecretForms, REDACTED,
};
use crate::issue::PathSegment;
use crate::json::{self, Document, Value};
use crate::validate::ValidateOptions;
use cors::Caller;
use std::fmt;

/// What the handler calls itself upstream in `User-Agent`.
pub const USER_AGENT: &str = concat!("heymilo-ingest-edge/", env!("CARGO_PKG_VERSION"));

/// An HTTP response for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeResponse {
    /// HTTP status.
    pub status: u16,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// The body (JSON, or empty).
    pub body: Vec<u8>,
}

impl EdgeResponse {
    /// The value of the first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        crate::api::first_header(&self.headers, name)
    }
}

/// A request on a served route that may go on: read its body next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    endpoint: Endpoint,
    posting_id: String,
    cors_headers: Vec<(String, String)>,
    max_body_bytes: usize,
}

impl Routed {
    /// The ingest operation.
    pub fn endpoint(&self) -> Endpoint {
        self.endpoint
    }

    /// The posting id, percent-decoded; always one of the configured ones.
    pub fn posting_id(&self) -> &str {
        &self.posting_id
    }

    /// The CORS headers every response to this request carries (already in
    /// the handler's answers; for any answer the adapter makes itself).
    pub fn cors_headers(&self) -> &[(String, String)] {
        &self.cors_headers
    }

    /// Read at most this many body bytes; past it, answer [`EdgeHandler::body_too_large`].
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }
}

/// The outcome of the route phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Routing {
    /// Answer this without reading the body.
    Respond(EdgeResponse),
    /// Read the body (within [`Routed::max_body_bytes`]) and call [`EdgeHandler::forward`].
    ReadBody(Routed),
}

/// The outcome of the forward phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forwarding {
    /// Answer this; HeyMilo is not contacted.
    Respond(EdgeResponse),
    /// Send this to HeyMilo and call [`EdgeHandler::relay`] with its answer.
    Upstream(UpstreamRequest),
}

/// The request to send to HeyMilo. Its `Debug` output hides the key.
#[derive(Clone, PartialEq, Eq)]
pub struct UpstreamRequest {
    /// Always `POST`.
    pub method: &'static str,
    /// Absolute URL: upstream base, encoded posting path, endpoint suffix.
    pub url: String,
    /// Header names and values, including `X-API-KEY`.
    pub headers: Vec<(String, String)>,
    /// The normalized candidate(s) as JSON.
    pub body: String,
}

impl fmt::Debug for UpstreamRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if name.eq_ignore_ascii_case("x-api-key") {
                    REDACTED
                } else {
                    value
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("UpstreamRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

/// The handler: a checked configuration. Cheap to share; every phase takes `&self`.
#[derive(Clone)]
pub struct EdgeHandler {
    /// The configuration as given.
    config: HandlerConfig,
    /// What checking it prepared: the route's segments, the upstream URL
    /// without its trailing slash, Turnstile's checked settings.
    checked: config::Checked,
    /// The key's forms, computed once: every answer is checked against them.
    secret: SecretForms,
}

impl fmt::Debug for EdgeHandler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        config::redacted_debug(f, &self.config.api_key, |f| {
            f.debug_struct("EdgeHandler")
                .field("config", &self.config)
                .field("checked", &self.checked)
                .finish()
        })
    }
}

impl EdgeHandler {
    /// A handler for `config`, or the first problem with it.
    pub fn new(config: HandlerConfig) -> Result<Self, ConfigError> {
        let checked = config::check(&config)?;
        Ok(EdgeHandler {
            secret: SecretForms::new(&config.api_key),
            config,
            checked,
        })
    }

    /// A fresh (full) key budget for this handler, when it has one. The
    /// adapter keeps it next to the handler, takes a token with
    /// [`KeyBudget::take`] right before each upstream call (answering
    /// [`Self::budget_exhausted`] when refused) and shows it every upstream
    /// answer with [`KeyBudget::observe`].
    pub fn key_budget(&self) -> Option<KeyBudget> {
        self.config.key_budget.map(KeyBudget::new)
    }

    /// Route phase: `method`, the raw (still percent-encoded) path without
    /// query, and the request headers (names in any case).
    pub fn route(&self, method: &str, raw_path: &str, headers: &[(String, String)]) -> Routing {
        let caller = Caller::of(headers, &self.config.allowed_origins);
        let cors_headers = caller.response_headers();
        let found = route::match_route(
            raw_path,
            &self.checked.base_segments,
            self.config.bulk,
            self.config.asynchronous,
        )
        .filter(|(_, posting)| self.config.postings.contains(posting));
        let Some((endpoint, posting_id)) = found else {
            return Routing::Respond(self.finish(not_found(), &cors_headers));
        };
        let refusal = if method == "OPTIONS" {
            let turnstile = self.checked.turnstile.is_some();
            Some((cors::preflight(&caller, headers, turnstile), Vec::new()))
        } else if matches!(caller, Caller::Refused) {
            let response = error_response(
                403,
                "invalid_request_error",
                "origin_not_allowed",
                "This origin is not allowed to call this endpoint.",
            );
            Some((response, cors_headers.clone()))
        } else if matches!(caller, Caller::NoOrigin)
            && self.config.require_origin
            && !self.config.allowed_origins.is_empty()
        {
            // Browsers send Origin on every POST; a request without one is a
            // script, which the origin list is there to keep out.
            let response = error_response(
                403,
                "invalid_request_error",
                "origin_required",
                "This endpoint only answers browsers on its allowed origins.",
            );
            Some((response, cors_headers.clone()))
        } else if method != "POST" {
            let mut response = error_response(
                405,
                "invalid_request_error",
                "method_not_allowed",
                "Method not allowed; use POST.",
            );
            response
                .headers
                .push(("Allow".to_owned(), "POST, OPTIONS".to_owned()));
            Some((response, cors_headers.clone()))
        } else if !header(headers, "content-type").is_some_and(|value| is_json_media_type(&value)) {
            let response = error_response(
                415,
                "invalid_request_error",
                "unsupported_media_type",
                "Content-Type must be application/json.",
            );
            Some((response, cors_headers.clone()))
        } else {
            match header(headers, "content-length").map(|value| parse_content_length(&value)) {
                Some(None) => {
                    let response = error_response(
                        400,
                        "invalid_request_error",
                        "invalid_content_length",
                        "Content-Length is not a byte count.",
                    );
                    Some((response, cors_headers.clone()))
                }
                Some(Some(length)) if length > self.config.max_body_bytes as u64 => {
                    Some((too_large(self.config.max_body_bytes), cors_headers.clone()))
                }
                _ => None,
            }
        };
        match refusal {
            Some((response, extra)) => Routing::Respond(self.finish(response, &extra)),
            None => Routing::ReadBody(Routed {
                endpoint,
                posting_id,
                cors_headers,
                max_body_bytes: self.config.max_body_bytes,
            }),
        }
    }

    /// Forward phase: validates `body` and builds the upstream request, or answers.
    ///
    /// The honeypot field (when configured) is taken out before validation;
    /// a valid body with it filled is answered with a made-up minimal
    /// receipt drawn from `seed` (pass fresh randomness) and not forwarded.
    pub fn forward(&self, routed: &Routed, body: &[u8], seed: u64) -> Forwarding {
        let answer = |response| Forwarding::Respond(self.finish(response, &routed.cors_headers));
        if !self.serves(routed) {
            return answer(not_found());
        }
        if body.len() > self.config.max_body_bytes {
            return answer(too_large(self.config.max_body_bytes));
        }
        if std::str::from_utf8(body).is_err() {
            return answer(malformed("The request body is not UTF-8 text."));
        }
        let mut document = match json::parse(body) {
            Ok(document) => document,
            Err(error) => {
                return answer(malformed(&format!(
                    "The request body is not valid JSON ({error})."
                )))
            }
        };
        let bulk = routed.endpoint.is_bulk();
        if bulk {
            let rows = match document.value.get("data") {
                Some(Value::Array(rows)) => rows.len(),
                _ => 0,
            };
            if rows > self.config.max_bulk_rows {
                return answer(too_many_rows(self.config.max_bulk_rows));
            }
        }
        let honeypot = self
            .config
            .honeypot_field
            .as_deref()
            .map_or(Honeypot::default(), |field| {
                take_honeypot(&mut document, field, bulk)
            });
        let payload = match read_ingest_body(routed.endpoint, document, ValidateOptions::default())
        {
            Ok(body) => body.to_json(),
            Err(BodyIssues {
                issues,
                through_data,
            }) => {
                let mut out = String::with_capacity(256);
                write_validation_error(&mut out, &issues, through_data);
                return answer(json_response(422, out));
            }
        };
        if honeypot.filled {
            let body = receipt::fake(routed.endpoint, &routed.posting_id, honeypot.rows, seed);
            return answer(json_response(routed.endpoint.success_status(), body));
        }
        let Ok(path) = posting_path(&routed.posting_id) else {
            return answer(not_found());
        };
        let mut url = String::with_capacity(self.checked.upstream_base_url.len() + path.len() + 12);
        url.push_str(&self.checked.upstream_base_url);
        url.push_str(&path);
        url.push_str(routed.endpoint.path_suffix());
        let mut headers = Vec::with_capacity(5);
        for (name, value) in [
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
            ("X-API-KEY", self.config.api_key.as_str()),
            ("User-Agent", USER_AGENT),
        ] {
            headers.push((name.to_owned(), value.to_owned()));
        }
        if let Some(workspace) = &self.config.workspace_id {
            headers.push(("X-Workspace-Id".to_owned(), workspace.clone()));
        }
        Forwarding::Upstream(UpstreamRequest {
            method: "POST",
            url,
            headers,
            body: payload,
        })
    }

    /// Relay phase: HeyMilo's answer (`status`, `headers`, `body`) for the client.
    ///
    /// With the default [`Receipt::Minimal`], a 2xx becomes its minimal
    /// receipt (HeyMilo's envelope with the ids alone) with the edge's own
    /// headers, and other answers keep status, body, `Content-Type` and
    /// `Retry-After`. With [`Receipt::Full`], status and body pass through,
    /// and `X-Request-Id` and `X-RateLimit-*` are kept too.
    ///
    /// A redirect (3xx, or 0 for an opaque one) is a 502 `upstream_redirect`.
    pub fn relay(
        &self,
        routed: &Routed,
        status: u16,
        headers: &[(String, String)],
        body: &[u8],
    ) -> EdgeResponse {
        if is_unfollowed_redirect(status) {
            // Never followed (the adapter fetches with `redirect: "manual"`):
            // the key would go along. Nor relayed: the browser would follow
            // it with the candidate, or read a 3xx as a success.
            let response = error_response(
                502,
                "api_error",
                "upstream_redirect",
                "HeyMilo answered with a redirect, which is not followed.",
            );
            return self.finish(response, &routed.cors_headers);
        }
        if !(200..=599).contains(&status) {
            let response = error_response(
                502,
                "api_error",
                "bad_upstream_response",
                "HeyMilo answered with an unusable status.",
            );
            return self.finish(response, &routed.cors_headers);
        }
        let full = self.config.receipt == Receipt::Full;
        if (200..300).contains(&status) && !full {
            let response = match receipt::minimal(routed.endpoint, body) {
                // Only the edge's own headers: exactly what the honeypot's
                // fake receipt carries.
                Some(receipt) => json_response(status, receipt),
                // Not HeyMilo's documented answer: nothing of it is
                // relayed (it might hold anything), and 502 says so.
                None => error_response(
                    502,
                    "api_error",
                    "bad_upstream_response",
                    "HeyMilo accepted the request but its answer could not be read.",
                ),
            };
            return self.finish(response, &routed.cors_headers);
        }
        // The key's rate-limit counters and HeyMilo's request ids are for
        // the operator: anonymous callers get them only with receipt: full.
        // Named one by one, not by prefix: a prefix would relay a header
        // named after the key (`x-ratelimit-<key>`).
        let relayable = |name: &str| {
            name.eq_ignore_ascii_case("content-type")
                || name.eq_ignore_ascii_case("retry-after")
                || (full
                    && RELAYED_HEADERS
                        .iter()
                        .any(|kept| name.eq_ignore_ascii_case(kept)))
        };
        let response = EdgeResponse {
            status,
            headers: headers
                .iter()
                .filter(|(name, _)| relayable(name))
                .cloned()
                .collect(),
            body: body.to_vec(),
        };
        self.finish(response, &routed.cors_headers)
    }

    /// The answer of a `beforeForward` veto: the caller's response with the
    /// edge's headers (CORS, no-store, nosniff) and without the key in any form.
    /// A status outside 200–599 is a broken hook: 500.
    pub fn vetoed(
        &self,
        routed: &Routed,
        status: u16,
        headers: &[(String, String)],
        body: &[u8],
    ) -> EdgeResponse {
        if !(200..=599).contains(&status) {
            return self.hook_failed(routed);
        }
        let own = |name: &str| {
            [
                "vary",
                "access-control-allow-origin",
                "access-control-expose-headers",
            ]
            .iter()
            .any(|edge| name.eq_ignore_ascii_case(edge))
        };
        let response = EdgeResponse {
            status,
            headers: headers
                .iter()
                .filter(|(name, _)| !own(name))
                .cloned()
                .collect(),
            body: body.to_vec(),
        };
        self.finish(response, &routed.cors_headers)
    }

    /// 429 from the per-client rate limiter, with `Retry-After: retry_after_secs`.
    pub fn rate_limited(&self, routed: &Routed, retry_after_secs: u64) -> EdgeResponse {
        let response = error_response(
            429,
            "rate_limit_error",
            "rate_limited",
            "Too many requests from this client; try again later.",
        );
        self.finish(
            with_retry_after(response, retry_after_secs),
            &routed.cors_headers,
        )
    }

    /// 429 from the key's budget ([`KeyBudget::take`] refused), with `Retry-After`.
    pub fn budget_exhausted(&self, routed: &Routed, retry_after_secs: u64) -> EdgeResponse {
        let response = error_response(
            429,
            "rate_limit_error",
            "rate_limited",
            "This endpoint is busy; try again later.",
        );
        self.finish(
            with_retry_after(response, retry_after_secs),
            &routed.cors_headers,
        )
    }

    /// 503: the rate limiter failed (threw, rejected, timed out or gave no
    /// answer), or no client key could be found. Fail closed: nothing is
    /// forwarded while the limiter cannot say yes.
    pub fn limiter_unavailable(&self, routed: &Routed) -> EdgeResponse {
        let response = error_response(
            503,
            "api_error",
            "rate_limiter_unavailable",
            "The rate limiter is unavailable; try again later.",
        );
        self.finish(with_retry_after(response, 5), &routed.cors_headers)
    }

    /// 500: a hook of the handler (`beforeForward`, `clientKey`) threw or broke.
    pub fn hook_failed(&self, routed: &Routed) -> EdgeResponse {
        let response = error_response(
            500,
            "api_error",
            "hook_failed",
            "The request could not be handled.",
        );
        self.finish(response, &routed.cors_headers)
    }

    /// `text` without the key in any form, for log lines built from hook errors.
    pub fn redact(&self, text: &str) -> String {
        if self.secret.found_in(text) {
            self.secret.redact(text)
        } else {
            text.to_owned()
        }
    }

    /// Turnstile phase, after routing and before the body is read:
    /// [`Verification::NotRequired`] without the `turnstile` option, else the
    /// siteverify call to make for the token in `headers`, or the 403 when
    /// there is none. `idempotency_key` is a fresh random UUID.
    pub fn verification(
        &self,
        routed: &Routed,
        headers: &[(String, String)],
        idempotency_key: &str,
    ) -> Verification {
        let Some(turnstile) = &self.checked.turnstile else {
            return Verification::NotRequired;
        };
        match turnstile.call(headers, idempotency_key) {
            Ok(call) => Verification::Siteverify(call),
            Err(response) => Verification::Respond(self.finish(response, &routed.cors_headers)),
        }
    }

    /// Siteverify's answer (`status`, `body`): `None` when the request may go
    /// on (read its body next), else the 403 to answer.
    pub fn judge_siteverify(
        &self,
        routed: &Routed,
        status: u16,
        body: &[u8],
    ) -> Option<EdgeResponse> {
        let verdict = match &self.checked.turnstile {
            Some(turnstile) => turnstile.judge(status, body),
            // No siteverify call was asked for: an answer to one proves nothing.
            None => Err(turnstile::unavailable()),
        };
        verdict
            .err()
            .map(|response| self.finish(response, &routed.cors_headers))
    }

    /// 403: siteverify could not be reached or did not answer in time.
    pub fn siteverify_unavailable(&self, routed: &Routed) -> EdgeResponse {
        self.finish(turnstile::unavailable(), &routed.cors_headers)
    }

    /// 413: the body is larger than [`Routed::max_body_bytes`].
    pub fn body_too_large(&self, routed: &Routed) -> EdgeResponse {
        self.finish(too_large(self.config.max_body_bytes), &routed.cors_headers)
    }

    /// 502: HeyMilo's answer was longer than `maxResponseBytes`; the adapter
    /// stopped reading it there.
    pub fn upstream_too_large(&self, routed: &Routed) -> EdgeResponse {
        let response = error_response(
            502,
            "api_error",
            "upstream_response_too_large",
            "HeyMilo's answer was larger than this endpoint accepts.",
        );
        self.finish(response, &routed.cors_headers)
    }

    /// The most bytes of an upstream answer to read (the adapter stops there
    /// and answers [`Self::upstream_too_large`]).
    pub fn max_response_bytes(&self) -> usize {
        self.config.max_response_bytes
    }

    /// 502: HeyMilo could not be reached.
    pub fn upstream_unreachable(&self, routed: &Routed) -> EdgeResponse {
        let response = error_response(
            502,
            "api_error",
            "upstream_unreachable",
            "HeyMilo could not be reached.",
        );
        self.finish(response, &routed.cors_headers)
    }

    /// 504: HeyMilo did not answer in time.
    pub fn upstream_timeout(&self, routed: &Routed) -> EdgeResponse {
        let response = error_response(
            504,
            "api_error",
            "upstream_timeout",
            "HeyMilo did not answer in time.",
        );
        self.finish(response, &routed.cors_headers)
    }

    /// Whether `routed` is a route this handler serves (it always is when it came from [`Self::route`]).
    fn serves(&self, routed: &Routed) -> bool {
        route::enabled(routed.endpoint, self.config.bulk, self.config.asynchronous)
            && self.config.postings.contains(&routed.posting_id)
    }

    /// Adds `cors_headers` and removes the key and the Turnstile secret, in
    /// any form: headers named with one are dropped, header values and the
    /// body are redacted.
    fn finish(
        &self,
        mut response: EdgeResponse,
        cors_headers: &[(String, String)],
    ) -> EdgeResponse {
        response.headers.extend_from_slice(cors_headers);
        with_edge_headers(&mut response);
        let turnstile = self.checked.turnstile.as_ref().map(|t| &t.secret);
        for secret in std::iter::once(&self.secret).chain(turnstile) {
            // Names in any case: fetch lower-cases them, which would hide a key
            // with capitals from a case-sensitive search.
            response
                .headers
                .retain(|(name, _)| !secret.found_in_name(name));
            for (_, value) in &mut response.headers {
                if secret.found_in(value) {
                    *value = secret.redact(value);
                }
            }
            let text = String::from_utf8_lossy(&response.body);
            if secret.found_in(&text) {
                response.body = secret.redact(&text).into_bytes();
            }
        }
        response
    }
}

/// 500 for when no handler could be built (its configuration was refused):
/// says nothing about the configuration.
pub fn misconfigured() -> EdgeResponse {
    let mut response = error_response(
        500,
        "api_error",
        "handler_misconfigured",
        "handler misconfigured",
    );
    with_edge_headers(&mut response);
    response
}

/// The headers every edge answer carries, replacing any of the same name:
/// answers about one applicant must never be cached (by a browser, a CDN or
/// a shared proxy), and JSON must never be sniffed into something runnable.
fn with_edge_headers(response: &mut EdgeResponse) {
    const EDGE_HEADERS: [(&str, &str); 2] = [
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    response.headers.retain(|(name, _)| {
        !EDGE_HEADERS
            .iter()
            .any(|(edge, _)| name.eq_ignore_ascii_case(edge))
    });
    for (name, value) in EDGE_HEADERS {
        response.headers.push((name.to_owned(), value.to_owned()));
    }
}

fn with_retry_after(mut response: EdgeResponse, seconds: u64) -> EdgeResponse {
    response
        .headers
        .push(("Retry-After".to_owned(), seconds.max(1).to_string()));
    response
}

/// What the honeypot field held.
#[derive(Default)]
struct Honeypot {
    /// Some candidate filled it in.
    filled: bool,
    /// How many candidates the body had (for the fake answer).
    rows: usize,
}

/// Takes the honeypot `field` out of the candidate (each bulk row) before
/// validation, so it is neither an unknown-field warning nor forwarded.
/// Filled: any value but absent, `null` or `""` (what an untouched hidden input sends).
fn take_honeypot(document: &mut Document, field: &str, bulk: bool) -> Honeypot {
    let mut honeypot = Honeypot::default();
    let mut take = |candidate: &mut Value| {
        honeypot.rows += 1;
        if let Value::Object(entries) = candidate {
            entries.retain(|(key, value)| {
                if key != field {
                    return true;
                }
                let empty = matches!(value, Value::Null) || value.as_str() == Some("");
                honeypot.filled |= !empty;
                false
            });
        }
    };
    if bulk {
        if let Value::Object(entries) = &mut document.value {
            for (key, value) in entries.iter_mut() {
                if let (true, Value::Array(rows)) = (key == "data", value) {
                    rows.iter_mut().for_each(&mut take);
                }
            }
        }
    } else {
        take(&mut document.value);
    }
    // The recorded places inside the removed field are gone with it.
    let inside = |path: &Vec<PathSegment>| {
        let below = if bulk { path.get(2) } else { path.first() };
        matches!(below, Some(PathSegment::Key(key)) if key == field)
    };
    document.lone_surrogates.retain(|path| !inside(path));
    document.too_deep.retain(|path| !inside(path));
    honeypot
}

/// Every value of header `name` (any case), joined with `", "` as `fetch`'s `Headers.get` does.
fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    let mut joined: Option<String> = None;
    for (_, value) in headers
        .iter()
        .filter(|(key, _)| key.eq_ignore_ascii_case(name))
    {
        match &mut joined {
            Some(all) => {
                all.push_str(", ");
                all.push_str(value);
            }
            None => joined = Some(value.clone()),
        }
    }
    joined
}

/// `application/json`, any case, with optional parameters; a charset must be UTF-8.
fn is_json_media_type(value: &str) -> bool {
    const SPACE: [char; 2] = [' ', '\t'];
    let mut parts = value.split(';');
    let media_type = parts.next().unwrap_or_default().trim_matches(SPACE);
    if !media_type.eq_ignore_ascii_case("application/json") {
        return false;
    }
    parts
        .map(|part| part.trim_matches(SPACE))
        .filter(|part| !part.is_empty())
        .all(|part| {
            let Some((name, value)) = part.split_once('=') else {
                return false;
            };
            let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
            let valid = !name.is_empty() && name.bytes().all(token);
            let charset_ok = !name.eq_ignore_ascii_case("charset")
                || value.trim_matches('"').eq_ignore_ascii_case("utf-8");
            valid && charset_ok
        })
}

/// A `Content-Length` value as a number (saturating: huge means too large);
/// `None` when it is not one.
fn parse_content_length(value: &str) -> Option<u64> {
    let digits = value.trim_matches([' ', '\t']);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.bytes().fold(0u64, |total, digit| {
        total
            .saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    }))
}

/// HeyMilo's error envelope, as HeyMilo would answer.
fn error_response(status: u16, error_type: &str, code: &str, message: &str) -> EdgeResponse {
    json_response(status, error_body(error_type, code, message))
}

fn json_response(status: u16, body: String) -> EdgeResponse {
    EdgeResponse {
        status,
        headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
        body: body.into_bytes(),
    }
}

fn not_found() -> EdgeResponse {
    error_response(
        404,
        "invalid_request_error",
        "not_found",
        "No such route or posting.",
    )
}

/// 413 in HeyMilo's envelope, like a too-large body: the request is refused
/// for its size (a count rather than bytes), not for a field's value, so it
/// is not a 422 (whose FastAPI `detail` shape clients read as field issues).
fn too_many_rows(limit: usize) -> EdgeResponse {
    let message = format!("A bulk request may carry at most {limit} candidates.");
    error_response(
        413,
        "invalid_request_error",
        "too_many_candidates",
        &message,
    )
}

fn too_large(limit: usize) -> EdgeResponse {
    let message = format!("The request body is larger than {limit} bytes.");
    error_response(413, "invalid_request_error", "payload_too_large", &message)
}

fn malformed(message: &str) -> EdgeResponse {
    error_response(400, "invalid_request_error", "malformed_json", message)
}

#[cfg(test)]
mod tests;
