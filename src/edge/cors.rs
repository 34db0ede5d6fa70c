//! CORS: which origin may read a response, and the preflight answer.
//!
//! Only configured origins are ever named in `Access-Control-Allow-Origin`
//! (never `*`, never an unlisted origin echoed back), credentials are never
//! allowed, and a preflight may only ask for `POST` with `Content-Type` and
//! `Accept` (and `CF-Turnstile-Response` when the handler checks Turnstile),
//! so a page can never send its own `X-API-KEY` or `Authorization`.

use super::{error_response, header, EdgeResponse};
use crate::api::turnstile::TOKEN_HEADER;

/// What a request's `Origin` header says about its caller.
pub(super) enum Caller<'a> {
    /// No `Origin`: a server, or a same-origin request that did not send one.
    NoOrigin,
    /// An `Origin` equal to this configured origin.
    Allowed(&'a str),
    /// An `Origin` that is not configured.
    Refused,
}

impl<'a> Caller<'a> {
    /// The caller of a request with `headers`, given the configured origins.
    pub(super) fn of(headers: &[(String, String)], allowed: &'a [String]) -> Self {
        match header(headers, "origin") {
            None => Caller::NoOrigin,
            Some(origin) => match allowed.iter().find(|configured| **configured == origin) {
                Some(configured) => Caller::Allowed(configured),
                None => Caller::Refused,
            },
        }
    }

    /// The configured origin, when the caller is an allowed one.
    pub(super) fn allowed(&self) -> Option<&'a str> {
        match self {
            Caller::Allowed(origin) => Some(origin),
            _ => None,
        }
    }

    /// The headers every response to this caller carries.
    pub(super) fn response_headers(&self) -> Vec<(String, String)> {
        let mut headers = vec![("Vary".to_owned(), "Origin".to_owned())];
        if let Some(origin) = self.allowed() {
            headers.push(("Access-Control-Allow-Origin".to_owned(), origin.to_owned()));
            headers.push((
                "Access-Control-Expose-Headers".to_owned(),
                "Retry-After, X-Request-Id".to_owned(),
            ));
        }
        headers
    }
}

/// The answer to an `OPTIONS` preflight on a known route; `turnstile`: the
/// handler reads a Turnstile token header.
pub(super) fn preflight(
    caller: &Caller<'_>,
    headers: &[(String, String)],
    turnstile: bool,
) -> EdgeResponse {
    let Some(origin) = caller.allowed() else {
        return refused(error_response(
            403,
            "invalid_request_error",
            "origin_not_allowed",
            "This origin is not allowed to call this endpoint.",
        ));
    };
    let method_ok = header(headers, "access-control-request-method").as_deref() == Some("POST");
    let requested = header(headers, "access-control-request-headers").unwrap_or_default();
    let headers_ok = requested
        .split(',')
        .map(|name| name.trim_matches([' ', '\t']))
        .filter(|name| !name.is_empty())
        .all(|name| {
            name.eq_ignore_ascii_case("content-type")
                || name.eq_ignore_ascii_case("accept")
                || (turnstile && name.eq_ignore_ascii_case(TOKEN_HEADER))
        });
    if !(method_ok && headers_ok) {
        let message = if turnstile {
            format!(
                "Only POST with the Content-Type, Accept and {TOKEN_HEADER} headers is allowed."
            )
        } else {
            "Only POST with the Content-Type and Accept headers is allowed.".to_owned()
        };
        return refused(error_response(
            403,
            "invalid_request_error",
            "preflight_refused",
            &message,
        ));
    }
    let mut allowed_headers = "Content-Type, Accept".to_owned();
    if turnstile {
        allowed_headers.push_str(", ");
        allowed_headers.push_str(TOKEN_HEADER);
    }
    let mut response = EdgeResponse {
        status: 204,
        headers: Vec::with_capacity(5),
        body: Vec::new(),
    };
    for (name, value) in [
        ("Access-Control-Allow-Origin", origin),
        ("Access-Control-Allow-Methods", "POST"),
        ("Access-Control-Allow-Headers", allowed_headers.as_str()),
        ("Access-Control-Max-Age", "600"),
        ("Vary", "Origin"),
    ] {
        response.headers.push((name.to_owned(), value.to_owned()));
    }
    response
}

fn refused(mut response: EdgeResponse) -> EdgeResponse {
    response
        .headers
        .push(("Vary".to_owned(), "Origin".to_owned()));
    response
}
