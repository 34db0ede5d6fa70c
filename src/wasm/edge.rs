//! Edge handler export: one `EdgeCore` per handler configuration. Each phase
//! gets the request's method, path and headers again, so concurrent requests
//! never share state; the routing of the last request routed is kept, keyed
//! by exactly those three texts, so the later phases of one request do not
//! parse its headers and route it again. Bodies follow with `takeBody()`.

use super::{headers_of, write_headers_json};
use crate::edge::{
    misconfigured, EdgeHandler, EdgeResponse, Forwarding, HandlerConfig, Routed, Routing,
};
use crate::json::{self, write_string, Value};
use wasm_bindgen::prelude::wasm_bindgen;

/// The handler behind `handleIngestRequest`, or why its configuration is unusable.
#[wasm_bindgen]
pub struct EdgeCore {
    handler: Result<EdgeHandler, String>,
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
    }
}

#[wasm_bindgen]
impl EdgeCore {
    /// A handler for JSON options `{apiKey, postings, allowedOrigins?, basePath?, baseUrl?,
    /// maxBodyBytes?, maxResponseBytes?, bulk?, async?, workspaceId?}`; check `configError()` before use.
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str) -> EdgeCore {
        let options = json::parse(options_json.as_bytes())
            .map(|document| document.value)
            .unwrap_or(Value::Null);
        EdgeCore {
            handler: EdgeHandler::new(config_of(&options)).map_err(|error| error.to_string()),
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

    /// Phase 2: `{"respond":…}` or `{"upstream":{url,headers,body,maxBytes}}`
    /// (read at most `maxBytes` of the answer, else `failure("upstream_too_large")`).
    pub fn forward(&mut self, method: &str, path: &str, headers_json: &str, body: &[u8]) -> String {
        let forwarding = match self.phase(method, path, headers_json) {
            Ok((handler, routed)) => handler.forward(&routed, body),
            Err(response) => Forwarding::Respond(response),
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
    /// `"too_large"` (the request body), `"upstream_too_large"`, `"timeout"` or `"unreachable"`.
    pub fn failure(&mut self, method: &str, path: &str, headers_json: &str, kind: &str) -> String {
        let response = match self.phase(method, path, headers_json) {
            Ok((handler, routed)) => match kind {
                "too_large" => handler.body_too_large(&routed),
                "timeout" => handler.upstream_timeout(&routed),
                "upstream_too_large" => handler.upstream_too_large(&routed),
                _ => handler.upstream_unreachable(&routed),
            },
            Err(response) => response,
        };
        self.respond(response)
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
