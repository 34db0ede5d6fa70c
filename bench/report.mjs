// Renders BENCHMARKS.md from bench/out/results/*.json (written by bench/run.mjs).
//
//   node bench/report.mjs --results DIR --out BENCHMARKS.md
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PEERS as PEER_FILES, PEER_LABELS } from "./lib/peers.mjs";
import { median, pairedRatios } from "./lib/stats.mjs";

const { values: args } = parseArgs({ options: { results: { type: "string" }, out: { type: "string" } } });
const load = (name) => (existsSync(join(args.results, `${name}.json`)) ? JSON.parse(readFileSync(join(args.results, `${name}.json`), "utf8")) : null);
const machine = load("machine");
const tp = load("throughput");
const native = load("native");
const profile = load("profile");
const sizes = load("sizes");
const cold = load("coldstart");
const edge = load("edge");
const client = load("client");
const rt = load("runtimes");
// The Node entries' validation wasm at opt-level 3 (bench/sizes.mjs).
const o3 = sizes?.validateO3 ?? null;

// ---- formatting ----
const num = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "–");
const sig = (n) => (!Number.isFinite(n) ? "–" : n >= 100 ? num(n) : n >= 10 ? num(n, 1) : n >= 1 ? num(n, 2) : num(n, 3));
const times = (r) => (!Number.isFinite(r) ? "–" : r >= 10 ? `${num(r)}×` : r >= 1 ? `${num(r, 1)}×` : `${num(r, 2)}×`);
const kb = (bytes) => (Number.isFinite(bytes) ? `${num(bytes / 1024, 1)} KB` : "–");
const ms = (v) => (Number.isFinite(v) ? `${sig(v)} ms` : "–");
const us = (v) => (Number.isFinite(v) ? `${sig(v)} µs` : "–");
const pct = (v) => (Number.isFinite(v) ? `${num(v * 100)} %` : "–");
const table = (head, rows) => [`| ${head.join(" | ")} |`, `|${head.map((h, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
const verdict = (ok) => (ok === null ? "not measured" : ok ? "**met**" : "**missed**");

const OURS = "heymilo-ingest";
const OURS_VALIDATE = "heymilo-ingest/validate";
// The browser's validation build (opt-level "z") in Node: bench/throughput.mjs's BROWSER_BUILD.
const OURS_BROWSER = 'heymilo-ingest/validate, browser build (opt-level "z")';
const PEERS = PEER_LABELS;
const ZOD_MIN = "zod + libphonenumber-js/min";
const VALIBOT_MIN = "valibot + libphonenumber-js/min";
const ZOD_RX = "zod + E.164 regex";
const SET_TITLES = {
  phone: "valid, with phone",
  seed: "the seed's own request",
  invalid: "invalid, several issues",
  metadata: "metadata at the limits",
  bulk: "10 000-row bulk",
  bulk_meta: "10 000-row bulk with metadata",
};
const SETS = ["phone", "seed", "invalid", "metadata", "bulk", "bulk_meta"];
const isBulk = (s) => s.startsWith("bulk");

const cell = (set, name) => tp?.sets[set]?.[name];
/** Median of per-round ratios a/b (how many times faster a is than b). */
const ratio = (set, a, b) => {
  const x = cell(set, a);
  const y = cell(set, b);
  return x && y ? median(pairedRatios(x.samples, y.samples)) : NaN;
};
const ours = tp ? [OURS, OURS_VALIDATE].filter((n) => cell("phone", n)) : [];
const best = (set, peer) => Math.max(...ours.map((o) => ratio(set, o, peer)));
const bulkMs = (name, set = "bulk") => 1000 / cell(set, name)?.opsPerSec;
const bulkCpuMs = (name, set = "bulk") => 1000 / cell(set, name)?.cpuOpsPerSec;
// Native figures are on-CPU (the thread's time on a CPU), the steadier measure on a shared machine.
const nativeOf = (variant, set, what = "validate+to_json") => {
  const m = native?.variants[variant]?.find((x) => x.set === set && x.what === what);
  return m?.cpu_ns_per_op ?? m?.ns_per_op;
};
const cpuUs = (set, name) => 1e6 / cell(set, name)?.cpuOpsPerSec;
const NATIVE_Z = "release profile (opt-level z, as the wasm)";
const NATIVE_O3 = "opt-level 3";

// ---- targets ----
const targets = [];
if (tp) {
  const min = best("phone", ZOD_MIN);
  const rx = best("phone", ZOD_RX);
  targets.push([
    "validation with phone ≥ 10× zod v4 + libphonenumber-js/min",
    ours.map((o) => `${o}: ${times(ratio("phone", o, ZOD_MIN))}`).join("; "),
    verdict(min >= 10),
  ]);
  targets.push(["validation with phone ≥ 2× zod v4 + E.164 regex", ours.map((o) => `${o}: ${times(ratio("phone", o, ZOD_RX))}`).join("; "), verdict(rx >= 2)]);
  const bestBulk = Math.min(...ours.map((o) => bulkMs(o)));
  targets.push([
    "10 000-row bulk validation ≤ 50 ms in Node",
    ours.map((o) => `${o}: ${ms(bulkMs(o))} (${ms(bulkCpuMs(o))} on-CPU)`).join("; "),
    verdict(bestBulk <= 50),
  ]);
}
if (sizes) {
  const v = sizes.validate?.total ?? sizes.browser.total;
  targets.push(["browser validation bundle ≤ 35 KB gzip", `${kb(v.gzip)} gzip (${sizes.validate ? "heymilo-ingest/validate" : "browser entry"}: wasm + minified JS)`, verdict(v.gzip <= 35 * 1024)]);
}
if (cold) {
  targets.push(["cold start ≤ 5 ms in Node", `${ms(cold.node.package.total.median)} (import ${ms(cold.node.package.import.median)} + first call ${ms(cold.node.package.firstCall.median)})`, verdict(cold.node.package.total.median <= 5)]);
  if (cold.workerd?.perIsolate) {
    const e = cold.workerd.edgePerIsolate;
    const edgeNote = e ? `; heymilo-ingest/edge: ${ms(e.median)} (p10 ${ms(e.p10)}, p90 ${ms(e.p90)})` : "";
    const best = Math.min(cold.workerd.perIsolate.median, e?.median ?? Infinity);
    targets.push(["cold start ≤ 10 ms in workerd", `heymilo-ingest: ${ms(cold.workerd.perIsolate.median)} per isolate (p10 ${ms(cold.workerd.perIsolate.p10)}, p90 ${ms(cold.workerd.perIsolate.p90)})${edgeNote}`, verdict(best <= 10)]);
  }
}
if (edge) {
  targets.push(["edge handler adds ≤ 1 ms p50", `+${ms(edge.addedP50)} (p50 ${ms(edge.edge.p50)} vs ${ms(edge.direct.p50)} direct)`, verdict(edge.addedP50 <= 1)]);
  targets.push(["edge keeps ≥ 80 % of direct throughput", `${pct(edge.throughputKept)} (${num(edge.edge.rps)} vs ${num(edge.direct.rps)} req/s)`, verdict(edge.throughputKept >= 0.8)]);
}


// ---- issue 14: the payloads users send, cold start, the edge ----
// The ratios as filed in issue 14 (before this work), for the before/after table.
const AS_FILED = {
  phone: { [ZOD_MIN]: 4.3, [VALIBOT_MIN]: 4.1 },
  seed: { [ZOD_MIN]: 1.6, [VALIBOT_MIN]: 1.5 },
  metadata: { [ZOD_MIN]: 0.08, [VALIBOT_MIN]: null },
};
const rtRatio = (runtime, set, peer) => (runtime === "browser" ? rt?.browser : rt?.runtimes?.[runtime])?.sets?.[set]?.[peer]?.oursFasterBy;
const coldOf = (runtime, mode) => (runtime === "node" ? cold?.node?.[mode === "package" ? "package" : mode] : cold?.runtimes?.[runtime]?.[mode])?.total?.median;
const issue14 = {
  goals: [],
  cold: ["node", "deno", "bun"].map((r) => ({ runtime: r, ours: coldOf(r, "package"), zod: coldOf(r, PEER_FILES[ZOD_MIN]), valibot: coldOf(r, PEER_FILES[VALIBOT_MIN]) })),
};
if (cold?.workerd?.perIsolate) {
  issue14.cold.push({ runtime: "workerd", ours: cold.workerd.perIsolate.median, edge: cold.workerd.edgePerIsolate?.median, zod: cold.workerd.zodPerIsolate?.median, valibot: undefined });
}
{
  const g = issue14.goals;
  const both = (set) => [ZOD_MIN, VALIBOT_MIN].map((peer) => ratio(set, OURS, peer));
  if (tp) {
    const seed = both("seed");
    g.push(["the seed's own request ≥ 5× both peers (Node)", `${times(seed[0])} zod, ${times(seed[1])} valibot`, verdict(seed.every((r) => r >= 5))]);
    const meta = ratio("metadata", OURS, ZOD_MIN);
    g.push(["metadata at the limits ≥ 1× zod (Node)", `${times(meta)} zod (${times(ratio("metadata", OURS, VALIBOT_MIN))} valibot)`, verdict(meta >= 1)]);
  }
  if (rt) {
    const runtimes = ["node", "deno", "bun"].filter((r) => rt.runtimes?.[r]);
    const all = runtimes.flatMap((r) => [ZOD_MIN, VALIBOT_MIN].map((peer) => rtRatio(r, "phone", peer)));
    g.push([
      "the plain form ≥ 10× both peers in Node, Deno and Bun",
      runtimes.map((r) => `${r} ${times(rtRatio(r, "phone", ZOD_MIN))} / ${times(rtRatio(r, "phone", VALIBOT_MIN))}`).join("; ") + " (zod / valibot)",
      verdict(all.length === 6 && all.every((r) => r >= 10)),
    ]);
    if (rt.browser) g.push(["the plain form, browser build in Chromium (reported, no goal)", `${times(rtRatio("browser", "phone", ZOD_MIN))} zod / ${times(rtRatio("browser", "phone", VALIBOT_MIN))} valibot`, "–"]);
  }
  if (tp) {
    const plain = bulkMs(OURS, "bulk");
    const meta = bulkMs(OURS, "bulk_meta");
    g.push(["10 000-row bulk ≤ 50 ms in Node, with and without metadata", `${ms(plain)} plain, ${ms(meta)} with metadata (on-CPU ${ms(bulkCpuMs(OURS, "bulk"))}, ${ms(bulkCpuMs(OURS, "bulk_meta"))})`, verdict(plain <= 50 && meta <= 50)]);
  }
  if (cold) {
    const rows = issue14.cold.filter((c) => Number.isFinite(c.ours) && Number.isFinite(c.zod));
    g.push([
      "cold start (import + first validation) ≤ zod + libphonenumber-js/min, Node, Deno, Bun, workerd",
      rows.map((c) => `${c.runtime} ${ms(c.ours)} vs ${ms(c.zod)}`).join("; "),
      verdict(rows.length === 4 && rows.every((c) => c.ours <= c.zod)),
    ]);
  }
  if (edge?.throughputKeptVsPassthrough !== undefined) {
    g.push([
      "edge: ≥ 80 % of a bare forwarding Worker's throughput in the same workerd",
      `${pct(edge.throughputKeptVsPassthrough)} (${num(edge.edge.rps)} vs ${num(edge.passthrough.rps)} req/s); workerd CPU +${us(edge.addedWorkerdCpuUs)} per request`,
      verdict(edge.throughputKeptVsPassthrough >= 0.8),
    ]);
  }
}

// ---- document ----
const lines = [];
const p = (...blocks) => {
  for (const block of blocks) lines.push(block, "");
};
p(
  "# Benchmarks",
  `Generated by \`make bench\` (\`bench/run.mjs\`) on ${machine?.date?.slice(0, 10) ?? "?"}, commit \`${machine?.commit ?? "?"}\`${machine?.dirty ? " with uncommitted changes in src/ or pkg/" : ""}${machine?.quick ? " — **quick mode: too few rounds to trust**" : ""}. ` +
    "Every figure below comes from one run and is regenerated by the next; do not edit this file by hand. " +
    "Benchmarks are not tests: nothing in `make test` measures time.",
);
p(
  `Machine: ${machine?.nproc ?? "?"} CPUs (${machine?.cpu ?? "?"}), ${machine?.memoryGiB ?? "?"} GiB, Node ${machine?.node ?? "?"}, ${machine?.rustc ?? ""}; ` +
    `load average ${machine?.loadavgStart?.map((l) => l.toFixed(1)).join(" ") ?? "?"} at the start and ${machine?.loadavgEnd?.map((l) => l.toFixed(1)).join(" ") ?? "?"} at the end ` +
    "(the machine is shared: a load above the CPU count means other processes competed for the CPUs, which inflates absolute times; " +
    "comparisons are interleaved round by round so they compete alike).",
);

