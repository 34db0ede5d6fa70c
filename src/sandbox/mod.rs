//! A local stand-in for HeyMilo's Candidates API, in the spirit of
//! stripe-mock: the same routes, envelopes and status codes as the contract,
//! an in-memory store tests can read, a per-key rate limit, and fault
//! injection. Sans-IO: adapters (the JS `createSandbox().fetch`, the Node
//! HTTP server) turn requests into [`SandboxRequest`] and perform the
//! [`SandboxResponse`], including its delay and dropped connection.

mod faults;
mod time;
mod turnstile;

pub use faults::{BodyFault, Fault, FaultRule, SITEVERIFY_OPERATION};
// Cloudflare Turnstile's siteverify, which the handler calls (and the
// sandbox stands in for): the token header, the request and answer, the
// test keys to try a configuration with.
pub use crate::api::turnstile::{
    error_code, SiteverifyAnswer, SiteverifyRequest, DEFAULT_SITEVERIFY_URL, DUMMY_TOKEN,
    MAX_ACTION_CHARS, MAX_TOKEN_CHARS, SITEVERIFY_PATH, TEST_SECRET_FAILS, TEST_SECRET_PASSES,
    TEST_SECRET_SPENT, TOKEN_HEADER,
};
pub use turnstile::{DEFAULT_TURNSTILE_ACTION, DEFAULT_TURNSTILE_HOSTNAME};

use crate::api::responses::{
    encode, AsyncIngestResponse, BulkIngestCandidateResponseItem, CandidateResponse,
    CandidateWorkflow, IngestCandidateResponse, ListResponse, Number, PaginationMeta,
    SingleResponse, WorkflowStepStatus,
};
use crate::api::{
    error_body, format_http_date, percent_decode, read_ingest_body, split_ingest_path,
    write_query_error, write_validation_error, BodyIssues, Endpoint,
};
use crate::candidate::CandidateIngestRequest;
use crate::issue::{Issue, IssueCode, PathSegment};
use crate::json::{self, Value, WriteJson};
use crate::validate::ValidateOptions;
use faults::planned_fault;
use std::collections::VecDeque;

/// The key a sandbox accepts unless configured otherwise.
pub const DEFAULT_SANDBOX_KEY: &str = "sk_sandbox";
/// HeyMilo's default rate limit.
pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 300;
const RATE_WINDOW_MS: u64 = 60_000;

/// How a sandbox behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxConfig {
    /// The one API key it accepts.
    pub api_key: String,
    /// The posting ids that exist; `None`: every id exists.
    pub postings: Option<Vec<String>>,
    /// Requests per minute per key before 429.
    pub rate_limit_per_minute: u32,
    /// Answer CORS (`*`, no credentials) so a page on another origin can call it.
    pub cors: bool,
    /// Seed for generated ids and fault probabilities (reproducible runs).
    pub seed: u64,
    /// Planned faults, first match wins.
    pub faults: Vec<FaultRule>,
    /// The hostname the siteverify stand-in's passing answers name (the
    /// page a real widget would have been on).
    pub turnstile_hostname: String,
    /// The widget action the siteverify stand-in's passing answers name.
    pub turnstile_action: String,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            api_key: DEFAULT_SANDBOX_KEY.to_owned(),
            postings: None,
            rate_limit_per_minute: DEFAULT_RATE_LIMIT_PER_MINUTE,
            cors: false,
            seed: 0x5EED,
            faults: Vec::new(),
            turnstile_hostname: DEFAULT_TURNSTILE_HOSTNAME.to_owned(),
            turnstile_action: DEFAULT_TURNSTILE_ACTION.to_owned(),
        }
    }
}

/// A request as the sandbox sees it.
#[derive(Debug, Clone, Copy)]
pub struct SandboxRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// The URL path, still percent-encoded.
    pub path: &'a str,
    /// The query string without `?`.
    pub query: &'a str,
    /// Header names (any case) and values.
    pub headers: &'a [(String, String)],
    /// The body.
    pub body: &'a [u8],
}

