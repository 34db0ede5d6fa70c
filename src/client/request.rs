//! Building the HTTP request for an ingest call: URL, headers, body.
//!
//! Sans-IO: the result is plain data that any HTTP client (fetch in
//! JavaScript, or a Rust client of your choice) sends as it is.

use crate::api::{bulk_body_json, posting_path, read_rows, Endpoint, API_PREFIX, DEFAULT_BASE_URL};
use crate::issue::{Issue, IssueCode};
use crate::json;
use crate::validate::{validate_document, ValidateOptions};

/// What this client calls itself in `User-Agent`.
pub const CLIENT_NAME: &str = concat!("heymilo-ingest/", env!("CARGO_PKG_VERSION"));

/// Everything needed to send one ingest request, except the API key, which
/// the caller adds as the `X-API-KEY` header so it never passes through here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestRequest {
    /// Always `POST`.
    pub method: &'static str,
    /// The absolute (or, for a same-origin proxy, relative) URL.
    pub url: String,
    /// Header names and values, besides the API key.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body: the normalized candidate(s).
    pub body: String,
}

/// Where and how to send, besides the candidate(s).
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestOptions<'a> {
    /// API base URL; [`DEFAULT_BASE_URL`] when `None`. A trailing `/` is
    /// ignored, and so is a trailing `/api/v2` (the routes' own prefix, which
    /// is easily copied with the origin from the API reference).
    pub base_url: Option<&'a str>,
    /// The posting (interviewer) to ingest into.
    pub posting_id: &'a str,
    /// `X-Workspace-Id`, for callers that act on several workspaces.
    pub workspace_id: Option<&'a str>,
    /// `User-Agent` value, where the runtime allows setting one.
    pub user_agent: Option<&'a str>,
    /// Options for reading the candidate(s).
    pub validate: ValidateOptions<'a>,
}

