//! Reading an ingest response: the typed success body (or only the verdict
//! that it is the documented one), or a typed failure that says what the
//! caller should do. Nothing the server sends is shown without first
//! removing the API key from it.

use crate::api::is_unfollowed_redirect;
use crate::api::redact;
use crate::api::responses::{
    check, check_shape, decode, parse_body, ApiErrorResponse, AsyncIngestResponse,
    BulkIngestCandidateResponseItem, DecodeError, FromJson, IngestCandidateResponse, Shape,
    SingleResponse,
};
use crate::api::retry_after_ms;
use crate::api::Endpoint;
use crate::api::{issue_from_detail, Detail};
use crate::issue::PathSegment;
use crate::json::Value;

/// A response as received.
#[derive(Debug, Clone, Copy)]
pub struct HttpResponse<'a> {
    /// HTTP status.
    pub status: u16,
    /// Header names (any case) and values.
    pub headers: &'a [(String, String)],
    /// The body bytes.
    pub body: &'a [u8],
    /// The URL that answered (the request's, or where a redirect led; may be
    /// empty). Messages name it when the answer is not HeyMilo's.
    pub url: &'a str,
}

impl HttpResponse<'_> {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        crate::api::first_header(self.headers, name)
    }
}

/// A successful ingest, typed by endpoint.
#[derive(Debug, Clone, PartialEq)]
pub enum IngestSuccess {
    /// From [`Endpoint::Single`] (boxed: the receipt is large).
    Single(Box<SingleResponse<IngestCandidateResponse>>),
    /// From [`Endpoint::Bulk`].
    Bulk(SingleResponse<Vec<BulkIngestCandidateResponseItem>>),
    /// From the async endpoints.
    Queued(SingleResponse<AsyncIngestResponse>),
}

/// What kind of failure, which decides what the caller should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailureKind {
    /// 400: the request was malformed; fix it, do not retry.
    BadRequest,
    /// 401: the API key is missing or wrong; fix the configuration.
    Authentication,
    /// 403: the key may not do this.
    PermissionDenied,
    /// 404: the posting does not exist (or is not in this workspace).
    NotFound,
    /// 422: the server rejected fields; see the issues.
    UnprocessableEntity,
    /// 429: too many requests; wait `retry_after_ms` and try again.
    RateLimit,
    /// 5xx: the server failed; the candidate may or may not have been created.
    InternalServer,
    /// Any other non-success status.
    OtherStatus,
    /// A success status whose body is not the documented JSON.
    MalformedResponse,
    /// A 3xx (or a browser's opaque redirect, status 0): not followed, since
    /// that would send the key elsewhere. Not retried; fix the base URL.
    Redirect,
    /// The answer was longer than the configured limit; reading stopped
    /// there. Not retried: on a 2xx the candidate was probably created.
    ResponseTooLarge,
}

impl FailureKind {
    /// The JavaScript error class name.
    pub fn error_name(self) -> &'static str {
        match self {
            FailureKind::BadRequest => "BadRequestError",
            FailureKind::Authentication => "AuthenticationError",
            FailureKind::PermissionDenied => "PermissionDeniedError",
            FailureKind::NotFound => "NotFoundError",
            FailureKind::UnprocessableEntity => "UnprocessableEntityError",
            FailureKind::RateLimit => "RateLimitError",
            FailureKind::InternalServer => "InternalServerError",
            FailureKind::OtherStatus => "APIError",
            FailureKind::MalformedResponse => "MalformedResponseError",
            FailureKind::Redirect => "RedirectError",
            FailureKind::ResponseTooLarge => "ResponseTooLargeError",
        }
    }

    fn of_status(status: u16) -> FailureKind {
        match status {
            400 => FailureKind::BadRequest,
            401 => FailureKind::Authentication,
            403 => FailureKind::PermissionDenied,
            404 => FailureKind::NotFound,
            422 => FailureKind::UnprocessableEntity,
            429 => FailureKind::RateLimit,
            500..=599 => FailureKind::InternalServer,
            _ => FailureKind::OtherStatus,
        }
    }
}

