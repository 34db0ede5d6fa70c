// createSandbox(): HeyMilo's Candidates API, in memory, behind a fetch-style
// function, with a stand-in for Cloudflare Turnstile's siteverify at
// /turnstile/v0/siteverify. The core answers; this file turns
// Request/Response objects into core calls and performs delays and dropped
// connections.

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });

function checkOptions(options) {
  if (options === null || typeof options !== "object") throw new TypeError("createSandbox: options must be an object");
  const { apiKey, postings, rateLimitPerMinute, cors, seed, faults, turnstile } = options;
  if (apiKey !== undefined && (typeof apiKey !== "string" || apiKey === "")) throw new TypeError("createSandbox: apiKey must be a non-empty string");
  if (postings !== undefined && !(Array.isArray(postings) && postings.every((p) => typeof p === "string"))) {
    throw new TypeError("createSandbox: postings must be an array of strings");
  }
  if (rateLimitPerMinute !== undefined && !(Number.isInteger(rateLimitPerMinute) && rateLimitPerMinute >= 0)) {
    throw new TypeError("createSandbox: rateLimitPerMinute must be a non-negative integer");
  }
  if (cors !== undefined && typeof cors !== "boolean") throw new TypeError("createSandbox: cors must be a boolean");
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) throw new TypeError("createSandbox: seed must be a non-negative integer");
  if (faults !== undefined && !Array.isArray(faults)) throw new TypeError("createSandbox: faults must be an array of fault rules");
  if (turnstile !== undefined) {
    const valid =
      turnstile !== null && typeof turnstile === "object" &&
      Object.entries(turnstile).every(([key, value]) => ["hostname", "action"].includes(key) && (value === undefined || typeof value === "string"));
    if (!valid) throw new TypeError("createSandbox: turnstile must be an object { hostname?: string, action?: string }");
  }
  return { apiKey, postings, rateLimitPerMinute, cors, seed, faults, turnstile };
}

/** createSandbox over a core build that has the sandbox (`SandboxCore`). */
export const createSandboxFactory = ({ SandboxCore }) =>
  /**
   * A local stand-in for the HeyMilo Candidates API.
   * @param {{ apiKey?: string, postings?: string[], rateLimitPerMinute?: number, cors?: boolean, seed?: number, faults?: object[], turnstile?: { hostname?: string, action?: string } }} [options]
   */
  function createSandbox(options = {}) {
    const core = new SandboxCore(JSON.stringify(checkOptions(options)));

    /** Answers one request; `{ status, headers, body, delayMs, drop }` without performing the delay or drop. */
    async function answer(request) {
      const url = new URL(request.url);
      const body = new Uint8Array(await request.arrayBuffer());
      const meta = JSON.parse(core.handle(request.method, url.pathname, url.search.slice(1), JSON.stringify([...request.headers]), body, Date.now()));
      return { ...meta, body: core.takeBody() };
    }

    return {
      /** Handles a request like a server would, including delays; a dropped connection rejects like a network failure. */
      async fetch(input, init) {
        const request = input instanceof Request && init === undefined ? input : new Request(input, init);
        const result = await answer(request);
        if (result.delayMs > 0) await sleep(result.delayMs, request.signal);
        if (result.drop) throw new TypeError("fetch failed: the sandbox dropped the connection");
        const nullBody = result.status === 204 || result.status === 304;
        return new Response(nullBody ? null : result.body, { status: result.status, headers: result.headers });
      },
      answer,
      /** Every candidate stored, in order (CandidateResponse objects plus `operation`, `ingestion_id`). */
      candidates: () => JSON.parse(core.candidatesJson()),
      /** How many requests reached the Candidates API stand-in, refused ones included (siteverify's are not counted). */
      requestsSeen: () => core.requestsSeen(),
      /** Replaces the planned faults. */
      setFaults: (faults) => core.setFaults(JSON.stringify(faults ?? [])),
      /** Empties the store and the rate-limit window. */
      reset: () => core.reset(),
    };
  };
