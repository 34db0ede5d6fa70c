// The validation-only API (heymilo-ingest/validate): the smallest build, for
// forms that validate as people type and send through their own code.
import * as core from "../dist/validate/heymilo_ingest.js";
import { createValidationApi } from "./validation.js";

export const { validateCandidate, validateCandidates, normalizePhoneNumber, candidateSchema } = createValidationApi(core);
