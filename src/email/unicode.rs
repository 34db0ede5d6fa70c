//! Lookups in the generated tables of `tables.rs` (see `scripts/email/gen_tables.py`
//! for their encodings), and the conservative NFC check built on them.
//!
//! Every lookup is a linear scan of a few kilobytes at most; callers only look
//! up non-ASCII characters of inputs that are at most 254 bytes long.

use super::tables;

/// Reads LEB128 varints from a table; ends (returns `None`) at the end or on
/// malformed data, so a broken table can only make lookups answer "no".
struct Varints<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Varints<'a> {
    fn new(data: &'a [u8]) -> Self {
        Varints { data, pos: 0 }
    }
}

impl Iterator for Varints<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let mut value: u32 = 0;
        let mut shift = 0u32;
        loop {
            let byte = *self.data.get(self.pos)?;
            self.pos += 1;
            value |= u32::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(value);
            }
            shift += 7;
            if shift > 28 {
                return None;
            }
        }
    }
}

/// Value of the run containing `cp` in a `len << 3 | value` run table that
/// starts at U+0080; 0 past the end.
#[inline(never)]
fn run_value(table: &[u8], cp: u32) -> u32 {
    let mut start = 0x80u32;
    for v in Varints::new(table) {
        start = start.saturating_add(v >> 3);
        if cp < start {
            return v & 7;
        }
    }
    0
}

/// Whether `cp` lies in a `(gap, len)` range table.
#[inline(never)]
fn in_ranges(mut table: Varints<'_>, count: Option<u32>, cp: u32) -> bool {
    let mut pos = 0u32;
    let mut left = count.unwrap_or(u32::MAX);
    while left > 0 {
        let (Some(gap), Some(len)) = (table.next(), table.next()) else {
            return false;
        };
        let start = pos.saturating_add(gap);
        if cp < start {
            return false;
        }
        pos = start.saturating_add(len);
        if cp < pos {
            return true;
        }
        left -= 1;
    }
    false
}

/// Character class of a non-ASCII character, as `email-validator` sees it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Class(u32);

impl Class {
    /// Unsafe (control, format, space, unassigned…), not NFC-stable, or not modelled.
    pub(super) fn rejected(self) -> bool {
        self.0 & 3 == 0
    }
    /// A combining mark (general category M).
    pub(super) fn is_mark(self) -> bool {
        self.0 & 3 == 2
    }
    /// Valid in a domain label after UTS #46 mapping (IDNA 2008 PVALID), provided
    /// the character is not itself mapped.
    fn domain_bit(self) -> bool {
        self.0 & 4 != 0
    }
}

/// Class of `c` (ASCII is never looked up here; it answers "rejected").
#[inline(never)]
pub(super) fn class(c: char) -> Class {
    let cp = u32::from(c);
    if cp < 0x80 {
        return Class(0);
    }
    Class(run_value(tables::MAIN, cp))
}

/// Whether non-ASCII `c` may appear in an IDNA label as is (PVALID and modelled).
pub(super) fn domain_valid(c: char) -> bool {
    let k = class(c);
    !k.rejected() && k.domain_bit() && map(c).is_none()
}

/// UTS #46 mapping of `c` to a single character, when it has one we model.
#[inline(never)]
pub(super) fn map(c: char) -> Option<char> {
    let cp = u32::from(c);
    let mut it = Varints::new(tables::MAP);
    let mut prev_end = 0u32;
    loop {
        let (gap, count, stride, zigzag) = (it.next()?, it.next()?, it.next()?, it.next()?);
        let start = prev_end.checked_add(gap)?;
        if cp < start {
            return None;
        }
        let last = start.checked_add(count.checked_sub(1)?.checked_mul(stride)?)?;
        if cp <= last && stride != 0 && (cp - start) % stride == 0 {
            let half = i64::from(zigzag >> 1);
            let delta = if zigzag & 1 == 0 { half } else { -half - 1 };
            let target = u32::try_from(i64::from(cp) + delta).ok()?;
            return char::from_u32(target);
        }
        prev_end = last.checked_add(1)?;
    }
}

/// Whether UTS #46 removes `c` from a domain (variation selectors and the like).
pub(super) fn ignored(c: char) -> bool {
    in_ranges(Varints::new(tables::IGNORED), None, u32::from(c))
}

