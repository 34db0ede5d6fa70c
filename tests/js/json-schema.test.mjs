// candidateSchema's Standard JSON Schema against the validator, with ajv as
// an independent JSON Schema implementation, on the shared vectors and on
// generated candidates near the limits: the schema accepts whatever the
// validator accepts (and the normalized value fits the output schema), and
// rejects whatever breaks a rule JSON Schema can state. It may accept what
// only the validator can judge (real addresses and phone numbers, lone
// surrogates, nesting depth).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { builds } from "./builds.mjs";
import { candidateVectors } from "../vectors/validation.mjs";

const { node: api } = builds;
const jsonSchema = api.candidateSchema["~standard"].jsonSchema;

/** Issue codes of rules that JSON Schema cannot state; every other code is structural. */
const BEYOND_JSON_SCHEMA = new Set([
  "invalid_email",
  "email_display_name",
  "email_domain_typo",
  "invalid_phone",
  "phone_invalid_characters",
  "phone_letters",
  "phone_extension",
  "phone_tel_uri",
  "missing_country_code",
  "unknown_country_code",
  "invalid_phone_length",
  "unknown_default_country",
  "invalid_unicode",
  "too_deep",
  "number_out_of_range",
  "invalid_json",
]);
// Email's too_long is checked on the trimmed address, which JSON Schema cannot trim.
const structural = (issue) => !BEYOND_JSON_SCHEMA.has(issue.code) && !(issue.code === "too_long" && issue.path.at(-1) === "email");
// OpenAPI 3.0 has no propertyNames, so its schema cannot state the metadata key rules.
const KEY_RULES = new Set(["key_too_long", "empty_key"]);
const statedIn = (target) => (issue) => structural(issue) && !(target === "openapi-3.0" && KEY_RULES.has(issue.code));

const targets = {
  "draft-2020-12": new Ajv2020({ strict: true, allErrors: true }),
  "draft-07": new Ajv({ strict: true, allErrors: true }),
  // ajv reads OpenAPI's `nullable`.
  "openapi-3.0": new Ajv({ strict: true, allErrors: true }),
};
const compiled = Object.fromEntries(
  Object.entries(targets).map(([target, ajv]) => [
    target,
    { input: ajv.compile(jsonSchema.input({ target })), output: ajv.compile(jsonSchema.output({ target })) },
  ]),
);

/** JSON's view of a candidate: what the validator and a JSON Schema tool both read. */
const asJson = (input) => (input === undefined ? undefined : JSON.parse(JSON.stringify(input)));

function agree(input, options, where) {
  const result = api.validateCandidate(input, options);
  const json = asJson(input);
  for (const [target, { input: valid, output }] of Object.entries(compiled)) {
    const accepted = valid(json);
    if (result.ok) {
      assert.ok(accepted, `${where} (${target}): the validator accepts, the schema refuses: ${JSON.stringify(valid.errors)}`);
      assert.ok(output(result.value), `${where} (${target}): the value does not fit the output schema: ${JSON.stringify(output.errors)}`);
    }
    if (result.issues.some(statedIn(target))) {
      assert.ok(!accepted, `${where} (${target}): the schema accepts ${JSON.stringify(result.issues.map((i) => i.code))}`);
    }
  }
}

