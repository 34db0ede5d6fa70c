// serveSandbox(): the sandbox as a real HTTP server on 127.0.0.1 (Node).
// A "drop" fault destroys the socket, so clients see a genuine lost connection.
import { createServer } from "node:http";
import { createSandbox } from "heymilo-ingest";

/**
 * @param {{ port?: number, host?: string } & Parameters<typeof createSandbox>[0]} [options]
 * @returns {Promise<{ url: string, sandbox: ReturnType<typeof createSandbox>, close(): Promise<void> }>}
 */
export async function serveSandbox(options = {}) {
  const { port = 0, host = "127.0.0.1", ...sandboxOptions } = options;
  const sandbox = createSandbox(sandboxOptions);
  const server = createServer(async (req, res) => {
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(`http://${host}${req.url}`, { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined });
      const result = await sandbox.answer(request);
      if (result.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, result.delayMs));
      if (result.drop) return req.socket.destroy();
      res.writeHead(result.status, result.headers.flat());
      res.end(Buffer.from(result.body));
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "api_error", code: "sandbox_failure", message: String(error) } }));
    }
  });
  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  const address = server.address();
  return {
    url: `http://${host}:${address.port}`,
    sandbox,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
