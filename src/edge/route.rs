//! Matching a raw request path against the ingest routes.
//!
//! The path is matched still percent-encoded, segment by segment and byte for
//! byte, so `..`, `%2e%2e`, `//`, a trailing `/`, a changed case or a
//! look-alike character simply fails to match. Only the posting segment is
//! percent-decoded, exactly once.

use crate::api::{split_ingest_path, Endpoint};

/// The endpoint and (decoded) posting id of `raw_path`, if it is one of the
/// ingest routes under `base` with the endpoint enabled.
pub(super) fn match_route(
    raw_path: &str,
    base: &[String],
    bulk: bool,
    asynchronous: bool,
) -> Option<(Endpoint, String)> {
    let mut rest = raw_path;
    for expected in base {
        rest = rest.strip_prefix('/')?.strip_prefix(expected.as_str())?;
    }
    let (posting, suffix) = split_ingest_path(rest)?;
    let endpoint = Endpoint::from_path_suffix(suffix)?;
    enabled(endpoint, bulk, asynchronous).then_some((endpoint, posting))
}

/// Whether the configuration serves `endpoint`.
pub(super) fn enabled(endpoint: Endpoint, bulk: bool, asynchronous: bool) -> bool {
    (bulk || !endpoint.is_bulk()) && (asynchronous || !endpoint.is_async())
}
