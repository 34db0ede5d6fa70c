// Checks of the installed package's manifest against its files: publint and
// arethetypeswrong on the tarball; `sideEffects` names exactly the entry
// files; each export condition's types name exactly what its module exports
// (the browser's types without the server-only functions); engines, licences
// and the npm fields are there. Each check returns a list of problems.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/** Server-only names: not in the browser build's types (its module has stubs that throw). */
export const SERVER_ONLY = [
  "createSandbox",
  "handleIngestRequest",
  "createMemoryRateLimiter",
  "Sandbox",
  "SandboxOptions",
  "SandboxTurnstileOptions",
  "FaultRule",
  "StoredCandidate",
  "IngestHandlerConfig",
  "RateLimiter",
  "BeforeForwardContext",
  "MemoryRateLimiterOptions",
  "TurnstileConfig",
];
const STUBBED = ["createSandbox", "handleIngestRequest", "createMemoryRateLimiter"];
const ENTRY_SUBPATHS = [".", "./validate", "./edge"];

/** publint and attw, each on the tarball itself. */
export function lint(tarball, tools) {
  const problems = [];
  const tool = (name, args) => {
    try {
      execFileSync(join(tools, ".bin", name), args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      problems.push(`${name} ${args.join(" ")}:\n${error.stdout}${error.stderr}`);
    }
  };
  tool("publint", ["--strict", tarball]);
  // The package is ES modules only. Node's require() loads them on the
  // versions `engines` names (cli.cjs proves it), and TypeScript 5.8+ allows
  // it (module node20/nodenext); attw judges by older TypeScript's node16
  // rule, which does not, so that one rule is not ours to satisfy.
  tool("attw", [tarball, "--no-emoji", "--no-color", "--ignore-rules", "cjs-resolves-to-esm"]);
  return problems;
}

/** The manifest's own promises: sideEffects, files, engines, npm fields. */
export function checkManifest(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const problems = [];
  const targets = new Set();
  for (const subpath of ENTRY_SUBPATHS) {
    for (const [condition, { types, default: file }] of Object.entries(pkg.exports[subpath])) {
      if (typeof types !== "string" || typeof file !== "string") problems.push(`exports["${subpath}"].${condition} names no types or no file`);
      targets.add(file);
      for (const path of [types, file]) if (!existsSync(join(dir, path))) problems.push(`exports["${subpath}"].${condition}: ${path} is not in the tarball`);
    }
  }
  // The entries instantiate the wasm at import; every other module only defines things.
  const entries = JSON.stringify([...targets].sort());
  if (!Array.isArray(pkg.sideEffects) || JSON.stringify([...pkg.sideEffects].sort()) !== entries) {
    problems.push(`sideEffects ${JSON.stringify(pkg.sideEffects)} is not exactly the entry files ${entries}`);
  }
  for (const field of ["repository", "homepage", "bugs", "keywords", "license", "engines"]) {
    if (pkg[field] === undefined) problems.push(`package.json has no ${field}`);
  }
  if (pkg.engines?.node !== "^20.19.0 || >=22.12.0") problems.push(`engines.node ${pkg.engines?.node} is not the versions whose require() loads ES modules`);
  for (const file of ["LICENSE-MIT", "LICENSE-APACHE", "README.md"]) {
    if (!existsSync(join(dir, file))) problems.push(`${file} is not in the tarball`);
  }
  return problems;
}

/**
 * For each entry subpath and condition: the names its types export equal
 * the names its module exports (esbuild's metafile reads them without
 * running it); the browser's types are index.d.ts minus SERVER_ONLY.
 */
export async function checkExportsMatchTypes(dir, repoTools) {
  const ts = createRequire(join(repoTools, "x"))("typescript");
  const esbuild = createRequire(join(repoTools, "x"))("esbuild");
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const problems = [];

  const typeFiles = new Set(ENTRY_SUBPATHS.flatMap((s) => Object.values(pkg.exports[s]).map((c) => join(dir, c.types))));
  const program = ts.createProgram([...typeFiles], { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  /** { values, types } exported by a .d.ts. */
  const typeExports = (file) => {
    const symbol = checker.getSymbolAtLocation(program.getSourceFile(file));
    const values = [];
    const types = [];
    for (const exported of checker.getExportsOfModule(symbol)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      (target.flags & ts.SymbolFlags.Value ? values : types).push(exported.name);
    }
    return { values: values.sort(), types: types.sort() };
  };
  const moduleExports = async (file) => {
    const { metafile } = await esbuild.build({
      entryPoints: [file],
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "neutral",
      outdir: "out",
      loader: { ".wasm": "file" },
      logLevel: "silent",
    });
    return Object.values(metafile.outputs).find((o) => o.entryPoint).exports.sort();
  };

  const full = typeExports(join(dir, pkg.exports["."].default.types));
  const browser = typeExports(join(dir, pkg.exports["."].browser.types));
  const expected = { values: full.values.filter((n) => !SERVER_ONLY.includes(n)), types: full.types.filter((n) => !SERVER_ONLY.includes(n)) };
  if (JSON.stringify(browser) !== JSON.stringify(expected)) {
    problems.push(`browser.d.ts exports ${JSON.stringify(browser)}, not index.d.ts without ${SERVER_ONLY}: ${JSON.stringify(expected)}`);
  }
  for (const subpath of ENTRY_SUBPATHS) {
    for (const [condition, { types, default: file }] of Object.entries(pkg.exports[subpath])) {
      const declared = typeExports(join(dir, types)).values;
      const stubs = subpath === "." && condition === "browser" ? STUBBED : [];
      const wanted = [...declared, ...stubs].sort();
      const actual = await moduleExports(join(dir, file));
      if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
        problems.push(`exports["${subpath}"].${condition}: ${file} exports ${JSON.stringify(actual)} but its types (${types}) declare ${JSON.stringify(wanted)}`);
      }
    }
  }
  return problems;
}
