// heymilo-ingest/edge in workerd: wrangler imports the .wasm as a compiled module.
import wasmModule from "../dist/edge/heymilo_ingest_bg.wasm";
import { initSync } from "../dist/edge/heymilo_ingest.js";

initSync({ module: wasmModule });

export * from "./edge-only.js";
