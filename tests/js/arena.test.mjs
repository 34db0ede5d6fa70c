// The browser builds and the validation build at opt-level 3 use a per-call
// arena allocator (crates/call-arena):
// memory must be reused after every call, so a long session of validation
// (and of client decisions) does not grow the wasm memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as browserCore from "../../pkg/dist/heymilo_ingest_browser.js";
import * as validateCore from "../../pkg/dist/heymilo_ingest_validate.js";
import * as validateO3Core from "../../pkg/dist/heymilo_ingest_validate_o3.js";
import { createApi } from "../../pkg/src/api.js";

const load = (core, name) => core.initSync({ module: readFileSync(new URL(`../../pkg/dist/heymilo_ingest_${name}_bg.wasm`, import.meta.url)) });

const rows = Array.from({ length: 20 }, (_, i) => ({
  name: `Candidate ${i}`,
  email: `c${i}@example.com`,
  phone_number: "+44 20 7946 0958",
  metadata: { source: "x".repeat(400), row: String(i) },
  data: { nested: { list: [1, 2, 3], text: "y".repeat(300) } },
}));

for (const [name, core] of [["validate", validateCore], ["validate_o3", validateO3Core], ["browser", browserCore]]) {
  test(`${name} build: memory does not grow over 5 000 calls`, () => {
    const exports = load(core, name);
    const api = createApi(core);
    const call = (i) => {
      const result = i % 2 ? api.validateCandidates(rows) : api.validateCandidate({ ...rows[0], email: "bad" });
      assert.equal(result.ok, i % 2 === 1);
      if (name === "browser") JSON.parse(core.planIngest("ingestCandidate", JSON.stringify(rows[0]), "p", undefined, undefined, false, undefined));
    };
    for (let i = 0; i < 200; i++) call(i);
    const warm = exports.memory.buffer.byteLength;
    for (let i = 0; i < 5_000; i++) call(i);
    assert.equal(exports.memory.buffer.byteLength, warm, "the arena is reused after each call");
    const huge = api.validateCandidate({ name: "A", email: `${"x".repeat(4 << 20)}@example.com` });
    assert.equal(huge.issues[0].code, "too_long");
    const afterHuge = exports.memory.buffer.byteLength;
    for (let i = 0; i < 2_000; i++) call(i);
    assert.equal(exports.memory.buffer.byteLength, afterHuge, "memory from a large call is reused, not added to");
  });
}
