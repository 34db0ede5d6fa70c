// The API over the server core build: everything in the browser build, plus
// the sandbox and the edge handler.
import * as core from "../dist/server/heymilo_ingest.js";
import { createApi } from "./api.js";
import { createHandleIngestRequest } from "./edge.js";
import { createSandboxFactory } from "./sandbox.js";

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
export const createSandbox = createSandboxFactory(core);
export const handleIngestRequest = createHandleIngestRequest(core);
export * from "./errors.js";
