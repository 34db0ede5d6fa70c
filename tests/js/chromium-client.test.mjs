// ingestCandidate in headless Chromium, from a page on one 127.0.0.1 origin
// to the sandbox served (answering CORS) on another; and the browser guard
// inside a dedicated and a shared worker.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serveSandbox } from "../../pkg/src/sandbox-server.js";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
let page;
let served;
let browser;

function serveStatic() {
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    const file = pathname === "/" ? join(root, "tests/chromium/client.html") : join(root, decodeURIComponent(pathname));
    const allowed = file.startsWith(join(root, "pkg")) || file === join(root, "tests/chromium/client.html") || file === join(root, "tests/chromium/worker.js");
    if (!allowed) return res.writeHead(403).end();
    try {
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ready) => server.listen(0, "127.0.0.1", () => ready(server)));
}

before(async () => {
  served = await serveSandbox({ apiKey: "sk_browser_test", postings: ["p1"], cors: true });
  page = await serveStatic();
  const { chromium } = await import(join(root, "node_modules/playwright-core/index.mjs"));
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  page?.close();
  await served?.close();
});

test("the browser build sends, retries and fails with typed errors in Chromium", async () => {
  served.sandbox.setFaults([{ times: 1, status: 429, retryAfter: 1 }]);
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${page.address().port}/?sandbox=${encodeURIComponent(served.url)}`);
  await tab.waitForFunction(() => window.results || window.failure, null, { timeout: 30_000 });
  const failure = await tab.evaluate(() => window.failure);
  assert.equal(failure, undefined, failure);
  const results = await tab.evaluate(() => window.results);
  assert.deepEqual([results.guard.ok, results.guard.name], [false, "ConfigurationError"]);
  assert.equal(results.success.ok, true, JSON.stringify(results.success));
  assert.match(results.success.data.interview_url, /^https:\/\//);
  assert.deepEqual([results.unauthorized.name, results.unauthorized.status], ["AuthenticationError", 401]);
  assert.equal(results.invalid.name, "CandidateValidationError");
  assert.equal(results.rateLimited.ok, true, JSON.stringify(results.rateLimited));
  assert.ok(results.rateLimited.ms >= 1000);
  // The browser build leaves the sandbox and the edge handler out; calling them says so.
  for (const [name, call] of [["createSandbox", results.sandbox], ["handleIngestRequest", results.handler]]) {
    assert.equal(call.name, "ConfigurationError", JSON.stringify(call));
    assert.match(call.message, new RegExp(`^heymilo-ingest: ${name} is server-only and not in the browser build`));
  }
  const stored = served.sandbox.candidates();
  assert.equal(stored.length, 2);
  assert.equal(stored[0].phone_number, "+442079460958");
  // One CORS preflight (then cached), 429 + its retry, success, 401; nothing for the guard or the invalid candidate.
  assert.equal(served.sandbox.requestsSeen(), 5);
});

test("in a dedicated or shared worker, an apiKey is refused as in a page", async () => {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${page.address().port}/?sandbox=${encodeURIComponent(served.url)}`);
  await tab.waitForFunction(() => window.results || window.failure, null, { timeout: 30_000 });
  for (const kind of ["Worker", "SharedWorker"]) {
    const results = await tab.evaluate(
      ([kind, sandbox]) =>
        new Promise((resolve, reject) => {
          const url = `/tests/chromium/worker.js?sandbox=${encodeURIComponent(sandbox)}&kind=${kind}`;
          const worker = new globalThis[kind](url, { type: "module" });
          const port = kind === "SharedWorker" ? worker.port : worker;
          port.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => reject(new Error(`worker error: ${event.message}`));
          port.start?.();
        }),
      [kind, served.url],
    );
    assert.equal(results.failure, undefined, results.failure);
    assert.equal(results.scope, kind === "Worker" ? "DedicatedWorkerGlobalScope" : "SharedWorkerGlobalScope");
    for (const guard of [results.guard, results.guardAsync]) {
      assert.deepEqual([guard.ok, guard.name], [false, "ConfigurationError"], JSON.stringify(guard));
      assert.match(guard.message, /refusing to use an apiKey in a browser .*dangerouslyAllowBrowser/);
      assert.ok(!guard.message.includes("sk_browser_test"));
    }
    // The worker can send: what refused the key was the guard, not the scope.
    assert.equal(results.allowed.ok, true, JSON.stringify(results.allowed));
    assert.notEqual(results.withoutKey.name, "ConfigurationError", JSON.stringify(results.withoutKey));
  }
});
