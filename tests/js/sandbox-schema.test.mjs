// Every kind of sandbox response body validates against the contract's
// schema for its operation and status (tests/schemas is derived from the
// OpenAPI by scripts/api-schema/derive.py), checked with Ajv (JSON Schema 2020-12).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { createSandbox } from "../../pkg/src/entry-node.js";

const contract = JSON.parse(readFileSync(new URL("../schemas/candidates-api.schema.json", import.meta.url)));
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(contract, "contract");
const validatorFor = (name) => ajv.getSchema(`contract#/$defs/${name}`);

const KEY = "sk_schema";
const ada = { name: "Ada", email: "ada@example.com", phone_number: "+12065551234", metadata: { k: "v" }, data: { years: 3 } };
const base = "http://sandbox.test/api/v2/postings";

const calls = [
  ["ingestCandidate", "POST", "p1/candidates", ada, {}],
  ["ingestCandidatesBulk", "POST", "p1/candidates/bulk", { data: [ada, ada] }, {}],
  ["ingestCandidateAsync", "POST", "p1/candidates/async", ada, {}],
  ["ingestCandidatesBulkAsync", "POST", "p1/candidates/bulk/async", { data: [ada] }, {}],
  ["listCandidates", "GET", "p1/candidates?limit=2", undefined, {}],
  ["listCandidates", "GET", "p1/candidates?created_after=9&created_before=1", undefined, {}],
  ["listCandidates", "GET", "p1/candidates?limit=0", undefined, {}],
  ["ingestCandidate", "POST", "p1/candidates", { name: "", metadata: { k: 1 } }, {}],
  ["ingestCandidatesBulk", "POST", "p1/candidates/bulk", { data: [] }, {}],
  ["ingestCandidate", "POST", "nope/candidates", ada, {}],
  ["ingestCandidate", "POST", "p1/candidates", ada, { "x-api-key": "sk_wrong" }],
  ["ingestCandidate", "POST", "p1/candidates", ada, { "x-sandbox-fault": "status=429; retry-after=1" }],
];

test("every sandbox response body matches the contract's schema for its status", async () => {
  const sandbox = createSandbox({ apiKey: KEY, postings: ["p1"] });
  const seen = new Set();
  for (const [operation, method, path, body, headers] of calls) {
    const response = await sandbox.fetch(`${base}/${path}`, {
      method,
      headers: { "content-type": "application/json", "x-api-key": KEY, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const schemaName = contract["x-responses"][operation][String(response.status)];
    assert.ok(schemaName, `${operation} ${response.status} is not a documented response`);
    const validate = validatorFor(schemaName);
    const payload = await response.json();
    assert.ok(validate(payload), `${operation} ${response.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(payload)}`);
    seen.add(`${operation} ${response.status}`);
  }
  for (const expected of ["ingestCandidate 201", "ingestCandidatesBulk 201", "ingestCandidateAsync 202", "ingestCandidatesBulkAsync 202", "listCandidates 200", "listCandidates 400", "listCandidates 422", "ingestCandidate 422", "ingestCandidate 404", "ingestCandidate 401", "ingestCandidate 429"]) {
    assert.ok(seen.has(expected), `not exercised: ${expected}`);
  }
});

test("the schema check can fail: a receipt without interview_url is rejected", () => {
  const validate = validatorFor("SingleResponse_IngestCandidateResponse_");
  assert.equal(validate({ data: { interview_id: "A", posting_id: "p" } }), false);
});
