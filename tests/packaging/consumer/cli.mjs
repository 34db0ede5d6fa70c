// Node, Deno and Bun: import the installed package (and its validate subpath) by name.
import * as api from "heymilo-ingest";
import * as validation from "heymilo-ingest/validate";
import { runVectors } from "./vectors/probe.mjs";

console.log(JSON.stringify({ main: runVectors(api), validate: runVectors(validation) }));