test("every target has its dialect and says the limits", () => {
  assert.equal(jsonSchema.input({ target: "draft-2020-12" }).$schema, "https://json-schema.org/draft/2020-12/schema");
  assert.equal(jsonSchema.input({ target: "draft-07" }).$schema, "http://json-schema.org/draft-07/schema#");
  const openapi = jsonSchema.input({ target: "openapi-3.0" });
  assert.equal(openapi.$schema, undefined);
  assert.deepEqual(openapi.properties.phone_number, { type: "string", nullable: true });
  const input = jsonSchema.input({ target: "draft-2020-12" });
  assert.deepEqual(input.required, ["name", "email"]);
  assert.equal(input.properties.metadata.maxProperties, 50);
  assert.deepEqual(input.properties.metadata.propertyNames, { minLength: 1, maxLength: 40 });
  assert.equal(input.properties.metadata.additionalProperties.maxLength, 500);
  assert.equal(jsonSchema.output({ target: "draft-07" }).additionalProperties, false);
  assert.throws(() => jsonSchema.input({ target: "draft-04" }), TypeError);
  assert.throws(() => jsonSchema.output({ target: "openapi-3.1" }), TypeError);
  // Each call returns a fresh object, so a tool may change it.
  assert.notEqual(jsonSchema.input({ target: "draft-07" }), jsonSchema.input({ target: "draft-07" }));
  assert.deepEqual(api.createCandidateSchema({ defaultCountry: "GB" })["~standard"].jsonSchema.input({ target: "draft-07" }), jsonSchema.input({ target: "draft-07" }));
});

test("every build exposes the same JSON Schema", () => {
  for (const [build, { candidateSchema }] of Object.entries(builds)) {
    for (const target of Object.keys(targets)) {
      assert.deepEqual(candidateSchema["~standard"].jsonSchema.input({ target }), jsonSchema.input({ target }), build);
      assert.deepEqual(candidateSchema["~standard"].jsonSchema.output({ target }), jsonSchema.output({ target }), build);
    }
  }
});

test("the schema agrees with the validator on the shared vectors", () => {
  for (const vector of candidateVectors) {
    // Entry lists are refused before JSON: a JSON Schema tool never sees one.
    if (Object.prototype.toString.call(vector.input) !== "[object Object]" && typeof vector.input === "object" && vector.input !== null && !Array.isArray(vector.input)) continue;
    agree(vector.input, vector.options, vector.name);
  }
});

test("the schema agrees with the validator on generated candidates near the limits", () => {
  // Mostly valid fields, so that each rule is broken alone as often as together.
  const mostly = (good, ...bad) => fc.oneof({ arbitrary: good, weight: 3 }, ...bad);
  const blank = fc.constantFrom("", " ", "\u3000", "\ufeff", "\u0085", "\t\n", "\u2028");
  const name = mostly(fc.constantFrom("Ada", " Ada ", "\ufeffAda", "\u0085A"), blank, fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null));
  const email = mostly(fc.constantFrom("ada@example.com", " ada@example.com ", "用户@例子.广告"), blank, fc.constantFrom("a@b@c", "@", "ada@", "ada"), fc.constant(7));
  const length = (n) => fc.integer({ min: n - 2, max: n + 1 });
  const key = fc.oneof(fc.constantFrom("", "k"), length(40).map((n) => "😀".repeat(n)));
  const value = mostly(fc.string({ maxLength: 4 }), length(500).map((n) => "é".repeat(n)), fc.integer(), fc.constant(null));
  const metadata = fc.oneof(
    fc.constant(null),
    fc.constant([]),
    fc.dictionary(key, value, { maxKeys: 3 }),
    length(50).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]))),
  );
  const candidate = fc.record(
    {
      name,
      email,
      phone_number: fc.oneof(blank, fc.constant(null), fc.constantFrom("+44 20 7946 0958", "12", "020 7946 0958"), fc.integer()),
      metadata,
      data: fc.oneof(fc.constant(null), fc.constant("x"), fc.constant([1]), fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 })),
      extra: fc.string({ maxLength: 3 }),
    },
    { requiredKeys: [] },
  );
  let accepted = 0;
  fc.assert(
    fc.property(candidate, fc.constantFrom(undefined, { defaultCountry: "GB" }), (input, options) => {
      agree(input, options, JSON.stringify(input));
      if (api.validateCandidate(input, options).ok) accepted++;
    }),
    { numRuns: 3_000, seed: 20261202 },
  );
  assert.ok(accepted > 100, `only ${accepted} generated candidates were valid`);
});
