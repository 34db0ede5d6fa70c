// Sizes as a real build measures them: every .js and .wasm file a tool wrote,
// each compressed on its own (as a server or the Workers upload sends it).
// The READMEs state them between `<!-- sizes: vite -->` and `<!-- /sizes -->`;
// checkSizes fails when a stated figure is off by more than TOLERANCE_KB, and
// rewrites the tables instead when UPDATE_SIZES=1.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const TOLERANCE_KB = 0.5;
const BLOCK = /(<!-- sizes: vite -->\n)([\s\S]*?)(<!-- \/sizes -->)/;
const HEADER = "| what ships | JS (gzip) | wasm (gzip) | total gzip | total brotli |\n|---|---|---|---|---|\n";

/** { js, wasm, brotli } compressed bytes of the .js and .wasm files under `dir` (recursively). */
export function measure(dir) {
  const total = { js: 0, wasm: 0, brotli: 0 };
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const kind = { ".js": "js", ".mjs": "js", ".wasm": "wasm" }[extname(entry.name)];
    if (!entry.isFile() || !kind) continue;
    const bytes = readFileSync(join(entry.parentPath, entry.name));
    total[kind] += gzipSync(bytes, { level: 9 }).length;
    total.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return total;
}

/** A markdown table's body rows as lists of trimmed cells. */
const rowsOf = (table) => table.trim().split("\n").slice(2).map((row) => row.split("|").slice(1, -1).map((cell) => cell.trim()));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** The table for rows of [what, measure(...)]. */
export function sizeTable(rows) {
  return HEADER + rows.map(([what, s]) => `| ${what} | ${kb(s.js)} | ${kb(s.wasm)} | ${kb(s.js + s.wasm)} | ${kb(s.brotli)} |\n`).join("");
}

/**
 * Compares each README's sizes table with `table` (the same rows, every
 * figure within TOLERANCE_KB); with UPDATE_SIZES=1 writes `table` instead.
 * Returns the problems.
 */
export function checkSizes(readmes, table) {
  const problems = [];
  for (const path of readmes) {
    const text = readFileSync(path, "utf8");
    const block = text.match(BLOCK);
    if (!block) {
      problems.push(`${path} has no <!-- sizes: vite --> table`);
      continue;
    }
    if (process.env.UPDATE_SIZES === "1") {
      writeFileSync(path, text.replace(BLOCK, `$1${table}$3`));
      continue;
    }
    const [stated, measured] = [rowsOf(block[2]), rowsOf(table)];
    const close = (a, b) => Math.abs(parseFloat(a) - parseFloat(b)) <= TOLERANCE_KB;
    const same = stated.length === measured.length &&
      measured.every(([what, ...figures], i) => what === stated[i][0] && figures.every((figure, j) => close(figure, stated[i][j + 1])));
    if (!same) {
      problems.push(`${path} states sizes a real build does not measure (UPDATE_SIZES=1 TOOLCHAINS=sizes make test-toolchains rewrites them):\n${block[2]}measured:\n${table}`);
    }
  }
  return problems;
}
