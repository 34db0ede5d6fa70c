// Node, Deno and Bun: the wasm is in the bundle (base64), so the package is
// ready as soon as it is imported, with no await, no file read and no
// permission. Only the validation wasm (the build at opt-level 3, about twice
// as fast as the browser's "z", see scripts/build-pkg.sh) is compiled at
// import; the server wasm (client, sandbox, edge handler; three times the
// size) is decoded, compiled and instantiated synchronously on the first call
// that needs it, so a process that only validates never pays for it.
import * as validation from "../dist/heymilo_ingest_validate_o3.js";
import * as server from "../dist/heymilo_ingest_server.js";
import validationWasm from "../dist/embedded/validate_o3.js";
import serverWasm from "../dist/embedded/server.js";
import { createServerApi } from "./server.js";
import { createValidationApi } from "./validation.js";
import { withUtf16Rows } from "./utf16-rows.js";
import { bytesOfBase64 } from "./wasm-bytes.js";

validation.initSync({ module: bytesOfBase64(validationWasm) });

let serverReady = false;
function ready() {
  if (serverReady) return;
  server.initSync({ module: bytesOfBase64(serverWasm) });
  serverReady = true;
}

export const { validateCandidate, validateCandidates, normalizePhoneNumber, candidateSchema, createCandidateSchema } =
  createValidationApi(withUtf16Rows(validation));
export const {
  ingestCandidate,
  ingestCandidates,
  ingestCandidateAsync,
  ingestCandidatesAsync,
  createSandbox,
  handleIngestRequest,
  createMemoryRateLimiter,
} = createServerApi(server, ready);
export * from "./errors.js";
