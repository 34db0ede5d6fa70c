// handleIngestRequest(): the I/O around the core's edge handler. The core
// routes, validates, builds the upstream request and shapes every answer;
// this file reads the body under a byte limit, calls upstream with a time
// limit, and turns the core's answers into Responses. Turnstile's I/O is in
// turnstile.js.
import { checkTurnstile, turnstileOptionProblem } from "./turnstile.js";

import { readCapped } from "./capped-body.js";

const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;
const MAX_CACHED_CONFIGS = 16;
/**
 * Retry-After for a limiter refusal that does not say how long: Cloudflare's
 * binding only answers `{ success }`, and 60 s is the longest period it offers.
 */
const DEFAULT_LIMIT_RETRY_AFTER_S = 60;

const isString = (v) => typeof v === "string";
const isStringList = (v) => Array.isArray(v) && v.every(isString);
const isBoolean = (v) => typeof v === "boolean";
const isPositiveInteger = (v) => Number.isSafeInteger(v) && v > 0;
const isFunction = (v) => typeof v === "function";

/** `keyBudget`: `false`, or `{ perMinute, burst? }` of positive integers and nothing else. */
function isKeyBudget(v) {
  if (v === false) return true;
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const { perMinute, burst, ...others } = v;
  return isPositiveInteger(perMinute) && (burst === undefined || isPositiveInteger(burst)) && Object.keys(others).length === 0;
}

/**
 * The options the core reads, by name: checked here, sent as JSON, and the
 * cache key of the core built from them. A wrong type is a misconfiguration,
 * never silently the default.
 */
const CORE_OPTIONS = {
  apiKey: [isString, "a string"],
  postings: [isStringList, "an array of strings"],
  allowedOrigins: [isStringList, "an array of strings"],
  requireOrigin: [isBoolean, "a boolean"],
  basePath: [isString, "a string"],
  baseUrl: [isString, "a string"],
  maxBodyBytes: [isPositiveInteger, "a positive integer"],
  maxResponseBytes: [isPositiveInteger, "a positive integer"],
  bulk: [isBoolean, "a boolean"],
  async: [isBoolean, "a boolean"],
  maxBulkRows: [isPositiveInteger, "a positive integer"],
  receipt: [(v) => v === "minimal" || v === "full", 'either "minimal" or "full"'],
  honeypotField: [isString, "a string"],
  keyBudget: [isKeyBudget, "false or { perMinute, burst? } of positive integers"],
  workspaceId: [isString, "a string"],
  turnstile: [(v) => turnstileOptionProblem(v) === undefined],
};

/**
 * The options only this file uses: read from each call's config, never
 * cached, so two configs that differ only in one of them behave differently
 * (a Worker that builds its config per request gets its own hooks each time).
 */
const CALL_OPTIONS = {
  fetch: [isFunction, "a function"],
  timeoutMs: [(v) => typeof v === "number" && v > 0 && v <= 2 ** 31 - 1, "a positive number"],
  rateLimiter: [(v) => v !== null && typeof v === "object" && isFunction(v.limit), "an object with a limit() method (a Rate Limiting binding)"],
  clientKey: [isFunction, "a function"],
  beforeForward: [isFunction, "a function"],
};

/** Checks the options; returns the core's JSON and this call's own options (throws a message on misuse). */
function coreOptions(config) {
  if (config === null || typeof config !== "object") throw "the config must be an object";
  const core = {};
  const call = { timeoutMs: DEFAULT_UPSTREAM_TIMEOUT_MS };
  for (const [key, value] of Object.entries(config)) {
    const forCore = Object.hasOwn(CORE_OPTIONS, key);
    if (!forCore && !Object.hasOwn(CALL_OPTIONS, key)) throw `unknown config option "${key}"`;
    if (value === undefined) continue;
    const [valid, expected] = (forCore ? CORE_OPTIONS : CALL_OPTIONS)[key];
    // `turnstile` has its own messages: which of its settings is wrong.
    if (!valid(value)) throw expected === undefined ? turnstileOptionProblem(value) : `config.${key} must be ${expected}`;
    (forCore ? core : call)[key] = value;
  }
  return { json: JSON.stringify(core), call };
}

/** Thrown by the upstream calls when the time limit ran out. */
const TIMED_OUT = Symbol("timed out");

