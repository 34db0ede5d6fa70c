// Node, Deno and Bun: import the installed package (and its subpaths) by name.
import * as api from "heymilo-ingest";
import * as validation from "heymilo-ingest/validate";
import * as edge from "heymilo-ingest/edge";
import { runVectors } from "./vectors/probe.mjs";
import { probeEdge } from "./edge-probe.mjs";

console.log(JSON.stringify({ main: runVectors(api), validate: runVectors(validation), edge: await probeEdge(edge) }));
