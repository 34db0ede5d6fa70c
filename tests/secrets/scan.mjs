// Finding an API key in anything a caller, a visitor or an operator can see:
// every string reachable from a value (own properties, enumerable or not,
// getters, errors' name/message/stack and cause chains, Headers and Maps),
// plus what util.inspect would print of it (as console.log does).
import { inspect } from "node:util";

/** Every form of `key` that must never surface. */
export function keyForms(key) {
  const base64 = btoa(key);
  const base64url = base64.replaceAll("+", "-").replaceAll("/", "_");
  const rfc3986 = encodeURIComponent(key).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const forms = [
    ["plain", key],
    ["encodeURIComponent", encodeURIComponent(key)],
    ["percent-encoded (RFC 3986)", rfc3986],
    ["base64", base64],
    ["base64 unpadded", base64.replace(/=+$/, "")],
    ["base64url", base64url],
    ["base64url unpadded", base64url.replace(/=+$/, "")],
  ];
  return forms.filter(([, text], i) => forms.findIndex(([, other]) => other === text) === i);
}

/** Every string reachable from `value`. */
export function stringsOf(value) {
  const out = [];
  const seen = new Set();
  const visit = (v, depth) => {
    if (v === null || v === undefined) return;
    if (typeof v === "string") return void out.push(v);
    if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return void out.push(String(v));
    if (typeof v === "symbol") return void out.push(String(v.description));
    if (typeof v === "function") return void out.push(String(v.name));
    if (seen.has(v) || depth > 12) return;
    seen.add(v);
    if (v instanceof Error) {
      for (const part of [v.name, v.message, v.stack]) visit(part, depth + 1);
      try {
        out.push(String(v));
      } catch {}
    }
    if (v instanceof Headers || v instanceof Map) for (const [k, x] of v) (visit(k, depth + 1), visit(x, depth + 1));
    if (v instanceof Set) for (const x of v) visit(x, depth + 1);
    if (ArrayBuffer.isView(v)) return void out.push(new TextDecoder().decode(v));
    for (const name of Reflect.ownKeys(v)) {
      visit(name, depth + 1);
      const property = Object.getOwnPropertyDescriptor(v, name);
      if ("value" in property) visit(property.value, depth + 1);
      else if (property.get) {
        try {
          visit(property.get.call(v), depth + 1);
        } catch {}
      }
    }
  };
  visit(value, 0);
  try {
    out.push(inspect(value, { showHidden: true, depth: 8, getters: true }));
  } catch {}
  return out;
}

/** A collector of places where a key was found. */
export function createScanner(keys) {
  const forms = keys.flatMap((key) => keyForms(key).map(([name, text]) => ({ key, name, text })));
  const hits = [];
  return {
    hits,
    forms,
    /** Scans `value` (anything) found at `where`. */
    scan(where, value) {
      for (const text of stringsOf(value)) {
        for (const form of forms) {
          if (text.includes(form.text)) {
            const at = text.indexOf(form.text);
            hits.push({ where, form: form.name, key: form.key, excerpt: text.slice(Math.max(0, at - 60), at + form.text.length + 20) });
          }
        }
      }
    },
    /** Scans a Response (status line, headers, body) and returns its body text. */
    async scanResponse(where, response) {
      const text = await response.clone().text();
      this.scan(`${where}: body`, text);
      this.scan(`${where}: headers`, [...response.headers].flat());
      this.scan(`${where}: status text`, response.statusText);
      return text;
    },
    /** Hits so far, one line each, for an assertion message. */
    report(from = 0) {
      return hits.slice(from).map((h) => `${h.where}: the key (${h.form}) in …${h.excerpt}…`).join("\n");
    },
  };
}

/** Captures console output (every method) until `restore()`; returns the lines. */
export function captureConsole() {
  const lines = [];
  const originals = {};
  for (const method of ["log", "info", "warn", "error", "debug", "trace", "dir"]) {
    originals[method] = console[method];
    console[method] = (...args) => lines.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { showHidden: true, depth: 8 }))).join(" "));
  }
  return {
    lines,
    restore() {
      Object.assign(console, originals);
    },
  };
}
