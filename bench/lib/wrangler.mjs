// Bundles a benchmark Worker the way `wrangler deploy` would (offline:
// --dry-run), with "heymilo-ingest" and "heymilo-ingest/edge" aliased to the
// package under test.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchDir, pkgDir, tool } from "./paths.mjs";

/** Bundles bench/workerd/<name>.js into `outdir`; returns the names of the modules written. */
export function bundleWorker(name, outdir) {
  const configDir = mkdtempSync(join(tmpdir(), "heymilo-wrangler-"));
  try {
    const config = join(configDir, "wrangler.toml");
    // "__PKG__" in a worker's source stands for the package directory under test,
    // "__BENCH__" for bench/ (the peers, resolved from bench/node_modules).
    const main = join(configDir, `${name}.js`);
    writeFileSync(main, readFileSync(join(benchDir, "workerd", `${name}.js`), "utf8").replaceAll("__PKG__", pkgDir).replaceAll("__BENCH__", benchDir));
    writeFileSync(
      config,
      [
        `name = "heymilo-ingest-bench-${name}"`,
        `main = ${JSON.stringify(main)}`,
        `compatibility_date = "2025-01-01"`,
        ``,
        `[alias]`,
        `"heymilo-ingest" = ${JSON.stringify(join(pkgDir, "src/entry-workerd.js"))}`,
        // A build from before heymilo-ingest/edge: its Worker imports the main entry.
        `"heymilo-ingest/edge" = ${JSON.stringify(join(pkgDir, existsSync(join(pkgDir, "src/entry-edge-workerd.js")) ? "src/entry-edge-workerd.js" : "src/entry-workerd.js"))}`,
        ``,
      ].join("\n"),
    );
    execFileSync(process.execPath, [tool("wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", outdir, "--config", config], {
      cwd: configDir,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_LOG: "error" },
    });
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
  return readdirSync(outdir).filter((file) => !file.endsWith(".map") && file !== "README.md");
}

/** Miniflare options for a bundle written by bundleWorker. */
export const bundledWorkerOptions = (outdir, name) => ({
  modules: true,
  scriptPath: join(outdir, `${name}.js`),
  modulesRoot: outdir,
  modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
  compatibilityDate: "2025-01-01",
});
