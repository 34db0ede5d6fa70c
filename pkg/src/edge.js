// handleIngestRequest(): the I/O around the core's edge handler. The core
// routes, validates, builds the upstream request and shapes every answer;
// this file reads the body under a byte limit, calls upstream with a time
// limit, and turns the core's answers into Responses.

import { readCapped } from "./capped-body.js";

const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;
const MAX_CACHED_CONFIGS = 16;

const misconfiguredBody = JSON.stringify({
  error: { type: "api_error", code: "handler_misconfigured", message: "handler misconfigured" },
});

/** Checks the JS-only options and returns the JSON the core reads (throws a message on misuse). */
function coreOptions(config) {
  if (config === null || typeof config !== "object") throw "the config must be an object";
  const { fetch: upstreamFetch, timeoutMs = DEFAULT_UPSTREAM_TIMEOUT_MS, ...rest } = config;
  if (upstreamFetch !== undefined && typeof upstreamFetch !== "function") throw "config.fetch must be a function";
  if (!(typeof timeoutMs === "number" && timeoutMs > 0 && timeoutMs <= 2 ** 31 - 1)) throw "config.timeoutMs must be a positive number";
  const isString = (v) => typeof v === "string";
  const isStringList = (v) => Array.isArray(v) && v.every(isString);
  // A wrong type is a misconfiguration, never silently the default.
  const types = {
    apiKey: [isString, "a string"],
    postings: [isStringList, "an array of strings"],
    allowedOrigins: [isStringList, "an array of strings"],
    basePath: [isString, "a string"],
    baseUrl: [isString, "a string"],
    maxBodyBytes: [(v) => Number.isSafeInteger(v) && v > 0, "a positive integer"],
    maxResponseBytes: [(v) => Number.isSafeInteger(v) && v > 0, "a positive integer"],
    bulk: [(v) => typeof v === "boolean", "a boolean"],
    async: [(v) => typeof v === "boolean", "a boolean"],
    workspaceId: [isString, "a string"],
  };
  for (const [key, value] of Object.entries(rest)) {
    if (!(key in types)) throw `unknown config option "${key}"`;
    const [valid, expected] = types[key];
    if (value !== undefined && !valid(value)) throw `config.${key} must be ${expected}`;
  }
  return { json: JSON.stringify(rest), upstreamFetch, timeoutMs };
}

/**
 * The body when it is at most `maxBytes`, else null. With a Content-Length
 * (which the core has already checked against the limit) in one
 * `arrayBuffer()`: an HTTP server's framing makes the body that long, and a
 * Request built in-process with a false one still gets the length check
 * after reading. Without one (chunked), chunk by chunk: the rest of a body
 * over the limit is never buffered.
 */
async function readLimited(request, maxBytes) {
  if (request.body === null) return new Uint8Array(0);
  if (request.headers.has("content-length")) {
    const body = new Uint8Array(await request.arrayBuffer());
    return body.byteLength > maxBytes ? null : body;
  }
  const reader = request.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
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

/** handleIngestRequest over a core build that has the edge handler (`EdgeCore`). */
export const createHandleIngestRequest = ({ EdgeCore }) => {
  // Workers usually pass a fresh config object per request (built from env),
  // so handlers are cached by the config's content, not its identity.
  const handlers = new Map();

  function handlerFor(config) {
    let options;
    try {
      options = coreOptions(config);
    } catch (problem) {
      return { error: String(problem) };
    }
    const cached = handlers.get(options.json);
    if (cached && cached.upstreamFetch === options.upstreamFetch) return cached;
    const core = new EdgeCore(options.json);
    const entry = { core, error: core.configError(), upstreamFetch: options.upstreamFetch, timeoutMs: options.timeoutMs, logged: false };
    if (handlers.size >= MAX_CACHED_CONFIGS) {
      const oldest = handlers.keys().next().value;
      handlers.get(oldest)?.core.free();
      handlers.delete(oldest);
    }
    handlers.set(options.json, entry);
    return entry;
  }

  function toResponse(core, answer) {
    const { status, headers } = answer.respond;
    const body = core.takeBody();
    const nullBody = status === 204 || status === 304;
    return new Response(nullBody ? null : body, { status, headers });
  }

  /**
   * Validates, injects the key and forwards a browser's ingest request to HeyMilo.
   * @param {Request} request
   * @param {object} config
   * @returns {Promise<Response>}
   */
  return async function handleIngestRequest(request, config) {
    const handler = handlerFor(config);
    if (handler.error) {
      if (!handler.logged) {
        // The operator's log line says what is wrong; the response never does.
        console.error(`heymilo-ingest: handleIngestRequest is misconfigured: ${handler.error}`);
        handler.logged = true;
      }
      return new Response(misconfiguredBody, { status: 500, headers: { "content-type": "application/json" } });
    }
    const { core } = handler;
    const path = new URL(request.url).pathname;
    const headers = JSON.stringify([...request.headers]);
    const method = request.method;

    const routing = JSON.parse(core.route(method, path, headers));
    if (routing.respond) return toResponse(core, routing);
    const body = await readLimited(request, routing.readBody);
    if (body === null) return toResponse(core, JSON.parse(core.failure(method, path, headers, "too_large")));

    const forwarding = JSON.parse(core.forward(method, path, headers, body));
    if (forwarding.respond) return toResponse(core, forwarding);
    const { url, headers: upstreamHeaders, body: upstreamBody, maxBytes } = forwarding.upstream;

    // The time limit covers the answer and its body. A redirect is not
    // followed (the key would go along); the core answers it with a 502.
    const init = { method: "POST", headers: upstreamHeaders, body: upstreamBody, redirect: "manual" };
    let upstream;
    let upstreamBytes;
    try {
      [upstream, upstreamBytes] =
        handler.upstreamFetch === undefined
          ? await viaRuntimeFetch(url, init, handler.timeoutMs, maxBytes)
          : await viaInjectedFetch(handler.upstreamFetch, url, init, handler.timeoutMs, maxBytes);
    } catch (failure) {
      const kind = failure === TIMED_OUT ? "timeout" : "unreachable";
      return toResponse(core, JSON.parse(core.failure(method, path, headers, kind)));
    }
    if (upstreamBytes === null) return toResponse(core, JSON.parse(core.failure(method, path, headers, "upstream_too_large")));
    // Every upstream body, a 2xx one included, goes through the core, which
    // removes the key from whatever is relayed: so it is read whole (up to
    // maxBytes), not streamed.
    const relayed = core.relay(method, path, headers, upstream.status, JSON.stringify([...upstream.headers]), upstreamBytes);
    return toResponse(core, JSON.parse(relayed));
  };
};
