// workerd: bundled by wrangler, which resolves the package's "workerd" condition.
import * as api from "heymilo-ingest";
import * as validation from "heymilo-ingest/validate";
import { runVectors } from "./vectors/probe.mjs";

export default {
  fetch() {
    return new Response(JSON.stringify({ main: runVectors(api), validate: runVectors(validation) }));
  },
};
