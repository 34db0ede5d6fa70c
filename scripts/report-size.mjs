// Prints raw, gzip and brotli sizes of what a page downloads (wasm + the
// esbuild-minified JS of an entry; compressed separately, as served), for the
// validation-only bundle (heymilo-ingest/validate), the browser build
// (validation + client), the edge build for Workers (heymilo-ingest/edge:
// validation + edge handler) and the server wasm.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const minified = (entry) =>
  execFileSync("node_modules/.bin/esbuild", [entry, "--bundle", "--minify", "--format=esm", "--log-level=error"]);
const bundle = (name, entry) => {
  const wasm = sizes(readFileSync(`pkg/dist/heymilo_ingest_${name}_bg.wasm`));
  const js = sizes(minified(entry));
  return { wasm, js, total: add(wasm, js) };
};

const validate = bundle("validate", "pkg/dist/entry-validate-browser.js");
const browser = bundle("browser", "pkg/dist/entry-browser.js");
const edge = bundle("edge", "pkg/dist/entry-edge-web.js");
const rows = [
  ["validation bundle, heymilo-ingest/validate (wasm + JS)", validate.total],
  ["  wasm", validate.wasm],
  ["  JS (glue + API, minified)", validate.js],
  ["browser bundle, validation + client (wasm + JS)", browser.total],
  ["edge bundle, heymilo-ingest/edge (wasm + JS)", edge.total],
  ["  wasm", edge.wasm],
  ["server wasm (+ client, sandbox, edge handler)", sizes(readFileSync("pkg/dist/heymilo_ingest_server_bg.wasm"))],
];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
const width = Math.max(...rows.map(([name]) => name.length));
console.log(`${"".padEnd(width)}  ${"raw".padStart(9)}  ${"gzip".padStart(9)}  ${"brotli".padStart(9)}`);
for (const [name, s] of rows) console.log(`${name.padEnd(width)}  ${kb(s.raw)}  ${kb(s.gzip)}  ${kb(s.brotli)}`);
