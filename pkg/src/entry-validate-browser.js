// heymilo-ingest/validate in browsers: compiled while this module loads.
import init from "../dist/validate/heymilo_ingest.js";

await init({ module_or_path: new URL("../dist/validate/heymilo_ingest_bg.wasm", import.meta.url) });

export * from "./validate.js";
