// The validation-only API (heymilo-ingest/validate): the smallest build, for
// forms that validate as people type and send through their own code.
// Named imports, not the namespace, so bundlers can leave out the glue's
// unused exports.
import { acceptPlainRows, normalizePhoneNumber as normalize, validateJson } from "../dist/heymilo_ingest_validate.js";
import { createValidators, schemaFactory } from "./validation.js";

const core = { acceptPlainRows, normalizePhoneNumber: normalize, validateJson };
export const { validateCandidate, validateCandidates, normalizePhoneNumber } = createValidators(core);
// Pure calls: a form that never asks for a schema does not ship the JSON Schema code.
export const createCandidateSchema = /* @__PURE__ */ schemaFactory(validateCandidate);
export const candidateSchema = /* @__PURE__ */ createCandidateSchema();
