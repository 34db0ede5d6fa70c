//! The ingest client, sans-IO: building requests, deciding retries, reading
//! responses. The JavaScript package drives it over `fetch`; a Rust service
//! can drive it with any HTTP client.

pub mod endpoint;
pub mod http_date;
pub mod network;
pub mod outcome;
pub mod request;
pub mod retry;
pub mod transport;

pub use endpoint::Endpoint;
pub use network::{classify_network_failure, NetworkFailure};
pub use outcome::{
    read_ingest_response, Failure, FailureKind, HttpResponse, IngestSuccess, ServerIssue,
};
pub use request::{build_ingest_request, IngestRequest, RequestOptions, DEFAULT_BASE_URL};
pub use retry::{next_retry_delay_ms, Attempt, RetryPolicy};
pub use transport::{
    check_transport_url, is_loopback_host, is_unfollowed_redirect, DEFAULT_MAX_RESPONSE_BYTES,
};
