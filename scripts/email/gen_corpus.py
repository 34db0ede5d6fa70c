#!/usr/bin/env python3
"""Generate the email test corpus by RUNNING Python's email-validator.

Writes, from the repository root:
  tests/data/email-corpus.json   the cases, with email-validator's verdicts
  tests/data/email-corpus.tsv    the same, line-based, read by tests/email_corpus.rs
  tests/data/email-codepoints.tsv
      for every code point from U+0080 (surrogates excepted), email-validator's
      verdict on four addresses built around it, run-length encoded

Every expectation comes from `validate_email(address, check_deliverability=False)`
with its other defaults (what pydantic's EmailStr applies); nothing is typed by
hand. KNOWN_DIFFERENCES lists addresses that email-validator accepts and the Rust
module knowingly rejects (see the doc comment of src/email/mod.rs); the script
checks that email-validator does accept them.

Usage: pip install email-validator && python3 scripts/email/gen_corpus.py
"""
import json
import platform
import sys
import unicodedata
from pathlib import Path

import email_validator
import idna
from email_validator import EmailNotValidError, validate_email

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def label(n, ch="a"):
    return ch * n


def exact(total):
    # Adjust the local part so the whole address is exactly `total` octets.
    domain = ".".join(["c" * 63, "d" * 63, "e" * 63, "com"])  # 195 octets
    return "l" * (total - 1 - len(domain)) + "@" + domain


def nonnfc_label():
    return "xn--" + "e\u0301".encode("punycode").decode() + ".com"


