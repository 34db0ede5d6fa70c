// The API over the browser core build (validation and the client).
// Named imports, not the namespace, so bundlers can leave out the glue's
// unused async loader (entry-browser.js compiles the module itself).
import {
  acceptPlainRows,
  judgeNoResponse,
  judgeResponse,
  normalizePhoneNumber as normalize,
  planIngest,
  redactSecret,
  responseHeaderNames,
  validateJson,
} from "../dist/browser/heymilo_ingest.js";
import { createApi } from "./api.js";

const core = {
  acceptPlainRows,
  judgeNoResponse,
  judgeResponse,
  normalizePhoneNumber: normalize,
  planIngest,
  redactSecret,
  responseHeaderNames,
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
