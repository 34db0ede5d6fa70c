//! Typed response bodies of HeyMilo's Candidates API (`candidates-openapi.yml`,
//! `info.version` 2.0.0): one struct per response schema, decoded with
//! [`decode`] / [`FromJson`] and encoded with [`encode`] / [`WriteJson`], so a
//! client reads and a sandbox writes the very same shapes.
//!
//! Each type also has a static [`Shape`], generated from the same field list:
//! [`check`] (or [`check_shape`] on a parsed value) accepts exactly what
//! [`decode`] accepts, with the same [`DecodeError`], without building the
//! typed value, for code that only needs to know a body is the documented one
//! (one small interpreter instead of a decoder per type, which matters in
//! WebAssembly).
//!
//! Conventions, the same for every type:
//!
//! - **Unknown fields are kept.** Every struct has `extra`: the fields this
//!   version does not know, in received order. Encoding writes them back after
//!   the known fields, so nothing the server sends is lost. (Do not put a known
//!   field's key in `extra`; it would be written twice.)
//! - **Names** follow the contract in snake_case; `type` is `r#type`.
//!   Struct names follow Rust style (`APIErrorResponse` is [`ApiErrorResponse`]),
//!   and each type's documentation names its contract schema.
//! - **Defaults.** An absent field with a default in the contract takes it
//!   (`shortlisted`, `dismissed`, `knocked_out` → `false`; async `status` →
//!   `"queued"`). An absent optional array is empty. A present `null` is only
//!   accepted where the contract allows `null`.
//! - **`object` constants** (`"candidate"`, `"ingestion"`) default to the
//!   contract's value when absent; any other string is accepted and kept as
//!   received (a new object type should be visible, not a decoding failure),
//!   so check it if it matters to you. Encoding writes what the field holds.
//! - **Nullable** fields (`anyOf [..., null]`) are `Option`: absent or `null`
//!   decode to `None`. Encoding writes every known field, `None` as `null`, so
//!   encoded bodies validate against the contract's schemas.
//! - **Numbers.** `number` fields (scores, Unix timestamps) are [`Number`]s:
//!   the JSON number's source text, kept as received and written back
//!   verbatim (`78.50` stays `78.50`), so decoding and encoding link no
//!   floating-point code; [`Number::as_f64`] parses when you need a value.
//!   `integer` fields are `i64` and take JSON numbers with no fractional part
//!   (`8`, `8.0`, `80e-1`; not `8.5`) within `i64`, read exactly from the
//!   text, also without floating point.
//! - **Objects of free-form values** (`metadata`, `data`, `meta`) are
//!   `Vec<(key, value)>` in received order.
//! - **Locations** (`loc` of a 422 error) are [`PathSegment`]s: strings become
//!   keys and non-negative integers indices; other integers are rejected.
//! - **`Default`** gives the contract's defaults, with required fields empty
//!   (`""`, `false`, `0`, `[]`) for you to fill in, e.g.
//!   `CandidateResponse { interview_id: …, ..Default::default() }` has
//!   `object: "candidate"`. (Decoding a [`SingleResponse<T>`] needs `T: Default`.)
//! - **Errors** ([`DecodeError`]) name the path of the first missing or
//!   mistyped value, e.g. `data.candidate.workflow.steps[0].order: missing
//!   required field`.
//!
//! ```
//! use heymilo_ingest::{decode_response, encode_response, AsyncIngestResponse, SingleResponse};
//!
//! let body: SingleResponse<AsyncIngestResponse> =
//!     decode_response(br#"{"data":{"ingestion_id":"intake_abc123","eta":3}}"#)?;
//! assert_eq!(body.data.status, "queued");
//! assert_eq!(
//!     encode_response(&body),
//!     r#"{"data":{"object":"ingestion","ingestion_id":"intake_abc123","status":"queued","eta":3},"meta":null}"#
//! );
//! # Ok::<(), heymilo_ingest::DecodeError>(())
//! ```

