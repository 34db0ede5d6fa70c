// The server entries carry their wasm inside the JS as base64
// (pkg/dist/embedded/, written by scripts/build-pkg.sh), so they read no file:
// no Deno permission, and nothing for a server bundler (Next.js, an esbuild
// Lambda bundle) to trace or copy.

/** The bytes of a base64 string, with the fastest decoder the runtime has. */
export function bytesOfBase64(text) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
  if (typeof Buffer === "function") return Buffer.from(text, "base64");
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
