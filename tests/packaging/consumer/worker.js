// workerd: bundled by wrangler, which resolves the package's "workerd" condition.
import * as api from "heymilo-ingest";
import * as validation from "heymilo-ingest/validate";
import * as edge from "heymilo-ingest/edge";
import { runVectors } from "./vectors/probe.mjs";
import { probeEdge } from "./edge-probe.mjs";

export default {
  async fetch() {
    return new Response(JSON.stringify({ main: runVectors(api), validate: runVectors(validation), edge: await probeEdge(edge) }));
  },
};
