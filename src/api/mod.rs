//! The contracts the crate speaks on the wire, each written down once:
//! HeyMilo's Candidates API (`candidates-openapi.yml`, `errors.yml`,
//! `rate-limits.yml`) and Cloudflare's Turnstile siteverify, which the edge
//! calls and the sandbox stands in for.
//!
//! The client, the edge handler and the sandbox are siblings on top of this
//! layer and never import each other: what two of them must agree on (a
//! path, a body, an envelope, a date, where the key may go, how it is kept
//! out of answers) lives here. This layer imports only the core (`json`,
//! `issue`, `candidate`, `validate`), never its users.

mod body;
mod endpoint;
#[cfg(any(feature = "edge", feature = "sandbox"))]
mod envelope;
mod fastapi;
mod headers;
mod http_date;
mod percent;
pub(crate) mod responses;
mod secret;
mod serde_impls;
mod transport;
#[cfg(any(feature = "edge", feature = "sandbox"))]
pub(crate) mod turnstile;

pub(crate) use body::{bulk_body_json, read_rows};
#[cfg(any(feature = "edge", feature = "sandbox"))]
pub(crate) use body::{read_ingest_body, BodyIssues};
#[cfg(any(feature = "edge", feature = "sandbox"))]
pub(crate) use endpoint::split_ingest_path;
pub(crate) use endpoint::API_PREFIX;
pub use endpoint::{posting_path, Endpoint, DEFAULT_BASE_URL};
#[cfg(any(feature = "edge", feature = "sandbox"))]
pub(crate) use envelope::error_body;
#[cfg(feature = "sandbox")]
pub(crate) use fastapi::write_query_error;
#[cfg(any(feature = "edge", feature = "sandbox"))]
pub(crate) use fastapi::write_validation_error;
pub(crate) use fastapi::{issue_from_detail, Detail};
pub(crate) use headers::first_header;
#[cfg(feature = "sandbox")]
pub(crate) use http_date::{civil_from_days, days_from_civil, format_http_date};
pub use http_date::{parse_http_date_ms, retry_after_ms};
#[cfg(feature = "sandbox")]
pub(crate) use percent::percent_decode;
pub use percent::percent_encode_segment;
pub use secret::{contains_secret, redact, SecretForms, REDACTED};
pub use transport::{
    check_transport_url, is_loopback_host, is_unfollowed_redirect, DEFAULT_MAX_RESPONSE_BYTES,
};
