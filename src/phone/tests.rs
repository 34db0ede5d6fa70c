use super::metadata::*;
use super::*;

fn ok(raw: &str, dc: Option<&str>) -> String {
    match normalize_phone_number(raw, dc) {
        Ok(v) => v,
        Err(e) => panic!("{raw:?} ({dc:?}) rejected: {e:?}"),
    }
}

fn err(raw: &str, dc: Option<&str>) -> PhoneError {
    match normalize_phone_number(raw, dc) {
        Ok(v) => panic!("{raw:?} ({dc:?}) accepted as {v}"),
        Err(e) => e,
    }
}

/// Output must be E.164 and normalize to itself, with or without a default.
fn assert_fixpoint(v: &str) {
    assert!(
        v.starts_with('+') && v[1..].bytes().all(|b| b.is_ascii_digit()),
        "{v}"
    );
    assert_eq!(ok(v, None), v);
    assert_eq!(ok(v, Some("US")), v);
    assert_eq!(ok(v, Some("gb")), v);
}

#[test]
fn brief_examples() {
    assert_eq!(ok("020 7946 0958", Some("GB")), "+442079460958");
    assert_eq!(ok("(206) 555-1234", Some("US")), "+12065551234");
    assert_eq!(ok("+1 206 555 1234", None), "+12065551234");
    assert_eq!(err("+999 1234567", None), PhoneError::UnknownCountryCode);
    assert_eq!(err("+999 1234567", None).code(), "unknown_country_code");
    assert_eq!(err("+1 555", None).code(), "invalid_phone_length");
    assert_eq!(err("+44 20 7946 abc", None).code(), "phone_letters");
    assert_eq!(err("12065551234", None), PhoneError::MissingPlus);
    assert_eq!(err("12065551234", None).code(), "missing_country_code");
    assert!(err("12065551234", None).message().contains('+'));
}

#[test]
fn outputs_are_fixpoints() {
    let cases: &[(&str, Option<&str>)] = &[
        ("020 7946 0958", Some("GB")),
        ("(206) 555-1234", Some("US")),
        ("+1 206 555 1234", None),
        ("+44 (0)20 7946 0958", None),
        ("8 (912) 345-67-89", Some("RU")),
        ("011 15-2345-6789", Some("AR")),
        ("460 1234", Some("AG")),
        ("+800 1234 5678", None),
        ("03-1234-5678", Some("JP")),
        ("8 029 491-19-11", Some("BY")),
        ("0412 345 678", Some("AU")),
    ];
    for &(raw, dc) in cases {
        assert_fixpoint(&ok(raw, dc));
    }
}

#[test]
fn formatting_is_removed() {
    let want = "+442079460958";
    for raw in [
        "+44 20 7946 0958",
        "+44-20-7946-0958",
        "+44.20.7946.0958",
        "+44 (20) 7946 0958",
        "(+44) 20 7946 0958",
        "+44/20/7946/0958",
        "+44\u{a0}20\u{a0}7946\u{a0}0958",
        "+44\u{202f}20\u{2009}7946\u{3000}0958",
        "+44\u{2013}20\u{2014}7946\u{2011}0958",
        "\u{feff}+44 20 7946 0958\u{200b}",
        "\u{200e}+44 20 7946 0958\u{200f}",
        "  +442079460958\n",
        "\t+44 20 7946 0958 ",
    ] {
        assert_eq!(ok(raw, None), want, "{raw:?}");
    }
}

#[test]
fn digits_of_other_scripts_are_read_as_libphonenumber_reads_them() {
    // full-width, Arabic-Indic and Extended Arabic-Indic digits
    assert_eq!(ok("+４４ ２０ ７９４６ ０９５８", None), "+442079460958");
    assert_eq!(ok("（２０６）５５５－１２３４", Some("US")), "+12065551234");
    assert_eq!(ok("+٤٤٢٠٧٩٤٦٠٩٥٨", None), "+442079460958");
    assert_eq!(ok("۰۲۱ ۱۲۳۴ ۵۶۷۸", Some("IR")), "+982112345678");
    assert_eq!(ok("+44 20 7946 ０958", None), "+442079460958");
    // other decimal digits are not (Devanagari, Mongolian), nor is a full-width plus
    assert_eq!(err("+४४ २० ७९४६ ०९५८", None), PhoneError::InvalidCharacters);
    assert_eq!(
        err("᠒᠐᠖ ᠕᠕᠕ ᠑᠒᠓᠔", Some("US")),
        PhoneError::InvalidCharacters
    );
    assert_eq!(
        err("＋44 20 7946 0958", None),
        PhoneError::InvalidCharacters
    );
}

