use super::*;
use crate::json::{parse, Value};

// ---------------------------------------------------------------------------
// Realistic bodies, every field of the contract present (in its order).

const RESUME: &str = r#"{"resume_score":3.8,"is_eligible":true,"resume_link":"https://cdn.heymilo.io/resumes/abc123.pdf"}"#;
const WEB: &str = r#"{"score":82.0,"highlights":["Clear communicator","Strong SQL"],"audio_recording_link":"https://cdn.heymilo.io/audio/abc.mp3?sig=1","video_recording_link":null}"#;
const SMS: &str = r#"{"is_eligible":true,"criteria_passed":["Has a driving licence"],"criteria_failed":[],"messages_sent":8}"#;
const FORM: &str =
    r#"{"is_complete":true,"is_eligible":false,"questions_answered":5,"total_questions":7}"#;
const STEP: &str = r#"{"step_id":"agent_vi_001","order":1,"status":"completed","started":true,"completed":true,"knocked_out":false,"last_updated_at":1739713800.0}"#;
const STEP_2: &str = r#"{"step_id":"agent_sms_002","order":2,"status":"in_progress","started":true,"completed":false,"knocked_out":false,"last_updated_at":null}"#;
const BULK_ITEM: &str = r#"{"object":"candidate","interview_id":"D536A69A4090E13F","interview_url":"https://candidates.heymilo.io/acme/i/D536A69A4090E13F","metadata":{"external_id":"candidate_xyz"}}"#;
const ASYNC: &str = r#"{"object":"ingestion","ingestion_id":"intake_abc123","status":"queued"}"#;
const PAGINATION: &str = r#"{"has_more":true,"total_count":42,"url":"https://api.heymilo.ai/api/v2/postings/13D77095/candidates"}"#;
const ERROR_DETAIL: &str = r#"{"code":"invalid_param","message":"title must be between 3 and 200 characters","param":"title"}"#;
const VALIDATION_ITEM: &str = r#"{"loc":["body","data",0,"email"],"msg":"value is not a valid email address","type":"value_error"}"#;

