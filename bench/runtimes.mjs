// Issue 14's plain-form and seed's-request ratios in every runtime the package
// serves: Node, Deno and Bun (the npm builds the repository's tests use) each
// run this file as a child, importing the entry the package's export
// conditions give that runtime, against zod and valibot + libphonenumber-js/min
// in the same process; then the browser validation build
// (dist/entry-validate-browser.js, opt-level "z") against the same peers in
// headless Chromium, bundled by esbuild and served from 127.0.0.1.
//
//   node bench/runtimes.mjs --payloads DIR --out FILE [--round-ms 250] [--rounds 7]
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { extname, join } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { RUNTIMES, benchDir, pkgDir, pkgUrl, repoRoot, tool } from "./lib/paths.mjs";
import { measureRounds } from "./lib/rounds.mjs";
import { readPayloads } from "./payloads.mjs";

const { values: args } = parseArgs({
  options: {
    payloads: { type: "string" },
    out: { type: "string" },
    child: { type: "boolean", default: false },
    "round-ms": { type: "string", default: "250" },
    rounds: { type: "string", default: "7" },
  },
});
// The sets of the ratio table that a form and an ATS integration send.
const SETS = ["phone", "seed"];
const OURS = "heymilo-ingest";
const PEER_FILES = { "zod + libphonenumber-js/min": "zod-libphonenumber-min", "valibot + libphonenumber-js/min": "valibot-libphonenumber-min" };
const settings = { roundMs: Number(args["round-ms"]), rounds: Number(args.rounds), ref: OURS };

if (args.child) {
  const condition = globalThis.Deno ? "deno" : process.versions.bun ? "bun" : "node";
  const { exports } = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const chosen = exports["."][condition] ?? exports["."].node;
  const ours = await import(pkgUrl(chosen.default ?? chosen));
  const impls = { [OURS]: (c) => ours.validateCandidate(c).ok };
  for (const [label, file] of Object.entries(PEER_FILES)) {
    const peer = await import(`./peers/${file}.mjs`);
    impls[label] = (c) => peer.validateCandidate(c).success;
  }
  const sets = readPayloads(args.payloads);
  const out = { condition, version: globalThis.Deno?.version?.deno ?? process.versions.bun ?? process.versions.node, sets: {} };
  for (const set of SETS) out.sets[set] = measureRounds(impls, sets[set], settings);
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}

const passOn = ["--child", "--payloads", args.payloads, "--round-ms", args["round-ms"], "--rounds", args.rounds];
const results = { roundMs: settings.roundMs, rounds: settings.rounds, runtimes: {} };
for (const [runtime, [command, ...pre]] of Object.entries(RUNTIMES)) {
  if (!existsSync(command)) continue;
  const text = execFileSync(command, [...pre, import.meta.filename, ...passOn], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 64 << 20,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  results.runtimes[runtime] = JSON.parse(text);
  const line = SETS.map((s) => `${s} ${Object.entries(results.runtimes[runtime].sets[s]).map(([n, r]) => `${n} ${r.oursFasterBy.toFixed(2)}x`).join(", ")}`).join("; ");
  console.error(`[runtimes] ${runtime}: ${line}`);
}

// The browser validation build in Chromium.
const chromiumPath = "/usr/bin/chromium";
if (existsSync(chromiumPath) && existsSync(join(pkgDir, "dist/entry-validate-browser.js"))) {
  const page = join(pkgDir, "dist/bench-page.js");
  const source = [
    `import { validateCandidate } from ${JSON.stringify(join(pkgDir, "dist/entry-validate-browser.js"))};`,
    ...Object.values(PEER_FILES).map((file, i) => `import * as peer${i} from ${JSON.stringify(join(benchDir, "peers", `${file}.mjs`))};`),
    `import { measureRounds } from ${JSON.stringify(join(benchDir, "lib/rounds.mjs"))};`,
    `const labels = ${JSON.stringify(Object.keys(PEER_FILES))};`,
    `const peers = [${Object.values(PEER_FILES).map((_, i) => `peer${i}`).join(", ")}];`,
    `window.runBench = (sets, settings) => {`,
    `  const impls = { ${JSON.stringify(OURS)}: (c) => validateCandidate(c).ok };`,
    `  labels.forEach((label, i) => { impls[label] = (c) => peers[i].validateCandidate(c).success; });`,
    `  return Object.fromEntries(Object.entries(sets).map(([set, items]) => [set, measureRounds(impls, items, settings)]));`,
    `};`,
    `window.benchReady = true;`,
  ].join("\n");
  // Bundled as a page would be (minified, for the browser), next to the .wasm the entry loads by URL.
  const esbuild = createRequire(join(benchDir, "package.json"))("esbuild");
  esbuild.buildSync({ stdin: { contents: source, resolveDir: benchDir, loader: "js" }, bundle: true, minify: true, format: "esm", platform: "browser", outfile: page, logLevel: "error" });
  const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://127.0.0.1").pathname;
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><script type="module" src="/bench-page.js"></script>');
      return;
    }
    const file = join(pkgDir, "dist", path.replace(/^\/+/, ""));
    if (!file.startsWith(join(pkgDir, "dist")) || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { chromium } = await import(pathToFileURL(tool("playwright-core/index.mjs")).href);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
  try {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    await tab.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
    const sets = readPayloads(args.payloads);
    const measured = await tab.evaluate(([s, o]) => window.runBench(s, o), [Object.fromEntries(SETS.map((s) => [s, sets[s]])), settings]);
    results.browser = { build: "heymilo-ingest/validate, browser entry (dist/entry-validate-browser.js)", chromium: browser.version(), sets: measured };
    console.error(`[runtimes] chromium: ${SETS.map((s) => `${s} ${Object.entries(measured[s]).map(([n, r]) => `${n} ${r.oursFasterBy.toFixed(2)}x`).join(", ")}`).join("; ")}`);
  } finally {
    await browser.close();
    server.close();
    rmSync(page, { force: true });
  }
}
writeFileSync(args.out, JSON.stringify(results, null, 2));
