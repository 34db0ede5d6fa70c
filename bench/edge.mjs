// Edge overhead: the same load (autocannon, fixed connections and duration,
// loopback only) sent straight to the sandbox on 127.0.0.1, and through the
// edge handler (README's Worker, bundled by wrangler, run by Miniflare's
// workerd on 127.0.0.1) to that sandbox. Interleaved rounds; per round the
// latency percentiles come from every response's own time (autocannon's
// histogram has 1 ms steps), throughput from autocannon's request count.
//
//   node bench/edge.mjs --out FILE [--duration 8] [--connections 10] [--rounds 3]
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { benchDir, pkgUrl, tool } from "./lib/paths.mjs";
import { edgeWays } from "./lib/edge-in-process.mjs";
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
  const ways = edgeWays(handleIngestRequest);
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

// workerd's CPU time (user + system, ms; Linux /proc) as the isolates' cost: Miniflare
// runs one workerd process, a child of this one, for every Worker here, so the
// difference per request between two Workers under the same load is what the
// package adds to the isolate (and workerd's own work for it) per request.
const TICK_MS = 1000 / 100; // USER_HZ, 100 on Linux
function workerdPid() {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "latin1");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (stat.includes("(workerd)") && Number(fields[1]) === process.pid) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return null;
}
function cpuMsOf(pid) {
  if (!pid) return NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

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
  const workerd = workerdPid();
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
      const cpuBefore = cpuMsOf(workerd);
      const { result, latencies } = await load(targets[name], duration);
      const cpuMs = cpuMsOf(workerd) - cpuBefore;
      const sample = {
        rps: result.requests.total / result.duration,
        p50: quantile(latencies, 0.5),
        p99: quantile(latencies, 0.99),
        ok: latencies.length,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        // workerd's CPU per request (the direct rows send nothing through it).
        workerdCpuUs: name === "direct" ? null : (cpuMs * 1000) / result.requests.total,
      };
      console.error(`[edge] ${name}: ${sample.rps.toFixed(0)} req/s, p50 ${sample.p50.toFixed(2)} ms, p99 ${sample.p99.toFixed(2)} ms, non-2xx ${sample.non2xx}, errors ${sample.errors}, workerd CPU ${sample.workerdCpuUs?.toFixed(0)} µs/request`);
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
    workerdCpuUs: median(pick(name, "workerdCpuUs")),
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
    // Issue 14's measure: against a bare forwarding Worker in the same workerd, same upstream.
    throughputKeptVsPassthrough: median(pairedRatios(pick("edge", "rps"), pick("workerd passthrough", "rps"))),
    addedWorkerdCpuUs: median(pick("edge", "workerdCpuUs").map((v, i) => v - pick("workerd passthrough", "workerdCpuUs")[i])),
    workerdPid: Boolean(workerd),
    inProcess: cpu,
    samples: rounds,
  };
  writeFileSync(args.out, JSON.stringify(results, null, 2));
} finally {
  await mf?.dispose();
  await sandbox.close();
  rmSync(work, { recursive: true, force: true });
}
