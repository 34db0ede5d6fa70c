//! Phone numbers: normalization to E.164 and validation of the country
//! calling code and the national number length.
//!
//! The reference is Google's libphonenumber metadata as shipped by the npm
//! package `libphonenumber-js` ("max" metadata); the tables in
//! `src/phone/metadata.rs` are generated from it by
//! `scripts/phone-metadata/generate.mjs` (the exact version is recorded there).
//! Only what HeyMilo's API checks is validated: an **assigned** calling code
//! and a **possible length** of the national number for that code. Number
//! ranges (whether `+1 555 0100` is in service) are not checked.
//!
//! # Accepted input
//!
//! - Decimal digits as libphonenumber reads them: ASCII `0`–`9`, full-width
//!   `０`–`９`, Arabic-Indic `٠`–`٩` and Extended Arabic-Indic (Persian,
//!   Urdu) `۰`–`۹`. Digits of other scripts are not (libphonenumber does not
//!   read them either).
//! - One `+`, before the first digit (`(+44) 20 …` is fine), meaning the
//!   digits start with the country calling code.
//! - Formatting, which is removed: any Unicode white space (including
//!   non-breaking and narrow spaces), `-` and the Unicode hyphens and dashes
//!   U+2010–U+2015, U+2212 and U+30FC, `.`, `/` (as in `030/123456`: a
//!   separator for libphonenumber too), `(`, `)`, the full-width `－．／（）`,
//!   and invisible characters that copy and paste brings along, anywhere
//!   (U+00AD soft hyphen, U+061C Arabic letter mark, U+200B–U+200F zero
//!   widths and direction marks, U+202A–U+202E and U+2066–U+2069 direction
//!   embeddings and isolates, U+2060 word joiner, U+FEFF byte order mark).
//! - Anything else is refused, each with its own error so that a form can
//!   say what to fix: an extension after the number as libphonenumber's
//!   extension pattern reads one (`x123`, `ext. 123`, `#123`, `,,123`, `;123`,
//!   `доб. 123`) is [`PhoneError::Extension`], since E.164 has no
//!   extensions; a `tel:` URI is [`PhoneError::TelUri`]; letters (`Tel: …`,
//!   `1-800-FLOWERS`) are [`PhoneError::Letters`]; any other character (`*`,
//!   a second `+`, `#` alone, emoji) is [`PhoneError::InvalidCharacters`].
//!   libphonenumber would find the number inside such text; what is sent is
//!   what was typed, so the user removes the rest.
//!
//! # With a `+`
//!
//! The assigned calling code at the front is taken (codes are prefix-free,
//! so there is at most one) and the rest must have a possible length for it;
//! numbers longer than 15 digits pass only where the plan allows (JP). As
//! libphonenumber does, a trunk prefix written after the calling code, as in
//! `+44 (0)20 7946 0958` or `+49 (0)30 123456`, is removed, but only when the
//! digits as written certainly are not a national number (see below).
//!
//! # Without a `+`
//!
//! A number without `+` needs a default country (else
//! [`PhoneError::MissingPlus`], issue `missing_country_code`); it is the only
//! kind of number the default country is used for, so an unknown default
//! country is only reported for such a number. As libphonenumber-js parses
//! it:
//!
//! 1. an international call prefix of that country followed by a calling
//!    code (`00 44 20 …` in FR, `011 44 …` in the US, `8 10 44 …` in RU) is
//!    read as `+44 20 …`;
//! 2. otherwise the national (trunk) prefix is removed (`020 7946 0958` in GB,
//!    `8 912 …` in RU, `1 206 …` in the US, `06 1 …` in HU), following
//!    libphonenumber's `national_prefix_for_parsing` rules, including
//!    carrier codes (AU, BR, CO, KR, …), Argentina's `15` mobile token
//!    (`011 15-2345-6789` → `+54 9 11 2345 6789`) and local-number completion
//!    (a 7-digit number in a one-area-code NANPA region);
//! 3. the country's calling code written without `+` (`44 20 7946 0958` in
//!    GB) is taken off when the digits cannot be a national number;
//! 4. the calling code is put in front, and the length is checked.
//!
//! # Possible lengths
//!
//! A national number must have a length that libphonenumber-js's
//! `isPossible` accepts: where regions share a calling code, the lengths of
//! the region the number belongs to (by its leading digits, or the number
//! types it is valid for), else of the code's main region (after `+`) or of
//! the default region. Lengths that only work for local dialling are not
//! possible: a 7-digit US number (`253-0000`) is refused, as
//! libphonenumber-js's `isPossible` does (python-phonenumbers calls it
//! possible). A national number must also be possible as the `+` number it
//! becomes, so that every output normalizes to itself.
//!
//! libphonenumber decides some of these with the full national number
//! pattern (a regex), which is not available here. The generator evaluates
//! those patterns ahead of time for the inputs that matter: a prefix is only
//! removed when the digits as typed certainly are not a national number
//! themselves (`800 555 35 35` in RU keeps its 8); where they might be, they
//! are kept as typed rather than guessed. Digits that still start with a
//! national prefix after all this although they cannot be a number (`0 0 2
//! 9876 5432` in AU, where `0011` and not `00` is the international prefix)
//! are [`PhoneError::InvalidNumber`], so that every output normalizes to
//! itself.
//!
//! The differential test `tests/phone/differential.mjs` checks all of this
//! against libphonenumber-js on well over 100 000 numbers of every calling
//! code and region.

