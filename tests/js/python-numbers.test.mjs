// Numbers HeyMilo's server (Python's json) cannot take are issues, not
// forwarded: one that becomes infinity as a double, an integer of more than
// 4 300 digits. JavaScript numbers never are (JSON.stringify writes at most
// Number.MAX_VALUE), so these arrive as JSON text: in an edge request's body,
// in the core's validateJson, or through JSON.rawJSON where the runtime has it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createSandbox, handleIngestRequest } from "../../pkg/src/entry-node.js";
import * as browserCore from "../../pkg/dist/heymilo_ingest_browser.js";
import * as serverCore from "../../pkg/dist/heymilo_ingest_server.js";
import * as validateCore from "../../pkg/dist/heymilo_ingest_validate.js";
import * as edgeCore from "../../pkg/dist/heymilo_ingest_edge.js";
import { builds } from "./builds.mjs";

const cores = { browser: browserCore, server: serverCore, validate: validateCore, edge: edgeCore };
for (const [build, core] of Object.entries(cores)) {
  core.initSync({ module: readFileSync(new URL(`../../pkg/dist/heymilo_ingest_${build}_bg.wasm`, import.meta.url)) });
}

const HALFWAY = (2n ** 1024n - 2n ** 970n).toString(); // from here up a double is infinity
const BELOW = (2n ** 1024n - 2n ** 970n - 1n).toString();
const LONGEST = "9".repeat(4300);
const candidate = (data) => `{"name":"Ada","email":"ada@example.com","data":${data}}`;
const brief = (result) => result.issues.map(({ path, code }) => ({ path, code }));

for (const [build, core] of Object.entries(cores)) {
  test(`${build}: numbers Python cannot read are number_out_of_range, at their paths`, () => {
    const bad = JSON.parse(core.validateJson(candidate(`{"a":1e999999,"b":[-${LONGEST}1],"c":{"d":${HALFWAY}.0},"e":-1E400}`), false));
    assert.equal(bad.ok, false);
    assert.equal(bad.value, undefined);
    assert.deepEqual(brief(bad), [
      { path: ["data", "a"], code: "number_out_of_range" },
      { path: ["data", "b", 0], code: "number_out_of_range" },
      { path: ["data", "c", "d"], code: "number_out_of_range" },
      { path: ["data", "e"], code: "number_out_of_range" },
    ]);
    const fine = JSON.parse(core.validateJson(candidate(`{"a":1.7976931348623157e308,"b":[-${LONGEST}],"c":${BELOW}.9,"d":1e-999999}`), false));
    assert.deepEqual(fine.issues, []);
    assert.equal(fine.value.data.a, Number.MAX_VALUE);
    const rows = JSON.parse(core.validateJson(`[${candidate("{}")},${candidate('{"x":1e309}')}]`, true));
    assert.deepEqual(brief(rows), [{ path: [1, "data", "x"], code: "number_out_of_range" }]);
  });
}

for (const [build, api] of Object.entries(builds)) {
  test(`${build}: the largest JavaScript numbers are sent as they are`, () => {
    const data = { max: Number.MAX_VALUE, min: -Number.MAX_VALUE, tiny: Number.MIN_VALUE, safe: [Number.MAX_SAFE_INTEGER] };
    const result = api.validateCandidate({ name: "Ada", email: "ada@example.com", data });
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.value.data, data);
    // JSON.rawJSON (where the runtime has it) is how JavaScript sends such text.
    if (typeof JSON.rawJSON === "function") {
      const raw = api.validateCandidate({ name: "Ada", email: "ada@example.com", data: { big: JSON.rawJSON("1e999999") } });
      assert.deepEqual(brief(raw), [{ path: ["data", "big"], code: "number_out_of_range" }]);
    }
  });
}

test("the edge handler refuses them with 422 and contacts no one", async () => {
  const sandbox = createSandbox({ apiKey: "sk_test_numbers" });
  let forwarded = 0;
  let lastBody = "";
  const config = {
    apiKey: "sk_test_numbers",
    postings: ["p1"],
    baseUrl: "https://upstream.test",
    fetch: (url, init) => {
      forwarded++;
      lastBody = init.body;
      return sandbox.fetch(url, init);
    },
  };
  const send = (body, route = "candidates") =>
    handleIngestRequest(new Request(`http://edge.test/heymilo/api/v2/postings/p1/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body }), config);
  for (const data of ['{"score":1e999999}', `{"id":${LONGEST}0}`, `{"x":[0.${HALFWAY}e309]}`]) {
    const response = await send(candidate(data));
    assert.equal(response.status, 422, data.slice(0, 40));
    const codes = (await response.json()).detail.map((d) => d.ctx?.code);
    assert.deepEqual(codes, ["number_out_of_range"]);
  }
  assert.equal(forwarded, 0);
  const ok = await send(candidate(`{"score":1.7976931348623157e308,"id":${LONGEST}}`));
  assert.equal(ok.status, 201);
  assert.equal(forwarded, 1);
  assert.ok(lastBody.includes(`"data":{"score":1.7976931348623157e308,"id":${LONGEST}}`), lastBody.slice(0, 120));
});
