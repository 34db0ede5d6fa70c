//! Email addresses, validated and normalized the way Python's
//! [`email-validator`](https://github.com/JoshData/python-email-validator) 2.4.0
//! does with `validate_email(address, check_deliverability=False)` and its other
//! defaults (not strict, SMTPUTF8 allowed, no quoted local parts, no domain
//! literals, no display names, globally deliverable, not a test environment) —
//! which is what pydantic's `EmailStr` applies on the server.
//!
//! What is checked, in email-validator's order:
//! - the whole address is at most 254 octets (UTF-8) — checked first here, so
//!   huge inputs are rejected without further work — and so are its normalized
//!   form and its form with an IDNA ASCII domain;
//! - the part before the @-sign is a dot-atom: RFC 5322 `atext` plus every
//!   character from U+0080 up, no leading, trailing or doubled period; no quoted
//!   forms; non-ASCII characters must be letters, numbers, punctuation, symbols
//!   or (not first) combining marks. Its length is *not* limited to 64 octets
//!   (email-validator only checks that in strict mode). Then, like
//!   email-validator, it is put in Unicode Normalization Form C (NFC: `e` +
//!   U+0301 becomes `é`, U+212B ANGSTROM SIGN becomes `Å`, U+F900 becomes
//!   U+8C48) and, if that changed it, checked again (U+037E GREEK QUESTION
//!   MARK becomes `;`, which is not allowed). The role names of RFC 2142
//!   (`postmaster`, `info`, …) are lower-cased, like email-validator does;
//! - the domain: at most 253 characters; letters, digits, hyphens, periods and
//!   non-ASCII characters; UTS #46 mapping (lower-casing) and NFC, then the
//!   characters again; no leading, trailing or doubled period, no hyphen at the
//!   start or end of a label, no `--` in the 3rd and 4th position except
//!   `xn--`; each label valid IDNA 2008 (code point classes, contextual rules,
//!   bidi rule, NFC) and at most 63 octets once Punycode-encoded; the ASCII
//!   form at most 253 octets; at least one period; the last character a
//!   letter; not a special-use name (`arpa`, `invalid`, `local`, `localhost`,
//!   `onion`, `test`, or a subdomain of one); `xn--` labels must decode to
//!   valid labels, and the normalized domain is their Unicode form.
//!
//! The Unicode data comes from compact generated tables (`tables.rs`, made by
//! `scripts/email/gen_tables.py` from Python 3.11's `unicodedata`, Unicode
//! 14.0, and `idna` 3.13, Unicode 17.0; sizes are in its header). NFC is, in
//! native builds, the standard algorithm (decomposition, canonical ordering,
//! composition) on those tables: the decompositions of the accepted
//! characters, their combining classes, and the pairs that compose. The wasm
//! builds ask the host instead (`String.prototype.normalize("NFC")`, which
//! every JavaScript engine with Unicode support has): the same answers for
//! every character the rules let through (see `unicode::nfc`), without the
//! tables' 6 KB in the browser bundle. Where the tables stop
//! short, the rules reject rather than accept: `tests/email_corpus.rs`
//! checks, against email-validator's recorded verdicts, hand-picked addresses
//! and every code point in four positions, and finds no address accepted here
//! that email-validator rejects or normalizes differently; the NFC itself is
//! checked against the `unicode-normalization` crate.
//!
//! Known differences — addresses email-validator accepts and this module rejects:
//! - combining marks with a non-zero combining class in rarely used ranges:
//!   Hebrew cantillation, Arabic Quranic signs, U+0700–U+08FF (Syriac, NKo,
//!   Samaritan, Mandaic, Arabic Extended), combining diacritical marks
//!   extended/supplement, Vedic extensions, marks for symbols, half marks, and
//!   the characters that decompose to one of them;
//! - in domains, UTS #46 mappings other than these: a capital letter to its
//!   one-character small letter (`Ü`→`ü`, `ẞ`→`ß`), full-width ASCII letters,
//!   digits, hyphen and full stop, the ideographic full stops (`。`, `｡`), the
//!   removal of ignored characters such as variation selectors, and those that
//!   NFC gives too (U+F900 → U+8C48). Rejected are e.g. ligatures (`ﬁ`), `İ`
//!   (→ `i̇`), superscripts, circled and mathematical letters, Cherokee small
//!   letters, Arabic presentation forms, half-width katakana;
//! - characters of the Supplementary Multilingual Plane other than
//!   U+1F000–U+1FBFF (symbols and emoji, which are valid before the @-sign
//!   only): historic scripts, Adlam, Osage, mathematical alphanumerics, …;
//!   planes 2–3 (CJK) are supported;
//! - characters assigned after Unicode 14.0 (Pythons newer than 3.11 know them);
//! - right-to-left characters outside U+0590–U+08FF in domains; and, in a domain
//!   that contains right-to-left characters, labels with combining marks outside
//!   U+0590–U+08FF (their bidi class is not in the tables).
//!
//! Error codes: any address longer than 254 octets is rejected at once as
//! `too_long`, even where email-validator would first report another problem;
//! otherwise the checks run in email-validator's order, so the failure reported
//! is normally the same kind (`too_long` when email-validator's is a length
//! error), though the wording of the messages is this module's own.
//!
//! A `Name <address>` form is rejected with its own code,
//! `email_display_name` ("enter only the address"), as `validate_email` does
//! with its defaults. pydantic's `EmailStr` would unwrap it on the server and
//! keep only the address; here the form shows the person what is sent
//! instead of dropping the name silently.

