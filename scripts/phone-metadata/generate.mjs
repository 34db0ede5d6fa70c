#!/usr/bin/env node
// Generates src/phone/metadata.rs from libphonenumber-js's *max* metadata.
//
//   npm ci --prefix scripts/phone-metadata
//   node scripts/phone-metadata/generate.mjs            # writes src/phone/metadata.rs
//   node scripts/phone-metadata/generate.mjs --check    # exits 1 if the file is stale
//
// The output is deterministic: same libphonenumber-js version => same bytes.
// What goes in the table and why is written into the generated file's header.

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  parseRegex,
  expandPaths,
  findGroup,
  compileNfa,
  nfaCanMatch,
  nfaStart,
  nfaStep,
  nfaCanFinish,
  nfaPrefixStatus,
  ALL_DIGITS,
} from "./regex.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..", "..");
const outFile = path.join(repoRoot, "src", "phone", "metadata.rs");
const require = createRequire(path.join(here, "package.json"));
const pkg = require("libphonenumber-js/package.json");
const meta = require("libphonenumber-js/metadata.max.json");

if (meta.version !== 4) throw new Error(`unexpected metadata format version ${meta.version}`);

// ---- Layout of libphonenumber-js compressed metadata (format v4) ----
// country array: [0 callingCode, 1 IDD, 2 nationalNumberPattern, 3 possibleLengths,
//   4 formats, 5 nationalPrefix, 6 npFormattingRule, 7 nationalPrefixForParsing,
//   8 nationalPrefixTransformRule, 9 npOptional, 10 leadingDigits, 11 types, ...]
// type entry: [pattern, possibleLengths?] or 0.
const F = { code: 0, idd: 1, pattern: 2, lengths: 3, np: 5, npp: 7, transform: 8, leadingDigits: 10, types: 11 };

/** Maximum digits of a D (national digits as typed) we reason about (bit 31 of a length mask is a flag). */
const MAX_LEN = 30;
/** Flag in a conflict's length mask: the item describes the rewrite R, see "extra lengths". */
const R_FLAG = 0x80000000;
/** How many digits past a prefix we look at to rule out "the national number itself starts like the prefix". */
const REFINE_DEPTH = 5;

function regionMeta(region, code) {
  if (region === "001") return meta.nonGeographic[code];
  return meta.countries[region];
}

function lengthsOf(c) {
  const set = new Set(c[F.lengths] || []);
  for (const t of c[F.types] || []) if (t && t[1]) for (const l of t[1]) set.add(l);
  return [...set].sort((a, b) => a - b);
}

const maskOf = (lens) => lens.reduce((m, l) => (m | (1 << l)) >>> 0, 0) >>> 0;

// ---- Calling codes ----
// country_calling_codes lists the geographic codes; the non-geographic ones
// (800, 808, 870, 878, 881, 882, 883, 888, 979) are the keys of nonGeographic.
const codeRegions = { ...meta.country_calling_codes };
for (const code of Object.keys(meta.nonGeographic)) {
  if (codeRegions[code]) throw new Error(`code ${code} both geographic and not`);
  codeRegions[code] = ["001"];
}
const codes = Object.keys(codeRegions)
  .map(Number)
  .sort((a, b) => a - b);
const codeInfo = codes.map((code) => {
  const regions = codeRegions[String(code)];
  const lens = new Set();
  for (const r of regions) for (const l of lengthsOf(regionMeta(r, String(code)))) lens.add(l);
  const lensArr = [...lens].sort((a, b) => a - b);
  if (lensArr.some((l) => l >= 32)) throw new Error(`length >= 32 for +${code}`);
  return { code, regions, lens: lensArr, mask: maskOf(lensArr), main: regions[0] };
});
// Calling codes must be prefix-free (E.164 guarantees it; we rely on it).
for (const a of codes)
  for (const b of codes)
    if (a !== b && String(b).startsWith(String(a))) throw new Error(`codes not prefix-free: ${a} ${b}`);

// ---- National prefix rules ----
// A rule is compiled from a region's national_prefix_for_parsing (or, when
// absent, its national_prefix) and national_prefix_transform_rule into the
// list of regex match paths in JavaScript backtracking order. See header.

/** A capture group expanding to more paths than this is stored once as a "set". */
const SET_THRESHOLD = 8;

const ruleCache = new Map();
/**
 * The rule of region metadata `c`. `lensScope`: regions whose possible
 * lengths decide whether a rewrite is kept (libphonenumber uses the region
 * being parsed for; after `+<code>`, all regions sharing the code).
 * `nnScope`: regions whose national number patterns count when deciding
 * whether the input itself could be a number (always all regions sharing
 * the code, since the number is valid if it is valid for any of them).
 * `forCode`: the rule applied after `+<code>` (see "extra lengths").
 */
function buildRule(c, lensScope, nnScope, forCode = false) {
  const key = JSON.stringify([
    forCode,
    c[F.code],
    c[F.npp],
    c[F.np],
    c[F.transform],
    lensScope.map((x) => x[F.lengths]),
    nnScope.map((x) => x[F.pattern]),
  ]);
  if (!ruleCache.has(key)) ruleCache.set(key, buildRuleUncached(c, lensScope, nnScope, forCode));
  return ruleCache.get(key);
}

