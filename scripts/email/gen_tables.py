#!/usr/bin/env python3
"""Generate src/email/tables.rs: compact Unicode tables for src/email.

The tables mirror, as closely as a few kilobytes allow, the Unicode data that
Python's `email-validator` uses through `unicodedata` (general category,
normalization, bidi class) and through the `idna` package (IDNA 2008 PVALID and
CONTEXTO classes, UTS #46 mapping, scripts).  Every table is derived here from
the installed packages; nothing is typed by hand.

Run from the repository root:  python3 scripts/email/gen_tables.py
(with idna 3.13; then `rustfmt src/email/tables.rs` is a no-op: the output is
already formatted).

Encodings (all numbers are LEB128 varints, code points start at 0x80):
  MAIN     runs: varint(len << 3 | class); class & 3: 0 reject, 1 letter/number/
           punctuation/symbol, 2 mark; class & 4: valid in a domain label after
           mapping (IDNA 2008 PVALID, with the restrictions below).  "Reject" means
           C*/Z* category, a plane or a rare combining mark we do not model, or a
           character that decomposes to one.
  MAP      UTS #46 one-character mappings: varint(gap from previous source end),
           varint(count), varint(stride), varint(zigzag(target - source)).
  IGNORED  UTS #46 ignored characters: varint(gap), varint(len).
  CCC      non-zero canonical combining classes, as order-preserving ranks 1..63:
           varint(gap), varint((len - 1) << 6 | rank).
  DECOMPOSE, PAIRS, CJK_RUNS/CJK_TARGETS, SECONDS
           the canonical decompositions that NFC needs, see their comments below
           (Hangul syllables are algorithmic).
  BIDI     runs from 0x80: varint(len << 3 | class); 0 default, 1 L, 2 R/AL, 3 AN,
           4 EN, 5 NSM, 6 other neutral (ES/CS/ET/ON/BN).
  GREEK / HEBREW / KANA_HAN   script ranges: varint(gap), varint(len).

Each table is a sequence of entries (a run, a mapping, a range, a mark with its
ranges), each counting from a code point that the entries before it decide
(its "base": where the previous entry ended; U+0080 or 0 for the first one).
So that a lookup does not decode every entry before its character, each table
also has a skip index: for every SKIP-th entry (SKIP, 2 x SKIP, ...), a 5-byte
record of its base (3 bytes, little-endian) and its byte offset in the table
(2 bytes, little-endian). A lookup of code point cp starts at the last record
whose base is at most cp (or at the start) and so decodes at most one block of
SKIP entries, and the next entry, whatever cp is.
"""
import bisect
import random
import sys
import unicodedata as ud
from pathlib import Path

import idna
import idna.idnadata as D
from idna.uts46data import uts46data

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src" / "email" / "tables.rs"
MAX = 0x110000
SKIP = 32  # entries per block of the skip indexes


def ranges_of(name):
    out = set()
    for r in D.codepoint_classes[name]:
        out.update(range(r >> 32, r & 0xFFFFFFFF))
    return out


def script(name):
    out = set()
    for r in D.scripts[name]:
        out.update(range(r >> 32, r & 0xFFFFFFFF))
    return out


def uts46_row(c):
    return uts46data[c if c < 256 else bisect.bisect_left(uts46data, (c, "Z")) - 1]


def uts46_valid_char(c):
    # Verbatim logic of email_validator.syntax.uts46_valid_char.
    if 0x80 <= c <= 0x9F:
        return False
    elif ((0x2010 <= c <= 0x2060 and not (0x2024 <= c <= 0x2026) and not (0x2028 <= c <= 0x202E))
          or c in (0x00AD, 0x2064, 0xFF0E) or 0x200B <= c <= 0x200D or 0x1BCA0 <= c <= 0x1BCA3):
        return True
    elif ud.category(chr(c)) in ("Cf", "Cn", "Co", "Cs", "Zs", "Zl", "Zp"):
        return False
    elif "002E" in ud.decomposition(chr(c)).split(" "):
        return False
    return True


