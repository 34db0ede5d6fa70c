//! Sandbox export: one `SandboxCore` object per `createSandbox()`.

use super::{headers_of, write_headers_json};
use crate::json::{self, Value};
use crate::sandbox::FaultRule;
use crate::sandbox::{Sandbox, SandboxConfig, SandboxRequest};
use wasm_bindgen::prelude::wasm_bindgen;

/// The sandbox state behind `createSandbox()`.
#[wasm_bindgen]
pub struct SandboxCore {
    sandbox: Sandbox,
    last_body: Vec<u8>,
}

fn fault_rules(value: Option<&Value>) -> Vec<FaultRule> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(FaultRule::from_json).collect(),
        _ => Vec::new(),
    }
}

fn number(value: Option<&Value>) -> Option<f64> {
    match value {
        Some(Value::Number(text)) => text.parse().ok(),
        _ => None,
    }
}

#[wasm_bindgen]
impl SandboxCore {
    /// Creates a sandbox from JSON options `{apiKey?, postings?, rateLimitPerMinute?, cors?, seed?, faults?,
    /// turnstile?: {hostname?, action?}}` (already checked by the JS side).
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str) -> SandboxCore {
        let options = json::parse(options_json.as_bytes())
            .map(|document| document.value)
            .unwrap_or(Value::Null);
        let defaults = SandboxConfig::default();
        let turnstile_text = |key: &str| {
            options
                .get("turnstile")
                .and_then(|t| t.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let postings = match options.get("postings") {
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .filter_map(|item| item.as_str().map(str::to_owned))
                    .collect(),
            ),
            _ => None,
        };
        let config = SandboxConfig {
            api_key: options
                .get("apiKey")
                .and_then(Value::as_str)
                .map_or(defaults.api_key, str::to_owned),
            postings,
            rate_limit_per_minute: number(options.get("rateLimitPerMinute"))
                .map_or(defaults.rate_limit_per_minute, |n| {
                    n.clamp(0.0, f64::from(u32::MAX)) as u32
                }),
            cors: matches!(options.get("cors"), Some(Value::Bool(true))),
            seed: number(options.get("seed")).map_or(defaults.seed, |n| n as u64),
            faults: fault_rules(options.get("faults")),
            turnstile_hostname: turnstile_text("hostname").unwrap_or(defaults.turnstile_hostname),
            turnstile_action: turnstile_text("action").unwrap_or(defaults.turnstile_action),
        };
        SandboxCore {
            sandbox: Sandbox::new(config),
            last_body: Vec::new(),
        }
    }

    /// Handles one request; returns JSON `{status, headers, delayMs, drop}`. The body follows with `takeBody()`.
    pub fn handle(
        &mut self,
        method: &str,
        path: &str,
        query: &str,
        headers_json: &str,
        body: &[u8],
        now_ms: f64,
    ) -> String {
        let headers = headers_of(headers_json);
        let request = SandboxRequest {
            method,
            path,
            query,
            headers: &headers,
            body,
        };
        let now_ms = super::unix_ms(now_ms);
        let response = self.sandbox.handle(request, now_ms);
        let mut out = String::with_capacity(128);
        out.push_str("{\"status\":");
        out.push_str(&response.status.to_string());
        out.push_str(",\"headers\":");
        write_headers_json(&mut out, &response.headers);
        out.push_str(",\"delayMs\":");
        out.push_str(&response.delay_ms.to_string());
        out.push_str(",\"drop\":");
        out.push_str(if response.drop_connection {
            "true"
        } else {
            "false"
        });
        out.push('}');
        self.last_body = response.body;
        out
    }

    /// The body of the last response.
    #[wasm_bindgen(js_name = takeBody)]
    pub fn take_body(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.last_body)
    }

    /// Every stored candidate as a JSON array.
    #[wasm_bindgen(js_name = candidatesJson)]
    pub fn candidates_json(&self) -> String {
        self.sandbox.candidates_json()
    }

    /// How many requests reached the Candidates API stand-in (not siteverify's).
    #[wasm_bindgen(js_name = requestsSeen)]
    pub fn requests_seen(&self) -> f64 {
        self.sandbox.requests_seen() as f64
    }

    /// Empties the store and the rate-limit window.
    pub fn reset(&mut self) {
        self.sandbox.reset();
    }

    /// Replaces the planned faults with a JSON array of rules.
    #[wasm_bindgen(js_name = setFaults)]
    pub fn set_faults(&mut self, faults_json: &str) {
        let value = json::parse(faults_json.as_bytes())
            .map(|document| document.value)
            .ok();
        self.sandbox.set_faults(fault_rules(value.as_ref()));
    }
}
