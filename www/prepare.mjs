// Copies the package's browser files into public/vendor/heymilo-ingest/, laid
// out as in the package, so the page loads them with a plain import map, as a
// site without a bundler would. Run after the package is built
// (scripts/build-pkg.sh); serve.mjs and bundle-size.mjs run it for you.
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, "../pkg");
const vendor = join(here, "public/vendor/heymilo-ingest");

export function prepare() {
  const files = ["entry-browser.js", "heymilo_ingest_browser_bg.wasm"];
  if (!files.every((name) => existsSync(join(pkg, "dist", name))) || !existsSync(join(pkg, "dist/heymilo_ingest_server_bg.wasm"))) {
    throw new Error("pkg/dist is missing: build the package first (scripts/build-pkg.sh, or make pkg)");
  }
  rmSync(vendor, { recursive: true, force: true });
  mkdirSync(join(vendor, "dist"), { recursive: true });
  // The browser entry is one bundled module that loads the .wasm beside it.
  for (const name of files) cpSync(join(pkg, "dist", name), join(vendor, "dist", name));
  return vendor;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`prepared ${prepare()}`);
}
