// Cold start: instantiate + first validateCandidate.
//
// Node: fresh processes, each timing (performance.now, from before the import
// to after the first call) `import` of the package's Node entry (JS glue,
// reading the wasm, compiling, instantiating) and the first validateCandidate;
// split into glue import, read, compile, instantiate and first call with the
// raw glue. The peer stacks' import + first call for comparison.
//
// heymilo-ingest/edge (Node and workerd) is measured the same way when the
// package has it. Deno and Bun (the npm builds the repository's tests use) run
// the same child modes for the package and issue 14's peers (zod or valibot +
// libphonenumber-js/min); workerd measures zod + libphonenumber-js/min's
// Worker the same way as the package's.
//
// workerd: Date.now() does not advance while a Worker computes, so the cost is
// measured from outside: Miniflare started with K copies of a Worker that
// imports the package (each its own isolate: wasm compiled, instantiated, top
// level run) and one request to each (the first validateCandidate), against the
// same with K copies of an empty Worker; the difference / K is one isolate's
// cold start. Each sample alternates the two.
//
//   node bench/coldstart.mjs --out FILE [--node-runs 15] [--workerd-runs 7] [--copies 10]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { RUNTIMES, benchDir as bench, pkgDir, pkgUrl, tool } from "./lib/paths.mjs";
import { PEERS } from "./lib/peers.mjs";
import { median, quantile } from "./lib/stats.mjs";
import { bundledWorkerOptions, bundleWorker } from "./lib/wrangler.mjs";

const { values: args } = parseArgs({
  options: {
    out: { type: "string" },
    child: { type: "string" },
    "node-runs": { type: "string", default: "11" },
    "workerd-runs": { type: "string", default: "7" },
    copies: { type: "string", default: "10" },
  },
});
const ada = { name: "Ada Lovelace", email: "ada@example.com", phone_number: "+44 20 7946 0958" };

// ---- child modes: one cold start per process, printed as JSON ----
if (args.child) {
  const out = {};
  const t0 = performance.now();
  if (args.child === "package" || args.child === "validate" || args.child === "edge") {
    // The file the package's "node" export condition names (a bundle in pkg/dist/ since the entries are bundled).
    const { exports } = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
    // The condition this runtime matches first (Deno and Bun have their own).
    const condition = globalThis.Deno ? "deno" : process.versions.bun ? "bun" : "node";
    const conditions = exports[{ package: ".", validate: "./validate", edge: "./edge" }[args.child]];
    const chosen = conditions[condition] ?? conditions.node;
    const entry = chosen.default ?? chosen;
    const t0 = performance.now();
    const { validateCandidate } = await import(pkgUrl(entry));
    const t1 = performance.now();
    const ok = validateCandidate(ada).ok;
    const t2 = performance.now();
    Object.assign(out, { ok, import: t1 - t0, firstCall: t2 - t1, total: t2 - t0 });
  } else if (args.child === "split") {
    // The validation build: what the Node entry instantiates at import (the server build waits for the first ingest call).
    const glue = await import(pkgUrl("dist/heymilo_ingest_validate.js"));
    const t1 = performance.now();
    const bytes = readFileSync(join(pkgDir, "dist/heymilo_ingest_validate_bg.wasm"));
    const t2 = performance.now();
    const module = new WebAssembly.Module(bytes);
    const t3 = performance.now();
    glue.initSync({ module });
    const t4 = performance.now();
    // The core call validateCandidate(ada) makes (the plain path; rowText of
    // pkg/src/plain-fields.js, written out so no other module is imported here).
    const row = `3\0${ada.name}\0${ada.email}\0${ada.phone_number}\x01`;
    const ok = glue.acceptPlainRows(row, 1).length === 3;
    const t5 = performance.now();
    glue.acceptPlainRows(row, 1);
    const t6 = performance.now();
    Object.assign(out, { ok, glueImport: t1 - t0, read: t2 - t1, compile: t3 - t2, instantiate: t4 - t3, firstCall: t5 - t4, secondCall: t6 - t5 });
  } else {
    const peer = await import(`./peers/${args.child}.mjs`);
    const t1 = performance.now();
    const ok = peer.validateCandidate(ada).success;
    const t2 = performance.now();
    Object.assign(out, { ok, import: t1 - t0, firstCall: t2 - t1, total: t2 - t0 });
  }
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}

