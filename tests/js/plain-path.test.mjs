// The plain path (pkg/src/plain-fields.js + acceptPlainFields in the core)
// must answer exactly what the JSON path answers. A null-prototype copy of
// an input is never plain, so it always takes the JSON path: every input is
// validated both ways and the answers compared, on each build.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { builds } from "./builds.mjs";
import { createValidationApi } from "../../pkg/src/validation.js";
import { withUtf16Rows } from "../../pkg/src/utf16-rows.js";
import * as browserCore from "../../pkg/dist/heymilo_ingest_browser.js";
import * as serverCore from "../../pkg/dist/heymilo_ingest_server.js";
import * as validateCore from "../../pkg/dist/heymilo_ingest_validate.js";
import * as validateO3Core from "../../pkg/dist/heymilo_ingest_validate_o3.js";
import * as edgeCore from "../../pkg/dist/heymilo_ingest_edge.js";

const cores = { browser: browserCore, server: serverCore, validate: validateCore, validate_o3: validateO3Core, edge: edgeCore };
for (const [build, core] of Object.entries(cores)) {
  core.initSync({ module: readFileSync(new URL(`../../pkg/dist/heymilo_ingest_${build}_bg.wasm`, import.meta.url)) });
}
// The Node entries' rows as UTF-16 (acceptPlainRows16): every row, and only long ones as they ship.
cores["validate_o3, every row as UTF-16"] = withUtf16Rows(validateO3Core, 0);
cores["validate_o3, long rows as UTF-16"] = withUtf16Rows(validateO3Core);

const viaJson = (value) => Object.assign(Object.create(null), value);

const spaces = fc.constantFrom("", " ", "  ", "\u3000", "\u00a0", "\n\t", "\ufeff", "\u2028");
const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }));
const name = fc.oneof(
  text,
  fc.tuple(spaces, fc.constantFrom("Ada", "Zoë", "😀 Ada", "李小龙", "A\0B", "A\x01B", "3\0x", "\ud800"), spaces).map((parts) => parts.join("")),
);
const email = fc.oneof(
  text,
  fc.emailAddress(),
  fc.tuple(spaces, fc.constantFrom("ada@example.com", "Ada@Example.COM", "ada@gmial.com", "用户@例子.广告", "a\0@b.com", "a\x01@b.com", "ada@xn--fsqu00a.xn--3lr804guic"), spaces).map((parts) => parts.join("")),
);
const phone = fc.oneof(
  text,
  fc.constant(null),
  fc.constantFrom("+44 20 7946 0958", "020 7946 0958", "+1 (415) 555-2671", "+8613800138000", "", " ", "\u3000\t", "\ufeff", "12", "+999999999999999", "+44 20\0 7946 0958", "+44 20\x01 7946 0958"),
  fc.stringMatching(/^\+?[0-9 ()-.]{0,20}$/),
);
const candidate = fc.record({ name, email, phone_number: phone }, { requiredKeys: ["name", "email"] });
const country = fc.constantFrom(undefined, "GB", "US", "XX");

