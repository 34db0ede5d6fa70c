// What forms rely on, on each build: the schema factory with a default
// country, blank inputs, and entry lists (FormData and friends) refused with
// the fix in the message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { builds } from "./builds.mjs";

const ada = { name: "Ada", email: "ada@example.com" };
const codes = (issues) => issues.map(({ path, code }) => ({ path, code }));

for (const [build, api] of Object.entries(builds)) {
  test(`${build}: createCandidateSchema({ defaultCountry }) accepts national numbers`, () => {
    const national = { ...ada, phone_number: "020 7946 0958" };
    const gb = api.createCandidateSchema({ defaultCountry: "GB" })["~standard"];
    assert.deepEqual(gb.validate(national), { value: { ...ada, phone_number: "+442079460958" } });
    assert.deepEqual(gb.validate({ ...ada, phone_number: "+1 206 555 1234" }), { value: { ...ada, phone_number: "+12065551234" } });
    assert.equal(gb.version, 1);
    assert.equal(gb.vendor, "heymilo-ingest");
    const plain = api.candidateSchema["~standard"].validate(national);
    assert.deepEqual(codes(plain.issues), [{ path: ["phone_number"], code: "missing_country_code" }]);
    assert.deepEqual(api.createCandidateSchema()["~standard"].validate(national), plain);
    assert.throws(() => api.createCandidateSchema({ defaultCountry: 44 }), TypeError);
    assert.throws(() => api.createCandidateSchema("GB"), TypeError);
    assert.ok(Object.isFrozen(gb) && Object.isFrozen(api.candidateSchema));
  });

  test(`${build}: a form's untouched phone input ("") is absent, through the schema too`, () => {
    for (const blank of ["", "   ", "\t\n"]) {
      assert.deepEqual(api.candidateSchema["~standard"].validate({ ...ada, phone_number: blank }), { value: ada });
    }
  });

  test(`${build}: FormData, URLSearchParams and Map name the fix`, () => {
    const form = new FormData();
    form.set("name", "Ada");
    form.set("email", "ada@example.com");
    const fixes = [
      [form, "FormData", "Object.fromEntries(formData)"],
      [new URLSearchParams(ada), "URLSearchParams", "Object.fromEntries(searchParams)"],
      [new Map(Object.entries(ada)), "Map", "Object.fromEntries(map)"],
    ];
    for (const [list, kind, fix] of fixes) {
      const result = api.validateCandidate(list);
      assert.equal(result.ok, false);
      assert.deepEqual(codes(result.issues), [{ path: [], code: "invalid_type" }], kind);
      assert.ok(result.issues[0].message.includes(kind) && result.issues[0].message.includes(fix), result.issues[0].message);
      // The fix works.
      assert.deepEqual(api.validateCandidate(Object.fromEntries(list)).value, ada);
    }
    const rows = api.validateCandidates([ada, form]);
    assert.deepEqual(codes(rows.issues), [{ path: [1], code: "invalid_type" }]);
    assert.match(rows.issues[0].message, /Object\.fromEntries\(formData\)/);
    // As metadata or data, where JSON.stringify would send {} and lose the entries.
    const nested = api.validateCandidate({ ...ada, metadata: new Map([["k", "v"]]), data: new URLSearchParams("a=1") });
    assert.deepEqual(codes(nested.issues), [
      { path: ["metadata"], code: "invalid_type" },
      { path: ["data"], code: "invalid_type" },
    ]);
    assert.match(nested.issues[0].message, /Object\.fromEntries\(map\)/);
    const throwing = { ...ada, get metadata() { throw new Error("no"); } };
    assert.deepEqual(codes(api.validateCandidate(throwing).issues), [{ path: [], code: "invalid_json" }]);
  });
}
