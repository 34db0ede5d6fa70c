//! The part after the @-sign, as `email_validator.syntax.validate_email_domain_name`
//! checks it with `globally_deliverable=True, test_environment=False`: characters,
//! UTS #46 mapping, dot/hyphen rules, IDNA 2008 labels (`idna.alabel`/`ulabel`),
//! lengths, a period and a letter-final top-level domain, special-use names, and
//! the Unicode round trip of domains containing `xn--` labels.

use super::unicode::{self, Bidi, Script};
use super::{contains_ascii, punycode, EmailError};

/// Longest domain, in characters before and in octets after IDNA encoding.
const DOMAIN_MAX_LENGTH: usize = 253;
/// Longest label, in octets (RFC 1035).
const LABEL_MAX_LENGTH: usize = 63;
/// `email_validator.SPECIAL_USE_DOMAIN_NAMES` (2.4.0): these and their subdomains are rejected.
const SPECIAL_USE_DOMAIN_NAMES: [&str; 6] =
    ["arpa", "invalid", "local", "localhost", "onion", "test"];

/// A valid domain: its IDNA ASCII form and its normalized (Unicode) form.
pub(super) struct Domain {
    /// IDNA ASCII form (what is length-checked).
    pub(super) ascii: String,
    /// Normalized form: lower-cased, `xn--` labels decoded.
    pub(super) unicode: String,
}

/// Validates a non-empty domain that is not a bracketed literal.
pub(super) fn validate(domain: &str) -> Result<Domain, EmailError> {
    if domain.len() > DOMAIN_MAX_LENGTH && crate::json::code_points(domain) > DOMAIN_MAX_LENGTH {
        return Err(EmailError::DomainTooLong);
    }
    // ATEXT_HOSTNAME_INTL and check_unsafe_chars on the input, then the UTS #46
    // mapping (idna.uts46_remap, std3_rules=False, non-transitional) restricted
    // to the mappings we model; other characters are kept, and rejected below
    // unless they are valid IDNA 2008.
    let mut mapped: Vec<char> = Vec::with_capacity(domain.len());
    for (i, c) in domain.chars().enumerate() {
        if c.is_ascii() {
            if !(c.is_ascii_alphanumeric() || c == '-' || c == '.') {
                return Err(EmailError::DomainInvalidCharacters);
            }
            mapped.push(c.to_ascii_lowercase());
        } else {
            let class = unicode::class(c);
            if class.rejected() || (i == 0 && class.is_mark()) {
                return Err(EmailError::DomainInvalidCharacters);
            }
            if !unicode::ignored(c) {
                mapped.push(unicode::map(c).unwrap_or(c));
            }
        }
    }
    // uts46_remap ends with NFC; email-validator then checks the characters
    // again (U+1FEF GREEK VARIA becomes a backtick, which is not allowed).
    let all_ascii = is_ascii(&mapped);
    if !all_ascii {
        mapped = unicode::nfc(&mapped);
        for c in &mut mapped {
            if c.is_ascii() {
                if !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.') {
                    return Err(EmailError::DomainInvalidCharacters);
                }
                c.make_ascii_lowercase();
            }
        }
    }
    check_dots_and_hyphens(&mapped)?;
    for label in mapped.split(|&c| c == '.') {
        if let [a, b, '-', '-', ..] = label {
            if (*a, *b) != ('x', 'n') {
                return Err(EmailError::DomainReservedHyphens);
            }
        }
    }
    // An all-ASCII domain is used as is; otherwise every label goes through
    // idna.alabel. (Labels are lower-case from here on.)
    let mut ascii = String::with_capacity(mapped.len() * 2);
    for label in mapped.split(|&c| c == '.') {
        if !ascii.is_empty() {
            ascii.push('.');
        }
        if is_ascii(label) {
            if !all_ascii {
                ulabel(label, &mut Vec::new())?;
            }
            if label.len() > LABEL_MAX_LENGTH {
                return Err(EmailError::DomainLabelTooLong);
            }
            for &c in label {
                ascii.push(c);
            }
        } else {
            check_label(label)?;
            let encoded = punycode::encode(label).ok_or(EmailError::DomainInvalidIdna)?;
            if encoded.len() + 4 > LABEL_MAX_LENGTH {
                return Err(EmailError::DomainLabelTooLong);
            }
            ascii.push_str("xn--");
            ascii.push_str(&encoded);
        }
    }
    if ascii.len() > DOMAIN_MAX_LENGTH {
        return Err(EmailError::DomainTooLong);
    }
    let bytes = ascii.as_bytes();
    if !bytes.contains(&b'.') {
        return Err(EmailError::DomainNoPeriod);
    }
    if !bytes.last().is_some_and(u8::is_ascii_alphabetic) {
        return Err(EmailError::DomainInvalidTopLevel);
    }
    for name in &SPECIAL_USE_DOMAIN_NAMES {
        let name = name.as_bytes();
        let dot = bytes
            .len()
            .checked_sub(name.len() + 1)
            .and_then(|i| bytes.get(i));
        if bytes.ends_with(name) && (bytes.len() == name.len() || dot == Some(&b'.')) {
            return Err(EmailError::DomainSpecialUse);
        }
    }
    if !contains_ascii(&ascii, b"xn--") {
        let unicode = ascii.clone();
        return Ok(Domain { ascii, unicode });
    }
    // idna.decode of the ASCII form, then the checks email-validator repeats on
    // the Unicode form. Labels that were Unicode in `mapped` are their own
    // decoding (Punycode is a bijection) and were checked by alabel already;
    // ASCII labels are decoded (`xn--`) and checked here. (The final idna.encode
    // of the Unicode form cannot fail once these pass: re-encoding a decoded
    // label never makes it longer.)
    let mut decoded: Vec<char> = Vec::with_capacity(mapped.len());
    for label in mapped.split(|&c| c == '.') {
        if !decoded.is_empty() {
            decoded.push('.');
        }
        if is_ascii(label) {
            ulabel(label, &mut decoded)?;
        } else {
            decoded.extend_from_slice(label);
        }
    }
    let mut normalized = String::with_capacity(ascii.len() * 2);
    let mut any_rtl = false;
    for (i, &c) in decoded.iter().enumerate() {
        if !c.is_ascii() {
            let class = unicode::class(c);
            if class.rejected() || (i == 0 && class.is_mark()) {
                return Err(EmailError::DomainInvalidCharacters);
            }
            any_rtl |= matches!(unicode::bidi(c), Bidi::Rtl | Bidi::An);
        }
        normalized.push(c);
    }
    // If any label is right-to-left, the bidi rule applies to every label.
    if any_rtl
        && !decoded
            .split(|&c| c == '.')
            .all(|label| bidi_ok(label, true))
    {
        return Err(EmailError::DomainInvalidIdna);
    }
    Ok(Domain {
        ascii,
        unicode: normalized,
    })
}