use crate::issue::{IssueCode, PathSegment};
use crate::json::{self, write_string, ParseError, Value, WriteJson};
use std::fmt::{self, Write as _};

/// Declares response structs, the single source of their fields: each gets
/// the listed fields plus `extra`, a [`Default`] (the contract's defaults;
/// empty values for required fields), a [`Shape`] (the static description
/// [`check_shape`] interprets), and [`FromJson`] and [`WriteJson`]
/// implementations that read and write the fields in the order listed (the
/// contract's order), with serde's `Serialize` and `Deserialize` over those
/// two. A field without `= default` is required; `= default` is used when the
/// field is absent. Type parameters (`<T>`) are allowed; each
/// implementation asks of them what the fields' types need.
macro_rules! schema {
    ($(
        $(#[$attr:meta])*
        pub struct $name:ident $(< $($param:ident),+ >)? {
            $( $(#[doc = $doc:literal])* $field:ident : $ty:ty $(= $default:expr)? ),* $(,)?
        }
    )*) => {$(
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name $(< $($param),+ >)? {
            $( $(#[doc = $doc])* pub $field: $ty, )*
            /// Fields this version does not know, in received order; written back after the known ones.
            pub extra: Vec<(String, $crate::json::Value)>,
        }

        /// The contract's defaults; required fields are empty (`""`, `false`, `0`, `[]`) until set.
        impl $(< $($param),+ >)? Default for $name $(< $($param),+ >)?
        where
            $( $ty: Default, )*
        {
            fn default() -> Self {
                $name {
                    $( $field: schema!(@init $($default)?), )*
                    extra: Vec::new(),
                }
            }
        }

        impl $(< $($param),+ >)? $name $(< $($param),+ >)?
        where
            $( $ty: $crate::api::responses::Shape, )*
        {
            /// The fields, in order: JSON key, whether required, shape.
            const FIELDS: &'static [$crate::api::responses::FieldShape] = &[$(
                $crate::api::responses::FieldShape {
                    key: $crate::api::responses::json_key(stringify!($field)),
                    required: schema!(@required $($default)?),
                    shape: <$ty as $crate::api::responses::Shape>::SHAPE,
                },
            )*];
        }

        impl $(< $($param),+ >)? $crate::api::responses::Shape for $name $(< $($param),+ >)?
        where
            $( $ty: $crate::api::responses::Shape, )*
        {
            const SHAPE: &'static $crate::api::responses::ShapeKind =
                &$crate::api::responses::ShapeKind::Object(Self::FIELDS);
        }

        impl $(< $($param),+ >)? $crate::api::responses::FromJson for $name $(< $($param),+ >)?
        where
            Self: Default,
            $( $ty: $crate::api::responses::FromJson + $crate::api::responses::Shape, )*
        {
            #[inline(never)]
            fn from_json(
                value: &$crate::json::Value,
            ) -> Result<Self, $crate::api::responses::DecodeError> {
                let mut decoded = Self::default();
                let extra = $crate::api::responses::read_object(value, Self::FIELDS, &mut [$(
                    &mut decoded.$field as &mut dyn $crate::api::responses::Slot,
                )*])?;
                decoded.extra = extra;
                Ok(decoded)
            }
        }

        impl $(< $($param),+ >)? $crate::json::WriteJson for $name $(< $($param),+ >)?
        where
            $( $ty: $crate::api::responses::Encode, )*
        {
            fn write_json(&self, out: &mut String) {
                const KEYS: &[&str] = &[$( $crate::api::responses::json_key(stringify!($field)), )*];
                $crate::api::responses::write_object(out, KEYS, &[$(
                    &self.$field as &dyn $crate::api::responses::Encode,
                )*], &self.extra);
            }
        }

        impl $(< $($param),+ >)? $crate::api::responses::Encode for $name $(< $($param),+ >)?
        where
            Self: $crate::json::WriteJson,
        {
            fn encode(&self, out: &mut String) {
                $crate::json::WriteJson::write_json(self, out);
            }
        }

        /// The JSON [`WriteJson`](crate::json::WriteJson) writes, field for field.
        impl $(< $($param),+ >)? ::serde::Serialize for $name $(< $($param),+ >)?
        where
            Self: $crate::json::WriteJson,
        {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::api::serde_impls::serialize_written(self, serializer)
            }
        }

        /// What [`decode`](crate::api::responses::decode) reads: defaults applied, unknown fields kept.
        impl<'de $($(, $param)+)?> ::serde::Deserialize<'de> for $name $(< $($param),+ >)?
        where
            Self: $crate::api::responses::FromJson,
        {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::api::serde_impls::deserialize_decoded(deserializer)
            }
        }
    )*};
    (@init) => { Default::default() };
    (@init $default:expr) => { $default };
    (@required) => { true };
    (@required $default:expr) => { false };
}

mod number;
mod shape;
mod types;

pub use number::{InvalidNumber, Number};
pub use shape::{check, check_shape, FieldShape, Shape, ShapeKind};
pub use types::{
    AgentFormSummary, AgentResumeSummary, AgentSMSSummary, AgentSummary, AgentWebInterviewSummary,
    ApiError, ApiErrorDetail, ApiErrorResponse, AsyncIngestResponse,
    BulkIngestCandidateResponseItem, CandidateResponse, CandidateWorkflow, HttpValidationError,
    IngestCandidateResponse, ListResponse, PaginationMeta, SingleResponse, ValidationErrorItem,
    WorkflowStepStatus,
};

#[cfg(test)]
mod tests;

/// A value that can be read from a parsed JSON value.
pub trait FromJson: Sized {
    /// Reads `Self` from `value`; errors carry the path below `value`.
    fn from_json(value: &Value) -> Result<Self, DecodeError>;
}

/// Parses `bytes` as JSON and decodes a `T` from it.
///
/// A value nested deeper than [`json::MAX_DEPTH`] is an error (it could not be
/// kept in `extra`); a lone UTF-16 surrogate escape in a string reads as U+FFFD.
pub fn decode<T: FromJson>(bytes: &[u8]) -> Result<T, DecodeError> {
    T::from_json(&parse_body(bytes)?)
}

/// Parses `bytes` as JSON the way [`decode`] and [`check`] do, before either
/// looks at the shape: not JSON is a [`DecodeErrorKind::Json`] error and a
/// value nested deeper than [`json::MAX_DEPTH`] a [`DecodeErrorKind::TooDeep`]
/// one (at its path); a lone UTF-16 surrogate escape in a string reads as U+FFFD.
/// Parse once and call [`check_shape`] to try one body against several shapes.
pub fn parse_body(bytes: &[u8]) -> Result<Value, DecodeError> {
    let document =
        json::parse(bytes).map_err(|e| DecodeError::at_root(DecodeErrorKind::Json(e)))?;
    if let Some(path) = document.too_deep.into_iter().next() {
        return Err(DecodeError {
            path,
            kind: DecodeErrorKind::TooDeep,
        });
    }
    Ok(document.value)
}

/// The compact JSON text of `value`.
pub fn encode<T: WriteJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.write_json(&mut out);
    out
}

