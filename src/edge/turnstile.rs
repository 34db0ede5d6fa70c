//! Turnstile at the edge: the `turnstile` option's checks, the siteverify
//! call for a request, and the verdict on its answer.
//!
//! It fails closed: no token, a malformed one, an answer that is not a yes
//! (not JSON, not 2xx, no answer in time) or a yes for another site or form
//! is a 403, and the request goes no further: its body is not even read.

use super::{error_response, header, EdgeResponse};
use crate::api::check_transport_url;
use crate::api::turnstile::{
    error_code, SiteverifyAnswer, SiteverifyRequest, DEFAULT_SITEVERIFY_URL, MAX_ACTION_CHARS,
    MAX_TOKEN_CHARS, TOKEN_HEADER,
};
use crate::api::{SecretForms, REDACTED};
use std::fmt;

/// How long siteverify may take unless configured otherwise.
pub const DEFAULT_TURNSTILE_TIMEOUT_MS: u32 = 10_000;
/// The most of siteverify's answer that is read: a real one is a few hundred
/// bytes; anything far bigger is not a siteverify answer.
pub const MAX_SITEVERIFY_ANSWER_BYTES: usize = 16_384;
const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;

/// The `turnstile` option: verify a Turnstile token before anything else.
#[derive(Clone, PartialEq, Eq)]
pub struct TurnstileConfig {
    /// The widget's secret key, sent to siteverify and nowhere else.
    pub secret_key: String,
    /// Where siteverify is (Cloudflare's unless testing).
    pub siteverify_url: String,
    /// The widget `action` a token must carry, when set.
    pub action: Option<String>,
    /// How long siteverify may take, in milliseconds.
    pub timeout_ms: u32,
}

impl Default for TurnstileConfig {
    fn default() -> Self {
        TurnstileConfig {
            secret_key: String::new(),
            siteverify_url: DEFAULT_SITEVERIFY_URL.to_owned(),
            action: None,
            timeout_ms: DEFAULT_TURNSTILE_TIMEOUT_MS,
        }
    }
}

impl fmt::Debug for TurnstileConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        super::config::redacted_debug(f, &self.secret_key, |f| {
            f.debug_struct("TurnstileConfig")
                .field("secret_key", &format_args!("{REDACTED}"))
                .field("siteverify_url", &self.siteverify_url)
                .field("action", &self.action)
                .field("timeout_ms", &self.timeout_ms)
                .finish()
        })
    }
}

/// The siteverify request to send for one ingest request. Its `Debug`
/// output hides the body, which holds the secret key.
#[derive(Clone, PartialEq, Eq)]
pub struct SiteverifyCall {
    /// Always `POST`.
    pub method: &'static str,
    /// The siteverify URL.
    pub url: String,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// The JSON body, secret key included.
    pub body: String,
    /// Give up (and refuse the request) after this many milliseconds.
    pub timeout_ms: u32,
    /// Read at most this many bytes of the answer; past it, it is no answer.
    pub max_answer_bytes: usize,
}

impl fmt::Debug for SiteverifyCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SiteverifyCall")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body", &format_args!("{REDACTED}"))
            .field("timeout_ms", &self.timeout_ms)
            .field("max_answer_bytes", &self.max_answer_bytes)
            .finish()
    }
}

/// The outcome of the Turnstile phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// The handler has no `turnstile` option: go on.
    NotRequired,
    /// Answer this (403); HeyMilo is not contacted.
    Respond(EdgeResponse),
    /// Send this and give its answer to [`super::EdgeHandler::judge_siteverify`].
    Siteverify(SiteverifyCall),
}

/// The `turnstile` option, checked.
#[derive(Clone)]
pub(super) struct Turnstile {
    secret_key: String,
    /// The secret's forms: every answer is checked against them too.
    pub(super) secret: SecretForms,
    siteverify_url: String,
    action: Option<String>,
    timeout_ms: u32,
    /// The hosts of the allowed origins; a token must be for one of them (when any).
    hosts: Vec<String>,
}

impl fmt::Debug for Turnstile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        super::config::redacted_debug(f, &self.secret_key, |f| {
            f.debug_struct("Turnstile")
                .field("secret_key", &format_args!("{REDACTED}"))
                .field("siteverify_url", &self.siteverify_url)
                .field("action", &self.action)
                .field("timeout_ms", &self.timeout_ms)
                .field("hosts", &self.hosts)
                .finish()
        })
    }
}

/// Checks the option; the error names the setting, never a value:
/// `(setting, reason)` for [`super::ConfigError::InvalidTurnstile`].
pub(super) fn check(
    config: &TurnstileConfig,
    api_key: &str,
    allowed_origins: &[String],
) -> Result<Turnstile, (&'static str, &'static str)> {
    let secret = &config.secret_key;
    if secret.is_empty() {
        return Err(("secretKey", "it is missing or empty"));
    }
    if !secret.bytes().all(|b| b.is_ascii_graphic()) {
        return Err((
            "secretKey",
            "it may only contain visible ASCII characters (no spaces)",
        ));
    }
    if secret == api_key {
        // Siteverify would receive the HeyMilo key.
        return Err((
            "secretKey",
            "it is the HeyMilo API key, not a Turnstile secret key",
        ));
    }
    check_siteverify_url(&config.siteverify_url).map_err(|reason| ("siteverifyUrl", reason))?;
    if let Some(action) = &config.action {
        let action_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-');
        if action.is_empty() || action.len() > MAX_ACTION_CHARS || !action.bytes().all(action_char)
        {
            return Err((
                "action",
                "a widget action is 1 to 32 letters, digits, '_' or '-'",
            ));
        }
    }
    if !(1..=MAX_TIMEOUT_MS).contains(&config.timeout_ms) {
        return Err((
            "timeoutMs",
            "it must be a whole number of milliseconds from 1 to 2147483647",
        ));
    }
    Ok(Turnstile {
        secret_key: secret.clone(),
        secret: SecretForms::new(secret),
        siteverify_url: config.siteverify_url.clone(),
        action: config.action.clone(),
        timeout_ms: config.timeout_ms,
        hosts: allowed_origins
            .iter()
            .map(|o| host_of(o).to_owned())
            .collect(),
    })
}