PVALID = ranges_of("PVALID")
CONTEXTO = ranges_of("CONTEXTO")
CONTEXTJ = ranges_of("CONTEXTJ")
assert CONTEXTO == {0xB7, 0x375, 0x5F3, 0x5F4, 0x30FB, *range(0x660, 0x66A), *range(0x6F0, 0x6FA)}, CONTEXTO
assert CONTEXTJ == {0x200C, 0x200D}


def cat_class(c):
    g = ud.category(chr(c))[0]
    if g in "LNPS":
        return 1
    if g == "M":
        return 2
    return 0


# ---------------------------------------------------------------- normalization data
# Canonical decompositions (NFD) and their composition exclusions, from
# unicodedata; Hangul syllables are algorithmic and not stored.
DECOMP = {}
for c in range(0x80, MAX):
    d = ud.decomposition(chr(c))
    if d and not d.startswith("<"):
        DECOMP[c] = [int(x, 16) for x in d.split()]
        assert len(DECOMP[c]) in (1, 2), hex(c)
# Primary composites: pairs that NFC composes again (the others are
# singletons, non-starter decompositions and the composition exclusions).
PRIMARY = {c: d for c, d in DECOMP.items()
           if len(d) == 2 and ud.combining(chr(d[0])) == 0
           and ud.normalize("NFC", chr(d[0]) + chr(d[1])) == chr(c)}
DECOMP_ONLY = {c: d for c, d in DECOMP.items() if c not in PRIMARY}
for c, (a, b) in PRIMARY.items():
    assert ud.normalize("NFD", chr(c)) == ud.normalize("NFD", chr(a)) + chr(b), hex(c)


def full_nfd(c):
    return [ord(x) for x in ud.normalize("NFD", chr(c))]


def supported(c):
    """Supplementary planes: only emoji/symbols (U+1F000-U+1FBFF) and CJK (planes 2-3).

    Historic and minority scripts of plane 1 would cost about a third of the
    table; they are rejected (a documented approximation)."""
    return c < 0x10000 or 0x1F000 <= c < 0x1FC00 or 0x20000 <= c < 0x40000


# Ranges whose combining marks (with non-zero combining class) are rejected to
# keep the combining-class table small: Hebrew cantillation, Arabic Quranic
# annotation signs, Syriac, NKo, Samaritan, Mandaic, Arabic Extended-A/B,
# Combining Diacritical Marks Extended/Supplement, Vedic Extensions, Combining
# Marks for Symbols, Combining Half Marks.
RARE_MARK_BLOCKS = [(0x0591, 0x05AF), (0x0610, 0x061A), (0x06D6, 0x06ED), (0x0700, 0x08FF),
                    (0x1AB0, 0x1AFF), (0x1CD0, 0x1CFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF),
                    (0xFE20, 0xFE2F)]


def base_class(c):
    """0 reject, 1 ok, 2 mark (before the domain bit)."""
    k = cat_class(c)
    if k == 0 or not supported(c):
        return 0
    if k == 2 and ud.combining(chr(c)) and any(a <= c <= b for a, b in RARE_MARK_BLOCKS):
        return 0
    return k


BASE = [0] * MAX
for c in range(0x80, MAX):
    BASE[c] = base_class(c)
# A character whose decomposition has a rejected character is rejected too,
# so that normalizing never brings in a character without table data.
for c in sorted(DECOMP):
    if BASE[c] and any(x >= 0x80 and BASE[x] == 0 for x in full_nfd(c)):
        BASE[c] = 0
# ... and so is a primary composite of accepted characters (NFC output is
# made of these) only where its own category rejects it.
for c, (a, b) in PRIMARY.items():
    if BASE[c] == 0 and all(x < 0x80 or BASE[x] for x in full_nfd(c)):
        assert not supported(c) or cat_class(c) == 0, hex(c)

# ---------------------------------------------------------------- domain validity
BIDI_REGION = range(0x0590, 0x0900)