function buildRuleUncached(c, lensScope, nnScope, forCode) {
  const npp = c[F.npp] || c[F.np];
  const lens = [...new Set(lensScope.flatMap(lengthsOf))].sort((a, b) => a - b);
  const rule = { lens: maskOf(lens), entries: [] };
  if (!npp) return rule;
  const { ast, groups } = parseRegex(npp);
  const transform = c[F.transform] || null;
  let tr = null;
  if (transform) {
    const m = /^(\d*)\$(\d)$/.exec(transform);
    if (!m) throw new Error(`unsupported transform rule ${transform}`);
    tr = { lit: m[1], group: Number(m[2]) };
  }
  // A large transform capture (AR's area codes before the "15" mobile token)
  // is kept opaque and stored once, instead of once per path.
  let set = null;
  if (tr) {
    const g = findGroup(ast, tr.group);
    if (!g) throw new Error(`transform references missing group in ${npp}`);
    const alts = expandPaths(g.body);
    if (alts.length > SET_THRESHOLD) {
      if (alts.some((q) => q.anchored || Object.keys(q.caps).length)) throw new Error(`unsupported set in ${npp}`);
      if (tr.group !== groups) throw new Error(`set must be the last group in ${npp}`);
      set = alts.map((q) => q.cls);
    }
  }
  const paths = expandPaths(ast, 20000, set ? tr.group : null);
  const minLen = Math.min(...lens);
  const maxLen = Math.max(...lens);
  // libphonenumber-js \`isPossibleIncompleteNationalNumber\`: not TOO_SHORT and
  // not INVALID_LENGTH (TOO_LONG counts as possible there).
  const possibleIncomplete = (l) => l >= minLen && (lens.includes(l) || l > maxLen);
  // libphonenumber compares the input with the national number pattern of
  // the region it parses for (or the code's main region after "+"): that
  // decides rewrites. Whether the input could be a number of *any* region
  // sharing the code decides between keeping it and rejecting it.
  const union = (xs) => compileNfa(parseRegex(xs.map((x) => `(?:${x[F.pattern]})`).join("|")).ast);
  const nnOwn = union([lensScope[0]]);
  const nnAll = union(nnScope);

  // 1. Paths -> entries. "Any digit" classes at the end of a capture that
  //    runs to the end of the path only constrain the input length, so they
  //    become `minLen` (or the exact length when anchored): the rewrite is
  //    the same because the rest of the input is appended anyway.
  const entries = [];
  for (const p of paths) {
    const setPos = p.cls.indexOf("S");
    const last = groups > 0 ? p.caps[groups] : undefined;
    // With a set, the set *is* the last group and is never empty.
    const hasCaptured = !!last && last[1] > last[0];
    let lit = "";
    let keep = [0, 0];
    if (tr && hasCaptured) {
      lit = tr.lit;
      const g = p.caps[tr.group];
      keep = g ? [g[0], g[1]] : [0, 0];
    }
    const fullLen = p.cls.length;
    let plen = fullLen;
    if (setPos < 0 && keep[1] === fullLen && keep[1] > keep[0]) {
      // R = lit + D[k0..fullLen] + D[fullLen..] = lit + D[k0..]: any digit
      // classes at the end of the capture need not be stored.
      while (plen > keep[0] && p.cls[plen - 1] === ALL_DIGITS) plen--;
      keep = [keep[0], plen];
    }
    const cls = p.cls.slice(0, plen);
    if (keep[0] === keep[1]) keep = [0, 0];
    if (setPos >= 0) {
      // the rewrite keeps exactly the set's span
      if (keep[0] !== setPos || keep[1] !== setPos + 1) throw new Error(`set is not the kept capture in ${npp}`);
      keep = [0, 0];
    }
    if (setPos >= 0 && p.anchored) throw new Error(`anchored path with a set in ${npp}`);
    entries.push({ cls, setPos, anchored: p.anchored, minLen: setPos >= 0 ? 0 : fullLen, lit, keep });
  }
  // 2. Merge consecutive entries that differ only in (non-anchored) minLen:
  //    the later, shorter one covers the lengths the earlier one left.
  const merged = [];
  for (const e of entries) {
    const prev = merged[merged.length - 1];
    if (
      prev &&
      !prev.anchored &&
      !e.anchored &&
      prev.cls.join() === e.cls.join() &&
      prev.lit === e.lit &&
      prev.keep.join() === e.keep.join()
    ) {
      prev.minLen = Math.min(prev.minLen, e.minLen);
    } else {
      merged.push({ ...e });
    }
  }
  // Extra lengths: a rewrite R whose length the rule's regions do not allow
  // is still kept by libphonenumber when R belongs to another region of the
  // code that allows it (it picks the region by leading digits or number
  // patterns), e.g. CA's 7-digit 310 numbers under the US rule of +1. Such
  // R are listed (lengths and first digits, flagged with R_FLAG).
  const extra = [];
  for (const x of forCode ? nnScope : []) {
    if (lensScope.includes(x)) continue;
    for (const l of lengthsOf(x)) {
      if (possibleIncomplete(l)) continue;
      // the region's number types of that length, or its leading digits
      const alts = (x[F.types] || [])
        .filter((t) => t && t[0] && (t[1] || x[F.lengths]).includes(l))
        .map((t) => `(?:${t[0]})`);
      const ld = x[F.leadingDigits];
      if (ld) alts.push(`(?:${ld})\\d{0,${MAX_LEN}}`);
      if (!alts.length) continue;
      const xnfa = compileNfa(parseRegex(alts.join("|")).ast);
      for (const seq of refine(xnfa, [], l, l)) extra.push({ cls: seq, mask: ((1 << l) | R_FLAG) >>> 0 });
    }
  }

  // 3. Conflicts: input lengths L (and first digits) for which the input D
  //    might itself be a national number (match a national number pattern).
  //    libphonenumber keeps D when the rewrite R is not a possible length,
  //    or when D matches the pattern and R does not; we cannot evaluate the
  //    pattern at run time, so in these cases D is kept (uncertain), and
  //    outside them D certainly is not a number as written.
  for (const entry of merged) {
    const perSeq = new Map();
    // concrete variants of the entry: one per set alternative, if any
    const variants =
      entry.setPos >= 0
        ? set.map((alt) => ({
            cls: [...entry.cls.slice(0, entry.setPos), ...alt, ...entry.cls.slice(entry.setPos + 1)],
            kept: alt.length,
          }))
        : [{ cls: entry.cls, kept: entry.keep[1] - entry.keep[0] }];
    const isNoop = entry.cls.length === 0 && !entry.lit && !entry.anchored && entry.minLen === 0;
    if (!isNoop) {
      for (const v of variants) {
        const plen = v.cls.length;
        const lo = Math.max(entry.minLen, plen, 1);
        const hi = entry.anchored ? entry.minLen : MAX_LEN;
        for (let L = lo; L <= hi; L++) {
          const rlenPossible = possibleIncomplete(entry.lit.length + v.kept + (L - plen));
          const nn = rlenPossible ? nnOwn : nnAll;
          if (!nfaCanMatch(nn, v.cls, L)) continue;
          // Where R is a possible length, D is rewritten unless it could be
          // a number itself: look at a few more digits to be precise. Where
          // R is not, D is kept or rejected: the entry's own digits suffice
          // (over-approximating only ever keeps D, never rejects it).
          const depth = rlenPossible ? Math.min(L, plen + REFINE_DEPTH) : plen;
          // With a set, one conflict per set alternative would be too many:
          // the digits before the set stand for all of them (over-approximation).
          const seqs = entry.setPos >= 0 ? [entry.cls.slice(0, entry.setPos)] : refine(nn, v.cls, L, depth);
          for (const seq of seqs) {
            const key = seq.join(",");
            const prev = perSeq.get(key) || { cls: seq, mask: 0 };
            prev.mask = (prev.mask | (1 << L)) >>> 0;
            perSeq.set(key, prev);
          }
        }
      }
    }
    entry.conflicts = [...perSeq.values(), ...extra];
    rule.entries.push(entry);
  }
  // A trailing no-op path (the regex matched the empty string) changes nothing.
  while (rule.entries.length) {
    const e = rule.entries[rule.entries.length - 1];
    if (e.cls.length === 0 && !e.lit && !e.anchored && e.minLen === 0) rule.entries.pop();
    else break;
  }
  rule.set = set;
  return rule;
}