for (const [build, { validateCandidate, validateCandidates }] of Object.entries(builds)) {
  test(`${build}: the plain path answers exactly as the JSON path`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(candidate, country, (input, defaultCountry) => {
        const options = { defaultCountry };
        const answer = validateCandidate(input, options);
        assert.deepEqual(answer, validateCandidate(viaJson(input), options));
        if (answer.ok && answer.warnings.length === 0) accepted++;
      }),
      { numRuns: 5_000, seed: 20261128 },
    );
    assert.ok(accepted > 500, `only ${accepted} inputs were accepted`);
  });

  test(`${build}: bulk through the plain path answers exactly as the JSON path`, () => {
    fc.assert(
      fc.property(fc.array(candidate, { minLength: 1, maxLength: 8 }), (inputs) => {
        assert.deepEqual(validateCandidates(inputs), validateCandidates(inputs.map(viaJson)));
      }),
      { numRuns: 1_000, seed: 20261129 },
    );
  });

  test(`${build}: what JSON.stringify does not see is not validated`, () => {
    const fields = { name: " Ada ", email: "ada@example.com" };
    const hidden = Object.defineProperty({ email: "ada@example.com", nick: "A" }, "name", { value: "Ada", enumerable: false });
    assert.equal(validateCandidate(hidden).issues[0].code, "required");
    const inherited = Object.assign(Object.create({ phone_number: "+44 20 7946 0958" }), fields);
    assert.deepEqual(validateCandidate(inherited).value, { name: "Ada", email: "ada@example.com" });
    const withToJson = { ...fields, toJSON: () => ({ name: "Bob", email: "bob@example.com" }) };
    assert.deepEqual(validateCandidate(withToJson).value, { name: "Bob", email: "bob@example.com" });
    const getter = { get name() { return "  Grace "; }, email: "grace@example.com" };
    assert.deepEqual(validateCandidate(getter).value, { name: "Grace", email: "grace@example.com" });
    // JSON.stringify reads a String object as its text.
    const boxed = { ...fields, phone_number: new String("+44 20 7946 0958") };
    assert.deepEqual(validateCandidate(boxed).value, { name: "Ada", email: "ada@example.com", phone_number: "+442079460958" });
    assert.deepEqual(validateCandidate({ ...fields, phone_number: null }).value, { name: "Ada", email: "ada@example.com" });
    // A blank phone (what a form sends for an untouched input) is absent on both paths, alone and in bulk.
    for (const blank of ["", "  ", "\u3000\n"]) {
      const input = { ...fields, phone_number: blank };
      assert.deepEqual(validateCandidate(input), { ok: true, value: { name: "Ada", email: "ada@example.com" }, issues: [], warnings: [] });
      assert.deepEqual(validateCandidate(viaJson(input)), validateCandidate(input));
      assert.deepEqual(validateCandidates([input, fields]).value, [{ name: "Ada", email: "ada@example.com" }, { name: "Ada", email: "ada@example.com" }]);
    }
    Object.prototype.polluted = "x";
    try {
      assert.deepEqual(validateCandidate(fields), validateCandidate(viaJson(fields)));
    } finally {
      delete Object.prototype.polluted;
    }
    assert.equal(validateCandidate({ name: "\ud800", email: "ada@example.com" }).issues[0].code, "invalid_unicode");
    assert.deepEqual(validateCandidate({ name: "\u3000😀 Ada\u00a0", email: "ada@example.com" }).value.name, "😀 Ada");
    const sparse = [fields, , fields];
    assert.equal(validateCandidates(sparse).ok, false);
  });
}

// String metadata and `data: {}` take the plain path too (the seed's own
// request, ATS integrations): the same comparison with them, near their
// limits, and with what must not be read as plain.
const metadataKey = fc.oneof(
  fc.string({ maxLength: 42 }),
  fc.constantFrom("ats_stage", "external_id", "", "k".repeat(40), "k".repeat(41), "😀".repeat(40), "__proto__", "1", "0x", "a\0b", "a\x01b", "\ud800", "toJSON"),
);
const metadataValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom("", "v".repeat(500), "v".repeat(501), "😀".repeat(500), "é".repeat(501), "x\0y", "\udfff", "\uffff"),
  // Long rows (the UTF-16 path of the Node entries): at and over the limit, lone surrogates anywhere in them.
  fc.constantFrom("中".repeat(500), "中".repeat(501), "😀".repeat(499) + "\ud83d", "\ude00" + "a".repeat(600), "a😀".repeat(250), "a😀".repeat(250) + "b", "\ufffd".repeat(500), "x\x01".repeat(300)),
  fc.constantFrom(1, null, true, {}, ["x"]),
);
const metadata = fc.oneof(
  { arbitrary: fc.dictionary(fc.constantFrom("ats_stage", "external_id", "source", "k".repeat(40), "😀".repeat(40), "2", "1"), fc.oneof(fc.string({ maxLength: 20 }), fc.constant("😀".repeat(500))), { maxKeys: 5 }), weight: 4 },
  { arbitrary: fc.dictionary(metadataKey, metadataValue, { maxKeys: 6 }), weight: 2 },
  { arbitrary: fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.constant("v"), { minKeys: 48, maxKeys: 53 }), weight: 1 },
  { arbitrary: fc.constantFrom(null, undefined, [], "x", Object.create(null), { toJSON: () => ({ a: "b" }) }), weight: 1 },
);
const data = fc.oneof(
  { arbitrary: fc.constantFrom(undefined, null, {}), weight: 3 },
  { arbitrary: fc.constantFrom({ x: 1 }, [], Object.create(null), { toJSON: () => ({}) }, 0), weight: 1 },
);
const withMetadata = fc.record(
  {
    name: fc.constantFrom("Ada", "  Ada ", "Zoë", ""),
    email: fc.constantFrom("ada@example.com", "Ada@example.com", "zoë@example.com", "Ada@Example.COM", "ada@gmial.com"),
    phone_number: fc.constantFrom("+44 20 7946 0958", null, ""),
    metadata,
    data,
  },
  { requiredKeys: ["name", "email"] },
);