#[test]
fn invisible_marks_are_removed_anywhere() {
    for mark in [
        '\u{ad}', '\u{61c}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{200e}', '\u{200f}',
        '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2060}', '\u{2066}',
        '\u{2069}', '\u{feff}',
    ] {
        for raw in [
            format!("{mark}+44 20 7946 0958"),
            format!("+44 20 7946 0958{mark}"),
            format!("+44 20{mark}7946 0958"),
        ] {
            assert_eq!(ok(&raw, None), "+442079460958", "{raw:?}");
        }
    }
}

#[test]
fn extensions_are_their_own_error() {
    for raw in [
        "+44 20 7946 0958 ext 12",
        "+44 20 7946 0958 ext. 12",
        "+44 20 7946 0958 extension 12",
        "+44 20 7946 0958 Ext: 12",
        "+44 20 7946 0958 EXTN 12",
        "+44 20 7946 0958 xtn 12",
        "+44 20 7946 0958 x12",
        "+44 20 7946 0958 X 12",
        "+44 20 7946 0958 #12",
        "+44 20 7946 0958#12#",
        "+44 20 7946 0958,,12",
        "+44 20 7946 0958, ext 12",
        "+44 20 7946 0958;12",
        "+44 20 7946 0958;ext=12",
        "+44 20 7946 0958 ~12",
        "+44 20 7946 0958 int 12",
        "+44 20 7946 0958 anexo 12",
        "+44 20 7946 0958 доб. 12",
        "+44 20 7946 0958 extensión 12",
        "+44 20 7946 0958 ｅｘｔ １２",
        "+44 20 7946 0958 x12 ",
    ] {
        assert_eq!(err(raw, None), PhoneError::Extension, "{raw:?}");
        assert_eq!(err(raw, None).code(), "phone_extension");
        assert_eq!(err(raw, Some("GB")), PhoneError::Extension, "{raw:?}");
    }
    assert_eq!(err("020 7946 0958 x12", Some("GB")), PhoneError::Extension);
    assert!(PhoneError::Extension.message().contains("extension"));
    // each label allows as many digits as libphonenumber's pattern does
    let n = "+44 20 7946 0958";
    for (label, most, beyond) in [
        (" ext. ", 20, PhoneError::Letters),
        (";ext=", 20, PhoneError::InvalidCharacters),
        (" x", 9, PhoneError::Letters),
        (" #", 9, PhoneError::InvalidCharacters),
        (" int ", 9, PhoneError::Letters),
        (";", 15, PhoneError::InvalidCharacters),
        (",,", 15, PhoneError::InvalidCharacters),
        (",", 9, PhoneError::InvalidCharacters),
    ] {
        let digits = "7".repeat(most);
        assert_eq!(
            err(&format!("{n}{label}{digits}"), None),
            PhoneError::Extension,
            "{label:?}"
        );
        assert_eq!(
            err(&format!("{n}{label}{digits}7"), None),
            beyond,
            "{label:?}"
        );
    }
    // a label without digits, or with more than 20, is not an extension
    assert_eq!(err("+44 20 7946 0958 x", None), PhoneError::Letters);
    assert_eq!(err("+44 20 7946 0958 ext. abc", None), PhoneError::Letters);
    let long = format!("+44 20 7946 0958 x{}", "1".repeat(21));
    assert_eq!(err(&long, None), PhoneError::Letters);
    assert_eq!(
        err("+44 20 7946 0958#", None),
        PhoneError::InvalidCharacters
    );
    // nor is anything before the first digit
    assert_eq!(err("x12", Some("GB")), PhoneError::Letters);
    assert_eq!(err("#12", Some("GB")), PhoneError::InvalidCharacters);
}

