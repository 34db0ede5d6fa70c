// Starts bench/sandbox-child.mjs and waits for its URL.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { benchDir } from "./paths.mjs";

export async function startSandbox() {
  const child = spawn(process.execPath, [join(benchDir, "sandbox-child.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on("line", (line) => waiting.shift()?.resolve(line));
  child.on("exit", (code) => {
    for (const { reject } of waiting.splice(0)) reject(new Error(`sandbox exited with ${code}`));
  });
  const next = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  const url = await next();
  return {
    url,
    pid: child.pid,
    reset: async () => {
      const done = next();
      child.stdin.write("reset\n");
      await done;
    },
    close: () => new Promise((resolve) => {
      child.once("exit", resolve);
      child.stdin.end();
    }),
  };
}