/// Why a response body could not be decoded, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Keys and indices from the root to the offending value (for
    /// [`DecodeErrorKind::Missing`], ending with the missing field's key).
    pub path: Vec<PathSegment>,
    /// What was wrong.
    pub kind: DecodeErrorKind,
}

/// The kinds of [`DecodeError`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The bytes are not JSON.
    Json(ParseError),
    /// A value is nested deeper than [`json::MAX_DEPTH`], so it cannot be kept.
    TooDeep,
    /// A required field is absent.
    Missing,
    /// The value does not have the type the contract gives it.
    InvalidType {
        /// What the contract allows here, e.g. `"integer"`.
        expected: &'static str,
        /// What was found, e.g. `"string"` or `"fractional number"`.
        found: &'static str,
    },
}

impl DecodeError {
    fn at_root(kind: DecodeErrorKind) -> Self {
        DecodeError {
            path: Vec::new(),
            kind,
        }
    }

    fn invalid_type(expected: &'static str, found: &'static str) -> Self {
        DecodeError::at_root(DecodeErrorKind::InvalidType { expected, found })
    }

    fn expected(expected: &'static str, found: &Value) -> Self {
        DecodeError::invalid_type(expected, found.type_name())
    }

    #[cold]
    #[inline(never)]
    fn within(mut self, segment: PathSegment) -> Self {
        self.path.insert(0, segment);
        self
    }

