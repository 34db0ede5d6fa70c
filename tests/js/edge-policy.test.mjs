// handleIngestRequest as a public form endpoint (issue 12): every option
// counts in the handler cache, safe defaults (no bulk/async, Origin
// required, minimal receipts, no-store), the per-client rate limiter, the
// key's budget, the honeypot and beforeForward. Upstream is the sandbox,
// behind a fetch that counts calls or served on 127.0.0.1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createMemoryRateLimiter, createSandbox, handleIngestRequest } from "../../pkg/src/entry-node.js";
import * as edgeEntry from "../../pkg/src/entry-edge-node.js";
import { serveSandbox } from "../../pkg/src/sandbox-server.js";
import { KEY, ORIGIN, RECEIPT_FIELDS, keyForms } from "../edge/cases.mjs";

const ada = { name: "Ada Lovelace", email: "ada@example.com" };
const route = (suffix = "") => `http://edge.test/heymilo/api/v2/postings/p1/candidates${suffix}`;

/** A POST from the careers page; `headers` adds or replaces, `origin: null` leaves Origin out. */
function post(suffix, body, headers = {}) {
  const all = { "content-type": "application/json", origin: ORIGIN, ...headers };
  if (headers.origin === null) delete all.origin;
  return new Request(route(suffix), { method: "POST", headers: all, body: typeof body === "string" ? body : JSON.stringify(body) });
}

let configs = 0;
/**
 * A config over an in-process sandbox with a counting fetch. Each gets its
 * own workspaceId, so no two tests share a cached core (and its key budget).
 */
function setup(extra = {}) {
  const sandbox = createSandbox({ apiKey: KEY });
  const calls = [];
  const upstream = async (url, init) => {
    calls.push({ url, body: init.body });
    return sandbox.fetch(url, init);
  };
  const config = { apiKey: KEY, postings: ["p1"], allowedOrigins: [ORIGIN], baseUrl: "https://upstream.test", fetch: upstream, workspaceId: `ws_${++configs}`, ...extra };
  return { sandbox, calls, config, send: (request, overrides = {}) => handleIngestRequest(request, { ...config, ...overrides }) };
}

/** Runs `body` with console.error captured; returns what it logged. */
async function capturingLogs(body) {
  const logged = [];
  const original = console.error;
  console.error = (...args) => logged.push(args.join(" "));
  try {
    await body();
  } finally {
    console.error = original;
  }
  return logged;
}

const noKeyIn = (text) => {
  for (const form of keyForms) assert.ok(!text.includes(form), `the key is in: ${text.slice(0, 200)}`);
};

// ---- 5. the handler cache keys on every option ----

test("two configs differing only in one option behave differently, for each kind of option", async () => {
  // Core options (JSON): maxBodyBytes, receipt, bulk.
  {
    const { send } = setup();
    const big = { ...ada, data: { pad: "x".repeat(2000) } };
    assert.equal((await send(post("", big), { maxBodyBytes: 1000 })).status, 413);
    assert.equal((await send(post("", big), { maxBodyBytes: 10_000 })).status, 201);
    const minimal = await (await send(post("", ada))).json();
    const full = await (await send(post("", ada), { receipt: "full" })).json();
    assert.equal(minimal.data.candidate, undefined);
    assert.equal(full.data.candidate.email, "ada@example.com");
    assert.equal((await send(post("/bulk", { data: [ada] }))).status, 404);
    assert.equal((await send(post("/bulk", { data: [ada] }), { bulk: true })).status, 201);
  }
  // timeoutMs: the same hanging-then-answering upstream, two time limits.
  {
    const sandbox = createSandbox({ apiKey: KEY });
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    const gated = async (url, init) => {
      await gate;
      return sandbox.fetch(url, init);
    };
    const { send } = setup({ fetch: gated });
    assert.equal((await send(post("", ada), { timeoutMs: 20 })).status, 504);
    const patient = send(post("", ada), { timeoutMs: 60_000 });
    setTimeout(release, 200); // well past the first config's 20 ms
    assert.equal((await patient).status, 201, "timeoutMs of the first config was reused");
  }
  // fetch: each call uses its own.
  {
    const { send } = setup();
    const seen = [];
    const other = createSandbox({ apiKey: KEY });
    const second = async (url, init) => (seen.push(url), other.fetch(url, init));
    assert.equal((await send(post("", ada))).status, 201);
    assert.equal((await send(post("", ada), { fetch: second })).status, 201);
    assert.equal(seen.length, 1);
  }
  // rateLimiter (an object): one refuses, one allows.
  {
    const { send, calls } = setup();
    const refusing = { limit: async () => ({ success: false }) };
    const allowing = { limit: async () => ({ success: true }) };
    assert.equal((await send(post("", ada, { "cf-connecting-ip": "198.51.100.7" }), { rateLimiter: refusing })).status, 429);
    assert.equal((await send(post("", ada, { "cf-connecting-ip": "198.51.100.7" }), { rateLimiter: allowing })).status, 201);
    assert.equal(calls.length, 1);
  }
  // clientKey (a function): the same limiter, different keys.
  {
    const { send } = setup();
    const limiter = createMemoryRateLimiter({ limit: 1, periodSeconds: 60 });
    const asA = { rateLimiter: limiter, clientKey: () => "a" };
    const asB = { rateLimiter: limiter, clientKey: () => "b" };
    assert.equal((await send(post("", ada), asA)).status, 201);
    assert.equal((await send(post("", ada), asA)).status, 429);
    assert.equal((await send(post("", ada), asB)).status, 201);
  }
  // beforeForward (a function): one vetoes, one does not.
  {
    const { send } = setup();
    const veto = () => new Response("no", { status: 451 });
    assert.equal((await send(post("", ada), { beforeForward: veto })).status, 451);
    assert.equal((await send(post("", ada), { beforeForward: () => {} })).status, 201);
  }
});

