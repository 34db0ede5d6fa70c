// The four payload sets every implementation validates, generated
// deterministically (fixed seed) and written as JSON Lines so the native Rust
// harness reads exactly the texts `JSON.stringify` gives the wasm.
//
//   phone     valid candidates with a formatted international phone number
//   seed      the seed's own request: those, with metadata {ats_stage,
//             external_id} and data {} (what an ATS integration sends)
//   invalid   candidates with several issues each (name, email, phone, metadata)
//   metadata  valid candidates with metadata at the limits: 50 keys of 40 code
//             points, values of exactly 500 code points (some astral)
//   bulk      one 10 000-row array of valid candidates with phone (one line)
//   bulk_meta the same 10 000 rows, each with the seed's metadata and data {}
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getCountries, getExampleNumber } from "libphonenumber-js/max";
import examples from "libphonenumber-js/mobile/examples";

export const SETS = ["phone", "seed", "invalid", "metadata", "bulk", "bulk_meta"];
/** The sets that are one array validated by validateCandidates. */
export const isBulk = (set) => set.startsWith("bulk");
export const BULK_ROWS = 10_000;

/** mulberry32: a small deterministic PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "José", "Zoë", "Søren", "Mei", "Aarav", "Ngozi", "Łukasz", "Chloé", "Kwame", "Yuki", "Olga"];
const LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Álvarez", "Müller", "Kierkegaard", "Chen", "Sharma", "Okafor", "Nowak", "Dubois", "Mensah", "Tanaka", "Ivanova"];
// Real, well-known and ordinary domains (no typo warnings, no special-use names).
const DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "proton.me", "acme-corp.com", "mail.de", "uni-example.ac.uk", "startup.io", "fastmail.fm", "company.co.jp"];

/** Formatted international example numbers (mobile) every peer also accepts. */
function phonePool() {
  const pool = [];
  for (const country of getCountries().sort()) {
    const number = getExampleNumber(country, examples);
    if (number && number.isValid()) pool.push(number.formatInternational());
  }
  return [...new Set(pool)];
}

function validCandidate(random, phones, i) {
  const first = FIRST[Math.floor(random() * FIRST.length)];
  const last = LAST[Math.floor(random() * LAST.length)];
  const local = `${first}.${last}`.normalize("NFD").replace(/[^A-Za-z.]/g, "").toLowerCase();
  const tag = random() < 0.2 ? `+jobs${i % 7}` : "";
  return {
    name: random() < 0.3 ? `  ${first} ${last} ` : `${first} ${last}`,
    email: `${local}${i}${tag}@${DOMAINS[Math.floor(random() * DOMAINS.length)]}`,
    phone_number: phones[i % phones.length],
  };
}

/** Exactly `n` code points, mixing ASCII, Latin-1 and astral characters. */
function codePoints(random, n, astral) {
  const alphabet = astral ? ["a", "b", "é", "ß", "😀", "𝔘", "中", " "] : ["a", "b", "c", "d", "e", "1", "2", " "];
  let out = "";
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

export function generate() {
  const random = rng(0x5eed);
  const phones = phonePool();
  const phone = Array.from({ length: 256 }, (_, i) => validCandidate(random, phones, i));

  const stages = ["applied", "screening", "interview", "offer"];
  const withSeedMetadata = (c, i) => ({ ...c, metadata: { ats_stage: stages[i % stages.length], external_id: `ATS-${100000 + i}` }, data: {} });
  const seed = phone.map(withSeedMetadata);

  const badPhones = ["+999 123 456", "+44 12", "call me", "0044 20 7946 0958 ext", "+1 (206) 555-12345678901", "12345"];
  const badEmails = ["not-an-email", "ada@@example.com", "ada@", "@example.com", "ada lovelace@example.com", "ada@exa mple.com"];
  const invalid = Array.from({ length: 64 }, (_, i) => ({
    name: i % 2 ? "   " : "",
    email: badEmails[i % badEmails.length],
    phone_number: badPhones[i % badPhones.length],
    metadata: {
      "": "empty key",
      ["k".repeat(41 + (i % 5))]: "key too long",
      source: "x".repeat(501 + i),
      ok: "fine",
    },
  }));

  const metadata = Array.from({ length: 8 }, (_, v) => {
    const entries = {};
    for (let k = 0; k < 50; k++) {
      // Keys of exactly 40 code points, unique by their prefix.
      const key = `k${String(k).padStart(2, "0")}_` + codePoints(random, 36, k % 5 === 0);
      entries[key] = codePoints(random, 500, k % 4 === 0);
    }
    return { name: `Meta ${v}`, email: `meta${v}@acme-corp.com`, metadata: entries };
  });

  const bulkRows = Array.from({ length: BULK_ROWS }, (_, i) => validCandidate(random, phones, i));
  return { phone, seed, invalid, metadata, bulk: [bulkRows], bulk_meta: [bulkRows.map(withSeedMetadata)], phonesInPool: phones.length };
}

/** Writes bench/out/payloads/<set>.jsonl (one `JSON.stringify` text per line). */
export function writePayloads(dir) {
  mkdirSync(dir, { recursive: true });
  const sets = generate();
  for (const name of SETS) writeFileSync(join(dir, `${name}.jsonl`), sets[name].map((v) => JSON.stringify(v)).join("\n") + "\n");
  return sets;
}

/** Reads the sets back: exactly the values whose texts the native harness reads. */
export function readPayloads(dir) {
  const sets = {};
  for (const name of SETS) {
    sets[name] = readFileSync(join(dir, `${name}.jsonl`), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
  }
  return sets;
}
