#!/usr/bin/env node
// Differential test of the Rust phone normalizer (src/phone) against
// libphonenumber-js with its "max" metadata.
//
//   npm ci --prefix tests/phone
//   node tests/phone/differential.mjs   # or: node --test tests/phone/differential.mjs
//
// 1. Generates a deterministic set of cases (seeded PRNG) over every calling
//    code and region, with the expected outcome computed by libphonenumber-js,
//    and writes them to <target>/phone-cases.json.
// 2. Runs `cargo test --test phone_differential`, which checks every case
//    against `heymilo_ingest::phone::normalize_phone_number` natively (no
//    wasm needed) and fails with the list of mismatches.
//
// Expectations ("expect"):
//   valid   libphonenumber-js says the input is a valid number: ours must
//           accept it and give exactly libphonenumber's E.164 ("e164").
//   reject  ours must reject it with issue code "code": unassigned calling
//           code, a national number length outside the possible lengths of
//           the code (and not repaired by a trunk prefix), no "+" and no
//           default (missing_country_code), an extension where
//           libphonenumber-js reads one (phone_extension), a tel: URI,
//           letters, other characters.
//   lenient libphonenumber-js says invalid, but ours only checks calling code
//           and length, so it may accept: if it does, the value must be one
//           of "e164" (libphonenumber's reading), "alt" (the digits as
//           written) or "alt2" (digits that start with the calling code,
//           read without it), and libphonenumber-js must call that reading
//           possible ("possible", "alt2possible"): ours never accepts what
//           it calls impossible. If ours rejects, the code must be in
//           "codes" (default: invalid_phone_length).
//
// The inputs are written here from the metadata (numbers sampled from its
// patterns), never taken from another project's test data.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseRegex } from "../../scripts/phone-metadata/regex.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..", "..");
const require = createRequire(path.join(here, "package.json"));
const lib = require("libphonenumber-js/max");
const meta = require("libphonenumber-js/metadata.max.json");
const examples = require("libphonenumber-js/examples.mobile.json");
const version = require("libphonenumber-js/package.json").version;
const { parsePhoneNumberFromString, isValidPhoneNumber } = lib;

const SEED = Number(process.env.HEYMILO_PHONE_SEED || 20260611);
const SAMPLES_PER_TYPE = 6;

// ---- deterministic PRNG (mulberry32) ----
function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const below = (n) => Math.floor(rand() * n);
const pick = (arr) => arr[below(arr.length)];
const randDigits = (n) => Array.from({ length: n }, () => below(10)).join("");

// ---- metadata helpers ----
const F = { code: 0, pattern: 2, lengths: 3, np: 5, npp: 7, types: 11 };
const codeRegions = { ...meta.country_calling_codes };
for (const code of Object.keys(meta.nonGeographic)) codeRegions[code] = ["001"];
const codes = Object.keys(codeRegions).sort((a, b) => Number(a) - Number(b));
const regionMeta = (r, code) => (r === "001" ? meta.nonGeographic[code] : meta.countries[r]);
function lengthsOf(c) {
  const set = new Set(c[F.lengths] || []);
  for (const t of c[F.types] || []) if (t && t[1]) for (const l of t[1]) set.add(l);
  return set;
}
const codeLengths = new Map(
  codes.map((code) => {
    const set = new Set();
    for (const r of codeRegions[code]) for (const l of lengthsOf(regionMeta(r, code))) set.add(l);
    return [code, set];
  }),
);
const regions = Object.keys(meta.countries).sort();

/** A random string matching a libphonenumber pattern. */
function sample(node) {
  switch (node.t) {
    case "cls": {
      const ds = [];
      for (let d = 0; d <= 9; d++) if (node.mask & (1 << d)) ds.push(d);
      return String(pick(ds));
    }
    case "seq":
      return node.items.map(sample).join("");
    case "alt":
      return sample(pick(node.alts));
    case "grp":
      return sample(node.body);
    case "rep": {
      const n = node.min + below(node.max - node.min + 1);
      let s = "";
      for (let i = 0; i < n; i++) s += sample(node.body);
      return s;
    }
    default:
      throw new Error(`cannot sample ${node.t}`);
  }
}

