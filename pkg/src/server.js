// The server-side API over the server core build: the client, the sandbox and
// the edge handler (validation comes from whichever build an entry loads).
import { createClientApi } from "./api.js";
import { createHandleIngestRequest, createMemoryRateLimiterFactory } from "./edge.js";
import { createSandboxFactory } from "./sandbox.js";

/**
 * `ready`, when given, runs before each call (it must be cheap after the
 * first): the Node entry compiles and instantiates the server wasm there, on
 * first use. A failure rejects the async functions' promises.
 */
export function createServerApi(core, ready) {
  const api = {
    ...createClientApi(core),
    createSandbox: createSandboxFactory(core),
    handleIngestRequest: createHandleIngestRequest(core),
    createMemoryRateLimiter: createMemoryRateLimiterFactory(core),
  };
  if (ready === undefined) return api;
  const afterReady = (fn) => (...args) => {
    try {
      ready();
    } catch (error) {
      return Promise.reject(error);
    }
    return fn(...args);
  };
  return {
    ingestCandidate: afterReady(api.ingestCandidate),
    ingestCandidates: afterReady(api.ingestCandidates),
    ingestCandidateAsync: afterReady(api.ingestCandidateAsync),
    ingestCandidatesAsync: afterReady(api.ingestCandidatesAsync),
    createSandbox: (...args) => {
      ready();
      return api.createSandbox(...args);
    },
    handleIngestRequest: afterReady(api.handleIngestRequest),
    createMemoryRateLimiter: (...args) => {
      ready();
      return api.createMemoryRateLimiter(...args);
    },
  };
}
