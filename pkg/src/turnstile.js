// Cloudflare Turnstile for handleIngestRequest: the I/O of the check the
// core describes. The core reads the token, builds the siteverify call and
// judges the answer; this file sends the call with a time limit, reads at
// most the core's byte limit of the answer, and never follows a redirect
// (the body holds the secret key). Every failure here is a refusal.

import { readCapped } from "./capped-body.js";

const OPTION_NAMES = ["secretKey", "siteverifyUrl", "action", "timeoutMs"];

/** Why `value` cannot be the `turnstile` option (a message naming the setting, never a value), or undefined. */
export function turnstileOptionProblem(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "config.turnstile must be an object";
  for (const [key, setting] of Object.entries(value)) {
    if (!OPTION_NAMES.includes(key)) return `unknown config.turnstile option "${key}"`;
    if (setting === undefined) continue;
    if (key === "timeoutMs" ? typeof setting !== "number" : typeof setting !== "string") {
      return `config.turnstile.${key} must be ${key === "timeoutMs" ? "a number" : "a string"}`;
    }
  }
  return undefined;
}

/** Thrown when the time limit ran out. */
const TIMED_OUT = Symbol("timed out");

/**
 * Siteverify's status and body within `timeoutMs`, raced with a timer so an
 * injected fetch that ignores its signal cannot hold the request.
 */
async function siteverify(call, send) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), call.timeoutMs);
  try {
    const aborted = new Promise((_, reject) => controller.signal.addEventListener("abort", () => reject(TIMED_OUT), { once: true }));
    aborted.catch(() => {});
    const exchange = (async () => {
      const init = { method: "POST", headers: call.headers, body: call.body, redirect: "manual", signal: controller.signal };
      const response = await send(call.url, init);
      return { status: response.status, body: await readCapped(response, call.maxBytes) };
    })();
    exchange.catch(() => {});
    return await Promise.race([exchange, aborted]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The Turnstile phase of one request: null when it may go on, else the
 * core's answer to respond with (403). `send` is config.fetch or the
 * runtime's fetch.
 */
export async function checkTurnstile(core, method, path, headers, send) {
  const step = JSON.parse(core.turnstile(method, path, headers, globalThis.crypto.randomUUID()));
  if (step.pass) return null;
  if (step.respond) return step;
  let answer;
  try {
    answer = await siteverify(step.siteverify, send);
  } catch {
    // No answer (timeout, network error, a fetch that threw): not a yes.
    answer = null;
  }
  if (answer === null || answer.body === null) return JSON.parse(core.failure(method, path, headers, "turnstile_unavailable"));
  const verdict = JSON.parse(core.turnstileAnswer(method, path, headers, answer.status, answer.body));
  return verdict.pass ? null : verdict;
}
