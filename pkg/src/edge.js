// handleIngestRequest(): the I/O around the core's edge handler. The core
// routes, validates, builds the upstream request and shapes every answer;
// this file reads the body under a byte limit, calls upstream with a time
// limit, and turns the core's answers into Responses.

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

/** Reads at most `maxBytes` of the body; null when it is longer (the rest is never buffered). */
async function readLimited(request, maxBytes) {
  if (request.body === null) return new Uint8Array(0);
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
    const { url, headers: upstreamHeaders, body: upstreamBody } = forwarding.upstream;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), handler.timeoutMs);
    let upstream;
    let upstreamBytes;
    try {
      const send = handler.upstreamFetch ?? ((...args) => globalThis.fetch(...args));
      // Raced with the abort so the time limit holds even for a fetch that ignores its signal.
      const aborted = new Promise((_, reject) => controller.signal.addEventListener("abort", reject, { once: true }));
      aborted.catch(() => {});
      const exchange = (async () => {
        upstream = await send(url, { method: "POST", headers: upstreamHeaders, body: upstreamBody, signal: controller.signal });
        upstreamBytes = new Uint8Array(await upstream.arrayBuffer());
      })();
      exchange.catch(() => {});
      await Promise.race([exchange, aborted]);
    } catch {
      const kind = controller.signal.aborted ? "timeout" : "unreachable";
      return toResponse(core, JSON.parse(core.failure(method, path, headers, kind)));
    } finally {
      clearTimeout(timer);
    }
    const relayed = core.relay(method, path, headers, upstream.status, JSON.stringify([...upstream.headers]), upstreamBytes);
    return toResponse(core, JSON.parse(relayed));
  };
};