/// Whether every character is ASCII.
fn is_ascii(chars: &[char]) -> bool {
    chars.iter().all(char::is_ascii)
}

/// `check_dot_atom(..., is_hostname=True)`.
fn check_dots_and_hyphens(domain: &[char]) -> Result<(), EmailError> {
    let has_pair = |a: char, b: char| {
        domain
            .windows(2)
            .any(|w| matches!(w, [x, y] if *x == a && *y == b))
    };
    if domain.last() == Some(&'.') {
        Err(EmailError::DomainEndsWithPeriod)
    } else if domain.first() == Some(&'.') {
        Err(EmailError::DomainStartsWithPeriod)
    } else if has_pair('.', '.') {
        Err(EmailError::DomainConsecutivePeriods)
    } else if domain.last() == Some(&'-') {
        Err(EmailError::DomainEndsWithHyphen)
    } else if domain.first() == Some(&'-') {
        Err(EmailError::DomainStartsWithHyphen)
    } else if has_pair('.', '-') || has_pair('-', '.') {
        Err(EmailError::DomainPeriodNextToHyphen)
    } else {
        Ok(())
    }
}

/// `idna.ulabel` of a lower-case ASCII label: decodes `xn--` labels, checks
/// the result, and appends it to `out`.
fn ulabel(label: &[char], out: &mut Vec<char>) -> Result<(), EmailError> {
    if let ['x', 'n', '-', '-', rest @ ..] = label {
        if rest.is_empty() || rest.last() == Some(&'-') {
            return Err(EmailError::DomainInvalidIdna);
        }
        let chars = punycode::decode(rest).ok_or(EmailError::DomainInvalidIdna)?;
        check_label(&chars)?;
        out.extend_from_slice(&chars);
    } else {
        check_label(label)?;
        out.extend_from_slice(label);
    }
    Ok(())
}

