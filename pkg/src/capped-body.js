// Reading an upstream answer's body under a byte limit, for the client and
// the edge handler alike: chunk by chunk, so a huge or endless answer is
// never buffered whole; past the limit the stream is cancelled, which closes
// the connection (the server sees it go).

/**
 * The body of `response` as bytes, or null when it is longer than `limit`
 * bytes (a declared Content-Length over the limit is refused unread).
 */
export async function readCapped(response, limit) {
  const body = response.body;
  if (body === null) return new Uint8Array(0);
  const declared = Number(response.headers?.get?.("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await body?.cancel?.().catch(() => {});
    return null;
  }
  if (typeof body?.getReader !== "function") {
    // A Response-like object from an injected fetch without a stream.
    const whole = new Uint8Array(await response.arrayBuffer());
    return whole.byteLength > limit ? null : whole;
  }
  const reader = body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
