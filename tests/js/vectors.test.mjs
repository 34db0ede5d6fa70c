// The shared vectors against the built package, with their expectations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { builds } from "./builds.mjs";
import { bulkVectors, candidateVectors, phoneVectors } from "../vectors/validation.mjs";

const brief = (issues) => issues.map(({ path, code }) => ({ path, code }));

function check(result, expect) {
  assert.equal(result.ok, expect.ok, JSON.stringify(result.issues));
  assert.deepEqual(brief(result.issues), expect.issues ?? []);
  assert.deepEqual(brief(result.warnings), expect.warnings ?? []);
  for (const issue of [...result.issues, ...result.warnings]) {
    assert.equal(typeof issue.message, "string");
    assert.ok(issue.message.length > 0);
  }
  if (expect.ok) assert.ok("value" in result);
  else assert.ok(!("value" in result), "an invalid result has no value");
  if (expect.value) assert.deepEqual(result.value, expect.value);
}

for (const [build, api] of Object.entries(builds)) {
  for (const vector of candidateVectors) {
    test(`${build}: validateCandidate: ${vector.name}`, () => check(api.validateCandidate(vector.input, vector.options), vector.expect));
  }

  for (const vector of bulkVectors) {
    test(`${build}: validateCandidates: ${vector.name}`, () => check(api.validateCandidates(vector.input), vector.expect));
  }

  test(`${build}: normalizePhoneNumber`, () => {
    for (const { raw, defaultCountry, options, expect } of phoneVectors) {
      const country = defaultCountry ?? options;
      assert.equal(api.normalizePhoneNumber(raw, country), expect, `${raw} / ${JSON.stringify(country)}`);
    }
    assert.throws(() => api.normalizePhoneNumber(123), TypeError);
    assert.throws(() => api.normalizePhoneNumber("020 7946 0958", { defaultCountry: 44 }), TypeError);
    assert.throws(() => api.normalizePhoneNumber("020 7946 0958", 44), TypeError);
  });

  test(`${build}: candidateSchema is a Standard Schema v1`, () => {
    const standard = api.candidateSchema["~standard"];
    assert.equal(standard.version, 1);
    assert.equal(standard.vendor, "heymilo-ingest");
    assert.deepEqual(standard.validate({ name: "A", email: "a@example.com" }), { value: { name: "A", email: "a@example.com" } });
    const failed = standard.validate({ name: "A" });
    assert.deepEqual(failed.issues.map((i) => i.path), [["email"]]);
    assert.equal(typeof failed.issues[0].message, "string");
  });

  test(`${build}: values JSON cannot express are issues, not exceptions`, () => {
    const cyclic = { name: "A", email: "a@example.com" };
    cyclic.self = cyclic;
    for (const input of [cyclic, { name: 1n, email: "a@example.com" }]) {
      const result = api.validateCandidate(input);
      assert.equal(result.ok, false);
      assert.deepEqual(brief(result.issues), [{ path: [], code: "invalid_json" }]);
    }
  });

  test(`${build}: bad options are a TypeError`, () => {
    assert.throws(() => api.validateCandidate({}, "GB"), TypeError);
    assert.throws(() => api.validateCandidate({}, { defaultCountry: 44 }), TypeError);
  });

  test(`${build}: huge inputs are issues and the module keeps working`, () => {
    const tenMegabytes = "x".repeat(10 * 1024 * 1024);
    const result = api.validateCandidate({
      name: tenMegabytes,
      email: `${tenMegabytes}@example.com`,
      phone_number: `+1${"5".repeat(10 * 1024 * 1024)}`,
      metadata: { k: tenMegabytes, [tenMegabytes]: "v" },
    });
    assert.deepEqual(brief(result.issues), [
      { path: ["email"], code: "too_long" },
      { path: ["phone_number"], code: "invalid_phone_length" },
      { path: ["metadata", "k"], code: "too_long" },
      { path: ["metadata", tenMegabytes], code: "key_too_long" },
    ]);
    const nest = (depth) => {
      let value = {};
      for (let i = 0; i < depth; i++) value = { d: value };
      return { name: "Ada", email: "ada@example.com", data: value };
    };
    const deep = api.validateCandidate(nest(200));
    assert.deepEqual(brief(deep.issues).map((i) => i.code), ["too_deep"]);
    assert.deepEqual(deep.issues[0].path.slice(0, 3), ["data", "d", "d"]);
    const deeper = api.validateCandidate(nest(100_000));
    assert.deepEqual(brief(deeper.issues), [{ path: [], code: "too_deep" }]);
    assert.equal(api.validateCandidate({ name: "Ada", email: "ada@example.com" }).ok, true);
  });
}
