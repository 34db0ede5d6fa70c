// The public JavaScript API shared by the browser and server builds:
// validation and the client. Every rule runs in the Rust core; these
// functions only move values across the boundary.
import { clientCall } from "./client.js";
import { createValidationApi } from "./validation.js";

/** ingestCandidate and friends over a core build that has the client (its async exports). */
export function createClientApi(core) {
  return {
    /** Sends one candidate: `POST …/candidates` (201). */
    ingestCandidate: clientCall(core.ingestCandidate, "candidate"),
    /** Sends several candidates at once: `POST …/candidates/bulk` (201). */
    ingestCandidates: clientCall(core.ingestCandidates, "candidates"),
    /** Queues one candidate: `POST …/candidates/async` (202). */
    ingestCandidateAsync: clientCall(core.ingestCandidateAsync, "candidate"),
    /** Queues several candidates: `POST …/candidates/bulk/async` (202). */
    ingestCandidatesAsync: clientCall(core.ingestCandidatesAsync, "candidates"),
  };
}

/** Validation and the client over one core build. */
export function createApi(core) {
  return { ...createValidationApi(core), ...createClientApi(core) };
}
