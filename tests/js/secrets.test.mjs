// Secrets, end to end: the API key — in every form tests/secrets/scan.mjs
// lists (as is; percent-encoded in either case; JSON \u escapes; hex; HTML
// entities; UTF-16 bytes as text; base64 and base64url, padded or not, and
// at every byte offset inside a longer blob) — never appears in anything the client, the edge
// handler or the demo Worker shows: response bodies and headers, thrown
// errors (name, message, stack, every own property, the cause chain), and
// console output (Node's and workerd's). Upstreams that echo the key they
// were sent, in every form and for every status, make sure that redaction is
// what keeps it out, not luck.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createSandbox,
  handleIngestRequest,
  ingestCandidate,
  ingestCandidateAsync,
  ingestCandidates,
  ingestCandidatesAsync,
} from "../../pkg/src/entry-node.js";
import { serveSandbox } from "../../pkg/src/sandbox-server.js";
import { BASE, KEY as EDGE_KEY, ORIGIN, POSTINGS, SUITE_OPTIONS, runCases } from "../edge/cases.mjs";
import { captureConsole, createScanner, headerSafe, keyForms } from "../secrets/scan.mjs";

// Characters that percent-encoding, encodeURIComponent and base64 (with "/")
// all treat differently, and a length that needs base64 padding.
const KEY = "sk_live_Wq7?x>4!~Zp";
const DEMO_SANDBOX_KEY = "sk_sandbox_demo"; // www/worker.js's in-process sandbox key
const POSTING = "13D77095";
const ada = { name: "Ada Lovelace", email: "ada@example.com", phone_number: "+44 20 7946 0958" };
const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));

const scanner = createScanner([KEY, EDGE_KEY, DEMO_SANDBOX_KEY]);
let output;
before(() => {
  output = captureConsole();
});
after(() => output.restore());

/** Runs `body` and asserts that it added no hit. */
async function clean(name, body) {
  const from = scanner.hits.length;
  await body();
  assert.equal(scanner.hits.length, from, `${name}:\n${scanner.report(from)}`);
}

