// Runs every vector through an imported heymilo-ingest API and returns plain
// JSON-able results, so runtimes can be compared byte for byte.
import { bulkVectors, candidateVectors, phoneVectors } from "./validation.mjs";

export function runVectors(api) {
  const standard = api.candidateSchema["~standard"];
  return {
    candidates: candidateVectors.map((v) => [v.name, api.validateCandidate(v.input, v.options)]),
    bulk: bulkVectors.map((v) => [v.name, api.validateCandidates(v.input)]),
    phones: phoneVectors.map((v) => [v.raw, v.defaultCountry ?? v.options ?? null, api.normalizePhoneNumber(v.raw, v.defaultCountry ?? v.options)]),
    standardSchema: [
      standard.version,
      standard.vendor,
      standard.validate({ name: "A", email: "a@example.com" }),
      standard.validate({}),
      standard.jsonSchema.input({ target: "draft-2020-12" }),
      api.createCandidateSchema({ defaultCountry: "GB" })["~standard"].validate({ name: "A", email: "a@example.com", phone_number: "020 7946 0958" }),
    ],
  };
}
