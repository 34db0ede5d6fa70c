// The hostile-request suite for handleIngestRequest, shared by the Node and
// workerd runs. Each case: the request, the expected status, and how many
// times upstream may be contacted (0 where it must not be). Requests come
// from ORIGIN unless a case says otherwise (`noOrigin`, or its own origin).

export const KEY = "sk_live_edge_7Qx9Zp2";
export const ORIGIN = "https://careers.example.com";
export const POSTINGS = ["p1", "a/b"];
export const BASE = "/heymilo/api/v2/postings";
/** The suite's handler options beyond key, postings, origins and upstream: every route on, small limits. */
export const SUITE_OPTIONS = { bulk: true, async: true, maxBulkRows: 5, honeypotField: "website", keyBudget: false };
/** The minimal receipts' fields (the default `receipt`). */
export const RECEIPT_FIELDS = {
  single: ["object", "interview_id", "interview_url", "posting_id"],
  bulk: ["object", "interview_id", "interview_url"],
  async: ["object", "ingestion_id", "status"],
};

const ada = { name: "Ada Lovelace", email: "ada@example.com" };
const json = { "content-type": "application/json" };
const body = (value) => JSON.stringify(value);
const nested = (depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** Every form of the key that must never appear in a response. */
export const keyForms = [KEY, encodeURIComponent(KEY), btoa(KEY), btoa(KEY).replace(/=+$/, "")];

export const cases = [
  // Routes and methods
  { name: "valid single ingest", path: `${BASE}/p1/candidates`, body: body(ada), status: 201, upstream: 1, receipt: "single" },
  { name: "valid bulk ingest", path: `${BASE}/p1/candidates/bulk`, body: body({ data: [ada, ada] }), status: 201, upstream: 1, receipt: "bulk" },
  { name: "valid async ingest", path: `${BASE}/p1/candidates/async`, body: body(ada), status: 202, upstream: 1, receipt: "async" },
  { name: "valid bulk async ingest", path: `${BASE}/p1/candidates/bulk/async`, body: body({ data: [ada] }), status: 202, upstream: 1, receipt: "async" },
  // Public-form limits
  { name: "bulk body over maxBulkRows", path: `${BASE}/p1/candidates/bulk`, body: body({ data: Array(6).fill(ada) }), status: 413, upstream: 0 },
  { name: "bulk async body over maxBulkRows", path: `${BASE}/p1/candidates/bulk/async`, body: body({ data: Array(6).fill(ada) }), status: 413, upstream: 0 },
  { name: "filled honeypot: a fake receipt, nothing sent", path: `${BASE}/p1/candidates`, body: body({ ...ada, website: "https://spam.example" }), status: 201, upstream: 0, receipt: "single" },
  { name: "empty honeypot is sent without it", path: `${BASE}/p1/candidates`, body: body({ ...ada, website: "" }), status: 201, upstream: 1, receipt: "single" },
  { name: "no Origin (curl, a bot) is refused", path: `${BASE}/p1/candidates`, noOrigin: true, body: body(ada), status: 403, upstream: 0, code: "origin_required" },
  { name: "encoded slash matches a configured 'a/b'", path: `${BASE}/a%2Fb/candidates`, body: body(ada), status: 201, upstream: 1 },
  { name: "GET is not allowed", method: "GET", path: `${BASE}/p1/candidates`, status: 405, upstream: 0, allow: true },
  { name: "PUT is not allowed", method: "PUT", path: `${BASE}/p1/candidates`, body: body(ada), status: 405, upstream: 0, allow: true },
  { name: "DELETE is not allowed", method: "DELETE", path: `${BASE}/p1/candidates`, status: 405, upstream: 0, allow: true },
  { name: "unknown route", path: "/heymilo/api/v2/postings/p1/interviews", body: body(ada), status: 404, upstream: 0 },
  { name: "outside the base path", path: "/api/v2/postings/p1/candidates", body: body(ada), status: 404, upstream: 0 },
  { name: "root", path: "/", body: body(ada), status: 404, upstream: 0 },
  // Posting list and path tricks
  { name: "unknown posting", path: `${BASE}/p2/candidates`, body: body(ada), status: 404, upstream: 0 },
  { name: "encoded slash to an unlisted posting", path: `${BASE}/p1%2F..%2Fp2/candidates`, body: body(ada), status: 404, upstream: 0 },
  // URL parsing resolves dot segments (also %2e%2e) before any handler sees the path.
  { name: "dot-dot segment", path: `${BASE}/p1/../p2/candidates`, body: body(ada), status: 404, upstream: 0 },
  { name: "encoded dot-dot", path: `${BASE}/p1/%2e%2e/p2/candidates`, body: body(ada), status: 404, upstream: 0 },
  { name: "encoded dot-dot segment as posting", path: `${BASE}/%2E%2E%2Fp1/candidates`, body: body(ada), status: 404, upstream: 0 },
  { name: "case change in posting", path: `${BASE}/P1/candidates`, body: body(ada), status: 404, upstream: 0 },
  { name: "case change in route", path: "/heymilo/api/v2/postings/p1/Candidates", body: body(ada), status: 404, upstream: 0 },
  { name: "case change in base path", path: "/HEYMILO/api/v2/postings/p1/candidates", body: body(ada), status: 404, upstream: 0 },
  { name: "trailing slash", path: `${BASE}/p1/candidates/`, body: body(ada), status: 404, upstream: 0 },
  { name: "double slash", path: `${BASE}//p1/candidates`, body: body(ada), status: 404, upstream: 0 },
  { name: "query string is ignored, not forwarded", path: `${BASE}/p1/candidates?posting=p2&x=/../`, body: body(ada), status: 201, upstream: 1 },
  { name: "fullwidth look-alike", path: `${BASE}/${encodeURIComponent("ｐ1")}/candidates`, body: body(ada), status: 404, upstream: 0 },
  { name: "cyrillic look-alike", path: `${BASE}/${encodeURIComponent("р1")}/candidates`, body: body(ada), status: 404, upstream: 0 },
  { name: "NUL in posting", path: `${BASE}/p1%00/candidates`, body: body(ada), status: 404, upstream: 0 },
  { name: "bad percent escape", path: `${BASE}/p%zz1/candidates`, body: body(ada), status: 404, upstream: 0 },
  // Content type, size, JSON
  { name: "text/plain", path: `${BASE}/p1/candidates`, headers: { "content-type": "text/plain" }, body: body(ada), status: 415, upstream: 0 },
  { name: "form encoded", path: `${BASE}/p1/candidates`, headers: { "content-type": "application/x-www-form-urlencoded" }, body: "name=x", status: 415, upstream: 0 },
  { name: "no content type", path: `${BASE}/p1/candidates`, headers: {}, body: body(ada), status: 415, upstream: 0 },
  { name: "JSON with charset", path: `${BASE}/p1/candidates`, headers: { "content-type": "application/json; charset=utf-8" }, body: body(ada), status: 201, upstream: 1 },
  // Refused from Content-Length before the body is read, so the server may close while the
  // client is still sending: a reset connection is the same refusal (`mayReset`).
  { name: "1 MB string", path: `${BASE}/p1/candidates`, body: body({ ...ada, name: "x".repeat(1 << 20) }), status: 413, upstream: 0, mayReset: true },
  { name: "malformed JSON", path: `${BASE}/p1/candidates`, body: '{"name": "Ada",', status: 400, upstream: 0 },
  { name: "empty body", path: `${BASE}/p1/candidates`, body: "", status: 400, upstream: 0 },
  { name: "non-UTF-8 bytes", path: `${BASE}/p1/candidates`, body: new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400, upstream: 0 },
  { name: "10 000-deep nesting", path: `${BASE}/p1/candidates`, body: `{"name":"A","email":"a@example.com","data":{"x":${nested(10_000)}}}`, status: 422, upstream: 0 },
  { name: "invalid candidate", path: `${BASE}/p1/candidates`, body: body({ name: "", email: "nope" }), status: 422, upstream: 0, issues: ["blank", "invalid_email"] },
  { name: "null body", path: `${BASE}/p1/candidates`, body: "null", status: 422, upstream: 0 },
  { name: "empty bulk", path: `${BASE}/p1/candidates/bulk`, body: body({ data: [] }), status: 422, upstream: 0 },
  { name: "prototype pollution keys", path: `${BASE}/p1/candidates`, body: '{"name":"Ada","email":"ada@example.com","__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"data":{"__proto__":{"polluted":true}}}', status: 201, upstream: 1 },
  { name: "duplicate JSON keys (last wins)", path: `${BASE}/p1/candidates`, body: '{"name":"Eve","email":"x","name":"Ada","email":"ada@example.com"}', status: 201, upstream: 1 },
  // Secrets and headers
  { name: "client-sent auth headers are dropped", path: `${BASE}/p1/candidates`, headers: { ...json, "x-api-key": "sk_attacker", authorization: "Bearer sk_attacker", cookie: "session=1", connection: "keep-alive, x-api-key" }, body: body(ada), status: 201, upstream: 1, checkForwardedHeaders: true },
  { name: "the key in the candidate is never echoed", path: `${BASE}/p1/candidates`, body: body({ name: KEY, email: "nope" }), status: 422, upstream: 0 },
  // CORS
  { name: "allowed origin", path: `${BASE}/p1/candidates`, headers: { ...json, origin: ORIGIN }, body: body(ada), status: 201, upstream: 1, allowOrigin: ORIGIN },
  { name: "foreign origin is refused", path: `${BASE}/p1/candidates`, headers: { ...json, origin: "https://evil.example" }, body: body(ada), status: 403, upstream: 0, allowOrigin: null },
  { name: "origin with a different port", path: `${BASE}/p1/candidates`, headers: { ...json, origin: `${ORIGIN}:8443` }, body: body(ada), status: 403, upstream: 0, allowOrigin: null },
  { name: "null origin", path: `${BASE}/p1/candidates`, headers: { ...json, origin: "null" }, body: body(ada), status: 403, upstream: 0, allowOrigin: null },
  { name: "preflight from the allowed origin", method: "OPTIONS", path: `${BASE}/p1/candidates`, headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type" }, status: 204, upstream: 0, allowOrigin: ORIGIN },
  { name: "preflight from a foreign origin", method: "OPTIONS", path: `${BASE}/p1/candidates`, headers: { origin: "https://evil.example", "access-control-request-method": "POST" }, status: 403, upstream: 0, allowOrigin: null },
  { name: "preflight asking to send X-API-KEY", method: "OPTIONS", path: `${BASE}/p1/candidates`, headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type, x-api-key" }, status: 403, upstream: 0, allowOrigin: null },
  { name: "preflight for DELETE", method: "OPTIONS", path: `${BASE}/p1/candidates`, headers: { origin: ORIGIN, "access-control-request-method": "DELETE" }, status: 403, upstream: 0, allowOrigin: null },
];

/**
 * Runs every case through `send(Request) → Response` and returns the problems
 * found. `upstreamCalls()` reads the upstream call count; `lastForwarded()`
 * (optional) gives the last upstream request's headers.
 */
export async function runCases({ send, upstreamCalls, lastForwarded, origin = "http://edge.test" }) {
  const problems = [];
  for (const c of cases) {
    const before = await upstreamCalls();
    const headers = { ...(c.noOrigin ? {} : { origin: ORIGIN }), ...(c.headers ?? json) };
    const request = new Request(`${origin}${c.path}`, { method: c.method ?? "POST", headers, body: c.body });
    const fail = (what) => problems.push(`${c.name}: ${what}`);
    let response;
    try {
      response = await send(request);
    } catch (error) {
      const reset = /ECONNRESET|EPIPE|socket|other side closed/i.test(`${error?.cause?.code} ${error?.cause?.message} ${error?.message}`);
      if (!(c.mayReset && reset)) throw error;
      const calls = (await upstreamCalls()) - before;
      if (calls !== 0) fail(`${calls} upstream calls after a refused body`);
      continue;
    }
    const text = await response.text();
    const calls = (await upstreamCalls()) - before;
    if (response.status !== c.status) fail(`status ${response.status}, expected ${c.status}: ${text.slice(0, 200)}`);
    if (calls !== c.upstream) fail(`${calls} upstream calls, expected ${c.upstream}`);
    const everything = `${text}\n${[...response.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}`;
    for (const form of keyForms) if (everything.includes(form)) fail(`the key (${form === KEY ? "plain" : "encoded"}) is in the response`);
    if (response.headers.get("cache-control") !== "no-store") fail(`Cache-Control ${response.headers.get("cache-control")}, expected no-store`);
    if (response.headers.get("x-content-type-options") !== "nosniff") fail("no X-Content-Type-Options: nosniff");
    if (c.code && JSON.parse(text).error?.code !== c.code) fail(`error code ${text.slice(0, 120)}, expected ${c.code}`);
    if (c.receipt && response.status === c.status) {
      const data = JSON.parse(text).data;
      const keys = (Array.isArray(data) ? data : [data]).map((row) => Object.keys(row).join());
      const expected = RECEIPT_FIELDS[c.receipt].join();
      if (Object.keys(JSON.parse(text)).join() !== "data" || !keys.every((k) => k === expected)) fail(`not the minimal receipt: ${text.slice(0, 200)}`);
    }
    const allowOrigin = response.headers.get("access-control-allow-origin");
    if (allowOrigin === "*") fail("Access-Control-Allow-Origin is *");
    if (response.headers.has("access-control-allow-credentials")) fail("credentials allowed");
    if ("allowOrigin" in c && allowOrigin !== c.allowOrigin) fail(`Access-Control-Allow-Origin ${allowOrigin}, expected ${c.allowOrigin}`);
    if (c.status !== 404 && !(response.headers.get("vary") ?? "").toLowerCase().includes("origin")) fail("no Vary: Origin");
    if (c.allow && !response.headers.get("allow")) fail("405 without Allow");
    if (c.status >= 400 && c.status !== 422 && response.status === c.status) {
      try {
        const envelope = JSON.parse(text);
        if (typeof envelope?.error?.code !== "string") fail(`not HeyMilo's error envelope: ${text.slice(0, 120)}`);
      } catch {
        fail(`error body is not JSON: ${text.slice(0, 120)}`);
      }
    }
    if (c.issues) {
      const codes = JSON.parse(text).detail?.map((d) => d.ctx?.code);
      if (JSON.stringify(codes) !== JSON.stringify(c.issues)) fail(`issues ${JSON.stringify(codes)}, expected ${JSON.stringify(c.issues)}`);
    }
    if (c.checkForwardedHeaders && lastForwarded) {
      const forwarded = await lastForwarded();
      if (forwarded["x-api-key"] !== KEY) fail("upstream did not get the configured key");
      for (const name of ["authorization", "cookie", "connection"]) if (name in forwarded) fail(`client header ${name} was forwarded`);
    }
  }
  return problems;
}
