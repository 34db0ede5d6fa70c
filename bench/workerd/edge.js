// The edge worker of README's "In a Cloudflare Worker", with the upstream
// configurable so the benchmark can point it at the sandbox on 127.0.0.1.
import { handleIngestRequest } from "heymilo-ingest/edge";

export default {
  fetch: (req, env) =>
    handleIngestRequest(req, {
      apiKey: env.HEYMILO_API_KEY,
      postings: [env.HEYMILO_POSTING_ID],
      allowedOrigins: ["https://careers.example.com"],
      baseUrl: env.UPSTREAM_BASE_URL,
      // The benchmark's load is the point: not limited by the key's budget.
      keyBudget: false,
    }),
};
