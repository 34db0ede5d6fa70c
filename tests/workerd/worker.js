// Runs inside workerd for tests/js/workerd.test.mjs:
// - /heymilo/…: handleIngestRequest with an in-process sandbox upstream,
//   behind a recording fetch (/__upstream reports the calls);
// - /__client: ingestCandidate and friends called from inside workerd
//   against the sandbox the test serves over HTTP on 127.0.0.1;
// - /limited/…: the same handler behind createMemoryRateLimiter (2 a minute
//   per CF-Connecting-IP), from heymilo-ingest or heymilo-ingest/edge.
// - /turnstile/{pass,fail}/heymilo/…: the same handler with `turnstile`,
//   verified by the sandbox's siteverify stand-in with Cloudflare's passing
//   or failing test secret key (siteverify calls are not counted as upstream).
import {
  createMemoryRateLimiter,
  createSandbox,
  handleIngestRequest,
  ingestCandidate,
  ingestCandidateAsync,
  ingestCandidates,
} from "heymilo-ingest";
import { SUITE_OPTIONS } from "../edge/cases.mjs";
import { createMemoryRateLimiter as edgeOnlyLimiter, handleIngestRequest as edgeOnlyHandler } from "../../pkg/src/entry-edge-workerd.js";

const KEY = "sk_live_edge_7Qx9Zp2";
// Its siteverify stand-in vouches for tokens from the allowed origin.
const sandbox = createSandbox({ apiKey: KEY, turnstile: { hostname: "careers.example.com" } });
const forwarded = [];
const SITEVERIFY = "https://siteverify.test/turnstile/v0/siteverify";
const siteverified = [];
const upstream = (url, init) => {
  if (url === SITEVERIFY) siteverified.push(JSON.parse(init.body));
  else forwarded.push(Object.fromEntries(new Headers(init.headers)));
  return sandbox.fetch(url, init);
};
const TEST_SECRETS = { pass: "1x0000000000000000000000000000000AA", fail: "2x0000000000000000000000000000000AA" };
const edgeConfig = {
  apiKey: KEY,
  postings: ["p1", "a/b"],
  allowedOrigins: ["https://careers.example.com"],
  baseUrl: "https://upstream.test",
  fetch: upstream,
  ...SUITE_OPTIONS,
};

async function outcome(promise) {
  const started = Date.now();
  try {
    const { data } = await promise;
    return { ok: true, data, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, name: error.name, status: error.status, issues: error.issues, retryAfterMs: error.retryAfterMs, message: error.message, ms: Date.now() - started };
  }
}

async function clientScenario(name, baseUrl) {
  const ada = { name: "Ada", email: "ada@example.com", phone_number: "+1 206 555 1234" };
  const common = { baseUrl, apiKey: "sk_client_key", postingId: "p1", candidate: ada };
  switch (name) {
    case "success":
      return outcome(ingestCandidate(common));
    case "bulk":
      return outcome(ingestCandidates({ baseUrl, apiKey: common.apiKey, postingId: common.postingId, candidates: [ada, ada] }));
    case "async":
      return outcome(ingestCandidateAsync(common));
    case "invalid":
      return outcome(ingestCandidate({ ...common, candidate: { name: "", email: "x" } }));
    case "unauthorized":
      return outcome(ingestCandidate({ ...common, apiKey: "sk_wrong" }));
    case "timeout":
      return outcome(ingestCandidate({ ...common, timeoutMs: 300 }));
    case "default":
      return outcome(ingestCandidate(common));
    default:
      return { ok: false, name: "UnknownScenario" };
  }
}

// Made on first use: workerd allows no timers or random numbers at startup.
let limited;
function limitedRoutes() {
  limited ??= {
    full: { handle: handleIngestRequest, config: { ...edgeConfig, basePath: "/limited/full", rateLimiter: createMemoryRateLimiter({ limit: 2, periodSeconds: 60 }) } },
    edge: { handle: edgeOnlyHandler, config: { ...edgeConfig, basePath: "/limited/edge", rateLimiter: edgeOnlyLimiter({ limit: 2, periodSeconds: 60 }) } },
  };
  return limited;
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/__upstream") {
      return Response.json({ calls: forwarded.length, last: forwarded.at(-1) ?? null, siteverified: siteverified.length, lastSiteverify: siteverified.at(-1) ?? null });
    }
    const turnstile = /^\/turnstile\/(pass|fail)\//.exec(url.pathname);
    if (turnstile) {
      const secretKey = TEST_SECRETS[turnstile[1]];
      return handleIngestRequest(request, { ...edgeConfig, basePath: `/turnstile/${turnstile[1]}/heymilo`, turnstile: { secretKey, siteverifyUrl: SITEVERIFY } });
    }
    if (url.pathname === "/__client") {
      return Response.json(await clientScenario(url.searchParams.get("scenario"), url.searchParams.get("base")));
    }
    if (url.pathname.startsWith("/limited/")) {
      const { handle, config } = limitedRoutes()[url.pathname.split("/")[2]] ?? limitedRoutes().full;
      return handle(request, config);
    }
    return handleIngestRequest(request, edgeConfig);
  },
};
