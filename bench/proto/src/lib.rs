//! Benchmark prototype (see Cargo.toml): measures the proposed boundary.
//!
//! - `validateCandidateJson` / `validateCandidatesJson`: the product's own
//!   exports (JSON text in, JSON text out; they come with the dependency), so
//!   they are compared at the same opt-level as the prototype.
//! - `validateFields`: the proposed fast path. The JS side passes the three
//!   string fields of a plain candidate object; a candidate the core accepts
//!   without a single issue or warning is answered as `name\0email\0phone`
//!   (normalized by the crate's own functions); anything else answers `""` and
//!   the JS side takes the JSON path, so every issue and warning still comes
//!   from the product's rules.
//! - `echoFields`: the same crossing with no work, the floor of this boundary.

use heymilo_ingest::email::{likely_domain_typo, normalize_email};
use heymilo_ingest::phone::normalize_phone_number;
use wasm_bindgen::prelude::wasm_bindgen;

// Links the product's wasm exports (validateCandidateJson, …) into this module.
pub use heymilo_ingest::validate_candidate;

/// The fast path: `name\0email[\0phone]` when valid without warnings, else `""`.
#[wasm_bindgen(js_name = validateFields)]
pub fn validate_fields(name: &str, email: &str, phone: Option<String>) -> String {
    let name = name.trim();
    let email = email.trim();
    if name.is_empty() || name.contains('\0') || email.is_empty() || email.len() > 254 * 4 {
        return String::new();
    }
    let Ok(email) = normalize_email(email) else {
        return String::new();
    };
    if likely_domain_typo(&email).is_some() {
        return String::new();
    }
    let phone = match phone.as_deref().map(|p| normalize_phone_number(p, None)) {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(_)) => return String::new(),
    };
    let mut out = String::with_capacity(name.len() + email.len() + 20);
    out.push_str(name);
    out.push('\0');
    out.push_str(&email);
    if let Some(phone) = phone {
        out.push('\0');
        out.push_str(&phone);
    }
    out
}

/// The crossing alone: the same arguments and answer shape, no validation.
#[wasm_bindgen(js_name = echoFields)]
pub fn echo_fields(name: &str, email: &str, phone: Option<String>) -> String {
    let mut out = String::with_capacity(name.len() + email.len() + 20);
    out.push_str(name);
    out.push('\0');
    out.push_str(email);
    if let Some(phone) = phone {
        out.push('\0');
        out.push_str(&phone);
    }
    out
}

/// A cheaper crossing: the fields joined into one string, a number back
/// (what an answer of flags and offsets, with the phone's digits as a number,
/// would cost). No validation.
#[wasm_bindgen(js_name = echoPacked)]
pub fn echo_packed(joined: &str) -> f64 {
    joined.len() as f64
}
