//! The cost of validating a few email addresses natively, among them the
//! expensive ones of finding F6 in RELIABILITY.md (punycode labels that decode
//! to characters far into the Unicode tables of `src/email`).
//!
//! ```sh
//! cargo run --release --example email_cost
//! ```
//!
//! Prints the best of five rounds of at least 200 ms, in microseconds per
//! address, and the same for a 64 KiB bulk body of each address. A
//! measurement, never a test: it asserts nothing about time.

use heymilo_ingest::{normalize_email, validate_candidates_json, ValidateOptions};
use std::hint::black_box;
use std::time::Instant;

/// Best of five rounds of at least 200 ms: microseconds per call of `f`.
fn micros_per_call(mut f: impl FnMut()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let started = Instant::now();
        let mut calls = 0u64;
        while started.elapsed().as_millis() < 200 {
            f();
            calls += 1;
        }
        best = best.min(started.elapsed().as_secs_f64() * 1e6 / calls as f64);
    }
    best
}

fn main() {
    let only = std::env::args().nth(1).unwrap_or_default();
    // 30 CJK Extension B characters in 60 ASCII bytes, a label as far into
    // the tables as a long one gets.
    let plane2: String = (0..30)
        .map(|i| char::from_u32(0x2A6D6 - i * 3).unwrap())
        .collect();
    let plane2 = format!("xn--{}", punycode(&plane2));
    // As many Latin letters as the F6 address has CJK characters.
    let latin = |n: u32| {
        format!(
            "xn--{}",
            punycode(
                &(0..n)
                    .map(|i| char::from_u32(0xE0 + i).unwrap())
                    .collect::<String>()
            )
        )
    };
    let addresses = [
        "ada.lovelace@mail.example-domain.com".to_owned(),
        "a@xn--bcher-kva.com".to_owned(),
        format!("b@{}.{}.com", latin(22), latin(16)),
        // The F6 address of tests/fuzz_regressions.rs (22 and 16 CJK characters).
        "b@xn--K2K8KKKIKKKCKK2KKKKIKKKCKKKKK.xn--K2K8KKKIKKKCKK2KKKKIKKK.com".to_owned(),
        format!("b@{plane2}.{plane2}.com"),
        // Too long once decoded (360 octets), but only found so after the lookups.
        format!("b@{plane2}.{plane2}.{plane2}.com"),
    ];
    for address in addresses.iter().filter(|a| a.contains(&only)) {
        let outcome = match normalize_email(address) {
            Ok(_) => "valid".to_owned(),
            Err(e) => format!("{e:?}"),
        };
        let one = micros_per_call(|| {
            let _ = black_box(normalize_email(black_box(address)));
        });
        let row = format!(r#"{{"name":"A","email":"{address}"}}"#);
        let rows = 65_536 / (row.len() + 1);
        let body = format!("[{}]", vec![row.as_str(); rows].join(","));
        let bulk = micros_per_call(|| {
            let _ = black_box(validate_candidates_json(
                black_box(body.as_bytes()),
                ValidateOptions::default(),
            ));
        });
        println!(
            "{:>9.2} µs per address, {:>9.0} µs per 64 KiB body ({rows} rows); {outcome}: {address}",
            one, bulk
        );
    }
}

/// RFC 3492 punycode encoding (lower case), enough for this example.
fn punycode(input: &str) -> String {
    const BASE: u32 = 36;
    let chars: Vec<u32> = input.chars().map(u32::from).collect();
    let mut out: String = input.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    if basic > 0 {
        out.push('-');
    }
    let digit = |d: u32| {
        char::from(if d < 26 {
            b'a' + d as u8
        } else {
            b'0' + (d - 26) as u8
        })
    };
    let adapt = |mut delta: u32, points: u32, first: bool| {
        delta /= if first { 700 } else { 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - 1) * 26) / 2 {
            delta /= BASE - 1;
            k += BASE;
        }
        k + (BASE * delta) / (delta + 38)
    };
    let (mut n, mut delta, mut bias, mut handled) = (128u32, 0u32, 72u32, basic);
    while (handled as usize) < chars.len() {
        let m = *chars.iter().filter(|&&c| c >= n).min().unwrap();
        delta += (m - n) * (handled + 1);
        n = m;
        for &c in &chars {
            if c < n {
                delta += 1;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        1
                    } else if k >= bias + 26 {
                        26
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    out
}
