// Types of the heymilo-ingest public API. Hand-written to match the core's
// JSON shapes exactly (checked by tests/types with `tsc --strict`).

/** A JSON value, as `data` may hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Stable issue codes. Codes are never renamed or reused. */
export type IssueCode =
  | "invalid_type"
  | "required"
  | "blank"
  | "invalid_email"
  | "email_display_name"
  | "too_long"
  | "key_too_long"
  | "empty_key"
  | "too_many_keys"
  | "invalid_phone"
  | "phone_invalid_characters"
  | "phone_letters"
  | "phone_extension"
  | "phone_tel_uri"
  | "missing_country_code"
  | "unknown_country_code"
  | "invalid_phone_length"
  | "unknown_default_country"
  | "invalid_unicode"
  | "too_deep"
  | "number_out_of_range"
  | "invalid_json"
  | "too_few_items"
  | "invalid_posting_id"
  | "unknown_field"
  | "email_domain_typo";

/** One problem (or, in `warnings`, one piece of advice) about one place in the input. */
export interface Issue {
  /** Keys and indices from the root, e.g. `["metadata", "external_id"]` or `[3, "email"]` in bulk. */
  readonly path: ReadonlyArray<string | number>;
  /** Stable machine-readable code. */
  readonly code: IssueCode;
  /** A short English sentence a form can show. */
  readonly message: string;
}

/** The request body HeyMilo accepts for one candidate, normalized. */
export interface CandidateIngestRequest {
  /** Full name, trimmed. */
  name: string;
  /** Email address, trimmed, domain lower-cased. */
  email: string;
  /** E.164 phone number (`+` and digits). */
  phone_number?: string;
  /** Up to 50 string values; keys ≤ 40 and values ≤ 500 characters (code points). */
  metadata?: Record<string, string>;
  /** Additional candidate data. */
  data?: { [key: string]: JsonValue };
}

/**
 * A candidate as a form or a caller gives it, before validation: the input
 * type of `candidateSchema` and of the ingest functions. Every field is
 * optional here because validation reports the missing ones; a blank
 * `phone_number` (`""`, what a form sends for an untouched input) is absent.
 */
export type CandidateInput = {
  name?: string;
  email?: string;
  phone_number?: string | null;
  metadata?: Record<string, string> | null;
  data?: Record<string, unknown> | null;
};

/** Options of the validators. */
export interface ValidateOptions {
  /** ISO 3166 alpha-2 region (e.g. `"GB"`) for phone numbers written without `+` and a country code. */
  defaultCountry?: string;
}

/** The outcome of `validateCandidate`. */
export type ValidationResult<T> =
  | { ok: true; value: T; issues: []; warnings: Issue[] }
  | { ok: false; issues: Issue[]; warnings: Issue[] };

/** Validates one candidate; all issues at once. Never throws for bad input (TypeError only for bad options). */
export function validateCandidate(input: unknown, options?: ValidateOptions): ValidationResult<CandidateIngestRequest>;
/** Validates a list of candidates; issue paths start with the row index. */
export function validateCandidates(inputs: unknown, options?: ValidateOptions): ValidationResult<CandidateIngestRequest[]>;
/** Normalizes a phone number to E.164, or returns null when it cannot be one. The country: `"GB"` or `{ defaultCountry: "GB" }`. */
export function normalizePhoneNumber(raw: string, defaultCountry?: string | ValidateOptions): string | null;

// The Standard Schema and Standard JSON Schema interfaces, copied exactly
// from @standard-schema/spec 1.1.0 (MIT, https://standardschema.dev), as the
// spec invites, so that using the schema installs nothing more; a type test
// checks them against the package (tests/types/forms).

