// heymilo-ingest/edge in other runtimes with fetch and top-level await: the
// module is fetched and compiled while this module loads.
import init from "../dist/edge/heymilo_ingest.js";

await init({ module_or_path: new URL("../dist/edge/heymilo_ingest_bg.wasm", import.meta.url) });

export * from "./edge-only.js";
