// handleIngestRequest with `turnstile`: against the sandbox's siteverify
// stand-in (Cloudflare's test secret keys, through config.fetch) and against
// siteverify servers on 127.0.0.1 (the runtime's own fetch): pass, fail,
// spent, missing or malformed token, timeout, network error, non-JSON,
// redirect, oversized answer, hostname and action mismatches. Every refusal
// is a 403 in HeyMilo's envelope with HeyMilo not contacted and the body not
// read, and the secret key shows in no answer and no log line.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createSandbox, handleIngestRequest } from "../../pkg/src/entry-node.js";
import { serveSandbox } from "../../pkg/src/sandbox-server.js";
import { BASE, KEY, ORIGIN, POSTINGS } from "../edge/cases.mjs";
import { captureConsole, createScanner } from "../secrets/scan.mjs";

// Cloudflare's documented test secret keys and the dummy token their sitekeys issue.
const PASSES = "1x0000000000000000000000000000000AA";
const FAILS = "2x0000000000000000000000000000000AA";
const SPENT = "3x0000000000000000000000000000000AA";
const DUMMY = "XXXX.DUMMY.TOKEN.XXXX";
// A secret for the local servers: characters that every encoding changes.
const SECRET = "0x4AAAAAAA/Turn+stile?Secret=";
const HOST = new URL(ORIGIN).hostname;
const SITEVERIFY = "https://siteverify.test/turnstile/v0/siteverify";
const ada = JSON.stringify({ name: "Ada Lovelace", email: "ada@example.com" });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const scanner = createScanner([KEY, SECRET, PASSES]);
let output;
before(() => {
  output = captureConsole();
});
after(() => {
  output.restore();
  scanner.scan("console output", output.lines);
  assert.deepEqual(scanner.hits, [], scanner.report());
});

/** The sandbox as HeyMilo and as siteverify, behind a fetch that records which was called. */
function setup({ turnstile = {}, sandbox: sandboxOptions = {}, ...extra } = {}) {
  const sandbox = createSandbox({ apiKey: KEY, turnstile: { hostname: HOST, action: "apply" }, ...sandboxOptions });
  const calls = { upstream: 0, siteverify: [] };
  const fetch = async (url, init) => {
    if (url === SITEVERIFY) calls.siteverify.push({ init, body: JSON.parse(init.body) });
    else calls.upstream++;
    return sandbox.fetch(url, init);
  };
  const config = {
    apiKey: KEY,
    postings: POSTINGS,
    allowedOrigins: [ORIGIN],
    baseUrl: "https://upstream.test",
    fetch,
    turnstile: { secretKey: PASSES, siteverifyUrl: SITEVERIFY, ...turnstile },
    ...extra,
  };
  return { sandbox, calls, config, send: (request) => handleIngestRequest(request, config) };
}

