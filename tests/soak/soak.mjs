#!/usr/bin/env node
// `make soak`: N ingest calls (default 10 000) sent from Node — half sync
// ingestCandidate, a quarter ingestCandidateAsync, a quarter
// ingestCandidatesAsync with two rows — through handleIngestRequest running in workerd (wrangler bundle +
// Miniflare), to the sandbox served over HTTP on 127.0.0.1, at concurrency
// 64, while the sandbox injects 5 % 503, 2 % 429 (Retry-After: 1) and 1 %
// delays past the client's timeout. Then three ledgers are reconciled, by the
// soak_id each logical call carries in its candidates' metadata (a bulk
// row's is the call's with "#row" appended):
//   - the clients: success with an interview_id, or a typed error;
//   - the handler: the statuses it answered (the worker's /__ledger);
//   - the sandbox: the candidates it stored (each row at most once, and
//     exactly once after a success: an async job is a candidate too).
// Exits non-zero if a call is lost or duplicated, a failure is untyped, or
// the ledgers disagree. Loopback only; bounded in count and time.
//
// Settings (environment): SOAK_COUNT (10000), SOAK_CONCURRENCY (64),
// SOAK_CLIENT_TIMEOUT_MS (5000), SOAK_DELAY_MS (6000: the slow 1 %),
// SOAK_EDGE_TIMEOUT_MS (15000: the handler outwaits the client),
// SOAK_DEADLINE_S (overall limit, default 120 + COUNT / 20), SOAK_SEED (7),
// SOAK_REPORT (write the summary as JSON to this file).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as heymilo from "../../pkg/src/entry-node.js";
import { serveSandbox } from "../../pkg/src/sandbox-server.js";

const { HeyMiloError, ingestCandidate, ingestCandidateAsync, ingestCandidatesAsync } = heymilo;

function setting(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${JSON.stringify(text)}`);
  return value;
}

const COUNT = setting("SOAK_COUNT", 10_000);
const CONCURRENCY = setting("SOAK_CONCURRENCY", 64);
const CLIENT_TIMEOUT_MS = setting("SOAK_CLIENT_TIMEOUT_MS", 5_000);
const DELAY_MS = setting("SOAK_DELAY_MS", 6_000);
const EDGE_TIMEOUT_MS = setting("SOAK_EDGE_TIMEOUT_MS", 15_000);
const DEADLINE_S = setting("SOAK_DEADLINE_S", 120 + Math.ceil(COUNT / 20));
const SEED = setting("SOAK_SEED", 7);
if (DELAY_MS <= CLIENT_TIMEOUT_MS) throw new Error("SOAK_DELAY_MS must exceed SOAK_CLIENT_TIMEOUT_MS");

// Only the worker holds the key; the clients call it without one.
const KEY = "sk_soak_edge_Vw3Rk8";
const POSTING = "soak-posting";
const RATES = { status503: 0.05, status429: 0.02, delay: 0.01 };
// Each planned rule draws on its own, first match wins: conditional
// probabilities give the overall rates per upstream request.
// (On every operation: the async ones must not duplicate either.)
const FAULTS = [
  { probability: RATES.status503, status: 503 },
  { probability: RATES.status429 / (1 - RATES.status503), status: 429, retryAfter: 1 },
  { probability: RATES.delay / (1 - RATES.status503 - RATES.status429), delayMs: DELAY_MS },
];
/** The kind of call `i` is, and the rows it sends. */
const KINDS = ["sync", "sync", "async", "bulkAsync"];
const kindOf = (i) => KINDS[i % KINDS.length];
const rowIds = (id, kind) => (kind === "bulkAsync" ? [`${id}#0`, `${id}#1`] : [id]);
const SUCCESS_STATUS = { sync: 201, async: 202, bulkAsync: 202 };
const TYPED = new Set([
  "CandidateValidationError", "ConfigurationError", "BadRequestError", "AuthenticationError",
  "PermissionDeniedError", "NotFoundError", "UnprocessableEntityError", "RateLimitError",
  "InternalServerError", "MalformedResponseError", "ConnectionError", "TimeoutError", "AbortError", "APIError",
]);

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const started = performance.now();
const deadline = Date.now() + DEADLINE_S * 1000;
const elapsed = () => ((performance.now() - started) / 1000).toFixed(1);
const log = (line) => process.stderr.write(`[soak ${elapsed()} s] ${line}\n`);

// Everything started is stopped, also on the overall deadline.
const cleanups = [];
async function cleanup() {
  for (const stop of cleanups.splice(0).reverse()) await stop().catch(() => {});
}
const watchdog = setTimeout(async () => {
  log(`overall deadline of ${DEADLINE_S} s reached: stopping`);
  await cleanup();
  process.exit(2);
}, DEADLINE_S * 1000 + 60_000);
watchdog.unref();

async function startWorker(upstreamUrl) {
  const out = mkdtempSync(join(tmpdir(), "heymilo-soak-"));
  cleanups.push(async () => rmSync(out, { recursive: true, force: true }));
  execFileSync(process.execPath, [join(root, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", out], {
    cwd: join(root, "tests/soak"),
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_LOG: "error" },
  });
  const { Miniflare } = await import(join(root, "node_modules/miniflare/dist/src/index.js"));
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(out, "worker.js"),
    modulesRoot: out,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-01-01",
    host: "127.0.0.1",
    port: 0,
    bindings: { HEYMILO_API_KEY: KEY, POSTING_ID: POSTING, UPSTREAM_URL: upstreamUrl, EDGE_TIMEOUT_MS: String(EDGE_TIMEOUT_MS) },
  });
  cleanups.push(() => mf.dispose());
  const url = await mf.ready;
  return { url: url.href.replace(/\/$/, ""), ledger: async () => (await fetch(`${url.href}__ledger`)).json() };
}

