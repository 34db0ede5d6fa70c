// Validation throughput in Node: this package against the JS stacks a team
// would use instead, on the four payload sets, in one process, interleaved
// rounds; then where this package's time goes (JSON.stringify, the copy into
// wasm memory, the wasm call, the copy out, JSON.parse).
//
//   node bench/throughput.mjs --payloads DIR --out FILE [--round-ms 250] [--rounds 9] [--bulk-rounds 7]
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readPayloads, SETS } from "./payloads.mjs";
import { pkgDir, pkgUrl } from "./lib/paths.mjs";
import { createFastApi } from "./proto/fast.mjs";
import { interleaved, median, opsPerSecond, pairedRatios, quantile, threadCpuMs } from "./lib/stats.mjs";

const { values: args } = parseArgs({
  options: {
    payloads: { type: "string" },
    out: { type: "string" },
    "round-ms": { type: "string", default: "250" },
    rounds: { type: "string", default: "9" },
    "bulk-rounds": { type: "string", default: "7" },
    proto: { type: "string" },
  },
});
const roundMs = Number(args["round-ms"]);
const rounds = Number(args.rounds);
const bulkRounds = Number(args["bulk-rounds"]);

const ours = await import(pkgUrl("src/entry-node.js"));
// The same module instance entry-node.js initialized: the raw exports, for the profile.
const core = await import(pkgUrl("dist/server/heymilo_ingest.js"));

export const IMPLEMENTATIONS = {
  "heymilo-ingest": {
    one: (c) => ours.validateCandidate(c).ok,
    many: (rows) => ours.validateCandidates(rows).ok,
  },
};
// The validation-only entry, where the package has one (its own wasm build).
if (existsSync(join(pkgDir, "src/entry-validate-node.js"))) {
  const validateOnly = await import(pkgUrl("src/entry-validate-node.js"));
  IMPLEMENTATIONS["heymilo-ingest/validate"] = {
    one: (c) => validateOnly.validateCandidate(c).ok,
    many: (rows) => validateOnly.validateCandidates(rows).ok,
  };
}
const PEERS = {
  "zod + libphonenumber-js/min": "zod-libphonenumber-min",
  "zod + libphonenumber-js/max": "zod-libphonenumber-max",
  "zod + E.164 regex": "zod-regex",
  "valibot + E.164 regex": "valibot-regex",
};
for (const [label, file] of Object.entries(PEERS)) {
  const peer = await import(`./peers/${file}.mjs`);
  IMPLEMENTATIONS[label] = {
    one: (c) => peer.validateCandidate(c).success,
    many: (rows) => peer.validateCandidates(rows).success,
  };
}
// The design prototype (bench/proto), one wasm build per opt-level.
export const PROTO = [];
for (const level of args.proto ? args.proto.split(",") : []) {
  const dir = join(import.meta.dirname, "out/proto", level);
  const glue = await import(pathToFileURL(join(dir, "heymilo_bench_proto.js")).href + `?${level}`);
  glue.initSync({ module: readFileSync(join(dir, "heymilo_bench_proto_bg.wasm")) });
  const api = createFastApi(glue);
  const json = (input) => JSON.parse(glue.validateCandidateJson(JSON.stringify(input)));
  const jsonMany = (input) => JSON.parse(glue.validateCandidatesJson(JSON.stringify(input)));
  const label = level === "z" ? "opt-level z" : `opt-level ${level}`;
  IMPLEMENTATIONS[`prototype: JSON text, ${label}`] = { one: (c) => json(c).ok, many: (rows) => jsonMany(rows).ok, proto: true };
  IMPLEMENTATIONS[`prototype: fields, ${label}`] = { one: (c) => api.validateCandidate(c).ok, many: (rows) => api.validateCandidates(rows).ok, proto: true };
  IMPLEMENTATIONS[`prototype: fields crossing only, ${label}`] = { one: (c) => api.echo(c).ok, many: (rows) => rows.every((r) => api.echo(r).ok), proto: true, floor: true };
  if (level === "3") {
    IMPLEMENTATIONS["prototype: one string in, a number out (crossing only)"] = { one: (c) => api.echoPacked(c).ok, many: (rows) => rows.every((r) => api.echoPacked(r).ok), proto: true, floor: true };
  }
  PROTO.push(level);
}
const names = Object.keys(IMPLEMENTATIONS);
const sets = readPayloads(args.payloads);

// Every implementation must reach the same verdicts before it is timed.
const verdicts = {};
for (const set of SETS) {
  verdicts[set] = {};
  for (const name of names) {
    const impl = IMPLEMENTATIONS[name];
    if (impl.floor) continue;
    const oks = sets[set].map((v) => (set === "bulk" ? impl.many(v) : impl.one(v)));
    verdicts[set][name] = { valid: oks.filter(Boolean).length, of: oks.length };
    const expected = set === "invalid" ? 0 : oks.length;
    if (verdicts[set][name].valid !== expected) {
      throw new Error(`${name} judged ${verdicts[set][name].valid}/${oks.length} of "${set}" valid, expected ${expected}`);
    }
  }
}

