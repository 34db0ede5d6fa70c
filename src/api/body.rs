//! The request body of the ingest operations, read and written once: the
//! edge reads what a browser posts to it and the sandbox what a client posts
//! to HeyMilo's routes, both with [`read_ingest_body`]; the client and the
//! edge write what goes to HeyMilo with [`IngestBody::to_json`]. So the edge
//! refuses exactly what the sandbox (standing in for HeyMilo) refuses.
//!
//! The contract's bodies: a single ingest is one `CandidateIngestRequest`
//! object; a bulk ingest is `{"data": [CandidateIngestRequest, …]}` with at
//! least one row.

#[cfg(any(feature = "edge", feature = "sandbox"))]
use crate::api::Endpoint;
use crate::candidate::CandidateIngestRequest;
use crate::issue::{Issue, IssueCode};
use crate::json::{Document, Value, WriteJson};
#[cfg(any(feature = "edge", feature = "sandbox"))]
use crate::validate::validate_document;
use crate::validate::{validate_bulk_document, ValidateOptions};

/// The validated candidate(s) of one ingest request.
#[cfg(any(feature = "edge", feature = "sandbox"))]
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum IngestBody {
    /// The body of a single ingest.
    Single(CandidateIngestRequest),
    /// The rows of a bulk ingest (at least one).
    Bulk(Vec<CandidateIngestRequest>),
}

/// Why a body was refused: every issue, and whether their paths start
/// below `data` (a bulk body's rows and `data` itself) rather than at the
/// body's root, which is where a FastAPI `loc` puts them.
#[cfg(any(feature = "edge", feature = "sandbox"))]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BodyIssues {
    /// Every problem found.
    pub issues: Vec<Issue>,
    /// Whether the paths are relative to `data`.
    pub through_data: bool,
}

#[cfg(any(feature = "edge", feature = "sandbox"))]
impl IngestBody {
    /// The body's JSON as HeyMilo takes it: the normalized fields only.
    pub fn to_json(&self) -> String {
        match self {
            IngestBody::Single(candidate) => candidate.to_json(),
            IngestBody::Bulk(rows) => bulk_body_json(rows),
        }
    }

    /// The candidates, in order.
    #[cfg(feature = "sandbox")]
    pub fn into_candidates(self) -> Vec<CandidateIngestRequest> {
        match self {
            IngestBody::Single(candidate) => vec![candidate],
            IngestBody::Bulk(rows) => rows,
        }
    }
}

/// The JSON of a bulk body, `{"data":[…]}`, for `rows` (a single body is
/// the candidate's own JSON: [`CandidateIngestRequest::to_json`]).
pub(crate) fn bulk_body_json(rows: &[CandidateIngestRequest]) -> String {
    let mut out = String::with_capacity(256);
    out.push_str("{\"data\":");
    rows.write_json(&mut out);
    out.push('}');
    out
}

#[cfg(any(feature = "edge", feature = "sandbox"))]
/// Reads the parsed body of a request to `endpoint`, validating every
/// candidate with `options`.
pub(crate) fn read_ingest_body(
    endpoint: Endpoint,
    document: Document,
    options: ValidateOptions<'_>,
) -> Result<IngestBody, BodyIssues> {
    if !endpoint.is_bulk() {
        let outcome = validate_document(&document, options);
        return outcome.value.map(IngestBody::Single).ok_or(BodyIssues {
            issues: outcome.issues,
            through_data: false,
        });
    }
    let one = |code, message: String, through_data| {
        Err(BodyIssues {
            issues: vec![Issue::new(Vec::new(), code, message)],
            through_data,
        })
    };
    let rows_document = document.member("data");
    let entries = match document.value {
        Value::Object(entries) => entries,
        other => {
            let message = format!(
                "Expected an object with a data list, got {}.",
                other.type_name()
            );
            return one(IssueCode::InvalidType, message, false);
        }
    };
    let Some((_, rows)) = entries.into_iter().find(|(key, _)| key == "data") else {
        return one(IssueCode::Required, "Field required".to_owned(), true);
    };
    let rows = Document {
        value: rows,
        ..rows_document.unwrap_or_default()
    };
    read_rows(&rows, options)
        .map(IngestBody::Bulk)
        .map_err(|issues| BodyIssues {
            issues,
            through_data: true,
        })
}

/// Reads a list of candidates (a bulk body's `data`, or the list a caller
/// hands the client): at least one, each valid. Paths start at the row index.
pub(crate) fn read_rows(
    rows: &Document,
    options: ValidateOptions<'_>,
) -> Result<Vec<CandidateIngestRequest>, Vec<Issue>> {
    if matches!(&rows.value, Value::Array(list) if list.is_empty()) {
        return Err(vec![Issue::new(
            Vec::new(),
            IssueCode::TooFewItems,
            "A bulk request needs at least one candidate.",
        )]);
    }
    // `value` is `Some` exactly when there are no issues.
    let outcome = validate_bulk_document(rows, options);
    outcome.value.ok_or(outcome.issues)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    fn read(endpoint: Endpoint, body: &str) -> Result<IngestBody, BodyIssues> {
        read_ingest_body(
            endpoint,
            json::parse(body.as_bytes()).unwrap(),
            ValidateOptions::default(),
        )
    }

    fn refusal(endpoint: Endpoint, body: &str) -> (Vec<IssueCode>, bool) {
        let refused = read(endpoint, body).unwrap_err();
        let codes = refused.issues.iter().map(|issue| issue.code).collect();
        (codes, refused.through_data)
    }

    #[test]
    fn valid_bodies_are_written_back_normalized() {
        let single = read(
            Endpoint::Single,
            r#"{"name":" Ada ","email":"ada@EXAMPLE.com","x":1}"#,
        );
        assert_eq!(
            single.unwrap().to_json(),
            r#"{"name":"Ada","email":"ada@example.com"}"#
        );
        let bulk = read(
            Endpoint::BulkAsync,
            r#"{"data":[{"name":"A","email":"a@b.co"}],"x":1}"#,
        );
        let bulk = bulk.unwrap();
        assert_eq!(
            bulk.to_json(),
            r#"{"data":[{"name":"A","email":"a@b.co"}]}"#
        );
        assert_eq!(bulk.into_candidates().len(), 1);
    }

    #[test]
    fn each_refusal_says_where_its_paths_start() {
        use IssueCode::*;
        assert_eq!(
            refusal(Endpoint::Single, r#"{"name":""}"#),
            (vec![Blank, Required], false)
        );
        assert_eq!(refusal(Endpoint::Bulk, "[]"), (vec![InvalidType], false));
        assert_eq!(refusal(Endpoint::Bulk, "{}"), (vec![Required], true));
        assert_eq!(
            refusal(Endpoint::Bulk, r#"{"data":{}}"#),
            (vec![InvalidType], true)
        );
        assert_eq!(
            refusal(Endpoint::Bulk, r#"{"data":[]}"#),
            (vec![TooFewItems], true)
        );
        let rows = read(
            Endpoint::Bulk,
            r#"{"data":[{"name":"A","email":"a@b.co"},{}]}"#,
        );
        let rows = rows.unwrap_err();
        assert!(rows.through_data);
        assert!(rows.issues.iter().all(|issue| issue.path[0] == 1.into()));
    }
}
