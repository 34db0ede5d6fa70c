// heymilo-ingest in browsers (and any runtime with fetch and top-level await):
// the wasm is fetched and compiled while this module loads, so importers can
// call the API straight away.
//
// scripts/build-pkg.sh bundles this file into pkg/dist/, next to the .wasm:
// the URL is relative to the bundle. Vite, webpack and Next.js ship the file it
// names; esbuild, Rollup and bun build leave the URL pointing next to their
// own output, where the README's one copy line puts it.
import { initSync } from "../dist/heymilo_ingest_browser.js";
import { compileWasm } from "./compile-wasm.js";

initSync({ module: await compileWasm(new URL("./heymilo_ingest_browser_bg.wasm", import.meta.url)) });

export * from "./browser.js";
