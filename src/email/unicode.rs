//! Lookups in the generated tables of `tables.rs` (see `scripts/email/gen_tables.py`
//! for their encodings), and Unicode Normalization Form C built on them.
//!
//! The tables are sequences of entries in code point order; a lookup starts at
//! the entry that the table's skip index gives for its code point (a binary
//! search of a few dozen records at most) and decodes at most one block of
//! entries (32) and one more from there, so that every lookup
//! costs about the same whatever the character (finding F6 in RELIABILITY.md:
//! when lookups scanned from U+0080, characters far into the tables cost a
//! hundred times more). The one exception is composing for NFC: for the 54
//! characters that compose with what precedes them (combining accents in
//! decomposed text), the 928 pairs are scanned; any other character costs a
//! binary search of those 54. There are no caches: nothing is kept between calls.

use super::tables;

/// A generated table (see `scripts/email/gen_tables.py` for the encodings):
/// its entries, and the skip index into them.
pub(super) struct Table {
    /// The code point the first entry counts from.
    pub(super) first: u32,
    /// The entries, LEB128 varints.
    pub(super) data: &'static [u8],
    /// For every 32nd entry (`tables::SKIP`), a 5-byte record: the code point
    /// the entry counts from (3 bytes, little-endian) and its byte offset in
    /// `data` (2 bytes, little-endian), in increasing order.
    pub(super) skip: &'static [u8],
}

/// Length of a skip index record.
const RECORD: usize = 5;

impl Table {
    /// The `i`-th record of the skip index: (base code point, byte offset).
    fn record(&self, i: usize) -> Option<(u32, usize)> {
        #[cfg(test)]
        count_step();
        match *self.skip.get(i * RECORD..(i + 1) * RECORD)? {
            [a, b, c, d, e] => Some((
                u32::from(a) | u32::from(b) << 8 | u32::from(c) << 16,
                usize::from(d) | usize::from(e) << 8,
            )),
            _ => None,
        }
    }

    /// Where a lookup of `cp` starts: the varints from the last indexed entry
    /// that counts from a code point at most `cp` (or from the first entry),
    /// and that code point. Every entry before it ends at or before `cp`, so
    /// a scan from the start would have passed it without an answer.
    fn seek(&self, cp: u32) -> (Varints<'static>, u32) {
        // Records below `lo` count from at most `cp`; those from `hi` on, from
        // more. The characters of the first block (Latin…) need no search.
        let (mut lo, mut hi) = match self.record(0) {
            Some((base, _)) if base <= cp => (1, self.skip.len() / RECORD),
            _ => (0, 0),
        };
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.record(mid) {
                Some((base, _)) if base <= cp => lo = mid + 1,
                _ => hi = mid,
            }
        }
        match lo.checked_sub(1).and_then(|i| self.record(i)) {
            Some((base, pos)) => (
                Varints {
                    data: self.data,
                    pos,
                },
                base,
            ),
            None => (Varints::new(self.data), self.first),
        }
    }
}

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

impl Varints<'_> {
    /// The next byte as it is (not a varint).
    fn byte(&mut self) -> Option<u8> {
        #[cfg(test)]
        count_step();
        let byte = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(byte)
    }
}

impl Iterator for Varints<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        #[cfg(test)]
        count_step();
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

/// Value of the run containing `cp` in a `len << 3 | value` run table; 0
/// past the end.
#[inline(never)]
fn run_value(table: &Table, cp: u32) -> u32 {
    let (runs, mut start) = table.seek(cp);
    for v in runs {
        start = start.saturating_add(v >> 3);
        if cp < start {
            return v & 7;
        }
    }
    0
}

/// Whether `cp` lies in a `(gap, len)` range table whose first gap counts
/// from `pos`.
#[inline(never)]
fn in_ranges(mut table: Varints<'_>, mut pos: u32, cp: u32) -> bool {
    loop {
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
    }
}

/// Character class of a non-ASCII character, as `email-validator` sees it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Class(u32);