/**
 * The upstream answer and its body (null past `maxBytes`, where reading
 * stops) within `timeoutMs`, through the runtime's fetch: it honours an
 * AbortSignal.timeout (one native timer; the open connection keeps the
 * process alive until then). `init.redirect` is "manual": a redirect is
 * answered, never followed with the key.
 */
async function viaRuntimeFetch(url, init, timeoutMs, maxBytes) {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await globalThis.fetch(url, { ...init, signal });
    return [response, await readCapped(response, maxBytes)];
  } catch (error) {
    throw signal.aborted ? TIMED_OUT : error;
  }
}

/**
 * The same through an injected fetch, which might ignore its signal or leave
 * nothing pending: raced with a timer, cleared afterwards.
 */
async function viaInjectedFetch(send, url, init, timeoutMs, maxBytes) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const aborted = new Promise((_, reject) => controller.signal.addEventListener("abort", () => reject(TIMED_OUT), { once: true }));
    aborted.catch(() => {});
    const exchange = (async () => {
      const response = await send(url, { ...init, signal: controller.signal });
      return [response, await readCapped(response, maxBytes)];
    })();
    exchange.catch(() => {});
    return await Promise.race([exchange, aborted]);
  } catch (error) {
    throw controller.signal.aborted ? TIMED_OUT : error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `promise`, or TIMED_OUT after `timeoutMs`: the hooks (rate limiter, client
 * key, beforeForward) are the caller's code, and a hung one must not hang the
 * request.
 */
async function bounded(promise, timeoutMs) {
  let timer;
  const expired = new Promise((_, reject) => (timer = setTimeout(() => reject(TIMED_OUT), timeoutMs)));
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A Response, whatever fetch implementation made it. */
const isResponse = (value) =>
  value instanceof Response ||
  (value !== null && typeof value === "object" && typeof value.status === "number" && typeof value.arrayBuffer === "function" && typeof value.headers?.[Symbol.iterator] === "function");

/** handleIngestRequest over a core build that has the edge handler (`EdgeCore`, `MemoryRateLimiter`). */
export const createHandleIngestRequest = ({ EdgeCore }) => {
  // Workers usually pass a fresh config object per request (built from env),
  // so handlers are cached by the config's content, not its identity.
  const handlers = new Map();
  // Answers "handler misconfigured" for options the core never saw.
  let broken;

  function handlerFor(config) {
    let options;
    try {
      options = coreOptions(config);
    } catch (problem) {
      broken ??= new EdgeCore("null");
      return { handler: { core: broken, error: String(problem), logged: new Set() } };
    }
    let handler = handlers.get(options.json);
    if (handler === undefined) {
      const core = new EdgeCore(options.json);
      handler = { core, error: core.configError(), logged: new Set() };
      if (handlers.size >= MAX_CACHED_CONFIGS) {
        const oldest = handlers.keys().next().value;
        const evicted = handlers.get(oldest);
        handlers.delete(oldest);
        // Freed now only when no request is still using it (one may be
        // waiting on a hook or on HeyMilo); else by the last one, at its end.
        evicted.evicted = true;
        if (!evicted.inFlight) evicted.core.free();
      }
      handlers.set(options.json, handler);
    }
    return { handler, call: options.call };
  }

  /** One log line per handler and kind of trouble, the key removed from it. */
  function logOnce(handler, kind, message) {
    if (handler.logged.has(kind)) return;
    handler.logged.add(kind);
    console.error(handler.core.redact(`heymilo-ingest: ${message}`));
  }

  function toResponse(core, answer) {
    const { status, headers } = answer.respond;
    const body = core.takeBody();
    const nullBody = status === 204 || status === 304;
    return new Response(nullBody ? null : body, { status, headers });
  }

  const describe = (error) => (error === TIMED_OUT ? "it timed out" : `it failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);

  /** The client key: `clientKey(request)` when configured, else `CF-Connecting-IP`; undefined when there is none. */
  async function clientKeyOf(request, call) {
    const key = call.clientKey === undefined ? request.headers.get("cf-connecting-ip") : await bounded(call.clientKey(request), call.timeoutMs);
    return typeof key === "string" && key !== "" ? key : undefined;
  }

  /**
   * Validates, injects the key and forwards a browser's ingest request to HeyMilo.
   *
   * The pipeline, in order; each step answers in HeyMilo's envelope and stops
   * before HeyMilo is contacted when it refuses:
   *   1. route: path, method, Content-Type, Content-Length (404/405/415/413, preflight);
   *   2. origin: allowedOrigins, requireOrigin (403);
   *   3. rate limit: config.rateLimiter per client key (429; 503 when it fails);
   *   4. Turnstile: config.turnstile, the token verified with siteverify before the body is read (403);
   *   5. read body within maxBodyBytes (413);
   *   6. validate (400/422; bulk rows over maxBulkRows 413), honeypot (fake receipt);
   *   7. beforeForward (its Response is the answer; throwing is 500);
   *   8. key budget (429), then forward and relay the receipt.
   * Steps 1, 2 and 6 are the core's (`route`, `forward`).
   * @param {Request} request
   * @param {object} config
   * @returns {Promise<Response>}
   */
  return async function handleIngestRequest(request, config) {
    const { handler, call } = handlerFor(config);
    handler.inFlight = (handler.inFlight ?? 0) + 1;
    try {
      return await handle(request, handler, call);
    } finally {
      if (--handler.inFlight === 0 && handler.evicted) handler.core.free();
    }
  };

  /** One request through the pipeline above, on a core that stays alive until it ends. */
  async function handle(request, handler, call) {
    const { core } = handler;
    if (handler.error) {
      // The operator's log line says what is wrong; the response never does.
      logOnce(handler, "config", `handleIngestRequest is misconfigured: ${handler.error}`);
      return toResponse(core, JSON.parse(core.route("POST", "/", "[]")));
    }
    const path = new URL(request.url).pathname;
    const headers = JSON.stringify([...request.headers]);
    const method = request.method;
    const fail = (kind) => toResponse(core, JSON.parse(core.failure(method, path, headers, kind)));

    // 1–2. Route and origin.
    const routing = JSON.parse(core.route(method, path, headers));
    if (routing.respond) return toResponse(core, routing);

    // 3. Per-client rate limit. Fail closed: while the limiter cannot say
    // yes (it threw, rejected, hung or there is no client key), nothing goes on.
    let clientKey;
    if (call.rateLimiter !== undefined) {
      let outcome;
      try {
        clientKey = await clientKeyOf(request, call);
        if (clientKey === undefined) {
          logOnce(handler, "no-client-key", "rateLimiter is set but the request has no CF-Connecting-IP and no config.clientKey gave a key; refusing with 503. Off Cloudflare, pass clientKey.");
          return fail("limiter_failed");
        }
        outcome = await bounded(Promise.resolve(call.rateLimiter.limit({ key: clientKey })), call.timeoutMs);
      } catch (error) {
        logOnce(handler, "limiter", `the rate limiter could not be asked (${describe(error)}); refusing with 503`);
        return fail("limiter_failed");
      }
      if (outcome === null || typeof outcome !== "object" || typeof outcome.success !== "boolean") {
        logOnce(handler, "limiter-answer", "rateLimiter.limit() did not resolve to { success: boolean }; refusing with 503");
        return fail("limiter_failed");
      }
      if (!outcome.success) {
        const wait = outcome.retryAfter;
        const seconds = typeof wait === "number" && wait > 0 && wait <= 86_400 ? Math.ceil(wait) : DEFAULT_LIMIT_RETRY_AFTER_S;
        return toResponse(core, JSON.parse(core.rateLimited(method, path, headers, seconds)));
      }
    }

    // 4. Turnstile, before the body is read: a request without a valid token costs no more.
    const send = call.fetch ?? ((url, init) => globalThis.fetch(url, init));
    const refusal = await checkTurnstile(core, method, path, headers, send);
    if (refusal) return toResponse(core, refusal);

    // 5. Body.
    const body = await readCapped(request, routing.readBody);
    if (body === null) return fail("too_large");

    // 6. Validation and honeypot.
    const random = crypto.getRandomValues(new Uint8Array(8));
    const forwarding = JSON.parse(core.forward(method, path, headers, body, random));
    if (forwarding.respond) return toResponse(core, forwarding);
    const { url, headers: upstreamHeaders, body: upstreamBody, bulk, maxBytes } = forwarding.upstream;

    // 7. The operator's last word.
    if (call.beforeForward !== undefined) {
      let veto;
      try {
        if (clientKey === undefined) clientKey = await clientKeyOf(request, call);
        const sent = JSON.parse(upstreamBody);
        const what = bulk ? { candidates: sent.data } : { candidate: sent };
        veto = await bounded(Promise.resolve(call.beforeForward({ request, clientKey, ...what })), call.timeoutMs);
        if (veto !== undefined && veto !== null && !isResponse(veto)) throw new TypeError("beforeForward must return a Response or nothing");
        if (veto) {
          const vetoBody = new Uint8Array(await bounded(veto.arrayBuffer(), call.timeoutMs));
          const answer = core.veto(method, path, headers, veto.status, JSON.stringify([...veto.headers]), vetoBody);
          return toResponse(core, JSON.parse(answer));
        }
      } catch (error) {
        logOnce(handler, "beforeForward", `beforeForward ${describe(error)}; answering 500`);
        return fail("hook_failed");
      }
    }

    // 8. The key's budget, then HeyMilo.
    const admitted = JSON.parse(core.admit(method, path, headers, Date.now()));
    if (admitted.respond) return toResponse(core, admitted);

    // The time limit covers the answer and its body. A redirect is not
    // followed (the key would go along); the core answers it with a 502.
    const init = { method: "POST", headers: upstreamHeaders, body: upstreamBody, redirect: "manual" };
    let upstream;
    let upstreamBytes;
    try {
      [upstream, upstreamBytes] =
        call.fetch === undefined
          ? await viaRuntimeFetch(url, init, call.timeoutMs, maxBytes)
          : await viaInjectedFetch(call.fetch, url, init, call.timeoutMs, maxBytes);
    } catch (failure) {
      return fail(failure === TIMED_OUT ? "timeout" : "unreachable");
    }
    const upstreamHeadersJson = JSON.stringify([...upstream.headers]);
    core.observe(upstream.status, upstreamHeadersJson, Date.now());
    if (upstreamBytes === null) return fail("upstream_too_large");
    // Every upstream body, a 2xx one included, goes through the core, which
    // removes the key from whatever is relayed: so it is read whole (up to
    // maxBytes), not streamed.
    const relayed = core.relay(method, path, headers, upstream.status, upstreamHeadersJson, upstreamBytes);
    return toResponse(core, JSON.parse(relayed));
  }
};

/** createMemoryRateLimiter over a core build that has `MemoryRateLimiter`. */
export const createMemoryRateLimiterFactory = ({ MemoryRateLimiter }) =>
  /**
   * A per-client limiter with the shape of Cloudflare's Rate Limiting binding.
   * @param {{ limit: number, periodSeconds: number, maxKeys?: number }} options
   */
  function createMemoryRateLimiter(options) {
    if (options === null || typeof options !== "object") throw new TypeError("createMemoryRateLimiter needs { limit, periodSeconds }");
    const { limit, periodSeconds, maxKeys = 10_000, ...others } = options;
    const unknown = Object.keys(others);
    if (unknown.length > 0) throw new TypeError(`createMemoryRateLimiter: unknown option "${unknown[0]}"`);
    if (!(Number.isSafeInteger(limit) && limit > 0 && limit <= 2 ** 32 - 1)) throw new TypeError("createMemoryRateLimiter: limit must be a positive integer");
    if (!(typeof periodSeconds === "number" && periodSeconds > 0 && periodSeconds <= 86_400 * 365)) throw new TypeError("createMemoryRateLimiter: periodSeconds must be a positive number");
    if (!(Number.isSafeInteger(maxKeys) && maxKeys > 0 && maxKeys <= 2 ** 32 - 1)) throw new TypeError("createMemoryRateLimiter: maxKeys must be a positive integer");
    const state = new MemoryRateLimiter(limit, periodSeconds * 1000, maxKeys);
    return {
      /** `{ success }` as the binding answers, plus `retryAfter` (seconds) when refused. */
      async limit({ key } = {}) {
        if (typeof key !== "string") throw new TypeError("limit({ key }) needs a string key");
        const wait = state.hit(key, Date.now());
        return wait === 0 ? { success: true } : { success: false, retryAfter: wait };
      },
    };
  };
