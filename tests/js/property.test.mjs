// Random values through validateCandidate: it must always answer with a
// well-formed result (never throw, never trap the instance), a valid result
// must re-validate to itself, and afterwards the module must still work.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { builds } from "./builds.mjs";

const anyString = fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), fc.string());
const candidateLike = fc.record(
  {
    name: fc.oneof(anyString, fc.anything()),
    email: fc.oneof(anyString, fc.emailAddress(), fc.anything()),
    phone_number: fc.oneof(anyString, fc.stringMatching(/^\+?[0-9 ()-.]{0,20}$/), fc.constant(null), fc.anything()),
    metadata: fc.oneof(fc.dictionary(anyString, anyString, { maxKeys: 60 }), fc.anything()),
    data: fc.oneof(fc.object(), fc.anything()),
  },
  { requiredKeys: [] },
);

function assertWellFormed(result) {
  assert.equal(typeof result.ok, "boolean");
  assert.ok(Array.isArray(result.issues) && Array.isArray(result.warnings));
  assert.equal(result.ok, result.issues.length === 0);
  for (const issue of [...result.issues, ...result.warnings]) {
    assert.ok(Array.isArray(issue.path));
    assert.match(issue.code, /^[a-z_]+$/);
    assert.equal(typeof issue.message, "string");
  }
}

for (const [build, { validateCandidate, validateCandidates }] of Object.entries(builds)) test(`${build}: 10 000 random values: always a well-formed answer; valid values are stable`, () => {
  let runs = 0;
  fc.assert(
    fc.property(fc.oneof(fc.anything({ withBigInt: true, withNullPrototype: true, withObjectString: true }), candidateLike), (input) => {
      runs++;
      const result = validateCandidate(input);
      assertWellFormed(result);
      if (result.ok) {
        const again = validateCandidate(result.value);
        assert.equal(again.ok, true);
        assert.deepEqual(again.value, result.value);
      }
    }),
    { numRuns: 10_000, seed: 20261128 },
  );
  assert.equal(runs, 10_000);
  assertWellFormed(validateCandidates([{}, null]));
  const good = validateCandidate({ name: "Ada", email: "ada@example.com", phone_number: "+12065551234" });
  assert.deepEqual(good, { ok: true, value: { name: "Ada", email: "ada@example.com", phone_number: "+12065551234" }, issues: [], warnings: [] });
  assert.equal(validateCandidate({ name: "Ada", email: "nope" }).issues[0].code, "invalid_email");
});