impl Class {
    /// Unsafe (control, format, space, unassigned…), or not modelled.
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
    Class(run_value(&tables::MAIN, cp))
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
    let (mut it, mut prev_end) = tables::MAP.seek(cp);
    loop {
        let (gap, count, stride, zigzag) = (it.next()?, it.next()?, it.next()?, it.next()?);
        let start = prev_end.checked_add(gap)?;
        if cp < start {
            return None;
        }
        let last = start.checked_add(count.checked_sub(1)?.checked_mul(stride)?)?;
        if cp <= last && stride != 0 && (cp - start) % stride == 0 {
            return char::from_u32(unzigzag(cp, zigzag)?);
        }
        prev_end = last.checked_add(1)?;
    }
}

/// Whether UTS #46 removes `c` from a domain (variation selectors and the like).
pub(super) fn ignored(c: char) -> bool {
    in_table(&tables::IGNORED, u32::from(c))
}

/// Whether `cp` lies in a range table.
fn in_table(table: &Table, cp: u32) -> bool {
    let (ranges, pos) = table.seek(cp);
    in_ranges(ranges, pos, cp)
}

/// Order-preserving rank of the canonical combining class of `c` (0 for starters).
#[inline(never)]
fn ccc_rank(c: char) -> u32 {
    let cp = u32::from(c);
    if cp < 0x80 {
        return 0;
    }
    let (mut it, mut pos) = tables::CCC.seek(cp);
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

/// `base` moved by the zigzag-encoded difference `z` (0, -1, 1, -2, … as 0, 1, 2, 3, …).
fn unzigzag(base: u32, z: u32) -> Option<u32> {
    let half = i64::from(z >> 1);
    let delta = if z & 1 == 0 { half } else { -half - 1 };
    u32::try_from(i64::from(base) + delta).ok()
}

// Hangul syllables decompose and compose by arithmetic (Unicode 3.12).
const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

/// Deepest nesting of canonical decompositions (U+1F82 → U+1F02 U+0345 →
/// U+1F00 U+0300 U+0345 → U+03B1 U+0313 U+0300 U+0345 takes three steps),
/// with room to spare; it only guards against a damaged table.
const MAX_DEPTH: u32 = 8;

/// The canonical decomposition of `c` into one or two characters, if it has one.
#[inline(never)]
fn decomposition(c: char) -> Option<(u32, Option<u32>)> {
    let cp = u32::from(c);
    if cp < 0x80 {
        return None;
    }
    if let Some(i) = cp.checked_sub(S_BASE).filter(|&i| i < S_COUNT) {
        let t = i % T_COUNT;
        return Some(if t == 0 {
            (L_BASE + i / N_COUNT, Some(V_BASE + i % N_COUNT / T_COUNT))
        } else {
            (cp - t, Some(T_BASE + t))
        });
    }
    decompose_only(cp).or_else(|| primary_decomposition(cp))
}

/// The decomposition of `cp` if NFC never composes it again (a singleton,
/// an exclusion, a non-starter decomposition).
fn decompose_only(cp: u32) -> Option<(u32, Option<u32>)> {
    let mut index = 0;
    for &(start, count) in &tables::CJK_RUNS {
        if let Some(i) = cp.checked_sub(start).filter(|&i| i < count) {
            let at = usize::try_from(index + i).ok()? * 2;
            return match *tables::CJK_TARGETS.get(at..at + 2)? {
                [lo, hi] => Some((cjk_target(u32::from(lo) | u32::from(hi) << 8), None)),
                _ => None,
            };
        }
        index += count;
    }
    let (mut it, mut next) = tables::DECOMPOSE.seek(cp);
    // A lookup starts at the start of a block, where first targets count from 0.
    let mut prev_target = 0;
    loop {
        let source = next.checked_add(it.next()?)?;
        let packed = it.next()?;
        let target = unzigzag(prev_target, packed >> 1)?;
        let second = if packed & 1 != 0 {
            Some(it.next()?)
        } else {
            None
        };
        if source >= cp {
            return (source == cp).then_some((target, second));
        }
        next = source + 1;
        prev_target = target;
    }
}

/// The ideograph that a value of `tables::CJK_TARGETS` stands for.
fn cjk_target(v: u32) -> u32 {
    if v < 0x6C00 {
        0x3400 + v
    } else {
        0x20000 + v - 0x6C00
    }
}

/// Reads the entries of `tables::PAIRS` from a block start: (composite,
/// first, index of the second in `tables::SECONDS`).
struct Pairs {
    it: Varints<'static>,
    next: u32,
    /// Entries left in the current block, after which `first` resets.
    left: usize,
    first: Option<u32>,
}

impl Pairs {
    /// The entries from the block whose lookup of `cp` starts.
    fn at(cp: u32) -> Self {
        let (it, next) = tables::PAIRS.seek(cp);
        Pairs {
            it,
            next,
            left: tables::SKIP,
            first: None,
        }
    }
}

impl Iterator for Pairs {
    type Item = (u32, u32, u32);

    fn next(&mut self) -> Option<(u32, u32, u32)> {
        if self.left == 0 {
            (self.left, self.first) = (tables::SKIP, None);
        }
        self.left -= 1;
        let composite = self.next.checked_add(self.it.next()?)?;
        let packed = self.it.byte()?;
        let first = match (packed >> 6, self.first) {
            (0, Some(f)) => f,
            (1, Some(f)) => f.checked_add(0x20)?,
            (2, Some(f)) => unzigzag(f, self.it.next()?)?,
            (3, _) => unzigzag(composite, self.it.next()?)?,
            _ => return None,
        };
        self.next = composite.checked_add(1)?;
        self.first = Some(first);
        Some((composite, first, u32::from(packed & 63)))
    }
}

/// The two characters a primary composite (one that NFC composes again) is made of.
fn primary_decomposition(cp: u32) -> Option<(u32, Option<u32>)> {
    let (composite, first, second) = Pairs::at(cp).find(|&(c, _, _)| c >= cp)?;
    if composite != cp {
        return None;
    }
    let second = *tables::SECONDS.get(usize::try_from(second).ok()?)?;
    Some((first, Some(u32::from(second))))
}

/// The primary composite of `a` followed by `b`, if there is one.
#[inline(never)]
fn compose(a: u32, b: u32) -> Option<u32> {
    if (L_BASE..L_BASE + L_COUNT).contains(&a) && (V_BASE..V_BASE + V_COUNT).contains(&b) {
        return Some(S_BASE + ((a - L_BASE) * V_COUNT + b - V_BASE) * T_COUNT);
    }
    let syllable = a.wrapping_sub(S_BASE);
    if syllable < S_COUNT && syllable % T_COUNT == 0 && (T_BASE + 1..T_BASE + T_COUNT).contains(&b)
    {
        return Some(a + b - T_BASE);
    }
    // Only the few characters of SECONDS compose with what precedes them;
    // for those, the pairs are scanned (they are sorted by composite).
    let b = u16::try_from(b).ok()?;
    let second = u32::try_from(tables::SECONDS.binary_search(&b).ok()?).ok()?;
    Pairs::at(0)
        .find(|&(_, f, s)| f == a && s == second)
        .map(|(c, _, _)| c)
}

/// Appends the full canonical decomposition of `cp` (with the combining
/// class rank of each character) to `out`.
fn decompose_into(cp: u32, depth: u32, out: &mut Vec<(char, u32)>) {
    let Some(c) = char::from_u32(cp) else {
        return;
    };
    match decomposition(c).filter(|_| depth < MAX_DEPTH) {
        None => out.push((c, ccc_rank(c))),
        Some((first, second)) => {
            decompose_into(first, depth + 1, out);
            if let Some(second) = second {
                decompose_into(second, depth + 1, out);
            }
        }
    }
}

/// Unicode Normalization Form C of `chars` (which the class table accepts,
/// or ASCII), as Python's `unicodedata.normalize("NFC", …)` gives it. Natively
/// the generated tables compute it ([`nfc_by_tables`]); in wasm the host's
/// `String.prototype.normalize("NFC")` does, which keeps the tables (about
/// 6 KB gzip) out of the validation bundle. The two agree on everything the
/// rules can pass here: email-validator rejects unassigned code points
/// (category `Cn`, and IDNA's "disallowed") before it normalizes, and so do
/// the class tables, and Unicode's stability policy fixes the NFC of assigned
/// characters in every later version. `tests/wasm.rs` checks host against
/// tables over every accepted character, every composing pair and random
/// strings, in Node and in Chromium.
#[cfg(target_arch = "wasm32")]
pub(super) fn nfc(chars: &[char]) -> Vec<char> {
    // Below U+0300 nothing has a combining class, composes with what precedes
    // it or decomposes into something else, so text of only those is in NFC
    // (checked for every pair against Python's unicodedata): no host call.
    if chars.iter().all(|&c| c < '\u{300}') {
        return chars.to_vec();
    }
    let text: String = chars.iter().collect();
    host::normalize(&text, "NFC").chars().collect()
}

/// See the wasm `nfc`: natively, the tables.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn nfc(chars: &[char]) -> Vec<char> {
    nfc_by_tables(chars)
}

