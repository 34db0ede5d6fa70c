//! Likely typos of well-known mail domains (advice only, never an error).
//!
//! A domain is compared with each entry of [`WELL_KNOWN`], split at its first
//! period into a name (`gmail`) and a suffix (`com`, `co.uk`). It is a likely
//! typo when it is not itself a known domain and the two differ by at most one
//! edit (insertion, deletion, substitution or swap of adjacent characters) in the
//! suffix and at most one in the name; edits in the name count only for names of
//! five or more characters, because short names (`aol`, `live`, `me`) are one
//! edit away from many real domains.
//!
//! Examples: `gmial.com`, `gmai.com`, `gmail.co`, `gmail.con`, `hotmial.com`,
//! `yaho.com`, `outlok.com`, `iclod.com` → the well-known domain.

/// Well-known consumer mail domains that typos are checked against.
const WELL_KNOWN: [&str; 22] = [
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "ymail.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "protonmail.com",
    "proton.me",
    "gmx.com",
    "gmx.de",
    "web.de",
    "mail.com",
    "yahoo.co.uk",
    "hotmail.co.uk",
    "comcast.net",
    "verizon.net",
    "att.net",
];

/// Where the first period of each [`WELL_KNOWN`] domain is, so the loop can
/// skip, by length alone, every entry more than one edit away.
const WELL_KNOWN_DOTS: [u8; WELL_KNOWN.len()] = first_periods(WELL_KNOWN);

const fn first_periods<const N: usize>(domains: [&str; N]) -> [u8; N] {
    let mut dots = [0; N];
    let mut i = 0;
    while i < N {
        let bytes = domains[i].as_bytes();
        let mut at = 0;
        while at < bytes.len() && bytes[at] != b'.' {
            at += 1;
        }
        // A compile-time check: the length arithmetic below relies on it.
        assert!(
            at < bytes.len() && at < 256,
            "every well-known domain has a period"
        );
        dots[i] = at as u8;
        i += 1;
    }
    dots
}

/// Real domains that are one edit away from a well-known one; never flagged.
const ALSO_REAL: [&str; 6] = [
    "email.com",
    "cloud.com",
    "gmail.de",
    "hotmail.de",
    "outlook.de",
    "yahoo.de",
];

/// Edits between `a` and `b` when at most one (insertion, deletion,
/// substitution, or swap of two adjacent characters), else `None`.
fn edits(a: &[u8], b: &[u8]) -> Option<usize> {
    // Skip the common prefix and suffix; at most two characters may remain.
    let mut start = 0;
    while start < a.len() && a.get(start) == b.get(start) {
        start += 1;
    }
    let (mut end_a, mut end_b) = (a.len(), b.len());
    while end_a > start && end_b > start && a.get(end_a - 1) == b.get(end_b - 1) {
        end_a -= 1;
        end_b -= 1;
    }
    match (end_a - start, end_b - start) {
        (0, 0) => Some(0),
        (1, 1) | (0, 1) | (1, 0) => Some(1),
        (2, 2) if a.get(start) == b.get(start + 1) && a.get(start + 1) == b.get(start) => Some(1),
        _ => None,
    }
}

