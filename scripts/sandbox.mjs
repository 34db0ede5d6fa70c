// `make sandbox`: serves the HeyMilo sandbox on 127.0.0.1 until Ctrl-C.
//   node scripts/sandbox.mjs [--port 4010] [--key sk_sandbox] [--posting ID]… [--cors]
import { parseArgs } from "node:util";
import { serveSandbox } from "../pkg/src/sandbox-server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "4010" },
    key: { type: "string", default: "sk_sandbox" },
    posting: { type: "string", multiple: true },
    cors: { type: "boolean", default: false },
  },
});
const served = await serveSandbox({ port: Number(values.port), apiKey: values.key, postings: values.posting, cors: values.cors });
console.log(`HeyMilo sandbox on ${served.url} (X-API-KEY: ${values.key}${values.posting ? `, postings: ${values.posting.join(", ")}` : ", any posting id"}). Ctrl-C stops it.`);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => served.close().then(() => process.exit(0)));
