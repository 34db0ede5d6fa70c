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
    let input: Vec<char> = domain.chars().collect();
    if input.len() > DOMAIN_MAX_LENGTH {
        return Err(EmailError::DomainTooLong);
    }
    // ATEXT_HOSTNAME_INTL and check_unsafe_chars on the input, then the UTS #46
    // mapping (idna.uts46_remap, std3_rules=False, non-transitional) restricted
    // to the mappings we model; other characters are kept, and rejected below
    // unless they are valid IDNA 2008.
    let mut mapped: Vec<char> = Vec::with_capacity(input.len());
    for (i, &c) in input.iter().enumerate() {
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
    // uts46_remap ends with NFC; we only accept what is already NFC.
    if !unicode::is_nfc(mapped.iter().copied()) {
        return Err(EmailError::NotNormalized);
    }
    check_dots_and_hyphens(&mapped)?;
    let labels: Vec<&[char]> = mapped.split(|&c| c == '.').collect();
    for label in &labels {
        if let [a, b, '-', '-', ..] = label {
            if (*a, *b) != ('x', 'n') {
                return Err(EmailError::DomainReservedHyphens);
            }
        }
    }
    // An all-ASCII domain is used as is; otherwise every label goes through
    // idna.alabel.
    let all_ascii = mapped.iter().all(char::is_ascii);
    let mut ascii = String::with_capacity(mapped.len() * 2);
    for (i, label) in labels.iter().enumerate() {
        if i > 0 {
            ascii.push('.');
        }
        if label.iter().all(char::is_ascii) {
            if !all_ascii {
                ulabel(label)?;
                if label.len() > LABEL_MAX_LENGTH {
                    return Err(EmailError::DomainLabelTooLong);
                }
            }
            ascii.extend(label.iter());
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
    if ascii.split('.').any(|label| label.len() > LABEL_MAX_LENGTH) {
        return Err(EmailError::DomainLabelTooLong);
    }
    if !ascii.bytes().any(|b| b == b'.') {
        return Err(EmailError::DomainNoPeriod);
    }
    if !ascii
        .bytes()
        .last()
        .is_some_and(|b| b.is_ascii_alphabetic())
    {
        return Err(EmailError::DomainInvalidTopLevel);
    }
    for name in SPECIAL_USE_DOMAIN_NAMES {
        if ascii == name
            || ascii
                .strip_suffix(name)
                .is_some_and(|rest| rest.ends_with('.'))
        {
            return Err(EmailError::DomainSpecialUse);
        }
    }
    if !contains_ascii(&ascii, b"xn--") {
        return Ok(Domain {
            unicode: ascii.clone(),
            ascii,
        });
    }
    // idna.decode, then the checks email-validator repeats on the Unicode form.
    // (Its final idna.encode of that form cannot fail once these pass: every
    // label was checked by ulabel, and re-encoding never makes a label longer,
    // since a decoded label has only one Punycode encoding or a shorter one.)
    let mut normalized = String::with_capacity(ascii.len() * 2);
    let mut decoded: Vec<char> = Vec::with_capacity(ascii.len());
    for (i, label) in ascii.split('.').enumerate() {
        let chars: Vec<char> = label.chars().collect();
        let label = ulabel(&chars)?;
        if i > 0 {
            decoded.push('.');
        }
        decoded.extend(label);
    }
    for (i, &c) in decoded.iter().enumerate() {
        if !c.is_ascii() {
            let class = unicode::class(c);
            if class.rejected() || (i == 0 && class.is_mark()) {
                return Err(EmailError::DomainInvalidCharacters);
            }
        }
        normalized.push(c);
    }
    // If any label is right-to-left, the bidi rule applies to every label.
    if decoded
        .iter()
        .any(|&c| matches!(unicode::bidi(c), Bidi::Rtl | Bidi::An))
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

/// `check_dot_atom(..., is_hostname=True)`.
fn check_dots_and_hyphens(domain: &[char]) -> Result<(), EmailError> {
    let has_pair = |a: char, b: char| domain.windows(2).any(|w| w == [a, b]);
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

/// `idna.ulabel` of an ASCII label: decodes `xn--` labels; checks every label.
fn ulabel(label: &[char]) -> Result<Vec<char>, EmailError> {
    let lower: Vec<char> = label.iter().map(char::to_ascii_lowercase).collect();
    let chars = match lower.as_slice() {
        ['x', 'n', '-', '-', rest @ ..] => {
            if rest.is_empty() || rest.last() == Some(&'-') {
                return Err(EmailError::DomainInvalidIdna);
            }
            let rest: String = rest.iter().collect();
            punycode::decode(&rest).ok_or(EmailError::DomainInvalidIdna)?
        }
        _ => lower,
    };
    check_label(&chars)?;
    Ok(chars)
}

/// `idna.check_label`: NFC, hyphens, initial combining mark, IDNA 2008 code
/// point classes (PVALID, CONTEXTO; CONTEXTJ characters never get this far), bidi.
fn check_label(label: &[char]) -> Result<(), EmailError> {
    let (Some(&first), Some(&last)) = (label.first(), label.last()) else {
        return Err(EmailError::DomainInvalidIdna);
    };
    if !unicode::is_nfc(label.iter().copied()) {
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
    let arabic_indic = |x: &char| ('\u{660}'..='\u{669}').contains(x);
    let extended_arabic_indic = |x: &char| ('\u{6f0}'..='\u{6f9}').contains(x);
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
    let classes: Vec<Bidi> = label.iter().map(|&c| unicode::bidi(c)).collect();
    if !check_ltr && !classes.iter().any(|b| matches!(b, Bidi::Rtl | Bidi::An)) {
        return true;
    }
    let rtl = match classes.first() {
        Some(Bidi::Rtl) => true,
        Some(Bidi::L) => false,
        _ => return false,
    };
    let mut valid_ending = false;
    let mut number_type: Option<Bidi> = None;
    for &b in &classes {
        let allowed = match b {
            Bidi::Unknown => false,
            Bidi::L => !rtl,
            Bidi::Rtl | Bidi::An => rtl,
            Bidi::En | Bidi::Nsm | Bidi::Neutral => true,
        };
        if !allowed {
            return false;
        }
        // Rule 4: an RTL label must not mix European and Arabic-Indic digits.
        if rtl && matches!(b, Bidi::An | Bidi::En) && *number_type.get_or_insert(b) != b {
            return false;
        }
        // Rules 3 and 6: the label ends with a strong character or digit,
        // possibly followed by non-spacing marks.
        match b {
            Bidi::Nsm => {}
            Bidi::Rtl | Bidi::An | Bidi::L | Bidi::En => valid_ending = true,
            _ => valid_ending = false,
        }
    }
    valid_ending
}