// ---- formatting variants ----
const SEPARATORS = [" ", "-", ".", "\u00a0", "/", "\u2013", " - "];
function reformat(digits, rnd = true) {
  // split digits into groups of 2-4 with a random separator
  const sep = rnd ? pick(SEPARATORS) : " ";
  const out = [];
  let i = 0;
  while (i < digits.length) {
    const n = 2 + below(3);
    out.push(digits.slice(i, i + n));
    i += n;
  }
  return out.join(sep);
}

// ---- case collection ----
const cases = [];
const seen = new Set();
function add(kind, input, defaultCountry, expectation) {
  const key = `${input}\u0000${defaultCountry}`;
  if (seen.has(key)) return;
  seen.add(key);
  cases.push({ kind, input, defaultCountry, ...expectation });
}

function parse(input, dc) {
  try {
    return parsePhoneNumberFromString(input, dc ? { defaultCountry: dc } : undefined) || null;
  } catch {
    return null;
  }
}

/**
 * Expectation for an international input "+<code><rest>" (rest: digits as
 * written, formatted in `input`).
 */
function expectInternational(input, code, rest) {
  const p = parse(input);
  const valid = !!p && p.isValid();
  if (valid) return { expect: "valid", e164: p.number };
  const lens = codeLengths.get(code);
  const libRewrote = !!p && p.countryCallingCode === code && p.nationalNumber !== rest;
  if (!lens.has(rest.length) && !libRewrote) return { expect: "reject", code: "invalid_phone_length" };
  return {
    expect: "lenient",
    e164: p && p.countryCallingCode === code ? p.number : `+${code}${rest}`,
    alt: `+${code}${rest}`,
    possible: !!p && p.isPossible(),
    codes: ["invalid_phone_length", "invalid_phone"],
  };
}

/** Expectation for a national input in region `r` (no "+"). */
function expectNational(input, r, digits) {
  const p = parse(input, r);
  if (p && p.isValid()) return { expect: "valid", e164: p.number };
  const code = String(meta.countries[r][F.code]);
  const exp = {
    expect: "lenient",
    e164: p ? p.number : `+${code}${digits}`,
    alt: `+${code}${digits}`,
    possible: !!p && p.isPossible(),
    codes: ["invalid_phone_length", "invalid_phone", "unknown_country_code"],
  };
  // starting with the calling code: also the reading without it. (Ours
  // takes the code off when the rest has a possible length and the digits
  // cannot be a national number; libphonenumber also wants the rest to match
  // the region's number pattern, which ours does not carry. Such input is no
  // valid number either way; "alt2possible" says whether libphonenumber-js
  // calls the rest possible.)
  if (digits.startsWith(code) && digits.length > code.length) {
    const q = parse(digits.slice(code.length), r);
    exp.alt2 = q ? q.number : `+${code}${digits.slice(code.length)}`;
    exp.alt2possible = !!q && q.isPossible();
  }
  return exp;
}

// ---- characters beyond digits and formatting ----
/** Digits of other scripts that libphonenumber reads: full-width, Arabic-Indic, Extended Arabic-Indic. */
const DIGIT_ZEROS = [0xff10, 0x660, 0x6f0];
const inScript = (text, zero, all = true) =>
  text.replace(/[0-9]/g, (d) => (all || below(2) ? String.fromCodePoint(zero + Number(d)) : d));
