// heymilo-ingest/validate in Node, Deno and Bun: ready on import (the wasm is
// in the bundle, see wasm-bytes.js). The validation build at opt-level 3
// (scripts/build-pkg.sh): the same rules as the browser's, about twice as
// fast, in a wasm a server does not download.
import * as core from "../dist/heymilo_ingest_validate_o3.js";
import wasm from "../dist/embedded/validate_o3.js";
import { createValidationApi } from "./validation.js";
import { withUtf16Rows } from "./utf16-rows.js";
import { bytesOfBase64 } from "./wasm-bytes.js";

core.initSync({ module: bytesOfBase64(wasm) });

export const { validateCandidate, validateCandidates, normalizePhoneNumber, candidateSchema, createCandidateSchema } =
  createValidationApi(withUtf16Rows(core));
