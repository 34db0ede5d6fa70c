// The fetch driver for ingestCandidate and friends. The core decides
// everything (what to send, whether to retry, what an answer means); this
// file only performs I/O: fetch, timers, abort signals.
import * as errors from "./errors.js";

const { AbortError, CandidateValidationError, ConfigurationError, ConnectionError, TimeoutError } = errors;
import { jsonTextOf } from "./json-text.js";
import { readCapped } from "./capped-body.js";

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 2;
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** A server runtime, even where it has a WorkerGlobalScope (Deno's and Bun's workers, workerd). */
const isServerRuntime = () =>
  typeof globalThis.Deno !== "undefined" ||
  typeof globalThis.Bun !== "undefined" ||
  typeof globalThis.process?.versions?.node === "string" ||
  typeof globalThis.WebSocketPair === "function" ||
  globalThis.navigator?.userAgent === "Cloudflare-Workers";

/**
 * A page, or a browser's dedicated, shared or service worker: anyone using
 * the browser can read what runs there, a key included. Every worker scope
 * is a WorkerGlobalScope; server runtimes that also have one are excluded.
 */
const isBrowserLike = () => {
  if (typeof globalThis.window !== "undefined" && typeof globalThis.document !== "undefined") return true;
  const WorkerScope = globalThis.WorkerGlobalScope;
  return typeof WorkerScope === "function" && globalThis instanceof WorkerScope && !isServerRuntime();
};

function fail(name, message) {
  throw new ConfigurationError(`${name}: ${message}`);
}

/**
 * Every option the ingest functions read besides the candidate(s), so
 * unknown keys (typos such as `apikey`, or options of another client) are
 * refused instead of ignored. Adding an option is one line here.
 */
const OPTION_NAMES = [
  "postingId",
  "apiKey",
  "baseUrl",
  "workspaceId",
  "defaultCountry",
  "timeoutMs",
  "maxRetries",
  "retryUncertain",
  "maxResponseBytes",
  "signal",
  "fetch",
  "dangerouslyAllowBrowser",
];

const loose = (key) => key.toLowerCase().replaceAll("_", "");

/** Throws ConfigurationError for a key that is neither `field` (candidate or candidates) nor an option. */
function refuseUnknownKeys(name, options, field) {
  const valid = [field, ...OPTION_NAMES];
  for (const key of Object.keys(options)) {
    if (valid.includes(key)) continue;
    // The same name in another case or in snake_case, or candidate(s) on the wrong function.
    const near = valid.find((known) => loose(known) === loose(key)) ?? (key.startsWith("candidate") ? field : undefined);
    const hint = near === undefined ? "" : ` (did you mean "${near}"?)`;
    fail(name, `unknown option "${key}"${hint}. Valid options: ${valid.join(", ")}.`);
  }
}

/** Whether fetch can resolve `url`: it resolves a relative one against the global location (pages, workers, Deno with --location). */
function parsesAsUrl(url) {
  try {
    new URL(url, globalThis.location?.href);
    return true;
  } catch {
    return false;
  }
}

