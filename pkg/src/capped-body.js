// Reading a body under a byte limit: the edge's incoming request, and every
// upstream answer (HeyMilo's, siteverify's) for the client and the edge. The
// one reader of the package: a huge or endless body is never buffered whole,
// and past the limit the stream is cancelled, which closes the connection
// (the other side sees it go).

/**
 * The body of `message` (a Request or a Response) as bytes, or null when it
 * is longer than `limit` bytes. A declared Content-Length over the limit is
 * refused unread; one within it is read in one `arrayBuffer()` (HTTP framing
 * holds the body to it, and a message built in-process with a false one
 * still gets the length check after reading). Without one (chunked), chunk
 * by chunk.
 */
export async function readCapped(message, limit) {
  const body = message.body;
  if (body === null) return new Uint8Array(0);
  const declared = message.headers?.get?.("content-length");
  if (declared != null && Number(declared) > limit) {
    await body?.cancel?.().catch(() => {});
    return null;
  }
  // With a declared length, or from an injected fetch whose Response-like
  // object has no stream: at once, then checked.
  if (declared != null || typeof body?.getReader !== "function") {
    const whole = new Uint8Array(await message.arrayBuffer());
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
