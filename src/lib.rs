//! Validate job candidates exactly as HeyMilo's Candidates API expects them,
//! and send them there, natively or from any JavaScript runtime.
//!
//! The same rules run in the browser form, in the edge worker that holds the
//! API key, and in server-side code, so they never disagree. The crate is
//! sans-IO: it validates, builds requests, decides retries and reads answers,
//! and you bring the HTTP client (the npm package drives it over `fetch`).
//! Every fallible call ends in one [`Error`], asked with predicates.
//!
//! # Validating
//!
//! ```
//! use heymilo_ingest::{validate_candidate_json, IssueCode, ValidateOptions};
//!
//! let options = ValidateOptions { default_country: Some("GB") };
//! let ok = validate_candidate_json(
//!     br#"{"name":" Ada ","email":"ada@Example.COM","phone_number":"020 7946 0958"}"#,
//!     options,
//! );
//! let candidate = ok.value.expect("valid");
//! assert_eq!(candidate.email(), "ada@example.com");
//! assert_eq!(candidate.phone_number(), Some("+442079460958"));
//!
//! let bad = validate_candidate_json(br#"{"name":"","email":"nope"}"#, ValidateOptions::default());
//! let codes: Vec<_> = bad.issues.iter().map(|i| i.code).collect();
//! assert_eq!(codes, [IssueCode::Blank, IssueCode::InvalidEmail]);
//! ```
//!
//! [`CandidateIngestRequest`] and the response types are `Serialize` and
//! `Deserialize`, so they travel with `serde_json` (deserializing a
//! candidate validates it: holding one proves it passed).
//!
//! # Sending
//!
//! ```
//! use heymilo_ingest::{
//!     build_ingest_request, read_ingest_response, Endpoint, HttpResponse, IngestSuccess,
//!     RequestOptions,
//! };
//!
//! let options = RequestOptions { posting_id: "13D77095", ..RequestOptions::default() };
//! let request = build_ingest_request(
//!     Endpoint::Single,
//!     br#"{"name":"Ada","email":"ada@example.com"}"#,
//!     options,
//! )
//! .expect("valid");
//! assert_eq!(request.url, "https://api.heymilo.ai/api/v2/postings/13D77095/candidates");
//! // Send request.method, request.url, request.headers (plus X-API-KEY) and
//! // request.body with your HTTP client, without following redirects; then:
//! let body = br#"{"data":{"interview_id":"int_1","interview_url":"https://app.heymilo.ai/i/int_1","posting_id":"13D77095"}}"#;
//! let answer = HttpResponse { status: 201, headers: &[], body, url: &request.url };
//! let IngestSuccess::Single(receipt) = read_ingest_response(Endpoint::Single, answer, 0, "sk_live_key")? else {
//!     unreachable!("a single ingest answers with one receipt")
//! };
//! assert_eq!(receipt.data.interview_id, "int_1");
//! # Ok::<(), heymilo_ingest::Error>(())
//! ```
//!
//! # The edge handler
//!
//! The proxy in front of a public form (feature `edge`): it routes, validates
//! and forwards only the normalized fields, with the key added.
//!
//! ```
//! use heymilo_ingest::edge::{EdgeHandler, Forwarding, HandlerConfig, Routing};
//!
//! let handler = EdgeHandler::new(HandlerConfig {
//!     api_key: "sk_live_key".to_owned(),
//!     postings: vec!["13D77095".to_owned()],
//!     ..HandlerConfig::default()
//! })
//! .expect("a usable configuration");
//! let headers = [("Content-Type".to_owned(), "application/json".to_owned())];
//! let Routing::ReadBody(routed) =
//!     handler.route("POST", "/heymilo/api/v2/postings/13D77095/candidates", &headers)
//! else {
//!     unreachable!("a POST to a configured posting reads its body")
//! };
//! let body = br#"{"name":"Ada","email":"ada@example.com","is_admin":true}"#;
//! let Forwarding::Upstream(upstream) = handler.forward(&routed, body, 0) else {
//!     unreachable!("a valid candidate is forwarded")
//! };
//! assert_eq!(upstream.body, r#"{"name":"Ada","email":"ada@example.com"}"#);
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