async function settle(promise) {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

/**
 * An upstream that answers `status` and echoes the X-API-KEY it was sent, in
 * every form, in each place a server could: the error envelope's fields, a
 * 422's detail, a success body, an HTML page, and response headers.
 */
function echoingUpstream(status, shape) {
  return async (input, init = {}) => {
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    const sent = headers.get("x-api-key") ?? "";
    const all = keyForms(sent).map(([, text]) => text).join(" ");
    const first = keyForms(sent).map(([, text]) => text);
    let body;
    switch (shape) {
      case "envelope":
        body = JSON.stringify({ error: { type: `api_error ${all}`, code: `bad_key ${all}`, message: `Key ${all} refused`, param: all, doc_url: `https://docs.test/?k=${all}`, errors: [{ code: all, message: all, param: all }] } });
        break;
      case "detail":
        body = JSON.stringify({ detail: first.map((form) => ({ loc: ["body", form, 0, "email"], msg: `bad ${all}`, type: `value_error ${form}` })) });
        break;
      case "success":
        body = JSON.stringify({ data: { interview_id: all, interview_url: `https://x.test/${all}`, posting_id: all, ingestion_id: all, echo: all }, meta: { key: all } });
        break;
      case "html":
        body = `<html><body><h1>${status}</h1><pre>X-API-KEY: ${all}</pre></body></html>`;
        break;
      default:
        body = `not json ${all}`;
    }
    const response = new Headers({ "content-type": shape === "html" ? "text/html" : "application/json", "retry-after": "0" });
    first.filter(headerSafe).forEach((form, i) => {
      response.set(i === 0 ? "x-request-id" : `x-debug-${i}`, form);
    });
    // A header named after the key (fetch lower-cases names), also where a prefix is relayed.
    if (/^[A-Za-z0-9_-]+$/.test(sent)) {
      response.set(`x-ratelimit-${sent}`, "1");
      response.set(`x-${sent}`, "1");
    }
    response.set("www-authenticate", `Bearer ${first[0]}`);
    response.set("x-ratelimit-remaining", first.filter(headerSafe).join(" "));
    response.set("set-cookie", `k=${first[0]}`);
    return new Response(status === 204 ? null : body, { status, headers: response });
  };
}

const ECHOES = [
  [201, "success"],
  [202, "success"],
  [201, "malformed"],
  [201, "html"],
  [400, "envelope"],
  [401, "envelope"],
  [403, "envelope"],
  [404, "envelope"],
  [409, "envelope"],
  [422, "detail"],
  [422, "envelope"],
  [429, "envelope"],
  [500, "envelope"],
  [502, "html"],
  [503, "malformed"],
  [504, "envelope"],
  [418, "malformed"],
];

describe("the edge handler", () => {
  test("the hostile-request suite: every response", () =>
    clean("hostile-request suite", async () => {
      const sandbox = createSandbox({ apiKey: EDGE_KEY });
      const forwarded = [];
      const upstream = (url, init) => {
        forwarded.push(Object.fromEntries(new Headers(init.headers)));
        return sandbox.fetch(url, init);
      };
      const config = { apiKey: EDGE_KEY, postings: POSTINGS, allowedOrigins: [ORIGIN], baseUrl: "https://upstream.test", fetch: upstream, ...SUITE_OPTIONS };
      const problems = await runCases({
        send: async (request) => {
          const response = await handleIngestRequest(request, config);
          await scanner.scanResponse(`edge ${request.method} ${new URL(request.url).pathname}`, response);
          return response;
        },
        upstreamCalls: () => forwarded.length,
        lastForwarded: () => forwarded.at(-1),
      });
      assert.deepEqual(problems, []);
    }));

  for (const [status, shape] of ECHOES) {
    test(`an upstream echoing the key: ${status} ${shape}, relayed, and the browser-side client's result`, () =>
      clean(`edge relay ${status} ${shape}`, async () => {
        // receipt: "full" relays whatever upstream said, so redaction sees every
        // shape (the minimal receipt drops most of it); requireOrigin: false lets
        // the client below, which sends no Origin, through.
        const config = { apiKey: KEY, postings: [POSTING], allowedOrigins: [ORIGIN], baseUrl: "https://upstream.test", fetch: echoingUpstream(status, shape), async: true, receipt: "full", requireOrigin: false };
        const path = status === 202 ? "/candidates/async" : "/candidates";
        const request = new Request(`https://edge.test${BASE}/${POSTING}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: ORIGIN, "x-api-key": KEY, authorization: `Bearer ${KEY}` },
          body: JSON.stringify(ada),
        });
        const response = await handleIngestRequest(request, config);
        assert.equal(response.status, status);
        await scanner.scanResponse(`edge relay ${status} ${shape}`, response);
        // What a page calling the handler without a key gets: data or error.
        const viaEdge = (url, init) => handleIngestRequest(new Request(url, init), config);
        const send = status === 202 ? ingestCandidateAsync : ingestCandidate;
        const result = await settle(send({ baseUrl: "https://edge.test/heymilo", postingId: POSTING, candidate: ada, fetch: viaEdge, maxRetries: 0 }));
        scanner.scan(`browser-side client via the edge, ${status} ${shape}`, result);
      }));
  }

  test("misconfiguration: the 500 and the operator's log line never hold the key", () =>
    clean("misconfiguration", async () => {
      const before = output.lines.length;
      // Each with a fetch that refuses, so that nothing can reach the network
      // even if a configuration were wrongly accepted.
      const noNetwork = () => Promise.reject(new TypeError("fetch failed: no network in tests"));
      const configs = [
        { apiKey: `${KEY}\n`, postings: [POSTING] }, // a trailing newline from a secrets file
        { apiKey: ` ${KEY}`, postings: [POSTING] },
        { apiKey: `${KEY} ${KEY}`, postings: [POSTING] },
        { apiKey: KEY, postings: [] },
        { apiKey: KEY, postings: KEY },
        { apiKey: KEY, postings: [POSTING, "", KEY] },
        { apiKey: KEY, postings: [".."] },
        { apiKey: KEY, postings: [POSTING], allowedOrigins: [KEY] },
        { apiKey: KEY, postings: [POSTING], allowedOrigins: [`https://${KEY}.example.com/`] },
        { apiKey: KEY, postings: [POSTING], allowedOrigins: ["*"] },
        { apiKey: KEY, postings: [POSTING], baseUrl: KEY },
        { apiKey: KEY, postings: [POSTING], baseUrl: `https://user:${encodeURIComponent(KEY)}@api.heymilo.ai` },
        { apiKey: KEY, postings: [POSTING], baseUrl: `https://api.heymilo.ai/?key=${KEY}` },
        { apiKey: KEY, postings: [POSTING], basePath: KEY },
        { apiKey: KEY, postings: [POSTING], workspaceId: `${KEY} ws` },
        { apiKey: KEY, postings: [POSTING], maxBodyBytes: 0 },
        { apiKey: KEY, postings: [POSTING], timeoutMs: KEY },
        { apiKey: KEY, postings: [POSTING], apikey: KEY },
        { apiKey: [KEY], postings: [POSTING] },
        { api_key: KEY, postings: [POSTING] },
      ].map((config) => ({ ...config, fetch: noNetwork }));
      configs.push({ apiKey: KEY, postings: [POSTING], fetch: KEY }, null, KEY);
      for (const [i, config] of configs.entries()) {
        const request = new Request(`https://edge.test${BASE}/${POSTING}/candidates`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ada) });
        const response = await handleIngestRequest(request, config);
        assert.equal(response.status, 500, `config ${i}`);
        await scanner.scanResponse(`misconfigured handler ${i}`, response);
      }
      const logged = output.lines.slice(before);
      assert.ok(logged.length >= configs.length - 2, `one log line per misconfiguration:\n${logged.join("\n")}`);
      scanner.scan("misconfiguration log lines", logged);
    }));
});