if (issue14.goals.length) {
  p(
    "## Issue 14: the payloads users send, cold start, the edge",
    "Goals of issue 14, each measured side by side in this run (peers in the same process, interleaved rounds, the same verdicts first). " +
      "Ratios are how many times faster `heymilo-ingest` (the main entry) is than the peer (> 1: faster). Why each missed goal stays missed, its floor and the next step: the analysis below.",
    table(["goal (issue 14)", "measured", "verdict"], issue14.goals),
  );
  if (tp) {
    const floor = (set, variant) => {
      const what = tp.split?.[set]?.path === "plain" ? "accept_plain_candidate" : "validate+to_json";
      return nativeOf(variant, set, what) / 1000;
    };
    p(
      "### The ratio table, as filed and now (Node)",
      "“As filed”: issue 14's table. “Now”: this run (`bench/throughput.mjs`). The native floor is the crate natively doing the same work as the wasm for the set " +
        "(`examples/bench_native.rs`, `accept_plain_candidate` with the same fields, metadata and `data: {}` included, on-CPU): what no boundary or engine can beat.",
      table(
        ["set", "vs zod + lpjs/min, as filed", "now", "vs valibot + lpjs/min, as filed", "now", "heymilo-ingest (on-CPU)", "zod + lpjs/min (on-CPU)", 'native floor, opt-level "z"', "native floor, opt-level 3"],
        ["phone", "seed", "metadata", "bulk", "bulk_meta"].map((set) => [
          SET_TITLES[set] + (set === "phone" ? " (the plain form)" : ""),
          AS_FILED[set]?.[ZOD_MIN] ? times(AS_FILED[set][ZOD_MIN]) : "–",
          `**${times(ratio(set, OURS, ZOD_MIN))}**`,
          AS_FILED[set]?.[VALIBOT_MIN] ? times(AS_FILED[set][VALIBOT_MIN]) : "–",
          `**${times(ratio(set, OURS, VALIBOT_MIN))}**`,
          isBulk(set) ? ms(cpuUs(set, OURS) / 1000) : us(cpuUs(set, OURS)),
          isBulk(set) ? ms(cpuUs(set, ZOD_MIN) / 1000) : us(cpuUs(set, ZOD_MIN)),
          isBulk(set) ? ms(floor(set, NATIVE_Z) / 1000) : us(floor(set, NATIVE_Z)),
          isBulk(set) ? ms(floor(set, NATIVE_O3) / 1000) : us(floor(set, NATIVE_O3)),
        ]),
      ),
    );
  }
  if (rt) {
    const runtimes = [...["node", "deno", "bun"].filter((r) => rt.runtimes?.[r]), ...(rt.browser ? ["browser"] : [])];
    const label = (r) => (r === "browser" ? `Chromium ${rt.browser.chromium} (browser build, \`dist/entry-validate-browser.js\`)` : `${r} ${rt.runtimes[r].version} (\`${rt.runtimes[r].condition}\` export → \`dist/entry-node.js\`)`);
    const per = (r, set, peer) => times(rtRatio(r, set, peer));
    const usOf = (r, set, name) => us((r === "browser" ? rt.browser : rt.runtimes[r]).sets[set][name].usPerOp);
    p(
      "### The plain form and the seed's request in every runtime",
      `\`bench/runtimes.mjs\`: each runtime runs the same loop (\`bench/lib/rounds.mjs\`) in a fresh process, ${rt.rounds} interleaved rounds of ${rt.roundMs} ms after a warm-up round, ` +
        "the package's entry for that runtime against both peers; the browser row is the validation bundle a page ships, bundled with the peers by esbuild, in headless Chromium. Wall time per operation; ratios are medians of per-round ratios.",
      table(
        ["runtime", "plain form vs zod", "vs valibot", "µs: ours / zod / valibot", "seed's request vs zod", "vs valibot", "µs: ours / zod / valibot"],
        runtimes.map((r) => [
          label(r),
          `**${per(r, "phone", ZOD_MIN)}**`,
          `**${per(r, "phone", VALIBOT_MIN)}**`,
          [OURS, ZOD_MIN, VALIBOT_MIN].map((n) => usOf(r, "phone", n)).join(" / "),
          per(r, "seed", ZOD_MIN),
          per(r, "seed", VALIBOT_MIN),
          [OURS, ZOD_MIN, VALIBOT_MIN].map((n) => usOf(r, "seed", n)).join(" / "),
        ]),
      ),
    );
  }
  if (cold) {
    p(
      "### Cold start: import + first validation, fresh process, against the peers",
      "Node, Deno, Bun: fresh processes (medians of the runs of section 3), `performance.now()` from before the `import` to after the first validation, the same code for the package and each peer (`bench/coldstart.mjs --child`). " +
        "workerd: per isolate, from outside (section 3's method), the package's Worker and a Worker with zod + libphonenumber-js/min (`bench/workerd/cold-zod.js`), both bundled by wrangler.",
      table(
        ["runtime", "heymilo-ingest", "zod + lpjs/min", "valibot + lpjs/min", "ours ÷ zod"],
        issue14.cold.map((c) => [c.runtime, ms(c.ours) + (c.edge ? ` (heymilo-ingest/edge ${ms(c.edge)})` : ""), ms(c.zod), ms(c.valibot), Number.isFinite(c.ours / c.zod) ? num(c.ours / c.zod, 2) : "–"]),
      ),
    );
  }
  if (edge?.throughputKeptVsPassthrough !== undefined) {
    p(
      "### Edge: the handler against a bare forwarding Worker in the same workerd",
      "Section 4's run: the same workerd process serves both Workers, the same sandbox upstream, the same load. workerd's CPU time (user + system, `/proc/<pid>/stat`) is read around every round and divided by that round's requests: " +
        "the isolate's work plus workerd's own per request.",
      table(
        ["Worker", "req/s", "p50", "workerd CPU per request"],
        [
          ["bare forwarding Worker (`bench/workerd/passthrough.js`)", num(edge.passthrough.rps), ms(edge.passthrough.p50), us(edge.passthrough.workerdCpuUs)],
          ["**README's Worker, `handleIngestRequest`** (`bench/workerd/edge.js`)", num(edge.edge.rps), ms(edge.edge.p50), us(edge.edge.workerdCpuUs)],
          ["empty Worker (answers at once)", num(edge.empty.rps), ms(edge.empty.p50), us(edge.empty.workerdCpuUs)],
        ],
      ),
      `Throughput kept: **${pct(edge.throughputKeptVsPassthrough)}** of the bare forwarding Worker; added workerd CPU: **${us(edge.addedWorkerdCpuUs)}** per request (median of per-round differences). ` +
        `In Node without a network: ${us(edge.inProcess.handler)} per request for \`handleIngestRequest\` against ${us(edge.inProcess.bare)} for a bare forward.`,
    );
  }
  if (profile?.edge) {
    const groups = Object.entries(profile.edge.groups).sort((a, b) => b[1] - a[1]);
    p(
      "### Where the edge path's time goes: CPU profile",
      `\`node --cpu-prof\` (50 µs sampling) of \`handleIngestRequest\` in a loop with a canned upstream answer (\`bench/lib/edge-in-process.mjs\`), on the edge build (the wasm \`heymilo-ingest/edge\` ships, before \`wasm-opt\`, so the Rust names survive), ${sig(profile.edge.sampledMs)} ms of samples; self time:`,
      table(["where", "share"], groups.map(([g, share]) => [g, pct(share)])),
      `Hottest functions: ${profile.edge.functions.slice(0, 14).map((f) => `\`${f.name.replace(/::h[0-9a-f]{16}/, "").replace(/\[[0-9a-f]{16}\]/g, "")}\` ${num(f.share * 100, 1)} %`).join(", ")}.`,
    );
  }
}

p("## Issue 6's targets", table(["target (issue 6)", "measured", "verdict"], targets));

// 1. throughput
if (tp) {
  p("## 1. Validation throughput in Node");
  p(
    `Operations per second, median of ${tp.rounds} interleaved rounds of ${tp.roundMs} ms (bulk: median of ${tp.bulkRounds} calls, each validating all 10 000 rows; shown as calls/s and ms per call). ` +
      "Each implementation validates the same payloads (`bench/payloads.mjs`, written to `bench/out/payloads/` as the JSON text the wasm receives) and must reach the same verdicts first " +
      `(${["phone", "seed", "invalid", "metadata"].map((s) => `${SET_TITLES[s]}: ${Object.values(tp.verdicts[s])[0]?.of} inputs, used in turn`).join("; ")}; bulk: one array of 10 000 valid rows with phone; bulk with metadata: the same rows, each with the seed's metadata and \`data: {}\`). ` +
      "Ratios are medians of the per-round ratios (> 1: this package is faster).",
  );
  const browserRow = cell("phone", OURS_BROWSER) ? [OURS_BROWSER] : [];
  const main = [...ours, ...browserRow, ...PEERS];
  p(
    table(
      ["implementation", ...SETS.map((s) => SET_TITLES[s])],
      main.map((name) => [
        name,
        ...SETS.map((s) => (isBulk(s) ? `${num(cell(s, name)?.opsPerSec, 1)} (${ms(bulkMs(name, s))})` : `${num(cell(s, name)?.opsPerSec)} (${us(cell(s, name)?.usPerOp)})`)),
      ]),
    ),
  );
  p(
    "The same, as on-CPU time of the measuring thread per operation (µs; leaves out the time other processes held the CPU):",
    table(["implementation", ...SETS.map((s) => SET_TITLES[s])], main.map((name) => [name, ...SETS.map((s) => (isBulk(s) ? ms(cpuUs(s, name) / 1000) : us(cpuUs(s, name))))])),
  );
  for (const o of [...ours, ...browserRow]) {
    p(`**${o}** is faster than each peer by:`, table(["peer", ...SETS.map((s) => SET_TITLES[s])], PEERS.map((peer) => [peer, ...SETS.map((s) => times(ratio(s, o, peer)))])));
  }
  if (native) {
    // The work the wasm does for each set: the plain path's rules, or the JSON path.
    const work = (s) => (tp.split?.[s]?.path === "plain" ? "accept_plain_candidate" : "validate+to_json");
    const rows = SETS.map((s) => {
      const z = nativeOf(NATIVE_Z, s, work(s));
      const o3 = nativeOf(NATIVE_O3, s, work(s));
      const wasm = cpuUs(s, OURS_VALIDATE) * 1000;
      return [SET_TITLES[s], `\`${work(s)}\``, `${num(1e9 / z, isBulk(s) ? 1 : 0)} (${us(z / 1000)})`, `${num(1e9 / o3, isBulk(s) ? 1 : 0)} (${us(o3 / 1000)})`, `${us(wasm / 1000)}`, times(wasm / o3)];
    });
    p(
      "### The crate natively (the physical reference)",
      "`examples/bench_native.rs` on the same payloads, doing what the wasm does for each set: `accept_plain_candidate` for the sets the plain path serves " +
        "(for bulk, all 10 000 rows), `validate_candidate_json(…).to_json()` for the others; ops/s (time per op), " +
        `at the release profile the wasm is built with (opt-level "z") and at opt-level 3 (what a Rust service depending on the crate gets); ${native.rustc}; ` +
        `the two builds run alternately, ${native.reps ?? 1} runs each (median of their medians). All figures in this table are **on-CPU** time of the measuring thread (\`/proc/thread-self/schedstat\`), ` +
        `which leaves out the time other processes held the CPU. The last column is how much longer ${OURS_VALIDATE}'s \`validateCandidate(s)\` takes in Node (on-CPU too; its wasm is built at opt-level 3) than the same work natively at the same opt-level: the JS↔wasm boundary plus wasm execution.`,
      table(["set", "native work", 'native, opt-level "z"', "native, opt-level 3", `${OURS_VALIDATE} in Node (on-CPU)`, "Node ÷ native (3)"], rows),
    );
  }
  if (tp.split) {
    const plainSets = SETS.filter((s) => tp.split[s]?.path === "plain");
    const jsonSets = SETS.filter((s) => tp.split[s]?.path === "json");
    p(
      "### Where this package's time goes per call (Node)",
      "On-CPU time of the measuring thread, each part timed on its own over the same inputs. `validateCandidate(s)` takes one of two paths " +
        "(`pkg/src/plain-fields.js`, `src/wasm/validation.rs`). **The plain path** serves plain objects with only `name`, `email` and `phone_number` strings: " +
        "the JS side joins the fields into one string, one `acceptPlainRows` call answers three numbers per row (accepted, the phone's digits, the trimmed name's offsets), " +
        "a whole list in one call; the core only ever says “accepted”. **The JSON path** serves everything else (issues, warnings, metadata, data): " +
        "`JSON.stringify`, one `validateJson` call, `JSON.parse`.",
      "Plain path (valid candidates with only text fields):",
      table(
        ["set", "row text bytes", "validateCandidate(s)", "core call", "of which copy in", "wasm execution", "JS (read fields, join, build values)", "one crossing, no rules", "same input through the JSON path"],
        plainSets.map((s) => {
          const x = tp.split[s];
          const f = isBulk(s) ? (v) => ms(v / 1000) : us;
          // The parts are timed apart; when the JS share is within their noise it shows as ≈ 0.
          return [SET_TITLES[s], num(x.rowBytes), f(x.total), f(x.coreCall), f(x.copyIn), f(x.wasmOnly), x.js > 0 ? f(x.js) : "≈ 0", us(x.crossing), f(x.jsonPath)];
        }),
      ),
      "“One crossing, no rules” is an `acceptPlainRows` call on a row the core turns down at its first check (a blank name): the cost of a call, with its copies and glue, before any rule runs.",
      "JSON path (what has issues, warnings or metadata); wasm execution = call − copies:",
      table(
        ["set", "input / answer bytes", "validateCandidate", "JSON.stringify", "copy in", "wasm execution", "copy out", "JSON.parse", "JSON + copies share"],
        jsonSets.map((s) => {
          const x = tp.split[s];
          const boundary = x.stringify + x.copyIn + x.copyOut + x.parse;
          return [SET_TITLES[s], `${num(x.inputBytes)} / ${num(x.outputBytes)}`, us(x.total), us(x.stringify), us(x.copyIn), us(x.wasmOnly), us(x.copyOut), us(x.parse), pct(boundary / (boundary + x.wasmOnly))];
        }),
      ),
    );
  }
  if (profile) {
    const groups = [...new Set(Object.values(profile).flatMap((r) => Object.keys(r.groups)))].sort((a, b) => (profile.phone?.groups[b] ?? 0) - (profile.phone?.groups[a] ?? 0));
    p(
      "### Inside the wasm: V8 CPU profile",
      "`node --cpu-prof` over a loop of the core call each set takes (`acceptPlainRows` for valid with phone and bulk, `validateJson` for the others), on the validation build before `wasm-opt` (so the Rust names survive; `wasm-opt -Oz` inlines a little more), self time grouped by module:",
      table(["part", ...SETS.map((s) => SET_TITLES[s])], groups.map((g) => [g, ...SETS.map((s) => pct(profile[s]?.groups[g] ?? 0))])),
      `Hottest functions, valid with phone: ${profile.phone.functions.slice(0, 10).map((f) => `\`${f.name.replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]{16}\]/g, "")}\` ${pct(f.share)}`).join(", ")}.`,
    );
  }
  if (native) {
    const parts = ["accept_plain_candidate", "normalize_email", "likely_domain_typo", "normalize_phone_number", "json::parse", "validate (no to_json)", "validate+to_json"];
    p(
      "### The core's parts natively (valid with phone, on-CPU)",
      table(["part", 'opt-level "z"', "opt-level 3"], parts.map((w) => [`\`${w}\``, us(nativeOf(NATIVE_Z, "phone", w) / 1000), us(nativeOf(NATIVE_O3, "phone", w) / 1000)])),
    );
  }
}