/** A POST from the careers page whose body counts how often it is read. */
function post(token, { headers = {} } = {}) {
  const pulls = { count: 0 };
  const bytes = new TextEncoder().encode(ada);
  // highWaterMark 0: nothing is pulled until someone reads.
  const body = new ReadableStream(
    {
      pull(controller) {
        pulls.count++;
        controller.enqueue(bytes);
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const all = { "content-type": "application/json", origin: ORIGIN, "cf-connecting-ip": "203.0.113.9", ...headers };
  if (token !== undefined) all["cf-turnstile-response"] = token;
  const request = new Request(`http://edge.test${BASE}/p1/candidates`, { method: "POST", headers: all, body, duplex: "half" });
  return { request, pulls };
}

/** Asserts a refusal: 403, HeyMilo's envelope with `code`, CORS kept, nothing forwarded, body unread. */
async function refused(response, code, { calls, pulls }) {
  const text = await scanner.scanResponse(code, response);
  assert.equal(response.status, 403, text);
  const { error } = JSON.parse(text);
  assert.equal(error.code, code, text);
  assert.equal(typeof error.type, "string");
  assert.equal(typeof error.message, "string");
  assert.equal(response.headers.get("access-control-allow-origin"), ORIGIN);
  assert.equal(calls.upstream, 0, "HeyMilo was not contacted");
  assert.equal(pulls.count, 0, "the body was not read");
  return error;
}

test("a passing token: siteverify gets the documented fields once, then the candidate goes upstream", async () => {
  const { send, calls, sandbox } = setup({ turnstile: { action: "apply" } });
  const first = post(DUMMY);
  const response = await send(first.request);
  assert.equal(response.status, 201, await scanner.scanResponse("pass", response.clone()));
  assert.equal(calls.upstream, 1);
  assert.equal(sandbox.candidates().length, 1);
  assert.equal(calls.siteverify.length, 1);
  const [{ init, body }] = calls.siteverify;
  assert.equal(init.method, "POST");
  assert.equal(init.redirect, "manual", "a redirect would carry the secret elsewhere");
  assert.equal(new Headers(init.headers).get("content-type"), "application/json");
  assert.deepEqual(Object.keys(body), ["secret", "response", "remoteip", "idempotency_key"]);
  assert.deepEqual([body.secret, body.response, body.remoteip], [PASSES, DUMMY, "203.0.113.9"]);
  assert.match(body.idempotency_key, UUID);
  await send(post(DUMMY).request);
  assert.notEqual(calls.siteverify[1].body.idempotency_key, body.idempotency_key, "a fresh key per request");
  assert.equal(sandbox.requestsSeen(), 2, "siteverify calls are not Candidates API requests");
});

test("the sandbox's failing and spent test keys, and a real-looking token on the passing key: 403 turnstile_failed", async () => {
  for (const [secretKey, token, message] of [
    [FAILS, DUMMY, /not accepted/],
    [SPENT, DUMMY, /expired or was already used/],
    [PASSES, "0.real-token-from-a-production-widget", /not accepted/],
  ]) {
    const setupped = setup({ turnstile: { secretKey } });
    const { request, pulls } = post(token);
    const error = await refused(await setupped.send(request), "turnstile_failed", { calls: setupped.calls, pulls });
    assert.match(error.message, message);
    assert.equal(setupped.calls.siteverify.length, 1);
    assert.equal(setupped.sandbox.candidates().length, 0);
  }
});

test("a missing or malformed token is refused before siteverify is called", async () => {
  for (const token of [undefined, "", "two words", "x".repeat(2049)]) {
    const { send, calls } = setup();
    const { request, pulls } = post(token);
    await refused(await send(request), "turnstile_token_missing", { calls, pulls });
    assert.equal(calls.siteverify.length, 0);
  }
});

test("a token for another site or another form: 403 turnstile_failed", async () => {
  const elsewhere = setup({ sandbox: { turnstile: { hostname: "phish.example", action: "apply" } } });
  let sent = post(DUMMY);
  const host = await refused(await elsewhere.send(sent.request), "turnstile_failed", { calls: elsewhere.calls, pulls: sent.pulls });
  assert.match(host.message, /another site/);

  const otherForm = setup({ turnstile: { action: "apply" }, sandbox: { turnstile: { hostname: HOST, action: "newsletter" } } });
  sent = post(DUMMY);
  const action = await refused(await otherForm.send(sent.request), "turnstile_failed", { calls: otherForm.calls, pulls: sent.pulls });
  assert.match(action.message, /another form/);
});

test("no usable answer fails closed: non-JSON, an error status, a network error, a timeout", async () => {
  const cases = [
    ["an HTML error page", { faults: [{ operation: "siteverify", body: "html" }] }],
    ["a 503", { faults: [{ operation: "siteverify", status: 503 }] }],
    ["a dropped connection", { faults: [{ operation: "siteverify", drop: true }] }],
    // The sandbox would answer after 5 s; the limit is 50 ms, and the sandbox's timer is cancelled.
    ["no answer in time", { faults: [{ operation: "siteverify", delayMs: 5000 }] }],
  ];
  for (const [name, sandbox] of cases) {
    const { send, calls } = setup({ sandbox, turnstile: { timeoutMs: 50 } });
    const { request, pulls } = post(DUMMY);
    const started = Date.now();
    await refused(await send(request), "turnstile_unavailable", { calls, pulls });
    assert.equal(calls.siteverify.length, 1, name);
    assert.ok(Date.now() - started < 4000, `${name}: did not wait for the sandbox`);
  }
  const { config, calls } = setup();
  const throwing = { ...config, fetch: (url, init) => (url === SITEVERIFY ? Promise.reject(new TypeError("fetch failed")) : config.fetch(url, init)) };
  const { request, pulls } = post(DUMMY);
  await refused(await handleIngestRequest(request, throwing), "turnstile_unavailable", { calls, pulls });
});

test("a preflight may ask for the token header, and only when Turnstile is on", async () => {
  const preflight = (config) =>
    handleIngestRequest(
      new Request(`http://edge.test${BASE}/p1/candidates`, {
        method: "OPTIONS",
        headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type,cf-turnstile-response" },
      }),
      config,
    );
  const { config } = setup();
  const allowed = await preflight(config);
  assert.equal(allowed.status, 204);
  assert.match(allowed.headers.get("access-control-allow-headers"), /CF-Turnstile-Response/);
  const { turnstile, ...without } = config;
  assert.equal((await preflight(without)).status, 403);
});

test("misconfigured turnstile options: 500, and a log line that names the setting, never the secret", async () => {
  const from = output.lines.length;
  const { config } = setup();
  const bad = [
    { turnstile: null },
    { turnstile: "on" },
    { turnstile: { secretKey: SECRET, siteKey: "1x00000000000000000000AA" } },
    { turnstile: { secretKey: 42 } },
    { turnstile: { secretKey: SECRET, timeoutMs: "50" } },
    { turnstile: { secretKey: SECRET, timeoutMs: 1.5 } },
    { turnstile: {} },
    { turnstile: { secretKey: `${SECRET} ` } },
    { turnstile: { secretKey: KEY } },
    { turnstile: { secretKey: SECRET, siteverifyUrl: "http://challenges.cloudflare.com/turnstile/v0/siteverify" } },
    { turnstile: { secretKey: SECRET, action: "apply now" } },
  ];
  for (const extra of bad) {
    const { request } = post(DUMMY);
    const response = await handleIngestRequest(request, { ...config, ...extra });
    const text = await scanner.scanResponse("misconfigured", response);
    assert.equal(response.status, 500, JSON.stringify(extra));
    assert.match(text, /handler misconfigured/);
  }
  const logged = output.lines.slice(from);
  assert.equal(logged.length, bad.length, logged.join("\n"));
  for (const line of logged) assert.match(line, /^heymilo-ingest: handleIngestRequest is misconfigured: .*turnstile/);
});

// ---- siteverify over real HTTP on 127.0.0.1, through the runtime's fetch ----

/** A siteverify server: `answer(req, body, res)` decides; it echoes the secret in what it sends. */
async function serveSiteverify(answer) {
  const sockets = new Set();
  const seen = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString();
    seen.push({ url: req.url, method: req.method, body });
    answer(req, body, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    seen,
    close: () =>
      new Promise((closed) => {
        for (const socket of sockets) socket.destroy();
        server.close(closed);
      }),
  };
}

const echoing = (success) => (req, body, res) => {
  const { secret } = JSON.parse(body);
  res.writeHead(200, { "content-type": "application/json", "x-echo": secret });
  res.end(JSON.stringify({ success, "error-codes": success ? [] : [`invalid-input-secret ${secret}`], hostname: HOST, cdata: secret }));
};

test("over HTTP with the runtime's fetch: pass, fail, silence, non-JSON, redirect, an oversized answer", async () => {
  const heymilo = await serveSandbox({ apiKey: KEY });
  const servers = [];
  const serve = async (answer) => {
    const server = await serveSiteverify(answer);
    servers.push(server);
    return server;
  };
  try {
    const elsewhere = await serve((req, body, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"success":true}'));
    const cases = [
      ["pass", echoing(true), 201],
      ["fail", echoing(false), "turnstile_failed"],
      ["silence", () => {}, "turnstile_unavailable"],
      ["non-JSON", (req, body, res) => res.writeHead(200, { "content-type": "text/html" }).end("<h1>Checking your browser</h1>"), "turnstile_unavailable"],
      ["307 to a server that would say yes", (req, body, res) => res.writeHead(307, { location: `${elsewhere.url}/turnstile/v0/siteverify` }).end(), "turnstile_unavailable"],
      ["64 KiB", (req, body, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ success: true, hostname: HOST, pad: "x".repeat(65_536) })), "turnstile_unavailable"],
    ];
    for (const [name, answer, expected] of cases) {
      const siteverify = await serve(answer);
      const config = {
        apiKey: KEY,
        postings: POSTINGS,
        allowedOrigins: [ORIGIN],
        baseUrl: heymilo.url,
        turnstile: { secretKey: SECRET, siteverifyUrl: `${siteverify.url}/turnstile/v0/siteverify`, timeoutMs: 200 },
      };
      const before = heymilo.sandbox.requestsSeen();
      const { request, pulls } = post(DUMMY);
      const response = await handleIngestRequest(request, config);
      assert.equal(siteverify.seen.length, 1, name);
      assert.deepEqual(JSON.parse(siteverify.seen[0].body).secret, SECRET);
      if (expected === 201) {
        assert.equal(response.status, 201, `${name}: ${await scanner.scanResponse(name, response.clone())}`);
        assert.equal(heymilo.sandbox.requestsSeen() - before, 1);
        await scanner.scanResponse(name, response);
      } else {
        await refused(response, expected, { calls: { upstream: heymilo.sandbox.requestsSeen() - before }, pulls });
      }
    }
    assert.equal(elsewhere.seen.length, 0, "the redirect was not followed");
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    await heymilo.close();
  }
});