/// One field-level problem reported by the server (422), in the validator's issue shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerIssue {
    /// Path below the request body (rows first for bulk).
    pub path: Vec<PathSegment>,
    /// Our issue code where pydantic's type has an equivalent, else pydantic's type.
    pub code: String,
    /// The server's message.
    pub message: String,
}

/// A failed ingest response, with everything the server said (key removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What kind of failure.
    pub kind: FailureKind,
    /// HTTP status.
    pub status: u16,
    /// `error.type` from the envelope.
    pub error_type: Option<String>,
    /// `error.code` from the envelope.
    pub code: Option<String>,
    /// A sentence for people, starting with the status (`"401 Invalid API
    /// key"`): the server's message, or one made from the status that names
    /// the URL when the answer has no HeyMilo error body.
    pub message: String,
    /// `error.param` from the envelope.
    pub param: Option<String>,
    /// `error.doc_url` from the envelope.
    pub doc_url: Option<String>,
    /// The request id header, when the server sent one.
    pub request_id: Option<String>,
    /// For 429 (and 503 with the header): how long the server asked to wait.
    pub retry_after_ms: Option<u64>,
    /// For 422: the field problems.
    pub issues: Vec<ServerIssue>,
}

const REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "request-id", "x-heymilo-request-id"];
/// Every response header the reading of a response (and the retry decision)
/// looks at: a driver may pass only these (a test checks that the verdict is
/// the same as with all headers).
pub const RESPONSE_HEADERS_READ: [&str; 5] = [
    "retry-after",
    REQUEST_ID_HEADERS[0],
    REQUEST_ID_HEADERS[1],
    REQUEST_ID_HEADERS[2],
    "location",
];
/// How much of a redirect's `Location` a message quotes.
const LOCATION_CHARS: usize = 200;
/// How much of an unexpected body an error message quotes.
const EXCERPT_CHARS: usize = 200;

/// Reads `response` to an ingest call on `endpoint`. `now_ms` resolves an
/// HTTP-date `Retry-After`; `secret` (the API key, or empty) is removed from
/// every string the failure carries.
pub fn read_ingest_response(
    endpoint: Endpoint,
    response: HttpResponse<'_>,
    now_ms: u64,
    secret: &str,
) -> Result<IngestSuccess, Box<Failure>> {
    read_response::<Typed>(endpoint, response, now_ms, secret)
}

/// Like [`read_ingest_response`], without the typed success body: `Ok` when
/// [`read_ingest_response`] is `Ok`, else the very same failure. The success
/// body is only checked against the endpoint's documented shape
/// ([`check`]), so no typed decoder is linked: for callers that have their
/// own reading of the body (the JavaScript client returns `JSON.parse`'s).
pub fn check_ingest_response(
    endpoint: Endpoint,
    response: HttpResponse<'_>,
    now_ms: u64,
    secret: &str,
) -> Result<(), Box<Failure>> {
    read_response::<ShapeOnly>(endpoint, response, now_ms, secret)
}

/// What to do with a success body of type `T`.
trait SuccessReading {
    /// What reading gives.
    type Output;
    /// Reads `body` as a `T`; `wrap` makes a typed success of one.
    fn read<T: FromJson + Shape>(
        body: &[u8],
        wrap: fn(T) -> IngestSuccess,
    ) -> Result<Self::Output, DecodeError>;
}

/// Decode to the typed success.
struct Typed;

impl SuccessReading for Typed {
    type Output = IngestSuccess;
    fn read<T: FromJson + Shape>(
        body: &[u8],
        wrap: fn(T) -> IngestSuccess,
    ) -> Result<IngestSuccess, DecodeError> {
        decode(body).map(wrap)
    }
}

/// Only check the shape.
struct ShapeOnly;

impl SuccessReading for ShapeOnly {
    type Output = ();
    fn read<T: FromJson + Shape>(
        body: &[u8],
        _: fn(T) -> IngestSuccess,
    ) -> Result<(), DecodeError> {
        check::<T>(body).map(drop)
    }
}

