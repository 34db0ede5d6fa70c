// heymilo-ingest/edge in Node, Deno and Bun: ready on import.
import { createRequire } from "node:module";
import { initSync } from "../dist/edge/heymilo_ingest.js";

// require, not `import … from "node:fs"` (see entry-node.js).
const { readFileSync } = createRequire(import.meta.url)("node:fs");
initSync({ module: readFileSync(new URL("../dist/edge/heymilo_ingest_bg.wasm", import.meta.url)) });

export * from "./edge-only.js";
