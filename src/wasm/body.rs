//! Reading a message's body (a `Request`'s or a `Response`'s) under a byte
//! limit, in Rust: a huge or endless body is never buffered whole, and past
//! the limit the stream is cancelled, which closes the connection.

use super::fetch::{call_global, get};
use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a body was not read.
pub enum BodyError {
    /// It is longer than the limit (declared or counted); reading stopped.
    TooLarge,
    /// Reading failed with this JS value.
    Read(JsValue),
}

/// `object.method(…args)`, awaited when it returns a promise.
async fn call(object: &JsValue, method: &str) -> Result<JsValue, JsValue> {
    let function: Function = get(object, method).dyn_into()?;
    let value = function.call0(object)?;
    JsFuture::from(Promise::resolve(&value)).await
}

/// `message.headers.get(name)`, for any object shaped like a Request or Response.
pub fn header(message: &JsValue, name: &str) -> Option<String> {
    let headers = get(message, "headers");
    let lookup: Function = get(&headers, "get").dyn_into().ok()?;
    lookup
        .call1(&headers, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// The body of `message` as bytes, or `TooLarge` past `limit` bytes. A
/// declared Content-Length over the limit is refused unread; one within it
/// is read in one `arrayBuffer()` (HTTP framing holds the body to it, and a
/// message built in-process with a false one still gets the length check).
/// Without one (chunked), and when there is a stream, chunk by chunk. A
/// Response-like object from an injected fetch may have no stream: read at
/// once, then checked.
pub async fn read_capped(message: &JsValue, limit: usize) -> Result<Vec<u8>, BodyError> {
    let body = get(message, "body");
    if body.is_null() {
        return Ok(Vec::new());
    }
    let declared = header(message, "content-length");
    // `Number(length)`, as JS reads it (a length that is not a number is not over).
    let over = |length: &str| {
        call_global("Number", &[&JsValue::from_str(length)])
            .ok()
            .and_then(|n| n.as_f64())
            .is_some_and(|n| n > limit as f64)
    };
    if declared.as_deref().is_some_and(over) {
        let _ = call(&body, "cancel").await;
        return Err(BodyError::TooLarge);
    }
    let stream = get(&body, "getReader").is_function().then_some(&body);
    let (Some(stream), None) = (stream, declared) else {
        let whole = call(message, "arrayBuffer")
            .await
            .map_err(BodyError::Read)?;
        let whole = Uint8Array::new(&whole);
        return if whole.length() as usize > limit {
            Err(BodyError::TooLarge)
        } else {
            Ok(whole.to_vec())
        };
    };
    let reader = call_sync(stream, "getReader").map_err(BodyError::Read)?;
    let mut bytes = Vec::new();
    loop {
        let chunk = call(&reader, "read").await.map_err(BodyError::Read)?;
        if get(&chunk, "done").is_truthy() {
            return Ok(bytes);
        }
        let value: Uint8Array = get(&chunk, "value").dyn_into().map_err(BodyError::Read)?;
        if bytes.len() + value.length() as usize > limit {
            let _ = call(&reader, "cancel").await;
            return Err(BodyError::TooLarge);
        }
        let at = bytes.len();
        bytes.resize(at + value.length() as usize, 0);
        value.copy_to(&mut bytes[at..]);
    }
}

/// `object.method()` without awaiting its result.
fn call_sync(object: &JsValue, method: &str) -> Result<JsValue, JsValue> {
    let function: Function = get(object, method).dyn_into()?;
    function.call0(object)
}