    fn in_field(self, key: &str) -> Self {
        self.within(PathSegment::Key(key.to_owned()))
    }

    /// The matching stable issue code (`invalid_json`, `too_deep`, `required`, `invalid_type`).
    pub fn code(&self) -> IssueCode {
        match self.kind {
            DecodeErrorKind::Json(_) => IssueCode::InvalidJson,
            DecodeErrorKind::TooDeep => IssueCode::TooDeep,
            DecodeErrorKind::Missing => IssueCode::Required,
            DecodeErrorKind::InvalidType { .. } => IssueCode::InvalidType,
        }
    }
}

/// Shows the path as `data.candidate.workflow.steps[0].order`, then the problem.
impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.path.iter().enumerate() {
            match segment {
                PathSegment::Key(key) if i == 0 => f.write_str(key)?,
                PathSegment::Key(key) => write!(f, ".{key}")?,
                PathSegment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        if !self.path.is_empty() {
            f.write_str(": ")?;
        }
        match &self.kind {
            DecodeErrorKind::Json(e) => write!(f, "invalid JSON: {e}"),
            DecodeErrorKind::TooDeep => write!(f, "nested deeper than {} levels", json::MAX_DEPTH),
            DecodeErrorKind::Missing => f.write_str("missing required field"),
            DecodeErrorKind::InvalidType { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            DecodeErrorKind::Json(e) => Some(e),
            _ => None,
        }
    }
}

impl FromJson for String {
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| DecodeError::expected("string", value))
    }
}

impl FromJson for bool {
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        match value {
            Value::Bool(b) => Ok(*b),
            other => Err(DecodeError::expected("boolean", other)),
        }
    }
}

/// Integers are JSON numbers with no fractional part (`8`, `8.0`, `80e-1`), as in
/// JSON Schema, within `i64`. Read exactly from the text, without floating point
/// (so decoding links no float parsing).
impl FromJson for i64 {
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        integer(value)
    }
}

/// The `integer` that `value` is (see `FromJson for i64`); shared with [`check_shape`].
fn integer(value: &Value) -> Result<i64, DecodeError> {
    match value {
        Value::Number(text) => {
            parse_integer(text).map_err(|found| DecodeError::invalid_type("integer", found))
        }
        other => Err(DecodeError::expected("integer", other)),
    }
}

