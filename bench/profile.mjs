// Where the time of one validation goes inside the wasm: V8's sampling CPU
// profiler (--cpu-prof) over a loop of the core call validateCandidate(s)
// makes for each set (acceptPlainRows for valid candidates with only text
// fields, validateJson for the others), on a build that
// keeps the Rust function names (the staged wasm before wasm-opt, through
// wasm-bindgen --keep-debug). Prints the self time per function, grouped.
//
// Then the edge path the same way (--edge-glue: the edge build with its names):
// handleIngestRequest in Node with a canned upstream answer
// (bench/lib/edge-in-process.mjs), self time grouped by where it runs (the
// wasm core, the package's JS, the JS↔wasm glue, Request/Response/Headers and
// streams, Node's promise machinery, the garbage collector).
//
//   node bench/profile.mjs --payloads DIR --glue DIR/heymilo_ingest.js --out FILE [--seconds 3] [--edge-glue DIR/heymilo_ingest.js]
//   (spawns itself with --cpu-prof for each set)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { pkgUrl } from "./lib/paths.mjs";
import { edgeWays } from "./lib/edge-in-process.mjs";
import { isBulk, readPayloads, SETS } from "./payloads.mjs";

const { values: args } = parseArgs({
  options: {
    payloads: { type: "string" },
    glue: { type: "string" },
    out: { type: "string" },
    set: { type: "string" },
    seconds: { type: "string", default: "3" },
    child: { type: "boolean", default: false },
    "edge-glue": { type: "string" },
  },
});

if (args.child && args.set === "edge") {
  const core = await import(pathToFileURL(args["edge-glue"]).href);
  core.initSync({ module: readFileSync(args["edge-glue"].replace(/\.js$/, "_bg.wasm")) });
  const { createHandleIngestRequest } = await import(pkgUrl("src/edge.js"));
  const { handleIngestRequest } = edgeWays(createHandleIngestRequest(core));
  const until = performance.now() + Number(args.seconds) * 1000;
  let requests = 0;
  while (performance.now() < until) {
    for (let k = 0; k < 50; k++) if ((await handleIngestRequest()) === 201) requests++;
  }
  process.exit(requests > 0 ? 0 : 1);
}

if (args.child) {
  const glue = await import(pathToFileURL(args.glue).href);
  glue.initSync({ module: readFileSync(args.glue.replace(/\.js$/, "_bg.wasm")) });
  // Long rows as UTF-16, as the Node entries send them.
  const { withUtf16Rows } = await import(pkgUrl("src/utf16-rows.js"));
  const core = withUtf16Rows(glue);
  const items = readPayloads(args.payloads)[args.set];
  const many = isBulk(args.set);
  // The plain path's row text (every set but the invalid one takes the plain path).
  const { rowText: rowOf, plainFields } = await import(pkgUrl("src/plain-fields.js"));
  const rowText = (c) => rowOf(plainFields(c));
  const plain = args.set !== "invalid";
  const texts = items.map((v) => (plain ? (many ? v.map(rowText).join("") : rowText(v)) : JSON.stringify(v)));
  const rows = many ? items[0].length : 1;
  const call = plain ? (text) => core.acceptPlainRows(text, rows) : (text) => core.validateJson(text, many);
  const until = performance.now() + Number(args.seconds) * 1000;
  let sink = 0;
  for (let i = 0; performance.now() < until; i++) sink += call(texts[i % texts.length]).length;
  process.exit(sink > 0 ? 0 : 1);
}

/** Groups a Rust symbol into the part of the crate (or std) it belongs to. */
function groupOf(name) {
  const rules = [
    [/^(validateJson|acceptPlainRows|acceptPlainRows16|passArray16ToWasm0|write|getArrayF64FromWasm0|passStringToWasm0|getStringFromWasm0|getUint8ArrayMemory0|decode|encodeInto|encode)$|wasm_bindgen|__wbindgen/, "JS↔wasm glue (copies in/out)"],
    [/^\((garbage collector)\)$/, "V8 garbage collector"],
    [/compileSourceTextModule|compileForInternalLoader|openFileHandle|readFileSync|^Module$|^now$|^\(anonymous (profile|payloads)\.mjs\)$/, "harness and start-up (not per call)"],
    [/json::|Reader|KeyIndex|insert_last_wins|fnv1a/, "json (parse/write)"],
    [/email::|punycode|normalize_email|idna|likely_domain_typo|typo::/, "email"],
    [/phone::|normalize_phone/, "phone"],
    [/validate::|Checker|Marks|validation_utf16|Utf16Text/, "validate (rules)"],
    [/issue::|Issue|write_issues|decimal/, "issues"],
    [/dlmalloc|call_arena|CallArena|alloc::|__rust_alloc|__rust_dealloc|__rust_realloc|__rdl_|malloc|free|realloc|RawVec|memcpy|memmove|memset|String>::push|to_owned|clone/, "allocation, copies, String growth"],
    [/core(\[[0-9a-f]+\])?::|CharSearcher|Chars|PartialEq|<char as|memchr|memcmp|from_utf8/, "core::str / slice / cmp"],
  ];
  for (const [pattern, group] of rules) if (pattern.test(name)) return group;
  return "other";
}

