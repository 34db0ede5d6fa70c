//! The four ingest operations of the Candidates API.

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
