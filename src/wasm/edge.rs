//! Edge handler export: one `EdgeCore` per handler configuration. Each phase
//! gets the request's method, path and headers again, so concurrent requests
//! never share state; the routing of the last request routed is kept, keyed
//! by exactly those three texts, so the later phases of one request do not
//! parse its headers and route it again. Bodies follow with `takeBody()`.

use super::{headers_of, unix_ms, write_headers_json};
use crate::edge::{
    misconfigured, EdgeHandler, EdgeResponse, Forwarding, HandlerConfig, KeyBudget,
    KeyBudgetConfig, MemoryRateLimiter as Limiter, Receipt, Routed, Routing, TurnstileConfig,
    Verification,
};
use crate::json::{self, write_string, Value};
use wasm_bindgen::prelude::wasm_bindgen;

/// The answer of the Turnstile phases when the request may go on.
const PASS: &str = "{\"pass\":true}";

/// The handler behind `handleIngestRequest`, or why its configuration is unusable.
#[wasm_bindgen]
pub struct EdgeCore {
    handler: Result<EdgeHandler, String>,
    /// The key's budget (per handler configuration, per isolate).
    budget: Option<KeyBudget>,
    last_body: Vec<u8>,
    /// The last request routed to a served route: method, path, headers text
    /// and its routing, a pure function of those three (and the handler).
    last_routed: Option<(String, String, String, Routed)>,
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// A whole number from JSON options (the JS side has checked the type), saturating.
fn count(value: Option<&Value>) -> Option<u64> {
    match value {
        Some(Value::Number(n)) => Some(n.parse::<u64>().unwrap_or(u64::MAX)),
        _ => None,
    }
}

/// `keyBudget`: absent is the default, `false` none, `{perMinute, burst?}`
/// a custom one (burst defaults to a quarter minute's worth, at least 1).
fn key_budget_of(value: Option<&Value>) -> Option<KeyBudgetConfig> {
    let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    match value {
        Some(Value::Bool(false)) => None,
        Some(budget @ Value::Object(_)) => {
            let per_minute = clamp(count(budget.get("perMinute")).unwrap_or(0));
            let burst = count(budget.get("burst"))
                .map(clamp)
                .unwrap_or_else(|| per_minute.div_ceil(4).max(1));
            Some(KeyBudgetConfig { per_minute, burst })
        }
        _ => Some(KeyBudgetConfig::default()),
    }
}

/// The `turnstile` option. A `timeoutMs` that is not a whole number in
/// range becomes 0, which the handler's checks refuse (never the default).
fn turnstile_of(options: &Value) -> Option<TurnstileConfig> {
    let options = options.get("turnstile")?;
    let defaults = TurnstileConfig::default();
    let text = |key: &str| options.get(key).and_then(Value::as_str).map(str::to_owned);
    Some(TurnstileConfig {
        secret_key: text("secretKey").unwrap_or_default(),
        siteverify_url: text("siteverifyUrl").unwrap_or(defaults.siteverify_url),
        action: text("action"),
        timeout_ms: match options.get("timeoutMs") {
            Some(Value::Number(n)) => n.parse().unwrap_or(0),
            _ => defaults.timeout_ms,
        },
    })
}

fn config_of(options: &Value) -> HandlerConfig {
    let defaults = HandlerConfig::default();
    let text = |key: &str| options.get(key).and_then(Value::as_str).map(str::to_owned);
    let flag = |key: &str, default: bool| match options.get(key) {
        Some(Value::Bool(value)) => *value,
        _ => default,
    };
    HandlerConfig {
        api_key: text("apiKey").unwrap_or_default(),
        postings: strings(options.get("postings")),
        allowed_origins: strings(options.get("allowedOrigins")),
        base_path: text("basePath").unwrap_or(defaults.base_path),
        upstream_base_url: text("baseUrl").unwrap_or(defaults.upstream_base_url),
        max_body_bytes: match options.get("maxBodyBytes") {
            Some(Value::Number(n)) => n.parse().unwrap_or(0),
            _ => defaults.max_body_bytes,
        },
        max_response_bytes: match options.get("maxResponseBytes") {
            Some(Value::Number(n)) => n.parse().unwrap_or(0),
            _ => defaults.max_response_bytes,
        },
        bulk: flag("bulk", defaults.bulk),
        asynchronous: flag("async", defaults.asynchronous),
        workspace_id: text("workspaceId"),
        require_origin: flag("requireOrigin", defaults.require_origin),
        max_bulk_rows: count(options.get("maxBulkRows")).map_or(defaults.max_bulk_rows, |n| {
            usize::try_from(n).unwrap_or(usize::MAX)
        }),
        receipt: match text("receipt").as_deref() {
            Some("full") => Receipt::Full,
            _ => Receipt::Minimal,
        },
        honeypot_field: text("honeypotField"),
        key_budget: key_budget_of(options.get("keyBudget")),
        turnstile: turnstile_of(options),
    }
}

#[wasm_bindgen]
impl EdgeCore {
    /// A handler for JSON options `{apiKey, postings, allowedOrigins?, basePath?, baseUrl?,
    /// maxBodyBytes?, maxResponseBytes?, bulk?, async?, workspaceId?, requireOrigin?,
    /// maxBulkRows?, receipt?, honeypotField?, keyBudget?, turnstile?}`; check
    /// `configError()` before use.
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str) -> EdgeCore {
        let options = json::parse(options_json.as_bytes())
            .map(|document| document.value)
            .unwrap_or(Value::Null);
        let handler = EdgeHandler::new(config_of(&options)).map_err(|error| error.to_string());
        EdgeCore {
            budget: handler.as_ref().ok().and_then(EdgeHandler::key_budget),
            handler,
            last_body: Vec::new(),
            last_routed: None,
        }
    }

