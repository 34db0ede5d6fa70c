// The core builds, loaded in Node, so the validation tests run on each:
// node (the Node entry: validation on the validate build, the server build
// instantiated on first use), server (validation + client + sandbox + edge),
// edge (heymilo-ingest/edge: validation + edge handler), browser (validation +
// client, per-call arena allocator) and validate (heymilo-ingest/validate,
// per-call arena).
import { readFileSync } from "node:fs";
import * as node from "../../pkg/src/entry-node.js";
import * as validate from "../../pkg/src/entry-validate-node.js";
import * as edge from "../../pkg/src/entry-edge-node.js";
import * as browserCore from "../../pkg/dist/heymilo_ingest_browser.js";
import * as serverCore from "../../pkg/dist/heymilo_ingest_server.js";
// The browser entry's API module itself (it names the glue's exports it uses); it
// touches the core only when called, after initSync below.
import * as browser from "../../pkg/src/browser.js";
import { createValidationApi } from "../../pkg/src/validation.js";

const wasm = (build) => readFileSync(new URL(`../../pkg/dist/heymilo_ingest_${build}_bg.wasm`, import.meta.url));
browserCore.initSync({ module: wasm("browser") });
// The Node entry's own first use of the server build finds it instantiated (initSync runs once).
serverCore.initSync({ module: wasm("server") });

export const builds = { node, server: createValidationApi(serverCore), edge, browser, validate };
