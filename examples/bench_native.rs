//! The native reference for `make bench` (see bench/run.mjs and BENCHMARKS.md):
//! validates the payload sets that bench/payloads.mjs wrote (one
//! `JSON.stringify` text per line, exactly what the wasm export receives) and
//! prints one JSON line per measurement on stdout.
//!
//! ```sh
//! cargo run --release --example bench_native -- bench/out/payloads [round_ms] [rounds]
//! ```
//!
//! Each measurement runs `rounds` rounds of at least `round_ms` milliseconds
//! (after one warm-up round) and reports the median nanoseconds per operation,
//! by the wall clock and by this thread's time on a CPU (Linux
//! `/proc/thread-self/schedstat`; the wall figure elsewhere), which leaves out
//! the time other processes held the CPU on a busy machine.
//! It is a benchmark, never a test: it asserts nothing about time.

use heymilo_ingest::{
    accept_plain_candidate, likely_domain_typo, normalize_email, normalize_phone_number,
    parse_json, validate_candidate_json, validate_candidates_json, JsonValue as Value,
    PlainCandidate, ValidateOptions,
};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

const SETS: [&str; 6] = ["phone", "seed", "invalid", "metadata", "bulk", "bulk_meta"];

struct Settings {
    round_ms: u128,
    rounds: usize,
}

/// This thread's time on a CPU in nanoseconds, if the system says.
fn thread_cpu_ns() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Per round: wall and on-CPU nanoseconds per call of `op(i)` for i = 0, 1, 2, …
struct Measured {
    wall: Vec<f64>,
    cpu: Vec<f64>,
}

fn measure(settings: &Settings, mut op: impl FnMut(usize) -> usize) -> Measured {
    let mut i = 0usize;
    let mut sink = 0usize;
    let mut measured = Measured {
        wall: Vec::with_capacity(settings.rounds),
        cpu: Vec::with_capacity(settings.rounds),
    };
    for round in 0..=settings.rounds {
        let cpu_start = thread_cpu_ns();
        let start = Instant::now();
        let mut calls = 0u64;
        loop {
            for _ in 0..8 {
                sink = sink.wrapping_add(op(i));
                i = i.wrapping_add(1);
                calls += 1;
            }
            if start.elapsed().as_millis() >= settings.round_ms {
                break;
            }
        }
        let wall = start.elapsed().as_nanos() as f64 / calls as f64;
        let cpu = match (cpu_start, thread_cpu_ns()) {
            (Some(a), Some(b)) => (b - a) / calls as f64,
            _ => wall,
        };
        if round > 0 {
            // round 0 warms up
            measured.wall.push(wall);
            measured.cpu.push(cpu);
        }
    }
    black_box(sink);
    measured
}

fn report(set: &str, what: &str, measured: Measured) {
    let rounds: Vec<String> = measured.wall.iter().map(|ns| format!("{ns:.1}")).collect();
    println!(
        "{{\"set\":\"{set}\",\"what\":\"{what}\",\"ns_per_op\":{:.1},\"cpu_ns_per_op\":{:.1},\"rounds\":[{}]}}",
        median(&measured.wall),
        median(&measured.cpu),
        rounds.join(",")
    );
}

fn field<'a>(value: &'a Value, name: &str) -> &'a str {
    value.get(name).and_then(Value::as_str).unwrap_or("")
}

/// The string metadata of a candidate as the plain path passes it (`None`
/// when absent or `null`); the sets that carry metadata only have strings.
fn metadata_of(value: &Value) -> Option<Vec<(&str, &str)>> {
    match value.get("metadata")? {
        Value::Object(entries) => Some(
            entries
                .iter()
                .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
                .collect(),
        ),
        _ => None,
    }
}

