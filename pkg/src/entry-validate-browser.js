// heymilo-ingest/validate in browsers: compiled while this module loads.
import { initSync } from "../dist/validate/heymilo_ingest.js";
import { compileWasm } from "./compile-wasm.js";

initSync({ module: await compileWasm(new URL("../dist/validate/heymilo_ingest_bg.wasm", import.meta.url)) });

export * from "./validate.js";
