// The demo's edge: the careers page posts candidates to /heymilo/…, and this
// Worker re-validates them, adds the API key and forwards them upstream, so
// the key never reaches the browser.
import { createSandbox, handleIngestRequest } from "heymilo-ingest";

const BASE_PATH = "/heymilo";
const SANDBOX_POSTING_ID = "demo-careers-posting";
// Only ever seen by this Worker and its in-process sandbox.
const SANDBOX_KEY = "sk_sandbox_demo";
// Cloudflare's documented test secret key that always passes (for the dummy
// token its test sitekeys issue, which the page sends: no widget offline).
const SANDBOX_TURNSTILE_SECRET = "1x0000000000000000000000000000000AA";
const TURNSTILE_ACTION = "apply";

// Created on first use, not at module scope: workerd allows no random numbers
// or timers during startup. One store per isolate is enough for a local demo
// (a deployed Worker runs many isolates, which is why deployments use HeyMilo).
let sandbox;

/** Which upstream to use, from the Worker's env (`url`: this request's). */
function upstreamOf(env, url) {
  const { HEYMILO_API_KEY: apiKey, HEYMILO_POSTING_ID: postingId } = env;
  if (apiKey || postingId) {
    // Half a configuration would silently fall back to the sandbox; refuse instead.
    if (!apiKey || !postingId) return { error: "set both HEYMILO_API_KEY and HEYMILO_POSTING_ID, or neither for the sandbox" };
    return { kind: "heymilo", postingId, handler: { apiKey, postings: [postingId] } };
  }
  // Its siteverify stand-in vouches for tokens from the host the demo is
  // first opened on (a real one names the page the widget ran on).
  sandbox ??= createSandbox({ apiKey: SANDBOX_KEY, postings: [SANDBOX_POSTING_ID], turnstile: { hostname: url.hostname, action: TURNSTILE_ACTION } });
  return {
    kind: "sandbox",
    postingId: SANDBOX_POSTING_ID,
    turnstile: "sandbox",
    // "https://sandbox.invalid" never resolves: every request, siteverify's
    // included, goes to sandbox.fetch.
    handler: {
      apiKey: SANDBOX_KEY,
      postings: [SANDBOX_POSTING_ID],
      baseUrl: "https://sandbox.invalid",
      fetch: sandbox.fetch,
      turnstile: { secretKey: SANDBOX_TURNSTILE_SECRET, siteverifyUrl: "https://sandbox.invalid/turnstile/v0/siteverify", action: TURNSTILE_ACTION },
    },
  };
}

const json = (value, status = 200) =>
  Response.json(value, { status, headers: { "cache-control": "no-store" } });

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const upstream = upstreamOf(env, url);
    if (upstream.error) {
      console.error(`heymilo-ingest demo: ${upstream.error}`);
      return json({ error: { type: "api_error", code: "demo_misconfigured", message: "demo misconfigured" } }, 500);
    }

    if (url.pathname === BASE_PATH || url.pathname.startsWith(`${BASE_PATH}/`)) {
      // Browsers send Origin on every POST, same-origin ones included, and the
      // handler refuses origins it was not told about: allow our own.
      const extra = (env.ALLOWED_ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean);
      return handleIngestRequest(request, { ...upstream.handler, basePath: BASE_PATH, allowedOrigins: [url.origin, ...extra] });
    }

    const readOnly = request.method === "GET" || request.method === "HEAD";
    if (url.pathname === "/demo-config.json" && readOnly) {
      return json({ postingId: upstream.postingId, upstream: upstream.kind, turnstile: upstream.turnstile ?? "off" });
    }
    // The inspector shows the visitor what the sandbox received; there is
    // nothing to show (and nothing to leak) when the upstream is HeyMilo.
    if (url.pathname === "/sandbox/candidates" && readOnly && upstream.kind === "sandbox") {
      return json(sandbox.candidates());
    }
    return env.ASSETS.fetch(request);
  },
};