impl SandboxRequest<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        crate::api::first_header(self.headers, name)
    }
}

/// What to answer, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxResponse {
    /// HTTP status.
    pub status: u16,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Wait this long before answering.
    pub delay_ms: u64,
    /// Close the connection instead of answering.
    pub drop_connection: bool,
}

/// One candidate the sandbox accepted, in the order received.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCandidate {
    /// The generated interview id (16 upper-case hex digits).
    pub interview_id: String,
    /// The generated candidate id.
    pub candidate_id: String,
    /// The posting it was ingested into.
    pub posting_id: String,
    /// The candidate as received (normalized by validation).
    pub request: CandidateIngestRequest,
    /// When it was received: milliseconds since the Unix epoch.
    pub created_at_ms: u64,
    /// Which operation created it.
    pub operation: &'static str,
    /// The async job id, for async ingests.
    pub ingestion_id: Option<String>,
}

/// The sandbox: configuration, store, rate-limit windows and id generator.
#[derive(Debug)]
pub struct Sandbox {
    config: SandboxConfig,
    store: Vec<StoredCandidate>,
    recent_requests: VecDeque<u64>,
    rng_state: u64,
    requests_seen: u64,
}

/// The route of a request, once its path is understood.
enum Route {
    Ingest(Endpoint, String),
    List(String),
}

impl Sandbox {
    /// A sandbox with `config` and an empty store.
    pub fn new(config: SandboxConfig) -> Self {
        let rng_state = config.seed | 1;
        Sandbox {
            config,
            store: Vec::new(),
            recent_requests: VecDeque::new(),
            rng_state,
            requests_seen: 0,
        }
    }

    /// Every candidate stored so far, in order.
    pub fn candidates(&self) -> &[StoredCandidate] {
        &self.store
    }

    /// How many requests reached the Candidates API stand-in (including
    /// refused ones; not the siteverify stand-in's).
    pub fn requests_seen(&self) -> u64 {
        self.requests_seen
    }

    /// Empties the store and the rate-limit window; keeps configuration.
    pub fn reset(&mut self) {
        self.store.clear();
        self.recent_requests.clear();
        self.requests_seen = 0;
    }

    /// Replaces the planned faults.
    pub fn set_faults(&mut self, faults: Vec<FaultRule>) {
        self.config.faults = faults;
    }