// 2. sizes
if (sizes) {
  const row = (name, s, note = "") => [name, kb(s.raw), kb(s.gzip), kb(s.brotli), note];
  const rows = [];
  if (sizes.validate) rows.push(row("**heymilo-ingest/validate** (validation only): wasm + JS", sizes.validate.total, "the browser validation bundle"), row("  wasm", sizes.validate.wasm), row("  JS (glue + API)", sizes.validate.js));
  rows.push(row(`heymilo-ingest browser entry (validation + client): wasm + JS`, sizes.browser.total, sizes.validate ? "" : "the browser validation bundle"), row("  wasm", sizes.browser.wasm), row("  JS (glue + API)", sizes.browser.js));
  for (const [name, s] of Object.entries(sizes.peers)) rows.push(row(name, s, "esbuild bundle of the peer's validator"));
  if (sizes.edge) rows.push(row("heymilo-ingest/edge (validation + edge handler, for Workers): wasm + JS", sizes.edge.total), row("  wasm", sizes.edge.wasm));
  rows.push(row("server wasm (+ client, sandbox, edge handler)", sizes.browser.serverWasm));
  p(
    "## 2. Size",
    "Minified with esbuild (`--bundle --minify --format=esm --platform=browser`), gzip level 9 and brotli quality 11, wasm and JS compressed separately and added (a page downloads two files), as `scripts/report-size.mjs` measures. " +
      "Peers: `bench/peers/*.mjs` (the validators of section 1) bundled the same way.",
    table(["what", "raw", "gzip", "brotli", ""], rows),
  );
  const ref = sizes.validate?.total ?? sizes.browser.total;
  p(`This package's validation bundle is ${PEERS.map((peer) => `${times(sizes.peers[peer].gzip / ref.gzip)} the gzip size of ${peer}`).join(", ")}.`);
  if (o3) p(`The validation wasm of the Node, Deno and Bun entries, built at opt-level 3 (inside their bundles; no page or Worker loads it): ${kb(o3.gzip)} gzip against ${kb(sizes.validate?.wasm?.gzip)} at opt-level "z" — the size price of opt-level 3, which no size budget counts.`);
  const worker = Object.entries(sizes.worker).filter(([n]) => n !== "total");
  p(
    `Full package (\`npm pack\`): ${kb(sizes.package.tarball)} tarball, ${kb(sizes.package.unpacked)} unpacked, ${sizes.package.files} files.`,
    `Worker bundle (\`wrangler deploy --dry-run\` of README's edge Worker, \`bench/workerd/edge.js\`): ${worker.map(([n, s]) => `${n} ${kb(s.raw)} (${kb(s.gzip)} gzip)`).join(", ")}; ` +
      `total ${kb(sizes.worker.total.raw)}, ${kb(sizes.worker.total.gzip)} gzip as wrangler measures it against the 3 MB (Free) limit.`,
  );
}