/// The integer that the JSON number `text` denotes, or what it is instead.
fn parse_integer(text: &str) -> Result<i64, &'static str> {
    const FRACTIONAL: &str = "fractional number";
    const OUT_OF_RANGE: &str = "out-of-range number";
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = unsigned.split_once(['e', 'E']).unwrap_or((unsigned, "0"));
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = || whole.bytes().chain(fraction.bytes());
    if whole.is_empty() || !digits().all(|b| b.is_ascii_digit()) {
        return Err("invalid number");
    }
    let all_zero = digits().all(|b| b == b'0');
    let Ok(exponent) = exponent.parse::<i64>() else {
        // An exponent beyond i64: only zero stays in range.
        return match (all_zero, exponent.starts_with('-')) {
            (true, _) => Ok(0),
            (false, true) => Err(FRACTIONAL),
            (false, false) => Err(OUT_OF_RANGE),
        };
    };
    // Digits before `point` are the integer; any non-zero digit after it is a fraction.
    let point = exponent.saturating_add(whole.len() as i64);
    let mut value: i64 = 0;
    let mut count: i64 = 0;
    for byte in digits() {
        let digit = i64::from(byte - b'0');
        if count < point {
            let scaled = value.checked_mul(10);
            let next = if negative {
                scaled.and_then(|v| v.checked_sub(digit))
            } else {
                scaled.and_then(|v| v.checked_add(digit))
            };
            value = next.ok_or(OUT_OF_RANGE)?;
        } else if digit != 0 {
            return Err(FRACTIONAL);
        }
        count += 1;
    }
    // Zeros the exponent appends (`5e3`). Twenty overflow any non-zero value,
    // so the loop is bounded whatever the exponent.
    for _ in count..point.min(count + 20) {
        value = value.checked_mul(10).ok_or(OUT_OF_RANGE)?;
    }
    Ok(value)
}

/// Any JSON value, as is.
impl FromJson for Value {
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        Ok(value.clone())
    }
}

/// A string is a key; a non-negative integer is an index.
impl FromJson for PathSegment {
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        path_segment(value)
    }
}

/// The [`PathSegment`] that `value` is: a string is a key, a non-negative
/// integer an index. Shared by `FromJson for PathSegment`, [`check_shape`]
/// and readers of checked `loc` values.
pub(crate) fn path_segment(value: &Value) -> Result<PathSegment, DecodeError> {
    const EXPECTED: &str = "string or non-negative integer";
    match value {
        Value::String(key) => Ok(PathSegment::Key(key.clone())),
        Value::Number(_) => {
            let n = integer(value).map_err(|e| match e.kind {
                DecodeErrorKind::InvalidType { found, .. } => {
                    DecodeError::invalid_type(EXPECTED, found)
                }
                _ => e,
            })?;
            usize::try_from(n)
                .map(PathSegment::Index)
                .map_err(|_| DecodeError::invalid_type(EXPECTED, "negative integer"))
        }
        other => Err(DecodeError::expected(EXPECTED, other)),
    }
}

/// `null` is `None`.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        match value {
            Value::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

/// A JSON array.
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        let Value::Array(items) = value else {
            return Err(DecodeError::expected("array", value));
        };
        let mut decoded = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            decoded.push(T::from_json(item).map_err(|e| e.within(PathSegment::Index(i)))?);
        }
        Ok(decoded)
    }
}

/// A JSON object, as its entries in order.
impl<V: FromJson> FromJson for Vec<(String, V)> {
    fn from_json(value: &Value) -> Result<Self, DecodeError> {
        let Value::Object(entries) = value else {
            return Err(DecodeError::expected("object", value));
        };
        let mut decoded = Vec::with_capacity(entries.len());
        for (key, item) in entries {
            decoded.push((
                key.clone(),
                V::from_json(item).map_err(|e| e.in_field(key))?,
            ));
        }
        Ok(decoded)
    }
}

