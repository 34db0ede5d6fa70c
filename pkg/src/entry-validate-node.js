// heymilo-ingest/validate in Node, Deno and Bun: ready on import.
import { readFileSync } from "node:fs";
import { initSync } from "../dist/validate/heymilo_ingest.js";

initSync({ module: readFileSync(new URL("../dist/validate/heymilo_ingest_bg.wasm", import.meta.url)) });

export * from "./validate.js";