    /// The candidates as a JSON array of `CandidateResponse`-shaped objects (plus
    /// `phone_number`, `operation` and `ingestion_id`), for tests to read.
    pub fn candidates_json(&self) -> String {
        let mut out = String::from("[");
        for (i, stored) in self.store.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let mut resource = receipt(stored);
            if let Some(phone) = stored.request.phone_number() {
                resource
                    .extra
                    .push(("phone_number".to_owned(), Value::String(phone.to_owned())));
            }
            resource.extra.push((
                "operation".to_owned(),
                Value::String(stored.operation.to_owned()),
            ));
            if let Some(id) = &stored.ingestion_id {
                resource
                    .extra
                    .push(("ingestion_id".to_owned(), Value::String(id.clone())));
            }
            resource.write_json(&mut out);
        }
        out.push(']');
        out
    }

    fn random(&mut self) -> u64 {
        // xorshift64*: small, seeded, good enough for ids and fault dice.
        let mut x = self.rng_state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng_state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn random_unit(&mut self) -> f64 {
        (self.random() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn hex_id(&mut self, digits: usize, upper: bool) -> String {
        let value = self.random();
        let text = if upper {
            format!("{value:016X}")
        } else {
            format!("{value:016x}")
        };
        text.get(..digits).unwrap_or(&text).to_owned()
    }

    /// Answers one request at time `now_ms` (Unix milliseconds).
    pub fn handle(&mut self, request: SandboxRequest<'_>, now_ms: u64) -> SandboxResponse {
        if request.path == SITEVERIFY_PATH {
            return self.siteverify(request, now_ms);
        }
        self.requests_seen += 1;
        let mut response = self.answer(request, now_ms);
        if self.config.cors {
            response
                .headers
                .push(("Access-Control-Allow-Origin".into(), "*".into()));
            response.headers.push((
                "Access-Control-Expose-Headers".into(),
                "Retry-After, X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining".into(),
            ));
        }
        let request_id = format!("req_{}", self.hex_id(16, false));
        response.headers.push(("X-Request-Id".into(), request_id));
        response
    }

    /// Cloudflare's siteverify, for the test secret keys; only faults
    /// planned for the `siteverify` operation apply.
    fn siteverify(&mut self, request: SandboxRequest<'_>, now_ms: u64) -> SandboxResponse {
        let mut rules = std::mem::take(&mut self.config.faults);
        let fault = planned_fault(&mut rules, SITEVERIFY_OPERATION, || self.random_unit());
        self.config.faults = rules;
        let mut response = match fault.status {
            Some(status) => turnstile::forced(status),
            None => turnstile::siteverify(
                request,
                now_ms,
                &self.config.turnstile_hostname,
                &self.config.turnstile_action,
            ),
        };
        response.delay_ms = fault.delay_ms;
        response.drop_connection = fault.drop_connection;
        if let Some(body_fault) = fault.body {
            spoil(&mut response, body_fault);
        }
        response
    }

    fn answer(&mut self, request: SandboxRequest<'_>, now_ms: u64) -> SandboxResponse {
        if self.config.cors && request.method.eq_ignore_ascii_case("OPTIONS") {
            let mut response = plain(204, Vec::new());
            response.headers.push((
                "Access-Control-Allow-Methods".into(),
                "GET, POST, OPTIONS".into(),
            ));
            response.headers.push((
                "Access-Control-Allow-Headers".into(),
                "Content-Type, X-API-KEY, X-Workspace-Id, Authorization".into(),
            ));
            response
                .headers
                .push(("Access-Control-Max-Age".into(), "600".into()));
            return response;
        }
        let Some(route) = route_of(request.method, request.path) else {
            return error(404, "invalid_request_error", "not_found", "No such route.");
        };
        let (operation, allowed) = match &route {
            Route::Ingest(Endpoint::Single, _) => (Endpoint::Single.operation_id(), "GET, POST"),
            Route::Ingest(endpoint, _) => (endpoint.operation_id(), "POST"),
            Route::List(_) => ("listCandidates", "GET, POST"),
        };
        if matches!(route, Route::Ingest(..)) && request.method != "POST" {
            let mut response = error(
                405,
                "invalid_request_error",
                "method_not_allowed",
                "Method not allowed.",
            );
            response.headers.push(("Allow".into(), allowed.into()));
            return response;
        }
        let header_fault = request
            .header("x-sandbox-fault")
            .map(Fault::parse_header)
            .unwrap_or_default();
        let fault = if header_fault.is_none() {
            let mut rules = std::mem::take(&mut self.config.faults);
            let fault = planned_fault(&mut rules, operation, || self.random_unit());
            self.config.faults = rules;
            fault
        } else {
            header_fault
        };
        let mut response = match fault.status {
            Some(status) if !fault.after_store => forced(status, &fault, now_ms),
            _ => {
                let real = self.authorized(request, now_ms, &route);
                match fault.status {
                    Some(status) => forced(status, &fault, now_ms),
                    None => real,
                }
            }
        };
        response.delay_ms = fault.delay_ms;
        response.drop_connection = fault.drop_connection;
        if let Some(body_fault) = fault.body {
            spoil(&mut response, body_fault);
        }
        response
    }

    fn authorized(
        &mut self,
        request: SandboxRequest<'_>,
        now_ms: u64,
        route: &Route,
    ) -> SandboxResponse {
        let key = request.header("x-api-key").or_else(|| {
            request
                .header("authorization")
                .and_then(|value| value.strip_prefix("Bearer "))
        });
        if key != Some(self.config.api_key.as_str()) {
            return error(
                401,
                "authentication_error",
                "invalid_api_key",
                "Invalid or missing API key.",
            );
        }
        while self
            .recent_requests
            .front()
            .is_some_and(|&at| at + RATE_WINDOW_MS <= now_ms)
        {
            self.recent_requests.pop_front();
        }
        let limit = self.config.rate_limit_per_minute as usize;
        if self.recent_requests.len() >= limit {
            let oldest = self.recent_requests.front().copied().unwrap_or(now_ms);
            let wait_s = (oldest + RATE_WINDOW_MS)
                .saturating_sub(now_ms)
                .div_ceil(1000)
                .max(1);
            let mut response = error(
                429,
                "rate_limit_error",
                "rate_limit_exceeded",
                "Rate limit exceeded. Retry after the time in the Retry-After header.",
            );
            response
                .headers
                .push(("Retry-After".into(), wait_s.to_string()));
            rate_headers(&mut response, limit, 0);
            return response;
        }
        self.recent_requests.push_back(now_ms);
        let remaining = limit.saturating_sub(self.recent_requests.len());
        let posting = match route {
            Route::Ingest(_, posting) | Route::List(posting) => posting.clone(),
        };
        let known = self
            .config
            .postings
            .as_ref()
            .map_or(true, |list| list.contains(&posting));
        let mut response = if !known {
            error(
                404,
                "invalid_request_error",
                "posting_not_found",
                "No posting with this id.",
            )
        } else {
            match route {
                Route::Ingest(endpoint, _) => {
                    self.ingest(*endpoint, &posting, request.body, now_ms)
                }
                Route::List(_) => self.list(&posting, request.query, request.path),
            }
        };
        rate_headers(&mut response, limit, remaining);
        response
    }

    fn ingest(
        &mut self,
        endpoint: Endpoint,
        posting: &str,
        body: &[u8],
        now_ms: u64,
    ) -> SandboxResponse {
        let document = match json::parse(body) {
            Ok(document) => document,
            Err(error) => {
                let issue = Issue::new(
                    Vec::new(),
                    IssueCode::InvalidJson,
                    format!("JSON decode error: {error}"),
                );
                return unprocessable(&[issue], false);
            }
        };
        let candidates = match read_ingest_body(endpoint, document, ValidateOptions::default()) {
            Ok(body) => body.into_candidates(),
            Err(BodyIssues {
                issues,
                through_data,
            }) => return unprocessable(&issues, through_data),
        };
        let ingestion_id = endpoint
            .is_async()
            .then(|| format!("intake_{}", self.hex_id(12, false)));
        let mut stored = Vec::with_capacity(candidates.len());
        for request in candidates {
            let record = StoredCandidate {
                interview_id: self.hex_id(16, true),
                candidate_id: format!("cand_{}", self.hex_id(12, false)),
                posting_id: posting.to_owned(),
                request,
                created_at_ms: now_ms,
                operation: endpoint.operation_id(),
                ingestion_id: ingestion_id.clone(),
            };
            stored.push(record);
        }
        let body = match endpoint {
            Endpoint::Single => {
                let Some(record) = stored.first() else {
                    return error(500, "api_error", "internal_error", "Nothing was stored.");
                };
                let data = IngestCandidateResponse {
                    interview_id: record.interview_id.clone(),
                    interview_url: interview_url(&record.interview_id),
                    posting_id: record.posting_id.clone(),
                    candidate: Some(receipt(record)),
                    ..IngestCandidateResponse::default()
                };
                encode(&SingleResponse {
                    data,
                    meta: None,
                    extra: Vec::new(),
                })
            }
            Endpoint::Bulk => {
                let data: Vec<BulkIngestCandidateResponseItem> = stored
                    .iter()
                    .map(|r| BulkIngestCandidateResponseItem {
                        interview_id: r.interview_id.clone(),
                        interview_url: interview_url(&r.interview_id),
                        metadata: r.request.metadata().map(<[_]>::to_vec),
                        ..BulkIngestCandidateResponseItem::default()
                    })
                    .collect();
                encode(&SingleResponse {
                    data,
                    meta: None,
                    extra: Vec::new(),
                })
            }
            Endpoint::SingleAsync | Endpoint::BulkAsync => {
                let data = AsyncIngestResponse {
                    ingestion_id: ingestion_id.clone().unwrap_or_default(),
                    ..AsyncIngestResponse::default()
                };
                encode(&SingleResponse {
                    data,
                    meta: None,
                    extra: Vec::new(),
                })
            }
        };
        self.store.extend(stored);
        json_response(endpoint.success_status(), body)
    }

    fn list(&self, posting: &str, query: &str, path: &str) -> SandboxResponse {
        let mut limit = 20usize;
        let mut starting_after = None;
        let mut created_after = None;
        let mut created_before = None;
        for (name, value) in query_pairs(query) {
            let invalid = |msg: &str, kind: &str| {
                let issue = Issue::new(
                    vec![PathSegment::from(name.as_str())],
                    IssueCode::InvalidType,
                    msg,
                );
                query_unprocessable(&issue, kind)
            };
            match name.as_str() {
                "limit" => match value.parse::<usize>() {
                    Ok(n) if (1..=100).contains(&n) => limit = n,
                    Ok(_) => {
                        return invalid("Input should be between 1 and 100", "less_than_equal")
                    }
                    Err(_) => return invalid("Input should be a valid integer", "int_parsing"),
                },
                "starting_after" => starting_after = Some(value),
                "created_after" | "created_before" => {
                    let Some(bound) = time::parse_time_bound(&value) else {
                        return error(
                            400,
                            "invalid_request_error",
                            "invalid_date",
                            "Dates must be ISO-8601 or Unix epoch seconds.",
                        );
                    };
                    if name == "created_after" {
                        created_after = Some(bound);
                    } else {
                        created_before = Some(bound);
                    }
                }
                _ => {}
            }
        }
        if let (Some(after), Some(before)) = (created_after, created_before) {
            if before < after {
                return error(
                    400,
                    "invalid_request_error",
                    "invalid_date_range",
                    "created_before is earlier than created_after.",
                );
            }
        }
        let matching: Vec<&StoredCandidate> = self
            .store
            .iter()
            .filter(|c| c.posting_id == posting)
            .filter(|c| created_after.map_or(true, |t| t.is_at_or_before(c.created_at_ms)))
            .filter(|c| created_before.map_or(true, |t| t.is_at_or_after(c.created_at_ms)))
            .collect();
        let start = match starting_after {
            Some(cursor) => match matching.iter().position(|c| c.interview_id == cursor) {
                Some(at) => at + 1,
                None => {
                    return error(
                        400,
                        "invalid_request_error",
                        "invalid_cursor",
                        "starting_after is not the interview_id of a candidate in this list.",
                    )
                }
            },
            None => 0,
        };
        let page: Vec<CandidateResponse> = matching
            .iter()
            .skip(start)
            .take(limit)
            .map(|c| receipt(c))
            .collect();
        let has_more = matching.len() > start + page.len();
        let body = encode(&ListResponse {
            data: page,
            pagination: PaginationMeta {
                has_more,
                total_count: Some(matching.len() as i64),
                url: Some(path.to_owned()),
                ..PaginationMeta::default()
            },
            extra: Vec::new(),
        });
        json_response(200, body)
    }
}

/// The route of `method path`; for the bare `/candidates` path, GET lists and anything else ingests.
fn route_of(method: &str, path: &str) -> Option<Route> {
    let (posting, suffix) = split_ingest_path(path)?;
    if posting.is_empty() {
        return None;
    }
    if suffix.is_empty() && method == "GET" {
        return Some(Route::List(posting));
    }
    Endpoint::from_path_suffix(suffix).map(|endpoint| Route::Ingest(endpoint, posting))
}

fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode(&s.replace('+', " ")).unwrap_or_default();
            (decode(name), decode(value))
        })
}

