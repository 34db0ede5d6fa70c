// heymilo-ingest/edge in every runtime: the vectors, the handler in front of
// a canned upstream (an injected fetch: no network), and the memory rate
// limiter, as plain JSON.
import { runVectors } from "./vectors/probe.mjs";

export async function probeEdge(api) {
  const sent = [];
  const upstream = async (url, init) => {
    sent.push({ url, headers: init.headers, body: init.body });
    const receipt = { object: "candidate", interview_id: "0123456789ABCDEF", interview_url: "https://x.invalid/i/0123456789ABCDEF", posting_id: "p1" };
    return new Response(JSON.stringify({ data: { ...receipt, candidate: null } }), {
      status: 201,
      headers: { "content-type": "application/json", "x-request-id": "req_1" },
    });
  };
  const config = { apiKey: "sk_packaging", postings: ["p1"], baseUrl: "https://upstream.invalid", fetch: upstream };
  const limiter = api.createMemoryRateLimiter({ limit: 1, periodSeconds: 60 });
  const limited = [(await limiter.limit({ key: "a" })).success, (await limiter.limit({ key: "a" })).success, (await limiter.limit({ key: "b" })).success];
  const post = async (body) => {
    const request = new Request("https://edge.invalid/heymilo/api/v2/postings/p1/candidates", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    const response = await api.handleIngestRequest(request, config);
    return [response.status, [...response.headers], await response.text()];
  };
  const answers = [await post(JSON.stringify({ name: " Ada ", email: "ada@EXAMPLE.com" })), await post(JSON.stringify({ name: "", email: "x" }))];
  return { vectors: runVectors(api), answers, sent, limited };
}