def dom_valid(c):
    if c < 0x80 or BASE[c] == 0 or c not in PVALID:
        return False
    row = uts46_row(c)
    assert row[1] in ("V", "D"), (hex(c), row)
    assert uts46_valid_char(c), hex(c)
    if ud.bidirectional(chr(c)) in ("R", "AL", "AN") and c not in BIDI_REGION:
        return False  # right-to-left scripts outside Hebrew/Arabic: not modelled
    return True


DOM = [False] * MAX
for c in range(0x80, MAX):
    DOM[c] = dom_valid(c)

# UTS #46 one-character mappings whose result we can validate.
MAPPING = {}
for c in range(0x80, MAX):
    if BASE[c] == 0 or not uts46_valid_char(c):
        continue
    row = uts46_row(c)
    if row[1] in ("M", "3") and len(row) == 3 and len(row[2]) == 1:
        t = ord(row[2])
        # Only case mappings, full-width ASCII letters/digits/hyphen/full stop and
        # the ideographic full stops; other compatibility mappings are rejected.
        is_case = ud.category(chr(c)) in ("Lu", "Lt") and chr(c).lower() == chr(t)
        is_wide = 0xFF01 <= c <= 0xFF5E or c in (0x3002, 0xFF61)
        if not (is_case or is_wide):
            continue
        if (t < 0x80 and (chr(t).isalnum() and chr(t).islower() or chr(t).isdigit() or t in (0x2D, 0x2E))) \
                or (t >= 0x80 and DOM[t]):
            MAPPING[c] = t
for c, t in MAPPING.items():
    assert t not in MAPPING
    assert not DOM[c]
IGNORED = [c for c in range(0x80, MAX)
           if BASE[c] != 0 and uts46_valid_char(c) and uts46_row(c)[1] == "I"]

# ---------------------------------------------------------------- checks of the NFC model


def ccc(c):
    return ud.combining(chr(c))


S_BASE, L_BASE, V_BASE, T_BASE, L_COUNT, V_COUNT, T_COUNT = 0xAC00, 0x1100, 0x1161, 0x11A7, 19, 21, 28
S_COUNT = L_COUNT * V_COUNT * T_COUNT
COMPOSE_PAIRS = {(a, b): c for c, (a, b) in PRIMARY.items()}


def model_decompose(c, out):
    """Python copy of `decompose` in src/email/unicode.rs."""
    if S_BASE <= c < S_BASE + S_COUNT:
        i = c - S_BASE
        out.append(L_BASE + i // (V_COUNT * T_COUNT))
        out.append(V_BASE + i % (V_COUNT * T_COUNT) // T_COUNT)
        if i % T_COUNT:
            out.append(T_BASE + i % T_COUNT)
        return
    d = DECOMP_ONLY.get(c) or PRIMARY.get(c)
    if d is None:
        out.append(c)
        return
    for x in d:
        model_decompose(x, out)


def model_compose(a, b):
    """Python copy of `compose` in src/email/unicode.rs."""
    if L_BASE <= a < L_BASE + L_COUNT and V_BASE <= b < V_BASE + V_COUNT:
        return S_BASE + ((a - L_BASE) * V_COUNT + b - V_BASE) * T_COUNT
    if S_BASE <= a < S_BASE + S_COUNT and (a - S_BASE) % T_COUNT == 0 and T_BASE < b < T_BASE + T_COUNT:
        return a + b - T_BASE
    return COMPOSE_PAIRS.get((a, b))


def model_nfc(s):
    """Python copy of `nfc` in src/email/unicode.rs: decompose, order, compose."""
    buf = []
    for ch in s:
        model_decompose(ord(ch), buf)
    # canonical ordering: a stable insertion sort of each run of marks
    for i in range(1, len(buf)):
        j = i
        while j > 0 and ccc(buf[j]) != 0 and ccc(buf[j - 1]) > ccc(buf[j]):
            buf[j - 1], buf[j] = buf[j], buf[j - 1]
            j -= 1
    if not buf:
        return ""
    out = [buf[0]]
    starter = 0
    last = 0 if ccc(buf[0]) == 0 else 256
    for c in buf[1:]:
        k = ccc(c)
        composite = model_compose(out[starter], c) if last < k or last == 0 else None
        if composite is not None:
            out[starter] = composite
            continue
        if k == 0:
            starter = len(out)
        last = k
        out.append(c)
    return "".join(map(chr, out))


def check_nfc_model():
    """The model is NFC on every accepted character alone, on every pair
    that composes, and on random strings of accepted characters."""
    ok = [c for c in range(0x80, MAX) if BASE[c]]
    for c in ok:
        assert model_nfc(chr(c)) == ud.normalize("NFC", chr(c)), hex(c)
    seconds = sorted({b for _, b in COMPOSE_PAIRS} | set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3)))
    firsts = sorted({a for a, _ in COMPOSE_PAIRS} | set(range(0x1100, 0x1113)) | set(range(0xAC00, 0xD7A4, 28)))
    for a in firsts:
        for b in seconds:
            s = chr(a) + chr(b)
            assert model_nfc(s) == ud.normalize("NFC", s), (hex(a), hex(b))
    rnd = random.Random(1)
    marks = [c for c in ok if ccc(c)]
    pool = [c for c in range(0x20, 0x3400) if c < 0x80 or BASE[c]] + seconds * 20 + firsts * 10 \
        + list(DECOMP) * 3 + marks * 3
    for _ in range(300000):
        s = "".join(chr(rnd.choice(pool)) for _ in range(rnd.randint(1, 6)))
        assert model_nfc(s) == ud.normalize("NFC", s), [hex(ord(x)) for x in s]