/// The JSON key of a field: its name without a raw-identifier prefix (`r#type` is `type`).
/// `const` so that generated code holds the key itself, not a call.
const fn json_key(field: &'static str) -> &'static str {
    match field.as_bytes() {
        [b'r', b'#', rest @ ..] => match std::str::from_utf8(rest) {
            Ok(key) => key,
            Err(_) => field,
        },
        _ => field,
    }
}

/// Where one field's decoded value goes. Through `dyn Slot`, a single
/// non-generic [`read_object`] fills the fields of every struct, which keeps
/// the generated decoders (and the wasm) small.
trait Slot {
    fn set(&mut self, value: &Value) -> Result<(), DecodeError>;
}

impl<T: FromJson> Slot for T {
    fn set(&mut self, value: &Value) -> Result<(), DecodeError> {
        *self = T::from_json(value)?;
        Ok(())
    }
}

/// Decodes the known fields of the object `value` in order into `slots`, one
/// per entry of `fields` (an absent optional field leaves its slot's
/// default). Returns the other entries, in received order, for `extra`; or
/// the first error.
#[inline(never)]
fn read_object(
    value: &Value,
    fields: &[FieldShape],
    slots: &mut [&mut dyn Slot],
) -> Result<Vec<(String, Value)>, DecodeError> {
    let mut taken = Vec::new();
    let entries = visit_fields(value, fields, &mut |index, at, field| {
        taken.push(at);
        match slots.get_mut(index) {
            Some(slot) => slot.set(field),
            None => Ok(()),
        }
    })?;
    Ok(entries
        .iter()
        .enumerate()
        .filter(|(at, _)| !taken.contains(at))
        .map(|(_, entry)| entry.clone())
        .collect())
}

/// The one reading of an object's known fields, for [`read_object`] (typed)
/// and [`check_shape`] (shape only): `value` must be an object; for each of
/// `fields` in order, the first entry with its key is passed to `visit` with
/// the field's index and the entry's position (its error gets the key in
/// front of its path), and a required field without an entry is
/// [`DecodeErrorKind::Missing`]. Returns the object's entries.
fn visit_fields<'v>(
    value: &'v Value,
    fields: &[FieldShape],
    visit: &mut dyn FnMut(usize, usize, &Value) -> Result<(), DecodeError>,
) -> Result<&'v [(String, Value)], DecodeError> {
    let Value::Object(entries) = value else {
        return Err(DecodeError::expected("object", value));
    };
    for (index, field) in fields.iter().enumerate() {
        let found = entries
            .iter()
            .enumerate()
            .find(|(_, (key, _))| key == field.key);
        match found {
            Some((at, (_, entry))) => visit(index, at, entry).map_err(|e| e.in_field(field.key))?,
            None if field.required => {
                return Err(DecodeError::at_root(DecodeErrorKind::Missing).in_field(field.key))
            }
            None => {}
        }
    }
    Ok(entries)
}

/// Writes an object: the known fields (`keys` and their `values`) in order,
/// then the `extra` entries.
#[inline(never)]
fn write_object(
    out: &mut String,
    keys: &[&str],
    values: &[&dyn Encode],
    extra: &[(String, Value)],
) {
    out.push('{');
    let known = keys.iter().copied().zip(values.iter().copied());
    let extra = extra
        .iter()
        .map(|(key, value)| (key.as_str(), value as &dyn Encode));
    for (i, (key, value)) in known.chain(extra).enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, key);
        out.push(':');
        value.encode(out);
    }
    out.push('}');
}

/// How field values are written. Private, so the crate's [`WriteJson`] stays
/// free for other modules to implement on standard types.
trait Encode {
    fn encode(&self, out: &mut String);
}

impl Encode for String {
    fn encode(&self, out: &mut String) {
        write_string(out, self);
    }
}

impl Encode for bool {
    fn encode(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl Encode for i64 {
    fn encode(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl Encode for Value {
    fn encode(&self, out: &mut String) {
        self.write_json(out);
    }
}

impl Encode for PathSegment {
    fn encode(&self, out: &mut String) {
        match self {
            PathSegment::Key(key) => write_string(out, key),
            PathSegment::Index(index) => {
                let _ = write!(out, "{index}");
            }
        }
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, out: &mut String) {
        match self {
            Some(value) => value.encode(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.encode(out);
        }
        out.push(']');
    }
}

impl<V: Encode> Encode for Vec<(String, V)> {
    fn encode(&self, out: &mut String) {
        out.push('{');
        for (i, (key, value)) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_string(out, key);
            out.push(':');
            value.encode(out);
        }
        out.push('}');
    }
}