    /// Why the configuration is unusable (never includes the key), or `undefined`.
    #[wasm_bindgen(js_name = configError)]
    pub fn config_error(&self) -> Option<String> {
        self.handler.as_ref().err().cloned()
    }

    /// Phase 1: `{"respond":{status,headers}}` (body via `takeBody`) or `{"readBody":maxBytes}`.
    pub fn route(&mut self, method: &str, path: &str, headers_json: &str) -> String {
        match self.routed(method, path, headers_json) {
            Ok(routed) => format!("{{\"readBody\":{}}}", routed.max_body_bytes()),
            Err(response) => self.respond(response),
        }
    }

    /// Turnstile phase (before the body is read): `{"pass":true}` (no
    /// `turnstile` option), `{"respond":…}` (no usable token) or
    /// `{"siteverify":{url,headers,body,timeoutMs,maxBytes}}` to send, its
    /// answer then going to `turnstileAnswer`. `idempotency_key`: a fresh UUID.
    pub fn turnstile(
        &mut self,
        method: &str,
        path: &str,
        headers_json: &str,
        idempotency_key: &str,
    ) -> String {
        let verification = match self.phase(method, path, headers_json) {
            Ok((handler, routed)) => {
                handler.verification(&routed, &headers_of(headers_json), idempotency_key)
            }
            Err(response) => Verification::Respond(response),
        };
        match verification {
            Verification::NotRequired => PASS.to_owned(),
            Verification::Respond(response) => self.respond(response),
            Verification::Siteverify(call) => {
                let mut out = String::with_capacity(call.body.len() + 256);
                out.push_str("{\"siteverify\":{\"url\":");
                write_string(&mut out, &call.url);
                out.push_str(",\"headers\":");
                write_headers_json(&mut out, &call.headers);
                out.push_str(",\"body\":");
                write_string(&mut out, &call.body);
                out.push_str(",\"timeoutMs\":");
                out.push_str(&call.timeout_ms.to_string());
                out.push_str(",\"maxBytes\":");
                out.push_str(&call.max_answer_bytes.to_string());
                out.push_str("}}");
                out
            }
        }
    }

    /// Siteverify's answer: `{"pass":true}` (read the body next) or `{"respond":…}`.
    #[wasm_bindgen(js_name = turnstileAnswer)]
    pub fn turnstile_answer(
        &mut self,
        method: &str,
        path: &str,
        headers_json: &str,
        status: u16,
        body: &[u8],
    ) -> String {
        let refusal = match self.phase(method, path, headers_json) {
            Ok((handler, routed)) => handler.judge_siteverify(&routed, status, body),
            Err(response) => Some(response),
        };
        match refusal {
            None => PASS.to_owned(),
            Some(response) => self.respond(response),
        }
    }