/**
 * Class sequences (each extending `cls`, at most `depth` long) that cover
 * every string of length `len` starting with `cls` and matching `nfa`.
 */
function refine(nfa, cls, len, depth) {
  let set = nfaStart(nfa);
  for (const m of cls) set = nfaStep(nfa, set, m);
  return refineFrom(nfa, set, cls, len, depth);
}

function refineFrom(nfa, set, cls, len, depth) {
  if (!nfaCanFinish(nfa, set, len - cls.length)) return [];
  if (cls.length >= depth) return [cls];
  // split the next position into single digits, then merge digits with the same outcome
  const groups = new Map();
  for (let d = 0; d <= 9; d++) {
    const sub = refineFrom(nfa, nfaStep(nfa, set, 1 << d), [...cls, 1 << d], len, depth);
    if (sub.length === 0) continue;
    const tails = sub.map((q) => q.slice(cls.length + 1));
    const key = JSON.stringify(tails);
    const g = groups.get(key) || { mask: 0, tails };
    g.mask |= 1 << d;
    groups.set(key, g);
  }
  const out = [];
  for (const g of groups.values()) for (const t of g.tails) out.push([...cls, g.mask, ...t]);
  return out;
}

// ---- Encode rules as a flat u16 stream ----
// rule:  lens_lo, lens_hi, entry_count, entry...
// entry: h0 = prefix_len | anchored << 5 | lit_len << 6 | conflict_count << 10
//        h1 = keep_start | keep_end << 5 | min_len << 10 | has_set << 15
//        if has_set: set_pos, set_offset (into SETS)
//        prefix classes (prefix_len words, bit d = digit d allowed)
//        literal digits (lit_len words)
//        conflicts: len_lo, len_hi, class_count, classes...
// set (in SETS): alt_count, then per alternative: len, classes...
const ruleWords = [];
const ruleOffsets = new Map(); // key -> rule index
const ruleOffsetList = []; // rule index -> offset in ruleWords
const setWords = [];
const setOffsets = new Map();
function encodeSet(set) {
  const words = [set.length];
  for (const alt of set) words.push(alt.length, ...alt);
  const key = words.join(",");
  if (!setOffsets.has(key)) {
    setOffsets.set(key, setWords.length);
    setWords.push(...words);
  }
  return setOffsets.get(key);
}
function encodeRule(rule) {
  const words = [rule.lens & 0xffff, rule.lens >>> 16, rule.entries.length];
  for (const e of rule.entries) {
    const hasSet = e.setPos >= 0;
    const plen = e.cls.length - (hasSet ? 1 : 0);
    if (plen > 31 || e.lit.length > 15 || e.conflicts.length > 63 || e.minLen > 31 || e.keep[1] > 31)
      throw new Error(`entry too large: ${JSON.stringify({ cls: e.cls, lit: e.lit, conflicts: e.conflicts.length, minLen: e.minLen })}`);
    words.push(plen | ((e.anchored ? 1 : 0) << 5) | (e.lit.length << 6) | (e.conflicts.length << 10));
    words.push(e.keep[0] | (e.keep[1] << 5) | (e.minLen << 10) | ((hasSet ? 1 : 0) << 15));
    if (hasSet) words.push(e.setPos, encodeSet(rule.set));
    words.push(...e.cls.filter((x) => x !== "S"));
    for (const ch of e.lit) words.push(Number(ch));
    for (const k of e.conflicts) words.push(k.mask & 0xffff, k.mask >>> 16, k.cls.length, ...k.cls);
  }
  const key = words.join(",");
  if (!ruleOffsets.has(key)) {
    ruleOffsets.set(key, ruleOffsetList.length);
    ruleOffsetList.push(ruleWords.length);
    ruleWords.push(...words);
  }
  return ruleOffsets.get(key);
}
// Rule 0 is the empty rule (no national prefix).
encodeRule({ lens: 0, entries: [] });
function encodeRuleFor(c, lensScope, nnScope, forCode = false) {
  const rule = buildRule(c, lensScope, nnScope, forCode);
  // Regions without any prefix entries all share the empty rule.
  if (rule.entries.length === 0) return 0;
  return encodeRule(rule);
}