/** The Standard Typed interface. This is a base type extended by other specs. */
export interface StandardTypedV1<Input = unknown, Output = Input> {
  /** The Standard properties. */
  readonly "~standard": StandardTypedV1.Props<Input, Output>;
}
export declare namespace StandardTypedV1 {
  /** The Standard Typed properties interface. */
  interface Props<Input = unknown, Output = Input> {
    /** The version number of the standard. */
    readonly version: 1;
    /** The vendor name of the schema library. */
    readonly vendor: string;
    /** Inferred types associated with the schema. */
    readonly types?: Types<Input, Output> | undefined;
  }
  /** The Standard Typed types interface. */
  interface Types<Input = unknown, Output = Input> {
    /** The input type of the schema. */
    readonly input: Input;
    /** The output type of the schema. */
    readonly output: Output;
  }
  /** Infers the input type of a Standard Typed. */
  type InferInput<Schema extends StandardTypedV1> = NonNullable<Schema["~standard"]["types"]>["input"];
  /** Infers the output type of a Standard Typed. */
  type InferOutput<Schema extends StandardTypedV1> = NonNullable<Schema["~standard"]["types"]>["output"];
}
/** The Standard Schema interface. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly "~standard": StandardSchemaV1.Props<Input, Output>;
}
export declare namespace StandardSchemaV1 {
  /** The Standard Schema properties interface. */
  interface Props<Input = unknown, Output = Input> extends StandardTypedV1.Props<Input, Output> {
    /** Validates unknown input values. */
    readonly validate: (value: unknown, options?: StandardSchemaV1.Options | undefined) => Result<Output> | Promise<Result<Output>>;
  }
  /** The result interface of the validate function. */
  type Result<Output> = SuccessResult<Output> | FailureResult;
  /** The result interface if validation succeeds. */
  interface SuccessResult<Output> {
    /** The typed output value. */
    readonly value: Output;
    /** A falsy value for `issues` indicates success. */
    readonly issues?: undefined;
  }
  interface Options {
    /** Explicit support for additional vendor-specific parameters, if needed. */
    readonly libraryOptions?: Record<string, unknown> | undefined;
  }
  /** The result interface if validation fails. */
  interface FailureResult {
    /** The issues of failed validation. */
    readonly issues: ReadonlyArray<Issue>;
  }
  /** The issue interface of the failure output. */
  interface Issue {
    /** The error message of the issue. */
    readonly message: string;
    /** The path of the issue, if any. */
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  /** The path segment interface of the issue. */
  interface PathSegment {
    /** The key representing a path segment. */
    readonly key: PropertyKey;
  }
  /** The Standard types interface. */
  interface Types<Input = unknown, Output = Input> extends StandardTypedV1.Types<Input, Output> {}
  /** Infers the input type of a Standard. */
  type InferInput<Schema extends StandardTypedV1> = StandardTypedV1.InferInput<Schema>;
  /** Infers the output type of a Standard. */
  type InferOutput<Schema extends StandardTypedV1> = StandardTypedV1.InferOutput<Schema>;
}
/** The Standard JSON Schema interface. */
export interface StandardJSONSchemaV1<Input = unknown, Output = Input> {
  /** The Standard JSON Schema properties. */
  readonly "~standard": StandardJSONSchemaV1.Props<Input, Output>;
}
export declare namespace StandardJSONSchemaV1 {
  /** The Standard JSON Schema properties interface. */
  interface Props<Input = unknown, Output = Input> extends StandardTypedV1.Props<Input, Output> {
    /** Methods for generating the input/output JSON Schema. */
    readonly jsonSchema: StandardJSONSchemaV1.Converter;
  }
  /** The Standard JSON Schema converter interface. */
  interface Converter {
    /** Converts the input type to JSON Schema. May throw if conversion is not supported. */
    readonly input: (options: StandardJSONSchemaV1.Options) => Record<string, unknown>;
    /** Converts the output type to JSON Schema. May throw if conversion is not supported. */
    readonly output: (options: StandardJSONSchemaV1.Options) => Record<string, unknown>;
  }
  /**
   * The target version of the generated JSON Schema.
   *
   * It is *strongly recommended* that implementers support `"draft-2020-12"` and `"draft-07"`, as they are both in wide use. All other targets can be implemented on a best-effort basis. Libraries should throw if they don't support a specified target.
   *
   * The `"openapi-3.0"` target is intended as a standardized specifier for OpenAPI 3.0 which is a superset of JSON Schema `"draft-04"`.
   */
  type Target = "draft-2020-12" | "draft-07" | "openapi-3.0" | ({} & string);
  /** The options for the input/output methods. */
  interface Options {
    /** Specifies the target version of the generated JSON Schema. Support for all versions is on a best-effort basis. If a given version is not supported, the library should throw. */
    readonly target: Target;
    /** Explicit support for additional vendor-specific parameters, if needed. */
    readonly libraryOptions?: Record<string, unknown> | undefined;
  }
  /** The Standard types interface. */
  interface Types<Input = unknown, Output = Input> extends StandardTypedV1.Types<Input, Output> {}
  /** Infers the input type of a Standard. */
  type InferInput<Schema extends StandardTypedV1> = StandardTypedV1.InferInput<Schema>;
  /** Infers the output type of a Standard. */
  type InferOutput<Schema extends StandardTypedV1> = StandardTypedV1.InferOutput<Schema>;
}