CASES = [
    # ---- ordinary
    "simple@example.com",
    "very.common@example.com",
    "disposable.style.email.with+symbol@example.com",
    "other.email-with-hyphen@example.com",
    "fully-qualified-domain@example.com",
    "user.name+tag+sorting@example.com",
    "x@example.com",
    "example-indeed@strange-example.com",
    "example@s.example",
    "user%example.com@example.org",
    "user-@example.org",
    "mailhost!username@example.org",
    "_______@example.com",
    "1234567890@example.com",
    "email@example.name",
    "email@example.museum",
    "email@example.co.jp",
    "firstname-lastname@example.com",
    "a!#$%&'*+/=?^_`{|}~-@example.com",
    "a+b@gmail.com",
    "a+@example.com",
    "Ada.Lovelace@Example.COM",
    "A@EXAMPLE.COM",
    "a@a.co",
    "a@a.c",
    "a@1.com",
    "a@a.1b",
    "a@example.c0m",
    "a@a-b.com",
    "a@a.b-c.com",
    "a@x.c-m",
    "a@a--b.com",
    "a@abc--d.com",
    "a@exa--mple.com",
    "a@example.org",
    "a@test.com",
    "a@localhost.com",
    "a@arpa.com",
    "a@x.localdomain",
    "a@x.internal",
    "a@x.example",
    "a@gmial.com",
    # ---- role names (RFC 2142) are lower-cased
    "Postmaster@example.com",
    "INFO@Example.com",
    "WWW@x.com",
    "postMaster.x@example.com",
    # ---- local-part dots and characters
    ".a@example.com",
    "a.@example.com",
    "a..b@example.com",
    "a.b.c@example.com",
    "a(b)@example.com",
    "a,b@example.com",
    "a;b@example.com",
    "a:b@example.com",
    "a\\b@example.com",
    "a[b]@example.com",
    'a"b@example.com',
    "a b@example.com",
    "a\tb@example.com",
    "a\n@example.com",
    "\ta@example.com",
    "a@example.com ",
    " a@example.com",
    # ---- quoted local parts, literals, display names
    '"john doe"@example.com',
    '"john"@example.com',
    '"a@b"@example.com',
    '""@example.com',
    'john."doe"@example.com',
    '"john..doe"@example.org',
    "a@[127.0.0.1]",
    "a@[IPv6:2001:db8::1]",
    "a@[300.1.1.1]",
    "a@[foo]",
    "a@127.0.0.1",
    "email@123.123.123.123",
    "Joe Smith <email@example.com>",
    "<email@example.com>",
    "email@example.com (Joe Smith)",
    # ---- @-signs and empty parts
    "",
    "@",
    "plainaddress",
    "email.example.com",
    "@example.com",
    "a@",
    "a@b@example.com",
    "a@@example.com",
    "email@example@example.com",
    "#@%^%#$@#$@#.com",
    "a\uff20example.com",
    "a\ufe6bexample.com",
    # ---- domain dots and hyphens
    "a@example.com.",
    "a@.example.com",
    "a@example..com",
    "a@-example.com",
    "a@example-.com",
    "a@x.-com",
    "a@example.com-",
    "a@ab--cd.com",
    "a@ex--ample.com",
    "a@exa_mple.com",
    "a@exa+mple.com",
    "a@exa mple.com",
    "a@example .com",
    # ---- single label, top-level domain
    "admin@mailserver1",
    "a@example",
    "a@com",
    "a@example.123",
    "a@example.co1",
    "a@1.2.3.4",
    "a@example.x1",
    # ---- special-use names
    "a@localhost",
    "a@foo.localhost",
    "a@x.test",
    "a@test",
    "a@X.TEST",
    "a@x.invalid",
    "a@x.local",
    "a@x.onion",
    "a@1.in-addr.arpa",
    "a@x.home.arpa",
    "a@mylocal",
    # ---- lengths
    "a" * 64 + "@example.com",
    "a" * 65 + "@example.com",
    "a" * 200 + "@example.com",
    exact(254),
    exact(255),
    exact(256),
    "a@" + label(63) + ".com",
    "a@" + label(64) + ".com",
    "a@" + ".".join([label(63)] * 3) + "." + label(61),
    "a@" + ".".join([label(63)] * 3) + "." + label(62),
    "a" * 300 + "@example.com",
    "\u00e9" * 120 + "@x.com",
    "\u00e9" * 125 + "@x.com",
    "a@" + "\u00fc" * 20 + ".com",
    "a@" + "\u00fc" * 60 + ".com",
    "a@" + "b" * 40 + "\u00fc" * 20 + ".com",
    "a" * 150 + "@" + ".".join(["\u00fc" * 15] * 4) + ".com",
    "a" * 100 + "@" + ".".join(["\u00fc" * 15] * 4) + ".com",
    "a" * 1000 + "@example.com",
    "a@" + "b" * 1000 + ".com",
    # ---- internationalized domains
    "a@münchen.de",
    "a@MÜNCHEN.DE",
    "a@xn--mnchen-3ya.de",
    "a@XN--MNCHEN-3YA.DE",
    "a@xn--MNCHEN-3YA.de",
    "a@bücher.example",
    "a@xn--bcher-kva.example",
    "a@例え.jp",
    "a@例え.テスト",
    "a@ñandú.com",
    "a@español.com",
    "a@ελληνικά.gr",
    "a@ΕΛΛΗΝΙΚΆ.GR",
    "a@пример.рф",
    "a@ПРИМЕР.РФ",
    "a@правительство.рф",
    "a@中国.cn",
    "a@中文.中国",
    "a@한국.kr",
    "a@日本語.jp",
    "a@ไทย.ไทย",
    "a@ปู่.com",
    "a@मराठी.भारत",
    "a@தமிழ்.com",
    "a@עברית.co.il",
    "a@עברית1.com",
    "a@1.עברית.com",
    "a@מ1א.com",
    "a@مثال.إختبار",
    "a@مثال٣.com",
    "a@٣.com",
    "a@ab٣.com",
    "a@مث۳٣.com",
    "a@ß.de",
    "a@straße.de",
    "a@STRASSE.de",
    "a@\u1e9etraße.de",
    "a@ς.gr",
    "a@Σ.gr",
    "a@l·l.com",
    "a@col·lecció.cat",
    "a@exa·mple.com",
    "a@א׳.com",
    "a@׳א.com",
    "a@α͵.com",
    "a@͵α.com",
    "a@ゲーム・ex.jp",
    "a@x・y.jp",
    "a@é.com",
    "a@xn--9ca.com",
    "a@example\uff0ecom",
    "a@example\uff61com",
    "a@example\u3002com",
    "a@ｅｘａｍｐｌｅ.ｃｏｍ",
    "a@ＥＸＡＭＰＬＥ.ＣＯＭ",
    "a@example\uff0d1.com",
    "a@exam\u00adple.com",
    "a@exam\u200bple.com",
    "a@exam\u200dple.com",
    "a@exam\u200cple.com",
    "a@ex\ufe0fample.com",
    "a@\u0301x.com",
    "a@ex\u2024com",
    "a@xn--.com",
    "a@xn--a.com",
    "a@xn--a-.com",
    "a@xn--abc-.com",
    "a@xn---abc.com",
    "a@xn--zz.com",
    "a@xn--abcdefghij.com",
    "a@xn--ls8h.la",
    "a@xn--mnchen-3yb.de",
    "a@xn--99999999999.com",
    "a@" + nonnfc_label(),
    "a@xn--mnchen-3ya.xn--p1ai",
    "a@example.xn--p1ai",
    "a@example.xn--80akhbyknj4f",
    "a@example.xn--4dbrk0ce",
    "a@xn--4dbrk0ce.xn--1-vnc.com",
    "a@\u00e9.\u05d0.com",
    "a@😀.com",
    "a@💩.la",
    "a@i❤.ws",
    "a@☃.net",
    "a@\u00a0.com",
    "a@x\u0378.com",
    "a@x\ue000.com",
    # ---- internationalized local parts
    "用户@例子.广告",
    "अजय@डाटा.भारत",
    "квіточка@пошта.укр",
    "χρήστης@παράδειγμα.ελ",
    "Dörte@Sörensen.example.com",
    "коля@пример.рф",
    "伊昭傑@郵件.商務",
    "ÜSER@example.com",
    "🙂@example.com",
    "a\ufffdb@example.com",
    "한국어@example.com",
    "ก่อน@example.com",
    "ปู่@example.com",
    "हिंदी@example.com",
    "தமிழ்@example.com",
    "ಕನ್ನಡ@example.com",
    "עברית@example.com",
    "a\u00a0b@example.com",
    "a\u200bb@example.com",
    "a\u202eb@example.com",
    "\u0301a@example.com",
    "a\u0000b@example.com",
    "a\x7fb@example.com",
    "a\x85b@example.com",
    "\ue000@example.com",
    "a\u2028b@example.com",
    "a\U000e0041@example.com",
    "\u0378@example.com",
    "a\u3000b@example.com",
    "é.é@example.com",
    "é..é@example.com",
    "é @example.com",
    # ---- Unicode normalization (NFC), before and after the @-sign
    "e\u0301@example.com",
    "a\u0301@example.com",
    "n\u0303o\u0308@example.com",
    "x\u0323\u0301@example.com",
    "x\u0301\u0323@example.com",
    "\u1e0b\u0323@example.com",
    "\u1e0d\u0307@example.com",
    "\u00e9\u0301@example.com",
    "\u0301e@example.com",
    "\u212b@example.com",
    "\u2126mega@example.com",
    "\u212aelvin@example.com",
    "mar\u212aeting@example.com",
    "\u037e@example.com",
    "a\u037eb@example.com",
    "\u0387@example.com",
    "\u1fee@example.com",
    "\u1fef@example.com",
    "\u1fefx@example.com",
    "\u0340@example.com",
    "x\u0340@example.com",
    "\u0344@example.com",
    "x\u0344@example.com",
    "\uf900@example.com",
    "x\ufa10y@example.com",
    "\U0002f800@example.com",
    "\ufb1d@example.com",
    "\ufb2d\u05d0@example.com",
    "\u0958@example.com",
    "\u1100\u1161\u11a8@example.com",
    "\uac00\u11a8@example.com",
    "\u3073\u3099@example.com",
    "\u304b\u3099@example.com",
    "\u0d46\u0d3e@example.com",
    "\u0b47\u0b3e\u0b57@example.com",
    "\u1f80\u0301@example.com",
    "\u03b1\u0345\u0313@example.com",
    "a@e\u0301x.com",
    "a@x\u0301.com",
    "a@\u00e9\u0301x.com",
    "a@\u3073\u3099.jp",
    "a@\u304b\u3099.jp",
    "a@\u1100\u1161.kr",
    "a@\uf900.kr",
    "a@\U0002f800.com",
    "a@\u212b.com",
    "a@\u212bx.com",
    "a@\u1fefx.com",
    "a@x\u0340.com",
    "a@\u0958.com",
    "a@xn--" + "e\u0301x".encode("punycode").decode() + ".com",
    "e\u0301" * 80 + "@example.com",
    "e\u0301" * 85 + "@example.com",
]

