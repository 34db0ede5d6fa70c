// Types of heymilo-ingest/validate: the validation-only build.
export { validateCandidate, validateCandidates, normalizePhoneNumber, candidateSchema } from "./index.js";
export type { CandidateIngestRequest, Issue, IssueCode, ValidateOptions, ValidationResult, StandardSchemaV1, JsonValue } from "./index.js";
