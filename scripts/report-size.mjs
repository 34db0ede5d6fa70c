// Prints raw, gzip and brotli sizes: the browser validation bundle (the
// browser wasm plus the minified JS a page loads with it), and the server wasm.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const js = execFileSync("node_modules/.bin/esbuild", ["pkg/src/entry-browser.js", "--bundle", "--minify", "--format=esm", "--log-level=error"]);
const browserWasm = readFileSync("pkg/dist/browser/heymilo_ingest_bg.wasm");
const rows = [
  ["browser wasm", sizes(browserWasm)],
  ["browser JS (glue + API, esbuild --minify)", sizes(js)],
  ["browser validation bundle (wasm + JS)", sizes(Buffer.concat([browserWasm, js]))],
  ["server wasm", sizes(readFileSync("pkg/dist/server/heymilo_ingest_bg.wasm"))],
];
// Compressed separately: what a browser downloads is two files.
const [wasmRow, jsRow] = rows;
rows[2][1].gzip = wasmRow[1].gzip + jsRow[1].gzip;
rows[2][1].brotli = wasmRow[1].brotli + jsRow[1].brotli;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
const width = Math.max(...rows.map(([name]) => name.length));
console.log(`${"".padEnd(width)}  ${"raw".padStart(9)}  ${"gzip".padStart(9)}  ${"brotli".padStart(9)}`);
for (const [name, s] of rows) console.log(`${name.padEnd(width)}  ${kb(s.raw)}  ${kb(s.gzip)}  ${kb(s.brotli)}`);