// 3. cold start
if (cold) {
  const n = cold.node;
  p(
    "## 3. Cold start",
    `Node: ${cold.nodeRuns ?? "several"} fresh processes per row (medians), from before \`import\` of the package's Node entry to after the first \`validateCandidate\` returns (Node's own start-up not counted).`,
    table(
      ["what", "median", "p90"],
      [
        ["**heymilo-ingest: import + first validateCandidate**", ms(n.package.total.median), ms(n.package.total.p90)],
        ["  import (JS glue, read, compile, instantiate)", ms(n.package.import.median), ms(n.package.import.p90)],
        ["  first validateCandidate", ms(n.package.firstCall.median), ms(n.package.firstCall.p90)],
        ...(n.validate ? [["heymilo-ingest/validate: import + first validateCandidate", ms(n.validate.total.median), ms(n.validate.total.p90)]] : []),
        ...(n.edge ? [["heymilo-ingest/edge: import + first validateCandidate", ms(n.edge.total.median), ms(n.edge.total.p90)]] : []),
        ["split: import of the wasm-bindgen glue module", ms(n.split.glueImport.median), ms(n.split.glueImport.p90)],
        ["split: read the .wasm", ms(n.split.read.median), ms(n.split.read.p90)],
        ["split: `new WebAssembly.Module` (compile)", ms(n.split.compile.median), ms(n.split.compile.p90)],
        ["split: instantiate", ms(n.split.instantiate.median), ms(n.split.instantiate.p90)],
        ["split: first call", ms(n.split.firstCall.median), ms(n.split.firstCall.p90)],
        ["split: second call", ms(n.split.secondCall.median), ms(n.split.secondCall.p90)],
        ...PEERS.map((peer) => {
          const key = PEER_FILES[peer];
          return [`${peer}: import + first validation`, ms(n[key]?.total.median), ms(n[key]?.total.p90)];
        }),
      ],
    ),
  );
  if (cold.workerd?.perIsolate) {
    const w = cold.workerd;
    p(
      `workerd (Miniflare ${machine?.versions?.miniflare ?? ""}): Date.now() does not advance while a Worker computes, so the whole cold start is measured from outside: ` +
        `a Miniflare with ${w.copies} isolates of a Worker that imports the package and validates once per request (\`bench/workerd/cold.js\`, bundled by wrangler), started and sent one request each, ` +
        `against the same with an empty Worker; (difference) ÷ ${w.copies} = one isolate's compile + instantiate + first validateCandidate. Median of ${w.runs} alternating pairs: ` +
        `**${ms(w.perIsolate.median)}** (p10 ${ms(w.perIsolate.p10)}, p90 ${ms(w.perIsolate.p90)}). ` +
        (w.edgePerIsolate ? `The same with \`heymilo-ingest/edge\` (\`bench/workerd/cold-edge.js\`: validation + edge handler wasm, no client or sandbox): **${ms(w.edgePerIsolate.median)}** (p10 ${ms(w.edgePerIsolate.p10)}, p90 ${ms(w.edgePerIsolate.p90)}). ` : "") +
        `Inside the isolate (\`bench/workerd/cold-split.js\`, timers in 1 ms steps, ${w.inside.samples} isolates): instantiate mean ${ms(w.inside.instantiate.mean)}, first call mean ${ms(w.inside.firstCall.mean)}, second call mean ${ms(w.inside.secondCall.mean)}; the rest is workerd compiling the module.`,
    );
  }
}

