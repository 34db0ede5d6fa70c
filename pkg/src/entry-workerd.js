// Cloudflare Workers / workerd: wrangler and miniflare import a .wasm file as
// a compiled WebAssembly.Module (code generation from bytes is not allowed).
// A Worker that only proxies can import heymilo-ingest/edge instead (smaller
// wasm, no client or sandbox).
import wasmModule from "../dist/heymilo_ingest_server_bg.wasm";
import * as core from "../dist/heymilo_ingest_server.js";
import { createServerApi } from "./server.js";
import { createValidationApi } from "./validation.js";

core.initSync({ module: wasmModule });

export const { validateCandidate, validateCandidates, normalizePhoneNumber, candidateSchema, createCandidateSchema } =
  createValidationApi(core);
export const {
  ingestCandidate,
  ingestCandidates,
  ingestCandidateAsync,
  ingestCandidatesAsync,
  createSandbox,
  handleIngestRequest,
  createMemoryRateLimiter,
} = createServerApi(core);
export * from "./errors.js";
