// Validation vectors shared by the JS tests and the packaging test: every
// runtime runs exactly these and must produce identical results.
// `expect` lists what a correct implementation returns: ok, and the issue
// codes (with paths) in order; `value` when the normalized value matters.

const good = { name: "Ada Lovelace", email: "ada@example.com" };
const keys = (n, keyOf = (i) => `k${i}`, value = "v") =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [keyOf(i), value]));
const issue = (path, code) => ({ path, code });
/** An entry list holding a good candidate's fields. */
const entries = (list) => {
  for (const [key, value] of Object.entries(good)) list.set(key, value);
  return list;
};

export const candidateVectors = [
  { name: "minimal", input: good, expect: { ok: true, value: good } },
  {
    name: "normalizes name, email, phone",
    input: { name: "  Ada  ", email: " Ada@Example.COM ", phone_number: "+1 (206) 555-1234" },
    expect: { ok: true, value: { name: "Ada", email: "Ada@example.com", phone_number: "+12065551234" } },
  },
  {
    name: "national number with default country GB",
    input: { ...good, phone_number: "020 7946 0958" },
    options: { defaultCountry: "GB" },
    expect: { ok: true, value: { ...good, phone_number: "+442079460958" } },
  },
  {
    name: "national number with default country US",
    input: { ...good, phone_number: "(206) 555-1234" },
    options: { defaultCountry: "US" },
    expect: { ok: true, value: { ...good, phone_number: "+12065551234" } },
  },
  {
    name: "an unknown default country does not matter to a number with +",
    input: { ...good, phone_number: "+1 650 253 0000" },
    options: { defaultCountry: "XX" },
    expect: { ok: true, value: { ...good, phone_number: "+16502530000" } },
  },
  {
    name: "an unknown default country is reported for a national number",
    input: { ...good, phone_number: "650 253 0000" },
    options: { defaultCountry: "XX" },
    expect: { ok: false, issues: [issue(["phone_number"], "unknown_default_country")] },
  },
  { name: "null optionals are dropped", input: { ...good, phone_number: null, metadata: null, data: null }, expect: { ok: true, value: good } },
  // What a form sends for an input nobody touched.
  { name: "a blank phone is absent", input: { ...good, phone_number: "" }, expect: { ok: true, value: good } },
  { name: "a white-space phone is absent", input: { ...good, phone_number: " \u3000\t" }, expect: { ok: true, value: good } },
  { name: "an empty metadata object is kept", input: { ...good, metadata: {} }, expect: { ok: true, value: { ...good, metadata: {} } } },
  { name: "a blank metadata is the wrong type", input: { ...good, metadata: "" }, expect: { ok: false, issues: [issue(["metadata"], "invalid_type")] } },
  // Entry lists read as {} by JSON.stringify: refused, with the fix in the message.
  { name: "FormData", input: entries(new FormData()), expect: { ok: false, issues: [issue([], "invalid_type")] } },
  { name: "URLSearchParams", input: entries(new URLSearchParams()), expect: { ok: false, issues: [issue([], "invalid_type")] } },
  { name: "Map", input: entries(new Map()), expect: { ok: false, issues: [issue([], "invalid_type")] } },
  {
    name: "metadata and data pass through",
    input: { ...good, metadata: { ats_stage: "phone_screen" }, data: { years: 5, tags: ["a", { b: null }] } },
    expect: { ok: true, value: { ...good, metadata: { ats_stage: "phone_screen" }, data: { years: 5, tags: ["a", { b: null }] } } },
  },
  { name: "not an object", input: "ada@example.com", expect: { ok: false, issues: [issue([], "invalid_type")] } },
  { name: "null", input: null, expect: { ok: false, issues: [issue([], "invalid_type")] } },
  { name: "array", input: [good], expect: { ok: false, issues: [issue([], "invalid_type")] } },
  { name: "number", input: 42, expect: { ok: false, issues: [issue([], "invalid_type")] } },
  { name: "undefined", input: undefined, expect: { ok: false, issues: [issue([], "invalid_type")] } },
  { name: "empty object", input: {}, expect: { ok: false, issues: [issue(["name"], "required"), issue(["email"], "required")] } },
  {
    name: "every problem at once",
    input: { name: " ", email: "nope", phone_number: "12345", metadata: { "": "x", n: 1 }, data: [] },
    expect: {
      ok: false,
      issues: [
        issue(["name"], "blank"),
        issue(["email"], "invalid_email"),
        issue(["phone_number"], "missing_country_code"),
        issue(["metadata", ""], "empty_key"),
        issue(["metadata", "n"], "invalid_type"),
        issue(["data"], "invalid_type"),
      ],
    },
  },
  { name: "numbers where strings belong", input: { name: 1, email: 2, phone_number: 3 }, expect: { ok: false, issues: [issue(["name"], "invalid_type"), issue(["email"], "invalid_type"), issue(["phone_number"], "invalid_type")] } },
  { name: "unassigned country code", input: { ...good, phone_number: "+999 1234567" }, expect: { ok: false, issues: [issue(["phone_number"], "unknown_country_code")] } },
  { name: "impossible length", input: { ...good, phone_number: "+1 555" }, expect: { ok: false, issues: [issue(["phone_number"], "invalid_phone_length")] } },
  { name: "letters in phone", input: { ...good, phone_number: "+44 20 7946 abc" }, expect: { ok: false, issues: [issue(["phone_number"], "phone_letters")] } },
  { name: "phone extension", input: { ...good, phone_number: "+44 20 7946 0958 ext. 12" }, expect: { ok: false, issues: [issue(["phone_number"], "phone_extension")] } },
  { name: "tel: URI", input: { ...good, phone_number: "tel:+44-20-7946-0958" }, expect: { ok: false, issues: [issue(["phone_number"], "phone_tel_uri")] } },
  { name: "other characters in phone", input: { ...good, phone_number: "+44 20 7946 0958 *" }, expect: { ok: false, issues: [issue(["phone_number"], "phone_invalid_characters")] } },
  { name: "full-width digits and a direction mark", input: { ...good, phone_number: "+４４ ２０ ７９４６ ０９５８\u200e" }, expect: { ok: true, value: { ...good, phone_number: "+442079460958" } } },
  { name: "50 metadata keys", input: { ...good, metadata: keys(50) }, expect: { ok: true } },
  { name: "51 metadata keys", input: { ...good, metadata: keys(51) }, expect: { ok: false, issues: [issue(["metadata"], "too_many_keys")] } },
  { name: "40-character key", input: { ...good, metadata: { ["k".repeat(40)]: "v" } }, expect: { ok: true } },
  { name: "41-character key", input: { ...good, metadata: { ["k".repeat(41)]: "v" } }, expect: { ok: false, issues: [issue(["metadata", "k".repeat(41)], "key_too_long")] } },
  { name: "40 emoji key counts code points", input: { ...good, metadata: { ["😀".repeat(40)]: "v" } }, expect: { ok: true } },
  { name: "500-character value", input: { ...good, metadata: { k: "é".repeat(500) } }, expect: { ok: true } },
  { name: "500 emoji value", input: { ...good, metadata: { k: "😀".repeat(500) } }, expect: { ok: true } },
  { name: "501-character value", input: { ...good, metadata: { k: "😀".repeat(501) } }, expect: { ok: false, issues: [issue(["metadata", "k"], "too_long")] } },
  { name: "lone surrogate in name", input: { ...good, name: "Ada \ud800" }, expect: { ok: false, issues: [issue(["name"], "invalid_unicode")] } },
  { name: "lone surrogate in metadata value", input: { ...good, metadata: { k: "\udc00" } }, expect: { ok: false, issues: [issue(["metadata", "k"], "invalid_unicode")] } },
  { name: "lone surrogate deep in data", input: { ...good, data: { a: [1, { b: "x\ud83d" }] } }, expect: { ok: false, issues: [issue(["data", "a", 1, "b"], "invalid_unicode")] } },
  { name: "paired surrogates are fine", input: { ...good, name: "Ada 😀" }, expect: { ok: true } },
  { name: "unknown field is a warning", input: { ...good, phone: "+12065551234" }, expect: { ok: true, value: good, warnings: [issue(["phone"], "unknown_field")] } },
  { name: "email domain typo is a warning", input: { ...good, email: "ada@gmial.com" }, expect: { ok: true, warnings: [issue(["email"], "email_domain_typo")] } },
  { name: "internationalized domain", input: { ...good, email: "ada@Bücher.example" }, expect: { ok: true, value: { ...good, email: "ada@bücher.example" } } },
  { name: "special-use domain", input: { ...good, email: "ada@localhost" }, expect: { ok: false, issues: [issue(["email"], "invalid_email")] } },
  { name: "quoted local part", input: { ...good, email: '"ada lovelace"@example.com' }, expect: { ok: false, issues: [issue(["email"], "invalid_email")] } },
];

export const bulkVectors = [
  { name: "two good rows", input: [good, { ...good, email: "b@example.org" }], expect: { ok: true } },
  {
    name: "row indices in paths",
    input: [good, { name: "B" }, 7],
    expect: { ok: false, issues: [issue([1, "email"], "required"), issue([2], "invalid_type")] },
  },
  { name: "not a list", input: good, expect: { ok: false, issues: [issue([], "invalid_type")] } },
  { name: "entry lists among rows", input: [good, entries(new FormData()), good, entries(new Map())], expect: { ok: false, issues: [issue([1], "invalid_type"), issue([3], "invalid_type")] } },
];

export const phoneVectors = [
  { raw: "+1 206 555 1234", expect: "+12065551234" },
  { raw: "020 7946 0958", defaultCountry: "GB", expect: "+442079460958" },
  { raw: "(206) 555-1234", defaultCountry: "US", expect: "+12065551234" },
  { raw: "12065551234", expect: null },
  { raw: "+999 1234567", expect: null },
  { raw: "", expect: null },
  { raw: "020 7946 0958", options: { defaultCountry: "GB" }, expect: "+442079460958" },
  { raw: "020 7946 0958", options: {}, expect: null },
];
