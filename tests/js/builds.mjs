// The core builds, loaded in Node, so the validation tests run on each:
// node (the Node entry: validation on the validate build at opt-level 3, the
// server build instantiated on first use), server (validation + client +
// sandbox + edge), edge (heymilo-ingest/edge: validation + edge handler),
// browser (validation + client, per-call arena allocator), validate
// (heymilo-ingest/validate's Node entry: the validate build at opt-level 3,
// per-call arena) and validateBrowser (the same code at opt-level "z", what
// heymilo-ingest/validate's browser entry loads).
import { readFileSync } from "node:fs";
import * as node from "../../pkg/src/entry-node.js";
import * as validate from "../../pkg/src/entry-validate-node.js";
import * as edge from "../../pkg/src/entry-edge-node.js";
import * as browserCore from "../../pkg/dist/heymilo_ingest_browser.js";
import * as serverCore from "../../pkg/dist/heymilo_ingest_server.js";
import * as validateCore from "../../pkg/dist/heymilo_ingest_validate.js";
// The browser entry's API module itself (it names the glue's exports it uses); it
// touches the core only when called, after initSync below.
import * as browser from "../../pkg/src/browser.js";
import { createValidationApi } from "../../pkg/src/validation.js";

const wasm = (build) => readFileSync(new URL(`../../pkg/dist/heymilo_ingest_${build}_bg.wasm`, import.meta.url));
browserCore.initSync({ module: wasm("browser") });
// The Node entry's own first use of the server build finds it instantiated (initSync runs once).
serverCore.initSync({ module: wasm("server") });
validateCore.initSync({ module: wasm("validate") });

export const builds = {
  node,
  server: createValidationApi(serverCore),
  edge,
  browser,
  validate,
  validateBrowser: createValidationApi(validateCore),
};
