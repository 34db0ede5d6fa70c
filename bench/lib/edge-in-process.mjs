// The edge path without a network, shared by edge.mjs (its cost per request)
// and profile.mjs (where that cost goes): handleIngestRequest with a canned
// upstream answer, and a bare forwarding function with the same answer.
const candidate = JSON.stringify({ name: "Ada Lovelace", email: "ada@example.com", phone_number: "+44 20 7946 0958" });
const answer = JSON.stringify({ data: { object: "candidate", interview_id: "0123456789ABCDEF", interview_url: "https://x.test/i/0123456789ABCDEF", posting_id: "p1" } });

/** name → async () => status, for the handler given and a bare forward. */
export function edgeWays(handleIngestRequest) {
  const upstream = async () => new Response(answer, { status: 201, headers: { "content-type": "application/json", "x-request-id": "req_1" } });
  // keyBudget: false: the bench measures the handler, not the key's budget.
  const config = { apiKey: "sk_bench", postings: ["p1"], allowedOrigins: ["https://careers.example.com"], baseUrl: "https://upstream.test", fetch: upstream, keyBudget: false };
  const request = () =>
    new Request("https://edge.test/heymilo/api/v2/postings/p1/candidates", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://careers.example.com" },
      body: candidate,
    });
  return {
    handleIngestRequest: async () => (await handleIngestRequest(request(), config)).status,
    "bare forward": async () => {
      const req = request();
      const res = await upstream("https://upstream.test/api/v2/postings/p1/candidates", { method: "POST", headers: { "content-type": "application/json", "x-api-key": "sk_bench" }, body: await req.arrayBuffer() });
      return new Response(res.body, { status: res.status, headers: res.headers }).status;
    },
  };
}
