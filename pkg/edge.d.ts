// Types of heymilo-ingest/edge: validation and the edge handler, for Workers that only proxy.
export { validateCandidate, validateCandidates, normalizePhoneNumber, candidateSchema, handleIngestRequest } from "./index.js";
export type {
  CandidateIngestRequest,
  Issue,
  IssueCode,
  ValidateOptions,
  ValidationResult,
  StandardSchemaV1,
  JsonValue,
  IngestHandlerConfig,
} from "./index.js";