/// Reads `response`, with `R` reading a success body; every failure is made here.
fn read_response<R: SuccessReading>(
    endpoint: Endpoint,
    response: HttpResponse<'_>,
    now_ms: u64,
    secret: &str,
) -> Result<R::Output, Box<Failure>> {
    if is_unfollowed_redirect(response.status) {
        return Err(Box::new(redirect(&response, now_ms, secret)));
    }
    if (200..300).contains(&response.status) {
        let body = response.body;
        let read = match endpoint {
            Endpoint::Single => R::read(body, |body: SingleResponse<IngestCandidateResponse>| {
                IngestSuccess::Single(Box::new(body))
            }),
            Endpoint::Bulk => R::read(body, IngestSuccess::Bulk),
            Endpoint::SingleAsync | Endpoint::BulkAsync => R::read(body, IngestSuccess::Queued),
        };
        return read.map_err(|error| Box::new(malformed(&response, &error, now_ms, secret)));
    }
    Err(Box::new(failure(endpoint, &response, now_ms, secret)))
}

/// The failure a non-success `response` means. Its body is read as the
/// contract's error envelope (`APIErrorResponse`), else as a 422 body
/// (`HTTPValidationError`), each only if it has exactly that shape, straight
/// from the parsed value.
fn failure(endpoint: Endpoint, response: &HttpResponse<'_>, now_ms: u64, secret: &str) -> Failure {
    let kind = FailureKind::of_status(response.status);
    let mut failure = Failure {
        kind,
        status: response.status,
        error_type: None,
        code: None,
        message: String::new(),
        param: None,
        doc_url: None,
        request_id: request_id(response, secret),
        retry_after_ms: retry_after_ms(response.header("retry-after"), now_ms),
        issues: Vec::new(),
    };
    let body = parse_body(response.body).ok();
    let error = body
        .as_ref()
        .filter(|body| check_shape(body, ApiErrorResponse::SHAPE).is_ok())
        .and_then(|body| body.get("error"));
    if let Some(error) = error {
        let text = |key: &str| {
            error
                .get(key)
                .and_then(Value::as_str)
                .map(|text| redact(text, secret))
        };
        failure.message = text("message").unwrap_or_default();
        failure.error_type = text("type");
        failure.code = text("code");
        failure.param = text("param");
        failure.doc_url = text("doc_url");
    } else if let Some(details) = body.as_ref().and_then(|body| Detail::list(body).ok()) {
        failure.issues = details
            .iter()
            .map(|item| {
                let (path, code, message) = issue_from_detail(item, endpoint.is_bulk());
                ServerIssue {
                    path: path
                        .into_iter()
                        .map(|segment| match segment {
                            PathSegment::Key(key) => PathSegment::Key(redact(&key, secret)),
                            index => index,
                        })
                        .collect(),
                    code: redact(&code, secret),
                    message: redact(&message, secret),
                }
            })
            .collect();
        failure.message = summarize_issues(&failure.issues);
    } else if response.status == 404 {
        // HeyMilo's 404s have an error envelope: this is most likely a wrong baseUrl.
        failure.message = format!(
            "from {}, which is not HeyMilo's API (no HeyMilo error body): check baseUrl, which is an origin such as https://api.heymilo.ai{}",
            answered_by(response),
            excerpt_suffix(response.body, secret)
        );
    } else {
        failure.message = format!(
            "from {} without a HeyMilo error body{}",
            answered_by(response),
            excerpt_suffix(response.body, secret)
        );
    }
    if failure.message.is_empty() {
        failure.message = "from HeyMilo, with no message.".to_owned();
    }
    failure.message = redact(&format!("{} {}", response.status, failure.message), secret);
    failure
}

/// The URL that answered, for messages, or a stand-in when it is not known.
fn answered_by<'a>(response: &HttpResponse<'a>) -> &'a str {
    if response.url.is_empty() {
        "the server"
    } else {
        response.url
    }
}

fn summarize_issues(issues: &[ServerIssue]) -> String {
    let mut message = String::from("HeyMilo rejected the candidate");
    for (i, issue) in issues.iter().take(3).enumerate() {
        message.push_str(if i == 0 { ": " } else { "; " });
        for segment in &issue.path {
            match segment {
                PathSegment::Key(key) => message.push_str(key),
                PathSegment::Index(index) => message.push_str(&index.to_string()),
            }
            message.push('.');
        }
        if !issue.path.is_empty() {
            message.pop();
            message.push_str(": ");
        }
        message.push_str(&issue.message);
    }
    if issues.len() > 3 {
        message.push_str(&format!(" (and {} more)", issues.len() - 3));
    }
    message.push('.');
    message
}