// 4. edge
if (edge) {
  const row = (name, s) => [name, num(s.rps), ms(s.p50), ms(s.p99), `${s.non2xx} / ${s.errors}`];
  p(
    "## 4. Edge overhead",
    `autocannon ${machine?.versions?.autocannon ?? ""}, ${edge.connections} connections, ${edge.duration} s per round, ${edge.rounds} interleaved rounds after a warm-up round (medians), loopback only, ` +
      "POST of one valid candidate. Direct: to the sandbox (`serveSandbox`, its own Node process on 127.0.0.1) with the key. Edge: to README's Worker (`handleIngestRequest`) in Miniflare's workerd on 127.0.0.1, " +
      "which validates, adds the key and forwards to that sandbox. Latency percentiles from every 201 response's own time. " +
      "The two breakdown rows are the same workerd: an empty Worker that answers at once, and a Worker that forwards the same request with a bare `fetch` (no package).",
    table(
      ["path", "req/s", "p50", "p99", "non-2xx / errors"],
      [row("direct to the sandbox", edge.direct), row("**through the edge handler**", edge.edge), ...(edge.passthrough ? [row("breakdown: workerd, bare fetch to the sandbox", edge.passthrough)] : []), ...(edge.empty ? [row("breakdown: workerd, empty Worker", edge.empty)] : [])],
    ),
    `The edge handler adds **${ms(edge.addedP50)}** at p50 and ${ms(edge.addedP99)} at p99, and keeps **${pct(edge.throughputKept)}** of direct throughput` +
      (edge.passthrough ? `; a bare forwarding Worker already adds ${ms(edge.passthrough.p50 - edge.direct.p50)} at p50 and keeps ${pct(edge.passthrough.rps / edge.direct.rps)}, so the package's own share is about ${ms(edge.edge.p50 - edge.passthrough.p50)} at p50.` : "."),
  );
}