describe("the client", () => {
  let served;
  let sandbox;
  before(async () => {
    served = await serveSandbox({ apiKey: KEY, postings: [POSTING, "a/b"] });
    sandbox = served.sandbox;
  });
  after(() => served?.close());
  const options = (extra = {}) => ({ baseUrl: served.url, apiKey: KEY, postingId: POSTING, candidate: ada, ...extra });
  const bulkOptions = (candidates) => {
    const { candidate, ...rest } = options();
    void candidate;
    return { ...rest, candidates };
  };

  // The client fault matrix (tests/js/client.test.mjs) against the sandbox over HTTP.
  const scenarios = [
    ["success", [], () => ingestCandidate(options())],
    ["bulk", [], () => ingestCandidates(bulkOptions([ada, ada]))],
    ["async", [], () => ingestCandidateAsync(options())],
    ["bulk async", [], () => ingestCandidatesAsync(bulkOptions([ada]))],
    // (Not as a metadata key: an issue's path names the caller's own keys.)
    ["invalid candidate holding the key", [], () => ingestCandidate(options({ candidate: { name: "", email: KEY, phone_number: KEY, metadata: { k: KEY.repeat(40) }, data: KEY } }))],
    ["empty posting id", [], () => ingestCandidate(options({ postingId: "" }))],
    ["bad timeout", [], () => ingestCandidate(options({ timeoutMs: -1 }))],
    ["bad fetch", [], () => ingestCandidate(options({ fetch: KEY }))],
    ["bad workspace", [], () => ingestCandidate(options({ workspaceId: 7 }))],
    ["429 once, then success", [{ times: 1, status: 429, retryAfter: 0 }], () => ingestCandidate(options())],
    ["429 with an HTTP-date", [{ status: 429, retryAfter: 1, retryAfterDate: true }], () => ingestCandidate(options({ maxRetries: 0 }))],
    ["429 forever", [{ status: 429, retryAfter: 0 }], () => ingestCandidate(options({ maxRetries: 1 }))],
    ["401 for a wrong key that contains the key", [], () => ingestCandidate(options({ apiKey: `${KEY}_wrong` }))],
    ["401 for a key that the key contains", [], () => ingestCandidate(options({ apiKey: KEY.slice(0, -1) }))],
    ["404", [], () => ingestCandidate(options({ postingId: "missing" }))],
    ["422", [{ status: 422 }], () => ingestCandidate(options())],
    ...[500, 502, 503, 504].flatMap((status) => [
      [`${status}`, [{ status }], () => ingestCandidate(options())],
      [`${status} after storing`, [{ status, afterStore: true }], () => ingestCandidate(options())],
      [`${status} on async, retried`, [{ times: 1, status }], () => ingestCandidateAsync(options())],
    ]),
    ["timeout", [{ delayMs: 1500 }], () => ingestCandidate(options({ timeoutMs: 200 }))],
    ["async hang, retried", [{ times: 1, delayMs: 1500 }], () => ingestCandidateAsync(options({ timeoutMs: 200 }))],
    ["dropped connection", [{ drop: true }], () => ingestCandidate(options())],
    ...["malformed", "html", "empty", "truncated"].map((body) => [`${body} body`, [{ body }], () => ingestCandidate(options())]),
    ["abort during the request", [{ delayMs: 2000 }], () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error(`aborted by the caller`)), 100);
      return ingestCandidate(options({ signal: controller.signal }));
    }],
    ["abort during a backoff wait", [{ status: 429, retryAfter: 30 }], () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      return ingestCandidate(options({ signal: controller.signal }));
    }],
    ["already aborted", [], () => ingestCandidate(options({ signal: AbortSignal.abort() }))],
    ["connection refused", [], async () => ingestCandidate(options({ baseUrl: `http://127.0.0.1:${await closedPort()}`, maxRetries: 0 }))],
  ];

  for (const [name, faults, run] of scenarios) {
    test(`fault matrix: ${name}`, () =>
      clean(`client ${name}`, async () => {
        sandbox.reset();
        sandbox.setFaults(faults);
        scanner.scan(`client ${name}`, await settle(run()));
      }));
  }

  test("the browser guard", () =>
    clean("browser guard", async () => {
      globalThis.window = {};
      globalThis.document = {};
      try {
        scanner.scan("browser guard", await settle(ingestCandidate(options())));
      } finally {
        delete globalThis.window;
        delete globalThis.document;
      }
    }));

  // Errors only: a success returns the server's data as sent, to a caller who holds the key anyway.
  for (const [status, shape] of ECHOES.filter(([, shape]) => shape !== "success")) {
    test(`an upstream echoing the key: ${status} ${shape}`, () =>
      clean(`client echo ${status} ${shape}`, async () => {
        const { error } = await settle(ingestCandidate(options({ fetch: echoingUpstream(status, shape), maxRetries: 0 })));
        assert.ok(error, "an error");
        scanner.scan(`client echo ${status} ${shape}`, error);
      }));
  }

  test("a fetch whose failure carries the request (as axios errors do)", () =>
    clean("client fetch failure", async () => {
      const failing = async (url, init) => {
        const cause = new Error(`connect ECONNREFUSED 127.0.0.1:9 (X-API-KEY: ${init.headers["X-API-KEY"]})`);
        Object.assign(cause, { code: "ECONNREFUSED", config: { url, headers: init.headers } });
        throw new TypeError("fetch failed", { cause });
      };
      const { error } = await settle(ingestCandidate(options({ fetch: failing, maxRetries: 0 })));
      assert.equal(error?.name, "ConnectionError");
      scanner.scan("client fetch failure", error);
    }));

  test("a fetch whose failure holds the request's headers only in a property (as axios errors do)", () =>
    clean("client fetch failure, key in a property", async () => {
      const failing = async (url, init) => {
        // An axios error's message names no header; its config holds them all.
        const error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), {
          code: "ECONNREFUSED",
          isAxiosError: true,
          config: { url, method: "post", headers: { ...init.headers } },
          request: { _header: `POST / HTTP/1.1\r\nX-API-KEY: ${init.headers["X-API-KEY"]}\r\n` },
        });
        throw error;
      };
      const { error } = await settle(ingestCandidate(options({ fetch: failing, maxRetries: 0 })));
      assert.equal(error?.name, "ConnectionError");
      scanner.scan("client fetch failure, key in a property", error);
    }));
});

