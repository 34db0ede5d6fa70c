// heymilo-ingest/edge in other runtimes with fetch and top-level await: the
// wasm is fetched and compiled while this module loads. Bundled into
// pkg/dist/ next to the .wasm (see entry-browser.js).
import { initSync } from "../dist/heymilo_ingest_edge.js";
import { compileWasm } from "./compile-wasm.js";

initSync({ module: await compileWasm(new URL("./heymilo_ingest_edge_bg.wasm", import.meta.url)) });

export * from "./edge-only.js";
