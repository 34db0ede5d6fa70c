//! FastAPI's 422 body (`{"detail":[{"loc","msg","type"}]}`) and our issues,
//! both ways: the client reads HeyMilo's into issues, the sandbox writes ours
//! the way HeyMilo would.

use crate::issue::{Issue, IssueCode, PathSegment};
use crate::json::{write_string, Value};
use crate::responses::ValidationErrorItem;

/// Pairs of our issue code and the pydantic error type that means the same.
const EQUIVALENT_TYPES: [(IssueCode, &str); 6] = [
    (IssueCode::Required, "missing"),
    (IssueCode::InvalidType, "string_type"),
    (IssueCode::TooLong, "string_too_long"),
    (IssueCode::TooManyKeys, "too_long"),
    (IssueCode::InvalidJson, "json_invalid"),
    (IssueCode::TooFewItems, "too_short"),
];

/// The pydantic error type for one of our issue codes (`value_error` when pydantic has no closer one).
pub fn pydantic_type(code: IssueCode) -> &'static str {
    EQUIVALENT_TYPES
        .iter()
        .find(|(ours, _)| *ours == code)
        .map_or("value_error", |(_, theirs)| theirs)
}

/// Our issue for one FastAPI validation error: `loc` without its leading
/// `"body"` (and, for bulk bodies, without `"data"`, so rows are indexed as
/// in `validateCandidates`). The code is `ctx.code` when it is one of ours
/// (what our own edge handler and sandbox send, like a pydantic custom error
/// would), else ours where pydantic's type has an equivalent, else pydantic's
/// type as sent.
pub fn issue_from_detail(
    item: &ValidationErrorItem,
    bulk: bool,
) -> (Vec<PathSegment>, String, String) {
    let mut path: &[PathSegment] = &item.loc;
    if let Some((PathSegment::Key(first), rest)) = path.split_first() {
        if first == "body" {
            path = rest;
        }
    }
    if bulk {
        if let Some((PathSegment::Key(first), rest)) = path.split_first() {
            if first == "data" {
                path = rest;
            }
        }
    }
    let context_code = item
        .extra
        .iter()
        .find(|(key, _)| key == "ctx")
        .and_then(|(_, ctx)| ctx.get("code"))
        .and_then(Value::as_str)
        .and_then(IssueCode::parse);
    let code = match context_code {
        Some(ours) => ours.as_str(),
        None => EQUIVALENT_TYPES
            .iter()
            .find(|(_, theirs)| *theirs == item.r#type)
            .map_or(item.r#type.as_str(), |(ours, _)| ours.as_str()),
    };
    (path.to_vec(), code.to_owned(), item.msg.clone())
}

/// Writes `issues` as a FastAPI 422 body, with `loc` starting at `"body"`
/// (and `"data"` for bulk bodies, whose issue paths start at the row index),
/// pydantic's closest `type`, and our exact code in `ctx.code`.
pub fn write_validation_error(out: &mut String, issues: &[Issue], bulk: bool) {
    out.push_str("{\"detail\":[");
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"loc\":[\"body\"");
        if bulk {
            out.push_str(",\"data\"");
        }
        for segment in &issue.path {
            out.push(',');
            match segment {
                PathSegment::Key(key) => write_string(out, key),
                PathSegment::Index(index) => out.push_str(&index.to_string()),
            }
        }
        out.push_str("],\"msg\":");
        write_string(out, &issue.message);
        out.push_str(",\"type\":");
        write_string(out, pydantic_type(issue.code));
        out.push_str(",\"ctx\":{\"code\":\"");
        out.push_str(issue.code.as_str());
        out.push_str("\"}}");
    }
    out.push_str("]}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::responses::{decode, HttpValidationError};

    #[test]
    fn issues_round_trip_through_a_422_body() {
        let issues = vec![
            Issue::new(
                vec![PathSegment::Index(2), "email".into()],
                IssueCode::Required,
                "The email is required.",
            ),
            Issue::new(
                vec![PathSegment::Index(0), "phone_number".into()],
                IssueCode::InvalidPhone,
                "Bad.",
            ),
        ];
        let mut body = String::new();
        write_validation_error(&mut body, &issues, true);
        assert!(body.starts_with(
            r#"{"detail":[{"loc":["body","data",2,"email"],"msg":"The email is required.","type":"missing","ctx":{"code":"required"}}"#
        ));
        let decoded: HttpValidationError = decode(body.as_bytes()).unwrap();
        let back: Vec<_> = decoded
            .detail
            .iter()
            .map(|item| issue_from_detail(item, true))
            .collect();
        assert_eq!(
            back[0],
            (
                vec![PathSegment::Index(2), "email".into()],
                "required".to_owned(),
                "The email is required.".to_owned()
            )
        );
        assert_eq!(
            back[1].1, "invalid_phone",
            "ctx.code carries our exact code"
        );
    }

    #[test]
    fn unknown_pydantic_types_pass_through() {
        let decoded: HttpValidationError =
            decode(br#"{"detail":[{"loc":["body","email"],"msg":"value is not a valid email address","type":"value_error.email"}]}"#).unwrap();
        let (path, code, _) = issue_from_detail(&decoded.detail[0], false);
        assert_eq!(path, [PathSegment::from("email")]);
        assert_eq!(code, "value_error.email");
        let decoded: HttpValidationError = decode(
            br#"{"detail":[{"loc":["body","name"],"msg":"m","type":"missing"},{"loc":[],"msg":"m","type":"x","ctx":{"code":"not_ours"}}]}"#,
        )
        .unwrap();
        assert_eq!(issue_from_detail(&decoded.detail[0], false).1, "required");
        assert_eq!(issue_from_detail(&decoded.detail[1], false).1, "x");
    }
}