// ---- 7. bulk and async off by default; maxBulkRows ----

test("a core evicted from the cache while a request is still using it finishes that request", async () => {
  // The first config's request waits in beforeForward while 16 other
  // configs push its core out of the cache (which holds 16).
  let release;
  const held = new Promise((resolve) => (release = resolve));
  const first = setup({ beforeForward: () => held });
  const pending = first.send(post("", ada));
  await new Promise((resolve) => setTimeout(resolve, 10));
  for (let i = 0; i < 16; i++) {
    const other = setup();
    assert.equal((await other.send(post("", ada))).status, 201);
  }
  release();
  const answer = await pending;
  assert.equal(answer.status, 201, await answer.clone().text());
  assert.equal(first.calls.length, 1);
  // The evicted config still works: a new core is built for it.
  assert.equal((await first.send(post("", ada), { beforeForward: undefined })).status, 201);
});

test("bulk and async routes are 404 by default; maxBulkRows refuses before a local upstream is called", async () => {
  const served = await serveSandbox({ apiKey: KEY, postings: ["p1"] });
  try {
    const config = { apiKey: KEY, postings: ["p1"], allowedOrigins: [ORIGIN], baseUrl: served.url, workspaceId: "ws_bulk" };
    for (const suffix of ["/bulk", "/async", "/bulk/async"]) {
      const body = suffix.startsWith("/bulk") ? { data: [ada] } : ada;
      const response = await handleIngestRequest(post(suffix, body), config);
      assert.equal(response.status, 404, suffix);
      assert.equal((await response.json()).error.code, "not_found");
    }
    assert.equal(served.sandbox.requestsSeen(), 0);
    const on = { ...config, bulk: true, async: true, maxBulkRows: 3 };
    for (const suffix of ["/bulk", "/bulk/async"]) {
      const refused = await handleIngestRequest(post(suffix, { data: Array(4).fill(ada) }), on);
      assert.equal(refused.status, 413, suffix);
      const { error } = await refused.json();
      assert.deepEqual([error.type, error.code], ["invalid_request_error", "too_many_candidates"]);
    }
    assert.equal(served.sandbox.requestsSeen(), 0, "upstream was contacted for a refused bulk body");
    assert.equal((await handleIngestRequest(post("/bulk", { data: Array(3).fill(ada) }), on)).status, 201);
    assert.equal((await handleIngestRequest(post("/async", ada), on)).status, 202);
    assert.equal(served.sandbox.requestsSeen(), 2);
    // The default is 100 rows.
    const defaults = { ...config, bulk: true, maxBodyBytes: 1 << 20 };
    assert.equal((await handleIngestRequest(post("/bulk", { data: Array(101).fill(ada) }), defaults)).status, 413);
    assert.equal(served.sandbox.requestsSeen(), 2);
  } finally {
    await served.close();
  }
});

// ---- 8. requireOrigin ----

test("with allowedOrigins, no Origin is 403 in HeyMilo's envelope; requireOrigin: false opts out", async () => {
  const { send, calls } = setup();
  const refused = await send(post("", ada, { origin: null }));
  assert.equal(refused.status, 403);
  assert.deepEqual((await refused.json()).error, {
    type: "invalid_request_error",
    code: "origin_required",
    message: "This endpoint only answers browsers on its allowed origins.",
  });
  assert.equal(calls.length, 0);
  assert.equal((await send(post("", ada, { origin: null }), { requireOrigin: false })).status, 201);
  assert.equal((await send(post("", ada, { origin: null }), { allowedOrigins: undefined })).status, 201, "no origin list, nothing to require");
  assert.equal(calls.length, 2);
});