const regionNames = Object.keys(meta.countries).sort();
for (const r of regionNames) if (!/^[A-Z]{2}$/.test(r)) throw new Error(`odd region ${r}`);
/**
 * Splits the digit strings of `len` digits by their first digits until
 * `verdict(prefix)` (a value, or null while it depends on more digits) has
 * one value for each part. Returns the parts as {cls, value}: digit classes
 * (bit d: digit d) for the first digits; siblings with the same answer share
 * a class, so the parts are disjoint.
 */
function decide(verdict, len, prefix = []) {
  const v = verdict(prefix);
  if (v !== null) return [{ cls: [], value: v }];
  if (prefix.length >= len) throw new Error(`undecided at ${prefix.join("")} (${len} digits)`);
  const groups = new Map();
  for (let d = 0; d <= 9; d++) {
    const sub = decide(verdict, len, [...prefix, d]);
    const key = JSON.stringify(sub);
    groups.set(key, (groups.get(key) || 0) | (1 << d));
  }
  const out = [];
  for (const [key, mask] of groups) for (const part of JSON.parse(key)) out.push({ cls: [mask, ...part.cls], value: part.value });
  return out;
}

/** The parts of `decide` over several lengths whose value is not `dflt(len)`, lengths merged into masks. */
function exceptions(verdict, lengths, dflt) {
  const items = new Map();
  for (const len of lengths) {
    for (const part of decide((p) => verdict(p, len), len)) {
      if (part.value === dflt(len)) continue;
      const key = JSON.stringify([part.cls, part.value]);
      items.set(key, (items.get(key) || 0) | 2 ** len);
    }
  }
  return [...items].map(([key, mask]) => {
    const [cls, value] = JSON.parse(key);
    return { mask, cls, value };
  });
}

// National numbers that start with the region's own calling code: input
// like "44 20 7946 0958" with default GB is the calling code written without
// "+" exactly when it cannot be a national number itself (does not match the
// national number pattern). Listed are, per region, the input lengths and
// first digits after the calling code with which it certainly matches; the
// patterns are decided within a few digits everywhere (decide() throws
// otherwise), so outside these it certainly does not.
const codePrefixConflicts = [];
function computeCodePrefixConflicts() {
  regionNames.forEach((r, idx) => {
    const c = meta.countries[r];
    const code = [...String(c[F.code])].map(Number);
    const nfa = compileNfa(parseRegex(c[F.pattern]).ast);
    const lens = codeLengths(String(c[F.code]));
    const lengths = [];
    for (let L = code.length + 1; L <= MAX_LEN; L++) if (lens.includes(L - code.length)) lengths.push(L);
    const status = { all: true, none: false, some: null };
    const items = exceptions((p, L) => status[nfaPrefixStatus(nfa, [...code, ...p], L)], lengths, () => false);
    if (items.length) codePrefixConflicts.push({ idx, items });
  });
}
const codeLengths = (code) => codeInfo.find((ci) => ci.code === Number(code)).lens;

