//! The handler's configuration and the checks [`super::EdgeHandler::new`] runs on it.
//!
//! Every check fails with a [`ConfigError`] whose message names the setting
//! (by its JavaScript name, as operators write it) and never repeats any
//! configured value, so the API key cannot leak through it.

use super::turnstile::{self, Turnstile, TurnstileConfig};
use crate::api::{check_transport_url, DEFAULT_MAX_RESPONSE_BYTES};
use crate::api::{posting_path, DEFAULT_BASE_URL};
use crate::api::{redact, REDACTED};
use crate::validate::KNOWN_FIELDS;
use std::fmt;

/// Where the ingest routes are mounted unless configured otherwise.
pub const DEFAULT_BASE_PATH: &str = "/heymilo";
/// The largest request body accepted unless configured otherwise (64 KiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 65_536;
/// The most candidates one bulk request may carry unless configured otherwise.
pub const DEFAULT_MAX_BULK_ROWS: usize = 100;

/// What the edge relays of a successful ingest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Receipt {
    /// Only what the caller needs to go on (`interview_id`, `interview_url`
    /// and `posting_id`, or the async job's `ingestion_id` and `status`): an
    /// anonymous form submitter never sees scores, statuses, workflows or
    /// other candidate data.
    #[default]
    Minimal,
    /// HeyMilo's whole answer (with the key redacted).
    Full,
}

/// The per-handler token bucket that keeps one isolate's upstream calls
/// inside the key's budget (HeyMilo: 300 requests a minute per key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyBudgetConfig {
    /// Tokens added per minute.
    pub per_minute: u32,
    /// Bucket size: the most calls that may go at once after a quiet spell.
    pub burst: u32,
}

impl Default for KeyBudgetConfig {
    /// 200 a minute with bursts of 50: at most 250 calls in any minute (a
    /// bucket allows `burst + per_minute` in its first minute), which leaves
    /// 50 of HeyMilo's 300 for the key's other users.
    fn default() -> Self {
        KeyBudgetConfig {
            per_minute: 200,
            burst: 50,
        }
    }
}

/// How an [`super::EdgeHandler`] behaves.
///
/// Build one with struct update syntax from [`HandlerConfig::default`] and
/// set at least `api_key` and `postings`.
#[derive(Clone, PartialEq, Eq)]
pub struct HandlerConfig {
    /// HeyMilo API key, sent upstream as `X-API-KEY` and nowhere else.
    pub api_key: String,
    /// The posting ids this handler ingests into; any other is 404.
    pub postings: Vec<String>,
    /// Browser origins (`scheme://host[:port]`) allowed to call the handler.
    pub allowed_origins: Vec<String>,
    /// Path prefix of the routes: `""` (the root) or `/segment[/segment…]`.
    pub base_path: String,
    /// HeyMilo's API base URL (or a sandbox's).
    pub upstream_base_url: String,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Most bytes of an upstream answer read; a longer one is a 502.
    pub max_response_bytes: usize,
    /// Serve the bulk routes (default off: a public form sends one candidate).
    pub bulk: bool,
    /// Serve the async routes (default off).
    pub asynchronous: bool,
    /// `X-Workspace-Id` to send upstream.
    pub workspace_id: Option<String>,
    /// With `allowed_origins` set, refuse requests without `Origin` (default
    /// on: otherwise the list only shapes CORS and curl walks past it).
    pub require_origin: bool,
    /// Most rows in one bulk body.
    pub max_bulk_rows: usize,
    /// What a successful ingest relays.
    pub receipt: Receipt,
    /// A form field bots fill and people do not see; when filled, nothing is forwarded.
    pub honeypot_field: Option<String>,
    /// The key's budget; `None` turns the local bucket and the upstream-429 hold off.
    pub key_budget: Option<KeyBudgetConfig>,
    /// Require a Cloudflare Turnstile token, verified before the body is read.
    pub turnstile: Option<TurnstileConfig>,
}