// ---- 9. least data; no-store and nosniff everywhere ----

test("a success relays the minimal receipt by default, the whole answer with receipt: 'full'", async () => {
  const { send } = setup({ bulk: true, async: true });
  const fields = async (response) => {
    const body = await response.json();
    assert.deepEqual(Object.keys(body), ["data"]);
    return (Array.isArray(body.data) ? body.data : [body.data]).map(Object.keys);
  };
  assert.deepEqual(await fields(await send(post("", ada))), [RECEIPT_FIELDS.single]);
  assert.deepEqual(await fields(await send(post("/bulk", { data: [ada, ada] }))), [RECEIPT_FIELDS.bulk, RECEIPT_FIELDS.bulk]);
  assert.deepEqual(await fields(await send(post("/async", ada))), [RECEIPT_FIELDS.async]);
  assert.deepEqual(await fields(await send(post("/bulk/async", { data: [ada] }))), [RECEIPT_FIELDS.async]);
  const full = await (await send(post("", { ...ada, metadata: { salary: "100k" } }), { receipt: "full" })).json();
  assert.equal(full.data.candidate.metadata.salary, "100k");
  assert.ok("status" in full.data.candidate);
});

test("every edge answer carries Cache-Control: no-store and X-Content-Type-Options: nosniff", async () => {
  const { send } = setup({ rateLimiter: { limit: async () => ({ success: false }) } });
  const preflight = new Request(route(), { method: "OPTIONS", headers: { origin: ORIGIN, "access-control-request-method": "POST" } });
  const answers = [
    await send(post("", ada, { "cf-connecting-ip": "198.51.100.1" })), // 429 from the limiter
    await send(post("", ada), { rateLimiter: undefined }), // 201
    await send(post("", "{"), { rateLimiter: undefined }), // 400
    await send(post("", { name: "" }), { rateLimiter: undefined }), // 422
    await send(new Request("http://edge.test/elsewhere", { method: "POST" })), // 404
    await send(new Request(route(), { method: "GET", headers: { origin: ORIGIN } })), // 405
    await send(preflight), // 204
    await send(post("", ada, { origin: null })), // 403
    await send(post("", ada), { beforeForward: () => new Response("vetoed", { headers: { "cache-control": "public, max-age=3600" } }), rateLimiter: undefined }),
  ];
  await capturingLogs(async () => {
    answers.push(await handleIngestRequest(post("", ada), { apiKey: "", postings: [] })); // 500 misconfigured (core)
    answers.push(await handleIngestRequest(post("", ada), null)); // 500 misconfigured (options)
  });
  const statuses = [];
  for (const response of answers) {
    statuses.push(response.status);
    assert.equal(response.headers.get("cache-control"), "no-store", `${response.status}`);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff", `${response.status}`);
  }
  assert.deepEqual(statuses, [429, 201, 400, 422, 404, 405, 204, 403, 200, 500, 500]);
});

// ---- 10. rateLimiter and the key's budget ----

test("rateLimiter: refused is 429 with Retry-After and no upstream call; the key is CF-Connecting-IP or clientKey", async () => {
  const limiter = createMemoryRateLimiter({ limit: 2, periodSeconds: 60 });
  const { send, calls } = setup({ rateLimiter: limiter });
  const from = (ip) => post("", ada, { "cf-connecting-ip": ip });
  assert.equal((await send(from("203.0.113.1"))).status, 201);
  assert.equal((await send(from("203.0.113.1"))).status, 201);
  const refused = await send(from("203.0.113.1"));
  assert.equal(refused.status, 429);
  const retryAfter = Number(refused.headers.get("retry-after"));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  assert.deepEqual((await refused.json()).error, { type: "rate_limit_error", code: "rate_limited", message: "Too many requests from this client; try again later." });
  assert.equal(refused.headers.get("access-control-allow-origin"), ORIGIN);
  assert.equal(calls.length, 2);
  assert.equal((await send(from("203.0.113.2"))).status, 201, "another client has its own count");
  // clientKey replaces the header (which a client could set itself off Cloudflare).
  const keyed = { clientKey: (request) => request.headers.get("x-real-ip") };
  assert.equal((await send(post("", ada, { "x-real-ip": "10.0.0.1", "cf-connecting-ip": "203.0.113.1" }), keyed)).status, 201);
  // A binding that only says { success: false }: Retry-After 60.
  const binding = { limit: async ({ key }) => ({ success: key !== "203.0.113.9" }) };
  const byBinding = await send(from("203.0.113.9"), { rateLimiter: binding });
  assert.deepEqual([byBinding.status, byBinding.headers.get("retry-after")], [429, "60"]);
  assert.equal(calls.length, 4);
});