/**
 * A schema for one candidate: a Standard Schema v1 whose `validate` is
 * synchronous and reports this package's issues, and a Standard JSON Schema
 * v1 whose `jsonSchema.input` / `.output` give the rules as JSON Schema
 * (targets `"draft-2020-12"`, `"draft-07"`, `"openapi-3.0"`; any other throws).
 */
export interface CandidateSchema
  extends StandardSchemaV1<CandidateInput, CandidateIngestRequest>,
    StandardJSONSchemaV1<CandidateInput, CandidateIngestRequest> {
  readonly "~standard": CandidateSchema.Props;
}
export declare namespace CandidateSchema {
  /** The `~standard` properties of both specs, with the synchronous `validate`. */
  interface Props
    extends StandardSchemaV1.Props<CandidateInput, CandidateIngestRequest>,
      StandardJSONSchemaV1.Props<CandidateInput, CandidateIngestRequest> {
    readonly validate: (value: unknown, options?: StandardSchemaV1.Options | undefined) => Result;
  }
  /** What `validate` returns: the normalized candidate, or this package's issues (with their codes). */
  type Result = StandardSchemaV1.SuccessResult<CandidateIngestRequest> | { readonly issues: ReadonlyArray<Issue> };
}
/** The schema of one candidate, without a default country (national phone numbers are issues). */
export const candidateSchema: CandidateSchema;
/** A schema like `candidateSchema` with these options: `{ defaultCountry: "GB" }` accepts national phone numbers. */
export function createCandidateSchema(options?: ValidateOptions): CandidateSchema;

// ---------------------------------------------------------------------------
// Responses (every field of the Candidates API response schemas; servers may
// add fields, which are kept).

