// `make bench`: every benchmark of issue 6, side by side, then BENCHMARKS.md.
//
//   node bench/run.mjs [--build] [--quick] [--only step,step] [--no-report]
//
// Steps (each in its own process, results in bench/out/results/<step>.json):
//   snapshot   copy pkg/ to bench/out/pkg (all steps measure that one build)
//   payloads   the four payload sets (bench/payloads.mjs)
//   native     the crate natively: examples/bench_native.rs at the release
//              profile (opt-level "z", as the wasm) and at opt-level 3
//   throughput validation throughput in Node, this package against the peers
//   runtimes   plain form and seed's request vs issue 14's peers in Node, Deno,
//              Bun, and the browser validation build in Chromium
//   profile    V8 CPU profile of the wasm with Rust function names
//   sizes      browser bundles, the package, the Worker bundle
//   coldstart  instantiate + first validateCandidate, Node and workerd
//   edge       load through the edge handler in workerd vs straight to the sandbox
//   client     ingestCandidate vs a hand-written fetch
// It is a benchmark, never a test: nothing here fails on a time.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchDir, pkgDir, repoRoot, tool } from "./lib/paths.mjs";
import { median } from "./lib/stats.mjs";

const { values: args } = parseArgs({
  options: {
    build: { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    "no-report": { type: "boolean", default: false },
  },
});
const STEPS = ["snapshot", "payloads", "native", "throughput", "runtimes", "profile", "sizes", "coldstart", "edge", "client"];
const only = args.only ? new Set(args.only.split(",")) : null;
const out = join(benchDir, "out");
const results = join(out, "results");
const payloads = join(out, "payloads");
mkdirSync(results, { recursive: true });
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const targetDir = process.env.CARGO_TARGET_DIR ?? join(repoRoot, "target");
const q = args.quick;

const run = (command, argv, options = {}) =>
  execFileSync(command, argv, { cwd: repoRoot, env, stdio: ["ignore", "inherit", "inherit"], maxBuffer: 256 << 20, ...options });
const node = (script, argv) => run(process.execPath, [join(benchDir, script), ...argv]);
const capture = (command, argv, options = {}) => execFileSync(command, argv, { cwd: repoRoot, env, encoding: "utf8", maxBuffer: 256 << 20, ...options }).trim();
const say = (text) => console.error(`\x1b[1m[bench] ${text}\x1b[0m`);

const steps = {
  snapshot() {
    if (args.build) run("scripts/build-pkg.sh", []);
    if (!existsSync(join(repoRoot, "pkg/dist/heymilo_ingest_server_bg.wasm"))) throw new Error("pkg/ is not built: run make pkg (or node bench/run.mjs --build)");
    rmSync(pkgDir, { recursive: true, force: true });
    cpSync(join(repoRoot, "pkg"), pkgDir, { recursive: true, filter: (src) => !/node_modules|\.tgz$/.test(src) });
    // The validation wasm before wasm-opt still has the Rust names: the profile's build
    // (the one validateCandidate runs on in the Node, Deno and Bun entries, at opt-level 3).
    const staged = join(targetDir, "pkg-staging/validate_o3.wasm");
    rmSync(join(out, "prof"), { recursive: true, force: true });
    if (existsSync(staged)) {
      run("wasm-bindgen", ["--target", "web", "--no-typescript", "--keep-debug", "--out-dir", join(out, "prof"), "--out-name", "heymilo_ingest", staged]);
    }
    // The same for the edge build (heymilo-ingest/edge, what the Worker runs), for the edge path's profile.
    const stagedEdge = join(targetDir, "pkg-staging/edge.wasm");
    rmSync(join(out, "prof-edge"), { recursive: true, force: true });
    if (existsSync(stagedEdge)) {
      run("wasm-bindgen", ["--target", "web", "--no-typescript", "--keep-debug", "--out-dir", join(out, "prof-edge"), "--out-name", "heymilo_ingest", stagedEdge]);
    }
    const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
    writeFileSync(join(results, "snapshot.json"), JSON.stringify({ version: manifest.version, exports: Object.keys(manifest.exports), staged: existsSync(staged) }, null, 2));
  },

  payloads() {
    node("payloads-cli.mjs", [payloads]);
  },

  native() {
    // The two builds run alternately, several times, so a busy spell of the machine hits both.
    const [roundMs, rounds, reps] = q ? ["100", "2", 1] : ["200", "3", 2];
    // Cargo.toml's release-o3 profile: the one the Node entries' validation wasm is built with.
    const o3 = ["--profile", "release-o3"];
    const variants = {
      "release profile (opt-level z, as the wasm)": { build: ["--release"], binary: join(targetDir, "release/examples/bench_native") },
      "opt-level 3": { build: o3, binary: join(targetDir, "release-o3/examples/bench_native") },
    };
    for (const { build } of Object.values(variants)) run("cargo", ["build", "--quiet", "--example", "bench_native", ...build]);
    const runs = Object.fromEntries(Object.keys(variants).map((label) => [label, []]));
    for (let rep = 0; rep < reps; rep++) {
      for (const [label, { binary }] of Object.entries(variants)) {
        runs[label].push(capture(binary, [payloads, roundMs, rounds]).split("\n").filter(Boolean).map((line) => JSON.parse(line)));
      }
    }
    // Median over the repetitions of each measurement's median.
    const measured = {};
    for (const [label, reps_] of Object.entries(runs)) {
      measured[label] = reps_[0].map((m, i) => ({
        set: m.set,
        what: m.what,
        ns_per_op: median(reps_.map((r) => r[i].ns_per_op)),
        cpu_ns_per_op: median(reps_.map((r) => r[i].cpu_ns_per_op)),
      }));
    }
    writeFileSync(join(results, "native.json"), JSON.stringify({ rustc: capture("rustc", ["--version"]), reps, variants: measured }, null, 2));
  },

  throughput() {
    node("throughput.mjs", [
      "--payloads", payloads, "--out", join(results, "throughput.json"),
      ...(q ? ["--round-ms", "100", "--rounds", "3", "--bulk-rounds", "2"] : ["--round-ms", "250", "--rounds", "9", "--bulk-rounds", "7"]),
    ]);
  },

  runtimes() {
    node("runtimes.mjs", ["--payloads", payloads, "--out", join(results, "runtimes.json"), ...(q ? ["--round-ms", "100", "--rounds", "2"] : ["--round-ms", "250", "--rounds", "7"])]);
  },

  profile() {
    if (!existsSync(join(out, "prof/heymilo_ingest.js"))) return say("profile skipped: no staged wasm (target/pkg-staging/server.wasm)");
    const edgeGlue = join(out, "prof-edge/heymilo_ingest.js");
    node("profile.mjs", [
      "--payloads", payloads, "--glue", join(out, "prof/heymilo_ingest.js"), "--out", join(results, "profile.json"), "--seconds", q ? "1" : "3",
      ...(existsSync(edgeGlue) ? ["--edge-glue", edgeGlue] : []),
    ]);
  },

  sizes() {
    node("sizes.mjs", ["--out", join(results, "sizes.json")]);
  },

  coldstart() {
    node("coldstart.mjs", ["--out", join(results, "coldstart.json"), ...(q ? ["--node-runs", "3", "--workerd-runs", "2", "--copies", "4"] : [])]);
  },

  edge() {
    node("edge.mjs", ["--out", join(results, "edge.json"), ...(q ? ["--duration", "2", "--rounds", "1"] : ["--duration", "6", "--rounds", "3"])]);
  },

  client() {
    node("client.mjs", ["--out", join(results, "client.json"), ...(q ? ["--calls", "50", "--rounds", "2"] : [])]);
  },
};

const versionOf = (dir) => {
  try {
    return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
};
const cpuModel = (readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? os.cpus()[0]?.model;
const git = (argv) => {
  try {
    return capture("git", argv);
  } catch {
    return null;
  }
};
const machine = {
  date: new Date().toISOString(),
  nproc: capture("nproc", []),
  cpu: cpuModel,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  rustc: capture("rustc", ["--version"]),
  commit: git(["rev-parse", "--short", "HEAD"]),
  dirty: Boolean(git(["status", "--porcelain", "--", "src", "pkg", "Cargo.toml", "crates"])),
  loadavgStart: os.loadavg(),
  quick: q,
  versions: {
    zod: versionOf(join(benchDir, "node_modules/zod")),
    valibot: versionOf(join(benchDir, "node_modules/valibot")),
    "libphonenumber-js": versionOf(join(benchDir, "node_modules/libphonenumber-js")),
    autocannon: versionOf(join(benchDir, "node_modules/autocannon")),
    esbuild: versionOf(join(benchDir, "node_modules/esbuild")),
    wrangler: versionOf(tool("wrangler")),
    miniflare: versionOf(tool("miniflare")),
    workerd: versionOf(tool("workerd")),
    "wasm-bindgen": capture("wasm-bindgen", ["--version"]).split(" ")[1],
    binaryen: versionOf(tool("binaryen")),
  },
  steps: {},
};

const started = performance.now();
for (const step of STEPS) {
  if (only && !only.has(step)) continue;
  say(step);
  const t = performance.now();
  steps[step]();
  machine.steps[step] = Math.round((performance.now() - t) / 1000);
}
machine.loadavgEnd = os.loadavg();
machine.totalSeconds = Math.round((performance.now() - started) / 1000);
// A partial run (--only) keeps the machine notes of the steps it did not run.
const previous = existsSync(join(results, "machine.json")) && only ? JSON.parse(readFileSync(join(results, "machine.json"), "utf8")) : null;
if (previous) machine.steps = { ...previous.steps, ...machine.steps };
writeFileSync(join(results, "machine.json"), JSON.stringify(machine, null, 2));
if (!args["no-report"]) node("report.mjs", ["--results", results, "--out", join(repoRoot, "BENCHMARKS.md")]);
say(`done in ${machine.totalSeconds} s`);
