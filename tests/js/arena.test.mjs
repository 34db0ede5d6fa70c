// The browser builds and the validation build at opt-level 3 use a per-call
// arena allocator (crates/call-arena; the browser build's in stacked regions,
// as its async client keeps a task queue between calls): memory must be
// reused after every call, so a long session of validation (and of client
// calls) does not grow the wasm memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as browserCore from "../../pkg/dist/heymilo_ingest_browser.js";
import * as validateCore from "../../pkg/dist/heymilo_ingest_validate.js";
import * as validateO3Core from "../../pkg/dist/heymilo_ingest_validate_o3.js";
import { createApi } from "../../pkg/src/api.js";
import { createSandbox } from "../../pkg/src/entry-node.js";

/** A 201 body as the sandbox answers it, with a fixed interview id. */
async function sandboxReceipt() {
  const sandbox = createSandbox();
  const response = await sandbox.fetch(
    new Request("http://sandbox.test/api/v2/postings/p/candidates", {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "sk_sandbox" },
      body: JSON.stringify(rows[0]),
    }),
  );
  const { data } = await response.json();
  return JSON.stringify({ data: { ...data, interview_id: "0123456789ABCDEF" } });
}

const load = (core, name) => core.initSync({ module: readFileSync(new URL(`../../pkg/dist/heymilo_ingest_${name}_bg.wasm`, import.meta.url)) });

const rows = Array.from({ length: 20 }, (_, i) => ({
  name: `Candidate ${i}`,
  email: `c${i}@example.com`,
  phone_number: "+44 20 7946 0958",
  metadata: { source: "x".repeat(400), row: String(i) },
  data: { nested: { list: [1, 2, 3], text: "y".repeat(300) } },
}));

for (const [name, core] of [["validate", validateCore], ["validate_o3", validateO3Core], ["browser", browserCore]]) {
  test(`${name} build: memory does not grow over 5 000 calls`, async () => {
    const exports = load(core, name);
    const api = createApi(core);
    // The whole client call (validate, build, send, read, judge) over a canned answer: the sandbox's.
    const receipt = await sandboxReceipt();
    const canned = async () => new Response(receipt, { status: 201, headers: { "content-type": "application/json" } });
    const call = async (i) => {
      const result = i % 2 ? api.validateCandidates(rows) : api.validateCandidate({ ...rows[0], email: "bad" });
      assert.equal(result.ok, i % 2 === 1);
      if (name === "browser") {
        const sent = await api.ingestCandidate({ baseUrl: "http://127.0.0.1:9", postingId: "p", candidate: rows[0], fetch: canned }).catch((e) => e);
        assert.equal(sent.data?.interview_id, "0123456789ABCDEF", String(sent));
      }
    };
    for (let i = 0; i < 200; i++) await call(i);
    const warm = exports.memory.buffer.byteLength;
    for (let i = 0; i < 5_000; i++) await call(i);
    assert.equal(exports.memory.buffer.byteLength, warm, "memory is reused after each call");
    const huge = api.validateCandidate({ name: "A", email: `${"x".repeat(4 << 20)}@example.com` });
    assert.equal(huge.issues[0].code, "too_long");
    const afterHuge = exports.memory.buffer.byteLength;
    for (let i = 0; i < 2_000; i++) await call(i);
    assert.equal(exports.memory.buffer.byteLength, afterHuge, "memory from a large call is reused, not added to");
  });
}

// Calls in flight at once allocate between each other's awaits; the arena's
// regions must keep every one's memory apart, and still return to flat.
test("browser build: concurrent client calls stay apart and memory stays flat", async () => {
  const exports = load(browserCore, "browser");
  const api = createApi(browserCore);
  const receipt = await sandboxReceipt();
  const echoing = async (url, init) => {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    const { name } = JSON.parse(init.body);
    return new Response(receipt.replace("0123456789ABCDEF", name.slice(-16).padStart(16, "0")), { status: 201 });
  };
  const round = async (r) => {
    const names = Array.from({ length: 20 }, (_, i) => `Candidate ${String(r * 100 + i).padStart(16, "0")}`);
    const sent = await Promise.all(
      names.map((name) => api.ingestCandidate({ baseUrl: "http://127.0.0.1:9", postingId: "p", candidate: { ...rows[1], name }, fetch: echoing })),
    );
    assert.deepEqual(sent.map(({ data }) => data.interview_id), names.map((name) => name.slice(-16)));
  };
  for (let r = 0; r < 20; r++) await round(r);
  const warm = exports.memory.buffer.byteLength;
  for (let r = 20; r < 220; r++) await round(r);
  assert.equal(exports.memory.buffer.byteLength, warm, "memory is reused after concurrent calls");
});
