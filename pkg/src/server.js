// The API over the server core build: everything in the browser build, plus
// the sandbox and the edge handler.
import * as core from "../dist/server/heymilo_ingest.js";
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
  createSandbox,
} = createApi(core);
export * from "./errors.js";
