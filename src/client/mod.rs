//! The ingest client, sans-IO: building requests, deciding retries, reading
//! responses. The JavaScript package drives it over `fetch`; a Rust service
//! can drive it with any HTTP client. It stands on [`crate::api`] (paths,
//! bodies, envelopes, where the key may go) like the edge and the sandbox,
//! and neither of them imports it.

pub(crate) mod network;
pub(crate) mod outcome;
pub(crate) mod request;
pub(crate) mod retry;

pub use network::{classify_network_failure, NetworkFailure};
pub use outcome::{
    check_ingest_response, read_ingest_response, response_too_large, Failure, FailureKind,
    HttpResponse, IngestSuccess, ServerIssue, RESPONSE_HEADERS_READ,
};
pub use request::{build_ingest_request, IngestRequest, RequestOptions, CLIENT_NAME};
pub use retry::{next_retry_delay_ms, Attempt, RetryPolicy};