fn malformed(
    response: &HttpResponse<'_>,
    error: &DecodeError,
    now_ms: u64,
    secret: &str,
) -> Failure {
    Failure {
        kind: FailureKind::MalformedResponse,
        status: response.status,
        error_type: None,
        code: Some(error.code().as_str().to_owned()),
        message: redact(
            &format!(
                "{} from {} with a body that is not the documented response ({error}){}",
                response.status,
                answered_by(response),
                excerpt_suffix(response.body, secret)
            ),
            secret,
        ),
        param: None,
        doc_url: None,
        request_id: request_id(response, secret),
        retry_after_ms: retry_after_ms(response.header("retry-after"), now_ms),
        issues: Vec::new(),
    }
}

fn request_id(response: &HttpResponse<'_>, secret: &str) -> Option<String> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| response.header(name))
        .map(|id| redact(id, secret))
}

/// `": <first characters of the body>."`, or `"."` for an empty body. The
/// excerpt is cut from the body with the key already removed, so a key that
/// straddles the cut (or an encoding of it) never shows in part.
fn excerpt_suffix(body: &[u8], secret: &str) -> String {
    let text = redact(&String::from_utf8_lossy(body), secret);
    let text = text.trim();
    if text.is_empty() {
        return " (empty body).".to_owned();
    }
    let mut excerpt: String = text.chars().take(EXCERPT_CHARS).collect();
    if excerpt.len() < text.len() {
        excerpt.push('…');
    }
    format!(": {excerpt}")
}

/// The failure for a redirect that was not followed.
fn redirect(response: &HttpResponse<'_>, now_ms: u64, secret: &str) -> Failure {
    let to = match response.header("location") {
        Some(location) => {
            let location = redact(location, secret);
            let mut shown: String = location.chars().take(LOCATION_CHARS).collect();
            if shown.len() < location.len() {
                shown.push('…');
            }
            format!(" to {shown}")
        }
        None => String::new(),
    };
    // Like every failure's, the message starts with the status (0 for a
    // browser's opaque redirect, which hides the real one).
    let what = if response.status == 0 {
        "0 redirect (opaque: the browser hides its status)".to_owned()
    } else {
        format!("{} redirect", response.status)
    };
    Failure {
        kind: FailureKind::Redirect,
        status: response.status,
        error_type: None,
        code: Some("redirect_not_followed".to_owned()),
        message: redact(
            &format!(
                "{what} from {}{to}, not followed: the API key and the candidate are only sent to the configured address. Check baseUrl (HeyMilo's is https://api.heymilo.ai).",
                answered_by(response)
            ),
            secret,
        ),
        param: None,
        doc_url: None,
        request_id: request_id(response, secret),
        retry_after_ms: retry_after_ms(response.header("retry-after"), now_ms),
        issues: Vec::new(),
    }
}

