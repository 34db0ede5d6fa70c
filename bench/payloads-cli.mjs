// Writes the payload sets: node bench/payloads-cli.mjs DIR
import { writePayloads } from "./payloads.mjs";

const sets = writePayloads(process.argv[2]);
console.error(`[payloads] ${sets.phone.length} with phone (${sets.phonesInPool} example numbers), ${sets.seed.length} seed requests, ${sets.invalid.length} invalid, ${sets.metadata.length} metadata at the limits, ${sets.bulk[0].length}-row bulk, with and without metadata`);
