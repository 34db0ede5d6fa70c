// The candidate rules as JSON Schema (Standard JSON Schema v1's
// `~standard.jsonSchema`), for form and OpenAPI tools. JSON Schema cannot say
// everything the validator checks (which addresses and phone numbers are
// real, lone surrogates, nesting depth), so it says less, never otherwise:
// what the validator accepts, the schema accepts, and a structural rule it
// states (required fields, types, blank names, metadata limits) the
// validator applies too. tests/js/json-schema.test.mjs checks both on the
// shared vectors with ajv. The limits are those of src/candidate.rs.

const DIALECTS = {
  __proto__: null,
  "draft-2020-12": "https://json-schema.org/draft/2020-12/schema",
  "draft-07": "http://json-schema.org/draft-07/schema#",
  "openapi-3.0": undefined,
};

// Not blank: a character outside Unicode White_Space, what Rust's trim
// removes. That is JavaScript's \s less U+FEFF, plus U+0085.
const notBlank = { type: "string", pattern: "[^\\s\\x85]|\\ufeff" };

/** The schema of a candidate's input (`output` false) or normalized value for `target`. */
export function candidateJsonSchema(target, output) {
  if (!(target in DIALECTS)) {
    throw new TypeError(`heymilo-ingest: no JSON Schema target ${target}`);
  }
  const $schema = DIALECTS[target];
  // Absent and null optionals are the same on input; the normalized value leaves them out.
  const optional = (schema) =>
    output ? schema : $schema ? { ...schema, type: [schema.type, "null"] } : { ...schema, nullable: true };
  const metadata = { type: "object", maxProperties: 50, additionalProperties: { type: "string", maxLength: 500 } };
  // OpenAPI 3.0 has no propertyNames: its schema cannot limit the keys.
  if ($schema) metadata.propertyNames = { minLength: 1, maxLength: 40 };
  return {
    ...($schema && { $schema }),
    type: "object",
    properties: {
      name: notBlank,
      // Exactly one "@" with text around it; no `format`: strict tools refuse
      // unknown formats, and their "email" refuses internationalized addresses.
      email: { type: "string", pattern: "^[^@]+@[^@]+$" },
      // A blank phone number is absent on input; a normalized one is E.164.
      phone_number: optional(output ? { type: "string", pattern: "^\\+[1-9][0-9]+$" } : { type: "string" }),
      metadata: optional(metadata),
      data: optional({ type: "object" }),
    },
    required: ["name", "email"],
    // Unknown input fields are only warned about (and dropped).
    ...(output && { additionalProperties: false }),
  };
}
