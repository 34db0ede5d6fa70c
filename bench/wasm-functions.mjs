// Where a wasm's bytes go: the size of every function body (named from the
// module's "name" section, so point it at cargo's output before wasm-opt
// strips names), grouped by crate and module path, plus the data section.
// A small stand-in for twiggy's `top`, with no tool to install:
//   node bench/wasm-functions.mjs target/wasm32-unknown-unknown/release/heymilo_ingest.wasm [top=40] [filter]
import { readFileSync } from "node:fs";

const [file, topArg = "40", filter] = process.argv.slice(2);
const bytes = readFileSync(file);
let pos = 8;
const u32 = () => {
  let result = 0, shift = 0, byte;
  do {
    byte = bytes[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
};
const name = () => {
  const length = u32();
  const text = bytes.subarray(pos, pos + length).toString("utf8");
  pos += length;
  return text;
};
let imported = 0;
const bodies = [];
const names = new Map();
const sections = {};
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = u32();
  const end = pos + size;
  const start = pos;
  if (id === 0) {
    const custom = name();
    sections[`custom ${custom}`] = size;
    if (custom === "name") {
      while (pos < end) {
        const sub = bytes[pos++];
        const subSize = u32();
        const subEnd = pos + subSize;
        if (sub === 1) {
          for (let n = u32(); n > 0; n--) {
            const index = u32();
            names.set(index, name());
          }
        }
        pos = subEnd;
      }
    }
  } else {
    sections[["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count"][id] ?? id] = size;
    if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        name();
        name();
        const kind = bytes[pos++];
        if (kind === 0) imported++, u32();
        else if (kind === 1) pos++, u32() & 1 ? (u32(), u32()) : u32();
        else if (kind === 2) u32() & 1 ? (u32(), u32()) : u32();
        else if (kind === 3) pos += 2;
        else u32();
      }
    }
    if (id === 10) {
      for (let n = u32(), i = 0; i < n; i++) {
        const bodySize = u32();
        bodies.push({ index: imported + i, size: bodySize });
        pos += bodySize;
      }
    }
  }
  pos = end;
  void start;
}
// Legacy Rust mangling (_ZN…E) to a path; demangled names pass through.
const demangle = (raw) => {
  if (!raw.startsWith("_ZN")) return raw;
  const parts = [];
  let at = 3;
  while (at < raw.length && raw[at] !== "E") {
    let digits = "";
    while (/\d/.test(raw[at])) digits += raw[at++];
    if (!digits) break;
    parts.push(raw.slice(at, at + Number(digits)));
    at += Number(digits);
  }
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1) ?? "")) parts.pop();
  return parts.join("::").replace(/\$LT\$/g, "<").replace(/\$GT\$/g, ">").replace(/\$u20\$/g, " ").replace(/\$C\$/g, ",").replace(/\$RF\$/g, "&").replace(/\.\./g, "::");
};
const rows = bodies.map((b) => ({ ...b, name: demangle(names.get(b.index) ?? `func[${b.index}]`) }));
const shown = filter ? rows.filter((r) => r.name.includes(filter)) : rows;
const total = shown.reduce((sum, r) => sum + r.size, 0);
console.log(`sections: ${Object.entries(sections).map(([k, v]) => `${k} ${v}`).join(", ")}`);
console.log(`${shown.length} functions, ${total} bytes of code${filter ? ` matching ${filter}` : ""}`);
const groups = new Map();
for (const r of shown) {
  const path = r.name.replace(/^<+/, "").split("::");
  const key = path.slice(0, path[0] === "heymilo_ingest" ? 2 : path[0] === "core" || path[0] === "alloc" || path[0] === "std" ? 2 : 1).join("::");
  groups.set(key, (groups.get(key) ?? 0) + r.size);
}
console.log("\nby module:");
for (const [key, size] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${String(size).padStart(8)}  ${key}`);
console.log(`\ntop ${topArg}:`);
for (const r of shown.sort((a, b) => b.size - a.size).slice(0, Number(topArg))) console.log(`${String(r.size).padStart(8)}  ${r.name.slice(0, 150)}`);