mod metadata;

use metadata::{
    CODE_BITS, CODE_COUNT, CODE_LENGTHS, CODE_PREFIX_AT, CODE_PREFIX_ITEMS, CODE_PREFIX_REGIONS,
    CODE_RULES, IDDS, MAX_NSN_LEN, MAX_PREFIX_LEN, POSSIBLE_AT, POSSIBLE_KEYS, POSSIBLE_LISTS,
    REGION_CODES, REGION_IDD, REGION_NAMES, REGION_RULES, RULES, RULE_STARTS, SETS,
};

/// Why a phone number was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PhoneError {
    /// Nothing but formatting characters, or nothing at all.
    Empty,
    /// A character that is neither a digit, a `+` before the first digit,
    /// formatting, a letter nor part of an extension (`*`, `_`, a second
    /// `+`, digits of other scripts…).
    InvalidCharacters,
    /// Letters, as in `1-800-FLOWERS` or `Tel: +44 …` (letters are not
    /// converted to digits).
    Letters,
    /// An extension after the number (`x123`, `ext. 123`, `#123`, `,,123`):
    /// E.164 has no extensions.
    Extension,
    /// A `tel:` URI (RFC 3966) instead of the number.
    TelUri,
    /// No leading `+` and no default country to complete the number with.
    MissingPlus,
    /// The digits after `+` do not start with an assigned country calling code.
    UnknownCountryCode,
    /// Fewer digits than any number of that country has.
    TooShort,
    /// More digits than any number of that country has.
    TooLong,
    /// A number of digits that no number of that country has.
    InvalidLength,
    /// The default country is not a known region code (only reported for a
    /// number without `+`, the only kind the default country is used for).
    UnknownDefaultCountry,
    /// Digits that cannot be a number of their country, such as a national
    /// prefix written twice.
    InvalidNumber,
}

impl PhoneError {
    /// Stable machine-readable issue code.
    ///
    /// One of `"invalid_phone"`, `"phone_invalid_characters"`,
    /// `"phone_letters"`, `"phone_extension"`, `"phone_tel_uri"`,
    /// `"missing_country_code"`, `"unknown_country_code"`,
    /// `"invalid_phone_length"`, `"unknown_default_country"`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            PhoneError::Empty | PhoneError::InvalidNumber => "invalid_phone",
            PhoneError::InvalidCharacters => "phone_invalid_characters",
            PhoneError::Letters => "phone_letters",
            PhoneError::Extension => "phone_extension",
            PhoneError::TelUri => "phone_tel_uri",
            PhoneError::MissingPlus => "missing_country_code",
            PhoneError::UnknownCountryCode => "unknown_country_code",
            PhoneError::TooShort | PhoneError::TooLong | PhoneError::InvalidLength => {
                "invalid_phone_length"
            }
            PhoneError::UnknownDefaultCountry => "unknown_default_country",
        }
    }

    /// Short English sentence a form can show.
    #[must_use]
    pub fn message(self) -> &'static str {
        match self {
            PhoneError::Empty => "Enter a phone number.",
            PhoneError::InvalidCharacters => {
                "A phone number can only contain digits, a leading +, spaces, dashes, dots, slashes and parentheses."
            }
            PhoneError::Letters => "A phone number cannot contain letters: enter only its digits.",
            PhoneError::Extension => {
                "Remove the extension: enter only the phone number."
            }
            PhoneError::TelUri => "Enter the phone number without \"tel:\".",
            PhoneError::MissingPlus => {
                "Include the + sign and the country code, for example +1 206 555 1234."
            }
            PhoneError::UnknownCountryCode => {
                "This phone number does not start with a valid country code."
            }
            PhoneError::TooShort => "This phone number is too short.",
            PhoneError::TooLong => "This phone number is too long.",
            PhoneError::InvalidLength => {
                "This phone number does not have the right number of digits for its country."
            }
            PhoneError::UnknownDefaultCountry => {
                "The default country is not a known two-letter country code."
            }
            PhoneError::InvalidNumber => "This is not a valid phone number.",
        }
    }
}

impl core::fmt::Display for PhoneError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for PhoneError {}

/// Upper bound on the digits of any acceptable input: calling code, trunk
/// prefix (or carrier code) and the longest national number. More digits are
/// rejected as soon as they are seen, whatever the input length.
const MAX_DIGITS: usize = 3 + MAX_PREFIX_LEN + MAX_NSN_LEN;

/// Room for a rewritten national number (a rule may prepend a few digits).
const BUF_LEN: usize = MAX_DIGITS + 16;

/// A short run of digit values (0–9), on the stack.
#[derive(Clone, Copy)]
struct Digits {
    buf: [u8; BUF_LEN],
    len: usize,
}

impl Digits {
    fn new() -> Self {
        Digits {
            buf: [0; BUF_LEN],
            len: 0,
        }
    }

    fn from_slice(d: &[u8]) -> Self {
        let mut out = Digits::new();
        // `d` is never longer than MAX_DIGITS < BUF_LEN.
        let _ = out.extend(d);
        out
    }