# Accepted by email-validator, knowingly rejected by src/email (documented there).
KNOWN_DIFFERENCES = {
    "a@\u2177.com": "UTS #46 mapping to several characters (small roman numeral eight)",
    "a@\ufb01.com": "UTS #46 mapping to several characters (fi ligature)",
    "a@\u2460.com": "UTS #46 compatibility mapping (circled digit one)",
    "a@\U0001d41a.com": "UTS #46 compatibility mapping (mathematical bold small a)",
    "a@\u0130stanbul.com": "UTS #46 mapping to several characters (capital I with dot above)",
    "a@\U00010330.com": "Supplementary Multilingual Plane script (Gothic)",
    "a@\U0001e922.com": "Supplementary Multilingual Plane script (Adlam)",
    "\U0001d41a@example.com": "Supplementary Multilingual Plane letters (mathematical alphanumerics)",
    "a@\u0915\u094d\u0937.\u05d0.com": "bidi domain with a label with combining marks outside U+0590-U+08FF",
}


def length_error(message):
    return "too long" in message or "so many characters" in message


def run(address):
    try:
        v = validate_email(address, check_deliverability=False)
        return {"address": address, "valid": True, "normalized": v.normalized}
    except EmailNotValidError as e:
        msg = str(e)
        return {"address": address, "valid": False, "error": msg,
                "code": "too_long" if length_error(msg) else "invalid_email"}