mod domain;
mod punycode;
mod tables;
mod typo;
mod unicode;

pub use typo::likely_domain_typo;
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub use unicode::host_nfc_check;

/// Longest address, in UTF-8 octets (RFC 5321 via RFC 3696 errata 1690).
const EMAIL_MAX_LENGTH: usize = 254;

/// RFC 2142 role mailboxes, which email-validator lower-cases.
const CASE_INSENSITIVE_MAILBOX_NAMES: [&str; 15] = [
    "info",
    "marketing",
    "sales",
    "support",
    "abuse",
    "noc",
    "security",
    "postmaster",
    "hostmaster",
    "usenet",
    "news",
    "webmaster",
    "www",
    "uucp",
    "ftp",
];

/// Why an email address was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EmailError {
    /// The address is longer than 254 octets (as given, normalized, or with an
    /// IDNA ASCII domain).
    TooLong,
    /// There is no @-sign.
    NoAtSign,
    /// A full-width (＠) or small (﹫) at-sign was used instead of @.
    LookalikeAtSign,
    /// Nothing before the @-sign.
    EmptyLocalPart,
    /// Nothing after the @-sign.
    EmptyDomain,
    /// `Name <address>` form: the address with a display name or angle brackets.
    DisplayName,
    /// A quoted part before the @-sign (`"john doe"@example.com`).
    QuotedLocalPart,
    /// A character that is not allowed before the @-sign (space, comma, …).
    LocalPartInvalidCharacters,
    /// The address starts with a period.
    LocalPartStartsWithPeriod,
    /// A period right before the @-sign.
    LocalPartEndsWithPeriod,
    /// Two periods in a row before the @-sign.
    LocalPartConsecutivePeriods,
    /// A control, format, space, private-use or unassigned character (or one
    /// this implementation does not support) before the @-sign.
    UnsafeCharacters,
    /// An `xn--` label whose decoded form is not in Unicode Normalization
    /// Form C (IDNA 2008 requires it).
    NotNormalized,
    /// A bracketed IP address after the @-sign.
    DomainLiteral,
    /// A character that is not allowed after the @-sign.
    DomainInvalidCharacters,
    /// A period right after the @-sign.
    DomainStartsWithPeriod,
    /// The address ends with a period.
    DomainEndsWithPeriod,
    /// Two periods in a row after the @-sign.
    DomainConsecutivePeriods,
    /// A hyphen right after the @-sign (or at the start of a label).
    DomainStartsWithHyphen,
    /// The address ends with a hyphen (or a label does).
    DomainEndsWithHyphen,
    /// A period and a hyphen next to each other.
    DomainPeriodNextToHyphen,
    /// `--` in the 3rd and 4th position of a label that is not `xn--`.
    DomainReservedHyphens,
    /// An internationalized label that is not valid IDNA 2008.
    DomainInvalidIdna,
    /// The domain is longer than 253 characters or octets once IDNA-encoded.
    DomainTooLong,
    /// A label of the domain is longer than 63 octets once IDNA-encoded.
    DomainLabelTooLong,
    /// The domain has no period.
    DomainNoPeriod,
    /// The domain does not end with a letter (no valid top-level domain).
    DomainInvalidTopLevel,
    /// A special-use or reserved domain such as `localhost`, `*.test`, `*.local`.
    DomainSpecialUse,
}