/// If the domain of a valid, normalized address looks like a typo of a
/// well-known mail domain (gmail.com, yahoo.com, hotmail.com, outlook.com,
/// icloud.com, …; e.g. `gmial.com`, `gmail.co`, `hotmial.com`), the likely
/// intended domain. Never suggests anything for a well-known domain itself.
///
/// ```
/// use heymilo_ingest::likely_domain_typo;
/// assert_eq!(likely_domain_typo("ada@gmial.com"), Some("gmail.com"));
/// assert_eq!(likely_domain_typo("ada@gmail.com"), None);
/// ```
pub fn likely_domain_typo(normalized: &str) -> Option<&'static str> {
    let bytes = normalized.as_bytes();
    let mut start = bytes.len();
    while start > 0 && bytes.get(start - 1) != Some(&b'@') {
        start -= 1;
    }
    if start == 0 {
        return None;
    }
    // Normalized domains are lower-case; anything else never matches.
    let domain = bytes.get(start..)?;
    // The length first: at opt-level "z" the slice comparison is a call.
    let is = |known: &&str| known.len() == domain.len() && known.as_bytes() == domain;
    if WELL_KNOWN.iter().any(is) || ALSO_REAL.iter().any(is) {
        return None;
    }
    let dot = domain.iter().position(|&b| b == b'.')?;
    let (name, suffix) = (domain.get(..dot)?, domain.get(dot + 1..)?);
    let mut best: Option<(usize, &'static str)> = None;
    for (known, dot) in WELL_KNOWN.into_iter().zip(WELL_KNOWN_DOTS) {
        let dot = usize::from(dot);
        // One edit changes a length by at most one.
        if name.len().abs_diff(dot) > 1 || suffix.len().abs_diff(known.len() - dot - 1) > 1 {
            continue;
        }
        let (Some(known_name), Some(known_suffix)) = (known.get(..dot), known.get(dot + 1..))
        else {
            continue;
        };
        let (Some(name_edits), Some(suffix_edits)) = (
            edits(name, known_name.as_bytes()),
            edits(suffix, known_suffix.as_bytes()),
        ) else {
            continue;
        };
        if name_edits == 1 && known_name.len() < 5 {
            continue;
        }
        let edits = name_edits + suffix_edits;
        match best {
            Some((fewest, _)) if fewest <= edits => {}
            _ => best = Some((edits, known)),
        }
    }
    best.map(|(_, known)| known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_typo_suggestions() {
        for (typo, intended) in [
            ("gmial.com", "gmail.com"),
            ("gmai.com", "gmail.com"),
            ("gamil.com", "gmail.com"),
            ("gmaill.com", "gmail.com"),
            ("gnail.com", "gmail.com"),
            ("gmail.co", "gmail.com"),
            ("gmail.con", "gmail.com"),
            ("gmail.cm", "gmail.com"),
            ("gmail.cmo", "gmail.com"),
            ("gmial.con", "gmail.com"),
            ("hotmial.com", "hotmail.com"),
            ("hotmal.com", "hotmail.com"),
            ("hotmail.co", "hotmail.com"),
            ("hotmial.co.uk", "hotmail.co.uk"),
            ("yaho.com", "yahoo.com"),
            ("yahooo.com", "yahoo.com"),
            ("outlok.com", "outlook.com"),
            ("iclod.com", "icloud.com"),
            ("icloud.cm", "icloud.com"),
            ("aol.con", "aol.com"),
            ("protonmial.com", "protonmail.com"),
        ] {
            assert_eq!(
                likely_domain_typo(&format!("ada@{typo}")),
                Some(intended),
                "{typo}"
            );
        }
    }

    #[test]
    fn email_typo_no_false_positives() {
        for domain in WELL_KNOWN.iter().chain(ALSO_REAL.iter()).copied().chain([
            "example.com",
            "aon.com",
            "mc.com",
            "gmx.net",
            "hotmail.fr",
            "yahoo.co.jp",
            "outlook.fr",
            "lve.com",
            "company.co",
            "münchen.de",
            "mail.gmail.com",
        ]) {
            assert_eq!(
                likely_domain_typo(&format!("ada@{domain}")),
                None,
                "{domain}"
            );
        }
        assert_eq!(likely_domain_typo("no-at-sign"), None);
        assert_eq!(likely_domain_typo("ada@GMAIL.COM"), None);
        assert_eq!(likely_domain_typo("ada@gmial.com@"), None);
    }

    #[test]
    fn email_typo_edits() {
        assert_eq!(edits(b"gmail", b"gmail"), Some(0));
        assert_eq!(edits(b"gmial", b"gmail"), Some(1));
        assert_eq!(edits(b"gmai", b"gmail"), Some(1));
        assert_eq!(edits(b"gmaill", b"gmail"), Some(1));
        assert_eq!(edits(b"gnail", b"gmail"), Some(1));
        assert_eq!(edits(b"aa", b"aaa"), Some(1));
        assert_eq!(edits(b"gxmaxl", b"gmail"), None);
        assert_eq!(edits(b"gamil", b"gmail"), Some(1));
        assert_eq!(edits(b"gmali", b"gmial"), None);
        assert_eq!(edits(b"", b"com"), None);
        assert_eq!(edits(b"cmo", b"com"), Some(1));
    }
}