export interface WorkflowStepStatus {
  step_id: string;
  order: number;
  status: "not_started" | "in_progress" | "completed" | "knocked_out" | (string & {});
  started: boolean;
  completed: boolean;
  knocked_out?: boolean;
  last_updated_at?: number | null;
  [extra: string]: unknown;
}
export interface CandidateWorkflow {
  steps: WorkflowStepStatus[];
  all_complete: boolean;
  last_activity_at?: number | null;
  [extra: string]: unknown;
}
export interface AgentResumeSummary {
  resume_score?: number | null;
  is_eligible?: boolean | null;
  resume_link?: string | null;
  [extra: string]: unknown;
}
export interface AgentWebInterviewSummary {
  score?: number | null;
  highlights?: string[];
  audio_recording_link?: string | null;
  video_recording_link?: string | null;
  [extra: string]: unknown;
}
export interface AgentSMSSummary {
  is_eligible?: boolean | null;
  criteria_passed?: string[];
  criteria_failed?: string[];
  messages_sent?: number | null;
  [extra: string]: unknown;
}
export interface AgentFormSummary {
  is_complete?: boolean | null;
  is_eligible?: boolean | null;
  questions_answered?: number | null;
  total_questions?: number | null;
  [extra: string]: unknown;
}
export interface AgentSummary {
  resume?: AgentResumeSummary | null;
  web_interview?: AgentWebInterviewSummary | null;
  sms?: AgentSMSSummary | null;
  form?: AgentFormSummary | null;
  [extra: string]: unknown;
}
export interface CandidateResponse {
  object?: "candidate";
  interview_id: string;
  candidate_id?: string | null;
  posting_id: string;
  name: string;
  email: string;
  score?: number | null;
  status: "pending" | "in_progress" | "evaluating" | "completed" | "shortlisted" | "dismissed" | "knocked_out" | (string & {});
  interview_url?: string | null;
  workflow?: CandidateWorkflow | null;
  agent_summary?: AgentSummary | null;
  shortlisted?: boolean;
  dismissed?: boolean;
  metadata?: Record<string, string> | null;
  data?: { [key: string]: JsonValue } | null;
  interviewed_at?: number | null;
  created_at?: number | null;
  [extra: string]: unknown;
}
export interface IngestCandidateResponse {
  object?: "candidate";
  interview_id: string;
  interview_url: string;
  posting_id: string;
  /** The full candidate resource (receipt). */
  candidate?: CandidateResponse | null;
  [extra: string]: unknown;
}
export interface BulkIngestCandidateResponseItem {
  object?: "candidate";
  interview_id: string;
  interview_url: string;
  metadata?: Record<string, string> | null;
  [extra: string]: unknown;
}
export interface AsyncIngestResponse {
  object?: "ingestion";
  ingestion_id: string;
  status?: "queued" | (string & {});
  [extra: string]: unknown;
}
/** A successful call: the response's `data`, and `meta` when the server sent it. */
export interface Ingested<T> {
  data: T;
  meta?: { [key: string]: JsonValue } | null;
}

// ---------------------------------------------------------------------------
// Sending

/** Options shared by the ingest functions. Any other key is refused with a `ConfigurationError` listing these. */
export interface IngestOptions extends ValidateOptions {
  /** The posting (interviewer) id, not empty; percent-encoded as one path segment. */
  postingId: string;
  /** HeyMilo API key. Required unless `baseUrl` points at your own proxy. Never use it in a browser. */
  apiKey?: string;
  /**
   * API base URL, default `https://api.heymilo.ai` (a trailing `/api/v2` is ignored). A relative URL
   * such as `/heymilo`, for your own proxy, only where fetch has a page address to resolve it
   * against (browser pages and workers); elsewhere it is a `ConfigurationError`. An `http://` URL is
   * refused (`ConfigurationError`) unless its host is loopback (`localhost`, 127.0.0.0/8, `[::1]`).
   * Redirects are never followed: a 3xx is a `RedirectError`.
   */
  baseUrl?: string;
  /** `X-Workspace-Id`. */
  workspaceId?: string;
  /** Limit per attempt, default 60 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt (0–10), default 2. See README, "Retries". */
  maxRetries?: number;
  /** Also retry 5xx, timeouts and lost connections (sync and async alike), accepting possible duplicates. Default false. */
  retryUncertain?: boolean;
  /** Most bytes of an answer read, default 1 048 576; past it a `ResponseTooLargeError`. A positive integer. */
  maxResponseBytes?: number;
  /** Aborts the request and any backoff wait. */
  signal?: AbortSignal;
  /** The fetch to use (tests, service bindings); default the global fetch. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Allow an `apiKey` in a browser page or a web, shared or service worker (it would be readable by anyone). */
  dangerouslyAllowBrowser?: boolean;
}

/** Sends one candidate (`POST …/candidates`, 201). */
export function ingestCandidate(options: IngestOptions & { candidate: CandidateInput }): Promise<Ingested<IngestCandidateResponse>>;
/** Sends several candidates (`POST …/candidates/bulk`, 201). */
export function ingestCandidates(options: IngestOptions & { candidates: readonly CandidateInput[] }): Promise<Ingested<BulkIngestCandidateResponseItem[]>>;
/** Queues one candidate (`POST …/candidates/async`, 202). */
export function ingestCandidateAsync(options: IngestOptions & { candidate: CandidateInput }): Promise<Ingested<AsyncIngestResponse>>;
/** Queues several candidates (`POST …/candidates/bulk/async`, 202). */
export function ingestCandidatesAsync(options: IngestOptions & { candidates: readonly CandidateInput[] }): Promise<Ingested<AsyncIngestResponse>>;