impl EmailError {
    /// Stable issue code: "too_long" when the address exceeds the length
    /// limits, "email_display_name" for a `Name <address>` form, otherwise
    /// "invalid_email".
    pub fn code(&self) -> &'static str {
        match self {
            EmailError::TooLong | EmailError::DomainTooLong | EmailError::DomainLabelTooLong => {
                "too_long"
            }
            EmailError::DisplayName => "email_display_name",
            _ => "invalid_email",
        }
    }

    /// Short English sentence a form can show, specific to the failure.
    pub fn message(&self) -> &'static str {
        match self {
            EmailError::TooLong => "The email address is too long.",
            EmailError::NoAtSign => "An email address must have an @-sign.",
            EmailError::LookalikeAtSign => {
                "The email address has a look-alike character instead of a regular at-sign (@)."
            }
            EmailError::EmptyLocalPart => "There must be something before the @-sign.",
            EmailError::EmptyDomain => "There must be something after the @-sign.",
            EmailError::DisplayName => {
                "Enter only the email address, without a name or angle brackets."
            }
            EmailError::QuotedLocalPart => {
                "Quoting the part before the @-sign is not allowed here."
            }
            EmailError::LocalPartInvalidCharacters => {
                "The email address contains invalid characters before the @-sign."
            }
            EmailError::LocalPartStartsWithPeriod => "An email address cannot start with a period.",
            EmailError::LocalPartEndsWithPeriod => {
                "An email address cannot have a period immediately before the @-sign."
            }
            EmailError::LocalPartConsecutivePeriods | EmailError::DomainConsecutivePeriods => {
                "An email address cannot have two periods in a row."
            }
            EmailError::UnsafeCharacters => {
                "The email address contains unsafe or unsupported characters."
            }
            EmailError::NotNormalized => {
                "The part after the @-sign is not a valid internationalized domain name (it is not in NFC form)."
            }
            EmailError::DomainLiteral => {
                "A bracketed IP address after the @-sign is not allowed here."
            }
            EmailError::DomainInvalidCharacters => {
                "The part after the @-sign contains invalid characters."
            }
            EmailError::DomainStartsWithPeriod => {
                "An email address cannot have a period immediately after the @-sign."
            }
            EmailError::DomainEndsWithPeriod => "An email address cannot end with a period.",
            EmailError::DomainStartsWithHyphen => {
                "A part of the domain name cannot start with a hyphen."
            }
            EmailError::DomainEndsWithHyphen => {
                "A part of the domain name cannot end with a hyphen."
            }
            EmailError::DomainPeriodNextToHyphen => {
                "An email address cannot have a period and a hyphen next to each other."
            }
            EmailError::DomainReservedHyphens => {
                "A part of the domain name cannot have two hyphens in the third and fourth position, except Punycode (xn--)."
            }
            EmailError::DomainInvalidIdna => {
                "The part after the @-sign is not a valid internationalized domain name."
            }
            EmailError::DomainTooLong => "The part after the @-sign is too long.",
            EmailError::DomainLabelTooLong => {
                "After the @-sign, periods cannot be separated by so many characters."
            }
            EmailError::DomainNoPeriod => {
                "The part after the @-sign is not valid. It should have a period."
            }
            EmailError::DomainInvalidTopLevel => {
                "The part after the @-sign is not valid. It is not within a valid top-level domain."
            }
            EmailError::DomainSpecialUse => {
                "The part after the @-sign is a special-use or reserved name that cannot be used with email."
            }
        }
    }
}