fn interview_url(interview_id: &str) -> String {
    format!("https://candidates.heymilo.io/sandbox/i/{interview_id}")
}

fn receipt(stored: &StoredCandidate) -> CandidateResponse {
    let request = &stored.request;
    CandidateResponse {
        interview_id: stored.interview_id.clone(),
        candidate_id: Some(stored.candidate_id.clone()),
        posting_id: stored.posting_id.clone(),
        name: request.name().to_owned(),
        email: request.email().to_owned(),
        status: "pending".to_owned(),
        interview_url: Some(interview_url(&stored.interview_id)),
        workflow: Some(CandidateWorkflow {
            steps: vec![WorkflowStepStatus {
                step_id: "agent_vi_001".to_owned(),
                order: 1,
                status: "not_started".to_owned(),
                ..WorkflowStepStatus::default()
            }],
            ..CandidateWorkflow::default()
        }),
        metadata: request.metadata().map(<[_]>::to_vec),
        data: request.data().map(<[_]>::to_vec),
        created_at: Some(Number::from_unix_millis(stored.created_at_ms)),
        ..CandidateResponse::default()
    }
}

fn plain(status: u16, body: Vec<u8>) -> SandboxResponse {
    SandboxResponse {
        status,
        headers: Vec::new(),
        body,
        delay_ms: 0,
        drop_connection: false,
    }
}

