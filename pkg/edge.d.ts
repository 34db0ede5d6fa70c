// Types of heymilo-ingest/edge: validation and the edge handler, for Workers that only proxy.
export {
  validateCandidate,
  validateCandidates,
  normalizePhoneNumber,
  candidateSchema,
  createCandidateSchema,
  handleIngestRequest,
  createMemoryRateLimiter,
} from "./index.js";
export type {
  CandidateIngestRequest,
  CandidateInput,
  CandidateSchema,
  Issue,
  IssueCode,
  ValidateOptions,
  ValidationResult,
  StandardSchemaV1,
  StandardJSONSchemaV1,
  StandardTypedV1,
  JsonValue,
  IngestHandlerConfig,
  RateLimiter,
  BeforeForwardContext,
  MemoryRateLimiterOptions,
  TurnstileConfig,
} from "./index.js";
