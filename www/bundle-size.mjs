// Bundles the demo Worker as `wrangler deploy` would (offline: --dry-run) and
// prints what counts against Cloudflare's Worker size limit: the modules that
// are uploaded (worker.js and the .wasm), raw and gzip-compressed. Static
// assets are uploaded separately and do not count.
//
// The limit: Workers Free allows a Worker of 3 MB *after compression* (10 MB
// on Workers Paid): https://developers.cloudflare.com/workers/platform/limits/
// #worker-size, raised from 1 MB in Nov 2024. Wrangler 4.86.0 measures it as
// the gzip (zlib default level) of all modules concatenated, against
// MAX_GZIP_SIZE_BYTES = 3 * 1024 * 1024 = 3,145,728 bytes; so does this script.
//
// Usage: node www/bundle-size.mjs   (exit status 1 if over the limit)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { prepare } from "./prepare.mjs";

const FREE_PLAN_LIMIT_GZIP_BYTES = 3 * 1024 * 1024;

const here = dirname(fileURLToPath(import.meta.url));
const wrangler = resolve(here, "../node_modules/wrangler/bin/wrangler.js");
const out = mkdtempSync(join(tmpdir(), "heymilo-demo-bundle-"));
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(11);

try {
  prepare(); // wrangler reads the assets directory even on a dry run
  execFileSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", out, "--config", join(here, "wrangler.toml")], {
    cwd: here,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_LOG: "error" },
  });
  // Source maps and wrangler's README are written for people, not uploaded.
  const modules = readdirSync(out)
    .filter((name) => !name.endsWith(".map") && name !== "README.md")
    .sort((a, b) => (a === "worker.js" ? -1 : b === "worker.js" ? 1 : a.localeCompare(b)))
    .map((name) => ({ name, bytes: readFileSync(join(out, name)) }));

  console.log("demo Worker bundle (wrangler deploy --dry-run):");
  for (const { name, bytes } of modules) {
    const shown = name.replace(/^[0-9a-f]{40}-/, ""); // wrangler prefixes .wasm files with their hash
    console.log(`  ${shown.padEnd(26)} ${kib(bytes.length)} raw ${kib(gzipSync(bytes).length)} gzip`);
  }
  // In wrangler's order (additional modules, then the entry) so the figure matches its "Total Upload".
  const all = Buffer.concat([...modules.slice(1), modules[0]].map((m) => m.bytes));
  const gzip = gzipSync(all).length;
  console.log(`  ${"total".padEnd(26)} ${kib(all.length)} raw ${kib(gzip)} gzip`);
  const share = ((gzip / FREE_PLAN_LIMIT_GZIP_BYTES) * 100).toFixed(1);
  const fits = gzip <= FREE_PLAN_LIMIT_GZIP_BYTES;
  console.log(
    `Workers Free limit: 3 MiB after compression (${FREE_PLAN_LIMIT_GZIP_BYTES.toLocaleString("en")} bytes); ` +
      `this bundle uses ${gzip.toLocaleString("en")} bytes, ${share}% — ${fits ? "fits" : "TOO LARGE"}.`,
  );
  process.exitCode = fits ? 0 : 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