#[test]
fn tel_uris_are_their_own_error() {
    for raw in [
        "tel:+442079460958",
        "TEL:+44-20-7946-0958",
        " tel:+44 20 7946 0958",
        "tel:020-7946-0958;phone-context=+44",
        "tel:+442079460958;ext=12",
    ] {
        assert_eq!(err(raw, None), PhoneError::TelUri, "{raw:?}");
        assert_eq!(err(raw, Some("GB")).code(), "phone_tel_uri");
    }
}

#[test]
fn letters_are_their_own_error() {
    for raw in [
        "+44 20 7946 abc",
        "1-800-FLOWERS",
        "Tel: +44 20 7946 0958",
        "+44 20 7946 0958 (office)",
        "+44 20 7946 0958a",
        "Ω",
    ] {
        assert_eq!(err(raw, Some("GB")), PhoneError::Letters, "{raw:?}");
    }
}

#[test]
fn other_characters() {
    for raw in [
        "+44*20",
        "++44 20 7946 0958",
        "+44 +20 7946 0958",
        "44+2079460958",
        "+44_20",
        "+44 20 7946 0958\u{0}",
        "😀",
        "☎ +44 20 7946 0958",
        "+1 206 555 1234;",
        "+44 [20] 7946 0958",
        "+44 20~7946~0958",
        "+44 20 7946 0958,",
    ] {
        assert_eq!(err(raw, None), PhoneError::InvalidCharacters, "{raw:?}");
        assert_eq!(
            err(raw, Some("GB")),
            PhoneError::InvalidCharacters,
            "{raw:?}"
        );
        assert_eq!(err(raw, None).code(), "phone_invalid_characters");
    }
}

#[test]
fn empty_and_lone_plus() {
    assert_eq!(err("", None), PhoneError::Empty);
    assert_eq!(err("   ", Some("GB")), PhoneError::Empty);
    assert_eq!(err("()-. /", None), PhoneError::Empty);
    assert_eq!(err("", None).code(), "invalid_phone");
    assert_eq!(err("+", None), PhoneError::TooShort);
    assert_eq!(err(" + ", Some("US")), PhoneError::TooShort);
    assert_eq!(err("+", None).code(), "invalid_phone_length");
}

#[test]
fn calling_codes() {
    // incomplete code
    assert_eq!(err("+9", None), PhoneError::TooShort);
    assert_eq!(err("+99", None), PhoneError::TooShort);
    assert_eq!(err("+1", None), PhoneError::TooShort);
    // unassigned codes
    assert_eq!(err("+0 20 7946 0958", None), PhoneError::UnknownCountryCode);
    assert_eq!(
        err("+01 206 555 1234", None),
        PhoneError::UnknownCountryCode
    );
    assert_eq!(err("+999", None), PhoneError::UnknownCountryCode);
    assert_eq!(err("+28 1234567", None), PhoneError::UnknownCountryCode);
    assert_eq!(err("+969 1234567", None), PhoneError::UnknownCountryCode);
    // shared and non-geographic codes
    assert_eq!(ok("+7 912 345 67 89", None), "+79123456789");
    assert_eq!(ok("+7 701 234 5678", None), "+77012345678");
    assert_eq!(ok("+1 604 555 0100", None), "+16045550100");
    assert_eq!(ok("+800 1234 5678", None), "+80012345678");
    assert_eq!(ok("+808 1234 5678", None), "+80812345678");
    assert_eq!(ok("+870 773 111 632", None), "+870773111632");
    assert_eq!(ok("+882 1234 5678", None), "+88212345678");
    assert_eq!(ok("+979 1234 56789", None), "+979123456789");
    assert_eq!(err("+800 123", None), PhoneError::TooShort);
    // 3-digit codes are found after 1- and 2-digit ones are ruled out
    assert_eq!(ok("+353 1 234 5678", None), "+35312345678");
    assert_eq!(ok("+358 40 1234567", None), "+358401234567");
}

