//! HeyMilo's error envelope (`APIErrorResponse`: `{"error":{"type","code",
//! "message"}}`), written once for every answer the edge and the sandbox
//! make in HeyMilo's name, so a client reads them all alike. (The 422 body
//! is FastAPI's, not this one: see [`super::fastapi`].)

use crate::json::write_string;

/// The JSON of an error envelope with the contract's required fields.
pub(crate) fn error_body(error_type: &str, code: &str, message: &str) -> String {
    let mut body = String::with_capacity(48 + error_type.len() + code.len() + message.len());
    body.push_str("{\"error\":{\"type\":");
    write_string(&mut body, error_type);
    body.push_str(",\"code\":");
    write_string(&mut body, code);
    body.push_str(",\"message\":");
    write_string(&mut body, message);
    body.push_str("}}");
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::responses::{decode, ApiErrorResponse};

    #[test]
    fn the_envelope_decodes_as_the_contracts_type() {
        let body = error_body("invalid_request_error", "not_found", "No \"such\" route.");
        let decoded: ApiErrorResponse = decode(body.as_bytes()).unwrap();
        assert_eq!(decoded.error.r#type, "invalid_request_error");
        assert_eq!(decoded.error.code, "not_found");
        assert_eq!(decoded.error.message, "No \"such\" route.");
        assert!(decoded.extra.is_empty() && decoded.error.param.is_none());
    }
}
