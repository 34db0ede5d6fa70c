//! The four ingest operations of the Candidates API and their paths: the
//! posting id is encoded into its segment here ([`posting_path`]) and read
//! back from a raw path here ([`split_ingest_path`]), each exactly once.

#[cfg(any(feature = "edge", feature = "sandbox"))]
use super::percent::percent_decode;
use super::percent::percent_encode_segment;
use crate::issue::{Issue, IssueCode, PathSegment};

/// HeyMilo's production API.
pub const DEFAULT_BASE_URL: &str = "https://api.heymilo.ai";
/// The path every Candidates API route starts with.
pub(crate) const API_PREFIX: &str = "/api/v2";
/// What precedes the posting segment in every ingest path.
const POSTINGS_PREFIX: &str = "/api/v2/postings/";

/// One of HeyMilo's candidate ingest operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `POST /api/v2/postings/{posting_id}/candidates` (201).
    Single,
    /// `POST /api/v2/postings/{posting_id}/candidates/bulk` (201).
    Bulk,
    /// `POST /api/v2/postings/{posting_id}/candidates/async` (202).
    SingleAsync,
    /// `POST /api/v2/postings/{posting_id}/candidates/bulk/async` (202).
    BulkAsync,
}

impl Endpoint {
    /// Every endpoint.
    pub const ALL: [Endpoint; 4] = [
        Endpoint::Single,
        Endpoint::Bulk,
        Endpoint::SingleAsync,
        Endpoint::BulkAsync,
    ];

    /// What follows `/candidates` in the path.
    pub fn path_suffix(self) -> &'static str {
        match self {
            Endpoint::Single => "",
            Endpoint::Bulk => "/bulk",
            Endpoint::SingleAsync => "/async",
            Endpoint::BulkAsync => "/bulk/async",
        }
    }

    /// The status HeyMilo answers on success.
    pub fn success_status(self) -> u16 {
        if self.is_async() {
            202
        } else {
            201
        }
    }

    /// Whether the operation only queues a job (answered 202). Each job still
    /// becomes a candidate, so retries treat it like the sync operations.
    pub fn is_async(self) -> bool {
        matches!(self, Endpoint::SingleAsync | Endpoint::BulkAsync)
    }

    /// Whether the body is a list of candidates (`{"data":[…]}`).
    pub fn is_bulk(self) -> bool {
        matches!(self, Endpoint::Bulk | Endpoint::BulkAsync)
    }

    /// The OpenAPI operation id.
    pub fn operation_id(self) -> &'static str {
        match self {
            Endpoint::Single => "ingestCandidate",
            Endpoint::Bulk => "ingestCandidatesBulk",
            Endpoint::SingleAsync => "ingestCandidateAsync",
            Endpoint::BulkAsync => "ingestCandidatesBulkAsync",
        }
    }

    /// The endpoint for an operation id.
    pub fn from_operation_id(id: &str) -> Option<Endpoint> {
        Endpoint::ALL.into_iter().find(|e| e.operation_id() == id)
    }

    /// The endpoint whose path ends with `suffix` (what follows `/candidates`).
    pub fn from_path_suffix(suffix: &str) -> Option<Endpoint> {
        Endpoint::ALL
            .into_iter()
            .find(|e| e.path_suffix() == suffix)
    }
}

/// `/api/v2/postings/{posting_id}/candidates` with the id percent-encoded as
/// exactly one path segment.
pub fn posting_path(posting_id: &str) -> Result<String, Issue> {
    let at = || vec![PathSegment::from("postingId")];
    if posting_id.trim().is_empty() {
        return Err(Issue::new(
            at(),
            IssueCode::Blank,
            "A posting id is required.",
        ));
    }
    // "." and ".." (in any encoding) are removed by URL normalization, so no
    // encoding can keep them a segment; no real posting id looks like that.
    if posting_id == "." || posting_id == ".." {
        return Err(Issue::new(
            at(),
            IssueCode::InvalidPostingId,
            "A posting id cannot be \".\" or \"..\".",
        ));
    }
    let mut path = String::with_capacity(posting_id.len() + 40);
    path.push_str(POSTINGS_PREFIX);
    percent_encode_segment(posting_id, &mut path);
    path.push_str("/candidates");
    Ok(path)
}

#[cfg(any(feature = "edge", feature = "sandbox"))]
/// The decoded posting id and the endpoint suffix (what follows
/// `/candidates`, e.g. `"/bulk"`, or `""`) of a raw, still percent-encoded
/// `path` of the form `/api/v2/postings/{posting_id}/candidates…`; `None`
/// when it is not of that form or the segment does not decode.
///
/// The path is compared byte for byte, so `..`, `%2e%2e`, `//` or a changed
/// case simply fail; only the posting segment is percent-decoded, once.
/// The suffix is not checked: pass it to [`Endpoint::from_path_suffix`].
pub(crate) fn split_ingest_path(path: &str) -> Option<(String, &str)> {
    let (raw_posting, tail) = path.strip_prefix(POSTINGS_PREFIX)?.split_once('/')?;
    let suffix = tail.strip_prefix("candidates")?;
    Some((percent_decode(raw_posting)?, suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posting_id_is_one_encoded_segment() {
        assert_eq!(
            posting_path("a/b").unwrap(),
            "/api/v2/postings/a%2Fb/candidates"
        );
        assert_eq!(
            posting_path("ü ?#%").unwrap(),
            "/api/v2/postings/%C3%BC%20%3F%23%25/candidates"
        );
        assert_eq!(posting_path("").unwrap_err().code, IssueCode::Blank);
        assert_eq!(posting_path("  ").unwrap_err().code, IssueCode::Blank);
        assert_eq!(
            posting_path("..").unwrap_err().code,
            IssueCode::InvalidPostingId
        );
        assert_eq!(
            posting_path("...").unwrap(),
            "/api/v2/postings/.../candidates"
        );
    }

    #[test]
    fn ingest_paths_split_into_the_decoded_posting_and_the_suffix() {
        for endpoint in Endpoint::ALL {
            let path = format!(
                "{}{}",
                posting_path("a/b ü").unwrap(),
                endpoint.path_suffix()
            );
            let (posting, suffix) = split_ingest_path(&path).unwrap();
            assert_eq!(posting, "a/b ü");
            assert_eq!(Endpoint::from_path_suffix(suffix), Some(endpoint));
        }
        for path in [
            "/api/v2/postings/p1",
            "/api/v2/postings/p1/candidate",
            "/API/v2/postings/p1/candidates",
            "/api/v2/postings/%zz/candidates",
            "api/v2/postings/p1/candidates",
        ] {
            assert_eq!(split_ingest_path(path), None, "{path}");
        }
        assert_eq!(
            split_ingest_path("/api/v2/postings/p1/candidates/bulk/"),
            Some(("p1".to_owned(), "/bulk/"))
        );
    }
}
