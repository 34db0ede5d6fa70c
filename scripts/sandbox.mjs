// `make sandbox`: serves the HeyMilo sandbox on 127.0.0.1 until Ctrl-C.
//   node scripts/sandbox.mjs [--port 4010] [--key sk_sandbox] [--posting ID]… [--cors]
//                            [--turnstile-hostname careers.example.com] [--turnstile-action apply]
// The siteverify stand-in (/turnstile/v0/siteverify) names that hostname and
// action when Cloudflare's passing test secret key verifies the dummy token
// (TURNSTILE_HOSTNAME / TURNSTILE_ACTION in the environment also set them).
import { parseArgs } from "node:util";
import { serveSandbox } from "../pkg/src/sandbox-server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "4010" },
    key: { type: "string", default: "sk_sandbox" },
    posting: { type: "string", multiple: true },
    cors: { type: "boolean", default: false },
    "turnstile-hostname": { type: "string", default: process.env.TURNSTILE_HOSTNAME || undefined },
    "turnstile-action": { type: "string", default: process.env.TURNSTILE_ACTION || undefined },
  },
});
const turnstile = { hostname: values["turnstile-hostname"], action: values["turnstile-action"] };
const served = await serveSandbox({ port: Number(values.port), apiKey: values.key, postings: values.posting, cors: values.cors, turnstile });
console.log(`HeyMilo sandbox on ${served.url} (X-API-KEY: ${values.key}${values.posting ? `, postings: ${values.posting.join(", ")}` : ", any posting id"}). Ctrl-C stops it.`);
const claims = [turnstile.hostname && `hostname ${turnstile.hostname}`, turnstile.action && `action ${turnstile.action}`].filter(Boolean);
console.log(`Turnstile siteverify stand-in on ${served.url}/turnstile/v0/siteverify (Cloudflare's test secret keys${claims.length ? `; passing answers name ${claims.join(", ")}` : ""}).`);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => served.close().then(() => process.exit(0)));