# ---------------------------------------------------------------- bidi


def bidi_class(c):
    b = ud.bidirectional(chr(c))
    return {"L": 1, "R": 2, "AL": 2, "AN": 3, "EN": 4, "NSM": 5}.get(b, 6 if b in ("ES", "CS", "ET", "ON", "BN") else 7)


BIDI = [None] * MAX  # None = don't care
for c in range(0x80, MAX):
    care = DOM[c] or c in CONTEXTO
    if not care:
        continue
    k = bidi_class(c)
    assert k != 7, hex(c)
    if c in BIDI_REGION or c in CONTEXTO:
        BIDI[c] = k
    elif BASE[c] == 1:
        BIDI[c] = 0 if k == 1 else k  # default for letters is L
        assert k in (1, 6), (hex(c), k)
    else:
        BIDI[c] = 0  # marks outside the region: unknown, rejected in bidi labels

# ---------------------------------------------------------------- encoding


def varint(n):
    assert n >= 0
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def runs(values, start=0x80, end=MAX, default=0):
    """Run-length encode values[start:end]; None entries join the previous run."""
    out = []
    cur = None
    for c in range(start, end):
        v = values[c]
        if v is None:
            v = cur if cur is not None else default
        if out and out[-1][1] == v:
            out[-1][0] += 1
        else:
            out.append([1, v])
        cur = v
    # Trailing runs equal to the default need not be stored.
    while out and out[-1][1] == default:
        out.pop()
    return out


class Table:
    """A table's entries, each with its base (the code point it counts from)."""

    def __init__(self, first):
        self.first = first
        self.entries = []  # [(base, bytes)]

    def add(self, base, data):
        assert not self.entries or base >= self.entries[-1][0]
        self.entries.append((base, bytes(data)))

    @property
    def data(self):
        return b"".join(d for _, d in self.entries)

    @property
    def skip(self):
        out = bytearray()
        offset = 0
        for i, (base, data) in enumerate(self.entries):
            if i and i % SKIP == 0:
                assert base < 1 << 24 and offset < 1 << 16
                out += base.to_bytes(3, "little") + offset.to_bytes(2, "little")
            offset += len(data)
        return bytes(out)


def enc_runs(rs):
    t = Table(0x80)
    start = 0x80
    for n, v in rs:
        t.add(start, varint(n << 3 | v))
        start += n
    return t


def enc_ranges(ranges):
    t = Table(0)
    prev = 0
    for a, b in ranges:
        t.add(prev, varint(a - prev) + varint(b - a + 1))
        prev = b + 1
    return t


def to_ranges(cps, dont_care=lambda c: False):
    cps = sorted(cps)
    rs = []
    for c in cps:
        if rs and all(dont_care(x) for x in range(rs[-1][1] + 1, c)):
            rs[-1][1] = c
        else:
            rs.append([c, c])
    return rs


