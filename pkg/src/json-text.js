// JSON text of a JS value for the core, or a failed validation result when
// the value has none (cycles, BigInt, throwing getters) or would be misread.
// JSON.stringify keeps lone surrogates as \u escapes, so the core can report
// them.

// Entry lists JSON.stringify reads as {} (so "name is required", which hides
// the mistake), with the variable the fix names. They are refused rather than
// read: a FormData may repeat a key or hold a File, which no candidate field
// can take, so the caller decides with Object.fromEntries.
const ENTRY_LISTS = { __proto__: null, FormData: "formData", URLSearchParams: "searchParams", Map: "map" };

/** Adds an issue for each entry list among `row` (a candidate) and its metadata and data, below `path`. */
function addEntryListIssues(row, path, issues) {
  const check = (value, at) => {
    const kind = Object.prototype.toString.call(value).slice(8, -1);
    const name = ENTRY_LISTS[kind];
    if (name) issues.push({ path: at, code: "invalid_type", message: `Expected a plain object, got a ${kind}: pass Object.fromEntries(${name}).` });
  };
  check(row, path);
  if (typeof row === "object" && row !== null) for (const field of ["metadata", "data"]) check(row[field], [...path, field]);
}

const failed = (issues) => ({ ok: false, issues, warnings: [] });

/** `value` (a list of candidates when `many`) as JSON text, or the failed result that replaces validation. */
export function jsonTextOf(value, many) {
  try {
    // Inside the try: reading metadata and data runs getters, which may throw.
    const issues = [];
    if (many && Array.isArray(value)) value.forEach((row, i) => addEntryListIssues(row, [i], issues));
    else addEntryListIssues(value, [], issues);
    if (issues.length) return failed(issues);
    const text = JSON.stringify(value);
    return text === undefined ? "null" : text;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // V8, JSC and SpiderMonkey all report too deep nesting as a RangeError about the stack.
    const tooDeep = error instanceof RangeError && /stack|recursion/i.test(reason);
    return failed([
      tooDeep
        ? { path: [], code: "too_deep", message: "The input is nested too deeply to be read." }
        : { path: [], code: "invalid_json", message: `The input cannot be represented as JSON (${reason}).` },
    ]);
  }
}
