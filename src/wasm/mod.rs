//! The JavaScript boundary. Thin on purpose: text in, text out, one call per
//! operation, so the glue stays small and nothing crosses the boundary twice;
//! the client's exports are async and do their own I/O (`client.rs` over
//! `fetch.rs` and `body.rs`). Every rule lives in the plain Rust modules.

#[cfg(feature = "client")]
mod body;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "edge")]
mod edge;
#[cfg(feature = "client")]
mod fetch;
#[cfg(feature = "sandbox")]
mod sandbox;
mod validation;
#[cfg(feature = "utf16-rows")]
mod validation_utf16;

#[cfg(any(feature = "edge", feature = "sandbox"))]
use crate::json::{self, write_string, Value};

/// Milliseconds since the Unix epoch from JavaScript's `Date.now()` (0 when not a usable number).
#[cfg(any(feature = "client", feature = "edge", feature = "sandbox"))]
fn unix_ms(now_ms: f64) -> u64 {
    if now_ms.is_finite() && now_ms > 0.0 {
        now_ms as u64
    } else {
        0
    }
}

/// Header pairs from JSON `[[name, value], …]` (what `JSON.stringify([...headers])` gives).
#[cfg(any(feature = "edge", feature = "sandbox"))]
fn headers_of(headers_json: &str) -> Vec<(String, String)> {
    let Ok(document) = json::parse(headers_json.as_bytes()) else {
        return Vec::new();
    };
    let Value::Array(pairs) = document.value else {
        return Vec::new();
    };
    pairs
        .into_iter()
        .filter_map(|pair| match pair {
            Value::Array(mut kv) if kv.len() == 2 => match (kv.pop(), kv.pop()) {
                (Some(Value::String(value)), Some(Value::String(name))) => Some((name, value)),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Appends header pairs as JSON `[[name, value], …]`.
#[cfg(any(feature = "edge", feature = "sandbox"))]
fn write_headers_json<N: AsRef<str>>(out: &mut String, headers: &[(N, String)]) {
    out.push('[');
    for (i, (name, value)) in headers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        write_string(out, name.as_ref());
        out.push(',');
        write_string(out, value);
        out.push(']');
    }
    out.push(']');
}
