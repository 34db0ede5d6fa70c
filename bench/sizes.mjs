// Sizes: the browser validation bundle (measured as scripts/report-size.mjs
// does: the browser wasm plus esbuild --minify of entry-browser.js, each
// compressed on its own, gzip -9 and brotli 11) against esbuild bundles of
// each peer stack; the full npm package (npm pack); the Worker bundle from
// `wrangler deploy --dry-run` (what counts against Cloudflare's size limit:
// the gzip of the uploaded modules, as wrangler measures it).
//
//   node bench/sizes.mjs --out FILE
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchDir as bench, pkgDir } from "./lib/paths.mjs";
import { bundleWorker } from "./lib/wrangler.mjs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { PEERS } from "./lib/peers.mjs";

const { values: args } = parseArgs({ options: { out: { type: "string" } } });
const esbuild = join(bench, "node_modules/.bin/esbuild");

export const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const bundle = (entry) =>
  execFileSync(esbuild, [entry, "--bundle", "--minify", "--format=esm", "--platform=browser", "--log-level=error"], { cwd: bench, maxBuffer: 64 << 20 });

const results = { browser: {}, peers: {}, package: {}, worker: {} };

// This package, as scripts/report-size.mjs measures it: wasm + minified JS, compressed separately (two files).
const ours = (build, entry) => {
  const wasm = sizes(readFileSync(join(pkgDir, `dist/heymilo_ingest_${build}_bg.wasm`)));
  const js = sizes(bundle(join(pkgDir, "dist", entry)));
  return { wasm, js, total: add(wasm, js) };
};
if (existsSync(join(pkgDir, "dist/entry-validate-browser.js"))) results.validate = ours("validate", "entry-validate-browser.js");
results.browser = ours("browser", "entry-browser.js");
results.browser.serverWasm = sizes(readFileSync(join(pkgDir, "dist/heymilo_ingest_server_bg.wasm")));
// The Node, Deno and Bun entries' validation wasm (opt-level 3), embedded in their bundles.
if (existsSync(join(pkgDir, "dist/heymilo_ingest_validate_o3_bg.wasm"))) results.validateO3 = sizes(readFileSync(join(pkgDir, "dist/heymilo_ingest_validate_o3_bg.wasm")));
if (existsSync(join(pkgDir, "dist/entry-edge-web.js"))) results.edge = ours("edge", "entry-edge-web.js");

// The peers: each stack's validateCandidate/validateCandidates module, bundled for the browser.
for (const [label, file] of Object.entries(PEERS)) results.peers[label] = sizes(bundle(join(bench, "peers", `${file}.mjs`)));

// The full package: the tarball npm publishes, and unpacked.
const packDir = mkdtempSync(join(tmpdir(), "heymilo-pack-"));
try {
  const [info] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", packDir, "--loglevel=error"], { cwd: pkgDir }));
  results.package = { tarball: readFileSync(join(packDir, info.filename)).length, unpacked: info.unpackedSize, files: info.entryCount };
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

// The Worker bundle: the edge worker of README's "In a Cloudflare Worker" through wrangler.
const out = mkdtempSync(join(tmpdir(), "heymilo-worker-"));
try {
  bundleWorker("edge", out);
  const modules = readdirSync(out)
    .filter((name) => !name.endsWith(".map") && name !== "README.md")
    .map((name) => ({ name: name.replace(/^[0-9a-f]{40}-/, ""), bytes: readFileSync(join(out, name)) }));
  for (const { name, bytes } of modules) results.worker[name] = { raw: bytes.length, gzip: gzipSync(bytes).length };
  // As wrangler measures the upload against the limit: gzip (default level) of the modules together.
  const all = Buffer.concat(modules.map((m) => m.bytes));
  results.worker.total = { raw: all.length, gzip: gzipSync(all).length };
} finally {
  rmSync(out, { recursive: true, force: true });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.error(`[sizes] validation bundle ${kb((results.validate ?? results.browser).total.gzip)} gzip; worker ${kb(results.worker.total.gzip)} gzip; package ${kb(results.package.tarball)} tgz`);
writeFileSync(args.out, JSON.stringify(results, null, 2));