// 5. client
if (client) {
  p(
    "## 5. Client overhead",
    `\`ingestCandidate\` against the sandbox on 127.0.0.1 (own process) vs a hand-written \`fetch\` of the same request (status check, \`response.json()\`), ${client.calls} sequential calls per round, ${client.rounds} interleaved rounds, medians; ` +
      "then both with a canned in-process `Response` instead of the network, which isolates what the client itself costs.",
    table(
      ["", "ingestCandidate", "hand-written fetch", "difference"],
      [
        ["over HTTP, µs per call", us(client.ingestCandidate), us(client.handWritten), us(client.overheadUs)],
        ["canned response, µs per call", us(client.offline.ingestCandidate), us(client.offline.handWritten), us(client.offline.overheadUs)],
      ],
    ),
    client.parts.planIngest === undefined
      ? `\`ingestCandidate\` is one Rust async export per call (options, validation, fetch, retries, reading the ${num(client.responseBytes)}-byte answer), so the canned-response row is its whole cost; ` +
          `the hand-written path's \`JSON.parse\` of the body is ${us(client.parts.parseBody)}.`
      : `The client's core calls per request: \`planIngest\` (validate + build the request) ${us(client.parts.planIngest)}, \`judgeResponse\` (read the ${num(client.responseBytes)}-byte answer) ${us(client.parts.judgeResponse)}` +
          (client.parts.headersText === undefined ? "; " : ` plus ${us(client.parts.headersText)} in JS for the text of the response headers it reads; `) +
          `the hand-written path's \`JSON.parse\` of the body is ${us(client.parts.parseBody)}.`,
  );
}

