//! FastAPI's 422 body (`{"detail":[{"loc","msg","type"}]}`) and our issues,
//! both ways: the client reads HeyMilo's into issues, the edge and the
//! sandbox write ours the way HeyMilo would.

use crate::api::responses::{
    check_shape, path_segment, DecodeError, HttpValidationError, Shape, ValidationErrorItem,
};
#[cfg(any(feature = "edge", feature = "sandbox"))]
use crate::issue::Issue;
use crate::issue::{IssueCode, PathSegment};
#[cfg(any(feature = "edge", feature = "sandbox"))]
use crate::json::write_string;
use crate::json::Value;

/// Pairs of our issue code and the pydantic error type that means the same.
const EQUIVALENT_TYPES: [(IssueCode, &str); 6] = [
    (IssueCode::Required, "missing"),
    (IssueCode::InvalidType, "string_type"),
    (IssueCode::TooLong, "string_too_long"),
    (IssueCode::TooManyKeys, "too_long"),
    (IssueCode::InvalidJson, "json_invalid"),
    (IssueCode::TooFewItems, "too_short"),
];

#[cfg(any(feature = "edge", feature = "sandbox"))]
/// The pydantic error type for one of our issue codes (`value_error` when pydantic has no closer one).
pub fn pydantic_type(code: IssueCode) -> &'static str {
    EQUIVALENT_TYPES
        .iter()
        .find(|(ours, _)| *ours == code)
        .map_or("value_error", |(_, theirs)| theirs)
}

/// One FastAPI validation error (`ValidationError` in the contract), as
/// [`issue_from_detail`] reads it: borrowed from a parsed 422 body
/// ([`Detail::list`]) or from a typed [`ValidationErrorItem`].
#[derive(Debug, Clone, PartialEq)]
pub struct Detail<'a> {
    /// `loc`: keys and indices from the request root, e.g. `["body", "data", 0, "email"]`.
    pub loc: Vec<PathSegment>,
    /// `msg`: the message.
    pub msg: &'a str,
    /// `type`: pydantic's error type.
    pub error_type: &'a str,
    /// `ctx`, when present (ours carries `code`).
    pub ctx: Option<&'a Value>,
}