impl std::fmt::Display for EmailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for EmailError {}

/// Validates `address` (already trimmed by the caller) and returns its normalized
/// form: local part unchanged (except RFC 2142 role names such as `Postmaster`,
/// which are lower-cased as email-validator does), domain lower-cased, with
/// internationalized domains in their Unicode form (`xn--mnchen-3ya.de` becomes
/// `münchen.de`), exactly like email-validator's `normalized`.
///
/// ```
/// use heymilo_ingest::normalize_email;
/// assert_eq!(normalize_email("Ada@Example.COM").as_deref(), Ok("Ada@example.com"));
/// assert_eq!(normalize_email("ada@MÜNCHEN.de").as_deref(), Ok("ada@münchen.de"));
/// assert!(normalize_email("ada@localhost").is_err());
/// ```
pub fn normalize_email(address: &str) -> Result<String, EmailError> {
    if address.len() > EMAIL_MAX_LENGTH {
        return Err(EmailError::TooLong);
    }
    // `Name <address>`, also with a quoted name that holds an @ (`"a@b.c"
    // <a@b.c>`): no address ends with `>`.
    if address.ends_with('>') && address.contains('<') {
        return Err(EmailError::DisplayName);
    }
    // A byte search ('@' is ASCII): `split_once` with a `char` links a searcher into the wasm.
    let at_sign = address.bytes().position(|b| b == b'@');
    let Some((local, domain)) =
        at_sign.and_then(|at| Some((address.get(..at)?, address.get(at + 1..)?)))
    else {
        return Err(
            if address.chars().any(|c| c == '\u{ff20}' || c == '\u{fe6b}') {
                EmailError::LookalikeAtSign
            } else {
                EmailError::NoAtSign
            },
        );
    };
    let local = local_part(local)?;
    if domain.is_empty() {
        return Err(EmailError::EmptyDomain);
    }
    if domain.as_bytes().first() == Some(&b'[') && domain.as_bytes().last() == Some(&b']') {
        return Err(EmailError::DomainLiteral);
    }
    let domain = domain::validate(domain)?;
    let mut normalized = local.clone();
    normalized.push('@');
    normalized.push_str(&domain.unicode);
    if normalized.len() > EMAIL_MAX_LENGTH
        || local.len() + 1 + domain.ascii.len() > EMAIL_MAX_LENGTH
    {
        return Err(EmailError::TooLong);
    }
    Ok(normalized)
}

/// RFC 5322 `atext` (ASCII), or a period: one bit per ASCII byte.
const ATEXT_OR_PERIOD: [u8; 16] = ascii_set(
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.",
);

const fn ascii_set(bytes: &[u8]) -> [u8; 16] {
    let mut set = [0u8; 16];
    let mut i = 0;
    while i < bytes.len() {
        set[(bytes[i] >> 3) as usize] |= 1 << (bytes[i] & 7);
        i += 1;
    }
    set
}

/// Whether `b` is RFC 5322 `atext` (ASCII) or a period.
fn is_atext_or_period(b: u8) -> bool {
    ATEXT_OR_PERIOD
        .get(usize::from(b >> 3))
        .is_some_and(|bits| bits & (1 << (b & 7)) != 0)
}