fn json_response(status: u16, body: String) -> SandboxResponse {
    let mut response = plain(status, body.into_bytes());
    response
        .headers
        .push(("Content-Type".into(), "application/json".into()));
    response
}

fn error(status: u16, error_type: &str, code: &str, message: &str) -> SandboxResponse {
    json_response(status, error_body(error_type, code, message))
}

/// The answer for a forced status: HeyMilo's envelope for the status.
fn forced(status: u16, fault: &Fault, now_ms: u64) -> SandboxResponse {
    let mut response = match status {
        200..=299 => json_response(status, "{}".to_owned()),
        422 => unprocessable(
            &[Issue::new(
                vec!["email".into()],
                IssueCode::InvalidEmail,
                "value is not a valid email address (forced by the sandbox)",
            )],
            false,
        ),
        429 => error(
            429,
            "rate_limit_error",
            "rate_limit_exceeded",
            "Rate limit exceeded (forced by the sandbox).",
        ),
        500..=599 => error(
            status,
            "api_error",
            "internal_error",
            "Internal error (forced by the sandbox).",
        ),
        _ => error(
            status,
            "invalid_request_error",
            "forced",
            "Error forced by the sandbox.",
        ),
    };
    if let Some(seconds) = fault.retry_after_s {
        let value = if fault.retry_after_as_date {
            format_http_date(now_ms + u64::from(seconds) * 1000)
        } else {
            seconds.to_string()
        };
        response.headers.push(("Retry-After".into(), value));
    }
    response
}

