// Commands for the toolchain suite: one-shot builds (output kept for the
// failure message) and servers that run until stopped (wrangler dev, next
// start), each in its own process group so stopping one ends its children.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

/** Runs a command to completion; rejects with its output when it fails or outlives `timeoutMs`. */
export function run(command, args, { cwd, env, timeoutMs = 240_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => killGroup(child.pid, "SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${[command, ...args].join(" ")} failed (${signal ?? `exit ${code}`}):\n${tail(output)}`));
    });
  });
}

/** Runs a shell script (a README snippet) with bash -euo pipefail. */
export const runScript = (script, options) => run("bash", ["-euo", "pipefail", "-c", script], options);

/**
 * Starts a server and resolves once `ready()` says it answers; `stop()` ends
 * its process group. Rejects with the output if it exits or times out first.
 */
export async function startServer(command, args, { cwd, env, ready, timeoutMs = 60_000 }) {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  const exited = new Promise((done) => child.once("exit", done));
  let gone = false;
  exited.then(() => (gone = true));
  const onExit = () => killGroup(child.pid, "SIGKILL");
  process.on("exit", onExit);
  const stop = async () => {
    if (!gone) {
      killGroup(child.pid, "SIGINT");
      const late = setTimeout(() => killGroup(child.pid, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(late);
    }
    killGroup(child.pid, "SIGKILL");
    process.off("exit", onExit);
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (gone || Date.now() > deadline) {
      await stop();
      throw new Error(`${command} ${args.join(" ")} ${gone ? "exited" : "did not answer in time"}:\n${tail(output)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { stop, output: () => output };
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

const tail = (text) => text.trim().split("\n").slice(-40).join("\n");
