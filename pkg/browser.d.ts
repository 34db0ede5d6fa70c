// Types of heymilo-ingest under the "browser" condition (TypeScript picks them
// with `customConditions: ["browser"]`): everything in index.d.ts except what
// only a server has, the sandbox and the edge handler. Without that
// condition a browser app gets index.d.ts, and calling createSandbox or
// handleIngestRequest there throws a ConfigurationError that says where they
// belong. tests/packaging checks that this list is index.d.ts minus those.
export {
  validateCandidate,
  validateCandidates,
  normalizePhoneNumber,
  candidateSchema,
  ingestCandidate,
  ingestCandidates,
  ingestCandidateAsync,
  ingestCandidatesAsync,
  HeyMiloError,
  CandidateValidationError,
  ConfigurationError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  MalformedResponseError,
  ConnectionError,
  TimeoutError,
  AbortError,
} from "./index.js";
export type {
  JsonValue,
  IssueCode,
  Issue,
  CandidateIngestRequest,
  ValidateOptions,
  ValidationResult,
  StandardSchemaV1,
  WorkflowStepStatus,
  CandidateWorkflow,
  AgentResumeSummary,
  AgentWebInterviewSummary,
  AgentSMSSummary,
  AgentFormSummary,
  AgentSummary,
  CandidateResponse,
  IngestCandidateResponse,
  BulkIngestCandidateResponseItem,
  AsyncIngestResponse,
  Ingested,
  IngestOptions,
} from "./index.js";