    /// Phase 2: `{"respond":…}` or `{"upstream":{url,headers,body,bulk,maxBytes}}`
    /// (read at most `maxBytes` of the answer, else `failure("upstream_too_large")`).
    /// `random`: fresh random bytes (8 are used), for the honeypot's made-up ids.
    pub fn forward(
        &mut self,
        method: &str,
        path: &str,
        headers_json: &str,
        body: &[u8],
        random: &[u8],
    ) -> String {
        let mut seed = [0u8; 8];
        for (slot, byte) in seed.iter_mut().zip(random) {
            *slot = *byte;
        }
        let seed = u64::from_le_bytes(seed);
        let (forwarding, bulk) = match self.phase(method, path, headers_json) {
            Ok((handler, routed)) => (
                handler.forward(&routed, body, seed),
                routed.endpoint().is_bulk(),
            ),
            Err(response) => (Forwarding::Respond(response), false),
        };
        match forwarding {
            Forwarding::Respond(response) => self.respond(response),
            Forwarding::Upstream(upstream) => {
                let mut out = String::with_capacity(upstream.body.len() + 256);
                out.push_str("{\"upstream\":{\"url\":");
                write_string(&mut out, &upstream.url);
                out.push_str(",\"headers\":");
                write_headers_json(&mut out, &upstream.headers);
                out.push_str(",\"body\":");
                write_string(&mut out, &upstream.body);
                out.push_str(",\"bulk\":");
                out.push_str(if bulk { "true" } else { "false" });
                out.push_str(",\"maxBytes\":");
                out.push_str(&self.max_response_bytes().to_string());
                out.push_str("}}");
                out
            }
        }
    }

    /// Phase 3: the client's answer for the upstream's, `{"respond":…}`.
    pub fn relay(
        &mut self,
        method: &str,
        path: &str,
        headers_json: &str,
        status: u16,
        upstream_headers_json: &str,
        body: &[u8],
    ) -> String {
        let response = match self.phase(method, path, headers_json) {
            Ok((handler, routed)) => {
                handler.relay(&routed, status, &headers_of(upstream_headers_json), body)
            }
            Err(response) => response,
        };
        self.respond(response)
    }

    /// The answer when there is no (usable) upstream answer: `kind` is
    /// `"too_large"` (the request body), `"upstream_too_large"`, `"timeout"`,
    /// `"unreachable"`, `"limiter_failed"` (the rate limiter broke, or there is
    /// no client key), `"hook_failed"` or `"turnstile_unavailable"` (siteverify
    /// gave no usable answer).
    pub fn failure(&mut self, method: &str, path: &str, headers_json: &str, kind: &str) -> String {
        let response = match self.phase(method, path, headers_json) {
            Ok((handler, routed)) => match kind {
                "too_large" => handler.body_too_large(&routed),
                "timeout" => handler.upstream_timeout(&routed),
                "limiter_failed" => handler.limiter_unavailable(&routed),
                "hook_failed" => handler.hook_failed(&routed),
                "turnstile_unavailable" => handler.siteverify_unavailable(&routed),
                "upstream_too_large" => handler.upstream_too_large(&routed),
                _ => handler.upstream_unreachable(&routed),
            },
            Err(response) => response,
        };
        self.respond(response)
    }

    /// 429 for a client the rate limiter refused, with `Retry-After: retry_after_secs`.
    #[wasm_bindgen(js_name = rateLimited)]
    pub fn rate_limited(
        &mut self,
        method: &str,
        path: &str,
        headers_json: &str,
        retry_after_secs: u32,
    ) -> String {
        let response = match self.phase(method, path, headers_json) {
            Ok((handler, routed)) => handler.rate_limited(&routed, u64::from(retry_after_secs)),
            Err(response) => response,
        };
        self.respond(response)
    }

    /// Right before the upstream call: takes a token of the key's budget at
    /// `now_ms`. `{"go":true}`, or `{"respond":…}` (429) when it is spent or
    /// HeyMilo asked to wait.
    pub fn admit(&mut self, method: &str, path: &str, headers_json: &str, now_ms: f64) -> String {
        let refused = match self.budget.as_mut().map(|b| b.take(unix_ms(now_ms))) {
            Some(Err(wait)) => wait,
            _ => return "{\"go\":true}".to_owned(),
        };
        let response = match self.phase(method, path, headers_json) {
            Ok((handler, routed)) => handler.budget_exhausted(&routed, refused),
            Err(response) => response,
        };
        self.respond(response)
    }