#[cfg(target_arch = "wasm32")]
mod host {
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen]
    extern "C" {
        /// `String.prototype.normalize.call(text, form)`: one call, no JS
        /// string object kept on the Rust side.
        #[wasm_bindgen(js_namespace = ["String", "prototype", "normalize"], js_name = call)]
        pub(super) fn normalize(text: &str, form: &str) -> String;
    }
}

/// The check of the wasm build's host NFC against the tables (for
/// `tests/wasm.rs` only; nothing in the package calls it, so the tables are
/// linked into no shipped wasm).
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod host_nfc_check {
    /// `text` in NFC by the host (what validation uses in wasm).
    pub fn by_host(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        super::nfc(&chars).into_iter().collect()
    }

    /// `text` in NFC by the generated tables (what validation uses natively).
    pub fn by_tables(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        super::nfc_by_tables(&chars).into_iter().collect()
    }

    /// Every non-ASCII character the class table accepts: all that the email
    /// rules ever normalize.
    pub fn accepted() -> Vec<char> {
        (0x80..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| !super::class(c).rejected())
            .collect()
    }

    /// The accepted characters that have a non-zero combining class; one of
    /// them for each class; and the first and the second characters of the
    /// compositions.
    pub fn composing() -> [Vec<char>; 4] {
        let marks: Vec<char> = accepted()
            .into_iter()
            .filter(|&c| super::ccc_rank(c) != 0)
            .collect();
        let mut classes: Vec<char> = Vec::new();
        for &mark in &marks {
            let rank = super::ccc_rank(mark);
            if !classes.iter().any(|&c| super::ccc_rank(c) == rank) {
                classes.push(mark);
            }
        }
        let mut firsts: Vec<char> = super::Pairs::at(0)
            .filter_map(|(_, first, _)| char::from_u32(first))
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        let seconds = super::tables::SECONDS
            .iter()
            .filter_map(|&s| char::from_u32(u32::from(s)))
            .collect();
        [marks, classes, firsts, seconds]
    }
}