    /// Appends a digit; returns false when full.
    fn push(&mut self, digit: u8) -> bool {
        match self.buf.get_mut(self.len) {
            Some(slot) => {
                *slot = digit;
                self.len += 1;
                true
            }
            None => false,
        }
    }

    /// Appends digits; returns false when they did not all fit.
    fn extend(&mut self, d: &[u8]) -> bool {
        d.iter().all(|&x| self.push(x))
    }

    fn as_slice(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// Whether `c` is formatting that is silently removed (see the module docs).
fn is_formatting(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            // hyphens and dashes, dots, slashes, parentheses (and their
            // full-width forms)
            '-' | '\u{2010}'..='\u{2015}'
                | '\u{2212}'
                | '\u{30FC}'
                | '\u{FF0D}'
                | '.'
                | '\u{FF0E}'
                | '/'
                | '\u{FF0F}'
                | '('
                | ')'
                | '\u{FF08}'
                | '\u{FF09}'
                // invisible characters that copy and paste brings along
                | '\u{00AD}'
                | '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// The value of a decimal digit as libphonenumber reads it: ASCII,
/// full-width, Arabic-Indic and Extended Arabic-Indic (Persian, Urdu) digits.
fn digit_value(c: char) -> Option<u8> {
    let cp = u32::from(c);
    [0x30, 0xFF10, 0x660, 0x6F0]
        .into_iter()
        .find_map(|zero| cp.checked_sub(zero).filter(|&v| v < 10))
        .and_then(|v| u8::try_from(v).ok())
}

/// Why the input stops being a phone number at `rest` (which starts with a
/// character that is not a digit, a leading `+` or formatting): an extension
/// after the digits, letters, or another character.
fn stop_error(rest: &str, after_digits: bool) -> PhoneError {
    if after_digits && is_extension(rest) {
        PhoneError::Extension
    } else if rest.chars().next().is_some_and(is_letter) {
        PhoneError::Letters
    } else {
        PhoneError::InvalidCharacters
    }
}

/// Whether `c` is a letter of the scripts a phone number is labelled in
/// (Latin with its full-width forms, Greek, Cyrillic, Armenian, Hebrew,
/// Arabic, kana, CJK ideographs, Hangul). Ranges rather than Unicode's
/// alphabetic property, whose table would cost the browser build 1.5 KB
/// gzip; a letter of another script is reported as an invalid character.
fn is_letter(c: char) -> bool {
    matches!(c,
        'A'..='Z'
            | 'a'..='z'
            | '\u{AA}'
            | '\u{B5}'
            | '\u{BA}'
            | '\u{C0}'..='\u{D6}'
            | '\u{D8}'..='\u{F6}'
            | '\u{F8}'..='\u{24F}'
            | '\u{370}'..='\u{3FF}'
            | '\u{400}'..='\u{52F}'
            | '\u{531}'..='\u{587}'
            | '\u{5D0}'..='\u{5EA}'
            | '\u{620}'..='\u{64A}'
            | '\u{3041}'..='\u{30FA}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7A3}'
            | '\u{FF21}'..='\u{FF3A}'
            | '\u{FF41}'..='\u{FF5A}'
    )
}

/// `c` in lower case for matching extension labels, as libphonenumber's
/// case-insensitive pattern does: ASCII, Latin-1 and basic Cyrillic
/// capitals; full-width ASCII (`ｅｘｔ`, `＃`, `～`) as ASCII. Other characters
/// are unchanged. (Unicode's `to_lowercase` would cost the browser build
/// 5.6 KB gzip of tables.)
fn fold_case(c: char) -> char {
    let cp = match u32::from(c) {
        cp @ 0xFF01..=0xFF5E => cp - 0xFEE0,
        cp => cp,
    };
    let lower = match cp {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x410..=0x42F => cp + 0x20,
        _ => cp,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// Longest extension part considered, in characters (separators, a label,
/// up to 20 digits, `#`, trailing space).
const MAX_EXTENSION_CHARS: usize = 64;

/// Whether `rest` is an extension as libphonenumber's extension pattern
/// reads one: `;ext=` and up to 20 digits; or optional separators (spaces,
/// commas), a label, optionally `:` or `.`, separators (spaces, commas,
/// dashes), digits and optionally `#`. Labels and their most digits: `ext`,
/// `extn`, `extension`, `extensión`, `xtn`, `доб`, `anexo` (20); `x`, `#`,
/// `~`, `int` (9); `;` or two commas (15); one comma (9).
fn is_extension(rest: &str) -> bool {
    let mut s: Vec<char> = Vec::new();
    for c in rest.chars() {
        if s.len() == MAX_EXTENSION_CHARS {
            return false;
        }
        s.push(fold_case(c));
    }
    while s.last().is_some_and(|c| c.is_whitespace()) {
        s.pop();
    }
    let at = |i: usize| s.get(i).copied();
    let starts = |i: usize, word: &str| word.chars().enumerate().all(|(k, w)| at(i + k) == Some(w));
    let blank = |c: &&char| matches!(c, ' ' | '\u{a0}' | '\t');
    let spaces = s.iter().take_while(blank).count();
    let lead = s.iter().take_while(|c| blank(c) || **c == ',').count();
    // "e?xt(ensi(o\u{301}?|ó))?n?"
    let explicit = || -> Option<usize> {
        let mut i = lead + usize::from(at(lead) == Some('e'));
        if !starts(i, "xt") {
            return None;
        }
        i += 2;
        if starts(i, "ensi") && matches!(at(i + 4), Some('o' | '\u{f3}')) {
            i += 5 + usize::from(at(i + 4) == Some('o') && at(i + 5) == Some('\u{301}'));
        }
        Some(i + usize::from(at(i) == Some('n')))
    };
    let word = |from: usize, words: &[&str]| {
        words
            .iter()
            .find(|w| starts(from, w))
            .map(|w| from + crate::json::code_points(w))
    };
    // (end of the label, most digits, whether punctuation may follow)
    let label = word(0, &[";ext="])
        .map(|end| (end, 20, false))
        .or_else(|| {
            explicit()
                .or_else(|| word(lead, &["доб", "anexo"]))
                .map(|end| (end, 20, true))
        })
        .or_else(|| word(lead, &["x", "#", "~", "int"]).map(|end| (end, 9, true)))
        .or_else(|| word(spaces, &[";", ",,"]).map(|end| (end, 15, true)))
        .or_else(|| word(spaces, &[","]).map(|end| (end, 9, true)));
    let Some((mut i, most, punctuation)) = label else {
        return false;
    };
    if punctuation {
        i += usize::from(matches!(at(i), Some(':' | '.')));
        while at(i).is_some_and(|c| matches!(c, ' ' | '\u{a0}' | '\t' | ',' | '-')) {
            i += 1;
        }
    }
    let digits = s
        .get(i..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&c| digit_value(c).is_some())
        .count();
    i += digits;
    if punctuation && at(i) == Some('#') {
        i += 1;
    }
    (1..=most).contains(&digits) && i == s.len()
}

/// Whether the input is a `tel:` URI (RFC 3966), which may carry a
/// `phone-context` or an extension and is not a number as such. (`Tel: …`
/// with a space is a label, reported as letters.)
fn is_tel_uri(raw: &str) -> bool {
    let raw = raw.trim_start();
    raw.get(..4)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("tel:"))
        && raw
            .get(4..)
            .and_then(|r| r.chars().next())
            .is_some_and(|c| !c.is_whitespace())
}

/// Normalizes to E.164 ("+" and digits only) or says why not.
///
/// `default_country` (ISO 3166-1 alpha-2, case-insensitive, e.g. `"GB"`) is
/// used only for numbers written without `+`; `None` or an empty string
/// means no default. A number with `+` never depends on it: an unknown
/// default is only reported for a number that needs it.
///
/// # Errors
///
/// A [`PhoneError`] saying why the input is not a phone number; its
/// [`code`](PhoneError::code) is the issue code to report.
///
/// ```
/// use heymilo_ingest::normalize_phone_number;
/// assert_eq!(normalize_phone_number("020 7946 0958", Some("GB")).unwrap(), "+442079460958");
/// assert_eq!(normalize_phone_number("+1 (206) 555-1234", None).unwrap(), "+12065551234");
/// assert_eq!(normalize_phone_number("+1 (206) 555-1234", Some("XX")).unwrap(), "+12065551234");
/// ```
pub fn normalize_phone_number(
    raw: &str,
    default_country: Option<&str>,
) -> Result<String, PhoneError> {
    if is_tel_uri(raw) {
        return Err(PhoneError::TelUri);
    }
    let mut digits = Digits::new();
    let mut plus = false;
    for (i, c) in raw.char_indices() {
        if let Some(v) = digit_value(c) {
            if digits.len >= MAX_DIGITS || !digits.push(v) {
                return Err(PhoneError::TooLong);
            }
        } else if c == '+' && !plus && digits.len == 0 {
            plus = true;
        } else if !is_formatting(c) {
            return Err(stop_error(raw.get(i..).unwrap_or_default(), digits.len > 0));
        }
    }
    let d = digits.as_slice();
    if d.is_empty() {
        return Err(if plus {
            PhoneError::TooShort
        } else {
            PhoneError::Empty
        });
    }

    let (code_idx, nsn, context) = if plus {
        international(d)?
    } else {
        let region = match default_country.map(str::trim) {
            Some(dc) if !dc.is_empty() => {
                region_index(dc).ok_or(PhoneError::UnknownDefaultCountry)?
            }
            _ => return Err(PhoneError::MissingPlus),
        };
        national(region, d)?
    };

    let code = code_value(code_idx).ok_or(PhoneError::UnknownCountryCode)?;
    check_possible(code_idx, context, nsn.as_slice())?;
    // A national number must also be possible as the "+<code>" number it
    // becomes, or the output would not normalize to itself. libphonenumber-js
    // judges a number that no region of a shared code claims by the default
    // region's lengths, so it calls a few such numbers possible (never
    // valid) in one region and not in another; they are refused.
    let international = INTERNATIONAL | code_idx as u16;
    if context != international {
        check_possible(code_idx, international, nsn.as_slice())?;
    }

    let mut out = String::with_capacity(1 + 3 + nsn.len);
    out.push('+');
    let as_char = |&x: &u8| char::from_digit(u32::from(x), 10).unwrap_or('0');
    out.extend(code_digits(code).as_slice().iter().map(as_char));
    out.extend(nsn.as_slice().iter().map(as_char));
    Ok(out)
}

/// Digits after `+` (or after an international call prefix): the calling
/// code's index, the national number, and the context its length is
/// judged in (see [`check_possible`]).
fn international(d: &[u8]) -> Result<(usize, Digits, u16), PhoneError> {
    let (code_idx, code_len) = split_calling_code(d)?;
    let written = Digits::from_slice(d.get(code_len..).unwrap_or(&[]));
    // What follows "+<code>" goes through the code's national prefix rule,
    // e.g. "+44 (0)20 …". libphonenumber would judge a rewrite by the
    // lengths of the region the result belongs to; the rule has the main
    // region's, so only what no region sharing the code allows is rejected.
    // A rewrite must be stable, so that every output is a fixpoint:
    // normalizing it again changes nothing.
    let code_rule = CODE_RULES.get(code_idx).copied().unwrap_or(0);
    let code_lens = CODE_LENGTHS.get(code_idx).copied();
    let nsn = match rewrite(code_rule, written.as_slice(), code_lens) {
        Outcome::Keep => written,
        Outcome::Rewrite(r) => match rewrite(code_rule, r.as_slice(), code_lens) {
            Outcome::Keep => r,
            // Still a national prefix in front of something that certainly
            // is not a number ("+46 0 0 …"): not a number.
            Outcome::Rewrite(_) => return Err(not_a_number(code_lens, written.len)),
            Outcome::Reject(e) => return Err(e),
        },
        Outcome::Reject(e) => return Err(e),
    };
    Ok((code_idx, nsn, INTERNATIONAL | code_idx as u16))
}

/// Digits written without `+`, in region `r` (index in the region tables):
/// the calling code's index, the national number and its context.
fn national(r: usize, d: &[u8]) -> Result<(usize, Digits, u16), PhoneError> {
    // An international call prefix ("00 44 20 …" in GB, "011 44 …" in the
    // US) followed by a calling code (never starting with 0).
    if let Some(k) = idd_prefix_len(r, d) {
        if let Some(rest) = d
            .get(k..)
            .filter(|rest| rest.first().is_some_and(|&x| x != 0))
        {
            return international(rest);
        }
    }
    let code_idx = usize::from(REGION_CODES.get(r).copied().unwrap_or(u8::MAX));
    let code = code_value(code_idx).ok_or(PhoneError::UnknownCountryCode)?;
    let code_lens = CODE_LENGTHS.get(code_idx).copied().unwrap_or(0);
    let rule = REGION_RULES.get(r).copied().unwrap_or(0);
    // `None`: no entry of the rule matches
    let matched = find_rewrite(rule, d, None);
    let prefix_matched = matched.is_some();
    let mut outcome = matched.unwrap_or(Outcome::Keep);

    // The calling code written without "+" ("44 20 7946 0958" in GB). As
    // libphonenumber does, it is taken off when the national number would
    // otherwise be longer than any number of the code, or when the digits
    // cannot be a national number (libphonenumber: do not match the national
    // number pattern) and the rest has a possible length.
    let cc = code_digits(code);
    let cc = cc.as_slice();
    if d.len() > cc.len() && d.starts_with(cc) {
        let shorter = d.get(cc.len()..).unwrap_or(&[]);
        let national_len = match &outcome {
            Outcome::Rewrite(n) => n.len,
            _ => d.len(),
        };
        let max_len = 31usize.saturating_sub(code_lens.leading_zeros() as usize);
        // (Only when no national prefix rule applies to the digits: in NANPA
        // regions the calling code 1 is also the national prefix.)
        let certain = !prefix_matched
            && !code_prefix_conflict(r, d, cc.len())
            && check_length(code_lens, shorter.len()).is_ok();
        if national_len > max_len || certain {
            outcome = match rewrite(rule, shorter, None) {
                Outcome::Keep => Outcome::Rewrite(Digits::from_slice(shorter)),
                other => other,
            };
        }
    }

    let nsn = match outcome {
        Outcome::Keep => Digits::from_slice(d),
        Outcome::Rewrite(n) => n,
        Outcome::Reject(e) => return Err(e),
    };
    // The result must be stable under the rule applied after "+<code>", or
    // the output would not normalize to itself. It is not when it still
    // starts with a national prefix although it certainly is not a national
    // number (e.g. "0 0 …" where "0" is the prefix and "00" not an
    // international call prefix): such input is not a number.
    let code_rule = CODE_RULES.get(code_idx).copied().unwrap_or(0);
    match rewrite(code_rule, nsn.as_slice(), Some(code_lens)) {
        Outcome::Keep => Ok((code_idx, nsn, r as u16)),
        Outcome::Rewrite(_) => Err(not_a_number(Some(code_lens), nsn.len)),
        Outcome::Reject(e) => Err(e),
    }
}

/// The error for digits that are not a number: about their length if that is
/// impossible anyway, else [`PhoneError::InvalidNumber`].
fn not_a_number(lens: Option<u32>, len: usize) -> PhoneError {
    match lens {
        Some(lens) if lens != 0 => check_length(lens, len)
            .err()
            .unwrap_or(PhoneError::InvalidNumber),
        _ => PhoneError::InvalidNumber,
    }
}

/// The decimal digits of a calling code.
fn code_digits(code: u16) -> Digits {
    let mut out = Digits::new();
    let mut div = 100;
    while div > 0 {
        let digit = (code / div) % 10;
        if digit != 0 || out.len > 0 || div == 1 {
            out.push(digit as u8);
        }
        div /= 10;
    }
    out
}

/// Whether in region `r` the digits `d`, which start with the region's
/// calling code (`code_len` digits), are a national number of the region.
fn code_prefix_conflict(r: usize, d: &[u8], code_len: usize) -> bool {
    let Ok(i) = CODE_PREFIX_REGIONS.binary_search_by(|&x| usize::from(x).cmp(&r)) else {
        return false;
    };
    let mut items = Reader {
        words: &CODE_PREFIX_ITEMS,
        pos: CODE_PREFIX_AT
            .get(i)
            .map_or(usize::MAX, |&at| usize::from(at)),
    };
    let after = d.get(code_len..).unwrap_or_default();
    for _ in 0..items.next().unwrap_or(0) {
        let (Some(lo), Some(hi), Some(n)) = (items.next(), items.next(), items.next()) else {
            // A damaged table: be conservative (keep the digits).
            return true;
        };
        let Some(classes) = items.take(usize::from(n)) else {
            return true;
        };
        let mask = u32::from(lo) | u32::from(hi) << 16;
        if d.len() < 32 && mask & (1 << d.len()) != 0 && starts_with(after, classes) {
            return true;
        }
    }
    false
}

/// Context bit of an international number: its length is judged by the
/// calling code's main region (see [`check_possible`]).
const INTERNATIONAL: u16 = 0x100;

/// Whether national number `nsn` of calling code `code_idx` has a possible
/// length, as libphonenumber-js's `isPossible` says: for the region it
/// belongs to, or that of `context` (`INTERNATIONAL | code index` after
/// "+<code>", else the default region's index). Only calling codes shared
/// by several regions have contexts in `POSSIBLE_KEYS`; for the others the
/// code's lengths decide.
fn check_possible(code_idx: usize, context: u16, nsn: &[u8]) -> Result<(), PhoneError> {
    let code_lens = CODE_LENGTHS.get(code_idx).copied().unwrap_or(0);
    let Ok(i) = POSSIBLE_KEYS.binary_search(&context) else {
        return check_length(code_lens, nsn.len());
    };
    let mut list = Reader {
        words: &POSSIBLE_LISTS,
        pos: POSSIBLE_AT.get(i).map_or(usize::MAX, |&at| usize::from(at)),
    };
    let (Some(lo), Some(hi), Some(count)) = (list.next(), list.next(), list.next()) else {
        return check_length(code_lens, nsn.len());
    };
    let lens = u32::from(lo) | u32::from(hi) << 16;
    for _ in 0..count {
        let (Some(packed), Some(n)) = (list.next(), list.next()) else {
            break;
        };
        let Some(classes) = list.take(usize::from(n)) else {
            break;
        };
        if nsn.len() < 15 && packed & (1 << nsn.len()) != 0 && starts_with(nsn, classes) {
            return if packed & 0x8000 != 0 {
                Ok(())
            } else {
                Err(check_length(lens, nsn.len())
                    .err()
                    .unwrap_or(PhoneError::InvalidLength))
            };
        }
    }
    check_length(lens, nsn.len())
}

/// Length of the international call prefix of region `r` that `d` starts
/// with, if any (the first of its match paths that matches, as the regex
/// would).
fn idd_prefix_len(r: usize, d: &[u8]) -> Option<usize> {
    let idx = *REGION_IDD.get(r)?;
    if idx == 0 {
        return None;
    }
    // prefixes are back to back: skip to the idx-th (from 1)
    let mut s = Reader {
        words: &IDDS,
        pos: 0,
    };
    for _ in 1..idx {
        for _ in 0..s.next()? {
            let n = usize::from(s.next()?);
            s.take(n)?;
        }
    }
    for _ in 0..s.next()? {
        let n = usize::from(s.next()?);
        let alt = s.take(n)?;
        if starts_with(d, alt) {
            return Some(n);
        }
    }
    None
}

/// Index (rank among the assigned codes) of calling code `value`.
fn code_index(value: u16) -> Option<usize> {
    let v = usize::from(value);
    let byte = *CODE_BITS.get(v / 8)?;
    let bit = 1u8 << (v % 8);
    if byte & bit == 0 {
        return None;
    }
    let before: u32 = CODE_BITS.get(..v / 8)?.iter().map(|b| b.count_ones()).sum();
    Some(before as usize + (byte & (bit - 1)).count_ones() as usize)
}

/// Calling code with index `idx`.
fn code_value(idx: usize) -> Option<u16> {
    let mut left = idx;
    for (i, &byte) in CODE_BITS.iter().enumerate() {
        let n = byte.count_ones() as usize;
        if left < n {
            let bit = (0..8u16).filter(|b| byte & (1 << b) != 0).nth(left)?;
            return u16::try_from(i * 8).ok().map(|base| base + bit);
        }
        left -= n;
    }
    None
}

/// A reader at the start of rule `rule`.
fn rule_reader(rule: u8) -> Option<Reader> {
    let start = RULE_STARTS.get(usize::from(rule))?;
    Some(Reader {
        words: &RULES,
        pos: usize::from(*start),
    })
}

/// Moves `r` past one rule (the tests check `RULE_STARTS` with it).
#[cfg(test)]
fn skip_rule(r: &mut Reader) -> Option<()> {
    r.take(2)?;
    for _ in 0..r.next()? {
        let h0 = r.next()?;
        let h1 = r.next()?;
        if h1 & (1 << 15) != 0 {
            r.take(2)?;
        }
        r.take(usize::from(h0 & 31))?;
        r.take(usize::from((h0 >> 6) & 15))?;
        for _ in 0..h0 >> 10 {
            r.take(2)?;
            let n = usize::from(r.next()?);
            r.take(n)?;
        }
    }
    Some(())
}

/// Whether `region` (ISO alpha-2, case-insensitive) is known to the metadata.
#[must_use]
pub fn is_known_region(region: &str) -> bool {
    region_index(region).is_some()
}

/// All known regions with their calling code, sorted by region (for a country selector).
pub fn regions() -> impl Iterator<Item = (&'static str, u16)> {
    (0..REGION_CODES.len()).filter_map(|i| {
        let name = REGION_NAMES.get(2 * i..2 * i + 2)?;
        let code = code_value(usize::from(*REGION_CODES.get(i)?))?;
        Some((name, code))
    })
}

/// Index of `region` in the region tables.
fn region_index(region: &str) -> Option<usize> {
    let b = region.as_bytes();
    if b.len() != 2 || !b.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let key = [
        b.first()?.to_ascii_uppercase(),
        b.get(1)?.to_ascii_uppercase(),
    ];
    let names = REGION_NAMES.as_bytes();
    let (mut lo, mut hi) = (0usize, names.len() / 2);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let name = names.get(2 * mid..2 * mid + 2)?;
        match name.cmp(&key[..]) {
            core::cmp::Ordering::Less => lo = mid + 1,
            core::cmp::Ordering::Greater => hi = mid,
            core::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// Finds the calling code at the start of `d` (digits after `+`): its code
/// index and its length in digits.
fn split_calling_code(d: &[u8]) -> Result<(usize, usize), PhoneError> {
    if d.first() == Some(&0) {
        return Err(PhoneError::UnknownCountryCode);
    }
    let mut value: u16 = 0;
    for (k, &x) in d.iter().take(3).enumerate() {
        value = value * 10 + u16::from(x);
        if let Some(i) = code_index(value) {
            return Ok((i, k + 1));
        }
    }
    // No code: too short if what was typed could still grow into one.
    if d.len() < 3 {
        let typed = u32::from(value);
        let short = (0..CODE_COUNT).filter_map(code_value).any(|c| {
            let mut c = u32::from(c);
            while c > typed {
                c /= 10;
            }
            c == typed
        });
        if short {
            return Err(PhoneError::TooShort);
        }
    }
    Err(PhoneError::UnknownCountryCode)
}

/// Checks a national number length against a length bitmask.
fn check_length(lens: u32, len: usize) -> Result<(), PhoneError> {
    if len < 32 && lens & (1 << len) != 0 {
        return Ok(());
    }
    if lens == 0 {
        return Err(PhoneError::InvalidLength);
    }
    let min = lens.trailing_zeros() as usize;
    let max = 31 - lens.leading_zeros() as usize;
    Err(if len < min {
        PhoneError::TooShort
    } else if len > max {
        PhoneError::TooLong
    } else {
        PhoneError::InvalidLength
    })
}

/// Sequential reader over a `u16` table; reads past the end yield `None`.
struct Reader {
    words: &'static [u16],
    pos: usize,
}

impl Reader {
    fn next(&mut self) -> Option<u16> {
        let w = self.words.get(self.pos).copied();
        self.pos += 1;
        w
    }

    fn take(&mut self, n: usize) -> Option<&'static [u16]> {
        let s = self.words.get(self.pos..self.pos.checked_add(n)?);
        self.pos += n;
        s
    }
}

/// Whether every digit of `d` is allowed by the class at the same position
/// (`d` and `classes` of the same length).
fn digits_match(d: &[u8], classes: &[u16]) -> bool {
    d.len() == classes.len()
        && d.iter()
            .zip(classes)
            .all(|(&x, &cls)| x < 10 && cls & (1 << x) != 0)
}

/// Whether `d` starts with digits matching `classes`.
fn starts_with(d: &[u8], classes: &[u16]) -> bool {
    d.get(..classes.len())
        .is_some_and(|head| digits_match(head, classes))
}

/// What a national prefix rule does with some national digits.
enum Outcome {
    /// Keep the digits as they are.
    Keep,
    /// The national (significant) number is this rewrite.
    Rewrite(Digits),
    /// The digits start with a national prefix, are certainly not a number
    /// as written, and what follows the prefix has an impossible length.
    Reject(PhoneError),
}

/// Applies national prefix rule `rule` (index into the rules in `RULES`) to the
/// national digits `d`, as libphonenumber would, without its regexes: the
/// first entry that matches decides. Its rewrite is taken if it has a
/// possible length and `d` certainly is not a national number itself (no
/// conflict); `d` is kept when it might be one; otherwise `d` is rejected.
///
/// `reject_lens`, when given, must also rule out the rewrite's length before
/// `d` is rejected (otherwise it is kept).
fn rewrite(rule: u8, d: &[u8], reject_lens: Option<u32>) -> Outcome {
    find_rewrite(rule, d, reject_lens).unwrap_or(Outcome::Keep)
}

fn find_rewrite(rule: u8, d: &[u8], reject_lens: Option<u32>) -> Option<Outcome> {
    let mut r = rule_reader(rule)?;
    let lens = u32::from(r.next()?) | (u32::from(r.next()?) << 16);
    let entries = r.next()?;
    for _ in 0..entries {
        let h0 = r.next()?;
        let h1 = r.next()?;
        let prefix_len = usize::from(h0 & 31);
        let anchored = h0 & (1 << 5) != 0;
        let lit_len = usize::from((h0 >> 6) & 15);
        let conflict_count = h0 >> 10;
        let keep_start = usize::from(h1 & 31);
        let keep_end = usize::from((h1 >> 5) & 31);
        let min_len = usize::from((h1 >> 10) & 31);
        let set = if h1 & (1 << 15) != 0 {
            Some((usize::from(r.next()?), usize::from(r.next()?)))
        } else {
            None
        };
        let classes = r.take(prefix_len)?;
        let lit = r.take(lit_len)?;
        let conflicts_at = r.pos;
        for _ in 0..conflict_count {
            r.take(2)?;
            let n = usize::from(r.next()?);
            r.take(n)?;
        }

        if d.len() < min_len || (anchored && d.len() != min_len) {
            continue;
        }
        // (kept digits range, matched length)
        let matched = match set {
            None => starts_with(d, classes).then_some((keep_start..keep_end, prefix_len)),
            Some((set_pos, set_offset)) => match_with_set(d, classes, set_pos, set_offset),
        };
        let Some((keep, match_len)) = matched else {
            continue;
        };

        // The first matching entry decides, as the first regex match does.
        let mut out = Digits::new();
        for &x in lit {
            if !out.push(u8::try_from(x).ok()?) {
                return None;
            }
        }
        if !out.extend(d.get(keep)?) || !out.extend(d.get(match_len..)?) {
            return None;
        }
        if matches_item(conflicts_at, conflict_count, d, false) {
            return Some(Outcome::Keep);
        }
        if possible_incomplete(lens, out.len)
            || matches_item(conflicts_at, conflict_count, out.as_slice(), true)
        {
            return Some(Outcome::Rewrite(out));
        }
        let lens = reject_lens.unwrap_or(lens);
        if possible_incomplete(lens, out.len) {
            return Some(Outcome::Keep);
        }
        return Some(Outcome::Reject(
            check_length(lens, out.len)
                .err()
                .unwrap_or(PhoneError::InvalidLength),
        ));
    }
    None
}

/// Matches an entry whose classes have a set spliced in at `set_pos`: the
/// first alternative (in order) for which the whole entry matches wins.
fn match_with_set(
    d: &[u8],
    classes: &[u16],
    set_pos: usize,
    set_offset: usize,
) -> Option<(core::ops::Range<usize>, usize)> {
    let before = classes.get(..set_pos)?;
    let after = classes.get(set_pos..)?;
    if !starts_with(d, before) {
        return None;
    }
    let mut s = Reader {
        words: &SETS,
        pos: set_offset,
    };
    let alts = s.next()?;
    for _ in 0..alts {
        let n = usize::from(s.next()?);
        let alt = s.take(n)?;
        let rest = d.get(set_pos..)?;
        if starts_with(rest, alt) && starts_with(rest.get(n..)?, after) {
            return Some((set_pos..set_pos + n, set_pos + n + after.len()));
        }
    }
    None
}

/// libphonenumber's "possible incomplete national number": not shorter than
/// the shortest length and not an impossible length in between (longer than
/// the longest counts as possible there).
fn possible_incomplete(lens: u32, len: usize) -> bool {
    if len < 32 && lens & (1 << len) != 0 {
        return true;
    }
    lens != 0 && len > 31 - lens.leading_zeros() as usize
}

/// Bit 31 of a conflict's length mask: the item describes a rewrite (a
/// length another region of the calling code allows), not an input.
const REWRITE_ITEM: u32 = 1 << 31;

/// Whether `d` matches one of an entry's conflict items: with
/// `rewrite_items` false, inputs that might be a national number themselves;
/// with true, rewrites of a length that another region sharing the code
/// allows (see the module docs of `metadata`).
fn matches_item(at: usize, count: u16, d: &[u8], rewrite_items: bool) -> bool {
    let mut r = Reader {
        words: &RULES,
        pos: at,
    };
    for _ in 0..count {
        let (Some(lo), Some(hi), Some(n)) = (r.next(), r.next(), r.next()) else {
            // A damaged table: be conservative (keep the digits).
            return !rewrite_items;
        };
        let Some(classes) = r.take(usize::from(n)) else {
            return !rewrite_items;
        };
        let mask = u32::from(lo) | (u32::from(hi) << 16);
        if (mask & REWRITE_ITEM != 0) != rewrite_items {
            continue;
        }
        if d.len() < 31 && mask & (1 << d.len()) != 0 && starts_with(d, classes) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests;