function summarize(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const name = node.callFrame.functionName || `(anonymous ${node.callFrame.url.split("/").pop()})`;
    self.set(name, (self.get(name) ?? 0) + (deltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const loop = [...self.entries()].filter(([n]) => !/^\((idle|root|program)\)$/.test(n) && groupOf(n) !== "harness and start-up (not per call)");
  const busy = loop.reduce((a, [, t]) => a + t, 0);
  const functions = loop
    .sort((a, b) => b[1] - a[1])
    .slice(0, 60)
    .map(([name, t]) => ({ name: name.length > 110 ? name.slice(0, 107) + "…" : name, group: groupOf(name), share: t / busy }));
  const groups = {};
  for (const [name, t] of loop) groups[groupOf(name)] = (groups[groupOf(name)] ?? 0) + t / busy;
  return { sampledMs: total / 1000, functions, groups };
}

/** Where the edge path's time goes: by the file and kind of each sampled function. */
function edgeGroupOf(frame) {
  const { functionName: name, url } = frame;
  if (/^\((garbage collector)\)$/.test(name)) return "V8 garbage collector";
  // Start-up (module compile, reading the wasm, instantiating): not per request.
  if (/compileSourceTextModule|compileForInternalLoader|^Module$|^Instance$|readFileSync|readFileUtf8|initSync|^__wbg_init$/.test(name)) return "harness";
  if (url.startsWith("wasm://") || /^\$|wasm-function/.test(name)) return "wasm: the core (route, validate, forward, relay)";
  if (/passStringToWasm0|getStringFromWasm0|getUint8ArrayMemory0|getArrayU8FromWasm0|encodeInto|^encode$|^decode$|__wbg|__wbindgen|addToExternrefTable|takeFromExternrefTable/.test(name)) return "JS↔wasm glue (copies, externrefs)";
  if (/undici|webstreams|fetch\/|internal\/deps/.test(url)) return "Request / Response / Headers / streams (Node's undici)";
  if (url.includes("/pkg/src/") || url.includes("/pkg/dist/")) return "package JS (edge.js, validation.js)";
  if (url.startsWith("node:") || url === "") return name === "(program)" || name === "(idle)" ? null : "Node internals (promises, microtasks, buffers)";
  return "harness";
}
function summarizeEdge(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const groups = {};
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byId.get(profile.samples[i]).callFrame;
    const group = edgeGroupOf(frame);
    if (group === null || group === "harness" || /^\((idle|root|program)\)$/.test(frame.functionName)) continue;
    const dt = profile.timeDeltas[i] ?? 0;
    busy += dt;
    groups[group] = (groups[group] ?? 0) + dt;
    const key = `${frame.functionName || "(anonymous)"} (${frame.url.split("/").slice(-2).join("/") || "native"})`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  for (const g of Object.keys(groups)) groups[g] /= busy;
  const functions = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([name, t]) => ({ name: name.length > 110 ? name.slice(0, 107) + "…" : name, share: t / busy }));
  return { sampledMs: busy / 1000, groups, functions };
}

const results = {};
for (const set of SETS) {
  const dir = mkdtempSync(join(tmpdir(), "heymilo-prof-"));
  try {
    execFileSync(
      process.execPath,
      ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "50", import.meta.filename, "--child",
        "--payloads", args.payloads, "--glue", args.glue, "--set", set, "--seconds", args.seconds],
      { stdio: ["ignore", "inherit", "inherit"] },
    );
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    results[set] = summarize(JSON.parse(readFileSync(join(dir, file), "utf8")));
    const top = Object.entries(results[set].groups).sort((a, b) => b[1] - a[1]).map(([g, s]) => `${g} ${(s * 100).toFixed(0)}%`);
    console.error(`[profile] ${set}: ${top.join(", ")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (args["edge-glue"]) {
  const dir = mkdtempSync(join(tmpdir(), "heymilo-prof-"));
  try {
    execFileSync(
      process.execPath,
      ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "50", import.meta.filename, "--child", "--set", "edge", "--edge-glue", args["edge-glue"], "--seconds", args.seconds],
      { stdio: ["ignore", "inherit", "inherit"] },
    );
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    results.edge = summarizeEdge(JSON.parse(readFileSync(join(dir, file), "utf8")));
    const top = Object.entries(results.edge.groups).sort((a, b) => b[1] - a[1]).map(([g, s]) => `${g} ${(s * 100).toFixed(0)}%`);
    console.error(`[profile] edge: ${top.join(", ")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
writeFileSync(args.out, JSON.stringify(results, null, 2));