    /// Shows the key's budget an upstream answer (a 429 holds further calls).
    pub fn observe(&mut self, status: u16, upstream_headers_json: &str, now_ms: f64) {
        if let Some(budget) = &mut self.budget {
            budget.observe(status, &headers_of(upstream_headers_json), unix_ms(now_ms));
        }
    }

    /// The answer for a `beforeForward` veto (its status, headers and body):
    /// `{"respond":…}` with the edge's headers, never the key.
    pub fn veto(
        &mut self,
        method: &str,
        path: &str,
        headers_json: &str,
        status: u16,
        veto_headers_json: &str,
        body: &[u8],
    ) -> String {
        let response = match self.phase(method, path, headers_json) {
            Ok((handler, routed)) => {
                handler.vetoed(&routed, status, &headers_of(veto_headers_json), body)
            }
            Err(response) => response,
        };
        self.respond(response)
    }

    /// `text` without the key in any form (for log lines).
    pub fn redact(&self, text: &str) -> String {
        match &self.handler {
            Ok(handler) => handler.redact(text),
            Err(_) => text.to_owned(),
        }
    }

    /// The body of the last `respond` answer.
    #[wasm_bindgen(js_name = takeBody)]
    pub fn take_body(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.last_body)
    }

    fn max_response_bytes(&self) -> usize {
        self.handler
            .as_ref()
            .map_or(0, EdgeHandler::max_response_bytes)
    }

    fn routed(
        &mut self,
        method: &str,
        path: &str,
        headers_json: &str,
    ) -> Result<Routed, EdgeResponse> {
        self.phase(method, path, headers_json)
            .map(|(_, routed)| routed)
    }

    fn phase(
        &mut self,
        method: &str,
        path: &str,
        headers_json: &str,
    ) -> Result<(&EdgeHandler, Routed), EdgeResponse> {
        let handler = self.handler.as_ref().map_err(|_| misconfigured())?;
        if let Some((m, p, h, routed)) = &self.last_routed {
            if m == method && p == path && h == headers_json {
                return Ok((handler, routed.clone()));
            }
        }
        match handler.route(method, path, &headers_of(headers_json)) {
            Routing::ReadBody(routed) => {
                self.last_routed = Some((
                    method.to_owned(),
                    path.to_owned(),
                    headers_json.to_owned(),
                    routed.clone(),
                ));
                Ok((handler, routed))
            }
            Routing::Respond(response) => Err(response),
        }
    }

    fn respond(&mut self, response: EdgeResponse) -> String {
        let mut out = String::with_capacity(128);
        out.push_str("{\"respond\":{\"status\":");
        out.push_str(&response.status.to_string());
        out.push_str(",\"headers\":");
        write_headers_json(&mut out, &response.headers);
        out.push_str("}}");
        self.last_body = response.body;
        out
    }
}

/// `createMemoryRateLimiter`'s state: see [`crate::edge::MemoryRateLimiter`].
#[wasm_bindgen]
pub struct MemoryRateLimiter {
    limiter: Limiter,
}

#[wasm_bindgen]
impl MemoryRateLimiter {
    /// `limit` hits per `period_ms` per key, remembering at most `max_keys` keys.
    #[wasm_bindgen(constructor)]
    pub fn new(limit: u32, period_ms: f64, max_keys: u32) -> MemoryRateLimiter {
        MemoryRateLimiter {
            limiter: Limiter::new(
                limit,
                unix_ms(period_ms),
                usize::try_from(max_keys).unwrap_or(usize::MAX),
            ),
        }
    }

    /// Counts a hit for `key` at `now_ms`: 0 when allowed, else the seconds to wait.
    pub fn hit(&mut self, key: &str, now_ms: f64) -> u32 {
        match self.limiter.hit(key, unix_ms(now_ms)) {
            Ok(()) => 0,
            Err(wait) => u32::try_from(wait).unwrap_or(u32::MAX).max(1),
        }
    }
}