fn agent_summary() -> String {
    format!(r#"{{"resume":{RESUME},"web_interview":{WEB},"sms":{SMS},"form":{FORM}}}"#)
}

fn workflow() -> String {
    format!(r#"{{"steps":[{STEP},{STEP_2}],"all_complete":false,"last_activity_at":1739715600.0}}"#)
}

fn candidate() -> String {
    format!(
        r#"{{"object":"candidate","interview_id":"D536A69A4090E13F","candidate_id":"cand_def456","posting_id":"13D77095","name":"Jane Smith","email":"jane.smith@example.com","score":78.5,"status":"completed","interview_url":"https://candidates.heymilo.io/acme/i/D536A69A4090E13F","workflow":{},"agent_summary":{},"shortlisted":true,"dismissed":false,"metadata":{{"ats_stage":"phone_screen","external_id":"candidate_xyz"}},"data":{{"source":"referral","years":7,"skills":["sql","rust"],"nested":{{"a":null}}}},"interviewed_at":1739713800.0,"created_at":1739612400.0}}"#,
        workflow(),
        agent_summary()
    )
}

fn ingest() -> String {
    format!(
        r#"{{"object":"candidate","interview_id":"D536A69A4090E13F","interview_url":"https://candidates.heymilo.io/acme/i/D536A69A4090E13F","posting_id":"13D77095","candidate":{}}}"#,
        candidate()
    )
}

fn single_ingest() -> String {
    format!(
        r#"{{"data":{},"meta":{{"request_id":"req_123"}}}}"#,
        ingest()
    )
}

fn api_error() -> String {
    format!(
        r#"{{"type":"invalid_request_error","code":"validation_error","message":"The request body failed validation","param":"title","doc_url":"https://docs.heymilo.ai/errors#validation_error","errors":[{ERROR_DETAIL}]}}"#
    )
}

/// One schema's Rust type, through function pointers.
#[derive(Clone, Copy)]
struct Codec {
    value: fn(&Value) -> Result<String, DecodeError>,
    bytes: fn(&[u8]) -> Result<(), DecodeError>,
    shape: &'static ShapeKind,
}

impl Codec {
    /// Decodes `value` and encodes it again, asserting that [`check_shape`]
    /// gives the same verdict (and error) as decoding.
    fn run(&self, value: &Value) -> Result<String, DecodeError> {
        (self.value)(value)
    }

    /// [`decode`] and [`check`] of `bytes`, asserted to agree; their verdict.
    fn both(&self, bytes: &[u8]) -> Result<(), DecodeError> {
        (self.bytes)(bytes)
    }
}

fn codec<T: FromJson + WriteJson + Shape>() -> Codec {
    Codec {
        value: |value| {
            let typed = T::from_json(value);
            let checked = check_shape(value, T::SHAPE);
            assert_eq!(
                checked,
                typed.as_ref().map(drop).map_err(Clone::clone),
                "check_shape and from_json disagree on {}",
                value.to_json()
            );
            typed.map(|typed| encode(&typed))
        },
        bytes: |bytes| decode::<T>(bytes).map(drop),
        shape: T::SHAPE,
    }
}

/// [`super::decode`], asserting that [`check`] agrees: both `Ok` (and then
/// `check` returns the parsed value) or both the same [`DecodeError`]. It
/// shadows `super::decode`, so every decoding test here also compares.
fn decode<T: FromJson + Shape>(bytes: &[u8]) -> Result<T, DecodeError> {
    let typed = super::decode::<T>(bytes);
    let checked = check::<T>(bytes);
    let text = String::from_utf8_lossy(bytes);
    match (&typed, checked) {
        (Ok(_), Ok(value)) => {
            let parsed = parse(bytes).map(|document| document.value);
            assert_eq!(Ok(value), parsed, "check returns the parsed value");
        }
        (Err(typed), Err(checked)) => {
            assert_eq!(*typed, checked, "decode and check disagree on {text}")
        }
        (typed, checked) => panic!(
            "decode {:?} but check {checked:?} on {text}",
            typed.as_ref().map(drop)
        ),
    }
    typed
}

/// Every response schema of the contract: its name, a full body, and its Rust type.
fn cases() -> Vec<(&'static str, String, Codec)> {
    vec![
        (
            "SingleResponse_IngestCandidateResponse_",
            single_ingest(),
            codec::<SingleResponse<IngestCandidateResponse>>(),
        ),
        (
            "SingleResponse_list_BulkIngestCandidateResponseItem__",
            format!(r#"{{"data":[{BULK_ITEM},{BULK_ITEM}],"meta":null}}"#),
            codec::<SingleResponse<Vec<BulkIngestCandidateResponseItem>>>(),
        ),
        (
            "SingleResponse_AsyncIngestResponse_",
            format!(r#"{{"data":{ASYNC},"meta":null}}"#),
            codec::<SingleResponse<AsyncIngestResponse>>(),
        ),
        (
            "ListResponse_CandidateResponse_",
            format!(r#"{{"data":[{}],"pagination":{PAGINATION}}}"#, candidate()),
            codec::<ListResponse<CandidateResponse>>(),
        ),
        (
            "IngestCandidateResponse",
            ingest(),
            codec::<IngestCandidateResponse>(),
        ),
        (
            "CandidateResponse",
            candidate(),
            codec::<CandidateResponse>(),
        ),
        (
            "CandidateWorkflow",
            workflow(),
            codec::<CandidateWorkflow>(),
        ),
        (
            "WorkflowStepStatus",
            STEP.to_owned(),
            codec::<WorkflowStepStatus>(),
        ),
        ("AgentSummary", agent_summary(), codec::<AgentSummary>()),
        (
            "AgentResumeSummary",
            RESUME.to_owned(),
            codec::<AgentResumeSummary>(),
        ),
        (
            "AgentWebInterviewSummary",
            WEB.to_owned(),
            codec::<AgentWebInterviewSummary>(),
        ),
        (
            "AgentSMSSummary",
            SMS.to_owned(),
            codec::<AgentSMSSummary>(),
        ),
        (
            "AgentFormSummary",
            FORM.to_owned(),
            codec::<AgentFormSummary>(),
        ),
        (
            "BulkIngestCandidateResponseItem",
            BULK_ITEM.to_owned(),
            codec::<BulkIngestCandidateResponseItem>(),
        ),
        (
            "AsyncIngestResponse",
            ASYNC.to_owned(),
            codec::<AsyncIngestResponse>(),
        ),
        (
            "PaginationMeta",
            PAGINATION.to_owned(),
            codec::<PaginationMeta>(),
        ),
        (
            "APIErrorResponse",
            format!(r#"{{"error":{}}}"#, api_error()),
            codec::<ApiErrorResponse>(),
        ),
        ("APIError", api_error(), codec::<ApiError>()),
        (
            "APIErrorDetail",
            ERROR_DETAIL.to_owned(),
            codec::<ApiErrorDetail>(),
        ),
        (
            "HTTPValidationError",
            format!(r#"{{"detail":[{VALIDATION_ITEM}]}}"#),
            codec::<HttpValidationError>(),
        ),
        (
            "ValidationError",
            VALIDATION_ITEM.to_owned(),
            codec::<ValidationErrorItem>(),
        ),
    ]
}

/// Component schemas that describe requests, not responses.
const REQUEST_SCHEMAS: [&str; 2] = ["CandidateIngestRequest", "BulkCandidateIngestRequest"];

// ---------------------------------------------------------------------------
// A JSON Schema checker for the keywords the derived contract uses (test-only).

const SCHEMA_TEXT: &str = include_str!("../../../tests/schemas/candidates-api.schema.json");

fn json(text: &str) -> Value {
    parse(text.as_bytes())
        .unwrap_or_else(|e| panic!("{e}: {text}"))
        .value
}

fn schema_document() -> Value {
    json(SCHEMA_TEXT)
}

fn def<'a>(document: &'a Value, name: &str) -> &'a Value {
    document
        .get("$defs")
        .and_then(|defs| defs.get(name))
        .unwrap_or_else(|| panic!("no $defs/{name}"))
}

fn entries(value: &Value) -> &[(String, Value)] {
    match value {
        Value::Object(entries) => entries,
        other => panic!("not an object: {other:?}"),
    }
}

fn items(value: &Value) -> &[Value] {
    match value {
        Value::Array(items) => items,
        other => panic!("not an array: {other:?}"),
    }
}

fn valid(document: &Value, schema: &Value, value: &Value) -> bool {
    if let Value::Bool(allowed) = schema {
        return *allowed;
    }
    entries(schema)
        .iter()
        .all(|(keyword, arg)| match keyword.as_str() {
            "$ref" => {
                let name = arg
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .expect("local ref");
                valid(document, def(document, name), value)
            }
            "type" => match (arg.as_str().expect("type name"), value) {
                ("null", Value::Null)
                | ("boolean", Value::Bool(_))
                | ("string", Value::String(_))
                | ("array", Value::Array(_))
                | ("object", Value::Object(_))
                | ("number", Value::Number(_)) => true,
                ("integer", Value::Number(text)) => {
                    text.parse::<f64>().is_ok_and(|n| n.fract() == 0.0)
                }
                _ => false,
            },
            "anyOf" => items(arg).iter().any(|s| valid(document, s, value)),
            "const" => value == arg,
            "properties" => match value {
                Value::Object(fields) => fields
                    .iter()
                    .all(|(name, field)| arg.get(name).map_or(true, |s| valid(document, s, field))),
                _ => true,
            },
            "additionalProperties" => match value {
                Value::Object(fields) => fields.iter().all(|(name, field)| {
                    let declared = schema.get("properties").and_then(|p| p.get(name)).is_some();
                    declared || valid(document, arg, field)
                }),
                _ => true,
            },
            "required" => match value {
                Value::Object(_) => items(arg)
                    .iter()
                    .all(|name| value.get(name.as_str().unwrap_or_default()).is_some()),
                _ => true,
            },
            "items" => match value {
                Value::Array(elements) => elements.iter().all(|e| valid(document, arg, e)),
                _ => true,
            },
            "minItems" => match value {
                Value::Array(elements) => arg
                    .to_json()
                    .parse::<usize>()
                    .is_ok_and(|n| elements.len() >= n),
                _ => true,
            },
            "title" | "description" | "examples" | "default" => true,
            other => panic!("the test checker does not know the keyword {other}"),
        })
}

/// `body` with `key` replaced by `new` (in place) or removed (`None`).
fn with(body: &Value, key: &str, new: Option<Value>) -> Value {
    let mut fields: Vec<(String, Value)> = Vec::new();
    for (k, v) in entries(body) {
        if k != key {
            fields.push((k.clone(), v.clone()));
        } else if let Some(new) = &new {
            fields.push((k.clone(), new.clone()));
        }
    }
    Value::Object(fields)
}

/// The value at `path` (keys, or indices written as digits) inside `root`.
fn at<'a>(root: &'a mut Value, path: &[&str]) -> &'a mut Value {
    path.iter().fold(root, |value, step| match value {
        Value::Object(fields) => &mut fields.iter_mut().find(|(k, _)| k == step).expect("key").1,
        Value::Array(elements) => &mut elements[step.parse::<usize>().expect("index")],
        other => panic!("cannot step into {other:?}"),
    })
}

/// `body` with the field (or array element) at `path` set, added, or removed with `None`.
fn edited(body: &str, path: &[&str], new: Option<&str>) -> Vec<u8> {
    let mut root = json(body);
    let (last, parent) = path.split_last().expect("non-empty path");
    let parent = at(&mut root, parent);
    match (parent, new) {
        (Value::Array(elements), Some(new)) => {
            elements[last.parse::<usize>().expect("index")] = json(new)
        }
        (parent, Some(new)) if parent.get(last).is_none() => {
            if let Value::Object(fields) = parent {
                fields.push(((*last).to_owned(), json(new)));
            }
        }
        (parent, new) => *parent = with(parent, last, new.map(json)),
    }
    root.to_json().into_bytes()
}

fn num(text: &str) -> Number {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn err<T: FromJson + Shape + std::fmt::Debug>(bytes: &[u8]) -> DecodeError {
    decode::<T>(bytes).expect_err("should not decode")
}

fn key_path(text: &str) -> Vec<PathSegment> {
    text.split('.')
        .map(|s| {
            s.parse::<usize>()
                .map_or_else(|_| PathSegment::from(s), PathSegment::Index)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Conformance with the derived contract, schema by schema.

#[test]
fn every_contract_schema_has_a_type_and_every_response_maps_to_one() {
    let document = schema_document();
    let names: Vec<&str> = cases().iter().map(|(name, _, _)| *name).collect();
    for (name, _) in entries(document.get("$defs").expect("$defs")) {
        assert!(
            names.contains(&name.as_str()) || REQUEST_SCHEMAS.contains(&name.as_str()),
            "contract schema {name} has no Rust type"
        );
    }
    let responses = document.get("x-responses").expect("x-responses");
    assert_eq!(entries(responses).len(), 5);
    for (operation, by_status) in entries(responses) {
        for (status, schema) in entries(by_status) {
            let schema = schema.as_str().expect("schema name");
            assert!(names.contains(&schema), "{operation} {status}: {schema}");
        }
    }
    let source = document.get("x-source").expect("x-source");
    assert_eq!(
        source.get("info_version").and_then(Value::as_str),
        Some("2.0.0")
    );
}

#[test]
fn full_bodies_decode_and_encode_back_to_the_same_valid_json() {
    let document = schema_document();
    for (name, body, codec) in cases() {
        let schema = def(&document, name);
        let value = json(&body);
        assert!(
            valid(&document, schema, &value),
            "fixture of {name} is not valid"
        );
        let encoded = codec.run(&value).unwrap_or_else(|e| panic!("{name}: {e}"));
        let reencoded = json(&encoded);
        assert!(
            valid(&document, schema, &reencoded),
            "{name} encodes invalid {encoded}"
        );
        // Every property, in the contract's order; nothing lost.
        let written: Vec<&str> = entries(&reencoded)
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        let declared: Vec<&str> = entries(schema.get("properties").expect("properties"))
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(written, declared, "{name}");
        assert_eq!(
            codec.run(&reencoded).as_deref(),
            Ok(encoded.as_str()),
            "{name}"
        );
        // The fixtures are compact, with every field in order: nothing changes,
        // numbers included (`82.0` stays `82.0`).
        assert_eq!(encoded, body, "{name}");
        assert_eq!(json(&encoded), json(&codec.run(&value).unwrap_or_default()));
    }
}

#[test]
fn minimal_bodies_decode_and_encode_valid_json() {
    let document = schema_document();
    for (name, body, codec) in cases() {
        let schema = def(&document, name);
        let required: Vec<&str> = schema.get("required").map_or(Vec::new(), |r| {
            items(r).iter().filter_map(Value::as_str).collect()
        });
        let minimal = Value::Object(
            entries(&json(&body))
                .iter()
                .filter(|(k, _)| required.contains(&k.as_str()))
                .cloned()
                .collect(),
        );
        assert!(valid(&document, schema, &minimal), "{name}");
        let encoded = codec
            .run(&minimal)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            valid(&document, schema, &json(&encoded)),
            "{name}: {encoded}"
        );
    }
}

/// For every property of every schema: decoding succeeds exactly when the
/// contract accepts the body, whether the property is removed or replaced by
/// a value of another type. The one deliberate difference: `object`
/// constants accept any string.
#[test]
fn decoding_accepts_exactly_what_the_contract_accepts() {
    let document = schema_document();
    let probes = [
        "null",
        "\"x\"",
        "7",
        "1.5",
        "7.0",
        "true",
        "[]",
        "{}",
        "[\"x\"]",
        "[7]",
        "{\"k\":\"v\"}",
    ];
    let mut checked = 0;
    for (name, body, codec) in cases() {
        let schema = def(&document, name);
        let body = json(&body);
        for (property, property_schema) in entries(schema.get("properties").expect("properties")) {
            let removed = with(&body, property, None);
            let decoded = codec.run(&removed);
            assert_eq!(
                decoded.is_ok(),
                valid(&document, schema, &removed),
                "{name} without {property}"
            );
            if let Err(e) = decoded {
                assert_eq!(
                    (e.path, e.kind),
                    (
                        vec![PathSegment::from(property.as_str())],
                        DecodeErrorKind::Missing
                    )
                );
            }
            for probe in probes {
                let replaced = with(&body, property, Some(json(probe)));
                let constant = property_schema.get("const").is_some() && probe.starts_with('"');
                let expected = valid(&document, schema, &replaced) || constant;
                let decoded = codec.run(&replaced);
                assert_eq!(
                    decoded.is_ok(),
                    expected,
                    "{name}.{property} = {probe}: {decoded:?}"
                );
                match decoded {
                    Ok(encoded) if !constant => {
                        assert!(
                            valid(&document, schema, &json(&encoded)),
                            "{name}: {encoded}"
                        )
                    }
                    Ok(_) => {}
                    Err(e) => {
                        assert_eq!(e.path.first(), Some(&PathSegment::from(property.as_str())))
                    }
                }
                checked += 1;
            }
        }
        assert!(
            codec.run(&json("[]")).is_err_and(|e| e.path.is_empty()),
            "{name}"
        );
    }
    assert!(checked > 700, "{checked}");
}

// ---------------------------------------------------------------------------
// Shapes: the same verdicts as decoding, from data.

/// Each schema's shape, generated from its field list, is the contract's
/// object: the same properties in the same order, the same required ones.
#[test]
fn shapes_follow_the_field_lists_and_the_contract() {
    let document = schema_document();
    for (name, _, codec) in cases() {
        let schema = def(&document, name);
        let ShapeKind::Object(fields) = codec.shape else {
            panic!("{name}: {:?}", codec.shape)
        };
        let keys: Vec<&str> = fields.iter().map(|field| field.key).collect();
        let declared: Vec<&str> = entries(schema.get("properties").expect("properties"))
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, declared, "{name}");
        let required: Vec<&str> = fields
            .iter()
            .filter(|field| field.required)
            .map(|field| field.key)
            .collect();
        let contract: Vec<&str> = schema.get("required").map_or(Vec::new(), |r| {
            items(r).iter().filter_map(Value::as_str).collect()
        });
        assert_eq!(required, contract, "{name}");
    }
    assert_eq!(
        <Option<Vec<(String, Value)>>>::SHAPE,
        &ShapeKind::Nullable(&ShapeKind::Map(&ShapeKind::Any))
    );
    assert_eq!(
        <Vec<Option<Number>>>::SHAPE,
        &ShapeKind::Array(&ShapeKind::Nullable(&ShapeKind::Number))
    );
    assert_eq!(
        ValidationErrorItem::SHAPE,
        &ShapeKind::Object(&[
            FieldShape {
                key: "loc",
                required: true,
                shape: &ShapeKind::Array(&ShapeKind::PathSegment),
            },
            FieldShape {
                key: "msg",
                required: true,
                shape: &ShapeKind::String,
            },
            FieldShape {
                key: "type",
                required: true,
                shape: &ShapeKind::String,
            },
        ])
    );
    let ShapeKind::Object(envelope) = <SingleResponse<AsyncIngestResponse>>::SHAPE else {
        panic!("not an object")
    };
    assert_eq!(envelope[0].shape, AsyncIngestResponse::SHAPE);
    assert_eq!(
        (envelope[1].key, envelope[1].required, i64::SHAPE),
        ("meta", false, &ShapeKind::Integer)
    );
}

/// Paths (as path segments) of every value inside `value`, parents first.
fn node_paths(value: &Value, prefix: &mut Vec<PathSegment>, out: &mut Vec<Vec<PathSegment>>) {
    let children: Vec<(PathSegment, &Value)> = match value {
        Value::Object(fields) => fields
            .iter()
            .map(|(k, v)| (PathSegment::from(k.as_str()), v))
            .collect(),
        Value::Array(elements) => elements
            .iter()
            .enumerate()
            .map(|(i, v)| (PathSegment::Index(i), v))
            .collect(),
        _ => Vec::new(),
    };
    for (segment, child) in children {
        prefix.push(segment);
        out.push(prefix.clone());
        node_paths(child, prefix, out);
        prefix.pop();
    }
}

/// `value` with the value at `path` replaced by `new`, or removed (`None`).
fn replaced(value: &Value, path: &[PathSegment], new: Option<&Value>) -> Option<Value> {
    let Some((first, rest)) = path.split_first() else {
        return new.cloned();
    };
    Some(match (value, first) {
        (Value::Object(fields), PathSegment::Key(key)) => Value::Object(
            fields
                .iter()
                .filter_map(|(k, v)| match k == key {
                    true => replaced(v, rest, new).map(|v| (k.clone(), v)),
                    false => Some((k.clone(), v.clone())),
                })
                .collect(),
        ),
        (Value::Array(elements), PathSegment::Index(index)) => Value::Array(
            elements
                .iter()
                .enumerate()
                .filter_map(|(i, v)| match i == *index {
                    true => replaced(v, rest, new),
                    false => Some(v.clone()),
                })
                .collect(),
        ),
        _ => value.clone(),
    })
}

/// For every response type: [`check`] gives exactly [`decode`]'s verdict and
/// error on the full and minimal bodies, on every value inside them removed
/// or replaced by values of every type (integer and number edge cases
/// included), on other roots, truncated and mutated bytes, and too-deep
/// values. (`Codec::both` asserts the agreement; the other tests here, which
/// decode through the shadowing `decode` and `Codec::run`, compare too.)
#[test]
fn check_agrees_with_decode_on_every_corpus() {
    let probes: Vec<Value> = [
        "null",
        "\"x\"",
        "\"\"",
        "0",
        "7",
        "-1",
        "-0",
        "1.5",
        "7.0",
        "80e-1",
        "1e400",
        "-1e400",
        "1e-400",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775809",
        "0.0e-99999999999999999999",
        "1e99999999999999999999",
        "4294967296",
        "true",
        "false",
        "[]",
        "{}",
        "[\"x\"]",
        "[7]",
        "[-1]",
        "[null]",
        "[1.5]",
        "[[]]",
        "[{}]",
        "{\"k\":\"v\"}",
        "{\"k\":1}",
        "{\"k\":null}",
    ]
    .iter()
    .map(|text| json(text))
    .collect();
    let deep = json(&format!("{}{}", "[".repeat(70), "]".repeat(70)));
    let document = schema_document();
    let (mut accepted, mut rejected) = (0, 0);
    let mut tally = |verdict: Result<(), DecodeError>| match verdict {
        Ok(()) => accepted += 1,
        Err(_) => rejected += 1,
    };
    let mut seed: u64 = 0xD1B5_4A32_D192_ED03;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for (name, body, codec) in cases() {
        let root = json(&body);
        tally(codec.both(body.as_bytes()));
        let required: Vec<&str> = def(&document, name)
            .get("required")
            .map_or(Vec::new(), |r| {
                items(r).iter().filter_map(Value::as_str).collect()
            });
        let minimal = Value::Object(
            entries(&root)
                .iter()
                .filter(|(k, _)| required.contains(&k.as_str()))
                .cloned()
                .collect(),
        );
        tally(codec.both(minimal.to_json().as_bytes()));
        let mut paths = Vec::new();
        node_paths(&root, &mut Vec::new(), &mut paths);
        for path in &paths {
            for new in [None, Some(&deep)]
                .into_iter()
                .chain(probes.iter().map(Some))
            {
                if let Some(edited) = replaced(&root, path, new) {
                    tally(codec.both(edited.to_json().as_bytes()));
                }
            }
        }
        for probe in &probes {
            tally(codec.both(probe.to_json().as_bytes()));
        }
        let bytes = body.as_bytes();
        for end in 0..bytes.len() {
            tally(codec.both(&bytes[..end]));
        }
        const ALPHABET: &[u8] = b"{}[],:\"0123456789-.eE ntrufalse\\x";
        for _ in 0..300 {
            let mut mutated = bytes.to_vec();
            for _ in 0..1 + next() % 4 {
                let at = (next() as usize) % mutated.len().max(1);
                let byte = ALPHABET[(next() as usize) % ALPHABET.len()];
                match next() % 3 {
                    0 if at < mutated.len() => mutated[at] = byte,
                    1 if at < mutated.len() => {
                        mutated.remove(at);
                    }
                    _ => mutated.insert(at.min(mutated.len()), byte),
                }
            }
            tally(codec.both(&mutated));
        }
    }
    assert!(
        accepted > 2_000 && rejected > 20_000,
        "{accepted} {rejected}"
    );
}

// ---------------------------------------------------------------------------
// Decoding.

#[test]
fn decodes_a_full_ingest_receipt() {
    let body: SingleResponse<IngestCandidateResponse> =
        decode(single_ingest().as_bytes()).expect("decodes");
    assert_eq!(
        body.meta,
        Some(vec![(
            "request_id".to_owned(),
            Value::String("req_123".into())
        )])
    );
    let data = &body.data;
    assert_eq!(
        (data.object.as_str(), data.posting_id.as_str()),
        ("candidate", "13D77095")
    );
    assert_eq!(
        data.interview_url,
        "https://candidates.heymilo.io/acme/i/D536A69A4090E13F"
    );
    let candidate = data.candidate.as_ref().expect("receipt");
    assert_eq!(candidate.candidate_id.as_deref(), Some("cand_def456"));
    assert_eq!(candidate.score, Some(num("78.5")));
    assert_eq!(
        candidate.score.as_ref().and_then(Number::as_f64),
        Some(78.5)
    );
    assert_eq!((candidate.shortlisted, candidate.dismissed), (true, false));
    assert_eq!(candidate.interviewed_at, Some(num("1739713800.0")));
    assert_eq!(candidate.created_at, Some(num("1739612400.0")));
    assert_eq!(
        candidate.metadata.as_deref(),
        Some(
            &[
                ("ats_stage".to_owned(), "phone_screen".to_owned()),
                ("external_id".to_owned(), "candidate_xyz".to_owned())
            ][..]
        )
    );
    let data_keys: Vec<&str> = candidate
        .data
        .iter()
        .flatten()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(data_keys, ["source", "years", "skills", "nested"]);
    let workflow = candidate.workflow.as_ref().expect("workflow");
    assert_eq!(workflow.steps.len(), 2);
    assert_eq!(workflow.steps[1].order, 2);
    assert_eq!(workflow.steps[1].last_updated_at, None);
    assert_eq!(workflow.last_activity_at, Some(num("1739715600.0")));
    let summary = candidate.agent_summary.as_ref().expect("summary");
    assert_eq!(
        summary.resume.as_ref().and_then(|r| r.resume_score.clone()),
        Some(num("3.8"))
    );
    let web = summary.web_interview.as_ref().expect("web");
    assert_eq!(web.score, Some(num("82.0")));
    assert_eq!(web.highlights, ["Clear communicator", "Strong SQL"]);
    assert_eq!(web.video_recording_link, None);
    assert_eq!(summary.sms.as_ref().and_then(|s| s.messages_sent), Some(8));
    assert_eq!(
        summary
            .form
            .as_ref()
            .map(|f| (f.questions_answered, f.total_questions)),
        Some((Some(5), Some(7)))
    );
    assert!(body.extra.is_empty() && data.extra.is_empty() && candidate.extra.is_empty());
}

#[test]
fn unknown_fields_are_kept_at_every_level_and_written_after_known_ones() {
    let mut bytes = single_ingest().into_bytes();
    for (path, value) in [
        (&["request_id"][..], r#""req_9""#),
        (&["data", "x_trace"][..], r#"{"span":[1,2.50,-0e3]}"#),
        (&["data", "candidate", "tags"][..], r#"["urgent"]"#),
        (
            &["data", "candidate", "workflow", "steps", "0", "duration_s"][..],
            "12.50",
        ),
        (
            &["data", "candidate", "agent_summary", "voice"][..],
            r#"{"score":1}"#,
        ),
        (
            &["data", "candidate", "agent_summary", "sms", "cost"][..],
            "null",
        ),
    ] {
        bytes = edited(
            std::str::from_utf8(&bytes).expect("utf-8"),
            path,
            Some(value),
        );
    }
    let body: SingleResponse<IngestCandidateResponse> = decode(&bytes).expect("decodes");
    assert_eq!(
        body.extra,
        [("request_id".to_owned(), Value::String("req_9".into()))]
    );
    assert_eq!(body.data.extra[0].0, "x_trace");
    let candidate = body.data.candidate.as_ref().expect("candidate");
    assert_eq!(
        candidate.extra,
        [("tags".to_owned(), json(r#"["urgent"]"#))]
    );
    let step = &candidate.workflow.as_ref().expect("workflow").steps[0];
    assert_eq!(
        step.extra,
        [("duration_s".to_owned(), Value::Number("12.50".into()))]
    );
    let summary = candidate.agent_summary.as_ref().expect("summary");
    assert_eq!(
        summary.extra,
        [("voice".to_owned(), json(r#"{"score":1}"#))]
    );
    assert_eq!(
        summary.sms.as_ref().expect("sms").extra,
        [("cost".to_owned(), Value::Null)]
    );

    let encoded = encode(&body);
    assert!(
        encoded.ends_with(r#""meta":{"request_id":"req_123"},"request_id":"req_9"}"#),
        "{encoded}"
    );
    assert!(
        encoded.contains(r#""last_updated_at":1739713800.0,"duration_s":12.50}"#),
        "{encoded}"
    );
    assert!(
        encoded.contains(r#""x_trace":{"span":[1,2.50,-0e3]}"#),
        "{encoded}"
    );
    assert_eq!(
        decode::<SingleResponse<IngestCandidateResponse>>(encoded.as_bytes()),
        Ok(body)
    );
}

#[test]
fn absent_fields_take_the_contract_defaults() {
    let ingest: IngestCandidateResponse =
        decode(br#"{"interview_id":"I","interview_url":"https://x/i/I","posting_id":"P"}"#)
            .expect("decodes");
    assert_eq!(
        (ingest.object.as_str(), ingest.candidate),
        ("candidate", None)
    );
    let queued: AsyncIngestResponse = decode(br#"{"ingestion_id":"intake_1"}"#).expect("decodes");
    assert_eq!(
        (queued.object.as_str(), queued.status.as_str()),
        ("ingestion", "queued")
    );
    assert_eq!(
        encode(&queued),
        r#"{"object":"ingestion","ingestion_id":"intake_1","status":"queued"}"#
    );
    let step: WorkflowStepStatus = decode(
        br#"{"step_id":"s","order":1,"status":"not_started","started":false,"completed":false}"#,
    )
    .expect("decodes");
    assert!(!step.knocked_out);
    assert_eq!(
        encode(&step),
        r#"{"step_id":"s","order":1,"status":"not_started","started":false,"completed":false,"knocked_out":false,"last_updated_at":null}"#
    );
    let candidate: CandidateResponse = decode(
        br#"{"interview_id":"I","posting_id":"P","name":"N","email":"e@x.io","status":"pending"}"#,
    )
    .expect("decodes");
    assert_eq!(
        (
            candidate.shortlisted,
            candidate.dismissed,
            candidate.workflow
        ),
        (false, false, None)
    );
    assert_eq!(
        decode::<AgentWebInterviewSummary>(b"{}"),
        Ok(AgentWebInterviewSummary::default())
    );
    assert_eq!(
        decode::<AgentSMSSummary>(b"{}").map(|s| s.criteria_failed.len()),
        Ok(0)
    );
    assert_eq!(
        decode::<HttpValidationError>(b"{}"),
        Ok(HttpValidationError::default())
    );
    assert_eq!(encode(&HttpValidationError::default()), r#"{"detail":[]}"#);
    let error: ApiErrorResponse =
        decode(br#"{"error":{"type":"t","code":"c","message":"m"}}"#).expect("decodes");
    assert_eq!(
        encode(&error),
        r#"{"error":{"type":"t","code":"c","message":"m","param":null,"doc_url":null,"errors":[]}}"#
    );
}

#[test]
fn object_constants_keep_any_string_but_not_other_types() {
    let item: BulkIngestCandidateResponseItem =
        decode(br#"{"object":"candidate_v3","interview_id":"I","interview_url":"u"}"#)
            .expect("decodes");
    assert_eq!(item.object, "candidate_v3");
    assert!(encode(&item).starts_with(r#"{"object":"candidate_v3","#));
    let e = err::<BulkIngestCandidateResponseItem>(
        br#"{"object":5,"interview_id":"I","interview_url":"u"}"#,
    );
    assert_eq!(e.to_string(), "object: expected string, found number");
}

#[test]
fn missing_required_fields_name_their_path() {
    let body = single_ingest();
    let e = err::<SingleResponse<IngestCandidateResponse>>(&edited(
        &body,
        &["data", "candidate", "workflow", "steps", "0", "order"],
        None,
    ));
    assert_eq!(e.path, key_path("data.candidate.workflow.steps.0.order"));
    assert_eq!(e.kind, DecodeErrorKind::Missing);
    assert_eq!(e.code(), IssueCode::Required);
    assert_eq!(
        e.to_string(),
        "data.candidate.workflow.steps[0].order: missing required field"
    );
    for (path, shown) in [
        ("data", "data"),
        ("data.interview_url", "data.interview_url"),
        ("data.candidate.email", "data.candidate.email"),
        (
            "data.candidate.workflow.all_complete",
            "data.candidate.workflow.all_complete",
        ),
    ] {
        let segments: Vec<&str> = path.split('.').collect();
        let e = err::<SingleResponse<IngestCandidateResponse>>(&edited(&body, &segments, None));
        assert_eq!(e.to_string(), format!("{shown}: missing required field"));
    }
    let e =
        err::<ApiErrorResponse>(br#"{"error":{"code":"c","message":"m","errors":[{"code":"x"}]}}"#);
    assert_eq!(e.to_string(), "error.type: missing required field");
    let e = err::<ApiError>(br#"{"type":"t","code":"c","message":"m","errors":[{"code":"x"}]}"#);
    assert_eq!(e.to_string(), "errors[0].message: missing required field");
    let e = err::<ListResponse<CandidateResponse>>(br#"{"data":[]}"#);
    assert_eq!(e.to_string(), "pagination: missing required field");
}

#[test]
fn wrong_types_name_their_path_and_both_types() {
    let body = single_ingest();
    for (path, value, shown) in [
        ("data.candidate.name", "5", "data.candidate.name: expected string, found number"),
        ("meta", "[]", "meta: expected object, found array"),
        ("data.candidate.metadata.ats_stage", "1", "data.candidate.metadata.ats_stage: expected string, found number"),
        ("data.candidate.shortlisted", "\"yes\"", "data.candidate.shortlisted: expected boolean, found string"),
        ("data.candidate.score", "\"78.5\"", "data.candidate.score: expected number, found string"),
        ("data.candidate.workflow.steps", "{}", "data.candidate.workflow.steps: expected array, found object"),
        (
            "data.candidate.agent_summary.web_interview.highlights.1",
            "false",
            "data.candidate.agent_summary.web_interview.highlights[1]: expected string, found boolean",
        ),
        ("data.candidate", "\"c\"", "data.candidate: expected object, found string"),
    ] {
        let segments: Vec<&str> = path.split('.').collect();
        let e = err::<SingleResponse<IngestCandidateResponse>>(&edited(&body, &segments, Some(value)));
        assert_eq!(e.to_string(), shown);
        assert_eq!(e.code(), IssueCode::InvalidType);
    }
    let e = err::<SingleResponse<IngestCandidateResponse>>(b"[1]");
    assert_eq!(
        (e.path.len(), e.to_string()),
        (0, "expected object, found array".to_owned())
    );
}

#[test]
fn null_is_none_only_where_the_contract_allows_it() {
    let body = single_ingest();
    for path in [
        "meta",
        "data.candidate.candidate_id",
        "data.candidate.score",
        "data.candidate.workflow",
        "data.candidate.agent_summary",
        "data.candidate.metadata",
        "data.candidate.data",
        "data.candidate.agent_summary.sms.messages_sent",
        "data.candidate",
    ] {
        let segments: Vec<&str> = path.split('.').collect();
        let decoded = decode::<SingleResponse<IngestCandidateResponse>>(&edited(
            &body,
            &segments,
            Some("null"),
        ));
        let encoded = encode(&decoded.unwrap_or_else(|e| panic!("{path}: {e}")));
        assert!(
            encoded.contains(&format!("\"{}\":null", segments.last().unwrap_or(&""))),
            "{path}"
        );
    }
    for path in [
        "data",
        "data.interview_id",
        "data.object",
        "data.candidate.shortlisted",
        "data.candidate.workflow.steps",
        "data.candidate.workflow.steps.0.knocked_out",
        "data.candidate.agent_summary.web_interview.highlights",
        "data.candidate.metadata.ats_stage",
    ] {
        let segments: Vec<&str> = path.split('.').collect();
        let e =
            err::<SingleResponse<IngestCandidateResponse>>(&edited(&body, &segments, Some("null")));
        assert_eq!(e.path, key_path(path));
        assert!(e.to_string().ends_with(", found null"), "{e}");
    }
}

#[test]
fn integers_must_be_whole() {
    let step = |order: &str| {
        decode::<WorkflowStepStatus>(
            format!(
                r#"{{"step_id":"s","order":{order},"status":"x","started":true,"completed":true}}"#
            )
            .as_bytes(),
        )
        .map(|s| s.order)
    };
    assert_eq!(step("3"), Ok(3));
    assert_eq!(step("-3"), Ok(-3));
    assert_eq!(step("3.0"), Ok(3));
    assert_eq!(step("3e2"), Ok(300));
    assert_eq!(step("9223372036854775807"), Ok(i64::MAX));
    assert_eq!(step("-9223372036854775808"), Ok(i64::MIN));
    assert_eq!(step("922337203685477580.70e1"), Ok(i64::MAX));
    for (text, expected) in [
        ("-0", 0),
        ("0.000", 0),
        ("80e-1", 8),
        ("0.5e1", 5),
        ("1E+2", 100),
        ("0e99999999999999999999", 0),
        ("0.0e-99999999999999999999", 0),
        ("000123", 123),
    ] {
        assert_eq!(parse_integer(text), Ok(expected), "{text}");
    }
    for (text, found) in [
        ("1e-400", "fractional number"),
        ("1e-99999999999999999999", "fractional number"),
        ("12.30000001", "fractional number"),
        ("-9223372036854775809", "out-of-range number"),
        ("1e99999999999999999999", "out-of-range number"),
        ("1e9223372036854775807", "out-of-range number"),
        ("", "invalid number"),
        ("-", "invalid number"),
        (".5", "invalid number"),
        ("1x", "invalid number"),
        ("١", "invalid number"),
    ] {
        assert_eq!(parse_integer(text), Err(found), "{text}");
    }
    let fractional = step("1.5").expect_err("fraction");
    assert_eq!(
        fractional.to_string(),
        "order: expected integer, found fractional number"
    );
    for out_of_range in ["9223372036854775808", "1e400", "1e19"] {
        assert_eq!(
            step(out_of_range).map_err(|e| e.to_string()),
            Err("order: expected integer, found out-of-range number".to_owned())
        );
    }
    assert!(step("\"3\"").is_err());
}

/// `parse_integer` agrees with floating point where floating point is exact
/// (at most 15 significant digits, small exponents).
#[test]
fn integer_parsing_agrees_with_floating_point() {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |bound: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % bound
    };
    for _ in 0..5000 {
        let whole = next(1_000_000_000).to_string();
        let fraction: String = (0..next(6))
            .map(|_| char::from(b'0' + if next(3) == 0 { next(10) } else { 0 } as u8))
            .collect();
        let mut text = format!("{}{whole}", if next(2) == 0 { "-" } else { "" });
        if !fraction.is_empty() {
            text = format!("{text}.{fraction}");
        }
        if next(2) == 0 {
            text = format!("{text}e{}", next(13) as i64 - 6);
        }
        let float: f64 = text.parse().expect("float");
        let expected = if float.fract() == 0.0 {
            Ok(float as i64)
        } else {
            Err("fractional number")
        };
        assert_eq!(parse_integer(&text), expected, "{text}");
    }
}

// ---------------------------------------------------------------------------
// Numbers: kept as their source text.

#[test]
fn numbers_round_trip_as_their_text() {
    let score = |text: &str| {
        decode::<AgentWebInterviewSummary>(format!(r#"{{"score":{text}}}"#).as_bytes())
            .map(|s| s.score)
    };
    for text in [
        "12.50",
        "1e3",
        "-0",
        "78",
        "-0.5e1",
        "0.1",
        "1E+2",
        "2.5e-7",
        "1e400",
        "-1e400",
        "123456789012345678901234567890",
    ] {
        let number = score(text).expect(text).expect("not null");
        assert_eq!(
            (number.as_str(), number.to_string()),
            (text, text.to_owned())
        );
        let summary = AgentWebInterviewSummary {
            score: Some(number),
            ..Default::default()
        };
        let encoded = encode(&summary);
        assert!(
            encoded.starts_with(&format!(r#"{{"score":{text},"#)),
            "{encoded}"
        );
        assert_eq!(decode(encoded.as_bytes()), Ok(summary));
    }
    assert_eq!(score("null"), Ok(None));
    assert_eq!(
        score("\"1\"").map_err(|e| e.to_string()),
        Err("score: expected number, found string".to_owned())
    );
    // Equality is that of the text.
    assert_ne!(num("12.5"), num("12.50"));
    assert_eq!(Value::from(num("12.50")), Value::Number("12.50".into()));
}

#[test]
fn number_values_parse_on_request() {
    for (text, value) in [
        ("12.50", 12.5),
        ("1e3", 1000.0),
        ("0.1", 0.1),
        ("-2.5E-7", -2.5e-7),
        ("1739713800.25", 1_739_713_800.25),
        ("1e-400", 0.0),
    ] {
        assert_eq!(num(text).as_f64(), Some(value), "{text}");
    }
    let negative_zero = num("-0").as_f64().expect("-0");
    assert!(negative_zero == 0.0 && negative_zero.is_sign_negative());
    for beyond_f64 in ["1e400", "-1e400", "1.8e308"] {
        assert_eq!(num(beyond_f64).as_f64(), None, "{beyond_f64}");
    }
}

#[test]
fn numbers_from_integers_and_unix_milliseconds() {
    for (n, text) in [
        (0, "0"),
        (-7, "-7"),
        (1_710_288_000, "1710288000"),
        (i64::MAX, "9223372036854775807"),
        (i64::MIN, "-9223372036854775808"),
    ] {
        assert_eq!(Number::from_i64(n).as_str(), text);
    }
    for (ms, text) in [
        (1_710_288_000_123, "1710288000.123"),
        (1_000, "1"),
        (1_500, "1.5"),
        (1_010, "1.01"),
        (1_001, "1.001"),
        (1_120, "1.12"),
        (0, "0"),
        (1, "0.001"),
        (10, "0.01"),
        (100, "0.1"),
        (1_710_288_000_000, "1710288000"),
        (u64::MAX, "18446744073709551.615"),
    ] {
        assert_eq!(Number::from_unix_millis(ms).as_str(), text, "{ms}");
        assert_eq!(text.parse::<Number>(), Ok(Number::from_unix_millis(ms)));
    }
    // The same value as dividing in floating point (exact below 2^53 ms).
    let mut seed: u64 = 0x1234_5678_9ABC_DEF1;
    for _ in 0..5000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let ms = seed % (1 << 53);
        let ms = match seed % 3 {
            0 => ms % 100_000,
            1 => ms % 10_000_000_000_000,
            _ => ms,
        };
        let seconds = ms as f64 / 1000.0;
        let number = Number::from_unix_millis(ms);
        assert_eq!(number.as_f64(), Some(seconds), "{ms}");
        // Until the year 2286, also the same text as printing that f64.
        if ms < 10_000_000_000_000 {
            assert_eq!(number.as_str(), seconds.to_string(), "{ms}");
        }
    }
}

/// `str::parse::<Number>` accepts exactly JSON's number grammar: what the
/// crate's JSON parser reads as a number.
#[test]
fn number_text_is_json_number_grammar() {
    for valid in [
        "0",
        "-0",
        "7",
        "-12.50",
        "1e3",
        "1E+3",
        "1e-3",
        "0.0e0",
        "123456789012345678901234567890",
    ] {
        assert_eq!(num(valid).as_str(), valid);
    }
    for invalid in [
        "", "-", "01", "-01", "1.", ".5", "+1", "1e", "1e+", "1.e3", "--1", "NaN", "inf", " 1",
        "1 ", "0x1", "1_0", "١", "1e3.5",
    ] {
        assert_eq!(invalid.parse::<Number>(), Err(InvalidNumber), "{invalid:?}");
    }
    assert_eq!(InvalidNumber.to_string(), "not a JSON number");
    let mut seed: u64 = 0x0DDB_1A5E_5BAD_5EED;
    let mut next = move |bound: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % bound
    };
    const ALPHABET: &[u8] = b"-+.eE0019";
    for _ in 0..20_000 {
        let text: String = (0..next(8))
            .map(|_| char::from(ALPHABET[next(ALPHABET.len() as u64) as usize]))
            .collect();
        let parsed = parse(text.as_bytes()).ok().map(|d| d.value);
        let expected = matches!(&parsed, Some(Value::Number(t)) if **t == *text);
        assert_eq!(text.parse::<Number>().is_ok(), expected, "{text:?}");
    }
}

#[test]
fn validation_locations_become_path_segments() {
    let body: HttpValidationError = decode(
        br#"{"detail":[{"loc":["body","data",0,"email"],"msg":"bad","type":"value_error","input":"x","ctx":{"reason":"r"}}]}"#,
    )
    .expect("decodes");
    let item = &body.detail[0];
    assert_eq!(item.loc, key_path("body.data.0.email"));
    assert_eq!(
        (item.msg.as_str(), item.r#type.as_str()),
        ("bad", "value_error")
    );
    assert_eq!(item.extra.len(), 2);
    assert_eq!(
        encode(&body),
        r#"{"detail":[{"loc":["body","data",0,"email"],"msg":"bad","type":"value_error","input":"x","ctx":{"reason":"r"}}]}"#
    );
    for (loc, found) in [
        ("-1", "negative integer"),
        ("1.5", "fractional number"),
        ("true", "boolean"),
        ("1e30", "out-of-range number"),
    ] {
        let e = err::<HttpValidationError>(
            format!(r#"{{"detail":[{{"loc":["body",{loc}],"msg":"m","type":"t"}}]}}"#).as_bytes(),
        );
        assert_eq!(
            e.to_string(),
            format!("detail[0].loc[1]: expected string or non-negative integer, found {found}")
        );
    }
}

#[test]
fn typed_values_round_trip_through_json() {
    let step = WorkflowStepStatus {
        step_id: "agent_vi_001".into(),
        order: 1,
        status: "knocked_out".into(),
        started: true,
        completed: false,
        knocked_out: true,
        last_updated_at: Some(num("1739713800.25")),
        extra: vec![("attempts".into(), Value::Number("2".into()))],
    };
    let candidate = CandidateResponse {
        object: "candidate".into(),
        interview_id: "D536A69A4090E13F".into(),
        candidate_id: None,
        posting_id: "13D77095".into(),
        name: "Zoë \"Z\" O'Neil\n".into(),
        email: "zoe@example.com".into(),
        score: None,
        status: "knocked_out".into(),
        interview_url: None,
        workflow: Some(CandidateWorkflow {
            steps: vec![step],
            all_complete: false,
            last_activity_at: None,
            extra: Vec::new(),
        }),
        agent_summary: Some(AgentSummary {
            form: Some(AgentFormSummary {
                is_complete: Some(false),
                questions_answered: Some(0),
                ..Default::default()
            }),
            ..Default::default()
        }),
        shortlisted: false,
        dismissed: true,
        metadata: Some(Vec::new()),
        data: Some(vec![("😀".into(), json(r#"[{"a":[]}]"#))]),
        interviewed_at: None,
        created_at: Some(Number::from_i64(0)),
        extra: Vec::new(),
    };
    let list = ListResponse {
        data: vec![candidate.clone(), candidate],
        pagination: PaginationMeta {
            has_more: false,
            total_count: None,
            url: Some("https://api.heymilo.ai/x".into()),
            extra: Vec::new(),
        },
        extra: vec![("object".into(), Value::String("list".into()))],
    };
    let encoded = encode(&list);
    assert!(
        encoded.contains(r#""candidate_id":null"#) && encoded.contains(r#""metadata":{}"#),
        "{encoded}"
    );
    assert_eq!(
        decode::<ListResponse<CandidateResponse>>(encoded.as_bytes()),
        Ok(list)
    );

    let bulk = SingleResponse {
        data: vec![BulkIngestCandidateResponseItem {
            object: "candidate".into(),
            interview_id: "I".into(),
            interview_url: "u".into(),
            metadata: Some(vec![("k".into(), "v".into())]),
            extra: Vec::new(),
        }],
        meta: None,
        extra: Vec::new(),
    };
    let encoded = encode(&bulk);
    assert_eq!(
        encoded,
        r#"{"data":[{"object":"candidate","interview_id":"I","interview_url":"u","metadata":{"k":"v"}}],"meta":null}"#
    );
    assert_eq!(decode(encoded.as_bytes()), Ok(bulk));

    let error = ApiErrorResponse {
        error: ApiError {
            r#type: "rate_limit_error".into(),
            code: "rate_limited".into(),
            message: "Too many requests".into(),
            param: None,
            doc_url: Some("https://docs.heymilo.ai".into()),
            errors: vec![ApiErrorDetail {
                code: "c".into(),
                message: "m".into(),
                param: Some("p".into()),
                extra: Vec::new(),
            }],
            extra: Vec::new(),
        },
        extra: Vec::new(),
    };
    assert_eq!(decode(encode(&error).as_bytes()), Ok(error));
}

#[test]
fn bad_json_and_too_deep_values_are_errors() {
    let e = err::<ApiErrorResponse>(b"{\"error\":");
    assert!(matches!(e.kind, DecodeErrorKind::Json(_)));
    assert_eq!(e.code(), IssueCode::InvalidJson);
    assert!(e.to_string().starts_with("invalid JSON: "));
    assert!(std::error::Error::source(&e).is_some());

    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let body = edited(
        &single_ingest(),
        &["data", "candidate", "data", "source"],
        Some("0"),
    );
    let body = String::from_utf8(body).expect("utf-8").replacen(
        "\"source\":0",
        &format!("\"source\":{deep}"),
        1,
    );
    let e = err::<SingleResponse<IngestCandidateResponse>>(body.as_bytes());
    assert_eq!(e.kind, DecodeErrorKind::TooDeep);
    assert_eq!(e.code(), IssueCode::TooDeep);
    assert!(
        e.to_string()
            .starts_with("data.candidate.data.source[0][0]"),
        "{e}"
    );
}

/// Mutated and truncated bodies must give errors (or values), never panics.
#[test]
fn no_input_panics() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const ALPHABET: &[u8] = b"{}[],:\"0123456789-.eE ntrufalse\\x";
    for (_, body, codec) in cases() {
        let bytes = body.into_bytes();
        for end in 0..bytes.len() {
            let _ = decode::<SingleResponse<IngestCandidateResponse>>(&bytes[..end]);
        }
        for _ in 0..300 {
            let mut mutated = bytes.clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() as usize) % mutated.len().max(1);
                let byte = ALPHABET[(next() as usize) % ALPHABET.len()];
                match next() % 3 {
                    0 if at < mutated.len() => mutated[at] = byte,
                    1 if at < mutated.len() => {
                        mutated.remove(at);
                    }
                    _ => mutated.insert(at.min(mutated.len()), byte),
                }
            }
            if let Ok(document) = parse(&mutated) {
                let _ = codec.run(&document.value);
            }
        }
    }
}