function readOptions(name, options, field) {
  if (options === null || typeof options !== "object") fail(name, "expects an options object");
  refuseUnknownKeys(name, options, field);
  const {
    postingId,
    apiKey,
    baseUrl,
    workspaceId,
    defaultCountry,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    maxRetries = DEFAULT_MAX_RETRIES,
    retryUncertain = false,
    maxResponseBytes,
    signal,
    fetch: injectedFetch,
    dangerouslyAllowBrowser = false,
  } = options;
  if (typeof postingId !== "string") fail(name, "postingId must be a string");
  if (postingId.trim() === "") fail(name, "postingId is empty; pass the id of the posting (interviewer) to ingest into");
  if (apiKey !== undefined && (typeof apiKey !== "string" || apiKey === "")) fail(name, "apiKey must be a non-empty string");
  for (const [option, value] of Object.entries({ baseUrl, workspaceId, defaultCountry })) {
    if (value !== undefined && typeof value !== "string") fail(name, `${option} must be a string`);
  }
  if (baseUrl !== undefined && !parsesAsUrl(baseUrl)) {
    // Quoted only without a key: a URL can carry one (a query parameter), and errors never do.
    const shown = apiKey === undefined ? ` ${JSON.stringify(baseUrl)}` : "";
    fail(
      name,
      `baseUrl${shown} is not an absolute URL, and there is no page address to resolve it against here. ` +
        'Give one such as "https://api.heymilo.ai" or "http://127.0.0.1:4010".',
    );
  }
  if (!(typeof timeoutMs === "number" && timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
    fail(name, "timeoutMs must be a positive number of milliseconds");
  }
  if (!(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 10)) fail(name, "maxRetries must be an integer from 0 to 10");
  if (typeof retryUncertain !== "boolean") fail(name, "retryUncertain must be a boolean");
  if (maxResponseBytes !== undefined && !(Number.isSafeInteger(maxResponseBytes) && maxResponseBytes > 0)) {
    fail(name, "maxResponseBytes must be a positive integer (bytes)");
  }
  if (signal !== undefined && !(signal && typeof signal.aborted === "boolean" && typeof signal.addEventListener === "function")) {
    fail(name, "signal must be an AbortSignal");
  }
  if (injectedFetch !== undefined && typeof injectedFetch !== "function") fail(name, "fetch must be a function");
  const browser = isBrowserLike();
  if (apiKey !== undefined && browser && dangerouslyAllowBrowser !== true) {
    fail(
      name,
      "refusing to use an apiKey in a browser (a page or a web, shared or service worker), where anyone can read it. Call your own endpoint instead " +
        "(handleIngestRequest) without a key, or pass dangerouslyAllowBrowser: true if you really mean it.",
    );
  }
  if (apiKey === undefined && baseUrl === undefined) {
    fail(name, "apiKey is required to call HeyMilo directly; without a key, set baseUrl to your own proxy");
  }
  return {
    postingId,
    apiKey,
    baseUrl,
    workspaceId,
    defaultCountry,
    timeoutMs,
    maxRetries,
    retryUncertain,
    maxResponseBytes,
    signal,
    fetch: injectedFetch ?? ((...args) => globalThis.fetch(...args)),
    identify: !browser,
  };
}

function abortErrorFor(signal) {
  return new AbortError("The call was aborted.", { cause: signal.reason });
}

/** Resolves after `ms`, or rejects with AbortError as soon as `signal` aborts. */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortErrorFor(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortErrorFor(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Codes and messages of a fetch failure, for the core to classify. */
function describeFailure(error) {
  const parts = [];
  const visit = (e, depth) => {
    if (!e || depth > 3) return;
    if (typeof e === "object" || typeof e === "function") {
      parts.push(String(e.code ?? ""), String(e.message ?? ""));
      visit(e.cause, depth + 1);
      if (Array.isArray(e.errors)) e.errors.forEach((inner) => visit(inner, depth + 1));
    } else {
      parts.push(String(e));
    }
  };
  visit(error, 0);
  return parts.filter(Boolean).join(" ");
}

/**
 * The absolute URL to check for clear text, or undefined for a relative
 * baseUrl that stays on the page's own origin (fetch resolves it there).
 */
function transportUrlOf(baseUrl) {
  if (baseUrl === undefined) return undefined;
  try {
    return new URL(baseUrl).href; // as fetch will parse it: 127.1 is 127.0.0.1 there
  } catch {}
  const page = globalThis.location?.href;
  const resolved = new URL(baseUrl, page);
  return resolved.origin === new URL(page).origin ? undefined : resolved.href;
}

/**
 * One attempt: the response and its body (at most `options.maxResponseBytes`;
 * `body` is null past it), or why there is none. Redirects are not followed:
 * the key would go along (fetch keeps custom headers across origins), and
 * after 307/308 the candidate too; the core calls a 3xx (or a browser's
 * opaque redirect, status 0) a RedirectError. The race with the abort
 * signal makes timeouts and aborts effective even with an injected fetch
 * that ignores its signal.
 */
async function attempt(options, plan, headers) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const aborted = new Promise((_, reject) => controller.signal.addEventListener("abort", () => reject(controller.signal), { once: true }));
  aborted.catch(() => {});
  try {
    const exchange = (async () => {
      const init = { method: plan.method, headers, body: plan.body, redirect: "manual", signal: controller.signal };
      const response = await options.fetch(plan.url, init);
      return { response, body: await readCapped(response, options.maxResponseBytes) };
    })();
    exchange.catch(() => {});
    return await Promise.race([exchange, aborted]);
  } catch (error) {
    if (options.signal?.aborted) throw abortErrorFor(options.signal);
    if (timedOut) return { failure: "timeout" };
    return { failure: "network", error };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

function headersObject(core, headers, apiKey) {
  const out = {};
  headers.forEach((value, name) => {
    // A header named after the key is left out, not renamed.
    if (apiKey && core.nameHoldsSecret(name, apiKey)) return;
    out[name] = apiKey ? core.redactSecret(value, apiKey) : value;
  });
  return out;
}

const utf8 = new TextDecoder();

/** The error for a core verdict `{ kind: "error", name, … }`. */
function apiErrorFrom(verdict, headers) {
  const ErrorClass = verdict.name.endsWith("Error") && errors[verdict.name]?.prototype instanceof errors.APIError ? errors[verdict.name] : errors.APIError;
  return new ErrorClass(verdict, headers);
}

/**
 * The send function over a core: validates, sends with the retry policy, and
 * returns `{ data, meta? }` or throws a typed error.
 */
export const createSend = (core) => {
  // The response headers the core reads (asked on first use: the Node entry
  // instantiates the core then). Passing only these spares copying and
  // parsing the rest on every response.
  let headerNames;
  const headersText = (headers) => {
    headerNames ??= core.responseHeaderNames().split(",");
    const read = [];
    for (const name of headerNames) {
      const value = headers.get(name);
      if (value !== null) read.push([name, value]);
    }
    return JSON.stringify(read);
  };
  /**
   * `name` is the public function's (for messages), `operation` the
   * endpoint's OpenAPI operation id, `field` the option holding the
   * candidate(s): `candidate`, or `candidates` for a list.
   */
  return async function send(name, operation, field, options) {
    const o = readOptions(name, options, field);
    const target = transportUrlOf(o.baseUrl);
    const problem = target === undefined ? undefined : core.transportProblem(target);
    if (problem !== undefined) {
      // Quoted only without a key, as above.
      fail(name, `baseUrl${o.apiKey === undefined ? ` ${JSON.stringify(o.baseUrl)}` : ""} is not usable: ${problem}.`);
    }
    o.maxResponseBytes ??= core.defaultMaxResponseBytes();
    if (o.signal?.aborted) throw abortErrorFor(o.signal);
    const text = jsonTextOf(options[field], field === "candidates");
    if (typeof text !== "string") throw new CandidateValidationError(text.issues);
    const plan = JSON.parse(
      core.planIngest(operation, text, o.postingId, o.baseUrl, o.workspaceId, o.identify, o.defaultCountry),
    );
    if (!plan.ok) {
      // The posting id is configuration, not the candidate: fix the call first.
      const posting = plan.issues.find((issue) => issue.path[0] === "postingId");
      if (posting) fail(name, `postingId ${JSON.stringify(o.postingId)}: ${posting.message}`);
      throw new CandidateValidationError(plan.issues);
    }
    const headers = Object.fromEntries(plan.headers);
    if (o.apiKey !== undefined) headers["X-API-KEY"] = o.apiKey;

    for (let retries = 0; ; retries++) {
      const result = await attempt(o, plan, headers);
      let delayMs;
      if (result.response) {
        const { response, body } = result;
        if (body === null) {
          const args = [response.url || plan.url, response.status, headersText(response.headers), o.maxResponseBytes, Date.now(), o.apiKey ?? ""];
          throw apiErrorFrom(JSON.parse(core.judgeTooLarge(...args)), headersObject(core, response.headers, o.apiKey));
        }
        const verdict = JSON.parse(
          core.judgeResponse(
            operation,
            response.url || plan.url,
            response.status,
            headersText(response.headers),
            body,
            retries,
            o.maxRetries,
            o.retryUncertain,
            Date.now(),
            Math.random(),
            o.apiKey ?? "",
          ),
        );
        if (verdict.kind === "ok") {
          const { data, meta } = JSON.parse(utf8.decode(body));
          return meta === undefined ? { data } : { data, meta };
        }
        if (verdict.kind === "error") throw apiErrorFrom(verdict, headersObject(core, response.headers, o.apiKey));
        delayMs = verdict.delayMs;
      } else {
        const description = result.failure === "network" ? describeFailure(result.error) : "";
        delayMs = core.judgeNoResponse(operation, result.failure, description, retries, o.maxRetries, o.retryUncertain, Math.random());
        if (delayMs < 0) {
          if (result.failure === "timeout") throw new TimeoutError(`No response from ${plan.url} within ${o.timeoutMs} ms.`);
          // A fetch's error may carry the request and its headers (axios-style, in any
          // property): with a key in play it is not attached, and its text is redacted.
          const shown = o.apiKey === undefined ? description : core.redactSecret(description, o.apiKey);
          const options = o.apiKey === undefined ? { cause: result.error } : undefined;
          throw new ConnectionError(`Could not reach ${plan.url}: ${shown || "network error"}.`, options);
        }
      }
      await sleep(delayMs, o.signal);
    }
  };
};
