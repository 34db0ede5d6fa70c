//! Response parsing of arbitrary upstream bodies, for every response type.
//!
//! Input: `selector status-hi status-lo`, then optional `name: value` header
//! lines ended by two NULs, then the body. The selector picks the endpoint,
//! the API key and how the status is chosen. `$KEY`, `$K64`, … in headers
//! and body become forms of the key (see `heymilo_ingest_fuzz::with_key`).
//!
//! Invariants:
//! - `decode::<T>` never panics for any response type `T`, and whatever
//!   decodes re-encodes to JSON that decodes to the equal value and encodes
//!   to the same text (decode → encode → decode);
//! - `read_ingest_response` never panics for any endpoint and status: a
//!   success only for a 2xx, typed by endpoint and equal to `decode`;
//!   otherwise a failure of the status's kind with a message that starts
//!   with the status;
//! - no failure (any field) contains the key in any form, wherever the
//!   fuzzer put it.
#![no_main]

use heymilo_ingest::{
    decode_response as decode, encode_response as encode, parse_json, AgentFormSummary,
    AgentResumeSummary, AgentSMSSummary, AgentSummary, AgentWebInterviewSummary, ApiError,
    ApiErrorDetail, ApiErrorResponse, AsyncIngestResponse, BulkIngestCandidateResponseItem,
    CandidateResponse, CandidateWorkflow, FromJson, HttpValidationError, IngestCandidateResponse,
    JsonValue, ListResponse, PaginationMeta, SingleResponse, ValidationErrorItem,
    WorkflowStepStatus, WriteJson,
};
use heymilo_ingest::{read_ingest_response, Endpoint, FailureKind, HttpResponse, IngestSuccess};
use heymilo_ingest_fuzz::{assert_no_key, header_lines, with_key, KEYS};
use libfuzzer_sys::fuzz_target;
use std::fmt::Debug;