impl Default for HandlerConfig {
    fn default() -> Self {
        HandlerConfig {
            api_key: String::new(),
            postings: Vec::new(),
            allowed_origins: Vec::new(),
            base_path: DEFAULT_BASE_PATH.to_owned(),
            upstream_base_url: DEFAULT_BASE_URL.to_owned(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            bulk: false,
            asynchronous: false,
            workspace_id: None,
            require_origin: true,
            max_bulk_rows: DEFAULT_MAX_BULK_ROWS,
            receipt: Receipt::Minimal,
            honeypot_field: None,
            key_budget: Some(KeyBudgetConfig::default()),
            turnstile: None,
        }
    }
}

impl fmt::Debug for HandlerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        redacted_debug(f, &self.api_key, |f| {
            f.debug_struct("HandlerConfig")
                .field("api_key", &format_args!("{REDACTED}"))
                .field("postings", &self.postings)
                .field("allowed_origins", &self.allowed_origins)
                .field("base_path", &self.base_path)
                .field("upstream_base_url", &self.upstream_base_url)
                .field("max_body_bytes", &self.max_body_bytes)
                .field("max_response_bytes", &self.max_response_bytes)
                .field("bulk", &self.bulk)
                .field("asynchronous", &self.asynchronous)
                .field("workspace_id", &self.workspace_id)
                .field("require_origin", &self.require_origin)
                .field("max_bulk_rows", &self.max_bulk_rows)
                .field("receipt", &self.receipt)
                .field("honeypot_field", &self.honeypot_field)
                .field("key_budget", &self.key_budget)
                .field("turnstile", &self.turnstile)
                .finish()
        })
    }
}

/// Writes what `write` writes, with `secret` removed in any form (so a key
/// pasted into the wrong setting does not leak through `Debug` either).
pub(super) fn redacted_debug(
    f: &mut fmt::Formatter<'_>,
    secret: &str,
    write: impl Fn(&mut fmt::Formatter<'_>) -> fmt::Result,
) -> fmt::Result {
    struct With<F>(F);
    impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Debug for With<F> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            (self.0)(f)
        }
    }
    let text = if f.alternate() {
        format!("{:#?}", With(write))
    } else {
        format!("{:?}", With(write))
    };
    f.write_str(&redact(&text, secret))
}

