// `make demo`: serves the demo (page + Worker) on 127.0.0.1 with `wrangler dev`,
// which runs the Worker in workerd locally: no Cloudflare account, no login,
// no network. Prints one line (the URL and the upstream), runs until Ctrl-C.
//
//   node www/serve.mjs [--port 8787]        (or PORT=8787)
//   HEYMILO_API_KEY=… HEYMILO_POSTING_ID=… node www/serve.mjs   (real HeyMilo)
//
// startDemo() is also what tests/demo/ uses.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { prepare } from "./prepare.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const wrangler = resolve(here, "../node_modules/wrangler/bin/wrangler.js");
const PASSED_THROUGH = ["HEYMILO_API_KEY", "HEYMILO_POSTING_ID", "ALLOWED_ORIGINS"];

/**
 * Starts the demo. Resolves once it answers HTTP.
 * Aborting `signal` while it starts stops what was started and rejects.
 * @param {{ port?: number, env?: Record<string, string | undefined>, timeoutMs?: number, signal?: AbortSignal }} [options]
 * @returns {Promise<{ url: string, upstream: "sandbox" | "heymilo", stop(): Promise<void>, exited: Promise<object> }>}
 */
export async function startDemo({ port = 8787, env = process.env, timeoutMs = 60_000, signal } = {}) {
  const vars = Object.fromEntries(PASSED_THROUGH.filter((name) => env[name]).map((name) => [name, env[name]]));
  if (Boolean(vars.HEYMILO_API_KEY) !== Boolean(vars.HEYMILO_POSTING_ID)) {
    throw new Error("set both HEYMILO_API_KEY and HEYMILO_POSTING_ID to use HeyMilo, or neither for the sandbox");
  }
  prepare();

  // The key goes to the Worker through a private env file, not the command
  // line, where any local user could read it in the process list.
  const secrets = mkdtempSync(join(tmpdir(), "heymilo-demo-"));
  const envFile = join(secrets, ".env");
  writeFileSync(envFile, Object.entries(vars).map(([k, v]) => `${k}=${JSON.stringify(v)}\n`).join(""), { mode: 0o600 });

  const url = `http://127.0.0.1:${port}`;
  const args = [wrangler, "dev", "--config", join(here, "wrangler.toml"), "--ip", "127.0.0.1", "--port", String(port)];
  args.push("--log-level", "warn", "--env-file", envFile, "--show-interactive-dev-session=false", "--live-reload=false");
  const child = spawn(process.execPath, args, {
    cwd: here,
    // Its own process group, so stop() can end wrangler and the workerd
    // processes it starts together, and a terminal's Ctrl-C reaches us first.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...withoutVars(process.env),
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false", // no request.cf download
      WRANGLER_HIDE_BANNER: "true",
      ...(process.stderr.isTTY ? {} : { FORCE_COLOR: "0", NO_COLOR: "1" }),
    },
  });
  let output = "";
  const relay = (chunk) => {
    output += chunk;
    // Worker logs and wrangler warnings are for the operator; nothing else is printed.
    if (!starting) process.stderr.write(chunk);
  };
  let starting = true;
  child.stdout.setEncoding("utf8").on("data", relay);
  child.stderr.setEncoding("utf8").on("data", relay);
  const exited = new Promise((done) => child.once("exit", (code, signal) => done({ code, signal })));
  // Last resort if this process exits without stop() (an uncaught error in a test).
  const onExit = () => killGroup(child.pid, "SIGKILL");
  process.on("exit", onExit);

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(child.pid, "SIGINT"); // lets wrangler shut workerd down itself
        const late = setTimeout(() => killGroup(child.pid, "SIGKILL"), 5_000);
        await exited;
        clearTimeout(late);
      }
      killGroup(child.pid, "SIGKILL"); // whatever of the group is left
      process.off("exit", onExit);
      rmSync(secrets, { recursive: true, force: true });
    })());

  try {
    const upstream = await waitUntilReady(url, exited, timeoutMs, signal);
    starting = false;
    return { url, upstream, stop, exited };
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${output.trim()}`);
  }
}

function withoutVars(env) {
  const copy = { ...env };
  for (const name of PASSED_THROUGH) delete copy[name];
  return copy;
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function waitUntilReady(url, exited, timeoutMs, signal) {
  let gone = false;
  exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error("wrangler dev exited before the demo answered");
    if (signal?.aborted) throw new Error("stopped while starting");
    try {
      const response = await fetch(`${url}/demo-config.json`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return (await response.json()).upstream;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the demo did not answer on ${url} within ${timeoutMs / 1000} s`);
}

function portFromArgs(argv, env) {
  const flag = argv.findIndex((a) => a === "--port" || a.startsWith("--port="));
  const raw = flag < 0 ? env.PORT : argv[flag].includes("=") ? argv[flag].split("=")[1] : argv[flag + 1];
  if (raw === undefined || raw === "") return 8787;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`not a port: ${raw}`);
  return port;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Signal handlers go in first: a Ctrl-C while workerd starts must stop it too.
  const starting = new AbortController();
  let demo;
  let quitting = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.once(signal, async () => {
      quitting = true;
      starting.abort(); // startDemo stops what it started, then the catch below exits
      if (!demo) return;
      await demo.stop();
      process.exit(0);
    });
  }
  try {
    demo = await startDemo({ port: portFromArgs(process.argv.slice(2), process.env), signal: starting.signal });
  } catch (error) {
    if (quitting) process.exit(0);
    console.error(`demo: ${error.message}`);
    process.exit(1);
  }
  if (quitting) {
    // The signal came as it finished starting.
    await demo.stop();
    process.exit(0);
  }
  const upstream = demo.upstream === "sandbox" ? "upstream: in-process sandbox (no HeyMilo account needed)" : "upstream: HeyMilo (api.heymilo.ai)";
  console.log(`Demo running at ${demo.url}/ — ${upstream}. Ctrl-C to stop.`);
  demo.exited.then(({ code, signal }) => {
    if (quitting) return;
    console.error(`demo: wrangler dev stopped unexpectedly (${signal ?? `exit code ${code}`})`);
    demo.stop().then(() => process.exit(1));
  });
}
