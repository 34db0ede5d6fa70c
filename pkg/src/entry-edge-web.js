// heymilo-ingest/edge in other runtimes with fetch and top-level await: the
// module is fetched and compiled while this module loads.
import { initSync } from "../dist/edge/heymilo_ingest.js";
import { compileWasm } from "./compile-wasm.js";

initSync({ module: await compileWasm(new URL("../dist/edge/heymilo_ingest_bg.wasm", import.meta.url)) });

export * from "./edge-only.js";
