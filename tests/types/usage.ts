// Compiled with `tsc --strict` (make lint): the public types describe every
// input and output precisely, with no `any` leaking into user code.
import {
  candidateSchema,
  createCandidateSchema,
  createSandbox,
  handleIngestRequest,
  createMemoryRateLimiter,
  ingestCandidate,
  ingestCandidates,
  normalizePhoneNumber,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  UnprocessableEntityError,
  validateCandidate,
  validateCandidates,
  type CandidateIngestRequest,
  type CandidateInput,
  type Issue,
  type IssueCode,
} from "../../pkg/index.js";
import { serveSandbox } from "../../pkg/sandbox-server.js";

const result = validateCandidate({ name: "Ada", email: "ada@example.com" }, { defaultCountry: "GB" });
if (result.ok) {
  const value: CandidateIngestRequest = result.value;
  const phone: string | undefined = value.phone_number;
  void phone;
} else {
  const first: Issue | undefined = result.issues[0];
  const code: IssueCode | undefined = first?.code;
  const path: ReadonlyArray<string | number> | undefined = first?.path;
  void code;
  void path;
  // @ts-expect-error an invalid result has no value
  void result.value;
}
const bulk = validateCandidates([]);
if (bulk.ok) bulk.value.map((candidate) => candidate.email.toLowerCase());
const e164: string | null = normalizePhoneNumber("020 7946 0958", "GB");
const e164Too: string | null = normalizePhoneNumber("020 7946 0958", { defaultCountry: "GB" });
const standard = candidateSchema["~standard"];
const version: 1 = standard.version;
void e164;
void e164Too;
void version;
const checked = createCandidateSchema({ defaultCountry: "GB" })["~standard"].validate({ name: "Ada" });
if (checked.issues) {
  const code: IssueCode | undefined = checked.issues[0]?.code;
  void code;
} else {
  const value: CandidateIngestRequest = checked.value;
  void value;
}
const jsonSchema: Record<string, unknown> = standard.jsonSchema.output({ target: "openapi-3.0" });
void jsonSchema;

async function send(): Promise<void> {
  try {
    const { data, meta } = await ingestCandidate({ apiKey: "k", postingId: "p", candidate: {}, maxRetries: 1, timeoutMs: 5000 });
    const url: string = data.interview_url;
    const status: string | undefined = data.candidate?.status;
    void url;
    void status;
    void meta;
    const many = await ingestCandidates({ apiKey: "k", postingId: "p", candidates: [{}], maxResponseBytes: 65_536 });
    many.data.forEach((item) => item.interview_id.length);
  } catch (error) {
    if (error instanceof RateLimitError) {
      const wait: number | null = error.retryAfterMs;
      void wait;
    } else if (error instanceof RedirectError || error instanceof ResponseTooLargeError) {
      const status: number = error.status;
      const code: string | null = error.code;
      void status;
      void code;
    } else if (error instanceof UnprocessableEntityError) {
      error.issues.forEach((issue) => issue.path.join("."));
    }
  }
  // @ts-expect-error postingId is required
  await ingestCandidate({ apiKey: "k", candidate: {} });
  // @ts-expect-error unknown options are refused (at run time too)
  await ingestCandidate({ apiKey: "k", postingId: "p", candidate: {}, apikey: "k" });
  // @ts-expect-error a candidate's fields have their types
  await ingestCandidate({ apiKey: "k", postingId: "p", candidate: { name: 1 } });
  // @ts-expect-error a FormData is not a candidate (pass Object.fromEntries(formData))
  await ingestCandidate({ apiKey: "k", postingId: "p", candidate: new FormData() });
  const rows: readonly CandidateInput[] = [{ name: "Ada", email: "ada@example.com", phone_number: "" }];
  await ingestCandidates({ apiKey: "k", postingId: "p", candidates: rows });
  const sandbox = createSandbox({ postings: ["p"], faults: [{ status: 503, times: 1 }] });
  const response: Response = await handleIngestRequest(new Request("https://x/heymilo"), {
    apiKey: "k",
    postings: ["p"],
    maxResponseBytes: 1 << 20,
    fetch: sandbox.fetch,
  });
  void response;
  const guarded = createSandbox({ turnstile: { hostname: "careers.example.com", action: "apply" }, faults: [{ operation: "siteverify", delayMs: 50 }] });
  await handleIngestRequest(new Request("https://x/heymilo"), {
    apiKey: "k",
    postings: ["p"],
    allowedOrigins: ["https://careers.example.com"],
    turnstile: { secretKey: "1x0000000000000000000000000000000AA", siteverifyUrl: "http://127.0.0.1:4010/turnstile/v0/siteverify", action: "apply", timeoutMs: 5000 },
    fetch: guarded.fetch,
  });
  // @ts-expect-error the Turnstile secret key is required
  await handleIngestRequest(new Request("https://x/heymilo"), { apiKey: "k", postings: ["p"], turnstile: { action: "apply" } });
  // @ts-expect-error unknown Turnstile options are refused (at run time too)
  await handleIngestRequest(new Request("https://x/heymilo"), { apiKey: "k", postings: ["p"], turnstile: { secretKey: "s", siteKey: "x" } });
  const served = await serveSandbox({ port: 0 });
  served.sandbox.candidates().forEach((candidate) => candidate.interview_id);
  await served.close();
}
void send;