/// Unicode Normalization Form C of `chars` from the generated tables:
/// canonical decomposition, canonical ordering, canonical composition.
fn nfc_by_tables(chars: &[char]) -> Vec<char> {
    let mut buf = Vec::with_capacity(chars.len() + 4);
    for &c in chars {
        decompose_into(u32::from(c), 0, &mut buf);
    }
    // Canonical ordering: a stable insertion sort of each run of marks.
    for i in 1..buf.len() {
        let mut j = i;
        while let (Some(&(_, prev)), Some(&(_, rank))) = (buf.get(j.wrapping_sub(1)), buf.get(j)) {
            if rank == 0 || prev <= rank {
                break;
            }
            buf.swap(j - 1, j);
            j -= 1;
        }
    }
    let mut out: Vec<char> = Vec::with_capacity(buf.len());
    let mut starter: Option<usize> = None;
    // The rank of the last character kept since the starter (0 right after it).
    let mut last = u32::MAX;
    for (c, rank) in buf {
        if let Some(s) = starter {
            if last < rank || last == 0 {
                let composed = out
                    .get(s)
                    .and_then(|&a| compose(u32::from(a), u32::from(c)))
                    .and_then(char::from_u32);
                if let (Some(composite), Some(slot)) = (composed, out.get_mut(s)) {
                    *slot = composite;
                    continue;
                }
            }
        }
        if rank == 0 {
            starter = Some(out.len());
        }
        last = rank;
        out.push(c);
    }
    out
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
    match run_value(&tables::BIDI, u32::from(c)) {
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
        Script::Greek => &tables::GREEK,
        Script::Hebrew => &tables::HEBREW,
        Script::KanaHan => &tables::KANA_HAN,
    };
    in_table(table, u32::from(c))
}

#[cfg(test)]
thread_local! {
    /// Varints decoded and skip index records read by this thread's lookups.
    static STEPS: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
}