/// The failure for an answer whose body was longer than `limit` bytes: what
/// a caller reports after it stopped reading there (the body read so far is
/// not needed and not quoted).
pub fn response_too_large(
    response: HttpResponse<'_>,
    limit: usize,
    now_ms: u64,
    secret: &str,
) -> Failure {
    Failure {
        kind: FailureKind::ResponseTooLarge,
        status: response.status,
        error_type: None,
        code: Some("response_too_large".to_owned()),
        message: redact(
            &format!(
                "{} from {} with a body longer than {limit} bytes (maxResponseBytes); reading stopped there. HeyMilo's answers are far smaller: check baseUrl.",
                response.status,
                answered_by(&response)
            ),
            secret,
        ),
        param: None,
        doc_url: None,
        request_id: request_id(&response, secret),
        retry_after_ms: retry_after_ms(response.header("retry-after"), now_ms),
        issues: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk_test_secret";
    const URL: &str = "https://api.heymilo.ai/api/v2/postings/p/candidates";

    fn with_response<T>(
        headers: &[(&str, &str)],
        status: u16,
        body: &str,
        reading: impl FnOnce(HttpResponse<'_>) -> T,
    ) -> T {
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        reading(HttpResponse {
            status,
            headers: &headers,
            body: body.as_bytes(),
            url: URL,
        })
    }

    fn read(
        endpoint: Endpoint,
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<IngestSuccess, Box<Failure>> {
        with_response(headers, status, body, |r| {
            read_ingest_response(endpoint, r, 0, KEY)
        })
    }

    fn check(
        endpoint: Endpoint,
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<(), Box<Failure>> {
        with_response(headers, status, body, |r| {
            check_ingest_response(endpoint, r, 0, KEY)
        })
    }

    /// The shape-only reading gives `Ok` exactly when the typed one does,
    /// and otherwise the very same failure, on every endpoint and status.
    #[test]
    fn checking_gives_the_typed_reading_verdict_and_failure() {
        let candidate = r#"{"interview_id":"D5","posting_id":"p","name":"N","email":"e@x.io","status":"completed","score":78.5,"workflow":{"steps":[{"step_id":"s","order":1.0,"status":"x","started":true,"completed":false}],"all_complete":false}}"#;
        let bodies = [
            String::new(),
            "<html>502 Bad Gateway sk_test_secret</html>".to_owned(),
            "null".to_owned(),
            "[]".to_owned(),
            r#"{"data":"#.to_owned(),
            r#"{"data":{"interview_id":"A"}}"#.to_owned(),
            r#"{"data":{"interview_id":"A","interview_url":"u","posting_id":"p"},"meta":null}"#
                .to_owned(),
            format!(
                r#"{{"data":{{"interview_id":"A","interview_url":"u","posting_id":"p","candidate":{candidate}}}}}"#
            ),
            candidate.replace("1.0", "1.5"),
            format!(r#"{{"data":{{"interview_id":"A","interview_url":"u","posting_id":"p","candidate":{}}}}}"#, candidate.replace("1.0", "1.5")),
            r#"{"data":[{"interview_id":"A","interview_url":"u","metadata":{"k":"v"}}]}"#.to_owned(),
            r#"{"data":[{"interview_id":"A","interview_url":"u","metadata":{"k":1}}]}"#.to_owned(),
            r#"{"data":{"ingestion_id":"intake_1"}}"#.to_owned(),
            r#"{"data":{"ingestion_id":null}}"#.to_owned(),
            r#"{"data":{"ingestion_id":"i","status":"queued"},"meta":[]}"#.to_owned(),
            r#"{"error":{"type":"rate_limit_error","code":"rate_limited","message":"Slow down","param":null,"doc_url":"https://docs"}}"#.to_owned(),
            r#"{"error":{"type":"t","code":"c","message":"","param":"sk_test_secret","errors":[{"code":"x","message":"m"}]}}"#.to_owned(),
            r#"{"error":{"type":"t","code":"c","message":"m","errors":[{"code":"x"}]}}"#.to_owned(),
            r#"{"error":{"type":"t","code":"c"}}"#.to_owned(),
            r#"{"detail":[{"loc":["body","data",1,"email"],"msg":"field required","type":"missing"}]}"#.to_owned(),
            r#"{"detail":[{"loc":["body","sk_test_secret"],"msg":"m","type":"t","ctx":{"code":"invalid_phone"}},{"loc":[],"msg":"a","type":"b"},{"loc":[0],"msg":"c","type":"d"},{"loc":["x"],"msg":"e","type":"f"}]}"#.to_owned(),
            r#"{"detail":[{"loc":["body",-1],"msg":"m","type":"t"}]}"#.to_owned(),
            r#"{"detail":"Not Found"}"#.to_owned(),
            "{}".to_owned(),
            format!("{}{}", "[".repeat(80), "]".repeat(80)),
        ];
        let mut compared = 0;
        for endpoint in [
            Endpoint::Single,
            Endpoint::Bulk,
            Endpoint::SingleAsync,
            Endpoint::BulkAsync,
        ] {
            for status in [
                200, 201, 202, 299, 400, 401, 403, 404, 418, 422, 429, 500, 503,
            ] {
                for body in &bodies {
                    let headers = [("Retry-After", "3"), ("x-request-id", "req_sk_test_secret")];
                    let typed = read(endpoint, status, &headers, body).map(drop);
                    let checked = check(endpoint, status, &headers, body);
                    assert_eq!(checked, typed, "{endpoint:?} {status} {body}");
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, 4 * 13 * bodies.len());
    }

    /// Passing only [`RESPONSE_HEADERS_READ`] gives the verdict all headers give.
    #[test]
    fn only_the_listed_headers_are_read() {
        let all = [
            ("Content-Type", "application/json"),
            ("Date", "Sat, 28 Nov 2026 13:00:00 GMT"),
            ("Retry-After", "3"),
            ("X-Request-Id", "req_sk_test_secret"),
            ("Request-Id", "req_2"),
            ("X-RateLimit-Remaining", "0"),
            ("Server", "sk_test_secret"),
        ];
        let listed: Vec<(&str, &str)> = all
            .iter()
            .copied()
            .filter(|(name, _)| {
                RESPONSE_HEADERS_READ
                    .iter()
                    .any(|read| name.eq_ignore_ascii_case(read))
            })
            .collect();
        assert_eq!(listed.len(), 3);
        // (Location is read only for redirects, tested below.)
        let bodies = [
            "",
            r#"{"data":{"ingestion_id":"i"}}"#,
            r#"{"error":{"type":"rate_limit_error","code":"rate_limited","message":"Slow down"}}"#,
            r#"{"detail":[{"loc":["body","email"],"msg":"m","type":"t"}]}"#,
        ];
        for endpoint in [Endpoint::Single, Endpoint::SingleAsync] {
            for status in [201, 202, 400, 404, 422, 429, 500, 503] {
                for body in bodies {
                    assert_eq!(
                        read(endpoint, status, &listed, body),
                        read(endpoint, status, &all, body),
                        "{endpoint:?} {status} {body}"
                    );
                    assert_eq!(
                        check(endpoint, status, &listed, body),
                        check(endpoint, status, &all, body)
                    );
                }
            }
        }
    }

    #[test]
    fn success_bodies_are_typed_per_endpoint() {
        let single = read(
            Endpoint::Single,
            201,
            &[],
            r#"{"data":{"interview_id":"D536A69A4090E13F","interview_url":"https://x/i/D5","posting_id":"p","new_field":1}}"#,
        );
        match single {
            Ok(IngestSuccess::Single(response)) => {
                assert_eq!(response.data.interview_id, "D536A69A4090E13F");
                assert_eq!(response.data.extra.len(), 1);
            }
            other => panic!("{other:?}"),
        }
        let queued = read(
            Endpoint::BulkAsync,
            202,
            &[],
            r#"{"data":{"ingestion_id":"intake_1"}}"#,
        );
        assert!(matches!(queued, Ok(IngestSuccess::Queued(r)) if r.data.status == "queued"));
        let bulk = read(
            Endpoint::Bulk,
            201,
            &[],
            r#"{"data":[{"interview_id":"A","interview_url":"u"}]}"#,
        );
        assert!(matches!(bulk, Ok(IngestSuccess::Bulk(r)) if r.data.len() == 1));
    }

    #[test]
    fn malformed_success_bodies_are_typed_failures_with_an_excerpt() {
        for body in [
            "",
            "<html>502 Bad Gateway</html>",
            r#"{"data":{"interview_id":"A"}}"#,
            r#"{"data":"#,
        ] {
            let failure = read(Endpoint::Single, 201, &[], body).unwrap_err();
            assert_eq!(failure.kind, FailureKind::MalformedResponse, "{body}");
            assert_eq!(failure.status, 201);
        }
        let failure = read(
            Endpoint::Single,
            201,
            &[],
            r#"{"data":{"interview_id":"A"}}"#,
        )
        .unwrap_err();
        assert!(
            failure.message.contains("data.interview_url"),
            "{}",
            failure.message
        );
        let failure = read(Endpoint::Single, 201, &[], "<html>oops</html>").unwrap_err();
        assert!(
            failure.message.contains("<html>oops</html>"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn error_envelopes_fill_every_field() {
        let failure = read(
            Endpoint::Single,
            429,
            &[("Retry-After", "7"), ("X-Request-Id", "req_1")],
            r#"{"error":{"type":"rate_limit_error","code":"rate_limited","message":"Slow down","param":null,"doc_url":"https://docs"}}"#,
        )
        .unwrap_err();
        assert_eq!(failure.kind, FailureKind::RateLimit);
        assert_eq!(failure.kind.error_name(), "RateLimitError");
        assert_eq!(failure.retry_after_ms, Some(7_000));
        assert_eq!(failure.request_id.as_deref(), Some("req_1"));
        assert_eq!(failure.error_type.as_deref(), Some("rate_limit_error"));
        assert_eq!(failure.code.as_deref(), Some("rate_limited"));
        assert_eq!(failure.message, "429 Slow down");
        assert_eq!(failure.doc_url.as_deref(), Some("https://docs"));
        for (status, kind) in [
            (400, FailureKind::BadRequest),
            (401, FailureKind::Authentication),
            (403, FailureKind::PermissionDenied),
            (404, FailureKind::NotFound),
            (500, FailureKind::InternalServer),
            (503, FailureKind::InternalServer),
            (418, FailureKind::OtherStatus),
        ] {
            assert_eq!(
                read(Endpoint::Single, status, &[], "").unwrap_err().kind,
                kind
            );
        }
    }

    #[test]
    fn validation_errors_become_issues() {
        let failure = read(
            Endpoint::Bulk,
            422,
            &[],
            r#"{"detail":[{"loc":["body","data",1,"email"],"msg":"field required","type":"missing"}]}"#,
        )
        .unwrap_err();
        assert_eq!(failure.kind, FailureKind::UnprocessableEntity);
        assert_eq!(
            failure.issues,
            [ServerIssue {
                path: vec![PathSegment::Index(1), "email".into()],
                code: "required".to_owned(),
                message: "field required".to_owned(),
            }]
        );
        assert_eq!(
            failure.message,
            "422 HeyMilo rejected the candidate: 1.email: field required."
        );
    }

    /// Every failure message starts with the status, whatever the body.
    #[test]
    fn messages_start_with_the_status() {
        let bodies = [
            "",
            "<html>Bad Gateway</html>",
            r#"{"error":{"type":"authentication_error","code":"invalid_api_key","message":"Invalid API key."}}"#,
            r#"{"error":{"type":"t","code":"c","message":""}}"#,
            r#"{"detail":[{"loc":["body","email"],"msg":"bad","type":"value_error"}]}"#,
            r#"{"detail":"Not Found"}"#,
        ];
        for status in [201, 400, 401, 403, 404, 418, 422, 429, 500, 502] {
            for body in bodies {
                let Err(failure) = read(Endpoint::Single, status, &[], body) else {
                    continue;
                };
                let prefix = format!("{status} ");
                assert!(
                    failure.message.starts_with(&prefix),
                    "{status} {body}: {}",
                    failure.message
                );
            }
        }
        let envelope = r#"{"error":{"type":"authentication_error","code":"invalid_api_key","message":"Invalid API key."}}"#;
        let failure = read(Endpoint::Single, 401, &[], envelope).unwrap_err();
        assert_eq!(failure.message, "401 Invalid API key.");
    }

    /// HeyMilo's 404s carry its error envelope; one without it comes from
    /// something else (a wrong baseUrl), and the message says where.
    #[test]
    fn a_404_that_is_not_heymilos_names_the_url() {
        for body in ["", "<html>Not Found</html>", r#"{"detail":"Not Found"}"#] {
            let failure = read(Endpoint::Single, 404, &[], body).unwrap_err();
            assert_eq!(failure.kind, FailureKind::NotFound);
            assert!(
                failure
                    .message
                    .starts_with(&format!("404 from {URL}, which is not HeyMilo's API")),
                "{}",
                failure.message
            );
            assert!(failure.message.contains("baseUrl"), "{}", failure.message);
        }
        let heymilo = r#"{"error":{"type":"not_found_error","code":"posting_not_found","message":"No posting p."}}"#;
        let failure = read(Endpoint::Single, 404, &[], heymilo).unwrap_err();
        assert_eq!(failure.message, "404 No posting p.");
        let failure = read(Endpoint::Single, 502, &[], "<html>Bad Gateway</html>").unwrap_err();
        assert!(
            failure
                .message
                .starts_with(&format!("502 from {URL} without a HeyMilo error body")),
            "{}",
            failure.message
        );
        let headers = Vec::new();
        let unknown_url = HttpResponse {
            status: 404,
            headers: &headers,
            body: b"",
            url: "",
        };
        let failure = read_ingest_response(Endpoint::Single, unknown_url, 0, KEY).unwrap_err();
        assert!(
            failure.message.starts_with("404 from the server, "),
            "{}",
            failure.message
        );
    }

    #[test]
    fn the_key_never_survives_into_a_failure() {
        let body = format!(
            r#"{{"error":{{"type":"{KEY}","code":"{KEY}","message":"bad key {KEY}","param":"{KEY}"}}}}"#
        );
        let failure = read(Endpoint::Single, 401, &[("x-request-id", KEY)], &body).unwrap_err();
        assert!(!format!("{failure:?}").contains(KEY), "{failure:?}");
        let failure = read(Endpoint::Single, 201, &[], &format!("oops {KEY}")).unwrap_err();
        assert!(!format!("{failure:?}").contains(KEY), "{failure:?}");
        let failure = read(Endpoint::Single, 502, &[], &format!("<p>{KEY}</p>")).unwrap_err();
        assert!(!format!("{failure:?}").contains(KEY), "{failure:?}");
    }

    #[test]
    fn redirects_are_typed_failures_that_name_where_they_led() {
        for status in [301, 302, 303, 307, 308, 0] {
            for endpoint in Endpoint::ALL {
                let location = format!("https://elsewhere.test/?k={KEY}");
                let failure = read(endpoint, status, &[("Location", &location)], "").unwrap_err();
                assert_eq!(failure.kind, FailureKind::Redirect, "{status}");
                assert_eq!(failure.kind.error_name(), "RedirectError");
                assert_eq!(failure.status, status);
                assert_eq!(failure.code.as_deref(), Some("redirect_not_followed"));
                assert!(
                    failure.message.contains("https://elsewhere.test/"),
                    "{}",
                    failure.message
                );
                assert!(
                    failure.message.contains("not followed"),
                    "{}",
                    failure.message
                );
                assert!(!format!("{failure:?}").contains(KEY), "{failure:?}");
            }
        }
        // A 3xx with a body shaped like a success is still not one.
        let body = r#"{"data":{"ingestion_id":"i"}}"#;
        let failure = read(Endpoint::SingleAsync, 307, &[], body).unwrap_err();
        assert_eq!(failure.kind, FailureKind::Redirect);
    }

    #[test]
    fn an_oversized_answer_is_its_own_failure() {
        let headers = vec![("X-Request-Id".to_owned(), format!("req_{KEY}"))];
        let response = HttpResponse {
            status: 201,
            headers: &headers,
            body: b"",
            url: URL,
        };
        let failure = response_too_large(response, 1024, 0, KEY);
        assert_eq!(failure.kind.error_name(), "ResponseTooLargeError");
        assert_eq!(failure.status, 201);
        assert_eq!(failure.code.as_deref(), Some("response_too_large"));
        assert!(
            failure.message.starts_with(&format!(
                "201 from {URL} with a body longer than 1024 bytes"
            )),
            "{}",
            failure.message
        );
        assert!(!format!("{failure:?}").contains(KEY), "{failure:?}");
    }

    #[test]
    fn an_excerpt_never_shows_part_of_a_key_cut_at_its_end() {
        // The key starts just before the excerpt's end: cut first, redacted
        // after, its first characters would show.
        let body = format!("{}{KEY}", "x".repeat(EXCERPT_CHARS - 4));
        let failure = read(Endpoint::Single, 502, &[], &body).unwrap_err();
        assert!(!failure.message.contains(&KEY[..4]), "{}", failure.message);
        let failure = read(Endpoint::Single, 201, &[], &body).unwrap_err();
        assert!(!failure.message.contains(&KEY[..4]), "{}", failure.message);
    }
}