// analysis
const analysis = join(import.meta.dirname, "ANALYSIS.md");
if (existsSync(analysis)) {
  const ctx = { machine, rt, ZOD_MIN, VALIBOT_MIN, ZOD_RX, issue14, tp, native, profile, sizes, cold, edge, client, o3, ratio, cell, bulkMs, bulkCpuMs, cpuUs, nativeOf, NATIVE_Z, NATIVE_O3, OURS, OURS_VALIDATE, OURS_BROWSER, PEERS, us, ms, kb, pct, times, num };
  // ANALYSIS.md holds the reasoning; ${…} in it are filled from this run's numbers.
  const text = readFileSync(analysis, "utf8");
  const filled = text.replace(/\$\{([^}]+)\}/g, (_, expr) => {
    try {
      return String(new Function(...Object.keys(ctx), `return (${expr});`)(...Object.values(ctx)));
    } catch {
      return "–";
    }
  });
  p(filled.trim());
}

// how it was run
if (machine) {
  p(
    "## How it was run",
    "```sh\nmake bench          # = make pkg, npm ci --prefix bench (when its lock changed), node bench/run.mjs\nnode bench/run.mjs --only throughput,profile   # one part again (the report keeps the rest)\nnode bench/run.mjs --quick                     # a smoke run with too few rounds to trust\n```",
    `Versions: ${Object.entries(machine.versions).map(([k, v]) => `${k} ${v}`).join(", ")}; Node ${machine.node}; ${machine.rustc}.`,
    `Steps (seconds): ${Object.entries(machine.steps).map(([k, v]) => `${k} ${v}`).join(", ")}; total ${machine.totalSeconds} s.`,
    `Load average (1, 5, 15 min) on the ${machine.nproc} CPUs, which other sessions shared during the run: ${machine.loadavgStart?.map((l) => l.toFixed(2)).join(", ")} at the start, ${machine.loadavgEnd?.map((l) => l.toFixed(2)).join(", ")} at the end.` +
      (rt ? ` Runtimes: ${Object.entries(rt.runtimes ?? {}).map(([r, x]) => `${r} ${x.version}`).join(", ")}${rt.browser ? `, Chromium ${rt.browser.chromium}` : ""}.` : ""),
    "Method: `bench/run.mjs` copies `pkg/` to `bench/out/pkg/` first and every step measures that copy, so a rebuild of `pkg/` during the run cannot mix builds. " +
      "Each step runs in its own Node process. Throughput rounds rotate the order of the implementations every round; the report also keeps each round's on-CPU rate of the main thread (`/proc/thread-self/schedstat`) in `bench/out/results/throughput.json`. " +
      "The peers are `bench/peers/*.mjs`: zod v4 (`z.object`, `z.string().trim().min(1)`, `z.string().trim().pipe(z.email())`, `z.record` with code-point limits, `isValidPhoneNumber` from libphonenumber-js/min or /max, or the E.164 regex `^\\+[1-9]\\d{1,14}$` after removing spaces, dashes, dots and parentheses) and valibot with the same rules; " +
      "valibot + libphonenumber-js/min uses `isValidPhoneNumber` like zod's stack (`bench/peers/valibot.mjs` holds valibot's rules once); " +
      "they validate the phone but do not rewrite it to E.164 (this package does), which favours them slightly.",
  );
}

writeFileSync(args.out, lines.join("\n"));
console.error(`[report] wrote ${args.out}`);
