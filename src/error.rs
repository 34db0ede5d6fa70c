//! [`Error`]: the one error type of the crate's fallible calls, opaque like
//! reqwest's, asked with predicates rather than matched on.

use crate::api::responses::DecodeError;
use crate::client::{Failure, FailureKind, NetworkFailure, ServerIssue};
use crate::issue::Issue;
use crate::validate::Validation;
use std::fmt;

/// Why a candidate was not validated, sent or understood.
///
/// Ask it what happened with [`Error::kind`] and the predicates; its
/// `Display` is one sentence for logs, with the API key already removed
/// (everything in it that came from a server passed through
/// [`crate::redact`] when the [`Failure`] was read).
///
/// ```
/// use heymilo_ingest::{validate_candidate_json, ErrorKind, ValidateOptions};
///
/// let err = validate_candidate_json(br#"{"name":"Ada"}"#, ValidateOptions::default())
///     .into_result()
///     .unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Validation);
/// assert_eq!(err.issues()[0].to_string(), "email: The email is required. (required)");
/// assert_eq!(err.status(), None);
/// ```
pub struct Error {
    inner: Box<Inner>,
}

/// What kind of [`Error`]. More kinds may come; match with a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The candidate did not pass validation: see [`Error::issues`].
    Validation,
    /// The answer is a failure of this kind: an error status, a redirect
    /// (never followed) or an answer past the size cap; see [`Error::status`]
    /// and [`Error::failure`] (a 2xx whose body is not the documented one is
    /// [`ErrorKind::MalformedResponse`]).
    Status(FailureKind),
    /// A success status with a body that is not the documented JSON.
    MalformedResponse,
    /// A body (or serde input) that does not decode as the documented type.
    Decode,
    /// The request did not complete in time.
    Timeout,
    /// The request failed below HTTP; [`NetworkFailure::NotSent`] means it
    /// certainly never reached the server.
    Network(NetworkFailure),
}

enum Inner {
    Validation(Vec<Issue>),
    Failure(Failure),
    Decode(DecodeError),
    Timeout,
    Network(NetworkFailure, String),
}

impl Error {
    /// A timeout, for an HTTP client that gave up waiting.
    pub fn timeout() -> Error {
        Error::new(Inner::Timeout)
    }

    /// A failure below HTTP, with the HTTP client's description of it
    /// (classify it with [`crate::classify_network_failure`]).
    pub fn network(failure: NetworkFailure, description: impl Into<String>) -> Error {
        Error::new(Inner::Network(failure, description.into()))
    }

    fn new(inner: Inner) -> Error {
        Error {
            inner: Box::new(inner),
        }
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        match &*self.inner {
            Inner::Validation(_) => ErrorKind::Validation,
            Inner::Failure(f) if f.kind == FailureKind::MalformedResponse => {
                ErrorKind::MalformedResponse
            }
            Inner::Failure(f) => ErrorKind::Status(f.kind),
            Inner::Decode(_) => ErrorKind::Decode,
            Inner::Timeout => ErrorKind::Timeout,
            Inner::Network(n, _) => ErrorKind::Network(*n),
        }
    }

    /// Whether the candidate failed validation.
    pub fn is_validation(&self) -> bool {
        matches!(&*self.inner, Inner::Validation(_))
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(&*self.inner, Inner::Timeout)
    }

    /// Whether the request failed below HTTP.
    pub fn is_network(&self) -> bool {
        matches!(&*self.inner, Inner::Network(..))
    }

    /// Whether HeyMilo answered with an error status.
    pub fn is_status(&self) -> bool {
        matches!(self.kind(), ErrorKind::Status(_))
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match &*self.inner {
            Inner::Failure(f) => Some(f.status),
            _ => None,
        }
    }

    /// The validation issues (empty unless [`ErrorKind::Validation`]).
    pub fn issues(&self) -> &[Issue] {
        match &*self.inner {
            Inner::Validation(issues) => issues,
            _ => &[],
        }
    }

    /// The field problems the server reported with a 422 (empty otherwise).
    pub fn server_issues(&self) -> &[ServerIssue] {
        match &*self.inner {
            Inner::Failure(f) => &f.issues,
            _ => &[],
        }
    }

    /// The server's request id, when it sent one.
    pub fn request_id(&self) -> Option<&str> {
        match &*self.inner {
            Inner::Failure(f) => f.request_id.as_deref(),
            _ => None,
        }
    }

    /// How long the server asked to wait before trying again (429, 503).
    pub fn retry_after_ms(&self) -> Option<u64> {
        match &*self.inner {
            Inner::Failure(f) => f.retry_after_ms,
            _ => None,
        }
    }