/** Invisible characters that copy and paste brings along (removed anywhere). */
const MARKS = ["\u00ad", "\u061c", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202c", "\u2060", "\u2066", "\u2069", "\ufeff"];
/** Extension labels as people type them; `{}` is where the digits go. */
const EXTENSIONS = [
  " ext {}", " ext. {}", " Ext: {}", " EXT {}", " extn {}", " extension {}", " extensión {}", " xtn {}",
  " x{}", " x {}", " X. {}", " #{}", "#{}#", " ~{}", " int {}", " ｅｘｔ {}", " ｘ{}", " ＃{}",
  " доб. {}", " ДОБ {}", " anexo {}", ",,{}", ",{}", ", {}", ";{}", ";ext={}", ", ext {}",
];
/** Labels around a number (the number itself is fine). */
const LABELS = [["Tel: ", ""], ["Phone ", ""], ["mobile: ", ""], ["", " (home)"], ["", " mobile"], ["Тел. ", ""]];
/** Characters that are neither digits, formatting, letters nor part of an extension. */
const OTHER_CHARS = ["*", "+", "😀", "☎", "_", "\u0000", "?", "!", "[", "]", "=", "%", "&", "＋"];
/** Letters, at any place in the number. */
const LETTERS = ["a", "b", "Q", "é", "ж", "Ω", "ש", "ب", "あ", "한", "中"];

/**
 * Expectation for a valid number followed by `suffix`: an extension where
 * libphonenumber-js reads one; else (say, more digits than the label allows)
 * letters or another character, by the suffix's first character.
 */
function expectExtension(number, suffix, dc) {
  const p = parse(number + suffix, dc);
  if (p && p.ext) return { expect: "reject", code: "phone_extension" };
  const first = suffix.replace(/^[\s().\-/]+/, "")[0];
  return { expect: "reject", code: /\p{L}/u.test(first) ? "phone_letters" : "phone_invalid_characters" };
}

// A. Valid numbers of every type of every region (and non-geographic
//    entity), from the type patterns, in E.164, international format and
//    random formatting; plus national formats with the region as default.
const validByRegion = new Map(); // region -> [{ code, nsn }]
for (const code of codes) {
  for (const r of codeRegions[code]) {
    const c = regionMeta(r, code);
    const list = [];
    for (const t of c[F.types] || []) {
      if (!t || !t[0]) continue;
      const ast = parseRegex(t[0]).ast;
      const tlens = t[1] || c[F.lengths];
      let got = 0;
      for (let attempt = 0; attempt < SAMPLES_PER_TYPE * 20 && got < SAMPLES_PER_TYPE; attempt++) {
        const nsn = sample(ast);
        if (!tlens.includes(nsn.length)) continue;
        if (!isValidPhoneNumber(`+${code}${nsn}`)) continue;
        got++;
        list.push({ code, nsn });
      }
    }
    validByRegion.set(`${r}:${code}`, list);
    for (const { nsn } of list) {
      const e164 = `+${code}${nsn}`;
      add("valid-e164", e164, null, expectInternational(e164, code, nsn));
      const p = parse(e164);
      if (p) add("valid-intl-format", p.formatInternational(), null, expectInternational(e164, code, nsn));
      const spaced = `+${code} ${reformat(nsn)}`;
      add("valid-formatted", spaced, null, expectInternational(spaced, code, nsn));
      const paren = `(+${code}) ${reformat(nsn, false)}`;
      add("valid-formatted", paren, null, expectInternational(paren, code, nsn));
      if (!p || !p.isValid()) continue;
      // "+" and a default country, known or not: the default must not matter
      add("valid-e164-with-default", e164, pick([...regions, "XX", "ZZ", "AQ"]), { expect: "valid", e164: p.number });
      // no "+", no default
      add("missing-plus", `${code}${nsn}`, null, { expect: "reject", code: "missing_country_code" });
      // digits of other scripts, all of them or some
      add("other-script-digits", inScript(spaced, pick(DIGIT_ZEROS), below(2) === 0), null, expectInternational(spaced, code, nsn));
      // an invisible mark anywhere
      const m = below(spaced.length + 1);
      add("invisible-mark", spaced.slice(0, m) + pick(MARKS) + spaced.slice(m), null, { expect: "valid", e164: p.number });
      // an extension (with more digits than its label allows, none)
      const ext = pick(EXTENSIONS).replace("{}", inScript(randDigits(1 + below(22)), pick([0x30, 0xff10]), true));
      add("extension", spaced + ext, null, expectExtension(spaced, ext, null));
      // a tel: URI, a label around the number, letters, other characters
      add("tel-uri", `${pick(["tel:", "TEL:", "Tel:"])}${e164}${pick(["", ";ext=12", ";isub=3"])}`, null, {
        expect: "reject",
        code: "phone_tel_uri",
      });
      const [before, after] = pick(LABELS);
      add("letters", before + spaced + after, null, { expect: "reject", code: "phone_letters" });
      const at = 1 + below(e164.length - 1);
      add("letters", e164.slice(0, at) + pick(LETTERS) + e164.slice(at), null, { expect: "reject", code: "phone_letters" });
      add("other-char", e164.slice(0, at) + pick(OTHER_CHARS) + e164.slice(at), null, {
        expect: "reject",
        code: "phone_invalid_characters",
      });
      if (r !== "001") {
        const national = p.formatNational();
        const suffix = pick(["x12", " ext. 5", ",,12", "abc", " (work)"]);
        if (parse(national, r)?.isValid()) add("national-extension-or-letters", national + suffix, r, expectExtension(national, suffix, r));
        // the calling code typed without "+" ("49 30 123456" in DE)
        add("cc-without-plus", `${code}${nsn}`, r, expectNational(`${code}${nsn}`, r, `${code}${nsn}`));
        add("cc-without-plus", `${code} ${reformat(nsn)}`, r, expectNational(`${code} ${reformat(nsn)}`, r, `${code}${nsn}`));
      }
    }
  }
}

// B. Mobile example numbers shipped with libphonenumber-js, every region.
for (const r of regions) {
  const p = lib.getExampleNumber(r, examples);
  if (!p) continue;
  add("example-e164", p.number, null, { expect: "valid", e164: p.number });
  add("example-intl", p.formatInternational(), null, { expect: "valid", e164: p.number });
  const nat = parse(p.formatNational(), r);
  if (nat && nat.isValid()) add("example-national", p.formatNational(), r, { expect: "valid", e164: nat.number });
}

// C. Default-country pass: national format (with trunk prefix where the
//    region writes one), bare national significant number, and the trunk
//    prefix written after "+<code>" as in "+44 (0)20 ...".
for (const r of regions) {
  const c = meta.countries[r];
  const code = String(c[F.code]);
  for (const { nsn } of validByRegion.get(`${r}:${code}`) || []) {
    const p = parse(`+${code}${nsn}`);
    if (!p || !p.isValid()) continue;
    const national = p.formatNational();
    const q = parse(national, r);
    if (q && q.isValid()) add("national-format", national, r, { expect: "valid", e164: q.number });
    const digitsOnly = national.replace(/\D/g, "");
    const q2 = parse(digitsOnly, r);
    if (q2 && q2.isValid()) add("national-digits", digitsOnly, r, { expect: "valid", e164: q2.number });
    const q3 = parse(nsn, r);
    if (q3 && q3.isValid()) add("national-nsn", nsn, r, { expect: "valid", e164: q3.number });
    const np = c[F.np];
    if (np && /^\d+$/.test(np)) {
      const withPrefix = `+${code} (${np}) ${reformat(nsn, false)}`;
      add("intl-with-trunk-prefix", withPrefix, null, expectInternational(withPrefix, code, `${np}${nsn}`));
      const natPrefixed = `${np} ${reformat(nsn)}`;
      const q4 = parse(natPrefixed, r);
      if (q4 && q4.isValid()) add("national-trunk-prefix", natPrefixed, r, { expect: "valid", e164: q4.number });
    }
  }
}

// D. Random digits of every length 1..18 after every calling code: possible
//    lengths (mostly invalid numbers: lenient) and impossible ones (reject),
//    each also starting with the code's trunk prefix digit.
for (const code of codes) {
  const main = regionMeta(codeRegions[code][0], code);
  const np = main[F.np] && /^\d+$/.test(main[F.np]) ? main[F.np] : null;
  for (let len = 1; len <= 18; len++) {
    for (let k = 0; k < 4; k++) {
      let rest = randDigits(len);
      if (np && k === 3) rest = (np + rest).slice(0, len);
      const input = `+${code} ${reformat(rest)}`;
      add(codeLengths.get(code).has(len) ? "random-possible-length" : "random-impossible-length", input, null,
        expectInternational(input, code, rest));
    }
  }
  // impossible lengths precisely: every length 1..20 outside the union
  for (let len = 1; len <= 20; len++) {
    if (codeLengths.get(code).has(len)) continue;
    const rest = String(1 + below(9)) + randDigits(len - 1);
    const input = `+${code}${rest}`;
    add("impossible-length", input, null, expectInternational(input, code, rest));
  }
}

// E. Mutations of valid numbers: a digit added, removed or changed.
{
  const all = [...validByRegion.values()].flat();
  for (let i = 0; i < 6000; i++) {
    const { code, nsn } = pick(all);
    let rest;
    const op = below(3);
    const at = below(nsn.length + 1);
    if (op === 0) rest = nsn.slice(0, at) + String(below(10)) + nsn.slice(at);
    else if (op === 1) rest = nsn.slice(0, Math.max(0, at - 1)) + nsn.slice(at);
    else rest = nsn.slice(0, at) + String(below(10)) + nsn.slice(at + 1);
    if (!rest) continue;
    const input = `+${code}${rest}`;
    add("mutation", input, null, expectInternational(input, code, rest));
  }
}

// H. Default-country pass on random digits: every region, lengths 1..18,
//    plain and starting with the region's trunk prefix (and, for regex
//    prefix rules, with digits that exercise them). Valid readings must
//    match exactly; invalid ones may be accepted (length check only) as
//    libphonenumber reads them or as written.
for (const r of regions) {
  const c = meta.countries[r];
  const code = String(c[F.code]);
  const np = c[F.np] && /^\d+$/.test(c[F.np]) ? c[F.np] : "";
  const starts = ["", np, np, "1", "15", "0", "8", "80", "00", "90", "021", "0 11 15", "011 15"];
  for (let len = 1; len <= 18; len++) {
    for (const start of starts) {
      const digits = (start.replace(/\D/g, "") + randDigits(len)).slice(0, Math.max(len, start.replace(/\D/g, "").length));
      const input = reformat(digits);
      add("national-random", input, r, expectNational(input, r, digits));
    }
  }
}

// F. Unassigned calling codes: "+" then digits no assigned code is a prefix of.
{
  const isAssignedPrefix = (digits) => codes.some((c) => digits.startsWith(c));
  let made = 0;
  for (let i = 0; made < 1500 && i < 100000; i++) {
    const digits = String(1 + below(9)) + randDigits(6 + below(8));
    if (isAssignedPrefix(digits)) continue;
    made++;
    const p = parse(`+${digits}`);
    if (p && p.isValid()) throw new Error(`libphonenumber accepts unassigned +${digits}`);
    add("unassigned-code", `+${digits}`, null, { expect: "reject", code: "unknown_country_code" });
    add("unassigned-code", `+${digits.slice(0, 3)} ${reformat(digits.slice(3))}`, pick(regions), {
      expect: "reject",
      code: "unknown_country_code",
    });
  }
  // "+0…" is never a calling code
  add("unassigned-code", "+0 20 7946 0958", null, { expect: "reject", code: "unknown_country_code" });
}

// G. Unknown default countries: reported for a number that needs one (no
//    "+"), irrelevant to one with "+".
for (const dc of ["ZZ", "UK", "XX", "EU", "AA", "QQ", "AQ", "GBR", "1", "U"]) {
  add("unknown-default", "020 7946 0958", dc, { expect: "reject", code: "unknown_default_country" });
  add("unknown-default", "00 44 20 7946 0958", dc, { expect: "reject", code: "unknown_default_country" });
  add("unknown-default-with-plus", "+44 20 7946 0958", dc, { expect: "valid", e164: "+442079460958" });
}

// I. Dates and other slash-separated digits: the slash is a separator, as in
//    libphonenumber; the result is what libphonenumber-js reads, or refused.
for (const r of regions) {
  const d = 1 + below(28), mth = 1 + below(12), y = 1950 + below(80);
  for (const input of [`${d}/${mth}/${y}`, `${y}/${mth}/${d}`, `${reformat(randDigits(3), false)}/${randDigits(4 + below(6))}`]) {
    add("slashes", input, r, expectNational(input, r, input.replace(/\D/g, "")));
  }
}

// ---- write ----
const targetDir = process.env.CARGO_TARGET_DIR
  ? path.resolve(repoRoot, process.env.CARGO_TARGET_DIR)
  : path.join(repoRoot, "target");
const casesFile = process.env.HEYMILO_PHONE_CASES || path.join(targetDir, "phone-cases.json");

const byKind = {};
const byExpect = {};
for (const c of cases) {
  byKind[c.kind] = (byKind[c.kind] || 0) + 1;
  byExpect[c.expect] = (byExpect[c.expect] || 0) + 1;
}
const coveredCodes = new Set(
  cases.filter((c) => c.expect === "valid").map((c) => parse(c.e164)?.countryCallingCode),
);

test("generator and test pin the same libphonenumber-js", () => {
  const gen = JSON.parse(fs.readFileSync(path.join(repoRoot, "scripts/phone-metadata/package.json"), "utf8"));
  const own = JSON.parse(fs.readFileSync(path.join(here, "package.json"), "utf8"));
  assert.equal(own.dependencies["libphonenumber-js"], gen.dependencies["libphonenumber-js"]);
  assert.equal(version, own.dependencies["libphonenumber-js"], "installed version differs: run npm ci --prefix tests/phone");
});

test("cases cover every calling code and region", () => {
  assert.ok(cases.length >= 20000, `only ${cases.length} cases`);
  const missing = codes.filter((c) => !coveredCodes.has(c));
  assert.deepEqual(missing, [], `calling codes without a valid case: ${missing}`);
  const regionsWithNational = new Set(cases.filter((c) => c.defaultCountry && c.expect === "valid").map((c) => c.defaultCountry));
  const noNational = regions.filter((r) => !regionsWithNational.has(r));
  assert.ok(noNational.length < 5, `regions without a national-format case: ${noNational}`);
});

test("Rust normalize_phone_number agrees with libphonenumber-js", () => {
  fs.mkdirSync(path.dirname(casesFile), { recursive: true });
  fs.writeFileSync(
    casesFile,
    JSON.stringify({ source: `libphonenumber-js@${version}`, seed: SEED, counts: byKind, cases }, null, 0) + "\n",
  );
  console.log(`wrote ${cases.length} cases to ${path.relative(repoRoot, casesFile)} (libphonenumber-js@${version})`);
  console.log("by expectation:", byExpect);
  console.log("by kind:", byKind);
  const res = spawnSync("cargo", ["test", "--quiet", "--test", "phone_differential", "--", "--nocapture"], {
    cwd: repoRoot,
    env: { ...process.env, HEYMILO_PHONE_CASES: casesFile },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(res.stdout || "");
  if (res.status !== 0) process.stderr.write(res.stderr || "");
  assert.equal(res.status, 0, "cargo test --test phone_differential failed (see the mismatches above)");
});
