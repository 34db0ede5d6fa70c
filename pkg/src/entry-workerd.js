// Cloudflare Workers / workerd: wrangler and miniflare import a .wasm file as
// a compiled WebAssembly.Module (code generation from bytes is not allowed).
import wasmModule from "../dist/server/heymilo_ingest_bg.wasm";
import { initSync } from "../dist/server/heymilo_ingest.js";

initSync({ module: wasmModule });

export * from "./server.js";