fn unprocessable(issues: &[Issue], bulk: bool) -> SandboxResponse {
    let mut body = String::new();
    write_validation_error(&mut body, issues, bulk);
    json_response(422, body)
}

fn query_unprocessable(issue: &Issue, kind: &str) -> SandboxResponse {
    let mut body = String::new();
    write_query_error(&mut body, issue, kind);
    json_response(422, body)
}

fn rate_headers(response: &mut SandboxResponse, limit: usize, remaining: usize) {
    response
        .headers
        .push(("X-RateLimit-Limit".into(), limit.to_string()));
    response
        .headers
        .push(("X-RateLimit-Remaining".into(), remaining.to_string()));
}

fn spoil(response: &mut SandboxResponse, fault: BodyFault) {
    match fault {
        BodyFault::Malformed => {
            response.body = b"{\"data\": {\"interview_id\": \"D536A69A4090E13F\",}".to_vec()
        }
        BodyFault::Truncated => {
            let half = response.body.len() / 2;
            response.body.truncate(half);
        }
        BodyFault::Html => {
            response.body =
                b"<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>".to_vec();
            response
                .headers
                .retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
            response
                .headers
                .push(("Content-Type".into(), "text/html".into()));
        }
        BodyFault::Empty => response.body.clear(),
    }
}

#[cfg(test)]
mod tests;
