//! Validate job candidates exactly as HeyMilo's Candidates API expects them,
//! and send them there, natively or from any JavaScript runtime.
//!
//! The same rules run in the browser form, in the edge worker that holds the
//! API key, and in server-side code, so they never disagree.
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
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod candidate;
pub mod client;
#[cfg(feature = "edge")]
pub mod edge;
pub mod email;
mod error;
pub mod fastapi;
pub mod headers;
pub mod issue;
pub mod json;
pub mod phone;
pub mod responses;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod secret;
mod serde_impls;
#[cfg(any(feature = "edge", feature = "sandbox"))]
pub mod turnstile;
pub mod validate;
#[cfg(target_arch = "wasm32")]
mod wasm;

#[cfg(all(
    target_arch = "wasm32",
    feature = "call-arena",
    any(feature = "edge", feature = "sandbox")
))]
compile_error!("the call-arena allocator reuses memory after each call; the edge and sandbox builds keep state between calls");

#[cfg(all(target_arch = "wasm32", feature = "call-arena"))]
#[global_allocator]
static ALLOCATOR: call_arena::CallArena = call_arena::CallArena::new();

pub use candidate::CandidateIngestRequest;
pub use client::{
    build_ingest_request, read_ingest_response, Endpoint, Failure, FailureKind, HttpResponse,
    IngestRequest, IngestSuccess, RequestOptions, RetryPolicy,
};
pub use email::normalize_email;
pub use error::{Error, ErrorKind};
pub use issue::{Issue, IssueCode, PathSegment};
pub use phone::normalize_phone_number;
pub use responses::IngestCandidateResponse;
pub use validate::{
    accept_plain_candidate, validate_candidate, validate_candidate_json, validate_candidates_json,
    AcceptedPlainCandidate, PlainCandidate, ValidateOptions, Validation,
};
