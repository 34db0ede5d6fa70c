// Node, Deno and Bun: import the installed package by name.
import * as api from "heymilo-ingest";
import { runVectors } from "./vectors/probe.mjs";

console.log(JSON.stringify(runVectors(api)));