/// Whether `s` contains the ASCII sequence `pair` (cheaper in wasm than `str::contains`).
fn contains_ascii(s: &str, pair: &[u8]) -> bool {
    let Some((&first, rest)) = pair.split_first() else {
        return true;
    };
    // Compare the rest only where the first byte matches (no memcmp per window).
    let bytes = s.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == first && bytes.get(i + 1..i + 1 + rest.len()) == Some(rest))
}

/// `validate_email_local_part` (dot-atom only), on the local part as given
/// and, when Unicode normalization (NFC) changes it, again on its normalized
/// form, as email-validator does; returns the normalized local part.
fn local_part(local: &str) -> Result<String, EmailError> {
    if !check_local_part(local)? {
        return Ok(role_name(local));
    }
    let chars: Vec<char> = local.chars().collect();
    let normalized = unicode::nfc(&chars);
    if normalized == chars {
        return Ok(local.to_owned());
    }
    let normalized: String = normalized.into_iter().collect();
    Ok(if check_local_part(&normalized)? {
        normalized
    } else {
        role_name(&normalized)
    })
}

/// An ASCII local part, with the RFC 2142 role names lower-cased.
fn role_name(local: &str) -> String {
    for name in &CASE_INSENSITIVE_MAILBOX_NAMES {
        if name.len() == local.len() && name.eq_ignore_ascii_case(local) {
            return (*name).to_owned();
        }
    }
    local.to_owned()
}