#[test]
fn lengths() {
    // +1: 10 digits, and 7 only for CA's 310-xxxx numbers (libphonenumber-js
    // judges a +1 number by the region it belongs to)
    assert_eq!(err("+1 206 555 123", None), PhoneError::TooShort);
    assert_eq!(err("+1 206 555", None), PhoneError::TooShort);
    assert_eq!(ok("+1 310 1234", None), "+13101234");
    assert_eq!(err("+1 253 0000", None), PhoneError::TooShort);
    assert_eq!(err("+1 206 555 12345", None), PhoneError::TooLong);
    // GB: 7, 9 or 10 digits
    assert_eq!(err("+44 12345678", None), PhoneError::InvalidLength);
    assert_eq!(err("+44 12345678", None).code(), "invalid_phone_length");
    // never more than 15 digits unless the plan allows: JP has 17-digit numbers
    assert_eq!(err("+1 2065551234 123456", None), PhoneError::TooLong);
    assert_eq!(ok("+81 20 1234 5678 90123", None).len(), 1 + 2 + 15);
    assert_eq!(ok("+81 2012345678901234", None), "+812012345678901234");
}

#[test]
fn possible_lengths_as_libphonenumber_js_judges_them() {
    // the calling code typed without "+": taken off when the digits cannot
    // be a national number (a DE number can be 10 digits starting with 49,
    // but not this one)
    assert_eq!(ok("4930123456", Some("DE")), "+4930123456");
    assert_eq!(ok("49 30 123456", Some("DE")), "+4930123456");
    assert_eq!(ok("030 123456", Some("DE")), "+4930123456");
    // lengths only for local dialling are not possible: 7-digit NANPA
    // numbers, also when they look like a date
    assert_eq!(err("253-0000", Some("US")), PhoneError::TooShort);
    assert_eq!(err("31/8/2011", Some("US")), PhoneError::TooShort);
    assert_eq!(err("+1 253 0000", None), PhoneError::TooShort);
    // ... but CA's 7-digit 310 numbers are, in any NANPA region and after +1
    assert_eq!(ok("310-1234", Some("CA")), "+13101234");
    assert_eq!(ok("310-1234", Some("US")), "+13101234");
    // a region of a shared code is judged by its own lengths: IM has only
    // 10-digit numbers, GB also 9-digit ones
    assert_eq!(ok("1624 123456", Some("IM")), "+441624123456");
    assert_eq!(ok("+44 20 7946 095", None), "+44207946095");
    assert_eq!(err("020 7946 095", Some("IM")), PhoneError::TooShort);
    // a national number is also judged as the "+" number it becomes, so
    // that the output normalizes to itself: libphonenumber-js calls this
    // 7-digit number possible in CA (by CA's lengths) but not as +1 499 2643
    assert_eq!(err("499 2643", Some("CA")), PhoneError::TooShort);
    assert_eq!(err("+1 499 2643", None), PhoneError::TooShort);
    // (in a one-area-code region, a 7-digit local number gets the area code)
    assert_eq!(ok("499 2643", Some("AG")), "+12684992643");
}

