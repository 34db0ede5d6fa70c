// The sandbox served on 127.0.0.1 in its own process (so its CPU time is not
// the measuring process's): prints its URL, resets its store on "reset\n" from
// stdin, exits when stdin closes.
import { createInterface } from "node:readline";
import { pkgUrl } from "./lib/paths.mjs";

const { serveSandbox } = await import(pkgUrl("src/sandbox-server.js"));
// No rate limit to speak of: the benchmark sends thousands of requests a second.
const served = await serveSandbox({ apiKey: "sk_bench", postings: ["p1"], rateLimitPerMinute: 2 ** 31 - 1 });
console.log(served.url);
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line === "reset") {
    served.sandbox.reset();
    console.log("reset");
  }
});
lines.on("close", () => served.close().then(() => process.exit(0)));
