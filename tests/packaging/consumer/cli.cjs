// Node (20.19+, 22.12+) and Bun: the same, through require(), which loads the
// package's ES modules synchronously (they have no top-level await).
const api = require("heymilo-ingest");
const validation = require("heymilo-ingest/validate");
const edge = require("heymilo-ingest/edge");

(async () => {
  const { runVectors } = await import("./vectors/probe.mjs");
  const { probeEdge } = await import("./edge-probe.mjs");
  console.log(JSON.stringify({ main: runVectors(api), validate: runVectors(validation), edge: await probeEdge(edge) }));
})();