main_vals = [None] * MAX
for c in range(0x80, MAX):
    b = BASE[c]
    if b == 0:
        main_vals[c] = 0
    elif c in MAPPING:
        main_vals[c] = ("dc", b)  # domain bit is don't-care: mapped first
    else:
        main_vals[c] = b | (4 if DOM[c] else 0)
# resolve don't-care domain bits by copying the previous run's bit
prev = 0
for c in range(0x80, MAX):
    v = main_vals[c]
    if isinstance(v, tuple):
        v = v[1] | (prev & 4)
        main_vals[c] = v
    prev = v
MAIN = enc_runs(runs(main_vals))

m_items = sorted(MAPPING.items())
map_entries = []  # [start, count, stride, delta]
for c, t in m_items:
    d = t - c
    if map_entries:
        s, n, st, dd = map_entries[-1]
        last = s + (n - 1) * st
        if dd == d and ((n == 1 and c - last in (1, 2)) or (n > 1 and c - last == st)):
            map_entries[-1][1] += 1
            map_entries[-1][2] = c - last if n == 1 else st
            continue
    map_entries.append([c, 1, 1, d])
MAPB = Table(0)
prev_end = 0
for s, n, st, d in map_entries:
    MAPB.add(prev_end, varint(s - prev_end) + varint(n) + varint(st) + varint(d * 2 if d >= 0 else -d * 2 - 1))
    prev_end = s + (n - 1) * st + 1

IGNB = enc_ranges(to_ranges(IGNORED))

ccc_vals = [None] * MAX
for c in range(0x80, MAX):
    if BASE[c] != 0:
        ccc_vals[c] = ccc(c)
    # (classes of rejected characters are don't-care)
ccc_runs = runs(ccc_vals)
# Only the order of combining classes matters, so store ranks (1..63), not values.
CCC_RANK = {v: i + 1 for i, v in enumerate(sorted({v for _, v in ccc_runs if v}))}
assert len(CCC_RANK) < 64
CCCB = Table(0x80)
gap = 0
pos = 0x80
for n, v in ccc_runs:
    if v == 0:
        gap += n
    else:
        CCCB.add(pos, varint(gap) + varint((n - 1) << 6 | CCC_RANK[v]))
        pos += gap + n
        gap = 0
for c in range(0x80):
    assert ccc(c) == 0

def zigzag(d):
    return d * 2 if d >= 0 else -d * 2 - 1


# The CJK compatibility ideographs decompose to one unified ideograph each:
# runs of consecutive sources (CJK_RUNS: start, count) and, for each source
# in order, a 2-byte value v (little-endian): the target is U+3400 + v below
# 0x6C00 (U+3400-U+9FFF), else U+20000 + v - 0x6C00 (U+20000-U+293FF).
def cjk_value(t):
    if 0x3400 <= t < 0xA000:
        return t - 0x3400
    if 0x20000 <= t < 0x20000 + 0x10000 - 0x6C00:
        return t - 0x20000 + 0x6C00
    return None


CJK = [c for c in sorted(DECOMP_ONLY) if BASE[c] and (0xF900 <= c <= 0xFAFF or 0x2F800 <= c <= 0x2FA1F)
       and len(DECOMP_ONLY[c]) == 1 and cjk_value(DECOMP_ONLY[c][0]) is not None]
CJK_RUNS = []
CJK_TARGETS = bytearray()
for c in CJK:
    if CJK_RUNS and CJK_RUNS[-1][0] + CJK_RUNS[-1][1] == c:
        CJK_RUNS[-1][1] += 1
    else:
        CJK_RUNS.append([c, 1])
    CJK_TARGETS += cjk_value(DECOMP_ONLY[c][0]).to_bytes(2, "little")