const codeScope = (code) => codeRegions[String(code)].map((r) => regionMeta(r, String(code)));
// International call prefixes (IDD, e.g. "00", "011", "810"): the prefix
// regex's match paths, in order, stored like a set in IDDS; index 0 is "none".
const iddWords = [];
const iddIndex = new Map();
function encodeIdd(c) {
  const idd = c[F.idd];
  if (!idd) return 0;
  const paths = expandPaths(parseRegex(idd).ast);
  for (const p of paths)
    if (p.anchored || Object.keys(p.caps).length) throw new Error(`unsupported IDD prefix ${idd}`);
  const words = [paths.length];
  for (const p of paths) words.push(p.cls.length, ...p.cls);
  const key = words.join(",");
  if (!iddIndex.has(key)) {
    iddIndex.set(key, iddIndex.size + 1);
    iddWords.push(...words);
  }
  return iddIndex.get(key);
}
const regionRows = regionNames.map((r) => {
  const c = meta.countries[r];
  return {
    name: r,
    code: Number(c[F.code]),
    rule: encodeRuleFor(c, [c], codeScope(c[F.code])),
    idd: encodeIdd(c),
  };
});
computeCodePrefixConflicts();

// ---- Possible lengths where several regions share a calling code ----
// libphonenumber-js calls a number possible when its national number has a
// possible length of its region: the first region of the calling code whose
// leading digits the number starts with, or (for a region without leading
// digits) of whose number types it is a valid number; else the default
// region (a number written without "+") or the code's main region. Listed
// per context (after "+<code>", or a default region) are that context's
// lengths, when they are not the code's union, and the lengths and first
// digits where the answer is not that length check, decided ahead of time
// on the patterns.
function possibilityModel(r) {
  const c = meta.countries[r];
  const m = { lens: new Set(c[F.lengths]) };
  if (c[F.leadingDigits]) {
    m.ld = expandPaths(parseRegex(c[F.leadingDigits]).ast).map((q) => {
      if (q.anchored || Object.keys(q.caps).length) throw new Error(`unsupported leading digits ${c[F.leadingDigits]}`);
      return q.cls;
    });
  } else {
    m.nn = compileNfa(parseRegex(c[F.pattern]).ast);
    m.types = (c[F.types] || [])
      .filter((t) => t && t[0])
      .map((t) => ({ nfa: compileNfa(parseRegex(t[0]).ast), lens: new Set(t[1] || c[F.lengths]) }));
  }
  return m;
}
/** Whether national numbers of `len` digits starting with `p` start with one of the leading digit paths: "all", "none", "some". */
function leadingStatus(m, p, len) {
  let some = false;
  for (const q of m.ld) {
    if (q.length > len) continue;
    const known = Math.min(q.length, p.length);
    let ok = true;
    for (let i = 0; i < known && ok; i++) ok = (q[i] & (1 << p[i])) !== 0;
    if (!ok) continue;
    if (known === q.length) return "all";
    some = true;
  }
  return some ? "some" : "none";
}
/** Whether they are valid numbers of region `m` (national number pattern and a number type): "all", "none", "some". */
function validStatus(m, p, len) {
  const nn = nfaPrefixStatus(m.nn, p, len);
  if (nn === "none") return "none";
  const types = m.types.filter((t) => t.lens.has(len)).map((t) => nfaPrefixStatus(t.nfa, p, len));
  if (types.every((t) => t === "none")) return "none";
  return nn === "all" && types.includes("all") ? "all" : "some";
}
/** The answers of libphonenumber-js's isPossible for numbers starting with `p`. */
function possibleAnswers(models, i, p, len, fallback) {
  if (i === models.length) return new Set([fallback.has(len)]);
  const m = models[i];
  const st = m.ld ? leadingStatus(m, p, len) : validStatus(m, p, len);
  const out = new Set();
  if (st !== "none") out.add(m.lens.has(len));
  if (st !== "all") for (const v of possibleAnswers(models, i + 1, p, len, fallback)) out.add(v);
  return out;
}
const possibleContexts = []; // { key, mask, items }
function computePossible() {
  codeInfo.forEach((ci, codeIdx) => {
    if (ci.regions.length < 2) return;
    const models = ci.regions.map(possibilityModel);
    const contexts = [{ key: 0x100 | codeIdx, region: ci.regions[0] }];
    for (const r of ci.regions) contexts.push({ key: regionNames.indexOf(r), region: r });
    for (const { key, region } of contexts) {
      const fallback = new Set(meta.countries[region][F.lengths]);
      const lengths = [];
      for (let L = 1; L <= MAX_LEN; L++) lengths.push(L);
      const items = exceptions(
        (p, len) => {
          const answers = possibleAnswers(models, 0, p, len, fallback);
          return answers.size === 1 ? [...answers][0] : null;
        },
        lengths,
        (len) => fallback.has(len),
      );
      const mask = maskOf([...fallback]);
      if (items.length || mask !== ci.mask) possibleContexts.push({ key, mask, items });
    }
  });
  possibleContexts.sort((a, b) => a.key - b.key);
}
computePossible();
// Lists of items shared by contexts are stored once.
const possibleWords = [];
const possibleAt = new Map();
for (const ctx of possibleContexts) {
  const words = [ctx.mask & 0xffff, ctx.mask >>> 16, ctx.items.length];
  for (const it of ctx.items) {
    if (it.mask >= 2 ** 15) throw new Error("possibility lengths above 14 digits");
    words.push(it.mask & 0xffff | (it.value ? 0x8000 : 0), it.cls.length, ...it.cls);
  }
  const key = words.join(",");
  if (!possibleAt.has(key)) {
    possibleAt.set(key, possibleWords.length);
    possibleWords.push(...words);
  }
  ctx.at = possibleAt.get(key);
}
const codePrefixWords = [];
for (const x of codePrefixConflicts) {
  x.at = codePrefixWords.length;
  codePrefixWords.push(x.items.length);
  for (const it of x.items) codePrefixWords.push(it.mask & 0xffff, it.mask >>> 16, it.cls.length, ...it.cls);
}

