// heymilo-ingest/edge in workerd: wrangler imports the .wasm as a compiled module.
import wasmModule from "../dist/heymilo_ingest_edge_bg.wasm";
import { initSync } from "../dist/heymilo_ingest_edge.js";

initSync({ module: wasmModule });

export * from "./edge-only.js";
