// Regression tests for what the reliability work found in the JavaScript
// layer (see RELIABILITY.md, "Findings"). Nothing here reaches the network:
// every handler gets a fetch that refuses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { handleIngestRequest } from "../../pkg/src/entry-node.js";

const KEY = "sk_live_regression_K3y";
const noNetwork = () => Promise.reject(new TypeError("fetch failed: no network in tests"));
const request = (path = "/heymilo/api/v2/postings/p1/candidates/bulk") =>
  new Request(`https://edge.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: "https://careers.example.com" },
    body: JSON.stringify({ data: [{ name: "Ada", email: "ada@example.com" }] }),
  });

// F3: options of the wrong type were silently replaced by their defaults
// (`bulk: "false"` served the bulk routes, `maxBodyBytes: "1024"` allowed
// 64 KiB, `allowedOrigins: "https://…"` allowed no origin, a non-string
// posting id was dropped). A wrong type is a misconfiguration: 500 and a log line.
test("handler options of the wrong type are a misconfiguration, not a default", async () => {
  const base = { apiKey: KEY, postings: ["p1"], allowedOrigins: ["https://careers.example.com"], fetch: noNetwork };
  const wrong = [
    { bulk: "false" },
    { async: 0 },
    { maxBodyBytes: "1024" },
    { maxBodyBytes: 1.5 },
    { maxBodyBytes: -1 },
    { allowedOrigins: "https://careers.example.com" },
    { postings: ["p1", 7] },
    { postings: "p1" },
    { basePath: 7 },
    { baseUrl: new URL("https://api.heymilo.ai") },
    { workspaceId: 42 },
  ];
  const logged = [];
  const original = console.error;
  console.error = (...args) => logged.push(args.join(" "));
  try {
    for (const option of wrong) {
      const response = await handleIngestRequest(request(), { ...base, ...option });
      assert.equal(response.status, 500, `${JSON.stringify(option)} was accepted (${response.status})`);
      assert.match(await response.text(), /handler misconfigured/);
    }
  } finally {
    console.error = original;
  }
  assert.equal(logged.length, wrong.length, logged.join("\n"));
  for (const line of logged) assert.ok(!line.includes(KEY), line);
});
