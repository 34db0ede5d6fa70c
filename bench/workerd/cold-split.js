// Cold start inside workerd, split: instantiating the compiled module (what the
// package's workerd entry does at import) and the first validateCandidate,
// timed inside the request (workerd's local timers advance during compute).
// workerd compiles the .wasm when it loads the Worker; that part is measured
// from outside (bench/coldstart.mjs).
import wasmModule from "__PKG__/dist/heymilo_ingest_server_bg.wasm";
import { acceptPlainRows, initSync } from "__PKG__/dist/heymilo_ingest_server.js";

// The core call validateCandidate({ name, email, phone_number }) makes (the plain path).
const row = "3\0Ada Lovelace\0ada@example.com\0+44 20 7946 0958\x01";

export default {
  fetch() {
    const t0 = performance.now();
    initSync({ module: wasmModule });
    const t1 = performance.now();
    const ok = acceptPlainRows(row, 1).length === 3;
    const t2 = performance.now();
    acceptPlainRows(row, 1);
    const t3 = performance.now();
    return Response.json({ ok, instantiate: t1 - t0, firstCall: t2 - t1, secondCall: t3 - t2 });
  },
};
