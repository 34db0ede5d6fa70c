// Where the benchmark reads the package from. `make bench` builds pkg/ and
// copies it to bench/out/pkg first, so every step measures the same build even
// while pkg/ is rebuilt by someone else; HEYMILO_BENCH_PKG overrides.
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const benchDir = resolve(import.meta.dirname, "..");
export const repoRoot = resolve(benchDir, "..");
export const pkgDir = resolve(process.env.HEYMILO_BENCH_PKG ?? join(benchDir, "out/pkg"));
export const pkgUrl = (path) => pathToFileURL(join(pkgDir, path)).href;
/** The repository's dev tools (wrangler, miniflare). */
export const tool = (path) => join(repoRoot, "node_modules", path);

/**
 * The command line that runs a script in a fresh process, per runtime (Deno
 * with every permission: the package's server entry needs none, but a
 * bench child must not stop at a prompt).
 */
export const RUNTIMES = {
  node: [process.execPath],
  deno: [tool("@deno/linux-x64-glibc/deno"), "run", "-A"],
  bun: [tool("@oven/bun-linux-x64/bin/bun")],
};
