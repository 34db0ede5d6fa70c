// Finding an API key in anything a caller, a visitor or an operator can see:
// every string reachable from a value (own properties, enumerable or not,
// getters, errors' name/message/stack and cause chains, Headers and Maps),
// plus what util.inspect would print of it (as console.log does).
import { inspect } from "node:util";

const utf8 = new TextEncoder();
const bytesToBinary = (bytes) => String.fromCharCode(...bytes);
const hexOf = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * The base64 characters the key alone determines when it starts `offset`
 * bytes into a longer blob (what survives of it whatever surrounds it).
 */
function base64Core(bytes, offset) {
  const encoded = btoa(bytesToBinary([...new Uint8Array(offset), ...bytes, 0, 0]));
  return encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
}

/**
 * Every form of `key` that must never surface: the same list src/api/secret.rs
 * removes. Those marked `blob` are also echoed inside longer text by the
 * tests' hostile upstreams; scanning looks for every entry.
 */
export function keyForms(key) {
  const bytes = utf8.encode(key);
  const base64 = btoa(bytesToBinary(bytes));
  const base64url = base64.replaceAll("+", "-").replaceAll("/", "_");
  const rfc3986 = encodeURIComponent(key).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const code = (c) => c.codePointAt(0);
  const units = [...key].flatMap((c) => {
    const n = code(c);
    return n > 0xffff ? [0xd800 + ((n - 0x10000) >> 10), 0xdc00 + ((n - 0x10000) & 0x3ff)] : [n];
  });
  const forms = [
    ["plain", key],
    ["encodeURIComponent", encodeURIComponent(key)],
    ["percent-encoded (RFC 3986)", rfc3986],
    ["percent-encoded, lower case", [...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")],
    ["JSON \\u escapes", units.map((u) => `\\u${u.toString(16).padStart(4, "0")}`).join("")],
    ["JSON \\u escapes, upper case", units.map((u) => `\\u${u.toString(16).toUpperCase().padStart(4, "0")}`).join("")],
    ["hex", hexOf(bytes)],
    ["HEX", hexOf(bytes).toUpperCase()],
    ["HTML decimal entities", [...key].map((c) => `&#${code(c)};`).join("")],
    ["HTML hex entities", [...key].map((c) => `&#x${code(c).toString(16)};`).join("")],
    ["UTF-16LE as text", units.map((u) => String.fromCharCode(u & 0xff, u >> 8)).join("")],
    ["UTF-16BE as text", units.map((u) => String.fromCharCode(u >> 8, u & 0xff)).join("")],
    ["base64", base64],
    ["base64 unpadded", base64.replace(/=+$/, "")],
    ["base64 with \\/", base64.replaceAll("/", "\\/")],
    ["base64url", base64url],
    ["base64url unpadded", base64url.replace(/=+$/, "")],
  ];
  for (const offset of [0, 1, 2]) {
    const core = base64Core(bytes, offset);
    if (core.length < 8) continue;
    forms.push([`base64 at byte offset ${offset}`, core]);
    forms.push([`base64url at byte offset ${offset}`, core.replaceAll("+", "-").replaceAll("/", "_")]);
    // The same inside a longer blob, for echoing.
    const blob = btoa(bytesToBinary([...[1, 254, 127].slice(0, offset), ...bytes, 128, ...utf8.encode(" and more of the blob")]));
    forms.push([`base64 blob, key at byte offset ${offset}`, blob]);
  }
  return forms.filter(([, text], i) => forms.findIndex(([, other]) => other === text) === i);
}

/** Whether `text` can be a header value (Latin-1, no controls), for echoing forms in headers. */
export const headerSafe = (text) => /^[\x20-\x7e]*$/.test(text);

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