function candidate(i, soakId) {
  return {
    name: ` Soak Candidate ${i} `,
    email: `soak.${i}@Example.com`,
    phone_number: `+44 20 7946 ${String(i % 10_000).padStart(4, "0")}`,
    metadata: { soak_id: soakId, source: "soak" },
  };
}

async function call(baseUrl, runId, i) {
  const begun = performance.now();
  const id = `${runId}-${i}`;
  const common = { baseUrl, postingId: POSTING, timeoutMs: CLIENT_TIMEOUT_MS };
  try {
    const kind = kindOf(i);
    if (kind === "sync") {
      const { data } = await ingestCandidate({ ...common, candidate: candidate(i, id) });
      return { ok: true, interviewId: data.interview_id, ms: performance.now() - begun };
    }
    const { data } =
      kind === "async"
        ? await ingestCandidateAsync({ ...common, candidate: candidate(i, id) })
        : await ingestCandidatesAsync({ ...common, candidates: rowIds(id, kind).map((row) => candidate(i, row)) });
    return { ok: true, ingestionId: data.ingestion_id, ms: performance.now() - begun };
  } catch (error) {
    const typed = error instanceof HeyMiloError && TYPED.has(error?.name);
    return { ok: false, name: String(error?.name ?? typeof error), status: error?.status, typed, message: String(error?.message ?? error), ms: performance.now() - begun };
  }
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const tally = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

async function main() {
  const served = await serveSandbox({ apiKey: KEY, postings: [POSTING], rateLimitPerMinute: 1_000_000, seed: SEED, faults: FAULTS });
  cleanups.push(() => served.close());
  const edge = await startWorker(served.url);
  const runId = `soak${Date.now().toString(36)}`;
  log(`sandbox ${served.url}, handler in workerd ${edge.url}; ${COUNT} calls at concurrency ${CONCURRENCY}`);

  // The clients: CONCURRENCY loops taking the next call until none is left.
  const results = new Array(COUNT);
  let next = 0;
  let stopping = false;
  const loops = Array.from({ length: CONCURRENCY }, async () => {
    while (!stopping && next < COUNT && Date.now() < deadline) {
      const i = next++;
      results[i] = await call(`${edge.url}/heymilo`, runId, i);
      if ((i + 1) % 1000 === 0) log(`${i + 1} calls started`);
    }
  });
  let timer;
  const overdue = new Promise((done) => (timer = setTimeout(done, Math.max(0, deadline - Date.now()))));
  await Promise.race([Promise.all(loops), overdue]);
  clearTimeout(timer);
  stopping = true;
  const clientSeconds = (performance.now() - started) / 1000;

  // Let the handler finish what the clients gave up on, then read the ledgers.
  let ledger = await edge.ledger();
  const settleBy = Date.now() + EDGE_TIMEOUT_MS + DELAY_MS + 5_000;
  while (ledger.inFlight > 0 && Date.now() < settleBy) {
    await new Promise((done) => setTimeout(done, 200));
    ledger = await edge.ledger();
  }
  await new Promise((done) => setTimeout(done, 200));
  ledger = await edge.ledger();
  const stored = new Map();
  for (const c of served.sandbox.candidates()) {
    const id = c.metadata?.soak_id; // a row's id for bulk calls
    if (!stored.has(id)) stored.set(id, []);
    stored.get(id).push(c);
  }

  // Reconcile.
  const failed = new Map();
  const kinds = new Map();
  const uncertain = new Map(); // error name → { stored, notStored }
  const answersSeen = new Map();
  const problems = [];
  const latencies = [];
  let succeeded = 0;
  let lost = 0;
  let duplicated = 0;
  let untyped = 0;
  let mismatched = 0;
  let attempts = 0;
  const problem = (kind, id, detail) => {
    if (problems.length < 20) problems.push(`${kind} ${id}: ${detail}`);
  };
  for (let i = 0; i < COUNT; i++) {
    const id = `${runId}-${i}`;
    const kind = kindOf(i);
    const r = results[i];
    const perRow = rowIds(id, kind).map((row) => {
      const list = stored.get(row) ?? [];
      stored.delete(row);
      return list;
    });
    const copies = perRow.flat();
    const answers = ledger.answers[id] ?? [];
    attempts += answers.length;
    for (const a of answers) tally(answersSeen, a);
    tally(kinds, kind);
    if (perRow.some((list) => list.length > 1)) {
      duplicated++;
      problem("duplicated", id, `${kind}: stored ${perRow.map((list) => list.length)} times; client: ${JSON.stringify(r)}; handler: ${answers}`);
    }
    if (r === undefined) {
      lost++;
      problem("lost", id, `no answer by the deadline; handler: ${answers}; stored ${copies.length}`);
      continue;
    }
    latencies.push(r.ms);
    if (r.ok) {
      succeeded++;
      if (perRow.some((list) => list.length === 0)) {
        lost++;
        problem("lost", id, `${kind}: the client got ${r.interviewId ?? r.ingestionId} but the sandbox stored ${perRow.map((list) => list.length)}`);
      } else if (kind === "sync" && !copies.some((c) => c.interview_id === r.interviewId)) {
        mismatched++;
        problem("mismatch", id, `client interview ${r.interviewId}, stored ${copies.map((c) => c.interview_id)}`);
      }
      if (answers.at(-1) !== SUCCESS_STATUS[kind]) {
        mismatched++;
        problem("mismatch", id, `client succeeded, handler answered ${answers}`);
      }
      continue;
    }
    tally(failed, r.name);
    if (!r.typed) {
      untyped++;
      problem("untyped", id, `${r.name}: ${r.message}`);
    }
    const u = uncertain.get(r.name) ?? { stored: 0, notStored: 0 };
    if (copies.length > 0) u.stored++;
    else u.notStored++;
    uncertain.set(r.name, u);
    // What the handler answered last must be what the client reports, except
    // after a timeout, when the client stopped listening.
    if (r.name !== "TimeoutError" && r.status !== undefined && answers.at(-1) !== r.status) {
      mismatched++;
      problem("mismatch", id, `client ${r.name} ${r.status}, handler answered ${answers}`);
    }
    if ((r.name === "RateLimitError" || (r.name === "InternalServerError" && r.status === 503)) && copies.length > 0) {
      mismatched++;
      problem("mismatch", id, `${r.name} ${r.status} but stored: the sandbox refused before storing`);
    }
  }
  const strays = [...stored.values()].reduce((n, list) => n + list.length, 0);
  if (strays > 0) {
    mismatched += strays;
    problem("stray", "-", `${strays} stored candidates without a known soak_id`);
  }
  if (ledger.unattributed > 0) {
    mismatched++;
    problem("unattributed", "-", `${ledger.unattributed} handler answers without a soak_id`);
  }

  latencies.sort((a, b) => a - b);
  const failedTotal = [...failed.values()].reduce((a, b) => a + b, 0);
  const summary = {
    sent: COUNT,
    answered: results.filter(Boolean).length,
    succeeded,
    failedWithTypedError: failedTotal - untyped,
    failedByClass: Object.fromEntries([...failed].sort()),
    storedAfterFailure: Object.fromEntries([...uncertain].sort()),
    lost,
    duplicated,
    untyped,
    ledgerMismatches: mismatched,
    latencyMs: { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)), max: Math.round(latencies.at(-1) ?? NaN) },
    handlerAnswers: Object.fromEntries([...answersSeen].sort()),
    handlerAttempts: attempts,
    calls: Object.fromEntries([...kinds].sort()),
    sandboxRequests: served.sandbox.requestsSeen(),
    sandboxStored: served.sandbox.candidates().length,
    clientSeconds: Number(clientSeconds.toFixed(1)),
    settings: { concurrency: CONCURRENCY, clientTimeoutMs: CLIENT_TIMEOUT_MS, delayMs: DELAY_MS, edgeTimeoutMs: EDGE_TIMEOUT_MS, seed: SEED, faults: RATES },
  };
  print(summary, problems);
  if (process.env.SOAK_REPORT) writeFileSync(process.env.SOAK_REPORT, `${JSON.stringify(summary, null, 2)}\n`);
  return lost === 0 && duplicated === 0 && untyped === 0 && mismatched === 0 ? 0 : 1;
}

