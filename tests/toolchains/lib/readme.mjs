// The README snippets the toolchain apps are built from. pkg/README.md marks
// each with `<!-- snippet: NAME -->` on the line before its code block; the
// repository README repeats some of them, and must repeat them exactly.
import { readFileSync } from "node:fs";

const MARKED = /<!-- snippet: (\S+) -->\n\s*```[a-z]*\n([\s\S]*?)\n\s*```/g;

/** { name: code } of every marked block, with the block's indentation removed. */
export function snippetsOf(path) {
  const text = readFileSync(path, "utf8");
  const snippets = {};
  for (const [, name, body] of text.matchAll(MARKED)) {
    if (name in snippets) throw new Error(`${path}: two snippets named ${name}`);
    const lines = body.split("\n");
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)[0].length));
    snippets[name] = lines.map((l) => l.slice(indent)).join("\n") + "\n";
  }
  return snippets;
}

/** Throws unless every snippet `copy` marks is the same as `source`'s of that name. */
export function checkCopies(source, copy) {
  const wanted = snippetsOf(source);
  const repeated = snippetsOf(copy);
  for (const [name, code] of Object.entries(repeated)) {
    if (wanted[name] === undefined) throw new Error(`${copy}: snippet ${name} is not in ${source}`);
    if (wanted[name] !== code) throw new Error(`${copy}: snippet ${name} differs from ${source}'s`);
  }
  return Object.keys(repeated);
}

/**
 * Throws unless the "Where it runs" table has, for each [tool, version], a
 * row for that tool naming that version: the matrix states what was tested.
 */
export function checkMatrix(path, tested) {
  const text = readFileSync(path, "utf8");
  const section = text.slice(text.indexOf("## Where it runs"), text.indexOf("\n## ", text.indexOf("## Where it runs") + 1));
  const rows = section.split("\n").filter((line) => line.startsWith("| "));
  const missing = tested.filter(([tool, version]) => !rows.some((row) => row.startsWith(`| ${tool} |`) && row.includes(version)));
  if (missing.length) throw new Error(`${path}'s matrix does not name the tested ${missing.map(([tool, v]) => `${tool} ${v}`).join(", ")}`);
}