/// Why a [`HandlerConfig`] cannot be used. Its message never contains the key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// No API key, or an empty one.
    MissingApiKey,
    /// The API key has characters a header value cannot carry (spaces, controls, non-ASCII).
    InvalidApiKey,
    /// The list of postings is empty.
    NoPostings,
    /// A posting id is blank, `.` or `..`.
    InvalidPosting {
        /// Its position in the list.
        index: usize,
    },
    /// An allowed origin is not exactly `scheme://host[:port]`.
    InvalidOrigin {
        /// Its position in the list.
        index: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The base path is not `""` or `/segment[/segment…]`.
    InvalidBasePath {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The upstream base URL is not an http(s) URL without query or fragment.
    InvalidUpstreamUrl {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The body size limit is zero.
    ZeroMaxBodyBytes,
    /// The upstream answer limit is zero.
    ZeroMaxResponseBytes,
    /// The workspace id is empty or has characters a header value cannot carry.
    InvalidWorkspaceId,
    /// The bulk row limit is zero.
    ZeroMaxBulkRows,
    /// The honeypot field is empty or one of the candidate's own fields.
    InvalidHoneypotField,
    /// The key budget has a zero rate or burst.
    InvalidKeyBudget,
    /// A `turnstile` setting is unusable.
    InvalidTurnstile {
        /// Which one (`secretKey`, `siteverifyUrl`, `action`, `timeoutMs`).
        setting: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingApiKey => {
                f.write_str("The edge handler needs a HeyMilo API key: apiKey is missing or empty.")
            }
            ConfigError::InvalidApiKey => f.write_str(
                "apiKey cannot be sent as a header: it may only contain visible ASCII characters (no spaces).",
            ),
            ConfigError::NoPostings => {
                f.write_str("The edge handler needs at least one posting id in postings.")
            }
            ConfigError::InvalidPosting { index } => write!(
                f,
                "postings[{index}] is not a usable posting id: it is blank, \".\" or \"..\"."
            ),
            ConfigError::InvalidOrigin { index, reason } => write!(
                f,
                "allowedOrigins[{index}] is not an origin: {reason}. Write it as scheme://host[:port], like https://www.example.com."
            ),
            ConfigError::InvalidBasePath { reason } => write!(
                f,
                "basePath is not usable: {reason}. Use \"\" for the root or a path like \"/heymilo\"."
            ),
            ConfigError::InvalidUpstreamUrl { reason } => write!(
                f,
                "upstreamBaseUrl is not usable: {reason}. Use an http:// or https:// URL like https://api.heymilo.ai."
            ),
            ConfigError::ZeroMaxBodyBytes => f.write_str("maxBodyBytes must be at least 1."),
            ConfigError::ZeroMaxResponseBytes => f.write_str("maxResponseBytes must be at least 1."),
            ConfigError::InvalidWorkspaceId => f.write_str(
                "workspaceId cannot be sent as a header: it must be non-empty visible ASCII (no spaces).",
            ),
            ConfigError::ZeroMaxBulkRows => f.write_str("maxBulkRows must be at least 1."),
            ConfigError::InvalidHoneypotField => f.write_str(
                "honeypotField must be a non-empty field name that is not a candidate field (name, email, phone_number, metadata, data).",
            ),
            ConfigError::InvalidKeyBudget => f.write_str(
                "keyBudget needs perMinute and burst of at least 1 (or keyBudget: false).",
            ),
            ConfigError::InvalidTurnstile { setting, reason } => {
                write!(f, "turnstile.{setting} is not usable: {reason}.")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

/// The configuration, checked and prepared for matching.
#[derive(Clone, Debug)]
pub(super) struct Checked {
    pub(super) base_segments: Vec<String>,
    pub(super) upstream_base_url: String,
    pub(super) turnstile: Option<Turnstile>,
}

/// Checks every setting; the first problem found is the error.
pub(super) fn check(config: &HandlerConfig) -> Result<Checked, ConfigError> {
    if config.api_key.is_empty() {
        return Err(ConfigError::MissingApiKey);
    }
    if !is_header_token(&config.api_key) {
        return Err(ConfigError::InvalidApiKey);
    }
    if config.postings.is_empty() {
        return Err(ConfigError::NoPostings);
    }
    if let Some(index) = config
        .postings
        .iter()
        .position(|id| posting_path(id).is_err())
    {
        return Err(ConfigError::InvalidPosting { index });
    }
    for (index, origin) in config.allowed_origins.iter().enumerate() {
        check_origin(origin).map_err(|reason| ConfigError::InvalidOrigin { index, reason })?;
    }
    let base_segments = base_segments(&config.base_path)
        .map_err(|reason| ConfigError::InvalidBasePath { reason })?;
    let upstream_base_url = check_upstream(&config.upstream_base_url)
        .map_err(|reason| ConfigError::InvalidUpstreamUrl { reason })?;
    if config.max_body_bytes == 0 {
        return Err(ConfigError::ZeroMaxBodyBytes);
    }
    if config.max_response_bytes == 0 {
        return Err(ConfigError::ZeroMaxResponseBytes);
    }
    if let Some(workspace) = &config.workspace_id {
        if workspace.is_empty() || !is_header_token(workspace) {
            return Err(ConfigError::InvalidWorkspaceId);
        }
    }
    if config.max_bulk_rows == 0 {
        return Err(ConfigError::ZeroMaxBulkRows);
    }
    if let Some(field) = &config.honeypot_field {
        if field.is_empty() || KNOWN_FIELDS.contains(&field.as_str()) {
            return Err(ConfigError::InvalidHoneypotField);
        }
    }
    if let Some(budget) = config.key_budget {
        if budget.per_minute == 0 || budget.burst == 0 {
            return Err(ConfigError::InvalidKeyBudget);
        }
    }
    let turnstile = match &config.turnstile {
        Some(options) => Some(
            turnstile::check(options, &config.api_key, &config.allowed_origins)
                .map_err(|(setting, reason)| ConfigError::InvalidTurnstile { setting, reason })?,
        ),
        None => None,
    };
    Ok(Checked {
        base_segments,
        upstream_base_url,
        turnstile,
    })
}

/// Visible ASCII only: safe as a header value, nothing to trim, no line breaks.
fn is_header_token(value: &str) -> bool {
    value.bytes().all(|b| b.is_ascii_graphic())
}

/// An origin exactly as a browser sends it in `Origin`.
fn check_origin(origin: &str) -> Result<(), &'static str> {
    let (rest, default_port) = if let Some(rest) = origin.strip_prefix("https://") {
        (rest, "443")
    } else if let Some(rest) = origin.strip_prefix("http://") {
        (rest, "80")
    } else {
        return Err("it must start with http:// or https:// (lower case)");
    };
    if rest.contains('*') {
        return Err("wildcards are not allowed; list each origin");
    }
    if rest.contains('@') {
        return Err("it must not contain user information");
    }
    if rest.contains(['?', '#']) {
        return Err("it must not have a query or fragment");
    }
    if rest.ends_with('/') && !rest.trim_end_matches('/').contains('/') {
        return Err("remove the trailing slash");
    }
    if rest.contains('/') {
        return Err("it must not have a path");
    }
    let (host, port) = match rest.strip_prefix('[') {
        Some(inner) => {
            let (address, after) = inner
                .split_once(']')
                .ok_or("the IPv6 address is not closed")?;
            let ipv6_char = |b: u8| b.is_ascii_digit() || matches!(b, b'a'..=b'f' | b':' | b'.');
            if address.is_empty() || !address.bytes().all(ipv6_char) {
                return Err("the IPv6 address must be lower-case hexadecimal");
            }
            match after {
                "" => (address, None),
                _ => (
                    address,
                    Some(
                        after
                            .strip_prefix(':')
                            .ok_or("the port must follow a colon")?,
                    ),
                ),
            }
        }
        None => match rest.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        },
    };
    if host.is_empty() {
        return Err("the host is missing");
    }
    let host_char =
        |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.');
    if !rest.starts_with('[') && !host.bytes().all(host_char) {
        return Err("the host must be lower-case letters, digits, '-' and '.' (punycode for other scripts), as browsers send it");
    }
    if let Some(port) = port {
        let digits =
            !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
        if !digits || port.starts_with('0') || port.parse::<u16>().is_err() {
            return Err("the port must be a number from 1 to 65535 without leading zeros");
        }
        if port == default_port {
            return Err("leave out the scheme's default port; browsers never send it");
        }
    }
    Ok(())
}

/// The base path's segments: `""` is none, `/a/b` is `["a", "b"]`.
fn base_segments(base_path: &str) -> Result<Vec<String>, &'static str> {
    if base_path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = base_path.strip_prefix('/') else {
        return Err("it must start with /");
    };
    if rest.is_empty() || rest.ends_with('/') {
        return Err("it must not end with /");
    }
    let mut segments = Vec::new();
    for segment in rest.split('/') {
        if segment.is_empty() {
            return Err("it must not contain empty segments (//)");
        }
        if segment == "." || segment.contains("..") {
            return Err("it must not contain . or .. segments");
        }
        let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        if !segment.bytes().all(plain) {
            return Err("its segments may only use letters, digits, '-', '.', '_' and '~'");
        }
        segments.push(segment.to_owned());
    }
    Ok(segments)
}

/// The upstream base URL without trailing slashes.
fn check_upstream(url: &str) -> Result<String, &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with http:// or https:// (lower case)")?;
    if !url.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("it must be ASCII without spaces (percent-encode the path, punycode the host)");
    }
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
    check_transport_url(url)?;
    Ok(url.trim_end_matches('/').to_owned())
}
