// Cold start in workerd of heymilo-ingest/edge (validation + edge handler, no
// client or sandbox): imported at start-up, the first request runs the first
// validateCandidate.
import { validateCandidate } from "heymilo-ingest/edge";

const ada = { name: "Ada Lovelace", email: "ada@example.com", phone_number: "+44 20 7946 0958" };

export default {
  fetch: () => new Response(validateCandidate(ada).ok ? "ok" : "invalid"),
};
