// JSON text of a JS value for the core, or a failed validation result when
// the value has none (cycles, BigInt, throwing getters). JSON.stringify keeps
// lone surrogates as \u escapes, so the core can report them.

export function jsonTextOf(value) {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? "null" : text;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // V8, JSC and SpiderMonkey all report too deep nesting as a RangeError about the stack.
    const tooDeep = error instanceof RangeError && /stack|recursion/i.test(reason);
    const issue = tooDeep
      ? { path: [], code: "too_deep", message: "The input is nested too deeply to be read." }
      : { path: [], code: "invalid_json", message: `The input cannot be represented as JSON (${reason}).` };
    return { ok: false, issues: [issue], warnings: [] };
  }
}
