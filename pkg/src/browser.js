// The API over the browser core build (validation and the client).
import * as core from "../dist/browser/heymilo_ingest.js";
import { createApi } from "./api.js";

export const {
  validateCandidate,
  validateCandidates,
  normalizePhoneNumber,
  candidateSchema,
  ingestCandidate,
  ingestCandidates,
  ingestCandidateAsync,
  ingestCandidatesAsync,
} = createApi(core);
export * from "./errors.js";
