//! What a successful ingest tells the caller by default: the least a form
//! needs to go on (confirm, or send the applicant to their interview), and
//! nothing HeyMilo knows about the candidate (score, status, workflow, agent
//! summary, metadata, data). Anyone on the internet can call a public form
//! endpoint, so its answers are written for anyone.
//!
//! The receipts keep HeyMilo's envelope (`{"data": …}`), so a client that
//! reads HeyMilo's answers reads them too:
//!
//! - single: `object`, `interview_id`, `interview_url`, `posting_id`;
//! - bulk: per row `object`, `interview_id`, `interview_url`;
//! - async and bulk async: `object`, `ingestion_id`, `status` (the job, no candidate).
//!
//! The honeypot's fake answer is written by the same code from made-up ids,
//! so it cannot be told apart by its shape.
//!
//! Only the relayed fields are checked (strings, required ones present, as
//! in `crate::responses`' types), not the whole answer: the rest is dropped
//! anyway, and the full shape interpreter would cost the edge Worker's wasm
//! several kilobytes.

use crate::api::Endpoint;
use crate::json::{self, write_string, Value};

/// Where the made-up interview URLs of the honeypot's answers point.
const FAKE_INTERVIEW_BASE: &str = "https://candidates.heymilo.io/i/";

/// A field of a receipt and its value when HeyMilo leaves it out (the
/// contract's default; `None`: required).
type Field = (&'static str, Option<&'static str>);

const SINGLE: [Field; 4] = [
    ("object", Some("candidate")),
    ("interview_id", None),
    ("interview_url", None),
    ("posting_id", None),
];
const BULK_ROW: [Field; 3] = [
    ("object", Some("candidate")),
    ("interview_id", None),
    ("interview_url", None),
];
const JOB: [Field; 3] = [
    ("object", Some("ingestion")),
    ("ingestion_id", None),
    ("status", Some("queued")),
];

/// The minimal receipt of HeyMilo's 2xx answer `body` for `endpoint`, or
/// `None` when it does not hold one (not JSON, no `data`, a required field
/// missing or not a string).
pub(super) fn minimal(endpoint: Endpoint, body: &[u8]) -> Option<String> {
    let value = json::parse(body).ok()?.value;
    let data = value.get("data")?;
    let row = |out: &mut String, fields: &[Field], row: &Value| match row {
        Value::Object(_) => write_fields(out, fields, |key| row.get(key).and_then(Value::as_str)),
        _ => None,
    };
    let mut out = String::with_capacity(256);
    out.push_str("{\"data\":");
    match (endpoint, data) {
        (Endpoint::Bulk, Value::Array(rows)) => {
            out.push('[');
            for (i, each) in rows.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                row(&mut out, &BULK_ROW, each)?;
            }
            out.push(']');
        }
        (Endpoint::Bulk, _) => return None,
        (Endpoint::Single, data) => row(&mut out, &SINGLE, data)?,
        (_, data) => row(&mut out, &JOB, data)?,
    }
    out.push('}');
    Some(out)
}

/// The honeypot's answer: a minimal receipt for `rows` made-up candidates
/// (one for the single routes) with ids drawn from `seed`.
pub(super) fn fake(endpoint: Endpoint, posting_id: &str, rows: usize, seed: u64) -> String {
    let mut ids = Ids(seed);
    let mut out = String::with_capacity(160);
    out.push_str("{\"data\":");
    let mut row = |out: &mut String, fields: &[Field]| {
        let interview_id = ids.hex(16, true);
        let interview_url = format!("{FAKE_INTERVIEW_BASE}{interview_id}");
        let ingestion_id = format!("intake_{}", ids.hex(12, false));
        // Every field has a value or a default: this cannot fail.
        let _ = write_fields(out, fields, |key| match key {
            "interview_id" => Some(interview_id.as_str()),
            "interview_url" => Some(interview_url.as_str()),
            "posting_id" => Some(posting_id),
            "ingestion_id" => Some(ingestion_id.as_str()),
            _ => None,
        });
    };
    match endpoint {
        Endpoint::Single => row(&mut out, &SINGLE),
        Endpoint::Bulk => {
            out.push('[');
            for i in 0..rows.max(1) {
                if i > 0 {
                    out.push(',');
                }
                row(&mut out, &BULK_ROW);
            }
            out.push(']');
        }
        Endpoint::SingleAsync | Endpoint::BulkAsync => row(&mut out, &JOB),
    }
    out.push('}');
    out
}

/// Writes `{"field": value, …}`; a field `value_of` has no value for takes
/// its default; `None` when a field has neither (a required field is missing).
fn write_fields<'v>(
    out: &mut String,
    fields: &[Field],
    value_of: impl Fn(&str) -> Option<&'v str>,
) -> Option<()> {
    out.push('{');
    for (i, (key, default)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, key);
        out.push(':');
        write_string(out, value_of(key).or(*default)?);
    }
    out.push('}');
    Some(())
}

/// Made-up ids shaped like HeyMilo's, from a seed (splitmix64).
struct Ids(u64);

impl Ids {
    fn hex(&mut self, digits: usize, upper: bool) -> String {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let text = if upper {
            format!("{z:016X}")
        } else {
            format!("{z:016x}")
        };
        text[..digits.min(16)].to_owned()
    }
}