// The rule applied after `+<code>`: the main region's prefix rule and
// lengths (libphonenumber's choice when the region is not known), with the
// national number patterns of every region sharing the code.
const codeRows = codeInfo.map((ci) => {
  const scope = codeScope(ci.code);
  return { ...ci, rule: encodeRuleFor(scope[0], [scope[0]], scope, true) };
});
if (ruleWords.length > 0xffff || setWords.length > 0xffff) throw new Error("rule data too large for u16 offsets");
if (ruleOffsetList.length > 255 || iddIndex.size > 254) throw new Error("too many distinct rules for u8 indices");
if (codeRows.length > 255) throw new Error("too many calling codes for u8 indices");

// Sanity: every region's calling code is in the code table.
for (const r of regionRows) if (!codes.includes(r.code)) throw new Error(`region ${r.name} code ${r.code} missing`);

const codeBits = new Array(125).fill(0);
for (const c of codes) {
  if (c >= 1000) throw new Error(`calling code ${c} has more than 3 digits`);
  codeBits[c >> 3] |= 1 << (c & 7);
}

const maxNsn = Math.max(...codeInfo.flatMap((c) => c.lens));
let maxPrefix = 0;
for (const rule of ruleCache.values()) {
  const setMax = rule.set ? Math.max(...rule.set.map((a) => a.length)) : 0;
  for (const e of rule.entries)
    maxPrefix = Math.max(maxPrefix, e.minLen, e.cls.length + (e.setPos >= 0 ? setMax - 1 : 0));
}

// ---- Emit Rust ----
function chunk(arr, per, fmt) {
  const lines = [];
  for (let i = 0; i < arr.length; i += per) lines.push("    " + arr.slice(i, i + per).map(fmt).join(", ") + ",");
  return lines.join("\n");
}
const hex16 = (n) => "0x" + n.toString(16).padStart(4, "0");
const hex32 = (n) => {
  const h = (n >>> 0).toString(16).padStart(8, "0");
  return `0x${h.slice(0, 4)}_${h.slice(4)}`;
};

