// Cold start in workerd: the package is imported (wasm compiled and
// instantiated at start-up) and the first request runs the first validateCandidate.
import { validateCandidate } from "heymilo-ingest";

const ada = { name: "Ada Lovelace", email: "ada@example.com", phone_number: "+44 20 7946 0958" };

export default {
  fetch: () => new Response(validateCandidate(ada).ok ? "ok" : "invalid"),
};
