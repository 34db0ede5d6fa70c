// For the edge overhead's breakdown: the same route forwarded to the sandbox
// without the package (what workerd and a fetch to 127.0.0.1 cost by
// themselves), and "/empty" answered at once (what workerd costs by itself).
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/empty") return new Response('{"ok":true}', { status: 201, headers: { "content-type": "application/json" } });
    const upstream = await fetch(`${env.UPSTREAM_BASE_URL}${url.pathname.replace(/^\/heymilo/, "")}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": env.HEYMILO_API_KEY },
      body: await request.arrayBuffer(),
    });
    return new Response(upstream.body, { status: upstream.status, headers: upstream.headers });
  },
};