/// Counts a step of a lookup (tests only).
#[cfg(test)]
fn count_step() {
    STEPS.with(|s| s.set(s.get() + 1));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The steps (varints decoded, skip index records read) that `f` takes.
    fn steps<T>(f: impl FnOnce() -> T) -> (T, usize) {
        let before = STEPS.with(|s| s.get());
        let out = f();
        (out, STEPS.with(|s| s.get()) - before)
    }

    /// The lookups as they were before the skip indexes (finding F6): plain
    /// linear scans from the start of each table. Verbatim but for taking the
    /// tables' data.
    mod linear {
        use super::super::{tables, Varints};

        pub(super) fn run_value(table: &[u8], cp: u32) -> u32 {
            let mut start = 0x80u32;
            for v in Varints::new(table) {
                start = start.saturating_add(v >> 3);
                if cp < start {
                    return v & 7;
                }
            }
            0
        }

        pub(super) fn in_ranges(mut table: Varints<'_>, cp: u32) -> bool {
            let mut pos = 0u32;
            loop {
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
            }
        }

        pub(super) fn map(c: char) -> Option<char> {
            let cp = u32::from(c);
            let mut it = Varints::new(tables::MAP.data);
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

        pub(super) fn ccc_rank(c: char) -> u32 {
            let cp = u32::from(c);
            if cp < 0x80 {
                return 0;
            }
            let mut it = Varints::new(tables::CCC.data);
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
    }

    const RANGE_TABLES: [(&str, &Table); 4] = [
        ("IGNORED", &tables::IGNORED),
        ("GREEK", &tables::GREEK),
        ("HEBREW", &tables::HEBREW),
        ("KANA_HAN", &tables::KANA_HAN),
    ];

    /// Number of code points, U+0000 to U+10FFFF.
    const ALL: usize = 0x11_0000;

    // The answers of the plain linear scans for every code point, each table
    // decoded once, from its start, in one pass (scanning from the start for
    // each of the 1 114 112 code points takes minutes in a debug build).
    // `decodings_are_the_linear_scans` checks them against the scans.

    /// `linear::run_value(table, cp)` for every `cp`.
    fn decoded_runs(table: &[u8]) -> Vec<u32> {
        let runs: Vec<u32> = Varints::new(table).collect();
        // The scan answers for code points below U+0080 with the first run.
        let mut out = vec![runs.first().map_or(0, |v| v & 7); 0x80];
        for v in runs {
            out.extend(std::iter::repeat(v & 7).take((v >> 3) as usize));
        }
        out.resize(ALL, 0);
        out
    }

    /// `linear::in_ranges(table, cp)` for every `cp`.
    fn decoded_ranges(table: &[u8]) -> Vec<bool> {
        let mut out = Vec::new();
        let mut it = Varints::new(table);
        while let (Some(gap), Some(len)) = (it.next(), it.next()) {
            out.resize(out.len() + gap as usize, false);
            out.resize(out.len() + len as usize, true);
        }
        out.resize(ALL, false);
        out
    }

    /// `linear::map(c)` for every code point.
    fn decoded_map() -> Vec<Option<char>> {
        let mut out = vec![None; ALL];
        let mut it = Varints::new(tables::MAP.data);
        let mut prev_end = 0;
        while let (Some(gap), Some(count), Some(stride), Some(zigzag)) =
            (it.next(), it.next(), it.next(), it.next())
        {
            let start = prev_end + gap;
            let delta = if zigzag & 1 == 0 {
                (zigzag >> 1) as i64
            } else {
                -((zigzag >> 1) as i64) - 1
            };
            for k in 0..count {
                let cp = start + k * stride;
                out[cp as usize] = u32::try_from(i64::from(cp) + delta)
                    .ok()
                    .and_then(char::from_u32);
            }
            prev_end = start + (count - 1) * stride + 1;
        }
        out
    }

    /// `linear::ccc_rank(c)` for every code point.
    fn decoded_ccc() -> Vec<u32> {
        let mut out = vec![0; ALL];
        let mut it = Varints::new(tables::CCC.data);
        let mut pos = 0x80;
        while let (Some(gap), Some(packed)) = (it.next(), it.next()) {
            let start = pos + gap;
            pos = start + (packed >> 6) + 1;
            out[start as usize..pos as usize].fill(packed & 63);
        }
        out
    }

    /// Every decomposition of `CJK_RUNS` and `DECOMPOSE`, decoded from the
    /// start: source → decomposition.
    fn decoded_decompose() -> Vec<Option<(u32, Option<u32>)>> {
        let mut out = vec![None; ALL];
        let mut targets = tables::CJK_TARGETS.chunks(2);
        for (start, count) in tables::CJK_RUNS {
            for cp in start..start + count {
                let t = targets.next().unwrap();
                out[cp as usize] = Some((cjk_target(u32::from(t[0]) | u32::from(t[1]) << 8), None));
            }
        }
        assert!(targets.next().is_none());
        let mut it = Varints::new(tables::DECOMPOSE.data);
        let (mut next, mut prev_target, mut i) = (0, 0, 0);
        while let (Some(gap), Some(packed)) = (it.next(), it.next()) {
            if i % tables::SKIP == 0 {
                prev_target = 0;
            }
            let source = next + gap;
            let target = unzigzag(prev_target, packed >> 1).unwrap();
            let second = (packed & 1 != 0).then(|| it.next().unwrap());
            assert!(out[source as usize].is_none());
            out[source as usize] = Some((target, second));
            (next, prev_target, i) = (source + 1, target, i + 1);
        }
        out
    }

    /// Every primary composite of `PAIRS`, decoded from the start:
    /// composite → (first, second).
    fn decoded_composites() -> Vec<Option<(u32, u32)>> {
        let mut out = vec![None; ALL];
        for (c, first, second) in Pairs::at(0) {
            out[c as usize] = Some((first, u32::from(tables::SECONDS[second as usize])));
        }
        out
    }

    /// The decodings give what the linear scans answer, for every code point
    /// below U+0800 and every 211th above it.
    #[test]
    fn decodings_are_the_linear_scans() {
        let main = decoded_runs(tables::MAIN.data);
        let bidi = decoded_runs(tables::BIDI.data);
        let ranges = RANGE_TABLES.map(|(_, t)| decoded_ranges(t.data));
        let (maps, ccc) = (decoded_map(), decoded_ccc());
        for cp in (0..0x800).chain((0x800..=0x10FFFF).step_by(211)) {
            let i = cp as usize;
            assert_eq!(
                main[i],
                linear::run_value(tables::MAIN.data, cp),
                "MAIN U+{cp:04X}"
            );
            assert_eq!(
                bidi[i],
                linear::run_value(tables::BIDI.data, cp),
                "BIDI U+{cp:04X}"
            );
            for ((name, table), decoded) in RANGE_TABLES.iter().zip(&ranges) {
                let scanned = linear::in_ranges(Varints::new(table.data), cp);
                assert_eq!(decoded[i], scanned, "{name} U+{cp:04X}");
            }
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(maps[i], linear::map(c), "MAP {c:?}");
                assert_eq!(ccc[i], linear::ccc_rank(c), "CCC {c:?}");
            }
        }
    }

    /// The most steps a lookup in `table` may take: the skip index's first
    /// record, a binary search of the others and the record found, then one
    /// block of entries and the next entry, each at most `varints` long, and
    /// the varint that finds the end of the table.
    fn most_steps(table: &Table, varints: usize) -> usize {
        let records = table.skip.len() / RECORD;
        let search = match records {
            0 => 1,
            n => 2 + (usize::BITS - n.leading_zeros()) as usize,
        };
        search + (tables::SKIP + 1) * varints + 1
    }

    /// The correctness proof of the skip index of `table`: for every code
    /// point, `lookup` answers as the plain linear scan from the start of the
    /// table did (`want`). And F6, without timings: whatever the character,
    /// the lookup takes at most one binary search and one block of entries
    /// of at most `varints` varints each (before the skip indexes, a
    /// character far into the tables decoded every entry before it: the
    /// 1 315 varints of `MAIN`).
    fn check<T: PartialEq + std::fmt::Debug>(
        name: &str,
        table: &Table,
        varints: usize,
        lookup: impl Fn(u32) -> Option<T>,
        want: impl Fn(u32) -> T,
    ) {
        let most = most_steps(table, varints);
        let mut worst = (0, 0);
        for cp in 0..=0x10FFFF {
            let (got, n) = steps(|| lookup(cp));
            if let Some(got) = got {
                assert_eq!(got, want(cp), "{name} U+{cp:04X}");
            }
            worst = worst.max((n, cp));
        }
        let (n, cp) = worst;
        assert!(
            n <= most,
            "{name}: {n} steps for U+{cp:04X}, more than {most}"
        );
    }

    #[test]
    fn main_lookups_equal_linear_scans_and_take_one_block() {
        let want = decoded_runs(tables::MAIN.data);
        check(
            "MAIN",
            &tables::MAIN,
            1,
            |cp| Some(run_value(&tables::MAIN, cp)),
            |cp| want[cp as usize],
        );
    }

    #[test]
    fn bidi_lookups_equal_linear_scans_and_take_one_block() {
        let want = decoded_runs(tables::BIDI.data);
        check(
            "BIDI",
            &tables::BIDI,
            1,
            |cp| Some(run_value(&tables::BIDI, cp)),
            |cp| want[cp as usize],
        );
    }

    #[test]
    fn map_lookups_equal_linear_scans_and_take_one_block() {
        let want = decoded_map();
        check(
            "MAP",
            &tables::MAP,
            4,
            |cp| char::from_u32(cp).map(map),
            |cp| want[cp as usize],
        );
    }

    #[test]
    fn ccc_lookups_equal_linear_scans_and_take_one_block() {
        let want = decoded_ccc();
        check(
            "CCC",
            &tables::CCC,
            2,
            |cp| char::from_u32(cp).map(ccc_rank),
            |cp| want[cp as usize],
        );
    }

    #[test]
    fn decompose_lookups_equal_the_tables_and_take_one_block() {
        let want = decoded_decompose();
        check(
            "DECOMPOSE",
            &tables::DECOMPOSE,
            3,
            |cp| Some(decompose_only(cp)),
            |cp| want[cp as usize],
        );
    }

    #[test]
    fn pair_lookups_equal_the_table_and_take_one_block() {
        let want = decoded_composites();
        check(
            "PAIRS",
            &tables::PAIRS,
            3,
            |cp| Some(primary_decomposition(cp)),
            |cp| want[cp as usize].map(|(a, b)| (a, Some(b))),
        );
    }

    /// Composing finds every primary composite and nothing else; it scans
    /// the pairs, but only for the characters of SECONDS (at most 3 varints
    /// an entry), and costs a binary search for any other character.
    #[test]
    fn compositions_are_the_pairs() {
        let want = decoded_composites();
        let scan = 3 * Pairs::at(0).count() + 1;
        let pairs: std::collections::HashMap<(u32, u32), u32> = want
            .iter()
            .enumerate()
            .filter_map(|(cp, p)| p.map(|p| (p, cp as u32)))
            .collect();
        assert!(pairs.len() > 900, "{} composites", pairs.len());
        for (&(a, b), &c) in &pairs {
            let (got, n) = steps(|| compose(a, b));
            assert_eq!(got, Some(c), "U+{a:04X} U+{b:04X}");
            assert!(n <= scan, "U+{a:04X} U+{b:04X}: {n} steps");
        }
        for &b in &tables::SECONDS {
            let b = u32::from(b);
            for a in (0x41..0x2000).step_by(7) {
                let (got, n) = steps(|| compose(a, b));
                assert_eq!(got, pairs.get(&(a, b)).copied(), "U+{a:04X} U+{b:04X}");
                assert!(n <= scan);
            }
        }
        for b in [0x41, 0x3b1, 0x4e00, 0x302f] {
            let (got, n) = steps(|| compose(0x41, b));
            assert_eq!((got, n), (None, 0), "U+{b:04X}");
        }
    }

    /// `nfc` is NFC: it agrees with an independent implementation (the
    /// `unicode-normalization` crate) on every accepted character alone, on
    /// every character that composes or decomposes followed by every
    /// character that composes or has a combining class, and on random
    /// strings of them.
    #[test]
    fn nfc_agrees_with_unicode_normalization() {
        use unicode_normalization::UnicodeNormalization;
        let oracle = |s: &[char]| -> Vec<char> { s.iter().copied().nfc().collect() };
        let accepted: Vec<char> = (0x80..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| !class(c).rejected())
            .collect();
        for &c in &accepted {
            assert_eq!(nfc(&[c]), oracle(&[c]), "{c:?}");
        }
        let composites = decoded_composites();
        let decomposes = decoded_decompose();
        let mut seconds: Vec<char> = composites
            .iter()
            .flatten()
            .filter_map(|&(_, b)| char::from_u32(b))
            .chain(accepted.iter().copied().filter(|&c| ccc_rank(c) != 0))
            .chain(('\u{1161}'..='\u{1175}').chain('\u{11a8}'..='\u{11c2}'))
            .collect();
        seconds.sort_unstable();
        seconds.dedup();
        let firsts: Vec<char> = (0..ALL)
            .filter(|&cp| composites[cp].is_some() || decomposes[cp].is_some())
            .filter_map(|cp| char::from_u32(cp as u32))
            .chain(
                composites
                    .iter()
                    .flatten()
                    .filter_map(|&(a, _)| char::from_u32(a)),
            )
            .chain(['\u{1100}', '\u{ac00}', '\u{ac01}', 'a', 'A'])
            .filter(|&c| c.is_ascii() || !class(c).rejected())
            .collect();
        // (Every second character of a composite, and every fifth other mark.)
        let composing: Vec<char> = seconds
            .iter()
            .enumerate()
            .filter(|&(i, &b)| i % 5 == 0 || tables::SECONDS.contains(&(b as u16)))
            .map(|(_, &b)| b)
            .collect();
        // (Every first character of a composite, and every fourth other.)
        let composite_firsts: std::collections::HashSet<u32> =
            composites.iter().flatten().map(|&(f, _)| f).collect();
        let heads = firsts
            .iter()
            .enumerate()
            .filter(|&(i, &a)| i % 4 == 0 || composite_firsts.contains(&u32::from(a)));
        for (_, &a) in heads {
            for &b in &composing {
                assert_eq!(nfc(&[a, b]), oracle(&[a, b]), "{a:?} {b:?}");
            }
        }
        let pool: Vec<char> = firsts
            .iter()
            .chain(&seconds)
            .chain(&seconds)
            .copied()
            .collect();
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..50_000 {
            let len = 1 + next(6);
            let s: Vec<char> = (0..len).map(|_| pool[next(pool.len())]).collect();
            assert_eq!(nfc(&s), oracle(&s), "{s:?}");
        }
    }

    #[test]
    fn range_lookups_equal_linear_scans_and_take_one_block() {
        for (name, table) in RANGE_TABLES {
            let want = decoded_ranges(table.data);
            check(
                name,
                table,
                2,
                |cp| Some(in_table(table, cp)),
                |cp| want[cp as usize],
            );
        }
    }

    /// Whole addresses (F6, without timings): the lookups of a validation
    /// take at most about a thousand steps per non-ASCII character, whatever
    /// the characters (before the skip indexes, 6 084 for the CJK characters
    /// of F6 and 11 577 for those of CJK Extension B, against 75 for Latin
    /// letters). Blocks of 32 entries rather than 16 keep the validation
    /// bundle within its budget, for about twice the steps.
    #[test]
    fn validation_steps_do_not_depend_on_which_characters() {
        fn steps_per_char(address: &str) -> usize {
            let (outcome, n) = steps(|| super::super::normalize_email(address));
            let non_ascii = outcome
                .expect("valid")
                .chars()
                .filter(|c| !c.is_ascii())
                .count();
            n / non_ascii
        }
        let latin: String = ('\u{e0}'..='\u{f6}').collect();
        let latin = steps_per_char(&format!("b@{latin}.{latin}.com"));
        // 22 and 16 CJK characters (U+358B–U+35A4).
        let cjk =
            steps_per_char("b@xn--K2K8KKKIKKKCKK2KKKKIKKKCKKKKK.xn--K2K8KKKIKKKCKK2KKKKIKKK.com");
        let plane2: String = (0..30)
            .map(|i| char::from_u32(0x2A6D6 - i * 3).unwrap())
            .collect();
        let plane2 = steps_per_char(&format!("b@{plane2}.{plane2}.com"));
        assert!(
            latin.max(cjk).max(plane2) <= 1000,
            "steps per character: Latin {latin}, CJK {cjk}, CJK Extension B {plane2}"
        );
    }
}
