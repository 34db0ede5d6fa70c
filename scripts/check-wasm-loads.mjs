// Instantiates a wasm-bindgen module with its own glue and runs one
// validation, so a broken optimization step fails the build right there.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const wasmPath = process.argv[2];
const glue = await import(pathToFileURL(join(dirname(wasmPath), "heymilo_ingest.js")).href);
glue.initSync({ module: readFileSync(wasmPath) });
const result = JSON.parse(glue.validateJson('{"name":"Ada","email":"ada@example.com"}', false, undefined));
if (result.ok !== true) {
  console.error("the built module does not validate a good candidate:", result);
  process.exit(1);
}
