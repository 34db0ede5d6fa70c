// ingestCandidate and friends against the sandbox served over real HTTP on
// 127.0.0.1: the fault matrix, each case with its expected outcome, a bound
// on elapsed time, and the store count (never more than one per logical call).
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import {
  AbortError,
  AuthenticationError,
  CandidateValidationError,
  ConfigurationError,
  ConnectionError,
  InternalServerError,
  MalformedResponseError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
  ingestCandidate,
  ingestCandidateAsync,
  ingestCandidates,
  ingestCandidatesAsync,
} from "../../pkg/src/entry-node.js";
import { serveSandbox } from "../../pkg/src/sandbox-server.js";

const KEY = "sk_test_client_4f9a1c";
const POSTING = "13D77095";
const ada = { name: " Ada Lovelace ", email: "ada@Example.com", phone_number: "+1 (206) 555-1234", metadata: { source: "test" } };

let server;
let sandbox;
const options = (extra = {}) => ({ baseUrl: server.url, apiKey: KEY, postingId: POSTING, candidate: ada, ...extra });
/** The options of the bulk functions, which take `candidates` (`candidate` is an unknown option there). */
const bulkOptions = (candidates, extra = {}) => {
  const { candidate, ...rest } = options(extra);
  void candidate;
  return { ...rest, candidates };
};