def esc(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch != " " and unicodedata.category(ch)[0] in "CZ":
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def corpus():
    seen = set()
    cases = []
    for address in CASES + list(KNOWN_DIFFERENCES):
        if address in seen:
            continue
        seen.add(address)
        case = run(address)
        if address in KNOWN_DIFFERENCES:
            assert case["valid"], (address, case)
            case["known_difference"] = KNOWN_DIFFERENCES[address]
        cases.append(case)
    meta = {
        "generator": "scripts/email/gen_corpus.py",
        "email_validator_version": email_validator.__version__,
        "idna_version": idna.__version__,
        "python": platform.python_version(),
        "unicodedata_version": unicodedata.unidata_version,
        "call": "validate_email(address, check_deliverability=False)",
    }
    (DATA / "email-corpus.json").write_text(
        json.dumps({**meta, "cases": cases}, ensure_ascii=False, indent=1) + "\n")
    lines = ["# " + json.dumps(meta, ensure_ascii=False),
             "# valid\tcode\tknown_difference\taddress\tnormalized  (\\\\ \\t \\n \\r \\u{hex} escapes)"]
    for c in cases:
        lines.append("\t".join([
            "1" if c["valid"] else "0",
            c.get("code", ""),
            "1" if "known_difference" in c else "0",
            esc(c["address"]),
            esc(c.get("normalized", "")),
        ]))
    (DATA / "email-corpus.tsv").write_text("\n".join(lines) + "\n")
    valid = sum(c["valid"] for c in cases)
    print(f"corpus: {len(cases)} cases ({valid} valid, {len(cases) - valid} invalid, "
          f"{len(KNOWN_DIFFERENCES)} known differences)", file=sys.stderr)


# Templates for the code point sweep; {} is the code point.
TEMPLATES = ["x{}@example.com", "{}@example.com", "a@x{}y.com", "a@{}.com"]


def sweep():
    lines = ["# email-validator " + email_validator.__version__ + ", idna " + idna.__version__
             + ", Python " + platform.python_version() + " (Unicode " + unicodedata.unidata_version + ")",
             "# templates: " + "  ".join(TEMPLATES),
             "# first[-last] (hex)\tstatus per template (- invalid, = valid and unchanged, m valid and"
             " normalized differently)\tfor each m: what replaces {} in the normalized form,"
             " or ! and the whole normalized form (given once when the same for all)"]
    run_start = None
    run_status = None
    prev = None

    def flush(end):
        if run_start is not None:
            span = f"{run_start:x}" if end == run_start else f"{run_start:x}-{end:x}"
            lines.append(f"{span}\t{run_status}")

    for cp in range(0x80, 0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        status = ""
        extra = []
        for t in TEMPLATES:
            address = t.format(ch)
            try:
                n = validate_email(address, check_deliverability=False).normalized
                if n == address:
                    status += "="
                else:
                    status += "m"
                    prefix, suffix = t.split("{}")
                    middle = n[len(prefix):len(n) - len(suffix)]
                    if n == prefix + middle + suffix and not middle.startswith("!"):
                        extra.append(esc(middle))
                    else:
                        extra.append("!" + esc(n))
            except EmailNotValidError:
                status += "-"
        if extra:
            flush(prev)
            run_start = None
            if len(set(extra)) == 1:
                extra = extra[:1]
            lines.append(f"{cp:x}\t{status}\t" + "\t".join(extra))
        elif run_start is not None and status == run_status and prev == cp - 1:
            pass
        else:
            flush(prev)
            run_start, run_status = cp, status
        prev = cp
    flush(prev)
    (DATA / "email-codepoints.tsv").write_text("\n".join(lines) + "\n")
    print(f"code points: {len(lines) - 3} lines", file=sys.stderr)


if __name__ == "__main__":
    DATA.mkdir(parents=True, exist_ok=True)
    corpus()
    if "--no-sweep" not in sys.argv:
        sweep()
