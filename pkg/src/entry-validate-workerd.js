// heymilo-ingest/validate in workerd: wrangler imports the .wasm as a compiled module.
import wasmModule from "../dist/heymilo_ingest_validate_bg.wasm";
import { initSync } from "../dist/heymilo_ingest_validate.js";

initSync({ module: wasmModule });

export * from "./validate.js";