const runChild = (mode, runtime = "node") => {
  const [command, ...pre] = RUNTIMES[runtime];
  return JSON.parse(execFileSync(command, [...pre, import.meta.filename, "--child", mode], { encoding: "utf8", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } }));
};
const summarize = (runs) => {
  const keys = Object.keys(runs[0]).filter((k) => typeof runs[0][k] === "number");
  return Object.fromEntries(keys.map((k) => [k, { median: median(runs.map((r) => r[k])), p90: quantile(runs.map((r) => r[k]), 0.9) }]));
};

const results = { node: {}, workerd: {}, nodeRuns: Number(args["node-runs"]) };
const nodeRuns = Number(args["node-runs"]);
const modes = [
  "package",
  ...(existsSync(join(pkgDir, "src/entry-validate-node.js")) ? ["validate"] : []),
  ...(existsSync(join(pkgDir, "src/entry-edge-node.js")) ? ["edge"] : []),
  "split", ...Object.values(PEERS)];
const runs = Object.fromEntries(modes.map((m) => [m, []]));
for (let i = 0; i < nodeRuns; i++) for (const mode of modes) runs[mode].push(runChild(mode));
for (const mode of modes) {
  if (!runs[mode].every((r) => r.ok)) throw new Error(`cold start ${mode}: the first validation did not accept the candidate`);
  results.node[mode] = summarize(runs[mode]);
}
// Deno and Bun: the package's entry for them (the "deno"/"bun" export conditions) against issue 14's peers, alternating.
results.runtimes = {};
for (const runtime of ["deno", "bun"]) {
  if (!existsSync(RUNTIMES[runtime][0])) continue;
  const rtModes = ["package", "zod-libphonenumber-min", "valibot-libphonenumber-min"];
  const rtRuns = Object.fromEntries(rtModes.map((m) => [m, []]));
  for (let i = 0; i < nodeRuns; i++) for (const mode of rtModes) rtRuns[mode].push(runChild(mode, runtime));
  results.runtimes[runtime] = {};
  for (const mode of rtModes) {
    if (!rtRuns[mode].every((r) => r.ok)) throw new Error(`cold start ${mode} in ${runtime}: the first validation did not accept the candidate`);
    results.runtimes[runtime][mode] = summarize(rtRuns[mode]);
  }
  console.error(`[coldstart] ${runtime}: package ${results.runtimes[runtime].package.total.median.toFixed(2)} ms, zod + lpjs/min ${results.runtimes[runtime]["zod-libphonenumber-min"].total.median.toFixed(2)} ms`);
}
console.error(`[coldstart] node: package ${results.node.package.total.median.toFixed(2)} ms (import ${results.node.package.import.median.toFixed(2)}, first call ${results.node.package.firstCall.median.toFixed(2)})`);

