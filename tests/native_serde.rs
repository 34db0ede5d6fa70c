//! A Rust service's view of the crate: validate, then move the typed values
//! with serde_json, exactly as issue 13 asks that this compiles and runs.

use heymilo_ingest::{CandidateIngestRequest, ErrorKind, IngestCandidateResponse, ValidateOptions};

fn ingest_body_and_receipt(
    bytes: &[u8],
    data_json: &str,
) -> Result<(String, IngestCandidateResponse), Box<dyn std::error::Error>> {
    let candidate: CandidateIngestRequest =
        heymilo_ingest::validate_candidate_json(bytes, ValidateOptions::default()).into_result()?; // Err: heymilo_ingest::Error
    let body = serde_json::to_string(&candidate)?; // Serialize
    let response: IngestCandidateResponse = serde_json::from_str(data_json)?; // the `data` of a 201; unknown fields kept
    Ok((body, response))
}

const RECEIPT: &str = r#"{"object":"candidate","interview_id":"int_1","interview_url":"https://app.heymilo.ai/i/int_1","posting_id":"13D77095","flag":{"new":[1,2.5,true,null]}}"#;

#[test]
fn the_snippet_compiles_and_runs() {
    let input = br#"{"name":" Ada ","email":"ada@Example.COM","phone_number":"+44 20 7946 0958","metadata":{"ats_stage":"applied"},"data":{"years":7,"tags":["rust"]}}"#;
    let (body, receipt) = ingest_body_and_receipt(input, RECEIPT).expect("valid");
    assert_eq!(
        body,
        r#"{"name":"Ada","email":"ada@example.com","phone_number":"+442079460958","metadata":{"ats_stage":"applied"},"data":{"years":7,"tags":["rust"]}}"#
    );
    assert_eq!(receipt.interview_id, "int_1");
    assert_eq!(receipt.extra.len(), 1, "the unknown field is kept");
    // Serializing writes it back, after the known fields.
    let again = serde_json::to_string(&receipt).unwrap();
    assert!(
        again.ends_with(r#""flag":{"new":[1,2.5,true,null]}}"#),
        "{again}"
    );
    assert_eq!(
        serde_json::from_str::<IngestCandidateResponse>(&again).unwrap(),
        receipt
    );
}

#[test]
fn an_invalid_candidate_is_a_typed_error_through_question_mark() {
    let err = ingest_body_and_receipt(br#"{"name":"","email":"nope"}"#, RECEIPT).unwrap_err();
    let err = err
        .downcast::<heymilo_ingest::Error>()
        .expect("the crate's Error");
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.issues().len(), 2);
}

#[test]
fn a_receipt_missing_a_required_field_is_refused_by_name() {
    let err =
        serde_json::from_str::<IngestCandidateResponse>(r#"{"interview_id":"x"}"#).unwrap_err();
    assert!(err.to_string().contains("missing required field"), "{err}");
}

#[test]
fn deserializing_a_candidate_validates_it() {
    let ok: CandidateIngestRequest =
        serde_json::from_str(r#"{"name":"Ada","email":"ADA@EXAMPLE.COM"}"#).unwrap();
    assert_eq!(ok.email(), "ADA@example.com");
    // What serializes deserializes to the same value: normalizing is a fixpoint.
    let text = serde_json::to_string(&ok).unwrap();
    assert_eq!(
        serde_json::from_str::<CandidateIngestRequest>(&text).unwrap(),
        ok
    );

    let err = serde_json::from_str::<CandidateIngestRequest>(r#"{"name":"Ada","email":"nope"}"#)
        .unwrap_err();
    assert!(
        err.to_string().starts_with("invalid candidate: email: "),
        "{err}"
    );
    // Nesting is bounded whatever the format's own limit.
    let deep = format!(
        "{{\"name\":\"A\",\"email\":\"a@example.com\",\"data\":{{\"d\":{}1{}}}}}",
        "[".repeat(100),
        "]".repeat(100)
    );
    let err = serde_json::from_str::<CandidateIngestRequest>(&deep).unwrap_err();
    assert!(err.to_string().contains("nested deeper than"), "{err}");
}
