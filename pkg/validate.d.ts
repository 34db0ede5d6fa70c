// Types of heymilo-ingest/validate: the validation-only build.
export { validateCandidate, validateCandidates, normalizePhoneNumber, candidateSchema, createCandidateSchema } from "./index.js";
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
} from "./index.js";
