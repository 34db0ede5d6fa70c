// The three core builds, loaded in Node, so the validation tests run on each:
// server (what Node gets), browser (validation + client, per-call arena
// allocator) and validate (heymilo-ingest/validate, per-call arena).
import { readFileSync } from "node:fs";
import * as server from "../../pkg/src/entry-node.js";
import * as validate from "../../pkg/src/entry-validate-node.js";
import * as browserCore from "../../pkg/dist/browser/heymilo_ingest.js";
import { createApi } from "../../pkg/src/api.js";

browserCore.initSync({ module: readFileSync(new URL("../../pkg/dist/browser/heymilo_ingest_bg.wasm", import.meta.url)) });

export const builds = { server, browser: createApi(browserCore), validate };
