// ingestCandidate and friends are Rust async exports (src/wasm/client.rs):
// options, validation, fetch, retries, timeouts and reading the answer all
// run there. What stays here is what only JS can do: the candidate's JSON
// text (JSON.stringify's reading of any JS value), where the call runs (a
// browser or not), and turning the core's failure value into an error class.
import * as errors from "./errors.js";
import { jsonTextOf } from "./json-text.js";

/** A server runtime, even where it has a WorkerGlobalScope (Deno's and Bun's workers, workerd). */
const isServerRuntime = () =>
  typeof globalThis.Deno !== "undefined" ||
  typeof globalThis.Bun !== "undefined" ||
  typeof globalThis.process?.versions?.node === "string" ||
  typeof globalThis.WebSocketPair === "function" ||
  globalThis.navigator?.userAgent === "Cloudflare-Workers";

/**
 * A page, or a browser's dedicated, shared or service worker: anyone using
 * the browser can read what runs there, a key included. Every worker scope
 * is a WorkerGlobalScope; server runtimes that also have one are excluded.
 */
const isBrowserLike = () => {
  if (typeof globalThis.window !== "undefined" && typeof globalThis.document !== "undefined") return true;
  const WorkerScope = globalThis.WorkerGlobalScope;
  return typeof WorkerScope === "function" && globalThis instanceof WorkerScope && !isServerRuntime();
};

/**
 * The error for a failure value `{ name, message, … }` from the core (any
 * other value, such as an exception from the caller's own getter, is
 * rethrown as it is). The one place the error classes are built.
 */
function errorOf(failure) {
  const ErrorClass = typeof failure?.name === "string" && Object.hasOwn(errors, failure.name) ? errors[failure.name] : undefined;
  if (ErrorClass === undefined) return failure;
  if (ErrorClass === errors.CandidateValidationError) return new ErrorClass(failure.issues);
  if (ErrorClass === errors.APIError || ErrorClass.prototype instanceof errors.APIError) return new ErrorClass(failure, failure.headers);
  return new ErrorClass(failure.message, "cause" in failure ? { cause: failure.cause } : undefined);
}

/**
 * The public function over a core export (`ingest(options, context)`);
 * `field` is the option holding the candidate(s): `candidate`, or
 * `candidates` for a list.
 */
export const clientCall = (ingest, field) =>
  async function send(options) {
    const context = {
      // Read before the options are checked (the core reports those first).
      candidate: options !== null && typeof options === "object" ? jsonTextOf(options[field], field === "candidates") : undefined,
      browser: isBrowserLike(),
      page: globalThis.location?.href,
    };
    try {
      return await ingest(options, context);
    } catch (failure) {
      throw errorOf(failure);
    }
  };
