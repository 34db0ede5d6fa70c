// A built app's static files on 127.0.0.1, as any static host would serve
// them, plus `/heymilo/…` answered by the installed package's edge handler in
// front of the suite's sandbox: the endpoint the README's form submits to.
import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".map": "application/json",
  ".wasm": "application/wasm",
};

/** Serves `root`; `edge(request, origin)` answers `/heymilo/…`. Resolves to { url, close }. */
export async function serveStatic(root, edge) {
  const server = createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url, "http://x");
      if (pathname.startsWith("/heymilo/")) return await relay(req, res, edge);
      let file = normalize(join(root, decodeURIComponent(pathname)));
      if (!file.startsWith(root)) return res.writeHead(403).end();
      if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch (error) {
      res.writeHead(error.code === "ENOENT" ? 404 : 500).end(String(error.code ?? error));
    }
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, close: () => new Promise((done) => server.close(done)) };
}

async function relay(req, res, edge) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined });
  const response = await edge(request);
  res.writeHead(response.status, [...response.headers].flat());
  res.end(Buffer.from(await response.arrayBuffer()));
}