#[test]
fn default_country() {
    assert_eq!(ok("020 7946 0958", Some("gb")), "+442079460958");
    assert_eq!(ok("020 7946 0958", Some(" GB ")), "+442079460958");
    assert_eq!(ok("20 7946 0958", Some("GB")), "+442079460958");
    assert_eq!(ok("206 555 1234", Some("US")), "+12065551234");
    assert_eq!(ok("1 206 555 1234", Some("US")), "+12065551234");
    assert_eq!(ok("1 (604) 555-0100", Some("CA")), "+16045550100");
    // a "+" wins over the default
    assert_eq!(ok("+33 1 23 45 67 89", Some("US")), "+33123456789");
    // RU: trunk prefix 8, and 800 numbers start with 8 themselves
    assert_eq!(ok("8 (912) 345-67-89", Some("RU")), "+79123456789");
    assert_eq!(ok("8 800 555 35 35", Some("RU")), "+78005553535");
    assert_eq!(ok("800 555 35 35", Some("RU")), "+78005553535");
    assert_eq!(ok("912 345 67 89", Some("RU")), "+79123456789");
    // HU: two-digit trunk prefix
    assert_eq!(ok("06 1 234 5678", Some("HU")), "+3612345678");
    // DE, FR, JP, AU, IT (no trunk prefix: the 0 is part of the number)
    assert_eq!(ok("030 123456", Some("DE")), "+4930123456");
    assert_eq!(ok("01 23 45 67 89", Some("FR")), "+33123456789");
    assert_eq!(ok("03-1234-5678", Some("JP")), "+81312345678");
    assert_eq!(ok("0412 345 678", Some("AU")), "+61412345678");
    assert_eq!(ok("02 1234 5678", Some("IT")), "+390212345678");
    // regions without a trunk prefix keep every digit
    assert_eq!(ok("9123 4567", Some("SG")), "+6591234567");
    // unknown default country, and an empty one meaning "none"
    assert_eq!(
        err("020 7946 0958", Some("ZZ")),
        PhoneError::UnknownDefaultCountry
    );
    assert_eq!(
        err("020 7946 0958", Some("UK")),
        PhoneError::UnknownDefaultCountry
    );
    assert_eq!(
        err("020 7946 0958", Some("GBR")),
        PhoneError::UnknownDefaultCountry
    );
    // ... reported only for a number that needs it: "+" never depends on it
    assert_eq!(ok("+44 20 7946 0958", Some("XX")), "+442079460958");
    assert_eq!(ok("+1 650 253 0000", Some("AQ")), "+16502530000");
    assert_eq!(ok("00 44 20 7946 0958", Some("FR")), "+442079460958");
    assert_eq!(
        err("00 44 20 7946 0958", Some("XX")).code(),
        "unknown_default_country"
    );
    assert_eq!(err("", Some("XX")), PhoneError::Empty);
    assert_eq!(err("020 7946 0958", Some("")), PhoneError::MissingPlus);
    assert_eq!(err("020 7946 0958", Some("  ")), PhoneError::MissingPlus);
    // a national number of the wrong length
    assert_eq!(
        err("020 7946 09", Some("GB")).code(),
        "invalid_phone_length"
    );
}

#[test]
fn regex_trunk_rules() {
    // AR: "0" + area code + "15" mobile token -> 9 + area code + number
    assert_eq!(ok("011 15-2345-6789", Some("AR")), "+5491123456789");
    assert_eq!(ok("11 15 2345 6789", Some("AR")), "+5491123456789");
    assert_eq!(ok("0341 15-234-5678", Some("AR")), "+5493412345678");
    assert_eq!(ok("011 2345-6789", Some("AR")), "+541123456789");
    // NANPA single-area-code regions complete 7-digit local numbers
    assert_eq!(ok("460 1234", Some("AG")), "+12684601234");
    assert_eq!(ok("1 268 460 1234", Some("AG")), "+12684601234");
    // BY: "8 0xx" -> both digits are the prefix
    assert_eq!(ok("8 029 491-19-11", Some("BY")), "+375294911911");
    // BR: trunk prefix plus carrier code
    assert_eq!(ok("0 21 11 96123-4567", Some("BR")), "+5511961234567");
    assert_eq!(ok("(11) 96123-4567", Some("BR")), "+5511961234567");
    assert_eq!(ok("011 96123-4567", Some("BR")), "+5511961234567");
    // GB: "0" only (not the 2nd alternative) and Channel Islands local form
    assert_eq!(ok("01481 256789", Some("GG")), "+441481256789");
    // SM: 6-digit local numbers get 0549
    assert_eq!(ok("886377", Some("SM")), "+3780549886377");
}

#[test]
fn international_call_prefix() {
    assert_eq!(ok("00 44 20 7946 0958", Some("FR")), "+442079460958");
    assert_eq!(ok("0044 (0)20 7946 0958", Some("DE")), "+442079460958");
    assert_eq!(ok("011 44 20 7946 0958", Some("US")), "+442079460958");
    assert_eq!(ok("8 10 44 20 7946 0958", Some("RU")), "+442079460958");
    assert_eq!(ok("0011 44 20 7946 0958", Some("AU")), "+442079460958");
    // a 0 after the prefix: not a calling code, so national digits (too many)
    assert_eq!(err("00 0 20 7946 0958", Some("FR")), PhoneError::TooLong);
    // prefix followed by an unassigned code
    assert_eq!(
        err("00 999 1234567", Some("FR")),
        PhoneError::UnknownCountryCode
    );
}

