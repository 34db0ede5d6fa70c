//! Checks `heymilo_ingest::email` against Python's email-validator, whose verdicts
//! `scripts/email/gen_corpus.py` recorded by running it:
//! - `tests/data/email-corpus.tsv`: hand-picked addresses; every one must agree
//!   (valid or not, the normalized form, and the `too_long` code), except the
//!   listed known differences, which email-validator accepts and we must reject;
//! - `tests/data/email-codepoints.tsv`: every code point in four addresses; we
//!   must never accept what email-validator rejects nor normalize differently,
//!   and may only reject (a documented approximation) what it accepts.

use heymilo_ingest::normalize_email;
use std::path::PathBuf;

fn data(name: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "data", name]
        .iter()
        .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Undoes the generator's escapes: `\\`, `\t`, `\n`, `\r`, `\u{hex}`.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('u') => {
                assert_eq!(chars.next(), Some('{'), "bad escape in {s:?}");
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let cp = u32::from_str_radix(&hex, 16).expect("hex escape");
                out.push(char::from_u32(cp).expect("scalar value"));
            }
            other => panic!("bad escape {other:?} in {s:?}"),
        }
    }
    out
}

#[test]
fn email_corpus_agrees_with_email_validator() {
    let text = data("email-corpus.tsv");
    let mut failures = Vec::new();
    let (mut total, mut agree, mut known) = (0, 0, 0);
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let [valid, code, known_difference, address, normalized] = fields[..] else {
            panic!("malformed line {line:?}");
        };
        total += 1;
        let address = unescape(address);
        let expected = unescape(normalized);
        let ours = normalize_email(&address);
        if known_difference == "1" {
            match ours {
                Err(_) => known += 1,
                Ok(n) => failures.push(format!(
                    "{address:?}: listed as a known difference but now accepted as {n:?}; update KNOWN_DIFFERENCES"
                )),
            }
            continue;
        }
        match (valid == "1", ours) {
            (true, Ok(n)) if n == expected => agree += 1,
            (true, Ok(n)) => failures.push(format!(
                "{address:?}: normalized to {n:?}, email-validator gives {expected:?}"
            )),
            (true, Err(e)) => failures.push(format!(
                "{address:?}: rejected ({e:?}), email-validator accepts it as {expected:?}"
            )),
            (false, Ok(n)) => failures.push(format!(
                "{address:?}: accepted as {n:?}, email-validator rejects it"
            )),
            (false, Err(e)) => {
                let length_only = e.code() == "too_long" && address.len() > 254;
                if (code == "too_long") == (e.code() == "too_long") || length_only {
                    agree += 1;
                } else {
                    failures.push(format!(
                        "{address:?}: code {:?} ({e:?}), email-validator's error is a {code} one",
                        e.code()
                    ));
                }
            }
        }
    }
    println!("email corpus: {agree}/{total} agree, {known} known differences (rejected here)");
    assert!(total >= 80, "corpus too small: {total}");
    assert!(
        failures.is_empty(),
        "{} of {total} cases disagree with email-validator:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn email_codepoint_sweep_never_accepts_more() {
    let text = data("email-codepoints.tsv");
    let templates: Vec<String> = text
        .lines()
        .find_map(|l| l.strip_prefix("# templates: "))
        .expect("templates line")
        .split("  ")
        .map(str::to_owned)
        .collect();
    assert_eq!(templates.len(), 4);
    let mut failures = Vec::new();
    let mut checked = 0u64;
    let mut rejected_here = [0u64; 4];
    let mut accepted_there = [0u64; 4];
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(span), Some(status)) = (fields.first(), fields.get(1)) else {
            panic!("malformed line {line:?}");
        };
        let (first, last) = span.split_once('-').unwrap_or((span, span));
        let first = u32::from_str_radix(first, 16).expect("hex");
        let last = u32::from_str_radix(last, 16).expect("hex");
        let extras: Vec<String> = fields.iter().skip(2).map(|f| unescape(f)).collect();
        let mut extra = extras.iter().cycle().cloned();
        // None: invalid; Some(None): valid, unchanged; Some(Some(s)): valid, normalized
        // to the template with `s` in place of {} (or to `s` without its `!`).
        let expected: Vec<Option<Option<String>>> = status
            .chars()
            .map(|s| match s {
                '-' => None,
                '=' => Some(None),
                'm' => Some(Some(extra.next().expect("normalized form for m"))),
                other => panic!("bad status {other:?}"),
            })
            .collect();
        // Long uniform runs are sampled (ends and every 61st); short ones fully.
        let step = if last - first > 64 { 61 } else { 1 };
        let mut cps: Vec<u32> = (first..=last).step_by(step).collect();
        cps.push(last);
        for cp in cps {
            let Some(ch) = char::from_u32(cp) else {
                continue;
            };
            checked += 1;
            for (i, (template, want)) in templates.iter().zip(&expected).enumerate() {
                let address = template.replace("{}", ch.encode_utf8(&mut [0; 4]));
                let ours = normalize_email(&address);
                match (want, ours) {
                    (None, Ok(n)) => failures.push(format!(
                        "U+{cp:04X} in {template}: accepted as {n:?}, email-validator rejects it"
                    )),
                    (None, Err(_)) => {}
                    (Some(_), Err(_)) => {
                        accepted_there[i] += 1;
                        rejected_here[i] += 1;
                    }
                    (Some(w), Ok(n)) => {
                        accepted_there[i] += 1;
                        let w = match w {
                            None => address.clone(),
                            Some(w) => match w.strip_prefix('!') {
                                Some(whole) => whole.to_owned(),
                                None => template.replace("{}", w),
                            },
                        };
                        if n != w {
                            failures.push(format!(
                                "U+{cp:04X} in {template}: normalized to {n:?}, email-validator gives {w:?}"
                            ));
                        }
                    }
                }
            }
        }
    }
    for (i, template) in templates.iter().enumerate() {
        println!(
            "{template}: email-validator accepts {} sampled code points, {} of them rejected here",
            accepted_there[i], rejected_here[i]
        );
    }
    println!("{checked} code points checked");
    let shown: Vec<&String> = failures.iter().take(200).collect();
    assert!(
        failures.is_empty(),
        "{} disagreements (first 200):\n{}",
        failures.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
