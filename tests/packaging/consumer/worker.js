// workerd: bundled by wrangler, which resolves the package's "workerd" condition.
import * as api from "heymilo-ingest";
import { runVectors } from "./vectors/probe.mjs";

export default {
  fetch() {
    return new Response(JSON.stringify(runVectors(api)));
  },
};
