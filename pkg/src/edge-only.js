// heymilo-ingest/edge: validation and the edge handler over the edge core
// build (no client, no sandbox), for Workers that only proxy.
import * as core from "../dist/heymilo_ingest_edge.js";
import { createHandleIngestRequest, createMemoryRateLimiterFactory } from "./edge.js";
import { createValidationApi } from "./validation.js";

export const { validateCandidate, validateCandidates, normalizePhoneNumber, candidateSchema, createCandidateSchema } =
  createValidationApi(core);
export const handleIngestRequest = createHandleIngestRequest(core);
export const createMemoryRateLimiter = createMemoryRateLimiterFactory(core);
