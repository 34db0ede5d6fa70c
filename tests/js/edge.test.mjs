// handleIngestRequest in Node (Request/Response globals): the hostile-request
// suite with the sandbox as upstream behind a recording fetch, configuration
// failures, streaming size limits, upstream failures, and the browser-side
// client calling through the handler.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createSandbox, handleIngestRequest, ingestCandidate, NotFoundError, UnprocessableEntityError } from "../../pkg/src/entry-node.js";
import { BASE, KEY, ORIGIN, POSTINGS, SUITE_OPTIONS, keyForms, runCases } from "../edge/cases.mjs";

function setup(extra = {}) {
  const sandbox = createSandbox({ apiKey: KEY });
  const forwarded = [];
  const upstream = async (url, init) => {
    forwarded.push({ url, headers: Object.fromEntries(new Headers(init.headers)), body: init.body });
    return sandbox.fetch(url, init);
  };
  const config = { apiKey: KEY, postings: POSTINGS, allowedOrigins: [ORIGIN], baseUrl: "https://upstream.test", fetch: upstream, ...SUITE_OPTIONS, ...extra };
  return { sandbox, forwarded, config, send: (request) => handleIngestRequest(request, config) };
}

test("hostile-request suite: statuses, upstream calls, no key anywhere", async () => {
  const { send, forwarded } = setup();
  const problems = await runCases({ send, upstreamCalls: () => forwarded.length, lastForwarded: () => forwarded.at(-1).headers });
  assert.deepEqual(problems, []);
});

test("only normalized known fields are forwarded, re-encoded under the configured base", async () => {
  const { send, forwarded, sandbox } = setup();
  const response = await send(
    new Request(`http://edge.test${BASE}/a%2Fb/candidates?sneaky=1`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ name: " Ada ", email: "ada@EXAMPLE.com", phone: "x", __proto__: { y: 1 }, data: { k: [1] } }),
    }),
  );
  assert.equal(response.status, 201);
  assert.equal(forwarded[0].url, "https://upstream.test/api/v2/postings/a%2Fb/candidates");
  assert.equal(forwarded[0].body, '{"name":"Ada","email":"ada@example.com","data":{"k":[1]}}');
  assert.equal(sandbox.candidates()[0].posting_id, "a/b");
});

test("an endless body is cut off at the limit without being buffered whole", async () => {
  const { send, forwarded } = setup({ maxBodyBytes: 1024 });
  let pulled = 0;
  const endless = new ReadableStream({
    pull(controller) {
      pulled++;
      controller.enqueue(new Uint8Array(512).fill(0x20));
    },
  });
  const request = new Request(`http://edge.test${BASE}/p1/candidates`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN }, body: endless, duplex: "half" });
  const response = await send(request);
  assert.equal(response.status, 413);
  assert.ok(pulled < 10, `read ${pulled} chunks`);
  assert.equal(forwarded.length, 0);
});

test("an unreachable upstream is 502 and a slow one 504, in HeyMilo's envelope", async () => {
  const refused = setup({ fetch: () => Promise.reject(new TypeError("fetch failed")) });
  const request = () => new Request(`http://edge.test${BASE}/p1/candidates`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN }, body: '{"name":"A","email":"a@example.com"}' });
  const bad = await refused.send(request());
  assert.equal(bad.status, 502);
  assert.equal((await bad.json()).error.code, "upstream_unreachable");
  const hanging = setup({ fetch: () => new Promise(() => {}), timeoutMs: 100 });
  const slow = await hanging.send(request());
  assert.equal(slow.status, 504);
  assert.equal((await slow.json()).error.code, "upstream_timeout");
});

test("the runtime's own fetch (no config.fetch): a silent upstream on 127.0.0.1 is 504 upstream_timeout", async () => {
  const { createServer } = await import("node:http");
  const sockets = new Set();
  const silent = createServer(() => {}); // reads the request, never answers
  silent.on("connection", (socket) => sockets.add(socket));
  await new Promise((ready) => silent.listen(0, "127.0.0.1", ready));
  try {
    const config = { apiKey: KEY, postings: POSTINGS, baseUrl: `http://127.0.0.1:${silent.address().port}`, timeoutMs: 100 };
    const response = await handleIngestRequest(
      new Request(`http://edge.test${BASE}/p1/candidates`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"A","email":"a@example.com"}' }),
      config,
    );
    assert.equal(response.status, 504);
    assert.equal((await response.json()).error.code, "upstream_timeout");
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((closed) => silent.close(closed));
  }
});

test("a Content-Length smaller than the body does not lift the limit: 413, nothing forwarded", async () => {
  const { send, forwarded } = setup({ maxBodyBytes: 1024 });
  const body = JSON.stringify({ name: "A", email: "a@example.com", data: { pad: "x".repeat(4096) } });
  const request = new Request(`http://edge.test${BASE}/p1/candidates`, { method: "POST", headers: { "content-type": "application/json", "content-length": "40", origin: ORIGIN }, body });
  assert.equal(request.headers.get("content-length"), "40", "this runtime keeps a Request's false Content-Length");
  const response = await send(request);
  assert.equal(response.status, 413);
  assert.equal(forwarded.length, 0);
});