test("a rate limiter that throws, rejects, hangs or answers nonsense, or no client key: 503, fail closed, no key in logs", async () => {
  const { send, calls } = setup({ timeoutMs: 50 });
  const ip = { "cf-connecting-ip": "203.0.113.5" };
  const broken = [
    { limit: () => { throw new Error(`binding down ${KEY}`); } },
    { limit: () => Promise.reject(new Error("rejected")) },
    { limit: () => new Promise(() => {}) },
    { limit: async () => ({}) },
    { limit: async () => null },
    { limit: async () => ({ success: "yes" }) },
  ];
  const logged = await capturingLogs(async () => {
    for (const rateLimiter of broken) {
      const response = await send(post("", ada, ip), { rateLimiter });
      assert.equal(response.status, 503);
      assert.ok(response.headers.get("retry-after"));
      assert.equal((await response.json()).error.code, "rate_limiter_unavailable");
    }
    const allowing = { limit: async () => ({ success: true }) };
    assert.equal((await send(post("", ada), { rateLimiter: allowing })).status, 503, "no CF-Connecting-IP, no clientKey");
    assert.equal((await send(post("", ada), { rateLimiter: allowing, clientKey: () => { throw new Error("x"); } })).status, 503);
    assert.equal((await send(post("", ada), { rateLimiter: allowing, clientKey: () => "" })).status, 503);
  });
  assert.equal(calls.length, 0, "upstream was contacted past a broken limiter");
  assert.ok(logged.some((line) => line.includes("binding down")), logged.join("\n"));
  assert.ok(logged.some((line) => line.includes("pass clientKey")), logged.join("\n"));
  noKeyIn(logged.join("\n"));
});

test("createMemoryRateLimiter has the binding's shape, checks its options, and is in every server entry", async () => {
  const limiter = createMemoryRateLimiter({ limit: 1, periodSeconds: 10 });
  assert.deepEqual(await limiter.limit({ key: "k" }), { success: true });
  const refused = await limiter.limit({ key: "k" });
  assert.equal(refused.success, false);
  assert.ok(refused.retryAfter >= 1 && refused.retryAfter <= 10);
  await assert.rejects(limiter.limit({}), TypeError);
  for (const bad of [undefined, {}, { limit: 0, periodSeconds: 1 }, { limit: 1.5, periodSeconds: 1 }, { limit: 1, periodSeconds: 0 }, { limit: 1, periodSeconds: 1, maxKeys: 0 }, { limit: 1, periodSeconds: 1, bogus: 1 }]) {
    assert.throws(() => createMemoryRateLimiter(bad), TypeError, JSON.stringify(bad));
  }
  assert.equal(typeof edgeEntry.createMemoryRateLimiter, "function");
  assert.deepEqual(await edgeEntry.createMemoryRateLimiter({ limit: 1, periodSeconds: 1 }).limit({ key: "x" }), { success: true });
});

test("keyBudget: calls past the bucket are 429 before upstream; keyBudget: false turns it off", async () => {
  const { send, calls } = setup({ keyBudget: { perMinute: 1, burst: 2 } });
  assert.equal((await send(post("", ada))).status, 201);
  assert.equal((await send(post("", ada))).status, 201);
  const refused = await send(post("", ada));
  assert.equal(refused.status, 429);
  assert.ok(Number(refused.headers.get("retry-after")) >= 1);
  assert.equal((await refused.json()).error.type, "rate_limit_error");
  assert.equal(calls.length, 2);
  const open = setup({ keyBudget: false });
  for (let i = 0; i < 5; i++) assert.equal((await open.send(post("", ada))).status, 201);
  assert.equal(open.calls.length, 5);
});

test("the default key budget keeps a flood well under HeyMilo's 300 a minute", async () => {
  const { send, calls } = setup();
  const statuses = [];
  for (let i = 0; i < 300; i++) statuses.push((await send(post("", ada))).status);
  // A bucket of 50 refilled at 200/min can never pass 250 in a minute.
  assert.ok(calls.length <= 250, `${calls.length} upstream calls`);
  assert.ok(statuses.includes(429));
});