const header = `//! Phone numbering metadata. GENERATED FILE, DO NOT EDIT.
//!
//! Source: npm package \`libphonenumber-js@${pkg.version}\`, file
//! \`metadata.max.json\` (metadata format v${meta.version}), which is Google's
//! libphonenumber metadata. Regenerate with:
//!
//! \`\`\`text
//! npm ci --prefix scripts/phone-metadata
//! node scripts/phone-metadata/generate.mjs
//! \`\`\`
//!
//! Contents and decisions:
//!
//! - [\`CODE_BITS\`]/[\`CODE_LENGTHS\`]: every assigned country calling code,
//!   geographic and non-geographic (800, 808, 870, 878, 881, 882, 883, 888,
//!   979), with the union over every region sharing the code (+1: US, CA and
//!   all NANPA regions; +7: RU, KZ; +44: GB, GG, IM, JE; ...) of the possible
//!   national number lengths of all number types. Local-only lengths
//!   (numbers dialable only inside their area, without the area code, e.g.
//!   7-digit US numbers) are NOT included: such a number is never a complete
//!   E.164 number, libphonenumber-js does not ship those lengths and never
//!   reports such a number valid, so including them would only let
//!   incomplete numbers through. No valid number is rejected for it: the
//!   lengths of every number type are in the union (checked by the
//!   differential test).
//! - [\`REGION_NAMES\`]/[\`REGION_CODES\`]/[\`REGION_RULES\`]/[\`REGION_IDD\`]:
//!   every region (ISO 3166-1 alpha-2) with its calling code, national prefix
//!   rule and international call prefix (\`00\`, \`011\`, \`810\`, ...; in
//!   [\`IDDS\`], expanded into match paths like the rules below).
//! - [\`RULES\`]: national (trunk) prefix handling, compiled from
//!   \`national_prefix_for_parsing\` (or \`national_prefix\`) and
//!   \`national_prefix_transform_rule\`. There is no regex engine at run time:
//!   the generator expands each (finite) prefix regex into its match paths in
//!   JavaScript backtracking order, each a sequence of digit classes, so the
//!   first path that matches the start of the input is exactly the regex
//!   match. Plain prefixes ("0", "1", "8", "06") become one path; regex rules
//!   (carrier codes in AU/BR/CN/CO/KR, "0|80?" in BY, NANPA/GG/MG/SM/...
//!   local-number completion, AR's "15" mobile token, whose area code list is
//!   stored once in [\`SETS\`]) become several, with their transform.
//!   [\`CODE_RULES\`] is the rule applied after \`+<code>\`: the main region's.
//! - Conflicts. libphonenumber keeps the input unchanged when the rewrite is
//!   not a possible length, or when the input matches the national number
//!   pattern and the rewrite does not. The generator evaluates the patterns
//!   ahead of time: each path lists the input lengths and first digits (up to
//!   ${REFINE_DEPTH} past the prefix) for which the input could itself match
//!   the pattern of the region parsed for (where the rewrite has a possible
//!   length) or of any region sharing the code (where it has not). Outside
//!   those the input certainly is not a number as typed: it is rewritten, or
//!   rejected when the rewrite has an impossible length. Inside them it is
//!   kept as typed.
//! - Extra lengths (conflict items flagged with bit 31): after \`+<code>\`,
//!   libphonenumber judges a rewrite by the lengths of the region it belongs
//!   to, e.g. CA's 7-digit 310 numbers under the US rule of +1. Listed are
//!   such rewrites, from those regions' number type patterns.
//! - [\`CODE_PREFIX_REGIONS\`]/[\`CODE_PREFIX_ITEMS\`]: where a national
//!   number can start with its own calling code (else "44 20 ..." in GB is
//!   the calling code written without "+"): the input lengths and first
//!   digits after the code with which the digits match the region's national
//!   number pattern, decided ahead of time (within a few digits everywhere).
//! - [\`POSSIBLE_KEYS\`]/[\`POSSIBLE_LISTS\`]: which lengths are possible
//!   where regions share a calling code (+1, +44, +61, +290, +599):
//!   libphonenumber-js judges a number by the lengths of the region it
//!   belongs to (by leading digits, or valid for its number types: CA's
//!   7-digit 310 numbers, IM's 1624 numbers), else of the default or main
//!   region. Per context (after "+<code>", or a default region), its lengths
//!   and the lengths and first digits where the answer differs.
//!
//! Rule stream layout (u16 words): \`lens_lo, lens_hi, entry_count\` (lens: the
//! lengths that make a rewrite "possible", libphonenumber's
//! \`isPossibleIncompleteNationalNumber\`, where longer than the longest also
//! counts), then per entry
//! \`h0 = prefix_len | anchored << 5 | lit_len << 6 | conflict_count << 10\`,
//! \`h1 = keep_start | keep_end << 5 | min_len << 10 | has_set << 15\`, if
//! \`has_set\` then \`set_pos, set_offset\`, then \`prefix_len\` digit-class
//! masks (bit d set: digit d allowed), \`lit_len\` literal digits, and per
//! conflict \`len_lo, len_hi, class_count, classes...\`. An entry matches an
//! input \`d\` of at least \`min_len\` digits (exactly \`min_len\` when
//! anchored) whose first digits are in its classes, and rewrites it to
//! \`lit + d[keep_start..keep_end] + d[prefix_len..]\`. With a set, the first
//! alternative of the set (in order) for which the whole entry matches is
//! spliced in at \`set_pos\`, and the rewrite keeps exactly the digits it
//! matched: \`lit + set_digits + d[match_len..]\`. A set (in [\`SETS\`]) and an
//! international call prefix (in [\`IDDS\`]) are \`count\`, then per
//! alternative \`len, classes...\`. A conflict matches an input whose length
//! is in its mask and whose first digits are in its classes. Lengths are
//! bitmasks: bit n set means n digits.
`;

