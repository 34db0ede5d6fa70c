// heymilo-ingest/validate in workerd: wrangler imports the .wasm as a compiled module.
import wasmModule from "../dist/validate/heymilo_ingest_bg.wasm";
import { initSync } from "../dist/validate/heymilo_ingest.js";

initSync({ module: wasmModule });

export * from "./validate.js";