test("after HeyMilo's 429 the edge refuses locally until its Retry-After", async () => {
  const { send, sandbox, calls } = setup();
  sandbox.setFaults([{ times: 1, status: 429, retryAfter: 30 }]);
  const first = await send(post("", ada));
  assert.deepEqual([first.status, first.headers.get("retry-after")], [429, "30"]);
  const held = await send(post("", ada));
  assert.equal(held.status, 429);
  const wait = Number(held.headers.get("retry-after"));
  assert.ok(wait >= 1 && wait <= 30, `Retry-After ${wait}`);
  assert.equal(calls.length, 1, "upstream was called during the hold");
  // keyBudget: false does not hold.
  const open = setup({ keyBudget: false });
  open.sandbox.setFaults([{ times: 1, status: 429, retryAfter: 30 }]);
  assert.equal((await open.send(post("", ada))).status, 429);
  assert.equal((await open.send(post("", ada))).status, 201);
});

// ---- 12. honeypot ----

test("a filled honeypot is answered like a success, with a receipt shaped like the real one, and not forwarded", async () => {
  const { send, calls, sandbox } = setup({ honeypotField: "website" });
  const fake = await send(post("", { ...ada, website: "https://spam.example" }));
  assert.equal(fake.status, 201);
  const fakeBody = await fake.json();
  assert.equal(calls.length, 0);
  const real = await send(post("", { ...ada, website: "" }));
  assert.equal(real.status, 201);
  const realBody = await real.json();
  assert.equal(calls.length, 1);
  assert.deepEqual(Object.keys(fakeBody.data), Object.keys(realBody.data));
  assert.match(fakeBody.data.interview_id, /^[0-9A-F]{16}$/);
  assert.equal(fakeBody.data.posting_id, "p1");
  assert.ok(!calls[0].body.includes("website"), "the honeypot field was forwarded");
  assert.equal(sandbox.candidates().length, 1);
  assert.deepEqual([...fake.headers.keys()].sort(), [...real.headers.keys()].sort());
});

// ---- 13. beforeForward ----

test("beforeForward sees the normalized candidate and client key; its Response is sent with the edge's headers", async () => {
  const seen = [];
  const { send, calls } = setup({
    bulk: true,
    clientKey: () => "client-1",
    beforeForward: async ({ request, candidate, candidates, clientKey }) => {
      seen.push({ url: request.url, candidate, candidates, clientKey });
      if ((candidate ?? candidates[0]).email.endsWith("@blocked.example")) {
        return new Response(JSON.stringify({ error: { type: "invalid_request_error", code: "blocked", message: "no" } }), {
          status: 403,
          headers: { "content-type": "application/json", "access-control-allow-origin": "*" },
        });
      }
    },
  });
  assert.equal((await send(post("", { name: " Ada ", email: "ada@EXAMPLE.com" }))).status, 201);
  assert.deepEqual(seen[0].candidate, { name: "Ada", email: "ada@example.com" });
  assert.equal(seen[0].clientKey, "client-1");
  assert.equal((await send(post("/bulk", { data: [ada] }))).status, 201);
  assert.deepEqual(seen[1].candidates, [{ name: "Ada Lovelace", email: "ada@example.com" }]);
  const vetoed = await send(post("", { name: "Eve", email: "eve@blocked.example" }));
  assert.equal(vetoed.status, 403);
  assert.equal((await vetoed.json()).error.code, "blocked");
  assert.equal(vetoed.headers.get("access-control-allow-origin"), ORIGIN);
  assert.equal(vetoed.headers.get("cache-control"), "no-store");
  assert.equal(vetoed.headers.get("x-content-type-options"), "nosniff");
  assert.equal(calls.length, 2);
});

test("beforeForward throwing, returning a non-Response or hanging: 500 in HeyMilo's envelope, never the key, nothing sent", async () => {
  const { send, calls } = setup({ timeoutMs: 50 });
  const hooks = [
    () => { throw new Error(`hook saw ${KEY}`); },
    async () => { throw new Error(encodeURIComponent(KEY)); },
    () => "not a response",
    () => new Promise(() => {}),
    () => new Response(`leak ${KEY}`, { headers: { "x-leak": KEY } }),
  ];
  const logged = await capturingLogs(async () => {
    for (const [i, beforeForward] of hooks.entries()) {
      const response = await send(post("", ada), { beforeForward });
      const text = await response.text();
      noKeyIn(text + [...response.headers].join("\n"));
      if (i < 4) {
        assert.equal(response.status, 500);
        assert.deepEqual(JSON.parse(text).error, { type: "api_error", code: "hook_failed", message: "The request could not be handled." });
      }
    }
  });
  assert.equal(calls.length, 0);
  assert.ok(logged.some((line) => line.includes("beforeForward")), logged.join("\n"));
  noKeyIn(logged.join("\n"));
});
