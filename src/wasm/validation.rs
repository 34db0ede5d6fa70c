//! Validation exports. The JS side passes `JSON.stringify(input)` (which keeps
//! lone surrogates as `\u` escapes, so they can be reported) and parses the
//! result text.

use crate::phone::normalize_phone_number;
use crate::validate::{validate_candidate_json, validate_candidates_json, ValidateOptions};
use wasm_bindgen::prelude::wasm_bindgen;

fn options(default_country: &Option<String>) -> ValidateOptions<'_> {
    ValidateOptions {
        default_country: default_country.as_deref(),
    }
}

/// Validates one candidate given as JSON text; returns the result as JSON text.
#[wasm_bindgen(js_name = validateCandidateJson)]
pub fn validate_candidate_text(json: &str, default_country: Option<String>) -> String {
    validate_candidate_json(json.as_bytes(), options(&default_country)).to_json()
}

/// Validates a JSON array of candidates; returns the result as JSON text.
#[wasm_bindgen(js_name = validateCandidatesJson)]
pub fn validate_candidates_text(json: &str, default_country: Option<String>) -> String {
    validate_candidates_json(json.as_bytes(), options(&default_country)).to_json()
}

/// Normalizes a phone number to E.164, or returns `undefined` when it cannot be.
#[wasm_bindgen(js_name = normalizePhoneNumber)]
pub fn normalize_phone_text(raw: &str, default_country: Option<String>) -> Option<String> {
    normalize_phone_number(raw, default_country.as_deref()).ok()
}
