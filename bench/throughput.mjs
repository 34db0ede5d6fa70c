// Validation throughput in Node: this package against the JS stacks a team
// would use instead, on the four payload sets, in one process, interleaved
// rounds; then where this package's time goes (JSON.stringify, the copy into
// wasm memory, the wasm call, the copy out, JSON.parse).
//
//   node bench/throughput.mjs --payloads DIR --out FILE [--round-ms 250] [--rounds 9] [--bulk-rounds 7]
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isBulk, readPayloads, SETS } from "./payloads.mjs";
import { pkgDir, pkgUrl } from "./lib/paths.mjs";
import { interleaved, median, opsPerSecond, pairedRatios, quantile, threadCpuMs } from "./lib/stats.mjs";
import { PEERS } from "./lib/peers.mjs";

const { values: args } = parseArgs({
  options: {
    payloads: { type: "string" },
    out: { type: "string" },
    "round-ms": { type: "string", default: "250" },
    rounds: { type: "string", default: "9" },
    "bulk-rounds": { type: "string", default: "7" },
  },
});
const roundMs = Number(args["round-ms"]);
const rounds = Number(args.rounds);
const bulkRounds = Number(args["bulk-rounds"]);

const ours = await import(pkgUrl("src/entry-node.js"));
// The same module instance entry-node.js initialized for its validators (the
// validation build at opt-level 3), with long rows as UTF-16 as the entry
// sends them: the raw exports, for the split below.
const { withUtf16Rows, UTF16_FROM } = await import(pkgUrl("src/utf16-rows.js"));
const core = withUtf16Rows(await import(pkgUrl("dist/heymilo_ingest_validate_o3.js")));

/** The label of the browser build's row (bench/report.mjs reads it). */
export const BROWSER_BUILD = 'heymilo-ingest/validate, browser build (opt-level "z")';
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
for (const [label, file] of Object.entries(PEERS)) {
  const peer = await import(`./peers/${file}.mjs`);
  IMPLEMENTATIONS[label] = {
    one: (c) => peer.validateCandidate(c).success,
    many: (rows) => peer.validateCandidates(rows).success,
  };
}
// The browser's validation build (opt-level "z", what heymilo-ingest/validate
// loads in a page) in Node, same API: the Node entries' build at opt-level 3
// against it.
{
  const glue = await import(pkgUrl("dist/heymilo_ingest_validate.js"));
  glue.initSync({ module: readFileSync(join(pkgDir, "dist/heymilo_ingest_validate_bg.wasm")) });
  const { createValidationApi } = await import(pkgUrl("src/validation.js"));
  const api = createValidationApi(glue);
  IMPLEMENTATIONS[BROWSER_BUILD] = {
    one: (c) => api.validateCandidate(c).ok,
    many: (rows) => api.validateCandidates(rows).ok,
    variant: true,
  };
}
const names = Object.keys(IMPLEMENTATIONS);
const sets = readPayloads(args.payloads);

// Every implementation must reach the same verdicts before it is timed.
const verdicts = {};
for (const set of SETS) {
  verdicts[set] = {};
  for (const name of names) {
    const impl = IMPLEMENTATIONS[name];
    const oks = sets[set].map((v) => (isBulk(set) ? impl.many(v) : impl.one(v)));
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
  implementations: Object.fromEntries(names.map((n) => [n, { variant: Boolean(IMPLEMENTATIONS[n].variant) }])),
  sets: {},
  verdicts,
};
const state = { i: 0, sink: 0 };
for (const set of SETS) {
  const items = sets[set];
  let samples;
  const cpuSamples = {};
  const keepCpu = (name, value) => (cpuSamples[name] ??= []).push(value);
  if (isBulk(set)) {
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
const scratch16 = Buffer.alloc(8 << 20);
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
// The plain path's row text, for timing the core call alone.
const { rowText: rowOf, plainFields } = await import(pkgUrl("src/plain-fields.js"));
const rowText = (c) => rowOf(plainFields(c));
results.split = {};
for (const set of SETS) {
  const items = sets[set];
  const many = isBulk(set);
  const api = many ? ours.validateCandidates : ours.validateCandidate;
  const n = items.length;
  const texts = items.map((v) => JSON.stringify(v));
  // Valid candidates with only text fields take the plain path; the others, the JSON path.
  const rows = items.map((v) => (many ? v.map(rowText).join("") : rowText(v)));
  const counts = items.map((v) => (many ? v.length : 1));
  const plain = set !== "invalid";
  if (plain && !rows.every((row, i) => core.acceptPlainRows(row, counts[i]).length === 3 * counts[i])) {
    throw new Error(`the plain path does not accept the "${set}" set`);
  }
  const call = (t) => core.validateJson(t, many);
  const outs = texts.map(call);
  const outBytes = outs.map((t) => encoder.encode(t));
  const split = {
    path: plain ? "plain" : "json",
    total: timeUs((i) => api(items[i % n]).ok),
    inputBytes: median(texts.map((t) => encoder.encode(t).length)),
  };
  if (plain) {
    Object.assign(split, {
      rowBytes: median(rows.map((t) => encoder.encode(t).length)),
      coreCall: timeUs((i) => core.acceptPlainRows(rows[i % n], counts[i % n]).length),
      copyIn: timeUs((i) => encoder.encodeInto(rows[i % n], scratch).written),
      // The same row as UTF-16 (what the Node entries send for long rows, see pkg/src/utf16-rows.js).
      copyIn16: timeUs((i) => scratch16.write(rows[i % n], 0, "utf16le")),
      // The floor of one crossing: a row the core turns down at its first check (a blank name).
      crossing: timeUs(() => core.acceptPlainRows("2\0\0\x01", 1).length === 0),
      // The JSON path on the same input, for comparison.
      jsonPath: timeUs((i) => JSON.parse(call(JSON.stringify(items[i % n]))).ok),
    });
    // Long rows cross as UTF-16 (a copy), the others as UTF-8 (TextEncoder).
    split.utf16 = rows.every((row, i) => row.length >= UTF16_FROM * counts[i]);
    split.wasmOnly = split.coreCall - (split.utf16 ? split.copyIn16 : split.copyIn);
    split.js = split.total - split.coreCall;
  } else {
    Object.assign(split, {
      outputBytes: median(outBytes.map((b) => b.length)),
      stringify: timeUs((i) => JSON.stringify(items[i % n]).length),
      copyIn: timeUs((i) => encoder.encodeInto(texts[i % n], scratch).written),
      coreCall: timeUs((i) => call(texts[i % n]).length),
      copyOut: timeUs((i) => decoder.decode(outBytes[i % n]).length),
      parse: timeUs((i) => JSON.parse(outs[i % n]).ok),
    });
    split.wasmOnly = split.coreCall - split.copyIn - split.copyOut;
  }
  results.split[set] = split;
  console.error(`[throughput] split ${set}: ${JSON.stringify(split, (k, v) => (typeof v === "number" ? Number(v.toFixed(2)) : v))}`);
}
results.sink = state.sink;
writeFileSync(args.out, JSON.stringify(results, null, 2));