# The other decompositions that NFC never composes again (singletons such as
# U+212B ANGSTROM SIGN, composition exclusions, non-starter decompositions),
# of accepted characters, by source: varint(gap), varint(zigzag(first target
# - previous first target) << 1 | has a second), [varint(second)]. The first
# target counts from 0 at the start of each block of SKIP entries, where a
# lookup may start.
DECB = Table(0)
prev_end = 0
prev_t = 0
for i, c in enumerate(x for x in sorted(DECOMP_ONLY) if BASE[x] and x not in set(CJK)):
    d = DECOMP_ONLY[c]
    if i % SKIP == 0:
        prev_t = 0
    data = varint(c - prev_end) + varint(zigzag(d[0] - prev_t) << 1 | (len(d) == 2))
    if len(d) == 2:
        data += varint(d[1])
    DECB.add(prev_end, data)
    prev_end = c + 1
    prev_t = d[0]

# Primary composites (those NFC composes again) of accepted characters, by
# composite: varint(gap), then a byte: the index of the second character in
# SECONDS | how the first character is written << 6: 0 the previous entry's,
# 1 the previous entry's + 0x20 (the other case), 2 varint(zigzag(first -
# previous first)) follows, 3 varint(zigzag(first - composite)) follows. The
# first entry of each block of SKIP entries has no previous entry.
prim = {c: d for c, d in PRIMARY.items() if BASE[c]}
for c, d in PRIMARY.items():
    if all(x < 0x80 or BASE[x] for x in d):
        assert BASE[c], hex(c)
SECONDS = sorted({y for _, y in prim.values()})
assert len(SECONDS) < 64 and all(0x80 <= y < 0x10000 for y in SECONDS)
second_index = {y: i for i, y in enumerate(SECONDS)}
PAIRB = Table(0)
prev_end = 0
prev_first = None
for i, c in enumerate(sorted(prim)):
    x, y = prim[c]
    if i % SKIP == 0:
        prev_first = None
    options = [(3, varint(zigzag(x - c)))]
    if prev_first is not None:
        options += [(2, varint(zigzag(x - prev_first)))]
        if x == prev_first + 0x20:
            options.append((1, b""))
        if x == prev_first:
            options.append((0, b""))
    mode, extra = min(options, key=lambda o: (len(o[1]), o[0]))
    PAIRB.add(prev_end, varint(c - prev_end) + bytes([second_index[y] | mode << 6]) + extra)
    prev_end = c + 1
    prev_first = x

BIDIB = enc_runs(runs(BIDI))


def script_table(cps):
    care = lambda c: c < 0x80 or DOM[c] or c in CONTEXTO
    members = [c for c in cps if c >= 0x80 and (DOM[c] or c in CONTEXTO)]
    return enc_ranges(to_ranges(members, dont_care=lambda c: not care(c)))


GREEK = script_table(script("Greek"))
HEBREW = script_table(script("Hebrew"))
KANA_HAN = script_table(script("Hiragana") | script("Katakana") | script("Han"))


def rust_bytes(data):
    """A byte string literal, 24 bytes a line (rustfmt leaves it as is)."""
    if not data:
        return 'b""'
    lines = ['b"\\']
    chunk = 24
    for i in range(0, len(data), chunk):
        part = "".join(f"\\x{b:02x}" for b in data[i:i + chunk])
        lines.append(f"    {part}\\")
    lines.append('"')
    return "\n".join(lines)


def chunk16(values):
    """u16 values, 12 a line, as rustfmt lays them out."""
    return "\n".join("    " + " ".join(f"0x{v:04x}," for v in values[i:i + 12])
                     for i in range(0, len(values), 12))


def rust_table(name, doc, table):
    data, skip = table.data, table.skip
    return (f"/// {doc} ({len(data)} bytes, {len(table.entries)} entries; "
            f"skip index {len(skip)} bytes.)\n"
            f"pub(super) static {name}: Table = Table {{\n"
            f"    first: 0x{table.first:x},\n"
            f"    data: {rust_bytes(data)},\n"
            f"    skip: {rust_bytes(skip)},\n"
            f"}};\n")


