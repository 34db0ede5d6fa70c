// Instantiates a wasm-bindgen module with its own glue and runs one
// validation, so a broken optimization step fails the build right there.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const wasmPath = process.argv[2];
// heymilo_ingest_<build>_bg.wasm sits next to its glue, heymilo_ingest_<build>.js.
const glue = await import(pathToFileURL(wasmPath.replace(/_bg\.wasm$/, ".js")).href);
glue.initSync({ module: readFileSync(wasmPath) });
const result = JSON.parse(glue.validateJson('{"name":"Ada","email":"ada@example.com"}', false, undefined));
if (result.ok !== true) {
  console.error("the built module does not validate a good candidate:", result);
  process.exit(1);
}