import { createCandidateSchema as schemaOnly, validateCandidate as validateOnly, type CandidateSchema, type ValidationResult } from "../../pkg/validate.js";
const onlyValidation: ValidationResult<CandidateIngestRequest> = validateOnly({});
const onlySchema: CandidateSchema = schemaOnly();
void onlyValidation;
void onlySchema;

import { handleIngestRequest as edgeHandler, validateCandidate as edgeValidate, type IngestHandlerConfig, type TurnstileConfig } from "../../pkg/edge.js";
const edgeTurnstile: TurnstileConfig = { secretKey: "sk_turnstile" };
const edgeConfig: IngestHandlerConfig = { apiKey: "sk_test", postings: ["13D77095"], turnstile: edgeTurnstile };
const edgeWorker = { fetch: (request: Request): Promise<Response> => edgeHandler(request, edgeConfig) };
const edgeResult: ValidationResult<CandidateIngestRequest> = edgeValidate({});
void edgeWorker;
void edgeResult;

// The public-form options, as a Worker with a Rate Limiting binding writes them.
import { createMemoryRateLimiter as edgeMemoryLimiter, type RateLimiter, type BeforeForwardContext } from "../../pkg/edge.js";
interface WorkerEnv {
  HEYMILO_API_KEY: string;
  INGEST_LIMITER: { limit(options: { key: string }): Promise<{ success: boolean }> };
}
const publicForm = (env: WorkerEnv): IngestHandlerConfig => ({
  apiKey: env.HEYMILO_API_KEY,
  postings: ["13D77095"],
  allowedOrigins: ["https://careers.example.com"],
  requireOrigin: true,
  bulk: false,
  async: false,
  maxBulkRows: 10,
  receipt: "minimal",
  honeypotField: "website",
  keyBudget: { perMinute: 120, burst: 20 },
  rateLimiter: env.INGEST_LIMITER,
  clientKey: (request) => request.headers.get("cf-connecting-ip") ?? undefined,
  beforeForward: async ({ candidate, clientKey }: BeforeForwardContext) => {
    if (candidate?.email.endsWith("@spam.example") || clientKey === undefined) return new Response(null, { status: 403 });
  },
});
const noBudget: IngestHandlerConfig = { apiKey: "k", postings: ["p"], keyBudget: false, receipt: "full" };
const memoryLimiter: RateLimiter = edgeMemoryLimiter({ limit: 5, periodSeconds: 60, maxKeys: 1000 });
const serverLimiter: RateLimiter = createMemoryRateLimiter({ limit: 5, periodSeconds: 10 });
void publicForm;
void noBudget;
void memoryLimiter;
void serverLimiter;
