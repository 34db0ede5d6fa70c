// The API over the browser core build (validation and the client).
// Named imports, not the namespace, so bundlers can leave out the glue's
// unused exports.
import {
  acceptPlainRows,
  ingestCandidate as ingestOne,
  ingestCandidateAsync as queueOne,
  ingestCandidates as ingestMany,
  ingestCandidatesAsync as queueMany,
  normalizePhoneNumber as normalize,
  validateJson,
} from "../dist/heymilo_ingest_browser.js";
import { createApi } from "./api.js";
import { ConfigurationError } from "./errors.js";

const core = {
  acceptPlainRows,
  ingestCandidate: ingestOne,
  ingestCandidateAsync: queueOne,
  ingestCandidates: ingestMany,
  ingestCandidatesAsync: queueMany,
  normalizePhoneNumber: normalize,
  validateJson,
};

export const {
  validateCandidate,
  validateCandidates,
  normalizePhoneNumber,
  candidateSchema,
  createCandidateSchema,
  ingestCandidate,
  ingestCandidates,
  ingestCandidateAsync,
  ingestCandidatesAsync,
} = createApi(core);
export * from "./errors.js";

// Not in the browser build (its types leave them out too): a sandbox or an
// edge handler in a page would ship server code to every visitor, and the
// handler holds the API key. Called anyway, they say where they belong
// instead of failing as "not a function".
const serverOnly = (name, where) =>
  `heymilo-ingest: ${name} is server-only and not in the browser build; ${where}`;
export function createSandbox() {
  throw new ConfigurationError(serverOnly("createSandbox", "create the sandbox in Node, Deno, Bun or a Worker (or run `make sandbox`) and point baseUrl at it"));
}
export async function handleIngestRequest() {
  throw new ConfigurationError(serverOnly("handleIngestRequest", "it runs in the Worker or server that holds the API key; the page calls it with ingestCandidate({ baseUrl })"));
}
export function createMemoryRateLimiter() {
  throw new ConfigurationError(serverOnly("createMemoryRateLimiter", "it limits the callers of handleIngestRequest, in the server that runs it"));
}
