// Node, Deno and Bun: the module bytes are on disk next to this file, so the
// package is ready as soon as it is imported (no await needed).
import { readFileSync } from "node:fs";
import { initSync } from "../dist/server/heymilo_ingest.js";

initSync({ module: readFileSync(new URL("../dist/server/heymilo_ingest_bg.wasm", import.meta.url)) });

export * from "./server.js";
