// The core builds, loaded in Node, so the validation tests run on each:
// node (the Node entry: validation on the validate build at opt-level 3, the
// server build instantiated on first use), server (validation + client +
// sandbox + edge), edge (heymilo-ingest/edge: validation + edge handler),
// browser (validation + client, per-call arena allocator), validate
// (heymilo-ingest/validate's Node entry: the validate build at opt-level 3,
// per-call arena), validateBrowser (the same code at opt-level "z", what
// heymilo-ingest/validate's browser entry loads) and utf16 (the opt-level 3
// build with every plain row as UTF-16, which the Node entries use only for
// long rows).
import { readFileSync } from "node:fs";
import * as node from "../../pkg/src/entry-node.js";
import * as validate from "../../pkg/src/entry-validate-node.js";
import * as edge from "../../pkg/src/entry-edge-node.js";
import * as browserCore from "../../pkg/dist/heymilo_ingest_browser.js";
import * as serverCore from "../../pkg/dist/heymilo_ingest_server.js";
import * as validateCore from "../../pkg/dist/heymilo_ingest_validate.js";
// Initialized by entry-validate-node.js above (the same module).
import * as validateO3Core from "../../pkg/dist/heymilo_ingest_validate_o3.js";
// The browser entry's API module itself (it names the glue's exports it uses); it
// touches the core only when called, after initSync below.
import * as browser from "../../pkg/src/browser.js";
import { createValidationApi } from "../../pkg/src/validation.js";
import { withUtf16Rows } from "../../pkg/src/utf16-rows.js";

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
  utf16: createValidationApi(withUtf16Rows(validateO3Core, 0)),
};
