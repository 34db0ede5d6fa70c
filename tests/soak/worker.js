// The soak's edge: handleIngestRequest in workerd, forwarding to the sandbox
// that tests/soak/soak.mjs serves on 127.0.0.1, and keeping a ledger of what
// it answered for each logical call (by the soak_id in the candidate's
// metadata): GET /__ledger reports it.
import { handleIngestRequest } from "heymilo-ingest";

// soak_id → statuses answered, one per attempt ("threw" if the handler threw).
const answers = new Map();
let unattributed = 0;
let inFlight = 0;

function record(id, outcome) {
  if (id === null) {
    unattributed++;
    return;
  }
  const list = answers.get(id);
  if (list) list.push(outcome);
  else answers.set(id, [outcome]);
}

async function soakIdOf(request) {
  try {
    const body = await request.clone().json();
    // A bulk row's soak_id is the call's with "#row" appended.
    const id = body?.metadata?.soak_id ?? body?.data?.[0]?.metadata?.soak_id;
    return typeof id === "string" ? id.replace(/#\d+$/, "") : null;
  } catch {
    return null;
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/__ledger") {
      return Response.json({ answers: Object.fromEntries(answers), unattributed, inFlight });
    }
    const id = await soakIdOf(request);
    inFlight++;
    const answered = handleIngestRequest(request, {
      apiKey: env.HEYMILO_API_KEY,
      postings: [env.POSTING_ID],
      baseUrl: env.UPSTREAM_URL,
      timeoutMs: Number(env.EDGE_TIMEOUT_MS),
      // The soak drives every route, async and bulk-async included, and its
      // load is the point: the sandbox's own 300/min limit and faults are what
      // it measures, not the edge's budget.
      bulk: true,
      async: true,
      keyBudget: false,
    }).then(
      (response) => {
        record(id, response.status);
        return response;
      },
      (error) => {
        record(id, "threw");
        throw error;
      },
    );
    const settled = answered.then(() => {}, () => {}).finally(() => inFlight--);
    // The answer is recorded even when the client has gone (timed out).
    ctx.waitUntil(settled);
    return answered;
  },
};