#[test]
fn calling_code_without_plus() {
    assert_eq!(ok("44 20 7946 0958", Some("GB")), "+442079460958");
    assert_eq!(ok("33 1 23 45 67 89", Some("FR")), "+33123456789");
    assert_eq!(ok("86 139 1234 5678", Some("CN")), "+8613912345678");
    // in NANPA the calling code is the national prefix anyway
    assert_eq!(ok("1 206 555 1234", Some("US")), "+12065551234");
}

#[test]
fn not_a_number() {
    // a national prefix written twice: "0 0 …" is not an international call
    // prefix in AU ("0011") and cannot be a number
    assert_eq!(err("00 2 9876 5432", Some("AU")), PhoneError::InvalidNumber);
    assert_eq!(err("+61 0 0 2 9876 543", None), PhoneError::InvalidNumber);
    assert_eq!(err("+61 0 0 2 9876 543", None).code(), "invalid_phone");
    // ... unless its length already rules it out
    assert_eq!(err("+61 0 0 2 9876 5432", None), PhoneError::InvalidLength);
}

#[test]
fn trunk_prefix_after_plus() {
    assert_eq!(ok("+44 (0)20 7946 0958", None), "+442079460958");
    assert_eq!(ok("+44 0 20 7946 0958", None), "+442079460958");
    assert_eq!(ok("+7 8 912 345 67 89", None), "+79123456789");
    assert_eq!(ok("+49 (0)30 123456", None), "+4930123456");
    assert_eq!(ok("+1 1 206 555 1234", None), "+12065551234");
    // a number whose length is already possible is kept as written
    assert_eq!(ok("+61 412 345 678", None), "+61412345678");
}

#[test]
fn huge_inputs_are_errors() {
    let digits = "1".repeat(10 * 1024 * 1024);
    assert_eq!(err(&digits, None), PhoneError::TooLong);
    assert_eq!(err(&format!("+{digits}"), Some("US")), PhoneError::TooLong);
    assert_eq!(err(&digits, Some("GB")), PhoneError::TooLong);
    let spaces = " ".repeat(10 * 1024 * 1024);
    assert_eq!(err(&spaces, None), PhoneError::Empty);
    let letters = "a".repeat(10 * 1024 * 1024);
    assert_eq!(err(&letters, None), PhoneError::Letters);
    let after_digits = format!("+44 20 7946 0958 x{letters}");
    assert_eq!(err(&after_digits, None), PhoneError::Letters);
    // just above the bound
    let d = "2".repeat(MAX_DIGITS + 1);
    assert_eq!(err(&format!("+1{d}"), None), PhoneError::TooLong);
}

#[test]
fn error_codes_and_messages() {
    let all = [
        PhoneError::Empty,
        PhoneError::InvalidCharacters,
        PhoneError::Letters,
        PhoneError::Extension,
        PhoneError::TelUri,
        PhoneError::MissingPlus,
        PhoneError::UnknownCountryCode,
        PhoneError::TooShort,
        PhoneError::TooLong,
        PhoneError::InvalidLength,
        PhoneError::UnknownDefaultCountry,
        PhoneError::InvalidNumber,
    ];
    for e in all {
        // every code is a public issue code
        assert!(crate::issue::IssueCode::parse(e.code()).is_some(), "{e:?}");
        let m = e.message();
        assert!(m.ends_with('.') && m.len() < 120, "{m}");
        assert_eq!(e.to_string(), m);
    }
    let mut codes: Vec<&str> = all.iter().map(|e| e.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), 9);
}

#[test]
fn known_regions() {
    for r in ["GB", "gb", "Gb", "US", "RU", "KZ", "XK", "AC", "TA", "GG"] {
        assert!(is_known_region(r), "{r}");
    }
    for r in [
        "", "G", "UK", "ZZ", "GBR", "001", "G1", "ǴB", "g\u{0}", " GB",
    ] {
        assert!(!is_known_region(r), "{r:?}");
    }
}

#[test]
fn region_list() {
    let list: Vec<(&str, u16)> = regions().collect();
    assert_eq!(list.len(), REGION_CODES.len());
    assert_eq!(REGION_NAMES.len(), 2 * REGION_CODES.len());
    assert!(list.windows(2).all(|w| w[0].0 < w[1].0));
    assert!(list.contains(&("US", 1)));
    assert!(list.contains(&("CA", 1)));
    assert!(list.contains(&("GB", 44)));
    assert!(list.contains(&("KZ", 7)));
    for (name, code) in list {
        assert!(is_known_region(name));
        assert!(code_index(code).is_some());
        assert!(name.bytes().all(|b| b.is_ascii_uppercase()));
    }
}

