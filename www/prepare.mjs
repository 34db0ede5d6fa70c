// Copies the package's browser files into public/vendor/heymilo-ingest/, laid
// out as in the package, so the page loads them with a plain import map, as a
// site without a bundler would. Run after the package is built
// (scripts/build-pkg.sh); serve.mjs and bundle-size.mjs run it for you.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, "../pkg");
const vendor = join(here, "public/vendor/heymilo-ingest");

export function prepare() {
  const browserDist = join(pkg, "dist/browser");
  if (!existsSync(join(browserDist, "heymilo_ingest_bg.wasm")) || !existsSync(join(pkg, "dist/server/heymilo_ingest_bg.wasm"))) {
    throw new Error("pkg/dist is missing: build the package first (scripts/build-pkg.sh, or make pkg)");
  }
  rmSync(vendor, { recursive: true, force: true });
  mkdirSync(join(vendor, "src"), { recursive: true });
  // The whole src/ (server files included): entry-browser.js imports only the
  // browser ones, and copying all keeps this script from tracking the graph.
  for (const name of readdirSync(join(pkg, "src"))) {
    if (name.endsWith(".js")) cpSync(join(pkg, "src", name), join(vendor, "src", name));
  }
  cpSync(browserDist, join(vendor, "dist/browser"), { recursive: true });
  return vendor;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`prepared ${prepare()}`);
}