const out = `${header}
/// Version of the libphonenumber-js package the tables were generated from.
#[allow(dead_code)]
pub(super) const SOURCE_VERSION: &str = "libphonenumber-js@${pkg.version}";

/// Longest possible national number, in digits.
pub(super) const MAX_NSN_LEN: usize = ${maxNsn};

/// Longest input prefix a national prefix rule looks at, in digits.
pub(super) const MAX_PREFIX_LEN: usize = ${maxPrefix};

/// Assigned country calling codes: bit \`c % 8\` of byte \`c / 8\` is set when
/// code \`c\` is assigned. "Code index" below means the rank of a code among
/// the assigned ones, ascending (${codeRows.length} codes).
pub(super) static CODE_BITS: [u8; 125] = [
${chunk(codeBits, 16, String)}
];

/// Number of assigned calling codes.
pub(super) const CODE_COUNT: usize = ${codeRows.length};

/// Possible national number lengths per calling code (bit n set: n digits), by code index.
pub(super) static CODE_LENGTHS: [u32; ${codeRows.length}] = [
${chunk(codeRows, 6, (c) => hex32(c.mask))}
];

/// National prefix rule (index into [\`RULES\`]) used after \`+<code>\`: the
/// rule and lengths of the code's main region, with conflicts computed from the
/// national number patterns of all regions sharing the code. By code index.
pub(super) static CODE_RULES: [u8; ${codeRows.length}] = [
${chunk(codeRows, 12, (c) => String(c.rule))}
];

/// Region codes (ISO 3166-1 alpha-2), two characters each, ascending.
pub(super) static REGION_NAMES: &str = "\\
${regionNames
  .map((n) => n)
  .join("")
  .match(/.{1,80}/g)
  .join("\\\n")}";

/// Calling code of each region as a code index, parallel to [\`REGION_NAMES\`].
pub(super) static REGION_CODES: [u8; ${regionRows.length}] = [
${chunk(regionRows, 16, (r) => String(codes.indexOf(r.code)))}
];

/// National prefix rule (index into [\`RULES\`]) of each region, parallel to [\`REGION_NAMES\`].
pub(super) static REGION_RULES: [u8; ${regionRows.length}] = [
${chunk(regionRows, 16, (r) => String(r.rule))}
];

/// International call prefix of each region: 0 for none, else n for the n-th
/// (from 1) in [\`IDDS\`]. Parallel to [\`REGION_NAMES\`].
pub(super) static REGION_IDD: [u8; ${regionRows.length}] = [
${chunk(regionRows, 16, (r) => String(r.idd))}
];

/// International call prefixes, back to back: per prefix \`path_count\`, then
/// per match path (in regex order) \`len, classes...\`.
pub(super) static IDDS: [u16; ${iddWords.length}] = [
${chunk(iddWords, 10, hex16)}
];

/// Regions (indices into [\`REGION_NAMES\`], ascending) where a national number
/// can start with the region's own calling code, see [\`CODE_PREFIX_ITEMS\`].
pub(super) static CODE_PREFIX_REGIONS: [u8; ${codePrefixConflicts.length}] = [
${chunk(codePrefixConflicts, 16, (x) => String(x.idx))}
];

/// Where each region of [\`CODE_PREFIX_REGIONS\`] starts in [\`CODE_PREFIX_ITEMS\`].
pub(super) static CODE_PREFIX_AT: [u16; ${codePrefixConflicts.length}] = [
${chunk(codePrefixConflicts, 12, (x) => String(x.at))}
];

/// Per region: \`count\`, then per item \`len_lo, len_hi, class_count,
/// classes...\`: input lengths (bit n: n digits, calling code included) and
/// classes of the digits after the calling code with which the input is a
/// national number of the region. Elsewhere such input is the calling code
/// written without "+".
pub(super) static CODE_PREFIX_ITEMS: [u16; ${codePrefixWords.length}] = [
${chunk(codePrefixWords, 10, hex16)}
];

/// Contexts whose possible lengths are not simply their calling code's:
/// \`0x100 | code index\` after "+<code>", or a region index for a number
/// written without "+" in that default region. Ascending.
pub(super) static POSSIBLE_KEYS: [u16; ${possibleContexts.length}] = [
${chunk(possibleContexts, 10, (x) => hex16(x.key))}
];

/// Where each context of [\`POSSIBLE_KEYS\`] starts in [\`POSSIBLE_LISTS\`].
pub(super) static POSSIBLE_AT: [u16; ${possibleContexts.length}] = [
${chunk(possibleContexts, 12, (x) => String(x.at))}
];

/// Per context: \`lens_lo, lens_hi\` (its possible national number lengths),
/// \`count\`, then per item \`lens | possible << 15, class_count, classes...\`:
/// national numbers of those lengths starting with those classes are
/// possible (or not) whatever the lengths say.
pub(super) static POSSIBLE_LISTS: [u16; ${possibleWords.length}] = [
${chunk(possibleWords, 10, hex16)}
];

/// National prefix rules, back to back (rule n is the n-th, from 0; rule 0 is
/// the empty rule), see the module documentation for the layout.
pub(super) static RULES: [u16; ${ruleWords.length}] = [
${chunk(ruleWords, 10, hex16)}
];

/// Where each rule starts in [\`RULES\`] (rule n at \`RULE_STARTS[n]\`), so a
/// lookup does not walk the rules before it.
pub(super) static RULE_STARTS: [u16; ${ruleOffsetList.length}] = [
${chunk(ruleOffsetList, 12, (x) => String(x))}
];

/// Alternative lists ("sets") referenced by rule entries, see the module documentation.
pub(super) static SETS: [u16; ${setWords.length}] = [
${chunk(setWords, 10, hex16)}
];
`;

// Same layout as `cargo fmt` gives it, so that formatting the crate does not
// make the file stale.
function rustfmt(src) {
  const res = spawnSync("rustfmt", ["--edition", "2021"], {
    cwd: path.dirname(outFile),
    input: src,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (res.error || res.status !== 0) {
    throw new Error(`rustfmt failed (is the Rust toolchain installed?): ${res.error || res.stderr}`);
  }
  return res.stdout;
}
const formatted = rustfmt(out);

if (process.argv.includes("--check")) {
  const current = fs.existsSync(outFile) ? fs.readFileSync(outFile, "utf8") : "";
  if (current !== formatted) {
    console.error(`${path.relative(repoRoot, outFile)} is stale; run node scripts/phone-metadata/generate.mjs`);
    process.exit(1);
  }
  console.log(`${path.relative(repoRoot, outFile)} is up to date (libphonenumber-js@${pkg.version})`);
} else {
  fs.writeFileSync(outFile, formatted);
  const stats = {
    codes: codeRows.length,
    regions: regionRows.length,
    ruleWords: ruleWords.length,
    setWords: setWords.length,
    iddWords: iddWords.length,
    distinctRules: ruleOffsets.size,
    bytes: Buffer.byteLength(formatted),
    rawTableBytes:
      125 + codeRows.length * (4 + 1) + regionRows.length * (2 + 1 + 1 + 1) +
      (ruleWords.length + setWords.length + iddWords.length) * 2 +
      (codePrefixWords.length + possibleWords.length) * 2 + codePrefixConflicts.length * 3 +
      possibleContexts.length * 4,
  };
  console.log(`wrote ${path.relative(repoRoot, outFile)} from libphonenumber-js@${pkg.version}`, stats);
}