// Private modules, layered one way (ARCHITECTURE.md): the core (json, issue,
// candidate, validate, email, phone) → `api`, the wire contracts → `client`,
// `edge`, `sandbox`, siblings → `error` (over the client's failures) →
// `wasm`, the bindings. What a Rust user needs is re-exported below; `edge`
// and `sandbox` are public as facades of their features (like `worker::*`).
mod api;
mod candidate;
mod client;
#[cfg(feature = "edge")]
pub mod edge;
mod email;
mod error;
mod issue;
mod json;
mod phone;
#[cfg(feature = "sandbox")]
pub mod sandbox;
mod validate;
#[cfg(target_arch = "wasm32")]
mod wasm;

#[cfg(all(
    target_arch = "wasm32",
    feature = "call-arena",
    any(feature = "edge", feature = "sandbox")
))]
compile_error!("the call-arena allocator reuses memory after each call; the edge and sandbox builds keep state between calls");

/// Validation alone keeps nothing between calls: one arena.
#[cfg(all(
    target_arch = "wasm32",
    feature = "call-arena",
    not(feature = "client")
))]
#[global_allocator]
static ALLOCATOR: call_arena::CallArena = call_arena::CallArena::new();

/// The client's async exports leave the async runtime's task queue behind
/// after their first call: regions, so that it pins only its own.
#[cfg(all(target_arch = "wasm32", feature = "call-arena", feature = "client"))]
#[global_allocator]
static ALLOCATOR: call_arena::CallArena<32> = call_arena::CallArena::new();

// Validation: the rules, their input and output.
pub use candidate::{
    CandidateIngestRequest, METADATA_KEY_MAX_CHARS, METADATA_MAX_KEYS, METADATA_VALUE_MAX_CHARS,
};
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub use email::host_nfc_check;
pub use email::{likely_domain_typo, normalize_email, EmailError};
pub use issue::{write_issues_json, Issue, IssueCode, PathSegment};
pub use phone::{is_known_region, normalize_phone_number, regions, PhoneError};
pub use validate::{
    accept_plain_candidate, accept_plain_candidate_utf16, validate_bulk_document,
    validate_candidate, validate_candidate_json, validate_candidates_json, validate_document,
    AcceptedPlainCandidate, PlainCandidate, Utf16Text, ValidateOptions, Validation,
};

// The crate's JSON reader and writer (what `validate_candidate` and the
// response types read), named for the crate root.
pub use json::{
    parse as parse_json, Document as JsonDocument, ParseError as JsonParseError,
    Value as JsonValue, WriteJson, MAX_DEPTH as MAX_JSON_DEPTH,
};

// The Candidates API contract: operations, paths, response types, and the
// rules for the key (where it may go, how it is kept out of what is shown).
pub use api::responses::{
    check as check_response, decode as decode_response, encode as encode_response,
    AgentFormSummary, AgentResumeSummary, AgentSMSSummary, AgentSummary, AgentWebInterviewSummary,
    ApiError, ApiErrorDetail, ApiErrorResponse, AsyncIngestResponse,
    BulkIngestCandidateResponseItem, CandidateResponse, CandidateWorkflow, DecodeError,
    DecodeErrorKind, FieldShape, FromJson, HttpValidationError, IngestCandidateResponse,
    InvalidNumber, ListResponse, Number, PaginationMeta, Shape, ShapeKind, SingleResponse,
    ValidationErrorItem, WorkflowStepStatus,
};
pub use api::{
    check_transport_url, contains_secret, is_loopback_host, is_unfollowed_redirect,
    parse_http_date_ms, percent_encode_segment, posting_path, redact, retry_after_ms, Endpoint,
    SecretForms, DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES, REDACTED,
};

// Sending: build a request, decide a retry, read the answer.
pub use client::{
    build_ingest_request, check_ingest_response, classify_network_failure, next_retry_delay_ms,
    read_ingest_response, response_too_large, Attempt, Failure, FailureKind, HttpResponse,
    IngestRequest, IngestSuccess, NetworkFailure, RequestOptions, RetryPolicy, ServerIssue,
    CLIENT_NAME, RESPONSE_HEADERS_READ,
};
pub use error::{Error, ErrorKind};