test("interleaved requests keep their own routing: each answer has its own posting and CORS origin", async () => {
  const other = "https://jobs.example.org";
  const sandbox = createSandbox({ apiKey: KEY });
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  const forwarded = [];
  const upstream = async (url, init) => {
    forwarded.push(url);
    if (url.includes("/p1/")) await gate; // the first request waits while the second runs through
    return sandbox.fetch(url, init);
  };
  const config = { apiKey: KEY, postings: POSTINGS, allowedOrigins: [ORIGIN, other], baseUrl: "https://upstream.test", fetch: upstream };
  const post = (posting, origin) =>
    handleIngestRequest(
      new Request(`http://edge.test${BASE}/${posting}/candidates`, { method: "POST", headers: { "content-type": "application/json", origin }, body: '{"name":"A","email":"a@example.com"}' }),
      config,
    );
  const first = post("p1", ORIGIN);
  while (forwarded.length === 0) await new Promise((tick) => setImmediate(tick));
  const second = await post("a%2Fb", other);
  release();
  const answered = await first;
  assert.deepEqual([answered.status, answered.headers.get("access-control-allow-origin")], [201, ORIGIN]);
  assert.deepEqual([second.status, second.headers.get("access-control-allow-origin")], [201, other]);
  assert.deepEqual(forwarded, ["https://upstream.test/api/v2/postings/p1/candidates", "https://upstream.test/api/v2/postings/a%2Fb/candidates"]);
  assert.deepEqual(sandbox.candidates().map((c) => c.posting_id).sort(), ["a/b", "p1"]);
});

test("upstream errors keep HeyMilo's envelope and status", async () => {
  const { send, sandbox } = setup();
  // (SUITE_OPTIONS has keyBudget: false: no hold after this 429 for the next tests.)
  sandbox.setFaults([{ status: 429, retryAfter: 7 }]);
  const response = await send(new Request(`http://edge.test${BASE}/p1/candidates`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN }, body: '{"name":"A","email":"a@example.com"}' }));
  assert.equal(response.status, 429);
  assert.equal(response.headers.get("retry-after"), "7");
  assert.equal((await response.json()).error.type, "rate_limit_error");
  assert.equal(response.headers.get("access-control-allow-origin"), ORIGIN);
});

test("misconfiguration: 500 'handler misconfigured' and one clear log line, never the key", async () => {
  const logged = [];
  const original = console.error;
  console.error = (...args) => logged.push(args.join(" "));
  try {
    for (const config of [
      { apiKey: "", postings: ["p1"] },
      { apiKey: KEY, postings: [] },
      { apiKey: KEY, postings: ["p1"], allowedOrigins: ["https://careers.example.com/"] },
      { apiKey: KEY, postings: ["p1"], allowedOrigins: ["*"] },
      { apiKey: KEY, postings: ["p1"], bogus: true },
      null,
    ]) {
      const response = await handleIngestRequest(new Request(`http://edge.test${BASE}/p1/candidates`, { method: "POST" }), config);
      assert.equal(response.status, 500);
      const text = await response.text();
      assert.match(text, /handler misconfigured/);
      assert.ok(!text.includes("postings") && !text.includes("allowedOrigins"), "no details in the response");
    }
  } finally {
    console.error = original;
  }
  assert.ok(logged.length >= 5, logged.join("\n"));
  assert.ok(logged.every((line) => line.startsWith("heymilo-ingest: handleIngestRequest is misconfigured:")));
  for (const form of keyForms) assert.ok(!logged.join("\n").includes(form));
});

test("a browser-side client without a key gets HeyMilo's responses and error classes through the handler", async () => {
  // The client in Node sends no Origin, as a server would: requireOrigin is off for it.
  const { sandbox, config } = setup({ requireOrigin: false });
  const viaEdge = (url, init) => handleIngestRequest(new Request(url, init), config);
  const options = { baseUrl: "https://edge.test/heymilo", postingId: "p1", fetch: viaEdge };
  const ok = await ingestCandidate({ ...options, candidate: { name: "Ada", email: "ada@example.com", phone_number: "+44 20 7946 0958" } });
  assert.match(ok.data.interview_url, /^https:\/\//);
  assert.equal(sandbox.candidates().length, 1);
  assert.equal(sandbox.candidates()[0].phone_number, "+442079460958");
  await assert.rejects(ingestCandidate({ ...options, postingId: "p9", candidate: { name: "Ada", email: "ada@example.com" } }), NotFoundError);
  sandbox.setFaults([{ status: 422 }]);
  await assert.rejects(ingestCandidate({ ...options, candidate: { name: "Ada", email: "ada@example.com" } }), (error) => {
    assert.ok(error instanceof UnprocessableEntityError);
    assert.deepEqual(error.issues.map((i) => i.code), ["invalid_email"]);
    return true;
  });
});