    /// Everything the server said, for an answer with an error status or a
    /// malformed body.
    pub fn failure(&self) -> Option<&Failure> {
        match &*self.inner {
            Inner::Failure(f) => Some(f),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.inner {
            Inner::Validation(issues) => {
                f.write_str("invalid candidate")?;
                for (i, issue) in issues.iter().enumerate() {
                    f.write_str(if i == 0 { ": " } else { "; " })?;
                    fmt::Display::fmt(issue, f)?;
                }
                Ok(())
            }
            Inner::Failure(failure) => f.write_str(&failure.message),
            Inner::Decode(e) => write!(f, "undocumented response: {e}"),
            Inner::Timeout => f.write_str("the request timed out"),
            Inner::Network(NetworkFailure::NotSent, text) => {
                write!(f, "the request was not sent: {text}")
            }
            Inner::Network(NetworkFailure::Lost, text) => {
                write!(f, "the request may have reached the server: {text}")
            }
        }
    }
}

/// Shows the kind and the sentence, not the boxed internals.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind())
            .field("message", &self.to_string())
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.inner {
            Inner::Decode(e) => Some(e),
            _ => None,
        }
    }
}

impl From<Vec<Issue>> for Error {
    fn from(issues: Vec<Issue>) -> Error {
        Error::new(Inner::Validation(issues))
    }
}

impl From<Failure> for Error {
    fn from(failure: Failure) -> Error {
        Error::new(Inner::Failure(failure))
    }
}

impl From<Box<Failure>> for Error {
    fn from(failure: Box<Failure>) -> Error {
        Error::from(*failure)
    }
}

impl From<DecodeError> for Error {
    fn from(error: DecodeError) -> Error {
        Error::new(Inner::Decode(error))
    }
}

// Here rather than in `validate`, so the core does not depend on the
// error type, which stands on the client's failures.
impl<T> Validation<T> {
    /// The value, or an [`Error`] of kind [`ErrorKind::Validation`] holding the issues.
    pub fn into_result(self) -> Result<T, Error> {
        self.value.ok_or_else(|| Error::from(self.issues))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Endpoint;
    use crate::client::{read_ingest_response, HttpResponse};
    use crate::{validate_candidate_json, IssueCode, ValidateOptions};

    fn failure(status: u16, headers: &[(String, String)], body: &str) -> Error {
        let response = HttpResponse {
            status,
            headers,
            body: body.as_bytes(),
            url: "https://api.heymilo.ai/api/v2/postings/P1/candidates",
        };
        read_ingest_response(Endpoint::Single, response, 0, "sk_live_secret")
            .unwrap_err()
            .into()
    }

    #[test]
    fn validation_errors_carry_every_issue() {
        let err =
            validate_candidate_json(br#"{"name":"","email":"x"}"#, ValidateOptions::default())
                .into_result()
                .unwrap_err();
        assert!(err.is_validation() && !err.is_timeout() && !err.is_status());
        let codes: Vec<_> = err.issues().iter().map(|i| i.code).collect();
        assert_eq!(codes, [IssueCode::Blank, IssueCode::InvalidEmail]);
        let text = err.to_string();
        assert!(text.starts_with("invalid candidate: name: "), "{text}");
        assert!(text.contains("; email: "), "{text}");
    }

    #[test]
    fn status_errors_answer_every_predicate() {
        let headers = [
            ("Retry-After".to_owned(), "2".to_owned()),
            ("X-Request-Id".to_owned(), "req_42".to_owned()),
        ];
        let body = r#"{"error":{"type":"rate_limit_error","code":"rate_limited","message":"Slow down sk_live_secret"}}"#;
        let err = failure(429, &headers, body);
        assert_eq!(err.kind(), ErrorKind::Status(FailureKind::RateLimit));
        assert_eq!(err.status(), Some(429));
        assert_eq!(err.request_id(), Some("req_42"));
        assert_eq!(err.retry_after_ms(), Some(2000));
        assert!(err.is_status() && err.issues().is_empty());
        assert!(!err.to_string().contains("sk_live_secret"), "{err}");
        assert!(!format!("{err:?}").contains("sk_live_secret"), "{err:?}");
    }

    #[test]
    fn a_422_keeps_the_servers_issues() {
        let body = r#"{"detail":[{"loc":["body","email"],"msg":"value is not a valid email address","type":"value_error"}]}"#;
        let err = failure(422, &[], body);
        assert_eq!(err.status(), Some(422));
        assert_eq!(err.server_issues().len(), 1);
        assert!(err.issues().is_empty());
    }

    #[test]
    fn a_malformed_success_is_its_own_kind() {
        let err = failure(201, &[], "<html>");
        assert_eq!(err.kind(), ErrorKind::MalformedResponse);
        assert!(!err.is_status());
    }

    #[test]
    fn transport_errors_say_whether_anything_was_sent() {
        assert!(Error::timeout().is_timeout());
        let refused = Error::network(NetworkFailure::NotSent, "ECONNREFUSED");
        assert_eq!(refused.kind(), ErrorKind::Network(NetworkFailure::NotSent));
        assert_eq!(
            refused.to_string(),
            "the request was not sent: ECONNREFUSED"
        );
        assert!(Error::network(NetworkFailure::Lost, "reset")
            .to_string()
            .contains("may have reached"));
    }

    #[test]
    fn it_is_a_std_error_that_travels() {
        fn assert_traits<E: std::error::Error + Send + Sync + 'static>() {}
        assert_traits::<Error>();
        let decode =
            crate::api::responses::decode::<crate::api::responses::IngestCandidateResponse>(b"{}")
                .unwrap_err();
        let err = Error::from(decode);
        assert_eq!(err.kind(), ErrorKind::Decode);
        assert!(std::error::Error::source(&err).is_some());
    }
}
