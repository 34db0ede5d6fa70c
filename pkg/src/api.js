// The public JavaScript API shared by the browser and server builds:
// validation and the client. Every rule runs in the Rust core; these
// functions only move values across the boundary.
import { createSend } from "./client.js";
import { createValidationApi } from "./validation.js";

/** ingestCandidate and friends over a core build that has the client. */
export function createClientApi(core) {
  const send = createSend(core);
  return {
    /** Sends one candidate: `POST …/candidates` (201). */
    ingestCandidate: (options) => send("ingestCandidate", "ingestCandidate", "candidate", options),
    /** Sends several candidates at once: `POST …/candidates/bulk` (201). */
    ingestCandidates: (options) => send("ingestCandidates", "ingestCandidatesBulk", "candidates", options),
    /** Queues one candidate: `POST …/candidates/async` (202). */
    ingestCandidateAsync: (options) => send("ingestCandidateAsync", "ingestCandidateAsync", "candidate", options),
    /** Queues several candidates: `POST …/candidates/bulk/async` (202). */
    ingestCandidatesAsync: (options) => send("ingestCandidatesAsync", "ingestCandidatesBulkAsync", "candidates", options),
  };
}

/** Validation and the client over one core build. */
export function createApi(core) {
  return { ...createValidationApi(core), ...createClientApi(core) };
}