const results = {
  roundMs,
  rounds,
  bulkRounds,
  implementations: Object.fromEntries(names.map((n) => [n, { proto: Boolean(IMPLEMENTATIONS[n].proto), floor: Boolean(IMPLEMENTATIONS[n].floor) }])),
  sets: {},
  verdicts,
};
const state = { i: 0, sink: 0 };
for (const set of SETS) {
  const items = sets[set];
  let samples;
  const cpuSamples = {};
  const keepCpu = (name, value) => (cpuSamples[name] ??= []).push(value);
  // The crossing-only floor means something only where the fast path applies.
  const names = Object.keys(IMPLEMENTATIONS).filter((n) => !IMPLEMENTATIONS[n].floor || set === "phone" || set === "bulk");
  if (set === "bulk") {
    // One call validates 10 000 rows: time each call.
    samples = await interleaved(names, bulkRounds, (name) => {
      const cpu = threadCpuMs();
      const start = performance.now();
      state.sink ^= IMPLEMENTATIONS[name].many(items[0]) ? 1 : 2;
      const wall = performance.now() - start;
      keepCpu(name, 1000 / (threadCpuMs() - cpu));
      return 1000 / wall;
    });
  } else {
    samples = await interleaved(names, rounds, (name) => {
      const one = IMPLEMENTATIONS[name].one;
      const ops = opsPerSecond((i) => one(items[i % items.length]), roundMs, state);
      keepCpu(name, state.cpu);
      return ops;
    });
  }
  const ref = samples["heymilo-ingest"];
  results.sets[set] = Object.fromEntries(
    names.map((name) => [
      name,
      {
        opsPerSec: median(samples[name]),
        usPerOp: 1e6 / median(samples[name]),
        spread: [quantile(samples[name], 0), quantile(samples[name], 1)],
        // > 1: this package is faster. Median of the per-round ratios.
        oursFasterBy: median(pairedRatios(ref, samples[name])),
        // Operations per second of this thread's CPU time (warm-up rounds included in the samples, not the median).
        cpuOpsPerSec: median(cpuSamples[name].slice(-samples[name].length)),
        samples: samples[name],
      },
    ]),
  );
  const line = names.map((n) => `${n} ${results.sets[set][n].opsPerSec.toFixed(0)}`).join(" | ");
  console.error(`[throughput] ${set}: ${line} ops/s`);
}

// Where this package's time goes, per set.
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const scratch = new Uint8Array(4 << 20);
// On-CPU time of this thread (wall time where /proc/thread-self/schedstat is missing).
// The kernel updates that counter at scheduler ticks (a few ms), so every sample runs ≥ 100 ms.
const clock = Number.isFinite(threadCpuMs()) ? threadCpuMs : () => performance.now();
const timeUs = (fn) => {
  const samples = [];
  let i = 0;
  for (let r = 0; r < 5; r++) {
    const start = clock();
    const wallStart = performance.now();
    let calls = 0;
    do {
      state.sink ^= fn(i++) ? 1 : 2;
      calls++;
    } while (performance.now() - wallStart < 100);
    samples.push(((clock() - start) * 1000) / calls);
  }
  return median(samples);
};
results.split = {};
for (const set of SETS) {
  const items = set === "bulk" ? sets.bulk : sets[set];
  const texts = items.map((v) => JSON.stringify(v));
  const call = set === "bulk" ? core.validateCandidatesJson : core.validateCandidateJson;
  const outs = texts.map((t) => call(t));
  const outBytes = outs.map((t) => encoder.encode(t));
  const api = set === "bulk" ? ours.validateCandidates : ours.validateCandidate;
  const n = items.length;
  results.split[set] = {
    inputBytes: median(texts.map((t) => encoder.encode(t).length)),
    outputBytes: median(outBytes.map((b) => b.length)),
    total: timeUs((i) => api(items[i % n]).ok),
    stringify: timeUs((i) => JSON.stringify(items[i % n]).length),
    copyIn: timeUs((i) => encoder.encodeInto(texts[i % n], scratch).written),
    coreCall: timeUs((i) => call(texts[i % n]).length),
    copyOut: timeUs((i) => decoder.decode(outBytes[i % n]).length),
    parse: timeUs((i) => JSON.parse(outs[i % n]).ok),
  };
  const s = results.split[set];
  s.wasmOnly = s.coreCall - s.copyIn - s.copyOut;
  console.error(`[throughput] split ${set}: ${JSON.stringify(s, (k, v) => (typeof v === "number" ? Number(v.toFixed(2)) : v))}`);
}
results.sink = state.sink;
writeFileSync(args.out, JSON.stringify(results, null, 2));
