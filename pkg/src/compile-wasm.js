// Browsers: fetches and compiles one of the package's .wasm files. The glue's
// own async init (instantiateStreaming with a MIME-type fallback) would work
// too; compiling here and handing the module to initSync keeps that code out
// of bundles, and the module is small enough that streaming compilation buys
// nothing measurable.
export async function compileWasm(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`heymilo-ingest: cannot load ${url} (HTTP ${response.status})`);
  return WebAssembly.compile(await response.arrayBuffer());
}