describe("the demo Worker in workerd", () => {
  let out;
  let Miniflare;
  const workerd = [];
  before(() => {
    out = mkdtempSync(join(tmpdir(), "heymilo-secrets-"));
    execFileSync(process.execPath, [join(root, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", out], {
      cwd: join(root, "tests/secrets"),
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_LOG: "error" },
    });
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  async function demo(bindings, outbound) {
    Miniflare ??= (await import(join(root, "node_modules/miniflare/dist/src/index.js"))).Miniflare;
    const mf = new Miniflare({
      modules: true,
      scriptPath: join(out, "worker.js"),
      modulesRoot: out,
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: "2025-06-01",
      bindings,
      // Every fetch the Worker makes (HeyMilo's URL included) ends here: no network.
      outboundService: outbound ?? (() => new Response("no network in tests", { status: 599 })),
      handleRuntimeStdio(stdout, stderr) {
        for (const stream of [stdout, stderr]) stream.setEncoding("utf8").on("data", (chunk) => workerd.push(chunk));
      },
    });
    await mf.ready;
    return mf;
  }

  const post = (mf, path = `/heymilo/api/v2/postings/${POSTING}/candidates`, candidate = ada) =>
    mf.dispatchFetch(`http://demo.test${path}`, {
      method: "POST",
      // The token the demo page sends in sandbox mode (ignored with HeyMilo, where Turnstile is off).
      headers: { "content-type": "application/json", origin: "http://demo.test", "cf-turnstile-response": "XXXX.DUMMY.TOKEN.XXXX" },
      body: JSON.stringify(candidate),
    });

  test("with HeyMilo configured (an upstream echoing the key): every answer", () =>
    clean("demo with a key", async () => {
      let upstream;
      const mf = await demo({ HEYMILO_API_KEY: KEY, HEYMILO_POSTING_ID: POSTING }, (request) => upstream(request));
      try {
        for (const [status, shape] of ECHOES) {
          upstream = echoingUpstream(status, shape);
          const path = status === 202 ? `/heymilo/api/v2/postings/${POSTING}/candidates/async` : undefined;
          const response = await post(mf, path);
          // The demo is a careers form: the single route only, minimal receipts
          // (a 2xx that is not HeyMilo's answer is 502).
          const expected = status === 202 ? 404 : status === 201 && shape !== "success" ? 502 : status;
          assert.equal(response.status, expected, `${status} ${shape}`);
          await scanner.scanResponse(`demo ${status} ${shape}`, response);
        }
        await scanner.scanResponse("demo config", await mf.dispatchFetch("http://demo.test/demo-config.json"));
        await scanner.scanResponse("demo inspector", await mf.dispatchFetch("http://demo.test/sandbox/candidates"));
        await scanner.scanResponse("demo invalid", await post(mf, undefined, { name: KEY, email: KEY }));
      } finally {
        await mf.dispose();
      }
    }));

  test("with the in-process sandbox: answers, config and inspector never show its key", () =>
    clean("demo sandbox", async () => {
      const mf = await demo({});
      try {
        const config = await (await mf.dispatchFetch("http://demo.test/demo-config.json")).json();
        assert.equal(config.upstream, "sandbox");
        const ok = await post(mf, `/heymilo/api/v2/postings/${config.postingId}/candidates`);
        assert.equal(ok.status, 201);
        await scanner.scanResponse("demo sandbox ingest", ok);
        await scanner.scanResponse("demo sandbox invalid", await post(mf, `/heymilo/api/v2/postings/${config.postingId}/candidates`, { name: "", email: "x" }));
        await scanner.scanResponse("demo sandbox unknown posting", await post(mf));
        await scanner.scanResponse("demo sandbox config", await mf.dispatchFetch("http://demo.test/demo-config.json"));
        await scanner.scanResponse("demo sandbox inspector", await mf.dispatchFetch("http://demo.test/sandbox/candidates"));
      } finally {
        await mf.dispose();
      }
    }));

  test("half configured: 500 and a log line, neither with the key", () =>
    clean("demo half configured", async () => {
      const mf = await demo({ HEYMILO_API_KEY: KEY });
      try {
        const response = await post(mf);
        assert.equal(response.status, 500);
        await scanner.scanResponse("demo half configured", response);
      } finally {
        await mf.dispose();
      }
      assert.match(workerd.join(""), /demo: set both/);
    }));

  test("workerd's output", () => clean("workerd output", () => scanner.scan("workerd stdout/stderr", workerd.join(""))));
});

test("console output of the whole run", () =>
  clean("console", () => {
    assert.ok(output.lines.length > 0, "something was logged (the misconfigurations)");
    scanner.scan("console", output.lines);
  }));

function closedPort() {
  return new Promise((done) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}