/// The dot-atom rules and the character checks of one local part; returns
/// whether it has non-ASCII characters.
fn check_local_part(local: &str) -> Result<bool, EmailError> {
    let bytes = local.as_bytes();
    if bytes.is_empty() {
        return Err(EmailError::EmptyLocalPart);
    }
    if bytes.contains(&b'<') {
        return Err(EmailError::DisplayName);
    }
    if bytes.first() == Some(&b'"') {
        return Err(EmailError::QuotedLocalPart);
    }
    if bytes.iter().any(|&b| b < 0x80 && !is_atext_or_period(b)) {
        return Err(EmailError::LocalPartInvalidCharacters);
    }
    if bytes.last() == Some(&b'.') {
        return Err(EmailError::LocalPartEndsWithPeriod);
    }
    if bytes.first() == Some(&b'.') {
        return Err(EmailError::LocalPartStartsWithPeriod);
    }
    if contains_ascii(local, b"..") {
        return Err(EmailError::LocalPartConsecutivePeriods);
    }
    if bytes.is_ascii() {
        return Ok(false);
    }
    for (i, c) in local.chars().enumerate() {
        if !c.is_ascii() {
            let class = unicode::class(c);
            if class.rejected() || (i == 0 && class.is_mark()) {
                return Err(EmailError::UnsafeCharacters);
            }
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(address: &str) -> String {
        match normalize_email(address) {
            Ok(n) => n,
            Err(e) => panic!("{address:?} rejected: {e:?}"),
        }
    }

    fn err(address: &str) -> EmailError {
        match normalize_email(address) {
            Ok(n) => panic!("{address:?} accepted as {n:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn email_basics() {
        assert_eq!(
            ok("Ada.Lovelace+tag@Example.COM"),
            "Ada.Lovelace+tag@example.com"
        );
        assert_eq!(ok("Postmaster@example.com"), "postmaster@example.com");
        assert_eq!(ok("a@xn--mnchen-3ya.de"), "a@münchen.de");
        assert_eq!(ok("a@MÜNCHEN.de"), "a@münchen.de");
        assert_eq!(ok("a@ｅｘａｍｐｌｅ。com"), "a@example.com");
        assert_eq!(err("a@localhost"), EmailError::DomainNoPeriod);
        assert_eq!(err("a@x.test"), EmailError::DomainSpecialUse);
        assert_eq!(err("a@@example.com"), EmailError::DomainInvalidCharacters);
        assert_eq!(err("a\u{ff20}example.com"), EmailError::LookalikeAtSign);
        assert_eq!(err("Ada <a@example.com>"), EmailError::DisplayName);
        assert_eq!(
            err("\"a@example.com\" <a@example.com>"),
            EmailError::DisplayName
        );
        assert_eq!(err("\"Ada\" <a@example.com>").code(), "email_display_name");
        assert_eq!(err("<a@example.com>").code(), "email_display_name");
        assert_eq!(err("a@example.c0m1").code(), "invalid_email");
        assert_eq!(err(&format!("a@{}.com", "x".repeat(64))).code(), "too_long");
    }

    #[test]
    fn email_addresses_are_put_in_nfc() {
        // A decomposed accent composes; marks are put in canonical order.
        assert_eq!(ok("re\u{301}sume\u{301}@example.com"), "résumé@example.com");
        assert_eq!(
            ok("q\u{301}\u{323}@example.com"),
            "q\u{323}\u{301}@example.com"
        );
        assert_eq!(
            ok("\u{1e0b}\u{323}@example.com"),
            "\u{1e0d}\u{307}@example.com"
        );
        // Singletons and compatibility ideographs become their canonical character.
        assert_eq!(
            ok("\u{212b}ngstr\u{f6}m@example.com"),
            "\u{c5}ngstr\u{f6}m@example.com"
        );
        assert_eq!(
            ok("\u{f91d}\u{2f8a6}@example.com"),
            "\u{6b04}\u{6148}@example.com"
        );
        // Hangul jamo compose into a syllable.
        assert_eq!(
            ok("\u{1112}\u{1161}\u{11ab}@example.com"),
            "\u{d55c}@example.com"
        );
        // The normalized form is checked again, and role names are lower-cased after it.
        assert_eq!(
            err("a\u{37e}b@example.com"),
            EmailError::LocalPartInvalidCharacters
        );
        assert_eq!(ok("mar\u{212a}eting@example.com"), "marketing@example.com");
        // After the @-sign too.
        assert_eq!(ok("a@cafe\u{301}.fr"), "a@café.fr");
        assert_eq!(ok("a@\u{f91d}.jp"), "a@\u{6b04}.jp");
        assert_eq!(err("a@b\u{1fef}.com"), EmailError::DomainInvalidCharacters);
        // A mark cannot start either part, normalized or not.
        assert_eq!(err("\u{301}a@example.com"), EmailError::UnsafeCharacters);
        assert_eq!(err("a@\u{301}b.com"), EmailError::DomainInvalidCharacters);
    }

    #[test]
    fn email_huge_input_is_rejected() {
        for filler in ["a", "é", "\u{301}", "@", "."] {
            let huge = format!("a@{}", filler.repeat(10 * 1024 * 1024 / filler.len()));
            assert_eq!(normalize_email(&huge), Err(EmailError::TooLong));
            let no_at = huge.strip_prefix("a@").unwrap_or_default();
            assert_eq!(normalize_email(no_at), Err(EmailError::TooLong));
        }
    }

    #[test]
    fn atext_table_is_rfc_5322_atext_and_period() {
        for b in 0..=u8::MAX {
            let expected = b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b);
            assert_eq!(is_atext_or_period(b), expected, "{b}");
        }
    }

    #[test]
    fn email_messages_are_sentences() {
        for e in [
            EmailError::TooLong,
            EmailError::NoAtSign,
            EmailError::DomainNoPeriod,
            EmailError::DomainSpecialUse,
            EmailError::NotNormalized,
        ] {
            let m = e.message();
            assert!(
                m.ends_with('.') && m.chars().next().is_some_and(char::is_uppercase),
                "{m}"
            );
            assert_eq!(e.to_string(), m);
        }
        assert_eq!(EmailError::DomainTooLong.code(), "too_long");
        assert_eq!(EmailError::DomainInvalidIdna.code(), "invalid_email");
    }
}
