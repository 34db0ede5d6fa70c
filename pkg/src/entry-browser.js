// Browsers (and any runtime with fetch and top-level await): the module is
// fetched and compiled while this module loads, so importers can call the API
// straight away. Bundlers that copy assets referenced by `new URL(…,
// import.meta.url)` (Vite, webpack 5, esbuild with the file loader) ship the
// .wasm file automatically.
import { initSync } from "../dist/browser/heymilo_ingest.js";
import { compileWasm } from "./compile-wasm.js";

initSync({ module: await compileWasm(new URL("../dist/browser/heymilo_ingest_bg.wasm", import.meta.url)) });

export * from "./browser.js";
