// heymilo-ingest/validate in Node, Deno and Bun: ready on import (the wasm is
// in the bundle, see wasm-bytes.js).
import { initSync } from "../dist/heymilo_ingest_validate.js";
import wasm from "../dist/embedded/validate.js";
import { bytesOfBase64 } from "./wasm-bytes.js";

initSync({ module: bytesOfBase64(wasm) });

export * from "./validate.js";