async function timed(promise) {
  const started = performance.now();
  try {
    return { value: await promise, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

function assertNoKey(value) {
  const seen = JSON.stringify(value, Object.getOwnPropertyNames(value ?? {})) + String(value?.message ?? "") + JSON.stringify(value?.headers ?? {});
  assert.ok(!seen.includes(KEY), "the API key leaked");
}

before(async () => {
  server = await serveSandbox({ apiKey: KEY, postings: [POSTING, "a/b"] });
  sandbox = server.sandbox;
});
after(() => server.close());
beforeEach(() => {
  sandbox.reset();
  sandbox.setFaults([]);
});

describe("success", () => {
  test("ingestCandidate sends the normalized candidate once and returns the typed receipt", async () => {
    const { value } = await timed(ingestCandidate(options()));
    assert.ok(value, "call succeeded");
    assert.match(value.data.interview_id, /^[0-9A-F]{16}$/);
    assert.equal(value.data.posting_id, POSTING);
    assert.equal(value.data.candidate.status, "pending");
    assert.equal(value.data.candidate.workflow.steps[0].status, "not_started");
    const stored = sandbox.candidates();
    assert.equal(stored.length, 1);
    assert.equal(stored[0].name, "Ada Lovelace");
    assert.equal(stored[0].email, "ada@example.com");
    assert.equal(stored[0].phone_number, "+12065551234");
    assert.equal(stored[0].interview_id, value.data.interview_id);
  });

  test("bulk, async and bulk async", async () => {
    const bulk = await ingestCandidates(bulkOptions([ada, { name: "Bo", email: "bo@example.org" }]));
    assert.equal(bulk.data.length, 2);
    const queued = await ingestCandidateAsync(options());
    assert.match(queued.data.ingestion_id, /^intake_/);
    const bulkQueued = await ingestCandidatesAsync(bulkOptions([ada]));
    assert.equal(bulkQueued.data.status, "queued");
    assert.equal(sandbox.candidates().length, 4);
  });

  test("posting ids are one encoded path segment", async () => {
    await ingestCandidate(options({ postingId: "a/b" }));
    assert.equal(sandbox.candidates()[0].posting_id, "a/b");
  });

  test("requests carry JSON content type, the key, the workspace and a User-Agent", async () => {
    const seen = [];
    const recording = async (url, init) => {
      seen.push({ url, headers: new Headers(init.headers) });
      return fetch(url, init);
    };
    await ingestCandidate(options({ fetch: recording, workspaceId: "ws_42" }));
    const { url, headers } = seen[0];
    assert.equal(url, `${server.url}/api/v2/postings/${POSTING}/candidates`);
    assert.equal(headers.get("content-type"), "application/json");
    assert.equal(headers.get("x-api-key"), KEY);
    assert.equal(headers.get("x-workspace-id"), "ws_42");
    assert.match(headers.get("user-agent"), /^heymilo-ingest\//);
  });
});

describe("nothing is sent for bad input", () => {
  test("an invalid candidate throws CandidateValidationError with every issue", async () => {
    const { error } = await timed(ingestCandidate(options({ candidate: { name: "", email: "nope", phone_number: "+999 1" } })));
    assert.ok(error instanceof CandidateValidationError);
    assert.equal(error.name, "CandidateValidationError");
    assert.deepEqual(error.issues.map((i) => i.code), ["blank", "invalid_email", "unknown_country_code"]);
    assert.equal(sandbox.requestsSeen(), 0);
  });

  test("an empty or unusable posting id is a ConfigurationError, not a validation error", async () => {
    for (const postingId of ["", "   ", ".."]) {
      const { error } = await timed(ingestCandidate(options({ postingId })));
      assert.ok(error instanceof ConfigurationError, `${JSON.stringify(postingId)}: ${error}`);
      assert.match(error.message, /^ingestCandidate: postingId/);
    }
    assert.equal(sandbox.requestsSeen(), 0);
  });

  test("a FormData candidate names the fix and sends nothing", async () => {
    const form = new FormData();
    form.set("name", "Ada");
    form.set("email", "ada@example.com");
    const { error } = await timed(ingestCandidate(options({ candidate: form })));
    assert.ok(error instanceof CandidateValidationError, String(error));
    assert.match(error.message, /Object\.fromEntries\(formData\)/);
    const bulk = await timed(ingestCandidates(bulkOptions([ada, new URLSearchParams("name=Bo")])));
    assert.deepEqual(bulk.error.issues.map((i) => i.path), [[1]]);
    assert.equal(sandbox.requestsSeen(), 0);
    await ingestCandidate(options({ candidate: Object.fromEntries(form) }));
    assert.equal(sandbox.candidates().length, 1);
  });

  test("a blank phone from a form is not sent", async () => {
    await ingestCandidate(options({ candidate: { name: "Ada", email: "ada@example.com", phone_number: "" } }));
    assert.equal("phone_number" in sandbox.candidates()[0], false);
  });

  test("an empty bulk list is a validation error", async () => {
    const { error } = await timed(ingestCandidates(bulkOptions([])));
    assert.equal(error?.issues?.[0]?.code, "too_few_items");
    assert.equal(sandbox.requestsSeen(), 0);
  });

  test("unknown options are a ConfigurationError that lists the valid ones", async () => {
    const cases = [
      [ingestCandidate, { apikey: KEY }, /unknown option "apikey" \(did you mean "apiKey"\?\)/],
      [ingestCandidate, { posting_id: POSTING }, /unknown option "posting_id" \(did you mean "postingId"\?\)/],
      [ingestCandidate, { candidates: [ada] }, /unknown option "candidates" \(did you mean "candidate"\?\)/],
      [ingestCandidate, { retries: 3 }, /unknown option "retries"\. Valid/],
      [ingestCandidateAsync, { timeout: 5 }, /^ingestCandidateAsync: unknown option "timeout"/],
    ];
    for (const [ingest, extra, message] of cases) {
      const { error } = await timed(ingest(options(extra)));
      assert.ok(error instanceof ConfigurationError, `${JSON.stringify(Object.keys(extra))}: ${error}`);
      assert.match(error.message, message);
      assert.match(error.message, /Valid options: candidate, postingId, apiKey, baseUrl, workspaceId, defaultCountry, timeoutMs, maxRetries, retryUncertain, maxResponseBytes, signal, fetch, dangerouslyAllowBrowser\.$/);
      assertNoKey(error);
    }
    const bulk = await timed(ingestCandidates({ ...bulkOptions([ada]), candidate: ada }));
    assert.match(bulk.error.message, /^ingestCandidates: unknown option "candidate" \(did you mean "candidates"\?\)\. Valid options: candidates, postingId/);
    assert.equal(sandbox.requestsSeen(), 0);
  });

  test("messages name the public function", async () => {
    const single = options({ maxRetries: -1 });
    const bulk = bulkOptions([ada], { maxRetries: -1 });
    for (const [ingest, name, bad] of [
      [ingestCandidate, "ingestCandidate", single],
      [ingestCandidates, "ingestCandidates", bulk],
      [ingestCandidateAsync, "ingestCandidateAsync", single],
      [ingestCandidatesAsync, "ingestCandidatesAsync", bulk],
    ]) {
      const { error } = await timed(ingest(bad));
      assert.ok(error instanceof ConfigurationError);
      assert.equal(error.message, `${name}: maxRetries must be an integer from 0 to 10`);
    }
  });

  test("a relative baseUrl outside a browser is a ConfigurationError; with a page address it is resolved by fetch", async () => {
    const { error } = await timed(ingestCandidate({ baseUrl: "/heymilo", postingId: POSTING, candidate: ada }));
    assert.ok(error instanceof ConfigurationError, String(error));
    assert.match(error.message, /baseUrl "\/heymilo" is not an absolute URL/);
    const garbage = await timed(ingestCandidate(options({ baseUrl: "http://" })));
    assert.ok(garbage.error instanceof ConfigurationError, String(garbage.error));
    const keyed = await timed(ingestCandidate(options({ baseUrl: `/heymilo?key=${KEY}` })));
    assert.ok(keyed.error instanceof ConfigurationError, String(keyed.error));
    assertNoKey(keyed.error);
    globalThis.location = { href: `${server.url}/careers/apply` };
    try {
      const seen = [];
      const resolving = (url, init) => {
        seen.push(url);
        return fetch(new URL(url, globalThis.location.href), init);
      };
      const { value } = await timed(ingestCandidate({ baseUrl: "/", postingId: POSTING, candidate: ada, fetch: resolving, apiKey: KEY }));
      assert.ok(value, "sent through the page's origin");
      assert.deepEqual(seen, [`/api/v2/postings/${POSTING}/candidates`]);
    } finally {
      delete globalThis.location;
    }
  });

  test("a baseUrl ending in /api/v2 works", async () => {
    for (const suffix of ["/api/v2", "/api/v2/"]) {
      const { value } = await timed(ingestCandidate(options({ baseUrl: `${server.url}${suffix}` })));
      assert.ok(value, suffix);
    }
    assert.equal(sandbox.candidates().length, 2);
  });

  test("bad options are a ConfigurationError", async () => {
    for (const bad of [{ timeoutMs: -1 }, { maxRetries: 1.5 }, { apiKey: "" }, { postingId: 7 }, { fetch: "no" }]) {
      const { error } = await timed(ingestCandidate(options(bad)));
      assert.ok(error instanceof ConfigurationError, JSON.stringify(bad));
    }
    const { error } = await timed(ingestCandidate({ postingId: POSTING, candidate: ada }));
    assert.ok(error instanceof ConfigurationError, "no key and no proxy");
    assert.equal(sandbox.requestsSeen(), 0);
  });
});

describe("fault matrix", () => {
  test("429 with Retry-After: 1, then success: one retry after at least a second", async () => {
    sandbox.setFaults([{ operation: "ingestCandidate", times: 1, status: 429, retryAfter: 1 }]);
    const { value, ms } = await timed(ingestCandidate(options()));
    assert.ok(value);
    assert.ok(ms >= 1000 && ms < 3000, `${ms} ms`);
    assert.equal(sandbox.requestsSeen(), 2);
    assert.equal(sandbox.candidates().length, 1);
  });

  test("429 with an HTTP-date Retry-After", async () => {
    sandbox.setFaults([{ times: 1, status: 429, retryAfter: 2, retryAfterDate: true }]);
    const { value, ms } = await timed(ingestCandidate(options()));
    assert.ok(value);
    assert.ok(ms >= 900 && ms < 3500, `${ms} ms`);
    assert.equal(sandbox.candidates().length, 1);
  });

  test("429 forever: gives up after maxRetries with retryAfterMs", async () => {
    sandbox.setFaults([{ status: 429, retryAfter: 1 }]);
    const { error, ms } = await timed(ingestCandidate(options({ maxRetries: 2 })));
    assert.ok(error instanceof RateLimitError, String(error));
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 1000);
    assert.equal(error.type, "rate_limit_error");
    assert.match(error.requestId, /^req_/);
    assert.ok(ms >= 2000 && ms < 4000, `${ms} ms`);
    assert.equal(sandbox.requestsSeen(), 3);
    assert.equal(sandbox.candidates().length, 0);
  });

  test("the real rate limit (300/min) answers 429 with Retry-After", async () => {
    const limited = await serveSandbox({ apiKey: KEY, rateLimitPerMinute: 2 });
    try {
      const call = () => timed(ingestCandidate({ ...options(), baseUrl: limited.url, maxRetries: 0 }));
      assert.ok((await call()).value);
      assert.ok((await call()).value);
      const { error } = await call();
      assert.ok(error instanceof RateLimitError);
      assert.ok(error.retryAfterMs > 0 && error.retryAfterMs <= 60_000);
      assert.equal(limited.sandbox.candidates().length, 2);
    } finally {
      await limited.close();
    }
  });

  test("401: AuthenticationError, no retry, no key in the error", async () => {
    const { error } = await timed(ingestCandidate(options({ apiKey: `${KEY}_wrong` })));
    assert.ok(error instanceof AuthenticationError);
    assert.equal(error.status, 401);
    assert.match(error.message, /^401 \S/);
    assert.equal(error.code, "invalid_api_key");
    assertNoKey(error);
    assert.equal(sandbox.requestsSeen(), 1);
  });

  test("404: NotFoundError for an unknown posting", async () => {
    const { error } = await timed(ingestCandidate(options({ postingId: "missing" })));
    assert.ok(error instanceof NotFoundError);
    assert.equal(error.code, "posting_not_found");
    assert.match(error.message, /^404 /);
    assert.equal(sandbox.requestsSeen(), 1);
  });

  test("a 404 from something that is not HeyMilo names the URL that answered", async () => {
    const notHeyMilo = createHttpServer((request, response) => response.writeHead(404, { "content-type": "text/plain" }).end("Cannot POST"));
    await new Promise((resolve) => notHeyMilo.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${notHeyMilo.address().port}`;
      const { error } = await timed(ingestCandidate(options({ baseUrl: `${url}/v1` })));
      assert.ok(error instanceof NotFoundError, String(error));
      assert.equal(error.status, 404);
      const expected = `404 from ${url}/v1/api/v2/postings/${POSTING}/candidates, which is not HeyMilo's API`;
      assert.ok(error.message.startsWith(expected), error.message);
      assert.match(error.message, /check baseUrl/);
      assert.match(error.message, /Cannot POST/);
      assertNoKey(error);
    } finally {
      notHeyMilo.close();
    }
  });

  test("422: detail[] mapped to issues", async () => {
    sandbox.setFaults([{ status: 422 }]);
    const { error } = await timed(ingestCandidate(options()));
    assert.ok(error instanceof UnprocessableEntityError);
    assert.deepEqual(error.issues.map(({ path, code }) => ({ path, code })), [{ path: ["email"], code: "invalid_email" }]);
    assert.equal(sandbox.requestsSeen(), 1);
  });

  for (const status of [500, 502, 503, 504]) {
    test(`${status} on a sync ingest: InternalServerError, no retry, at most one stored`, async () => {
      sandbox.setFaults([{ status }]);
      const { error } = await timed(ingestCandidate(options()));
      assert.ok(error instanceof InternalServerError, String(error));
      assert.equal(error.status, status);
      assert.equal(sandbox.requestsSeen(), 1);
      assert.equal(sandbox.candidates().length, 0);
      sandbox.reset();
      sandbox.setFaults([{ status, afterStore: true }]);
      const again = await timed(ingestCandidate(options()));
      assert.ok(again.error instanceof InternalServerError);
      assert.equal(sandbox.requestsSeen(), 1);
      assert.equal(sandbox.candidates().length, 1, "stored once, never twice");
    });

    // Each queued job becomes a candidate: a retried queueing duplicates like a sync ingest.
    test(`${status} on an async ingest: InternalServerError, no retry, never queued twice`, async () => {
      for (const [ingest, opts] of [[ingestCandidateAsync, options()], [ingestCandidatesAsync, bulkOptions([ada, ada])]]) {
        sandbox.reset();
        sandbox.setFaults([{ status, afterStore: true }]);
        const { error } = await timed(ingest(opts));
        assert.ok(error instanceof InternalServerError, String(error));
        assert.equal(sandbox.requestsSeen(), 1);
        assert.equal(sandbox.candidates().length, opts.candidates ? 2 : 1, "stored once, never twice");
      }
      sandbox.reset();
      sandbox.setFaults([{ times: 1, status }]);
      const { value } = await timed(ingestCandidateAsync(options({ retryUncertain: true })));
      assert.ok(value, "retryUncertain: true retries it");
      assert.equal(sandbox.requestsSeen(), 2);
    });
  }

  test("a hang past timeoutMs: TimeoutError, not retried on a sync ingest", async () => {
    sandbox.setFaults([{ delayMs: 3000 }]);
    const { error, ms } = await timed(ingestCandidate(options({ timeoutMs: 300 })));
    assert.ok(error instanceof TimeoutError, String(error));
    assert.ok(error instanceof ConnectionError);
    assert.ok(ms >= 280 && ms < 1500, `${ms} ms`);
    assert.equal(sandbox.requestsSeen(), 1);
    assert.ok(sandbox.candidates().length <= 1);
  });

  test("a hang on an async ingest is not retried: the job may be queued already", async () => {
    for (const [ingest, opts] of [[ingestCandidateAsync, options({ timeoutMs: 300 })], [ingestCandidatesAsync, bulkOptions([ada], { timeoutMs: 300 })]]) {
      sandbox.reset();
      sandbox.setFaults([{ times: 1, delayMs: 1000 }]);
      const { error } = await timed(ingest(opts));
      assert.ok(error instanceof TimeoutError, String(error));
      assert.equal(sandbox.requestsSeen(), 1);
      await new Promise((resolve) => setTimeout(resolve, 1200)); // the delayed request lands
      assert.equal(sandbox.candidates().length, 1, "queued once, never twice");
    }
  });

  test("a dropped connection on an async ingest is not retried", async () => {
    sandbox.setFaults([{ drop: true }]);
    const { error } = await timed(ingestCandidateAsync(options()));
    assert.ok(error instanceof ConnectionError, String(error));
    assert.equal(sandbox.requestsSeen(), 1);
  });

  test("connection refused: ConnectionError after the retries", async () => {
    const port = await closedPort();
    let attempts = 0;
    const counting = (url, init) => {
      attempts++;
      return fetch(url, init);
    };
    const { error, ms } = await timed(
      ingestCandidate({ baseUrl: `http://127.0.0.1:${port}`, apiKey: KEY, postingId: POSTING, candidate: ada, fetch: counting }),
    );
    assert.ok(error instanceof ConnectionError && !(error instanceof TimeoutError), String(error));
    assert.equal(attempts, 3);
    assert.ok(ms >= 250 + 500 && ms < 4000, `${ms} ms`);
    assertNoKey(error);
  });

  test("a dropped connection on a sync ingest is not retried", async () => {
    sandbox.setFaults([{ drop: true }]);
    const { error } = await timed(ingestCandidate(options()));
    assert.ok(error instanceof ConnectionError, String(error));
    assert.equal(sandbox.requestsSeen(), 1);
    assert.ok(sandbox.candidates().length <= 1);
  });

  for (const body of ["malformed", "html", "empty", "truncated"]) {
    test(`a ${body} success body: MalformedResponseError with status and excerpt`, async () => {
      sandbox.setFaults([{ body }]);
      const { error } = await timed(ingestCandidate(options()));
      assert.ok(error instanceof MalformedResponseError, String(error));
      assert.equal(error.status, 201);
      if (body === "html") assert.match(error.message, /502 Bad Gateway/);
      assert.equal(sandbox.requestsSeen(), 1);
      assert.equal(sandbox.candidates().length, 1);
    });
  }

  // Not timings: each bound is half of what the client would wait without the abort.
  test("abort during a request: AbortError without waiting for the answer", async () => {
    sandbox.setFaults([{ delayMs: 5000 }]);
    const controller = new AbortController();
    const pending = timed(ingestCandidate(options({ signal: controller.signal })));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const abortedAt = performance.now();
    controller.abort();
    const { error } = await pending;
    assert.ok(error instanceof AbortError, String(error));
    assert.ok(performance.now() - abortedAt < 2500, "waited for the 5 s answer");
  });

  test("abort during a backoff wait: AbortError without waiting for the retry", async () => {
    sandbox.setFaults([{ status: 429, retryAfter: 30 }]);
    const controller = new AbortController();
    const pending = timed(ingestCandidate(options({ signal: controller.signal })));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sandbox.requestsSeen(), 1, "waiting between attempts");
    const abortedAt = performance.now();
    controller.abort();
    const { error } = await pending;
    assert.ok(error instanceof AbortError, String(error));
    assert.ok(performance.now() - abortedAt < 15_000, "waited for the 30 s Retry-After");
    assert.equal(sandbox.requestsSeen(), 1);
  });

  test("an already aborted signal sends nothing", async () => {
    const { error } = await timed(ingestCandidate(options({ signal: AbortSignal.abort() })));
    assert.ok(error instanceof AbortError);
    assert.equal(sandbox.requestsSeen(), 0);
  });
});

describe("browser guard", () => {
  test("an apiKey with window and document throws unless dangerouslyAllowBrowser", async () => {
    globalThis.window = {};
    globalThis.document = {};
    try {
      const { error } = await timed(ingestCandidate(options()));
      assert.ok(error instanceof ConfigurationError);
      assert.match(error.message, /dangerouslyAllowBrowser/);
      assertNoKey(error);
      assert.equal(sandbox.requestsSeen(), 0);
      assert.ok((await timed(ingestCandidate(options({ dangerouslyAllowBrowser: true })))).value);
      const proxied = await timed(ingestCandidate({ baseUrl: server.url, postingId: POSTING, candidate: ada }));
      assert.ok(proxied.error instanceof AuthenticationError, "no key: no guard (the proxy adds the key)");
    } finally {
      delete globalThis.window;
      delete globalThis.document;
    }
  });
});

function closedPort() {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