impl<'a> Detail<'a> {
    /// The validation errors of a parsed 422 body, or why it is not the
    /// contract's `HTTPValidationError` (the error [`decode`](crate::api::responses::decode)
    /// would give). Reads the value directly, without typed decoding.
    pub fn list(body: &'a Value) -> Result<Vec<Detail<'a>>, DecodeError> {
        check_shape(body, HttpValidationError::SHAPE)?;
        match body.get("detail") {
            Some(Value::Array(items)) => items.iter().map(Detail::of_checked).collect(),
            _ => Ok(Vec::new()),
        }
    }

    /// Reads an item already checked against `ValidationErrorItem`'s shape,
    /// so `loc` holds only path segments and `msg` and `type` are strings.
    fn of_checked(item: &'a Value) -> Result<Detail<'a>, DecodeError> {
        let loc = match item.get("loc") {
            Some(Value::Array(segments)) => segments.iter().map(path_segment).collect(),
            _ => Ok(Vec::new()),
        }?;
        let text = |key: &str| item.get(key).and_then(Value::as_str).unwrap_or_default();
        Ok(Detail {
            loc,
            msg: text("msg"),
            error_type: text("type"),
            ctx: item.get("ctx"),
        })
    }
}

impl<'a> From<&'a ValidationErrorItem> for Detail<'a> {
    fn from(item: &'a ValidationErrorItem) -> Self {
        Detail {
            loc: item.loc.clone(),
            msg: &item.msg,
            error_type: &item.r#type,
            ctx: item
                .extra
                .iter()
                .find(|(key, _)| key == "ctx")
                .map(|(_, ctx)| ctx),
        }
    }
}

/// Our issue for one FastAPI validation error: `loc` without its leading
/// `"body"` (and, for bulk bodies, without `"data"`, so rows are indexed as
/// in `validateCandidates`). The code is `ctx.code` when it is one of ours
/// (what our own edge handler and sandbox send, like a pydantic custom error
/// would), else ours where pydantic's type has an equivalent, else pydantic's
/// type as sent.
pub fn issue_from_detail(item: &Detail<'_>, bulk: bool) -> (Vec<PathSegment>, String, String) {
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
        .ctx
        .and_then(|ctx| ctx.get("code"))
        .and_then(Value::as_str)
        .and_then(IssueCode::parse);
    let code = match context_code {
        Some(ours) => ours.as_str(),
        None => EQUIVALENT_TYPES
            .iter()
            .find(|(_, theirs)| *theirs == item.error_type)
            .map_or(item.error_type, |(ours, _)| ours.as_str()),
    };
    (path.to_vec(), code.to_owned(), item.msg.to_owned())
}

#[cfg(any(feature = "edge", feature = "sandbox"))]
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

#[cfg(feature = "sandbox")]
/// Writes one query-parameter problem as a FastAPI 422 body: `loc` is
/// `"query"` and the issue path's keys, `type` is pydantic's `error_type`
/// (the list route's parameters are FastAPI's own, so no `ctx.code`).
pub fn write_query_error(out: &mut String, issue: &Issue, error_type: &str) {
    out.push_str("{\"detail\":[{\"loc\":[\"query\"");
    for segment in &issue.path {
        if let PathSegment::Key(key) = segment {
            out.push(',');
            write_string(out, key);
        }
    }
    out.push_str("],\"msg\":");
    write_string(out, &issue.message);
    out.push_str(",\"type\":");
    write_string(out, error_type);
    out.push_str("}]}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::responses::{decode, parse_body};

    /// The issues of a 422 body, read from its value (what the client does);
    /// asserts that the typed reading gives the same.
    fn issues(body: &[u8], bulk: bool) -> Vec<(Vec<PathSegment>, String, String)> {
        let value = parse_body(body).unwrap();
        let from_value: Vec<_> = Detail::list(&value)
            .unwrap()
            .iter()
            .map(|item| issue_from_detail(item, bulk))
            .collect();
        let typed: HttpValidationError = decode(body).unwrap();
        let from_typed: Vec<_> = typed
            .detail
            .iter()
            .map(|item| issue_from_detail(&Detail::from(item), bulk))
            .collect();
        assert_eq!(from_value, from_typed);
        from_value
    }

    #[test]
    fn issues_round_trip_through_a_422_body() {
        let issues_in = vec![
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
        write_validation_error(&mut body, &issues_in, true);
        assert!(body.starts_with(
            r#"{"detail":[{"loc":["body","data",2,"email"],"msg":"The email is required.","type":"missing","ctx":{"code":"required"}}"#
        ));
        let back = issues(body.as_bytes(), true);
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
        let back = issues(br#"{"detail":[{"loc":["body","email"],"msg":"value is not a valid email address","type":"value_error.email"}]}"#, false);
        assert_eq!(back[0].0, [PathSegment::from("email")]);
        assert_eq!(back[0].1, "value_error.email");
        let back = issues(
            br#"{"detail":[{"loc":["body","name"],"msg":"m","type":"missing"},{"loc":[],"msg":"m","type":"x","ctx":{"code":"not_ours"}}]}"#,
            false,
        );
        assert_eq!(back[0].1, "required");
        assert_eq!(back[1].1, "x");
    }

    #[test]
    fn details_are_read_only_from_the_documented_shape() {
        assert_eq!(issues(b"{}", false), []);
        let value =
            parse_body(br#"{"detail":[{"loc":["body",-1],"msg":"m","type":"t"}]}"#).unwrap();
        assert_eq!(
            Detail::list(&value).unwrap_err().to_string(),
            "detail[0].loc[1]: expected string or non-negative integer, found negative integer"
        );
        for body in [
            &br#"{"detail":{}}"#[..],
            br#"{"detail":[{"loc":[],"msg":1,"type":"t"}]}"#,
            br#"{"detail":[{"msg":"m","type":"t"}]}"#,
            br#"[]"#,
        ] {
            let value = parse_body(body).unwrap();
            let error = Detail::list(&value).unwrap_err();
            assert_eq!(Err(error), decode::<HttpValidationError>(body).map(drop));
        }
    }
}