// ---------------------------------------------------------------------------
// Errors

/** Base class of every error this package throws. */
export class HeyMiloError extends Error {}
/** The input is not a valid candidate; nothing was sent. */
export class CandidateValidationError extends HeyMiloError {
  readonly name: "CandidateValidationError";
  readonly issues: Issue[];
}
/** The options are unusable (an unknown key, an empty `postingId`, a relative `baseUrl` outside a browser, …); fix the call. */
export class ConfigurationError extends HeyMiloError {
  readonly name: "ConfigurationError";
}
/** HeyMilo answered with an error status. */
export class APIError extends HeyMiloError {
  readonly status: number;
  readonly type: string | null;
  readonly code: string | null;
  readonly param: string | null;
  readonly docUrl: string | null;
  readonly requestId: string | null;
  readonly headers: Record<string, string>;
}
export class BadRequestError extends APIError {
  readonly name: "BadRequestError";
}
export class AuthenticationError extends APIError {
  readonly name: "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  readonly name: "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  readonly name: "NotFoundError";
}
export class UnprocessableEntityError extends APIError {
  readonly name: "UnprocessableEntityError";
  /** Server-side field problems; `code` is ours where pydantic's type has an equivalent, else pydantic's type. */
  readonly issues: Array<{ path: Array<string | number>; code: string; message: string }>;
}
export class RateLimitError extends APIError {
  readonly name: "RateLimitError";
  /** How long the server asked to wait, when it said. */
  readonly retryAfterMs: number | null;
}
export class InternalServerError extends APIError {
  readonly name: "InternalServerError";
}
export class MalformedResponseError extends APIError {
  readonly name: "MalformedResponseError";
}
/**
 * HeyMilo (or what `baseUrl` reached) answered with a redirect, which is not followed: the key and the
 * candidate go only to the configured address. `status` is the 3xx, or 0 for a browser's opaque
 * redirect; `code` is `"redirect_not_followed"`. Never retried.
 */
export class RedirectError extends APIError {
  readonly name: "RedirectError";
}
/** The answer was longer than `maxResponseBytes`; reading stopped there. `code` is `"response_too_large"`. Never retried. */
export class ResponseTooLargeError extends APIError {
  readonly name: "ResponseTooLargeError";
}
export class ConnectionError extends HeyMiloError {}
export class TimeoutError extends ConnectionError {
  readonly name: "TimeoutError";
}
export class AbortError extends HeyMiloError {
  readonly name: "AbortError";
}

// ---------------------------------------------------------------------------
// Sandbox (server builds: Node, Deno, Bun, workerd; not in the browser build)

/** A planned fault: applies to matching requests, `times` times or with a `probability`. */
export interface FaultRule {
  /** Only this operation; all but `siteverify` (the Turnstile stand-in) when absent. */
  operation?: "ingestCandidate" | "ingestCandidatesBulk" | "ingestCandidateAsync" | "ingestCandidatesBulkAsync" | "listCandidates" | "siteverify";
  times?: number;
  probability?: number;
  /** Answer with this status instead (HeyMilo's envelope for it). */
  status?: number;
  /** With `status`: store the candidate first, as a server failing after commit would. */
  afterStore?: boolean;
  /** `Retry-After` seconds to send with the status. */
  retryAfter?: number;
  /** Send `Retry-After` as an HTTP-date. */
  retryAfterDate?: boolean;
  /** Wait before answering. */
  delayMs?: number;
  /** Spoil the body. */
  body?: "malformed" | "truncated" | "html" | "empty";
  /** Drop the connection (a network failure for the caller). */
  drop?: boolean;
}