#[test]
fn tables_are_consistent() {
    assert!(SOURCE_VERSION.starts_with("libphonenumber-js@"));
    let codes: Vec<u16> = (0..CODE_COUNT).map(|i| code_value(i).unwrap()).collect();
    assert_eq!(code_value(CODE_COUNT), None);
    assert!(codes.windows(2).all(|w| w[0] < w[1]));
    for (i, &c) in codes.iter().enumerate() {
        assert_eq!(code_index(c), Some(i));
    }
    assert_eq!(code_index(0), None);
    assert_eq!(code_index(999), None);
    assert_eq!(code_index(u16::MAX), None);
    for c in [1, 7, 44, 800, 808, 870, 878, 881, 882, 883, 888, 979, 998] {
        assert!(codes.contains(&c), "{c}");
    }
    assert_eq!(codes.len(), CODE_LENGTHS.len());
    assert_eq!(codes.len(), CODE_RULES.len());
    assert_eq!(REGION_CODES.len(), REGION_RULES.len());
    assert_eq!(REGION_CODES.len(), REGION_IDD.len());
    // prefix-free
    for &a in &codes {
        for &b in &codes {
            let (sa, sb) = (a.to_string(), b.to_string());
            assert!(a == b || !sb.starts_with(&sa), "{a} {b}");
        }
    }
    for &c in &CODE_LENGTHS {
        assert!(c != 0 && c & 1 == 0);
        assert!(31 - c.leading_zeros() as usize <= MAX_NSN_LEN);
    }
    for &i in REGION_CODES.iter() {
        assert!(usize::from(i) < codes.len());
    }
    // every rule parses within the table, and the stream holds nothing else
    let mut r = Reader {
        words: &RULES,
        pos: 0,
    };
    let mut rules = 0usize;
    while r.pos < RULES.len() {
        assert_eq!(RULE_STARTS.get(rules).map(|&s| usize::from(s)), Some(r.pos));
        skip_rule(&mut r).unwrap();
        rules += 1;
    }
    assert_eq!(r.pos, RULES.len());
    assert_eq!(RULE_STARTS.len(), rules);
    for &x in REGION_RULES.iter().chain(CODE_RULES.iter()) {
        assert!(usize::from(x) < rules);
        assert!(rule_reader(x).is_some());
    }
    // international call prefixes likewise
    let mut s = Reader {
        words: &IDDS,
        pos: 0,
    };
    let mut idds = 0usize;
    while s.pos < IDDS.len() {
        for _ in 0..s.next().unwrap() {
            let n = usize::from(s.next().unwrap());
            s.take(n).unwrap();
        }
        idds += 1;
    }
    assert_eq!(s.pos, IDDS.len());
    assert!(REGION_IDD.iter().all(|&i| usize::from(i) <= idds));
    assert!(CODE_PREFIX_REGIONS.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(CODE_PREFIX_REGIONS.len(), CODE_PREFIX_AT.len());
    assert_eq!(POSSIBLE_KEYS.len(), POSSIBLE_AT.len());
    assert!(POSSIBLE_KEYS.windows(2).all(|w| w[0] < w[1]));
}

/// Deterministic xorshift PRNG for the property test below.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_inputs_never_panic_and_outputs_are_fixpoints() {
    let alphabet: Vec<char> = "0123456789012345678901234567890123456789 +-().//x\u{a0}١"
        .chars()
        .collect();
    let countries: Vec<&str> = regions().map(|(r, _)| r).collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut accepted = 0;
    for i in 0..60_000 {
        let len = rng.below(24);
        let mut s: String = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        if i % 3 == 0 {
            s.insert(0, '+');
        }
        let dc = match i % 4 {
            0 => None,
            1 => Some("ZZ"),
            _ => Some(countries[rng.below(countries.len())]),
        };
        if let Ok(v) = normalize_phone_number(&s, dc) {
            accepted += 1;
            assert_fixpoint(&v);
        }
    }
    assert!(accepted > 1000, "only {accepted} accepted");
}
