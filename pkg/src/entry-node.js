// Node, Deno and Bun: the module bytes are on disk next to this file, so the
// package is ready as soon as it is imported (no await needed). Only the
// validation wasm is compiled at import; the server wasm (client, sandbox,
// edge handler; three times the size) is compiled and instantiated
// synchronously on the first call that needs it, so a process that only
// validates never pays for it.
import { createRequire } from "node:module";
import * as validation from "../dist/validate/heymilo_ingest.js";
import * as server from "../dist/server/heymilo_ingest.js";
import { createServerApi } from "./server.js";
import { createValidationApi } from "./validation.js";

// Not `import … from "node:fs"`: Node 20's ES module facade of node:fs takes
// milliseconds to build at import (it loads fs/promises); require does not.
const { readFileSync } = createRequire(import.meta.url)("node:fs");

validation.initSync({ module: readFileSync(new URL("../dist/validate/heymilo_ingest_bg.wasm", import.meta.url)) });

let serverReady = false;
function ready() {
  if (serverReady) return;
  server.initSync({ module: readFileSync(new URL("../dist/server/heymilo_ingest_bg.wasm", import.meta.url)) });
  serverReady = true;
}

export const { validateCandidate, validateCandidates, normalizePhoneNumber, candidateSchema, createCandidateSchema } =
  createValidationApi(validation);
export const {
  ingestCandidate,
  ingestCandidates,
  ingestCandidateAsync,
  ingestCandidatesAsync,
  createSandbox,
  handleIngestRequest,
} = createServerApi(server, ready);
export * from "./errors.js";