/** Options of createSandbox. */
export interface SandboxOptions {
  /** The one key it accepts; default "sk_sandbox". */
  apiKey?: string;
  /** Posting ids that exist; unset: every id exists. */
  postings?: string[];
  /** Default 300, HeyMilo's limit. */
  rateLimitPerMinute?: number;
  /** Answer CORS with `*` so a page on another origin can call it (tests). */
  cors?: boolean;
  /** Seed for generated ids and fault probabilities. */
  seed?: number;
  /** Planned faults, first match wins. */
  faults?: FaultRule[];
  /**
   * What the siteverify stand-in (`POST /turnstile/v0/siteverify`) claims when
   * a token passes: the page's `hostname` (default `"localhost"`) and the
   * widget's `action` (default `"test"`), as in Cloudflare's test answers.
   */
  turnstile?: SandboxTurnstileOptions;
}

/** The sandbox's siteverify stand-in: Cloudflare's test secret keys, for the dummy token `XXXX.DUMMY.TOKEN.XXXX`. */
export interface SandboxTurnstileOptions {
  /** The hostname a passing answer names; default `"localhost"`. */
  hostname?: string;
  /** The widget action a passing answer names; default `"test"`. */
  action?: string;
}

/** A candidate in the sandbox's store. */
export interface StoredCandidate extends CandidateResponse {
  phone_number?: string;
  operation: "ingestCandidate" | "ingestCandidatesBulk" | "ingestCandidateAsync" | "ingestCandidatesBulkAsync";
  ingestion_id?: string;
}

/** A local stand-in for the HeyMilo Candidates API. */
export interface Sandbox {
  /** Answers a request like the API would (delays included; a dropped connection rejects). */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Every candidate stored, in order. */
  candidates(): StoredCandidate[];
  /** Requests that reached the Candidates API stand-in, refused ones included (siteverify calls are not counted). */
  requestsSeen(): number;
  /** Replaces the planned faults. */
  setFaults(faults: FaultRule[]): void;
  /** Empties the store and the rate-limit window. */
  reset(): void;
}

/** Creates a sandbox. Not available in the browser build. */
export function createSandbox(options?: SandboxOptions): Sandbox;

// ---------------------------------------------------------------------------
// Edge handler (server builds: Node, Deno, Bun, workerd; not in the browser build)

/**
 * A per-client rate limiter: Cloudflare's Workers Rate Limiting binding as it
 * is (`rateLimiter: env.INGEST_LIMITER`), or createMemoryRateLimiter().
 */
export interface RateLimiter {
  /** Counts one request for `key`; `success: false` refuses it (429). `retryAfter` (seconds), when given, becomes `Retry-After` (else 60). */
  limit(options: { key: string }): Promise<{ success: boolean; retryAfter?: number }>;
}

/** What beforeForward sees: the validated request, about to be sent. */
export interface BeforeForwardContext {
  /** The incoming request (its body is already read: use its URL and headers). */
  request: Request;
  /** The normalized candidate that will be sent (single routes). */
  candidate?: CandidateIngestRequest;
  /** The normalized candidates that will be sent (bulk routes). */
  candidates?: CandidateIngestRequest[];
  /** The client key: `clientKey(request)` when configured, else `CF-Connecting-IP`; undefined when there is none. */
  clientKey: string | undefined;
}