def check_domain_nfc():
    """In a domain, characters that UTS #46 maps and we do not model are kept
    and then normalized (NFC). For every such character alone, that gives
    UTS #46's result, or something the domain rules reject."""
    def kept(ch):
        c = ord(ch)
        return c < 0x80 and (ch.isalnum() and ch.islower() or ch.isdigit() or ch in "-.") \
            or c >= 0x80 and DOM[c]
    for c in range(0x80, MAX):
        if BASE[c] == 0 or c in MAPPING or not uts46_valid_char(c) or uts46_row(c)[1] == "I":
            continue
        ours = "".join(x.lower() if x.isascii() else x for x in model_nfc(chr(c)))
        try:
            want = idna.uts46_remap(chr(c), std3_rules=False, transitional=False)
        except idna.IDNAError:
            want = None
        assert ours == want or not all(kept(x) for x in ours), (hex(c), ours, want)


def main():
    check_nfc_model()
    tables = [
        ("MAIN", "Character classes from U+0080, run-length encoded", MAIN),
        ("MAP", "UTS #46 one-character mappings", MAPB),
        ("IGNORED", "UTS #46 ignored characters", IGNB),
        ("CCC", "Ranks of non-zero canonical combining classes", CCCB),
        ("DECOMPOSE", "Other decompositions that NFC does not compose again", DECB),
        ("PAIRS", "Primary composites and the two characters they are made of", PAIRB),
        ("BIDI", "Bidi classes of domain characters where not derivable", BIDIB),
        ("GREEK", "Greek script (CONTEXTO rule for U+0375)", GREEK),
        ("HEBREW", "Hebrew script (CONTEXTO rule for U+05F3, U+05F4)", HEBREW),
        ("KANA_HAN", "Hiragana, Katakana and Han scripts (CONTEXTO rule for U+30FB)", KANA_HAN),
    ]
    check_domain_nfc()
    total = sum(len(t.data) for _, _, t in tables) + len(CJK_TARGETS) + 6 * len(CJK_RUNS) + 2 * len(SECONDS)
    skips = sum(len(t.skip) for _, _, t in tables)
    head = f"""\
//! Unicode tables for the email module. GENERATED by `scripts/email/gen_tables.py`
//! -- do not edit by hand; re-run the script instead.
//!
//! Sources: Python {sys.version.split()[0]} `unicodedata` (Unicode {ud.unidata_version}),
//! `idna` {idna.__version__} (`idnadata`, `uts46data`; Unicode {D.__version__}).
//! Encodings are described in the script's docstring. Total: {total} bytes,
//! and {skips} bytes of skip indexes.

use super::unicode::Table;

/// Entries per block of the skip indexes: a lookup decodes at most this many
/// entries and one more (the tests of `unicode.rs` check it).
pub(super) const SKIP: usize = {SKIP};
"""
    body = "\n".join(rust_table(*t) for t in tables) + f"""
/// Second characters of the primary composites in [`PAIRS`], ascending.
pub(super) static SECONDS: [u16; {len(SECONDS)}] = [
{chunk16(SECONDS)}
];

/// Runs of CJK compatibility ideographs (first, count), whose targets are
/// [`CJK_TARGETS`], in order.
pub(super) static CJK_RUNS: [(u32, u32); {len(CJK_RUNS)}] = [
{chr(10).join(f"    (0x{a:x}, {n})," for a, n in CJK_RUNS)}
];

/// The unified ideograph each CJK compatibility ideograph of [`CJK_RUNS`]
/// decomposes to, 2 bytes little-endian each: U+3400 + v below 0x6C00, else
/// U+20000 + v - 0x6C00 ({len(CJK)} ideographs).
pub(super) static CJK_TARGETS: &[u8] = {rust_bytes(bytes(CJK_TARGETS))};
"""
    OUT.write_text(head + "\n" + body)
    for name, _, t in tables:
        print(f"{name:9} {len(t.data):6} bytes {len(t.entries):5} entries, skip index {len(t.skip):4} bytes",
              file=sys.stderr)
    print(f"total     {total:6} bytes and {skips} of skip indexes; mapped {len(MAPPING)} in {len(map_entries)} runs; "
          f"{len(prim)} composites, {len(CJK)} CJK compatibility ideographs ({len(CJK_TARGETS)} bytes)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