for (const [build, core] of Object.entries(cores)) {
  test(`${build}: metadata and data {} through the plain path answer exactly as the JSON path`, () => {
    let plainAnswers = 0;
    const counting = { ...core, acceptPlainRows: (...args) => {
      const answers = core.acceptPlainRows(...args);
      if (answers.length) plainAnswers++;
      return answers;
    } };
    const { validateCandidate, validateCandidates } = createValidationApi(counting);
    let withMeta = 0;
    fc.assert(
      fc.property(withMetadata, (input) => {
        const before = plainAnswers;
        const answer = validateCandidate(input);
        assert.deepEqual(answer, validateCandidate(viaJson(input)));
        assert.equal(JSON.stringify(answer), JSON.stringify(validateCandidate(viaJson(input))), "same key order");
        if (plainAnswers > before && input.metadata) withMeta++;
      }),
      { numRuns: 3_000, seed: 20261202 },
    );
    fc.assert(
      fc.property(fc.array(withMetadata, { minLength: 1, maxLength: 5 }), (inputs) => {
        assert.deepEqual(validateCandidates(inputs), validateCandidates(inputs.map(viaJson)));
      }),
      { numRuns: 500, seed: 20261203 },
    );
    assert.ok(withMeta > 80, `only ${withMeta} candidates with metadata took the plain path`);
    // The seed's own request is plain, and its value is a copy, not the caller's objects.
    const seed = { name: "Ada", email: "ada@example.com", phone_number: "+44 20 7946 0958", metadata: { ats_stage: "applied", external_id: "A-1" }, data: {} };
    const before = plainAnswers;
    const result = validateCandidate(seed);
    assert.equal(plainAnswers, before + 1);
    assert.deepEqual(result.value, { ...seed, phone_number: "+442079460958" });
    assert.notEqual(result.value.metadata, seed.metadata);
    assert.notEqual(result.value.data, seed.data);
    // A getter that throws, on any field the plain path reads, is the JSON path's invalid_json, not an exception.
    for (const field of ["name", "email", "phone_number", "metadata", "data"]) {
      const input = { name: "Ada", email: "ada@example.com" };
      Object.defineProperty(input, field, { enumerable: true, get() { throw new Error("no"); } });
      assert.deepEqual(validateCandidate(input).issues.map((i) => i.code), ["invalid_json"], field);
      assert.deepEqual(validateCandidates([input]).issues.map((i) => i.code), ["invalid_json"], field);
    }
    // A polluted prototype is not JSON's: an inherited metadata is not read.
    Object.prototype.metadata = { k: "v" };
    try {
      assert.deepEqual(validateCandidate({ name: "Ada", email: "ada@example.com" }).value, { name: "Ada", email: "ada@example.com" });
    } finally {
      delete Object.prototype.metadata;
    }
  });
}
