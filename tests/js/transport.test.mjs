// The key's transport, for the client and the edge handler alike, with the
// runtime's own fetch against servers on 127.0.0.1: a redirect is never
// followed (the key and the candidate stay off the other host), http:// is
// refused unless loopback, and an answer is read only up to
// maxResponseBytes (the upstream sees its connection closed early).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import {
  ConfigurationError,
  InternalServerError,
  RedirectError,
  ResponseTooLargeError,
  handleIngestRequest,
  ingestCandidate,
  ingestCandidateAsync,
  ingestCandidatesAsync,
} from "../../pkg/src/entry-node.js";
import { serveSandbox } from "../../pkg/src/sandbox-server.js";

const KEY = "sk_Live_Transport_Q7z9";
const POSTING = "p1";
const ada = { name: "Ada Lovelace", email: "ada.transport@example.com", phone_number: "+44 20 7946 0958" };
const edgeRequest = (path = "/candidates") =>
  new Request(`https://edge.test/heymilo/api/v2/postings/${POSTING}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ada),
  });

/** An HTTP server on 127.0.0.1 that records each request (headers and body) and answers with `respond`. */
async function serve(respond) {
  const seen = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const entry = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() };
    seen.push(entry);
    respond(req, res, entry);
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    seen,
    close: () => new Promise((done) => server.close(done)),
  };
}

describe("redirects are never followed", () => {
  let target;
  let redirector;
  let status;
  before(async () => {
    // Where a followed redirect would lead: it must never hear from us.
    target = await serve((req, res) => res.writeHead(201, { "content-type": "application/json" }).end('{"data":{}}'));
    redirector = await serve((req, res) => res.writeHead(status, { location: `${target.url}${req.url}` }).end());
  });
  after(async () => {
    await target.close();
    await redirector.close();
  });

  for (const code of [301, 302, 303, 307, 308]) {
    test(`${code}: the client throws RedirectError, once, and the other host sees nothing`, async () => {
      status = code;
      redirector.seen.length = 0;
      for (const send of [ingestCandidate, ingestCandidateAsync]) {
        const error = await send({ baseUrl: redirector.url, apiKey: KEY, postingId: POSTING, candidate: ada }).then(
          () => assert.fail("resolved"),
          (e) => e,
        );
        assert.ok(error instanceof RedirectError, String(error));
        assert.equal(error.name, "RedirectError");
        assert.equal(error.status, code);
        assert.equal(error.code, "redirect_not_followed");
        assert.match(error.message, new RegExp(`^${code} redirect from ${redirector.url}/api/v2/postings/p1/candidates`));
        assert.ok(!JSON.stringify(error.headers).includes(KEY));
      }
      assert.equal(redirector.seen.length, 2, "one request per call: a redirect is not retried");
      assert.equal(redirector.seen[0].headers["x-api-key"], KEY);
      assert.deepEqual(target.seen, [], "the key and the candidate never reached the other host");
    });

    test(`${code}: the edge handler answers 502 upstream_redirect and the other host sees nothing`, async () => {
      status = code;
      redirector.seen.length = 0;
      const config = { apiKey: KEY, postings: [POSTING], baseUrl: redirector.url };
      const response = await handleIngestRequest(edgeRequest(), config);
      assert.equal(response.status, 502);
      assert.equal(response.headers.get("location"), null);
      const body = await response.json();
      assert.deepEqual(body.error, { type: "api_error", code: "upstream_redirect", message: "HeyMilo answered with a redirect, which is not followed." });
      assert.equal(redirector.seen.length, 1);
      assert.deepEqual(target.seen, []);
    });
  }

  test("an injected fetch is asked not to follow, by the client and by the edge", async () => {
    const inits = [];
    const recording = (url, init) => {
      inits.push(init);
      return Promise.resolve(new Response(null, { status: 302, headers: { location: "https://elsewhere.test/" } }));
    };
    const error = await ingestCandidate({ baseUrl: "https://api.test", apiKey: KEY, postingId: POSTING, candidate: ada, fetch: recording }).catch((e) => e);
    assert.ok(error instanceof RedirectError, String(error));
    assert.match(error.message, /to https:\/\/elsewhere\.test\//);
    const response = await handleIngestRequest(edgeRequest(), { apiKey: KEY, postings: [POSTING], baseUrl: "https://api.test", fetch: recording });
    assert.equal(response.status, 502);
    assert.deepEqual(inits.map((init) => init.redirect), ["manual", "manual"]);
  });

  test("a browser's opaque redirect (status 0) is a RedirectError too", async () => {
    const opaque = () => Promise.resolve(Response.error());
    // Response.error() is status 0 with an empty body, as an opaqueredirect is.
    const error = await ingestCandidate({ baseUrl: "https://api.test", apiKey: KEY, postingId: POSTING, candidate: ada, fetch: opaque }).catch((e) => e);
    assert.ok(error instanceof RedirectError, String(error));
    assert.equal(error.status, 0);
  });
});

describe("http:// only to this machine", () => {
  const never = () => assert.fail("fetch must not be called");

  test("the client refuses an http:// baseUrl that is not loopback, before sending", async () => {
    for (const baseUrl of ["http://api.heymilo.ai", "HTTP://example.com/heymilo", "http://127.0.0.1.nip.io", "http://10.0.0.7:4010", "http://[::2]"]) {
      for (const apiKey of [KEY, undefined]) {
        const error = await ingestCandidate({ baseUrl, apiKey, postingId: POSTING, candidate: ada, fetch: never }).catch((e) => e);
        assert.ok(error instanceof ConfigurationError, `${baseUrl}: ${error}`);
        assert.match(error.message, /^ingestCandidate: baseUrl .*loopback/, error.message);
        assert.ok(!error.message.includes(KEY));
      }
    }
  });

  test("loopback and https pass (127.0.0.0/8, localhost, [::1], and what URL parsing makes 127.0.0.1)", async () => {
    const urls = [];
    const ok = (url) => {
      urls.push(url);
      return Promise.resolve(new Response('{"data":{"ingestion_id":"i","status":"queued"}}', { status: 202, headers: { "content-type": "application/json" } }));
    };
    for (const baseUrl of ["http://127.0.0.1:4010", "http://127.9.8.7", "http://localhost:8787/", "http://[::1]:4010", "http://127.1", "https://api.test"]) {
      await ingestCandidateAsync({ baseUrl, apiKey: KEY, postingId: POSTING, candidate: ada, fetch: ok });
    }
    assert.equal(urls.length, 6);
  });

  test("the edge handler refuses an http:// upstream that is not loopback (500, logged once)", async () => {
    const original = console.error;
    const logged = [];
    console.error = (line) => logged.push(line);
    try {
      const response = await handleIngestRequest(edgeRequest(), { apiKey: KEY, postings: [POSTING], baseUrl: "http://upstream.example", fetch: never });
      assert.equal(response.status, 500);
    } finally {
      console.error = original;
    }
    assert.match(logged.join("\n"), /http:\/\/ is only allowed to a loopback host/);
  });
});

describe("answers are read up to maxResponseBytes", () => {
  const EIGHT_MIB = 8 * 1024 * 1024;
  let huge;
  let closedEarly;
  let declared;
  before(async () => {
    // 8 MiB chunked (no Content-Length), written only as fast as it is read.
    huge = await serve((req, res, entry) => {
      if (req.url.includes("declared")) {
        // Declares its length: refused without reading.
        res.writeHead(201, { "content-type": "application/json", "content-length": String(EIGHT_MIB) });
      } else {
        res.writeHead(201, { "content-type": "application/json" });
      }
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      entry.done = new Promise((resolve) => {
        res.on("close", () => resolve({ finished: res.writableFinished, sent }));
      });
      const pump = () => {
        while (sent < EIGHT_MIB) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });
  });
  after(() => huge.close());

  test("the client stops reading at 1 MiB by default: ResponseTooLargeError, not retried, connection closed", async () => {
    const error = await ingestCandidate({ baseUrl: huge.url, apiKey: KEY, postingId: POSTING, candidate: ada }).catch((e) => e);
    assert.ok(error instanceof ResponseTooLargeError, String(error));
    assert.equal(error.status, 201);
    assert.equal(error.code, "response_too_large");
    assert.match(error.message, /longer than 1048576 bytes/);
    assert.equal(huge.seen.length, 1, "not retried");
    const { finished, sent } = await huge.seen[0].done;
    assert.equal(finished, false, "the server saw the connection closed before its 8 MiB were sent");
    assert.ok(sent < EIGHT_MIB, `${sent} bytes`);
    closedEarly = true;
  });

  test("the edge handler stops reading too: 502 upstream_response_too_large, connection closed", async () => {
    huge.seen.length = 0;
    const response = await handleIngestRequest(edgeRequest(), { apiKey: KEY, postings: [POSTING], baseUrl: huge.url, maxResponseBytes: 256 * 1024 });
    assert.equal(response.status, 502);
    assert.equal((await response.json()).error.code, "upstream_response_too_large");
    const { finished, sent } = await huge.seen[0].done;
    assert.equal(finished, false);
    assert.ok(sent < EIGHT_MIB, `${sent} bytes`);
  });

  test("a declared Content-Length over the limit is refused without reading", async () => {
    huge.seen.length = 0;
    const error = await ingestCandidate({ baseUrl: `${huge.url}/declared`, apiKey: KEY, postingId: POSTING, candidate: ada }).catch((e) => e);
    assert.ok(error instanceof ResponseTooLargeError, String(error));
    declared = await huge.seen[0].done;
    assert.equal(declared.finished, false);
    assert.ok(closedEarly);
  });

  test("maxResponseBytes is an option on both; answers within it pass", async () => {
    const served = await serveSandbox({ apiKey: KEY, postings: [POSTING] });
    try {
      const common = { baseUrl: served.url, apiKey: KEY, postingId: POSTING, candidate: ada };
      assert.ok((await ingestCandidate({ ...common, maxResponseBytes: 64 * 1024 })).data.interview_id);
      const small = await ingestCandidate({ ...common, maxResponseBytes: 100 }).catch((e) => e);
      assert.ok(small instanceof ResponseTooLargeError, String(small));
      const edge = await handleIngestRequest(edgeRequest(), { apiKey: KEY, postings: [POSTING], baseUrl: served.url, maxResponseBytes: 100 });
      assert.equal(edge.status, 502);
      const fine = await handleIngestRequest(edgeRequest(), { apiKey: KEY, postings: [POSTING], baseUrl: served.url });
      assert.equal(fine.status, 201);
    } finally {
      await served.close();
    }
  });

  test("maxResponseBytes must be a positive integer", async () => {
    const original = console.error;
    console.error = () => {};
    try {
      for (const bad of [0, -1, 1.5, "1024", Number.NaN, Infinity, null]) {
        const error = await ingestCandidate({ baseUrl: "https://api.test", apiKey: KEY, postingId: POSTING, candidate: ada, maxResponseBytes: bad, fetch: () => assert.fail("sent") }).catch((e) => e);
        assert.ok(error instanceof ConfigurationError, `${bad}: ${error}`);
        assert.equal(error.message, "ingestCandidate: maxResponseBytes must be a positive integer (bytes)");
        const response = await handleIngestRequest(edgeRequest(), { apiKey: KEY, postings: [POSTING], baseUrl: "https://api.test", maxResponseBytes: bad, fetch: () => assert.fail("sent") });
        assert.equal(response.status, 500, String(bad));
      }
    } finally {
      console.error = original;
    }
  });
});

describe("a response header named after the key", () => {
  test("is not in a client error's headers, in any case", async () => {
    const lower = KEY.toLowerCase();
    const named = await serve((req, res) =>
      res.writeHead(500, { "content-type": "application/json", [`x-${lower}`]: "1", [`x-ratelimit-${lower}`]: "2", "x-request-id": "req_1" }).end("{}"),
    );
    try {
      for (const send of [ingestCandidate, ingestCandidatesAsync]) {
        const field = send === ingestCandidate ? { candidate: ada } : { candidates: [ada] };
        const error = await send({ baseUrl: named.url, apiKey: KEY, postingId: POSTING, ...field }).catch((e) => e);
        assert.ok(error instanceof InternalServerError, String(error));
        assert.equal(error.headers["x-request-id"], "req_1");
        assert.deepEqual(Object.keys(error.headers).filter((name) => name.includes(lower)), []);
      }
    } finally {
      await named.close();
    }
  });
});