function print(s, problems) {
  const row = (label, value, note = "") => console.log(`${label.padEnd(30)}${String(value).padStart(8)}${note ? `   ${note}` : ""}`);
  const pct = (n) => `${((100 * n) / s.sent).toFixed(2)} %`;
  const calls = Object.entries(s.calls).map(([kind, n]) => `${n} ${kind}`).join(", ");
  console.log(`\nsoak: ${s.sent} ingest calls (${calls}) → handleIngestRequest in workerd → sandbox on 127.0.0.1`);
  console.log(`concurrency ${s.settings.concurrency}; per upstream request 5 % 503, 2 % 429 (Retry-After: 1), 1 % delayed ${s.settings.delayMs} ms (client timeout ${s.settings.clientTimeoutMs} ms, handler's ${s.settings.edgeTimeoutMs} ms)\n`);
  row("sent", s.sent);
  row("succeeded", s.succeeded, `${pct(s.succeeded)}, each row stored exactly once`);
  row("failed with a typed error", s.failedWithTypedError, pct(s.failedWithTypedError));
  for (const [name, n] of Object.entries(s.failedByClass)) {
    const u = s.storedAfterFailure[name];
    row(`  ${name}`, n, `stored once: ${u.stored}, not stored: ${u.notStored}`);
  }
  row("lost (no definitive answer)", s.lost);
  row("duplicated (stored twice+)", s.duplicated);
  row("untyped failures", s.untyped);
  row("ledger mismatches", s.ledgerMismatches);
  row("latency p50 (ms)", s.latencyMs.p50);
  row("latency p99 (ms)", s.latencyMs.p99);
  row("latency max (ms)", s.latencyMs.max);
  row("handler attempts", s.handlerAttempts, Object.entries(s.handlerAnswers).map(([k, v]) => `${k}: ${v}`).join(", "));
  row("sandbox requests / stored", `${s.sandboxRequests}/${s.sandboxStored}`);
  row("client time (s)", s.clientSeconds);
  for (const p of problems) console.log(`  ! ${p}`);
  console.log(s.lost || s.duplicated || s.untyped || s.ledgerMismatches ? "\nsoak: FAILED" : "\nsoak: passed (0 lost, 0 duplicated, every failure typed, ledgers agree)");
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(error);
} finally {
  await cleanup();
}
process.exit(code);
