// heymilo-ingest/validate in browsers: compiled while this module loads.
// Bundled into pkg/dist/ next to the .wasm (see entry-browser.js).
import { initSync } from "../dist/heymilo_ingest_validate.js";
import { compileWasm } from "./compile-wasm.js";

initSync({ module: await compileWasm(new URL("./heymilo_ingest_validate_bg.wasm", import.meta.url)) });

export * from "./validate.js";