/// Validates the candidate(s) in `input` (JSON: one object, or for bulk
/// endpoints an array) and builds the request. Invalid input gives the
/// issues and no request, so nothing is ever sent for it.
pub fn build_ingest_request(
    endpoint: Endpoint,
    input: &[u8],
    options: RequestOptions<'_>,
) -> Result<IngestRequest, Vec<Issue>> {
    let mut issues = Vec::new();
    let path = posting_path(options.posting_id)
        .map_err(|issue| issues.push(issue))
        .ok();
    let body = match json::parse(input) {
        Err(error) => {
            issues.push(Issue::new(
                Vec::new(),
                IssueCode::InvalidJson,
                format!("The candidate is not valid JSON ({error})."),
            ));
            None
        }
        Ok(document) if endpoint.is_bulk() => match read_rows(&document, options.validate) {
            Ok(rows) => Some(bulk_body_json(&rows)),
            Err(found) => {
                issues.extend(found);
                None
            }
        },
        Ok(document) => {
            let outcome = validate_document(&document, options.validate);
            issues.extend(outcome.issues);
            outcome.value.map(|candidate| {
                let mut body = String::with_capacity(256);
                candidate.write_json(&mut body);
                body
            })
        }
    };
    match (path, body) {
        (Some(path), Some(body)) if issues.is_empty() => {
            let base = options
                .base_url
                .unwrap_or(DEFAULT_BASE_URL)
                .trim_end_matches('/');
            let base = base.strip_suffix(API_PREFIX).unwrap_or(base);
            let mut headers = vec![
                ("Content-Type", "application/json".to_owned()),
                ("Accept", "application/json".to_owned()),
            ];
            if let Some(workspace) = options.workspace_id {
                headers.push(("X-Workspace-Id", workspace.to_owned()));
            }
            if let Some(agent) = options.user_agent {
                headers.push(("User-Agent", agent.to_owned()));
            }
            Ok(IngestRequest {
                method: "POST",
                url: format!("{base}{path}{}", endpoint.path_suffix()),
                headers,
                body,
            })
        }
        _ => Err(issues),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(posting_id: &str) -> RequestOptions<'_> {
        RequestOptions {
            posting_id,
            ..RequestOptions::default()
        }
    }

    const ADA: &[u8] = br#"{"name":" Ada ","email":"ada@EXAMPLE.com","extra":1}"#;

    #[test]
    fn builds_a_single_ingest_request_with_the_normalized_body() {
        let request = build_ingest_request(Endpoint::Single, ADA, options("13D77095")).unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(
            request.url,
            "https://api.heymilo.ai/api/v2/postings/13D77095/candidates"
        );
        assert_eq!(request.body, r#"{"name":"Ada","email":"ada@example.com"}"#);
        assert!(request
            .headers
            .contains(&("Content-Type", "application/json".to_owned())));
        assert!(!request
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("x-api-key")));
    }

    #[test]
    fn every_endpoint_has_its_path() {
        let paths: Vec<String> = Endpoint::ALL
            .iter()
            .map(|&endpoint| {
                let input: &[u8] = if endpoint.is_bulk() {
                    b"[{\"name\":\"A\",\"email\":\"a@b.co\"}]"
                } else {
                    ADA
                };
                let request = build_ingest_request(
                    endpoint,
                    input,
                    RequestOptions {
                        base_url: Some("/heymilo/"),
                        workspace_id: Some("ws_1"),
                        ..options("p")
                    },
                )
                .unwrap();
                assert!(request
                    .headers
                    .contains(&("X-Workspace-Id", "ws_1".to_owned())));
                if endpoint.is_bulk() {
                    assert_eq!(request.body, r#"{"data":[{"name":"A","email":"a@b.co"}]}"#);
                }
                request.url
            })
            .collect();
        assert_eq!(
            paths,
            [
                "/heymilo/api/v2/postings/p/candidates",
                "/heymilo/api/v2/postings/p/candidates/bulk",
                "/heymilo/api/v2/postings/p/candidates/async",
                "/heymilo/api/v2/postings/p/candidates/bulk/async",
            ]
        );
    }

    /// `https://api.heymilo.ai/api/v2` (what the API reference shows) means
    /// the same as the origin, as does a proxy base ending in the prefix.
    #[test]
    fn a_base_url_ending_in_the_api_prefix_is_the_same_base() {
        for (base, url) in [
            (
                "https://api.heymilo.ai/api/v2",
                "https://api.heymilo.ai/api/v2/postings/p/candidates",
            ),
            (
                "https://api.heymilo.ai/api/v2/",
                "https://api.heymilo.ai/api/v2/postings/p/candidates",
            ),
            (
                "https://api.heymilo.ai/",
                "https://api.heymilo.ai/api/v2/postings/p/candidates",
            ),
            ("/heymilo/api/v2", "/heymilo/api/v2/postings/p/candidates"),
            (
                "https://x.example/api/v22",
                "https://x.example/api/v22/api/v2/postings/p/candidates",
            ),
        ] {
            let request = build_ingest_request(
                Endpoint::Single,
                ADA,
                RequestOptions {
                    base_url: Some(base),
                    ..options("p")
                },
            )
            .unwrap();
            assert_eq!(request.url, url, "{base}");
        }
    }

    #[test]
    fn invalid_input_gives_every_issue_and_no_request() {
        let issues =
            build_ingest_request(Endpoint::Single, br#"{"name":""}"#, options("")).unwrap_err();
        let codes: Vec<_> = issues.iter().map(|i| i.code).collect();
        assert_eq!(
            codes,
            [IssueCode::Blank, IssueCode::Blank, IssueCode::Required]
        );
        let issues = build_ingest_request(Endpoint::Bulk, b"[]", options("p")).unwrap_err();
        assert_eq!(issues[0].code, IssueCode::TooFewItems);
        let issues = build_ingest_request(Endpoint::Bulk, ADA, options("p")).unwrap_err();
        assert_eq!(issues[0].code, IssueCode::InvalidType);
        let issues = build_ingest_request(Endpoint::Single, b"{", options("p")).unwrap_err();
        assert_eq!(issues[0].code, IssueCode::InvalidJson);
    }
}
