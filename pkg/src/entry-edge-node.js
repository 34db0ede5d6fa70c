// heymilo-ingest/edge in Node, Deno and Bun: ready on import (the wasm is in
// the bundle, see wasm-bytes.js).
import { initSync } from "../dist/heymilo_ingest_edge.js";
import wasm from "../dist/embedded/edge.js";
import { bytesOfBase64 } from "./wasm-bytes.js";

initSync({ module: bytesOfBase64(wasm) });

export * from "./edge-only.js";