/// The plain path's input for `value`: the same fields `pkg/src/plain-fields.js`
/// reads, metadata and `data: {}` included, so the native floor does the same work.
fn plain_of<'a>(
    value: &'a Value,
    metadata: Option<&'a [(&'a str, &'a str)]>,
) -> PlainCandidate<'a> {
    PlainCandidate {
        name: field(value, "name"),
        email: field(value, "email"),
        phone_number: value.get("phone_number").and_then(Value::as_str),
        metadata,
        empty_data: matches!(value.get("data"), Some(Value::Object(e)) if e.is_empty()),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().map_or("bench/out/payloads", String::as_str);
    let settings = Settings {
        round_ms: args.get(1).and_then(|a| a.parse().ok()).unwrap_or(300),
        rounds: args.get(2).and_then(|a| a.parse().ok()).unwrap_or(7),
    };
    let options = ValidateOptions::default();

    for set in SETS {
        let path = Path::new(dir).join(format!("{set}.jsonl"));
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("bench_native: cannot read {}: {error}", path.display());
                std::process::exit(2);
            }
        };
        let lines: Vec<&[u8]> = text
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::as_bytes)
            .collect();
        let line = |i: usize| lines.get(i % lines.len()).copied().unwrap_or_default();
        // What the wasm export does: validate the JSON text, answer JSON text.
        let many = set.starts_with("bulk");
        let full = if many {
            measure(&settings, |i| {
                validate_candidates_json(line(i), options).to_json().len()
            })
        } else {
            measure(&settings, |i| {
                validate_candidate_json(line(i), options).to_json().len()
            })
        };
        report(set, "validate+to_json", full);
        if many {
            // What the JS API's plain path runs for the whole list: every row accepted.
            let rows = parse_json(line(0)).map(|d| d.value).ok();
            let rows: &[Value] = match &rows {
                Some(Value::Array(rows)) => rows,
                _ => &[],
            };
            let metadata: Vec<Option<Vec<(&str, &str)>>> = rows.iter().map(metadata_of).collect();
            let rows: Vec<PlainCandidate> = rows
                .iter()
                .zip(&metadata)
                .map(|(v, m)| plain_of(v, m.as_deref()))
                .collect();
            report(
                set,
                "accept_plain_candidate",
                measure(&settings, |_| {
                    rows.iter()
                        .filter_map(|c| accept_plain_candidate(*c, options))
                        .count()
                }),
            );
            continue;
        }
        // Where the time goes, per part.
        report(
            set,
            "json::parse",
            measure(&settings, |i| {
                parse_json(line(i)).map_or(0, |d| d.lone_surrogates.len() + 1)
            }),
        );
        report(
            set,
            "validate (no to_json)",
            measure(&settings, |i| {
                validate_candidate_json(line(i), options).issues.len()
            }),
        );
        let values: Vec<Value> = lines
            .iter()
            .filter_map(|l| parse_json(l).ok())
            .map(|d| d.value)
            .collect();
        let value = |i: usize| values.get(i % values.len());
        // What the JS API's plain path runs for a candidate with only text fields.
        let metadata: Vec<Option<Vec<(&str, &str)>>> = values.iter().map(metadata_of).collect();
        let plain: Vec<PlainCandidate> = values
            .iter()
            .zip(&metadata)
            .map(|(v, m)| plain_of(v, m.as_deref()))
            .collect();
        report(
            set,
            "accept_plain_candidate",
            measure(&settings, |i| {
                plain
                    .get(i % plain.len())
                    .and_then(|c| accept_plain_candidate(*c, options))
                    .map_or(0, |a| a.email.len())
            }),
        );
        let emails: Vec<String> = values
            .iter()
            .map(|v| field(v, "email").trim().to_owned())
            .collect();
        let email = |i: usize| emails.get(i % emails.len()).map_or("", String::as_str);
        report(
            set,
            "normalize_email",
            measure(&settings, |i| {
                normalize_email(email(i)).map_or(0, |e| e.len())
            }),
        );
        let normalized: Vec<String> = emails
            .iter()
            .map(|e| normalize_email(e).unwrap_or_default())
            .collect();
        report(
            set,
            "likely_domain_typo",
            measure(&settings, |i| {
                let e = normalized
                    .get(i % normalized.len())
                    .map_or("", String::as_str);
                likely_domain_typo(e).map_or(0, str::len)
            }),
        );
        if values.iter().any(|v| v.get("phone_number").is_some()) {
            report(
                set,
                "normalize_phone_number",
                measure(&settings, |i| {
                    let raw = value(i).map_or("", |v| field(v, "phone_number"));
                    normalize_phone_number(raw, None).map_or(0, |p| p.len())
                }),
            );
        }
    }
}
