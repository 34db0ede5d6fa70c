// Edge overhead: the same load (autocannon, fixed connections and duration,
// loopback only) sent straight to the sandbox on 127.0.0.1, and through the
// edge handler (README's Worker, bundled by wrangler, run by Miniflare's
// workerd on 127.0.0.1) to that sandbox. Interleaved rounds; per round the
// latency percentiles come from every response's own time (autocannon's
// histogram has 1 ms steps), throughput from autocannon's request count.
//
//   node bench/edge.mjs --out FILE [--duration 8] [--connections 10] [--rounds 3]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { benchDir, pkgUrl, tool } from "./lib/paths.mjs";
import { startSandbox } from "./lib/sandbox.mjs";
import { interleaved, median, pairedRatios, quantile } from "./lib/stats.mjs";
import { bundledWorkerOptions, bundleWorker } from "./lib/wrangler.mjs";

const { values: args } = parseArgs({
  options: {
    out: { type: "string" },
    duration: { type: "string", default: "8" },
    connections: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
  },
});
const autocannon = createRequire(join(benchDir, "package.json"))("autocannon");
const { Miniflare } = await import(pathToFileURL(tool("miniflare/dist/src/index.js")).href);

const candidate = JSON.stringify({ name: "Ada Lovelace", email: "ada@example.com", phone_number: "+44 20 7946 0958" });
const duration = Number(args.duration);
const connections = Number(args.connections);

function load(target, seconds) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const instance = autocannon(
      { url: target.url, method: "POST", headers: target.headers, body: candidate, connections, pipelining: 1, duration: seconds },
      (error, result) => (error ? reject(error) : resolve({ result, latencies })),
    );
    instance.on("response", (_client, status, _bytes, responseTime) => {
      if (status === 201) latencies.push(responseTime);
    });
  });
}

// The handler's own CPU cost per request, in Node (no network): handleIngestRequest
// with a canned upstream answer, against a bare forwarding function with the same.
async function inProcess() {
  const { handleIngestRequest } = await import(pkgUrl("src/entry-node.js"));
  const answer = JSON.stringify({ data: { object: "candidate", interview_id: "0123456789ABCDEF", interview_url: "https://x.test/i/0123456789ABCDEF", posting_id: "p1" } });
  const upstream = async () => new Response(answer, { status: 201, headers: { "content-type": "application/json", "x-request-id": "req_1" } });
  // keyBudget: false: the bench measures the handler, not the key's budget.
  const config = { apiKey: "sk_bench", postings: ["p1"], allowedOrigins: ["https://careers.example.com"], baseUrl: "https://upstream.test", fetch: upstream, keyBudget: false };
  const request = () =>
    new Request("https://edge.test/heymilo/api/v2/postings/p1/candidates", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://careers.example.com" },
      body: candidate,
    });
  const ways = {
    handleIngestRequest: async () => (await handleIngestRequest(request(), config)).status,
    "bare forward": async () => {
      const req = request();
      const res = await upstream("https://upstream.test/api/v2/postings/p1/candidates", { method: "POST", headers: { "content-type": "application/json", "x-api-key": "sk_bench" }, body: await req.arrayBuffer() });
      return new Response(res.body, { status: res.status, headers: res.headers }).status;
    },
  };
  for (const [name, call] of Object.entries(ways)) if ((await call()) !== 201) throw new Error(`${name}: not 201`);
  const samples = await interleaved(Object.keys(ways), 7, async (name) => {
    const start = performance.now();
    for (let i = 0; i < 1000; i++) await ways[name]();
    return (performance.now() - start) * 1000 / 1000;
  });
  return { handler: median(samples.handleIngestRequest), bare: median(samples["bare forward"]) };
}
const cpu = await inProcess();
console.error(`[edge] in Node, no network: handleIngestRequest ${cpu.handler.toFixed(0)} µs/request, bare forward ${cpu.bare.toFixed(0)} µs/request`);

const sandbox = await startSandbox();
const work = mkdtempSync(join(tmpdir(), "heymilo-edge-"));
let mf;
try {
  bundleWorker("edge", join(work, "edge"));
  bundleWorker("passthrough", join(work, "passthrough"));
  const bindings = { HEYMILO_API_KEY: "sk_bench", HEYMILO_POSTING_ID: "p1", UPSTREAM_BASE_URL: sandbox.url };
  // One workerd, two Workers on their own ports: the edge handler, and the breakdown's passthrough.
  mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    workers: [
      { name: "edge", ...bundledWorkerOptions(join(work, "edge"), "edge"), bindings },
      { name: "passthrough", ...bundledWorkerOptions(join(work, "passthrough"), "passthrough"), bindings, unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] },
    ],
  });
  const edgeUrl = (await mf.ready).toString().replace(/\/$/, "");
  const passUrl = (await mf.unsafeGetDirectURL("passthrough")).toString().replace(/\/$/, "");
  const targets = {
    direct: { url: `${sandbox.url}/api/v2/postings/p1/candidates`, headers: { "content-type": "application/json", "x-api-key": "sk_bench" } },
    edge: { url: `${edgeUrl}/heymilo/api/v2/postings/p1/candidates`, headers: { "content-type": "application/json", origin: "https://careers.example.com" } },
    "workerd passthrough": { url: `${passUrl}/heymilo/api/v2/postings/p1/candidates`, headers: { "content-type": "application/json" } },
    "workerd empty": { url: `${passUrl}/empty`, headers: { "content-type": "application/json" } },
  };
  for (const [name, target] of Object.entries(targets)) {
    const probe = await fetch(target.url, { method: "POST", headers: target.headers, body: candidate });
    if (probe.status !== 201) throw new Error(`${name}: expected 201, got ${probe.status} ${await probe.text()}`);
  }
  const rounds = await interleaved(
    Object.keys(targets),
    Number(args.rounds),
    async (name) => {
      await sandbox.reset();
      const { result, latencies } = await load(targets[name], duration);
      const sample = {
        rps: result.requests.total / result.duration,
        p50: quantile(latencies, 0.5),
        p99: quantile(latencies, 0.99),
        ok: latencies.length,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      };
      console.error(`[edge] ${name}: ${sample.rps.toFixed(0)} req/s, p50 ${sample.p50.toFixed(2)} ms, p99 ${sample.p99.toFixed(2)} ms, non-2xx ${sample.non2xx}, errors ${sample.errors}`);
      return sample;
    },
    { warmup: 1 },
  );
  const pick = (name, key) => rounds[name].map((s) => s[key]);
  const summary = (name) => ({
    rps: median(pick(name, "rps")),
    p50: median(pick(name, "p50")),
    p99: median(pick(name, "p99")),
    non2xx: pick(name, "non2xx").reduce((a, b) => a + b, 0),
    errors: pick(name, "errors").reduce((a, b) => a + b, 0),
  });
  const results = {
    connections,
    duration,
    rounds: Number(args.rounds),
    direct: summary("direct"),
    edge: summary("edge"),
    passthrough: summary("workerd passthrough"),
    empty: summary("workerd empty"),
    addedP50: median(pick("edge", "p50").map((v, i) => v - pick("direct", "p50")[i])),
    addedP99: median(pick("edge", "p99").map((v, i) => v - pick("direct", "p99")[i])),
    throughputKept: median(pairedRatios(pick("edge", "rps"), pick("direct", "rps"))),
    inProcess: cpu,
    samples: rounds,
  };
  writeFileSync(args.out, JSON.stringify(results, null, 2));
} finally {
  await mf?.dispose();
  await sandbox.close();
  rmSync(work, { recursive: true, force: true });
}