/// An `https://` URL, or `http://` to a loopback host (a local stand-in):
/// the body carries the secret key, so it never crosses a network in clear.
fn check_siteverify_url(url: &str) -> Result<(), &'static str> {
    if !url.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("it must be ASCII without spaces");
    }
    let (rest, secure) = if let Some(rest) = url.strip_prefix("https://") {
        (rest, true)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (rest, false)
    } else {
        return Err("it must start with https:// (lower case)");
    };
    if url.contains(['?', '#']) {
        return Err("it must not have a query or fragment");
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() {
        return Err("the host is missing");
    }
    if authority.contains('@') {
        return Err("it must not contain user information");
    }
    if !secure {
        // The one loopback rule, the same as for the client's baseUrl and
        // the edge's upstream.
        check_transport_url(url)?;
    }
    Ok(())
}

/// The host of a `host[:port]` or `[v6][:port]` authority, without brackets.
fn host_of_authority(authority: &str) -> &str {
    match authority.strip_prefix('[') {
        Some(inner) => inner.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    }
}

/// The host of a checked origin `scheme://host[:port]`.
fn host_of(origin: &str) -> &str {
    let authority = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    host_of_authority(authority)
}

impl Turnstile {
    /// The siteverify call for a request with `headers`, or the refusal when
    /// it carries no usable token. `idempotency_key` is a fresh UUID (the
    /// core has no randomness; the adapter makes one).
    pub(super) fn call(
        &self,
        headers: &[(String, String)],
        idempotency_key: &str,
    ) -> Result<SiteverifyCall, EdgeResponse> {
        // Several headers are joined with ", ", which no token contains: refused too.
        let token = header(headers, TOKEN_HEADER).unwrap_or_default();
        if token.is_empty()
            || token.len() > MAX_TOKEN_CHARS
            || !token.bytes().all(|b| b.is_ascii_graphic())
        {
            return Err(missing());
        }
        let remoteip = header(headers, "cf-connecting-ip").filter(|ip| looks_like_ip(ip));
        let idempotency_key = Some(idempotency_key)
            .filter(|key| !key.is_empty())
            .map(str::to_owned);
        let request = SiteverifyRequest {
            secret: self.secret_key.clone(),
            response: token,
            remoteip,
            idempotency_key,
        };
        Ok(SiteverifyCall {
            method: "POST",
            url: self.siteverify_url.clone(),
            headers: vec![
                ("Content-Type".to_owned(), "application/json".to_owned()),
                ("Accept".to_owned(), "application/json".to_owned()),
            ],
            body: request.to_json(),
            timeout_ms: self.timeout_ms,
            max_answer_bytes: MAX_SITEVERIFY_ANSWER_BYTES,
        })
    }

    /// `Ok` when siteverify's answer (`status`, `body`) says yes for one of
    /// our hosts and our action; else the refusal.
    pub(super) fn judge(&self, status: u16, body: &[u8]) -> Result<(), EdgeResponse> {
        if !(200..=299).contains(&status) || body.len() > MAX_SITEVERIFY_ANSWER_BYTES {
            return Err(unavailable());
        }
        let Some(answer) = SiteverifyAnswer::parse(body) else {
            return Err(unavailable());
        };
        if !answer.success {
            let spent = answer
                .error_codes
                .iter()
                .any(|code| code == error_code::TIMEOUT_OR_DUPLICATE);
            return Err(failed(if spent {
                "The Turnstile token has expired or was already used; get a new one and try again."
            } else {
                "The Turnstile token was not accepted."
            }));
        }
        if !self.hosts.is_empty() {
            let hostname = answer.hostname.as_deref().unwrap_or_default();
            if !self.hosts.iter().any(|h| h.eq_ignore_ascii_case(hostname)) {
                return Err(failed("The Turnstile token was issued for another site."));
            }
        }
        if let Some(action) = &self.action {
            if answer.action.as_deref() != Some(action.as_str()) {
                return Err(failed("The Turnstile token was issued for another form."));
            }
        }
        Ok(())
    }
}

/// An IPv4 or IPv6 address as `CF-Connecting-IP` carries it (loosely: what
/// else is there is not sent on).
fn looks_like_ip(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 45
        && text
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || matches!(b, b'.' | b':'))
}

/// 403: no token, or not one Turnstile could have issued.
pub(super) fn missing() -> EdgeResponse {
    error_response(
        403,
        "invalid_request_error",
        "turnstile_token_missing",
        "This endpoint needs a Turnstile token in the CF-Turnstile-Response header.",
    )
}

/// 403: siteverify said no, or yes for another site or form.
fn failed(message: &str) -> EdgeResponse {
    error_response(403, "invalid_request_error", "turnstile_failed", message)
}

/// 403: siteverify gave no usable answer (timeout, network error, not JSON):
/// not a yes, so the request is refused.
pub(super) fn unavailable() -> EdgeResponse {
    error_response(
        403,
        "api_error",
        "turnstile_unavailable",
        "The Turnstile token could not be verified; try again.",
    )
}

#[cfg(test)]
mod tests;