/// Order-preserving rank of the canonical combining class of `c` (0 for starters).
#[inline(never)]
fn ccc_rank(c: char) -> u32 {
    let cp = u32::from(c);
    if cp < 0x80 {
        return 0;
    }
    let mut it = Varints::new(tables::CCC);
    let mut pos = 0x80u32;
    while let (Some(gap), Some(packed)) = (it.next(), it.next()) {
        let start = pos.saturating_add(gap);
        if cp < start {
            return 0;
        }
        pos = start.saturating_add((packed >> 6) + 1);
        if cp < pos {
            return packed & 63;
        }
    }
    0
}

/// Whether the NFC_QC=Maybe mark `mark` would compose with the starter `starter`.
#[inline(never)]
fn composes(starter: char, mark: char) -> bool {
    let m = u32::from(mark);
    let mut it = Varints::new(tables::COMPOSE);
    let mut next = 0u32;
    while let (Some(gap), Some(n)) = (it.next(), it.next()) {
        let cp = next.saturating_add(gap);
        if cp == m {
            return in_ranges(it, Some(n), u32::from(starter));
        }
        if cp > m {
            return false;
        }
        for _ in 0..n.saturating_mul(2) {
            if it.next().is_none() {
                return false;
            }
        }
        next = cp.saturating_add(1);
    }
    false
}

/// Conservative NFC check: `true` only if `chars` is certainly in Normalization
/// Form C. Characters whose class is "rejected" (which includes every
/// character that is not NFC-stable and the composing marks we do not model)
/// answer `false`, as do out-of-order combining marks and modelled marks that
/// follow a starter they compose with.
pub(super) fn is_nfc(chars: &[char]) -> bool {
    let mut prev_rank = 0;
    let mut last_starter: Option<char> = None;
    for &c in chars {
        if !c.is_ascii() && class(c).rejected() {
            return false;
        }
        let rank = ccc_rank(c);
        if rank != 0 && prev_rank > rank {
            return false;
        }
        if let Some(s) = last_starter {
            if !c.is_ascii() && composes(s, c) {
                return false;
            }
        }
        if rank == 0 {
            last_starter = Some(c);
        }
        prev_rank = rank;
    }
    true
}

/// Bidi class of a domain character, for the RFC 5893 rules.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Bidi {
    /// Left-to-right.
    L,
    /// Right-to-left (R or AL).
    Rtl,
    /// Arabic number.
    An,
    /// European number.
    En,
    /// Non-spacing mark.
    Nsm,
    /// ES, CS, ET, ON or BN.
    Neutral,
    /// Not modelled (non-ASCII marks outside Hebrew/Arabic): rejected in bidi labels.
    Unknown,
}

/// Bidi class of a character of a validated label.
#[inline(never)]
pub(super) fn bidi(c: char) -> Bidi {
    if c.is_ascii_alphabetic() {
        return Bidi::L;
    }
    if c.is_ascii_digit() {
        return Bidi::En;
    }
    if c.is_ascii() {
        return Bidi::Neutral;
    }
    match run_value(tables::BIDI, u32::from(c)) {
        1 => Bidi::L,
        2 => Bidi::Rtl,
        3 => Bidi::An,
        4 => Bidi::En,
        5 => Bidi::Nsm,
        6 => Bidi::Neutral,
        _ => {
            let k = class(c);
            if !k.rejected() && !k.is_mark() {
                Bidi::L
            } else {
                Bidi::Unknown
            }
        }
    }
}

/// Scripts needed by the IDNA 2008 CONTEXTO rules.
#[derive(Clone, Copy)]
pub(super) enum Script {
    /// Greek.
    Greek,
    /// Hebrew.
    Hebrew,
    /// Hiragana, Katakana or Han.
    KanaHan,
}

/// Whether `c` (a character of a validated label) belongs to `script`.
pub(super) fn in_script(c: char, script: Script) -> bool {
    let table = match script {
        Script::Greek => tables::GREEK,
        Script::Hebrew => tables::HEBREW,
        Script::KanaHan => tables::KANA_HAN,
    };
    in_ranges(Varints::new(table), None, u32::from(c))
}
