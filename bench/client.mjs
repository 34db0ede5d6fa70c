// Client overhead: ingestCandidate against the sandbox served on 127.0.0.1
// (its own process) against a hand-written fetch of the same request, one call
// at a time, interleaved rounds; µs per call. Then the client's own CPU work
// per call without the network: planIngest (validate + build the request) and
// judgeResponse (read the answer), the two core calls ingestCandidate makes.
//
//   node bench/client.mjs --out FILE [--calls 300] [--rounds 7]
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { pkgUrl } from "./lib/paths.mjs";
import { startSandbox } from "./lib/sandbox.mjs";
import { interleaved, median, pairedRatios } from "./lib/stats.mjs";

const { values: args } = parseArgs({
  options: { out: { type: "string" }, calls: { type: "string", default: "300" }, rounds: { type: "string", default: "7" } },
});
const { ingestCandidate } = await import(pkgUrl("src/entry-node.js"));
const core = await import(pkgUrl("dist/heymilo_ingest_server.js"));
// The Node entry instantiates the server build on first use; for the parts below, now (a no-op when it did).
core.initSync({ module: readFileSync(new URL(pkgUrl("dist/heymilo_ingest_server_bg.wasm"))) });

const candidate = { name: "Ada Lovelace", email: "ada@example.com", phone_number: "+44 20 7946 0958" };
const sandbox = await startSandbox();
const calls = Number(args.calls);
try {
  const url = `${sandbox.url}/api/v2/postings/p1/candidates`;
  const ways = {
    ingestCandidate: async () => {
      const { data } = await ingestCandidate({ apiKey: "sk_bench", baseUrl: sandbox.url, postingId: "p1", candidate });
      return data.interview_id;
    },
    // What a team writes without the package: same request, status check, JSON body.
    "hand-written fetch": async () => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": "sk_bench" },
        body: JSON.stringify(candidate),
      });
      if (response.status !== 201) throw new Error(`status ${response.status}`);
      const { data } = await response.json();
      return data.interview_id;
    },
  };
  for (const [name, call] of Object.entries(ways)) if (typeof (await call()) !== "string") throw new Error(`${name}: no interview_id`);

  const samples = await interleaved(Object.keys(ways), Number(args.rounds), async (name) => {
    await sandbox.reset();
    const call = ways[name];
    const start = performance.now();
    for (let i = 0; i < calls; i++) await call();
    return ((performance.now() - start) * 1000) / calls;
  });

  // The client's own work, without the network.
  const text = JSON.stringify(candidate);
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-api-key": "sk_bench" }, body: text });
  const body = new Uint8Array(await response.arrayBuffer());
  // The header text the client passes: only the headers the core reads (all of them before responseHeaderNames existed).
  const names = core.responseHeaderNames?.().split(",");
  const headersText = () =>
    names
      ? JSON.stringify(names.flatMap((name) => (response.headers.get(name) === null ? [] : [[name, response.headers.get(name)]])))
      : JSON.stringify([...response.headers]);
  const headers = headersText();
  // The same two ways with a canned in-process response instead of the network:
  // what the client itself costs per call.
  const responseHeaders = [...response.headers];
  const canned = async () => new Response(body, { status: 201, headers: responseHeaders });
  const offline = {
    ingestCandidate: async () => (await ingestCandidate({ apiKey: "sk_bench", baseUrl: sandbox.url, postingId: "p1", candidate, fetch: canned })).data.interview_id,
    "hand-written fetch": async () => {
      const res = await canned(url, { method: "POST", headers: { "content-type": "application/json", "x-api-key": "sk_bench" }, body: JSON.stringify(candidate) });
      if (res.status !== 201) throw new Error(`status ${res.status}`);
      return (await res.json()).data.interview_id;
    },
  };
  const offlineSamples = await interleaved(Object.keys(offline), Number(args.rounds), async (name) => {
    const call = offline[name];
    const start = performance.now();
    for (let i = 0; i < 2000; i++) await call();
    return ((performance.now() - start) * 1000) / 2000;
  });
  const timeUs = (fn, n = 5000) => {
    const runs = [];
    for (let r = 0; r < 5; r++) {
      const start = performance.now();
      for (let i = 0; i < n; i++) fn();
      runs.push(((performance.now() - start) * 1000) / n);
    }
    return median(runs);
  };
  // Builds whose client was JS over core calls (planIngest, judgeResponse) have
  // these parts; since ingestCandidate is one Rust async export, only the
  // canned-response overhead above measures the client itself.
  const parts = {
    ...(core.planIngest && {
      planIngest: timeUs(() => JSON.parse(core.planIngest("ingestCandidate", JSON.stringify(candidate), "p1", sandbox.url, undefined, true, undefined))),
      headersText: timeUs(headersText),
      judgeResponse: timeUs(() => JSON.parse(core.judgeResponse("ingestCandidate", `${sandbox.url}/api/v2/postings/p1/candidates`, 201, headers, body, 0, 2, false, Date.now(), Math.random(), "sk_bench"))),
    }),
    parseBody: timeUs(() => JSON.parse(new TextDecoder().decode(body))),
  };
  const results = {
    calls,
    rounds: Number(args.rounds),
    ingestCandidate: median(samples.ingestCandidate),
    handWritten: median(samples["hand-written fetch"]),
    overheadUs: median(samples.ingestCandidate.map((v, i) => v - samples["hand-written fetch"][i])),
    ratio: median(pairedRatios(samples.ingestCandidate, samples["hand-written fetch"])),
    offline: {
      ingestCandidate: median(offlineSamples.ingestCandidate),
      handWritten: median(offlineSamples["hand-written fetch"]),
      overheadUs: median(offlineSamples.ingestCandidate.map((v, i) => v - offlineSamples["hand-written fetch"][i])),
    },
    parts,
    responseBytes: body.length,
    samples,
  };
  console.error(
    `[client] over HTTP: ingestCandidate ${results.ingestCandidate.toFixed(0)} µs/call, hand-written ${results.handWritten.toFixed(0)} µs/call; ` +
      `canned response: ${results.offline.ingestCandidate.toFixed(1)} vs ${results.offline.handWritten.toFixed(1)} µs/call`,
  );
  writeFileSync(args.out, JSON.stringify(results, null, 2));
} finally {
  await sandbox.close();
}
