use super::*;
use crate::api::responses::{decode, ApiErrorResponse, HttpValidationError};

const ADA: &str = r#"{"name":"Ada","email":"ada@example.com","phone_number":"+12065551234","metadata":{"k":"v"}}"#;

fn sandbox() -> Sandbox {
    Sandbox::new(SandboxConfig {
        postings: Some(vec!["p1".to_owned(), "a/b".to_owned()]),
        ..SandboxConfig::default()
    })
}

fn call(
    sandbox: &mut Sandbox,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
    now_ms: u64,
) -> SandboxResponse {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    sandbox.handle(
        SandboxRequest {
            method,
            path,
            query,
            headers: &headers,
            body: body.as_bytes(),
        },
        now_ms,
    )
}

fn post(sandbox: &mut Sandbox, path: &str, body: &str) -> SandboxResponse {
    call(
        sandbox,
        "POST",
        path,
        &[("X-API-KEY", DEFAULT_SANDBOX_KEY)],
        body,
        1_000_000,
    )
}

fn text(response: &SandboxResponse) -> &str {
    std::str::from_utf8(&response.body).unwrap()
}

fn header<'a>(response: &'a SandboxResponse, name: &str) -> Option<&'a str> {
    response
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn ingest_answers_201_with_a_full_receipt_and_stores_the_candidate() {
    let mut sandbox = sandbox();
    let response = post(&mut sandbox, "/api/v2/postings/p1/candidates", ADA);
    assert_eq!(response.status, 201, "{}", text(&response));
    let body: SingleResponse<IngestCandidateResponse> = decode(&response.body).unwrap();
    let id = &body.data.interview_id;
    assert_eq!(id.len(), 16);
    assert!(
        id.chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()),
        "{id}"
    );
    assert!(body.data.interview_url.ends_with(id.as_str()));
    let receipt = body.data.candidate.unwrap();
    assert_eq!(receipt.status, "pending");
    assert_eq!(receipt.email, "ada@example.com");
    assert_eq!(receipt.created_at, Some(Number::from_i64(1000)));
    assert!(receipt.candidate_id.unwrap().starts_with("cand_"));
    let step = &receipt.workflow.unwrap().steps[0];
    assert_eq!(
        (step.status.as_str(), step.started, step.completed),
        ("not_started", false, false)
    );
    assert_eq!(sandbox.candidates().len(), 1);
    assert_eq!(
        sandbox.candidates()[0].request.phone_number(),
        Some("+12065551234")
    );
    assert_eq!(header(&response, "x-ratelimit-remaining"), Some("299"));
    assert!(header(&response, "x-request-id").is_some());
}

#[test]
fn ids_are_unique_and_reproducible_from_the_seed() {
    let ids = |seed| {
        let mut sandbox = Sandbox::new(SandboxConfig {
            seed,
            ..SandboxConfig::default()
        });
        (0..50)
            .map(|_| {
                post(&mut sandbox, "/api/v2/postings/x/candidates", ADA);
            })
            .count();
        sandbox
            .candidates()
            .iter()
            .map(|c| c.interview_id.clone())
            .collect::<Vec<_>>()
    };
    let first = ids(7);
    assert_eq!(first, ids(7));
    assert_ne!(first, ids(8));
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 50);
}

