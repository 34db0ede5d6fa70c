//! The request body HeyMilo accepts for one candidate, after validation.

use crate::json::{write_object, write_string, Value, WriteJson};

/// Most metadata keys a candidate may carry.
pub const METADATA_MAX_KEYS: usize = 50;
/// Longest metadata key, in Unicode code points.
pub const METADATA_KEY_MAX_CHARS: usize = 40;
/// Longest metadata value, in Unicode code points.
pub const METADATA_VALUE_MAX_CHARS: usize = 500;

/// A validated, normalized `CandidateIngestRequest`: exactly what is sent upstream.
///
/// Only [`crate::validate_candidate`] makes one, so holding one proves the
/// candidate passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateIngestRequest {
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) phone_number: Option<String>,
    pub(crate) metadata: Option<Vec<(String, String)>>,
    pub(crate) data: Option<Vec<(String, Value)>>,
}

impl CandidateIngestRequest {
    /// The full name, trimmed.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The email address, trimmed, with its domain lower-cased.
    pub fn email(&self) -> &str {
        &self.email
    }

    /// The phone number in E.164 form, if one was given.
    pub fn phone_number(&self) -> Option<&str> {
        self.phone_number.as_deref()
    }

    /// The metadata key/value pairs, in input order, if given.
    pub fn metadata(&self) -> Option<&[(String, String)]> {
        self.metadata.as_deref()
    }

    /// The free-form `data` object's entries, if given.
    pub fn data(&self) -> Option<&[(String, Value)]> {
        self.data.as_deref()
    }

    /// Appends the JSON request body to `out`. Absent and `null` optional fields are left out.
    pub fn write_json(&self, out: &mut String) {
        out.push_str("{\"name\":");
        write_string(out, &self.name);
        out.push_str(",\"email\":");
        write_string(out, &self.email);
        if let Some(phone) = &self.phone_number {
            out.push_str(",\"phone_number\":");
            write_string(out, phone);
        }
        if let Some(metadata) = &self.metadata {
            out.push_str(",\"metadata\":");
            write_object(out, metadata);
        }
        if let Some(data) = &self.data {
            out.push_str(",\"data\":");
            write_object(out, data);
        }
        out.push('}');
    }

    /// The JSON request body.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(128);
        self.write_json(&mut out);
        out
    }
}

impl WriteJson for CandidateIngestRequest {
    fn write_json(&self, out: &mut String) {
        CandidateIngestRequest::write_json(self, out);
    }
}
