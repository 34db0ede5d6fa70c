// Inside workerd (wrangler bundle + Miniflare): the edge handler's hostile-
// request suite, and the client calling the sandbox served over real HTTP on
// 127.0.0.1 from inside the Workers runtime.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serveSandbox } from "../../pkg/src/sandbox-server.js";
import { ORIGIN, runCases } from "../edge/cases.mjs";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const out = mkdtempSync(join(tmpdir(), "heymilo-workerd-"));
let mf;
let served;

before(async () => {
  execFileSync(process.execPath, [join(root, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", out], {
    cwd: join(root, "tests/workerd"),
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_LOG: "error" },
  });
  const { Miniflare } = await import(join(root, "node_modules/miniflare/dist/src/index.js"));
  mf = new Miniflare({
    modules: true,
    scriptPath: join(out, "worker.js"),
    modulesRoot: out,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-01-01",
  });
  await mf.ready;
  served = await serveSandbox({ apiKey: "sk_client_key", postings: ["p1"] });
});

after(async () => {
  await mf?.dispose();
  await served?.close();
  rmSync(out, { recursive: true, force: true });
});

const upstream = async () => (await (await mf.dispatchFetch("http://edge.test/__upstream")).json());

test("hostile-request suite inside workerd", async () => {
  const problems = await runCases({
    send: (request) => mf.dispatchFetch(request.url, { method: request.method, headers: request.headers, body: request.body, duplex: "half" }),
    upstreamCalls: async () => (await upstream()).calls,
    lastForwarded: async () => (await upstream()).last,
  });
  assert.deepEqual(problems, []);
});

test("rateLimiter with createMemoryRateLimiter inside workerd, from both entries: per CF-Connecting-IP, 429 before upstream", async () => {
  for (const entry of ["full", "edge"]) {
    const send = (ip) =>
      mf.dispatchFetch(`http://edge.test/limited/${entry}/api/v2/postings/p1/candidates`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN, "cf-connecting-ip": ip },
        body: JSON.stringify({ name: "Ada", email: "ada@example.com" }),
      });
    const before = (await upstream()).calls;
    const statuses = [];
    for (const ip of ["192.0.2.1", "192.0.2.1", "192.0.2.1", "192.0.2.2"]) {
      const response = await send(ip);
      statuses.push(response.status);
      if (response.status === 429) {
        assert.ok(Number(response.headers.get("retry-after")) >= 1);
        assert.equal((await response.json()).error.code, "rate_limited");
      } else await response.arrayBuffer();
    }
    assert.deepEqual(statuses, [201, 201, 429, 201], entry);
    assert.equal((await upstream()).calls - before, 3, entry);
  }
});

test("Turnstile inside workerd: the sandbox's passing test key lets the candidate through, the failing one does not", async () => {
  const post = (which, token) =>
    mf.dispatchFetch(`http://edge.test/turnstile/${which}/heymilo/api/v2/postings/p1/candidates`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://careers.example.com", "cf-connecting-ip": "203.0.113.9", ...(token ? { "cf-turnstile-response": token } : {}) },
      body: JSON.stringify({ name: "Ada", email: "ada@example.com" }),
    });
  const DUMMY = "XXXX.DUMMY.TOKEN.XXXX";
  const start = await upstream();

  const passed = await post("pass", DUMMY);
  assert.equal(passed.status, 201, await passed.text());
  const afterPass = await upstream();
  assert.equal(afterPass.calls - start.calls, 1);
  assert.equal(afterPass.siteverified - start.siteverified, 1);
  assert.equal(afterPass.lastSiteverify.remoteip, "203.0.113.9");
  assert.match(afterPass.lastSiteverify.idempotency_key, /^[0-9a-f-]{36}$/);

  const failed = await post("fail", DUMMY);
  assert.equal(failed.status, 403);
  assert.equal((await failed.json()).error.code, "turnstile_failed");
  const missing = await post("pass", undefined);
  assert.equal(missing.status, 403);
  assert.equal((await missing.json()).error.code, "turnstile_token_missing");
  const end = await upstream();
  assert.equal(end.calls, afterPass.calls, "refused requests never reach HeyMilo");
  assert.equal(end.siteverified - afterPass.siteverified, 1, "a missing token is not sent to siteverify");
});

async function scenario(name) {
  const response = await mf.dispatchFetch(`http://edge.test/__client?scenario=${name}&base=${encodeURIComponent(served.url)}`);
  return response.json();
}

test("the client inside workerd against the sandbox over HTTP on 127.0.0.1", async () => {
  const store = () => served.sandbox.candidates().length;
  served.sandbox.reset();

  const ok = await scenario("success");
  assert.equal(ok.ok, true, JSON.stringify(ok));
  assert.match(ok.data.interview_id, /^[0-9A-F]{16}$/);
  assert.equal(store(), 1);
  assert.equal(served.sandbox.candidates()[0].phone_number, "+12065551234");

  assert.equal((await scenario("bulk")).data.length, 2);
  assert.equal((await scenario("async")).data.status, "queued");
  assert.equal(store(), 4);

  const invalid = await scenario("invalid");
  assert.equal(invalid.name, "CandidateValidationError");
  assert.deepEqual(invalid.issues.map((i) => i.code), ["blank", "invalid_email"]);

  const unauthorized = await scenario("unauthorized");
  assert.deepEqual([unauthorized.name, unauthorized.status], ["AuthenticationError", 401]);

  served.sandbox.setFaults([{ times: 1, status: 429, retryAfter: 1 }]);
  const limited = await scenario("default");
  assert.equal(limited.ok, true, "retried after Retry-After");
  assert.ok(limited.ms >= 1000, `${limited.ms} ms`);

  served.sandbox.setFaults([{ times: 1, status: 503 }]);
  const before503 = served.sandbox.requestsSeen();
  const failed = await scenario("default");
  assert.deepEqual([failed.name, failed.status], ["InternalServerError", 503]);
  assert.equal(served.sandbox.requestsSeen() - before503, 1, "a sync 503 is not retried");

  // An async 503 is not retried either: each queued job becomes a candidate.
  served.sandbox.setFaults([{ times: 1, status: 503 }]);
  const beforeAsync = served.sandbox.requestsSeen();
  const asyncFailed = await scenario("async");
  assert.deepEqual([asyncFailed.name, asyncFailed.status], ["InternalServerError", 503]);
  assert.equal(served.sandbox.requestsSeen() - beforeAsync, 1, "an async 503 is not retried");

  served.sandbox.setFaults([{ delayMs: 3000 }]);
  const slow = await scenario("timeout");
  assert.equal(slow.name, "TimeoutError");
  assert.ok(slow.ms < 2000, `${slow.ms} ms`);
  served.sandbox.setFaults([]);
});
