//! serde's `Serialize` and `Deserialize` for the crate's JSON-shaped types,
//! so a Rust service moves them with `serde_json` (or any serde format) as it
//! moves its own.
//!
//! The crate's own JSON reader and writer stay the source of truth: a typed
//! response is serialized from the text its [`WriteJson`] writes and
//! deserialized through its [`FromJson`], so both routes give the same
//! fields, defaults and kept unknown fields. A [`CandidateIngestRequest`]
//! deserializes only by passing validation, so holding one still proves it.
//!
//! None of this is called by the wasm exports, so it adds nothing to the
//! `.wasm` files (the linker drops what nothing calls).

use crate::api::responses::FromJson;
use crate::candidate::CandidateIngestRequest;
use crate::json::{self, Value, WriteJson, MAX_DEPTH};
use crate::validate::{validate_candidate, ValidateOptions};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(text) => serialize_number(text, serializer),
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(entries) => serialize_entries(entries, serializer),
        }
    }
}

/// serde has no "number as text": an integer goes as `i64`/`u64` when it
/// fits, anything else as the nearest `f64` (the only lossy step, and only
/// for numbers a Python server would read as a float anyway).
fn serialize_number<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    if let Ok(n) = text.parse::<i64>() {
        return serializer.serialize_i64(n);
    }
    if let Ok(n) = text.parse::<u64>() {
        return serializer.serialize_u64(n);
    }
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => serializer.serialize_f64(n),
        _ => Err(serde::ser::Error::custom(format_args!(
            "the JSON number {text} does not fit an f64"
        ))),
    }
}

fn serialize_entries<S: Serializer, V: Serialize>(
    entries: &[(String, V)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(entries.len()))?;
    for (key, value) in entries {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ValueSeed { depth: 1 }.deserialize(deserializer)
    }
}

/// Reads one value at `depth` (the root is 1). Nesting is limited to
/// [`MAX_DEPTH`], as in the crate's own reader, so a deserializer without a
/// recursion limit of its own cannot overflow the stack here.
#[derive(Clone, Copy)]
struct ValueSeed {
    depth: usize,
}

impl ValueSeed {
    fn below(self) -> ValueSeed {
        ValueSeed {
            depth: self.depth + 1,
        }
    }

    fn check_depth<E: de::Error>(self) -> Result<(), E> {
        if self.depth > MAX_DEPTH {
            Err(E::custom(format_args!(
                "JSON nested deeper than {MAX_DEPTH} levels"
            )))
        } else {
            Ok(())
        }
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.to_string().into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.to_string().into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value, E> {
        if !n.is_finite() {
            return Err(E::custom("JSON has no NaN or infinity"));
        }
        // `{}` prints the shortest text that reads back as the same f64,
        // with no exponent: always a valid JSON number.
        Ok(Value::Number(format!("{n}").into()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.check_depth()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.below())? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.check_depth()?;
        let mut entries: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self.below())?;
            // The last duplicate wins, in the first one's place, as in `json::parse`.
            match entries.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key, value)),
            }
        }
        Ok(Value::Object(entries))
    }
}

impl Serialize for CandidateIngestRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Absent optional fields are left out, as in the request body.
        let fields = 2
            + usize::from(self.phone_number.is_some())
            + usize::from(self.metadata.is_some())
            + usize::from(self.data.is_some());
        let mut out = serializer.serialize_struct("CandidateIngestRequest", fields)?;
        out.serialize_field("name", &self.name)?;
        out.serialize_field("email", &self.email)?;
        if let Some(phone) = &self.phone_number {
            out.serialize_field("phone_number", phone)?;
        }
        if let Some(metadata) = &self.metadata {
            out.serialize_field("metadata", &Entries(metadata))?;
        }
        if let Some(data) = &self.data {
            out.serialize_field("data", &Entries(data))?;
        }
        out.end()
    }
}

/// Object entries kept in order, serialized as a map.
struct Entries<'a, V>(&'a [(String, V)]);

impl<V: Serialize> Serialize for Entries<'_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_entries(self.0, serializer)
    }
}

/// Deserializing validates, with no default country (a phone number must
/// then carry `+`; validate with [`crate::validate_candidate_json`] to pass
/// one). The error lists every issue.
impl<'de> Deserialize<'de> for CandidateIngestRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        validate_candidate(&value, ValidateOptions::default())
            .into_result()
            .map_err(de::Error::custom)
    }
}

/// `Serialize` for a typed response: the value of the JSON its
/// [`WriteJson`] writes, so serde and [`crate::api::responses::encode`] agree.
pub(crate) fn serialize_written<T, S>(typed: &T, serializer: S) -> Result<S::Ok, S::Error>
where
    T: WriteJson + ?Sized,
    S: Serializer,
{
    let mut text = String::new();
    typed.write_json(&mut text);
    let document = json::parse(text.as_bytes()).map_err(serde::ser::Error::custom)?;
    document.value.serialize(serializer)
}

/// `Deserialize` for a typed response: read as a [`Value`], then decoded by
/// its [`FromJson`], so serde and [`crate::api::responses::decode`] agree.
pub(crate) fn deserialize_decoded<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: FromJson,
    D: Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    T::from_json(&value).map_err(de::Error::custom)
}