/// `idna.check_label`: NFC, hyphens, initial combining mark, IDNA 2008 code
/// point classes (PVALID, CONTEXTO; CONTEXTJ characters never get this far), bidi.
fn check_label(label: &[char]) -> Result<(), EmailError> {
    let (Some(&first), Some(&last)) = (label.first(), label.last()) else {
        return Err(EmailError::DomainInvalidIdna);
    };
    if !label.iter().all(char::is_ascii) && unicode::nfc(label) != label {
        return Err(EmailError::NotNormalized);
    }
    if label.get(2) == Some(&'-') && label.get(3) == Some(&'-') {
        return Err(EmailError::DomainReservedHyphens);
    }
    if first == '-' {
        return Err(EmailError::DomainStartsWithHyphen);
    }
    if last == '-' {
        return Err(EmailError::DomainEndsWithHyphen);
    }
    if !first.is_ascii() && unicode::class(first).is_mark() {
        return Err(EmailError::DomainInvalidIdna);
    }
    for (pos, &c) in label.iter().enumerate() {
        let ok = if c.is_ascii() {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
        } else {
            match contexto_ok(label, pos, c) {
                Some(ok) => ok,
                None => unicode::domain_valid(c),
            }
        };
        if !ok {
            return Err(EmailError::DomainInvalidIdna);
        }
    }
    if !bidi_ok(label, false) {
        return Err(EmailError::DomainInvalidIdna);
    }
    Ok(())
}

/// `idna.core.valid_contexto`; `None` when `c` is not a CONTEXTO code point.
fn contexto_ok(label: &[char], pos: usize, c: char) -> Option<bool> {
    let prev = pos.checked_sub(1).and_then(|p| label.get(p)).copied();
    let next = label.get(pos + 1).copied();
    let arabic_indic = |x: &char| matches!(x, '\u{660}'..='\u{669}');
    let extended_arabic_indic = |x: &char| matches!(x, '\u{6f0}'..='\u{6f9}');
    Some(match c {
        '\u{b7}' => prev == Some('l') && next == Some('l'),
        '\u{375}' => next.is_some_and(|n| unicode::in_script(n, Script::Greek)),
        '\u{5f3}' | '\u{5f4}' => prev.is_some_and(|p| unicode::in_script(p, Script::Hebrew)),
        '\u{30fb}' => label
            .iter()
            .any(|&x| x != '\u{30fb}' && unicode::in_script(x, Script::KanaHan)),
        '\u{660}'..='\u{669}' => !label.iter().any(extended_arabic_indic),
        '\u{6f0}'..='\u{6f9}' => !label.iter().any(arabic_indic),
        _ => return None,
    })
}

/// `idna.check_bidi` (RFC 5893). Characters whose bidi class we do not model
/// make a label that the rules apply to invalid.
fn bidi_ok(label: &[char], check_ltr: bool) -> bool {
    if !check_ltr
        && !label
            .iter()
            .any(|&c| matches!(unicode::bidi(c), Bidi::Rtl | Bidi::An))
    {
        return true;
    }
    let mut rtl = false;
    let mut valid_ending = false;
    let mut number_type: Option<Bidi> = None;
    for (i, &c) in label.iter().enumerate() {
        let b = unicode::bidi(c);
        if i == 0 {
            // Rule 1: the first character is strong.
            rtl = match b {
                Bidi::Rtl => true,
                Bidi::L => false,
                _ => return false,
            };
        }
        // Rules 2 and 5: the classes allowed in each direction.
        let allowed = match b {
            Bidi::Unknown => false,
            Bidi::L => !rtl,
            Bidi::Rtl | Bidi::An => rtl,
            Bidi::En | Bidi::Nsm | Bidi::Neutral => true,
        };
        if !allowed {
            return false;
        }
        // Rule 4: a right-to-left label does not mix European and Arabic-Indic digits.
        if rtl && matches!(b, Bidi::An | Bidi::En) && *number_type.get_or_insert(b) != b {
            return false;
        }
        // Rules 3 and 6: the label ends with a strong character or a digit,
        // possibly followed by non-spacing marks.
        match b {
            Bidi::Nsm => {}
            Bidi::Rtl | Bidi::An | Bidi::L | Bidi::En => valid_ending = true,
            _ => valid_ending = false,
        }
    }
    valid_ending
}
