// The validation-only API (heymilo-ingest/validate): the smallest build, for
// forms that validate as people type and send through their own code.
// Named imports, not the namespace, so bundlers can leave out the glue's
// unused async loader (the entry files compile the module themselves).
import { acceptPlainRows, normalizePhoneNumber as normalize, validateJson } from "../dist/validate/heymilo_ingest.js";
import { createValidationApi } from "./validation.js";

const core = { acceptPlainRows, normalizePhoneNumber: normalize, validateJson };
export const { validateCandidate, validateCandidates, normalizePhoneNumber, candidateSchema, createCandidateSchema } =
  createValidationApi(core);