/** Configuration of handleIngestRequest. Checked at the first request: a bad one answers 500 "handler misconfigured" and logs why. */
export interface IngestHandlerConfig {
  /** The HeyMilo API key (a secret: keep it in an environment binding). */
  apiKey: string;
  /** The posting ids browsers may send to; anything else is 404 without contacting HeyMilo. */
  postings: string[];
  /** Origins (`https://careers.example.com`, exact match) allowed to call from a browser. */
  allowedOrigins?: string[];
  /** With allowedOrigins set, refuse requests without `Origin` (403 origin_required); default true. `false` lets servers and curl through. */
  requireOrigin?: boolean;
  /** Where the routes are mounted; default `"/heymilo"`. */
  basePath?: string;
  /** Upstream base URL; default `https://api.heymilo.ai`. `http://` only to a loopback host (a local sandbox). */
  baseUrl?: string;
  /** Largest request body, cut off while reading; default 65 536. */
  maxBodyBytes?: number;
  /** Most bytes of HeyMilo's answer read, cut off while reading; default 1 048 576 (then 502 `upstream_response_too_large`). */
  maxResponseBytes?: number;
  /** Time limit for the upstream call, and for each hook (rateLimiter, clientKey, beforeForward); default 30 000 ms (then 504). */
  timeoutMs?: number;
  /** Serve the bulk routes; default false. */
  bulk?: boolean;
  /** Serve the async routes; default false. */
  async?: boolean;
  /** Most candidates in one bulk body (more: 413 too_many_candidates); default 100. */
  maxBulkRows?: number;
  /**
   * What a success relays: `"minimal"` (default) only the receipt (single:
   * object, interview_id, interview_url, posting_id; bulk rows: object,
   * interview_id, interview_url; async: object, ingestion_id, status), and
   * of HeyMilo's headers only Content-Type and Retry-After; `"full"` HeyMilo's
   * whole answer, with X-Request-Id and X-RateLimit-* too.
   */
  receipt?: "minimal" | "full";
  /** A form field people never fill: taken out before validation; when filled, nothing is sent and the answer is a made-up minimal receipt. */
  honeypotField?: string;
  /**
   * The key's own budget, per handler and isolate: a token bucket in front of
   * HeyMilo (429 when empty) and a hold after HeyMilo's 429 until its
   * Retry-After. Default `{ perMinute: 200, burst: 50 }` (burst defaults to a
   * quarter of perMinute); `false` turns both off.
   */
  keyBudget?: false | { perMinute: number; burst?: number };
  /** Per-client rate limit, checked before the body is read: 429 with Retry-After when refused, 503 when it throws, rejects or hangs. */
  rateLimiter?: RateLimiter;
  /** The rate limit key of a request; default its `CF-Connecting-IP` (set by Cloudflare; off Cloudflare any client can send it, so pass this). */
  clientKey?: (request: Request) => string | undefined | Promise<string | undefined>;
  /** Last check before sending: return a Response to answer with it instead (the edge adds its headers), nothing to send. Throwing is 500. */
  beforeForward?: (context: BeforeForwardContext) => Response | undefined | void | Promise<Response | undefined | void>;
  /** `X-Workspace-Id` sent upstream. */
  workspaceId?: string;
  /**
   * Require a Cloudflare Turnstile token in the `CF-Turnstile-Response`
   * header, verified with siteverify before the body is read. Anything but a
   * yes for one of `allowedOrigins`' hosts (and `action`, when set) is 403,
   * and HeyMilo is not contacted.
   */
  turnstile?: TurnstileConfig;
  /** The upstream fetch (tests, service bindings, the sandbox); the siteverify call goes through it too. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/** Options of createMemoryRateLimiter. */
export interface MemoryRateLimiterOptions {
  /** Requests allowed per key in each period. */
  limit: number;
  /** The window, from a key's first request. */
  periodSeconds: number;
  /** Most keys remembered (the oldest window is forgotten first); default 10 000. */
  maxKeys?: number;
}

/** An in-memory RateLimiter with the binding's shape, for Node, Deno and Bun servers and tests. Per process: not shared between instances. */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): RateLimiter;

/** The `turnstile` option of handleIngestRequest. */
export interface TurnstileConfig {
  /** The widget's secret key (a secret: keep it in an environment binding, e.g. `wrangler secret put TURNSTILE_SECRET_KEY`). */
  secretKey: string;
  /** Where siteverify is; default `https://challenges.cloudflare.com/turnstile/v0/siteverify` (`http://` only to a loopback host). */
  siteverifyUrl?: string;
  /** The widget `action` a token must carry (1 to 32 letters, digits, `_`, `-`). */
  action?: string;
  /** Time limit for siteverify, whole milliseconds; default 10 000 (then 403 `turnstile_unavailable`). */
  timeoutMs?: number;
}

/** Validates, injects the key and forwards a browser's ingest request; answers like HeyMilo would. */
export function handleIngestRequest(request: Request, config: IngestHandlerConfig): Promise<Response>;