#[test]
fn bulk_and_async_routes() {
    let mut sandbox = sandbox();
    let bulk = post(
        &mut sandbox,
        "/api/v2/postings/p1/candidates/bulk",
        &format!(r#"{{"data":[{ADA},{ADA}]}}"#),
    );
    assert_eq!(bulk.status, 201, "{}", text(&bulk));
    let items: SingleResponse<Vec<BulkIngestCandidateResponseItem>> = decode(&bulk.body).unwrap();
    assert_eq!(items.data.len(), 2);
    let queued = post(&mut sandbox, "/api/v2/postings/p1/candidates/async", ADA);
    assert_eq!(queued.status, 202);
    let job: SingleResponse<AsyncIngestResponse> = decode(&queued.body).unwrap();
    assert!(job.data.ingestion_id.starts_with("intake_"));
    assert_eq!(job.data.status, "queued");
    let bulk_queued = post(
        &mut sandbox,
        "/api/v2/postings/p1/candidates/bulk/async",
        &format!(r#"{{"data":[{ADA}]}}"#),
    );
    assert_eq!(bulk_queued.status, 202);
    assert_eq!(sandbox.candidates().len(), 4);
    let empty = post(
        &mut sandbox,
        "/api/v2/postings/p1/candidates/bulk",
        r#"{"data":[]}"#,
    );
    assert_eq!(empty.status, 422);
    assert!(
        text(&empty).contains(r#""type":"too_short""#),
        "{}",
        text(&empty)
    );
}

#[test]
fn auth_posting_and_validation_errors_use_the_contract_envelopes() {
    let mut sandbox = sandbox();
    for headers in [&[][..], &[("X-API-KEY", "sk_wrong")][..]] {
        let response = call(
            &mut sandbox,
            "POST",
            "/api/v2/postings/p1/candidates",
            headers,
            ADA,
            0,
        );
        assert_eq!(response.status, 401);
        let envelope: ApiErrorResponse = decode(&response.body).unwrap();
        assert_eq!(envelope.error.code, "invalid_api_key");
    }
    let bearer = call(
        &mut sandbox,
        "POST",
        "/api/v2/postings/p1/candidates",
        &[("Authorization", "Bearer sk_sandbox")],
        ADA,
        0,
    );
    assert_eq!(bearer.status, 201);
    assert_eq!(
        post(&mut sandbox, "/api/v2/postings/nope/candidates", ADA).status,
        404
    );
    assert_eq!(
        post(&mut sandbox, "/api/v2/postings/a%2Fb/candidates", ADA).status,
        201
    );
    let invalid = post(
        &mut sandbox,
        "/api/v2/postings/p1/candidates",
        r#"{"name":"","metadata":{"k":1}}"#,
    );
    assert_eq!(invalid.status, 422);
    let detail: HttpValidationError = decode(&invalid.body).unwrap();
    let locs: Vec<_> = detail
        .detail
        .iter()
        .map(|d| (d.loc.clone(), d.r#type.clone()))
        .collect();
    assert_eq!(
        locs[0],
        (vec!["body".into(), "name".into()], "value_error".to_owned())
    );
    assert_eq!(
        locs[1],
        (vec!["body".into(), "email".into()], "missing".to_owned())
    );
    assert_eq!(
        locs[2].0,
        vec![PathSegment::from("body"), "metadata".into(), "k".into()]
    );
    assert_eq!(
        post(&mut sandbox, "/api/v2/postings/p1/candidates", "{").status,
        422
    );
    let wrong_method = call(
        &mut sandbox,
        "PUT",
        "/api/v2/postings/p1/candidates/bulk",
        &[],
        "",
        0,
    );
    assert_eq!(
        (wrong_method.status, header(&wrong_method, "allow")),
        (405, Some("POST"))
    );
    assert_eq!(
        call(&mut sandbox, "POST", "/elsewhere", &[], "", 0).status,
        404
    );
    assert_eq!(sandbox.candidates().len(), 2);
}

#[test]
fn rate_limit_is_per_minute_with_retry_after() {
    let mut sandbox = Sandbox::new(SandboxConfig {
        rate_limit_per_minute: 3,
        ..SandboxConfig::default()
    });
    let at = |sandbox: &mut Sandbox, ms| {
        call(
            sandbox,
            "POST",
            "/api/v2/postings/p/candidates",
            &[("X-API-KEY", "sk_sandbox")],
            ADA,
            ms,
        )
    };
    for ms in [0, 10_000, 20_000] {
        assert_eq!(at(&mut sandbox, ms).status, 201);
    }
    let limited = at(&mut sandbox, 30_000);
    assert_eq!(limited.status, 429);
    assert_eq!(header(&limited, "retry-after"), Some("30"));
    let envelope: ApiErrorResponse = decode(&limited.body).unwrap();
    assert_eq!(envelope.error.r#type, "rate_limit_error");
    assert_eq!(at(&mut sandbox, 60_000).status, 201);
    assert_eq!(sandbox.candidates().len(), 4);
}

#[test]
fn listing_pages_and_filters() {
    let mut sandbox = sandbox();
    for second in 1..=5u64 {
        call(
            &mut sandbox,
            "POST",
            "/api/v2/postings/p1/candidates",
            &[("X-API-KEY", "sk_sandbox")],
            ADA,
            second * 1000,
        );
    }
    let list = |sandbox: &mut Sandbox, query: &str| {
        let response = call(
            sandbox,
            "GET",
            &format!("/api/v2/postings/p1/candidates?{query}"),
            &[("X-API-KEY", "sk_sandbox")],
            "",
            9_000,
        );
        (
            response.status,
            decode::<ListResponse<CandidateResponse>>(&response.body).ok(),
        )
    };
    let (status, page) = list(&mut sandbox, "limit=2");
    assert_eq!(status, 200);
    let page = page.unwrap();
    assert_eq!(
        (
            page.data.len(),
            page.pagination.has_more,
            page.pagination.total_count
        ),
        (2, true, Some(5))
    );
    let cursor = page.data[1].interview_id.clone();
    let (_, next) = list(&mut sandbox, &format!("limit=10&starting_after={cursor}"));
    let next = next.unwrap();
    assert_eq!((next.data.len(), next.pagination.has_more), (3, false));
    let (_, window) = list(
        &mut sandbox,
        "created_after=2&created_before=1970-01-01T00:00:04Z",
    );
    assert_eq!(window.unwrap().data.len(), 3);
    assert_eq!(
        list(&mut sandbox, "created_after=5&created_before=2").0,
        400
    );
    assert_eq!(list(&mut sandbox, "limit=0").0, 422);
    assert_eq!(list(&mut sandbox, "limit=x").0, 422);
    assert_eq!(list(&mut sandbox, "starting_after=NOPE").0, 400);
}

#[test]
fn listing_filters_compare_exact_milliseconds() {
    let mut sandbox = sandbox();
    for now_ms in [1_001, 1_002, 1_710_288_000_123] {
        call(
            &mut sandbox,
            "POST",
            "/api/v2/postings/p1/candidates",
            &[("X-API-KEY", "sk_sandbox")],
            ADA,
            now_ms,
        );
    }
    let mut created = |query: &str| {
        let response = call(
            &mut sandbox,
            "GET",
            &format!("/api/v2/postings/p1/candidates?{query}"),
            &[("X-API-KEY", "sk_sandbox")],
            "",
            1_710_288_001_000,
        );
        assert_eq!(response.status, 200, "{query}: {}", text(&response));
        let page = decode::<ListResponse<CandidateResponse>>(&response.body).unwrap();
        page.data
            .iter()
            .map(|c| c.created_at.as_ref().map_or("", Number::as_str).to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(created(""), ["1.001", "1.002", "1710288000.123"]);
    // 1.001 * 1000.0 is 1000.9999999999999 in f64; the bounds are read exactly.
    assert_eq!(
        created("created_after=1.001&created_before=1.001"),
        ["1.001"]
    );
    assert_eq!(created("created_after=1.0015"), ["1.002", "1710288000.123"]);
    assert_eq!(created("created_before=1.0015"), ["1.001"]);
    assert_eq!(created("created_after=1710288000.123"), ["1710288000.123"]);
    assert_eq!(
        created("created_after=2024-03-13T00:00:00.1231Z"),
        Vec::<String>::new()
    );
    assert_eq!(created("created_before=2024-03-13T00:00:00.123Z").len(), 3);
    assert_eq!(created("created_after=1e300"), Vec::<String>::new());
}

#[test]
fn faults_from_the_header() {
    let mut sandbox = sandbox();
    let with = |sandbox: &mut Sandbox, fault: &str| {
        call(
            sandbox,
            "POST",
            "/api/v2/postings/p1/candidates",
            &[("X-API-KEY", "sk_sandbox"), ("X-Sandbox-Fault", fault)],
            ADA,
            0,
        )
    };
    let forced = with(&mut sandbox, "status=503");
    assert_eq!(forced.status, 503);
    assert_eq!(
        sandbox.candidates().len(),
        0,
        "a plain forced status stores nothing"
    );
    let after = with(&mut sandbox, "status=500; after=store");
    assert_eq!(after.status, 500);
    assert_eq!(
        sandbox.candidates().len(),
        1,
        "after=store fails after committing"
    );
    let limited = with(&mut sandbox, "status=429; retry-after=1");
    assert_eq!(header(&limited, "retry-after"), Some("1"));
    let html = with(&mut sandbox, "body=html");
    assert_eq!(
        (html.status, header(&html, "content-type")),
        (201, Some("text/html"))
    );
    assert!(with(&mut sandbox, "body=empty").body.is_empty());
    assert!(json::parse(&with(&mut sandbox, "body=malformed").body).is_err());
    assert!(json::parse(&with(&mut sandbox, "body=truncated").body).is_err());
    let slow = with(&mut sandbox, "delay=250; drop");
    assert_eq!((slow.delay_ms, slow.drop_connection), (250, true));
}

#[test]
fn planned_faults_and_cors() {
    let mut sandbox = Sandbox::new(SandboxConfig {
        cors: true,
        faults: vec![FaultRule {
            operation: Some("ingestCandidate".into()),
            times: Some(2),
            probability: None,
            fault: Fault {
                status: Some(503),
                ..Fault::default()
            },
        }],
        ..SandboxConfig::default()
    });
    let statuses: Vec<u16> = (0..3)
        .map(|_| post(&mut sandbox, "/api/v2/postings/p/candidates", ADA).status)
        .collect();
    assert_eq!(statuses, [503, 503, 201]);
    let preflight = call(
        &mut sandbox,
        "OPTIONS",
        "/api/v2/postings/p/candidates",
        &[],
        "",
        0,
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(header(&preflight, "access-control-allow-origin"), Some("*"));
    assert!(header(&preflight, "access-control-allow-headers")
        .unwrap()
        .contains("X-API-KEY"));
    let stored = sandbox.candidates_json();
    assert!(
        stored.starts_with(r#"[{"object":"candidate","interview_id":""#),
        "{stored}"
    );
    assert!(stored.contains(r#""operation":"ingestCandidate""#));
}