const STATUSES: [u16; 20] = [
    200, 201, 202, 204, 299, 301, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504, 100, 0,
    999,
];

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let selector = data[0];
    let endpoint = Endpoint::ALL[usize::from(selector & 3)];
    let key = KEYS[usize::from(selector >> 2 & 3)];
    let raw_status = u16::from_be_bytes([data[1], data[2]]);
    let status = if selector & 0x10 == 0 {
        STATUSES[usize::from(raw_status) % STATUSES.len()]
    } else {
        raw_status
    };
    let rest = &data[3..];
    let (header_text, body) = match rest.windows(2).position(|w| w == [0, 0]) {
        Some(at) => (&rest[..at], &rest[at + 2..]),
        None => (&[][..], rest),
    };
    let headers = header_lines(&with_key(&String::from_utf8_lossy(header_text), key));
    let body: Vec<u8> = if body.contains(&b'$') {
        match std::str::from_utf8(body) {
            Ok(text) => with_key(text, key).into_bytes(),
            Err(_) => body.to_vec(),
        }
    } else {
        body.to_vec()
    };

    // Every response type.
    round_trip::<SingleResponse<IngestCandidateResponse>>(&body);
    round_trip::<SingleResponse<Vec<BulkIngestCandidateResponseItem>>>(&body);
    round_trip::<SingleResponse<AsyncIngestResponse>>(&body);
    round_trip::<ListResponse<CandidateResponse>>(&body);
    round_trip::<ApiErrorResponse>(&body);
    round_trip::<HttpValidationError>(&body);
    if let Ok(document) = parse_json(&body) {
        // The nested schemas straight from the parsed value (one parse for all).
        if document.too_deep.is_empty() {
            let value = &document.value;
            from_value::<IngestCandidateResponse>(value);
            from_value::<CandidateResponse>(value);
            from_value::<CandidateWorkflow>(value);
            from_value::<WorkflowStepStatus>(value);
            from_value::<AgentSummary>(value);
            from_value::<AgentResumeSummary>(value);
            from_value::<AgentWebInterviewSummary>(value);
            from_value::<AgentSMSSummary>(value);
            from_value::<AgentFormSummary>(value);
            from_value::<BulkIngestCandidateResponseItem>(value);
            from_value::<AsyncIngestResponse>(value);
            from_value::<PaginationMeta>(value);
            from_value::<ApiError>(value);
            from_value::<ApiErrorDetail>(value);
            from_value::<ValidationErrorItem>(value);
        }
    }

    let response = HttpResponse {
        status,
        headers: &headers,
        body: &body,
        url: "https://api.heymilo.ai/api/v2/postings/p/candidates",
    };
    let now_ms = 1_767_225_600_000 + u64::from(raw_status) * 1000;
    match read_ingest_response(endpoint, response, now_ms, key) {
        Ok(success) => {
            assert!((200..300).contains(&status), "success for {status}");
            match (endpoint, &success) {
                (Endpoint::Single, IngestSuccess::Single(single)) => {
                    assert_eq!(decode(&body).as_ref(), Ok(&**single));
                }
                (Endpoint::Bulk, IngestSuccess::Bulk(bulk)) => {
                    assert_eq!(decode(&body).as_ref(), Ok(bulk));
                }
                (Endpoint::SingleAsync | Endpoint::BulkAsync, IngestSuccess::Queued(queued)) => {
                    assert_eq!(decode(&body).as_ref(), Ok(queued));
                }
                _ => panic!("{endpoint:?} read as {success:?}"),
            }
        }
        Err(failure) => {
            assert_eq!(failure.status, status);
            assert!(!failure.message.is_empty());
            let leading = format!("{status} ");
            assert!(failure.message.starts_with(&leading), "{}", failure.message);
            let expected = match status {
                0 | 300..=399 => FailureKind::Redirect,
                200..=299 => FailureKind::MalformedResponse,
                400 => FailureKind::BadRequest,
                401 => FailureKind::Authentication,
                403 => FailureKind::PermissionDenied,
                404 => FailureKind::NotFound,
                422 => FailureKind::UnprocessableEntity,
                429 => FailureKind::RateLimit,
                500..=599 => FailureKind::InternalServer,
                _ => FailureKind::OtherStatus,
            };
            assert_eq!(failure.kind, expected);
            // Every field, through Debug (strings are escaped there, so check
            // the plain strings too).
            assert_no_key(&format!("{failure:?}"), key, "a failure");
            let mut texts = vec![failure.message.clone()];
            texts.extend(failure.error_type.clone());
            texts.extend(failure.code.clone());
            texts.extend(failure.param.clone());
            texts.extend(failure.doc_url.clone());
            texts.extend(failure.request_id.clone());
            for issue in &failure.issues {
                texts.push(issue.code.clone());
                texts.push(issue.message.clone());
                texts.push(format!("{:?}", issue.path));
            }
            for text in &texts {
                assert_no_key(text, key, "a failure field");
            }
        }
    }
});

/// decode → encode → decode gives the equal value and the same text.
fn round_trip<T>(body: &[u8])
where
    T: FromJson + WriteJson + PartialEq + Debug,
{
    let Ok(first) = decode::<T>(body) else {
        return;
    };
    let text = encode(&first);
    let second = decode::<T>(text.as_bytes())
        .unwrap_or_else(|e| panic!("re-encoded {text} does not decode: {e}"));
    assert_eq!(first, second, "decode(encode(x)) != x for {text}");
    assert_eq!(encode(&second), text, "encoding is not stable");
}

fn from_value<T>(value: &JsonValue)
where
    T: FromJson + WriteJson + PartialEq + Debug,
{
    let Ok(first) = T::from_json(value) else {
        return;
    };
    let text = encode(&first);
    let second = decode::<T>(text.as_bytes())
        .unwrap_or_else(|e| panic!("re-encoded {text} does not decode: {e}"));
    assert_eq!(first, second, "decode(encode(x)) != x for {text}");
}