// ---- workerd ----
const { Miniflare } = await import(pathToFileURL(tool("miniflare/dist/src/index.js")).href);
const work = mkdtempSync(join(tmpdir(), "heymilo-cold-"));
try {
  bundleWorker("cold", join(work, "cold"));
  // heymilo-ingest/edge (validation + edge handler), when the package has it.
  const hasEdge = existsSync(join(pkgDir, "src/entry-edge-workerd.js"));
  if (hasEdge) bundleWorker("cold-edge", join(work, "cold-edge"));
  bundleWorker("cold-zod", join(work, "cold-zod"));
  const copies = Number(args.copies);
  const workerOptions = (kind, i) =>
    kind === "package"
      ? { name: `w${i}`, ...bundledWorkerOptions(join(work, "cold"), "cold") }
      : kind === "edge"
        ? { name: `w${i}`, ...bundledWorkerOptions(join(work, "cold-edge"), "cold-edge") }
        : kind === "zod"
          ? { name: `w${i}`, ...bundledWorkerOptions(join(work, "cold-zod"), "cold-zod") }
          : { name: `w${i}`, modules: true, script: readFileSync(join(bench, "workerd/baseline.js"), "utf8"), compatibilityDate: "2025-01-01" };

  async function sample(kind) {
    const t0 = performance.now();
    const mf = new Miniflare({ workers: Array.from({ length: copies }, (_, i) => workerOptions(kind, i)) });
    try {
      await mf.ready;
      const t1 = performance.now();
      for (let i = 0; i < copies; i++) {
        const worker = await mf.getWorker(`w${i}`);
        const text = await (await worker.fetch("http://cold.test/")).text();
        if (text !== "ok") throw new Error(`cold start worker answered ${text}`);
      }
      const t2 = performance.now();
      return { ready: t1 - t0, requests: t2 - t1, total: t2 - t0 };
    } finally {
      await mf.dispose();
    }
  }
  // Inside the isolate: instantiate and the first call (timers tick in 1 ms steps, so means are reported too).
  bundleWorker("cold-split", join(work, "split"));
  async function split() {
    const mf = new Miniflare({ workers: Array.from({ length: copies }, (_, i) => ({ name: `w${i}`, ...bundledWorkerOptions(join(work, "split"), "cold-split") })) });
    try {
      await mf.ready;
      const out = [];
      for (let i = 0; i < copies; i++) out.push(await (await (await mf.getWorker(`w${i}`)).fetch("http://cold.test/")).json());
      return out;
    } finally {
      await mf.dispose();
    }
  }
  await sample("baseline"); // warm the disk cache and Miniflare itself
  const samples = { package: [], baseline: [], perIsolate: [], edge: [], edgePerIsolate: [], zodPerIsolate: [], inside: [] };
  for (let i = 0; i < Number(args["workerd-runs"]); i++) {
    // Alternate which goes first.
    let a, b, e, z;
    if (i % 2) {
      a = await sample("baseline");
      b = await sample("package");
      z = await sample("zod");
      if (hasEdge) e = await sample("edge");
    } else {
      if (hasEdge) e = await sample("edge");
      z = await sample("zod");
      b = await sample("package");
      a = await sample("baseline");
    }
    samples.zodPerIsolate.push((z.total - a.total) / copies);
    samples.baseline.push(a);
    samples.package.push(b);
    samples.perIsolate.push((b.total - a.total) / copies);
    if (hasEdge) {
      samples.edge.push(e);
      samples.edgePerIsolate.push((e.total - a.total) / copies);
    }
    samples.inside.push(...(await split()));
  }
  if (!samples.inside.every((r) => r.ok)) throw new Error("cold start in workerd: the first validation did not accept the candidate");
  const mean = (values) => values.reduce((x, y) => x + y, 0) / values.length;
  const inside = (key) => ({ median: median(samples.inside.map((r) => r[key])), mean: mean(samples.inside.map((r) => r[key])), p90: quantile(samples.inside.map((r) => r[key]), 0.9) });
  results.workerd = {
    copies,
    runs: samples.perIsolate.length,
    perIsolate: { median: median(samples.perIsolate), p10: quantile(samples.perIsolate, 0.1), p90: quantile(samples.perIsolate, 0.9) },
    package: summarize(samples.package),
    ...(hasEdge
      ? { edgePerIsolate: { median: median(samples.edgePerIsolate), p10: quantile(samples.edgePerIsolate, 0.1), p90: quantile(samples.edgePerIsolate, 0.9) } }
      : {}),
    baseline: summarize(samples.baseline),
    zodPerIsolate: { median: median(samples.zodPerIsolate), p10: quantile(samples.zodPerIsolate, 0.1), p90: quantile(samples.zodPerIsolate, 0.9) },
    inside: { samples: samples.inside.length, instantiate: inside("instantiate"), firstCall: inside("firstCall"), secondCall: inside("secondCall") },
  };
  console.error(`[coldstart] workerd: ${results.workerd.perIsolate.median.toFixed(2)} ms per isolate (median of ${samples.perIsolate.length}, ${copies} copies each)`);
  if (hasEdge) console.error(`[coldstart] workerd, heymilo-ingest/edge: ${results.workerd.edgePerIsolate.median.toFixed(2)} ms per isolate`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(args.out, JSON.stringify(results, null, 2));
